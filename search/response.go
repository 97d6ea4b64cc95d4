package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
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
	rest, err := encode(struct {
		Page   int                       `json:"page"`
		Size   int                       `json:"size"`
		Hits   []Hit                     `json:"hits"`
		Facets map[string]map[string]int `json:"facets"`
	}{res.Page, res.Size, hits, res.Facets})
	if err != nil {
		return nil, nil, err
	}
	e := &encodedResponse{basePath: basePath}
	e.head = fmt.Appendf(nil, `{"query":%s,"total":%d,"took_ms":`, q, res.Total)
	e.tail = append(append([]byte{','}, rest[1:]...), '\n')
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
