package search

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"intkb/search/static"
)

// TestEncodeJSON checks the API's encoding of a response: with took_ms
// between its two parts it is the response as encoding/json writes it,
// with the base path before each hit's URL, and it is kept for the next
// request with the same base path.
func TestEncodeJSON(t *testing.T) {
	res := &Response{
		Query: `care <homes> & "more"`, Total: 12, Page: 2, Size: 1,
		Hits:   []Hit{{URL: "case-studies/a/#s", Title: "A & B", Type: "case-study", Snippet: "<mark>care</mark>", Score: 1.5}},
		Facets: map[string]map[string]int{"type": {"case-study": 1}, "tag": {}},
	}
	encode := func(basePath string, took time.Duration) []byte {
		t.Helper()
		head, tail, err := res.EncodeJSON(basePath)
		if err != nil {
			t.Fatal(err)
		}
		return append(AppendTookMS(append([]byte(nil), head...), took), tail...)
	}
	got := encode("/icb/", 1234567*time.Nanosecond)
	if strings.Contains(string(got), `\u003c`) || !strings.HasSuffix(string(got), "}\n") {
		t.Errorf("escaped for HTML, or not ended by a newline: %s", got)
	}
	hit := res.Hits[0]
	hit.URL = "/icb/" + hit.URL
	want := &Response{Query: res.Query, Total: res.Total, TookMS: 1.23, Page: res.Page, Size: res.Size, Hits: []Hit{hit}, Facets: res.Facets}
	var a, b any
	wantJSON, _ := json.Marshal(want)
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatalf("not JSON: %v: %s", err, got)
	}
	json.Unmarshal(wantJSON, &b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("encoded as\n%s\nwant\n%s", got, wantJSON)
	}
	if res.Hits[0].URL != "case-studies/a/#s" {
		t.Errorf("encoding changed the shared response's hit URL to %q", res.Hits[0].URL)
	}
	h1, _, _ := res.EncodeJSON("/icb/")
	h2, _, _ := res.EncodeJSON("/icb/")
	if &h1[0] != &h2[0] {
		t.Error("the encoding was not kept for the same base path")
	}
	if other := encode("/", 0); !strings.Contains(string(other), `"url":"/case-studies/a/#s"`) {
		t.Errorf("another base path: %s", other)
	}
}

// TestAppendFacetsAsEncodingJSON checks appendFacets, byte for byte,
// against encoding/json with HTML left as it is (and
// static.AppendJSONString, which it quotes with, with HTML escaped too): keys in order, and
// strings quoted alike, with control characters, quotes, backslashes,
// HTML, line and paragraph separators, text beyond ASCII and bytes that
// are not UTF-8.
func TestAppendFacetsAsEncodingJSON(t *testing.T) {
	odd := []string{"", "a", "<b>&amp;", `"q" \ /`, "\x00\x01\x1f\x7f", "\b\f\n\r\t", "a\u2028b\u2029c",
		"café 日本", "\xff\xfe", "a\xc3", "😀 x", "tag-\u00a0nbsp", "z", "Z", "10", "9"}
	cases := []map[string]map[string]int{
		nil,
		{},
		{"type": nil, "tag": {}},
		{"type": {"case-study": 3, "playbook": 12}, "area": {"saltmere": 1}},
	}
	big := map[string]map[string]int{}
	for i, k := range odd {
		m := map[string]int{}
		for j, v := range odd {
			m[v] = i*100 - j
		}
		big[k] = m
	}
	cases = append(cases, big)
	// The static index quotes its strings with HTML escaped, as
	// encoding/json does by default.
	for _, v := range odd {
		want, _ := json.Marshal(v)
		if got := static.AppendJSONString(nil, v, true); string(got) != string(want) {
			t.Errorf("%q with HTML escaped: %s, encoding/json %s", v, got, want)
		}
	}
	for _, facets := range cases {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(facets); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(buf.String(), "\n")
		if got := string(appendFacets(nil, facets)); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	}
}

// TestSortedFacetsAsMap checks that a search's facets, in the order the
// facet table holds them, encode as the map of them does (appendFacets,
// held to encoding/json above), over the agreement queries on the demo
// site and a generated site of 1,000 pages.
func TestSortedFacetsAsMap(t *testing.T) {
	demo, _ := demoIndex(t)
	gen := generatedIndex(t)
	for _, idx := range []*Index{demo, gen} {
		if !idx.base.facets.tables[idx.base.reader].ordered {
			t.Fatal("the facet table's values are not in order")
		}
		for _, r := range agreementQueries {
			if r.Page == 0 {
				r.Page, r.Size = 1, DefaultSize
			}
			res, err := idx.search(r, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if res.sorted == nil {
				if res.Total > 0 {
					t.Errorf("%q: %d hits, and no facets in order", r.Query, res.Total)
				}
				continue
			}
			if got, want := string(appendSortedFacets(nil, res.sorted)), string(appendFacets(nil, res.Facets)); got != want {
				t.Errorf("%q: facets in order encode as\n%s\nthe map as\n%s", r.Query, got, want)
			}
		}
	}
}
