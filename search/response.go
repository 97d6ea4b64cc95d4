package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"intkb/builder"
	"intkb/search/static"
)

// encodedResponse is a response as the API sends it, but for took_ms,
// which is written between head and tail.
type encodedResponse struct {
	basePath   string
	head, tail []byte
}

// EncodeJSON returns res as JSON, as the search API sends it, with
// basePath before hit URLs, in two parts: the response's took_ms goes
// between head and tail (see AppendTookMS), so that a response served
// again from the cache says how long this request took. Responses are
// cached and shared, so the encoding is kept with the response, for the
// next request that gets it; callers must not change head or tail.
func (res *Response) EncodeJSON(basePath string) (head, tail []byte, err error) {
	if e := res.json.Load(); e != nil && e.basePath == basePath {
		return e.head, e.tail, nil
	}
	encode := func(v any) ([]byte, error) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		err := enc.Encode(v)
		return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), err
	}
	q, err := encode(res.Query)
	if err != nil {
		return nil, nil, err
	}
	hits := make([]Hit, len(res.Hits))
	for i, h := range res.Hits {
		h.URL = h.Link(basePath)
		hits[i] = h
	}
	h, err := encode(hits)
	if err != nil {
		return nil, nil, err
	}
	e := &encodedResponse{basePath: basePath}
	e.head = fmt.Appendf(nil, `{"query":%s,"total":%d,"took_ms":`, q, res.Total)
	rest := fmt.Appendf(nil, `,"page":%d,"size":%d,"hits":%s,"facets":`, res.Page, res.Size, h)
	if res.sorted != nil {
		e.tail = append(appendSortedFacets(rest, res.sorted), '}', '\n')
	} else {
		e.tail = append(appendFacets(rest, res.Facets), '}', '\n')
	}
	res.json.Store(e)
	return e.head, e.tail, nil
}

// Link returns the hit's address with basePath before it, or as it is
// when it is absolute: an imported blueprint's page on its own site.
func (h *Hit) Link(basePath string) string {
	if strings.HasPrefix(h.URL, "https://") || strings.HasPrefix(h.URL, "http://") {
		return h.URL
	}
	return basePath + h.URL
}

// AppendTookMS appends d to b as a response's took_ms gives it: in
// milliseconds, to the hundredth.
func AppendTookMS(b []byte, d time.Duration) []byte {
	return strconv.AppendFloat(b, ms(d), 'f', -1, 64)
}

// appendSortedFacets appends facets, as facetCounts.sorted gives them, as
// appendFacets appends them as a map: with nothing to sort.
func appendSortedFacets(b []byte, facets [][]facetCount) []byte {
	b = append(b, '{')
	for k, f := range facetsInOrder {
		if k > 0 {
			b = append(b, ',')
		}
		b = static.AppendJSONString(b, builder.Facets[f].Param, false)
		b = append(b, ':', '{')
		for i, c := range facets[k] {
			if i > 0 {
				b = append(b, ',')
			}
			b = static.AppendJSONString(b, c.value, false)
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(c.n), 10)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendFacets appends facets as encoding/json writes them, with HTML
// left as it is: each map's keys in order. Most of a response's values
// are the counts of its filters, and encoding/json reads each map by
// reflection and sorts its keys as strings it makes: a third of the time
// of encoding a response, and 6% of the server's under load.
func appendFacets(b []byte, facets map[string]map[string]int) []byte {
	if facets == nil {
		return append(b, "null"...)
	}
	b = append(b, '{')
	for i, name := range slices.Sorted(maps.Keys(facets)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = static.AppendJSONString(b, name, false)
		counts := facets[name]
		if counts == nil {
			b = append(b, ":null"...)
			continue
		}
		b = append(b, ':', '{')
		for k, v := range slices.Sorted(maps.Keys(counts)) {
			if k > 0 {
				b = append(b, ',')
			}
			b = static.AppendJSONString(b, v, false)
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(counts[v]), 10)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}
