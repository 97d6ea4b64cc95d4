package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"intkb/bench/corpus"
)

func TestSearchAPIHandler(t *testing.T) {
	_, _, idx := demoSite(t)
	h := SearchAPIHandler(idx, "/icb/")
	get := func(query string) (int, map[string]any) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?"+query, nil))
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%s: not JSON: %v: %s", query, err, rec.Body.String())
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: Content-Type %q", query, ct)
		}
		return rec.Code, body
	}
	code, body := get("q=frailty+care+homes&type=case-study&size=5")
	if code != 200 {
		t.Fatalf("status %d", code)
	}
	for _, k := range []string{"query", "total", "took_ms", "hits", "facets"} {
		if _, ok := body[k]; !ok {
			t.Errorf("response lacks %q", k)
		}
	}
	hits := body["hits"].([]any)
	hit := hits[0].(map[string]any)
	for _, k := range []string{"url", "title", "type", "area", "section", "snippet", "score"} {
		if _, ok := hit[k]; !ok && k != "section" {
			t.Errorf("hit lacks %q", k)
		}
	}
	if !strings.HasPrefix(hit["url"].(string), "/icb/case-studies/") {
		t.Errorf("hit URL %q lacks the base path", hit["url"])
	}
	facets := body["facets"].(map[string]any)
	for _, k := range []string{"type", "area", "cohort", "tag", "integration_level"} {
		if _, ok := facets[k]; !ok {
			t.Errorf("facets lack %q", k)
		}
	}
	for _, bad := range []string{"q=" + strings.Repeat("x", 600), "q=x&size=101", "q=x&page=-2", "q=x&page=%ff", "q=x&size=-1",
		"q=care&page=4611686018427387905&size=2", "q=care&page=9223372036854775807", "q=care&page=10001"} {
		if code, body := get(bad); code != 400 || body["error"] == "" {
			t.Errorf("%.40s: %d %v", bad, code, body)
		}
	}
	if code, body := get("q="); code != 200 || body["total"].(float64) != 0 {
		t.Errorf("empty query: %d %v", code, body)
	}
}

func TestSearchPageHandler(t *testing.T) {
	_, built, idx := demoSite(t)
	h := SearchPageHandler(idx, built.Site)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/search/?q=frailty&type=case-study", nil))
	body := rec.Body.String()
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	for _, want := range []string{
		`<a href="/case-studies/saltmere-frailty-home-first/`,
		`<mark>frailty</mark>`,
		`Remove filter: </span>Case study`,
		`name="type" value="case-study"`,
		`href="/search/?area=saltmere&amp;q=frailty&amp;type=case-study"`,
		`<span class="search-filters__chosen">1 chosen: Case study</span></summary>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("search page lacks %s", want)
		}
	}
	// The filters follow the count, closed, so that on a phone the
	// results come first.
	if count, filters := strings.Index(body, `id="results-title"`), strings.Index(body, `<details class="search-filters">`); count < 0 || filters < count {
		t.Errorf("the filters (at %d) are not a closed details after the count (at %d)", filters, count)
	}
	// Chosen by an alias, or left empty: the summary names what the
	// search applied.
	for query, want := range map[string]string{
		"q=frailty&level=unity_of_effort&tag=": "1 chosen: Unity of effort",
		"q=frailty&tag=":                       "",
	} {
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/search/?"+query, nil))
		got := regexp.MustCompile(`search-filters__chosen">([^<]*)<`).FindStringSubmatch(rec.Body.String())
		if got == nil {
			got = []string{"", ""}
		}
		if clear := strings.Contains(rec.Body.String(), "Clear all filters"); got[1] != want || clear != (want != "") {
			t.Errorf("%s: the summary says %q, want %q; Clear all filters shown: %v", query, got[1], want, clear)
		}
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/search/?q="+strings.Repeat("x", 600), nil))
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "There is a problem") {
		t.Errorf("an over-long query: %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/search/?q=care&page=4611686018427387905&size=2", nil))
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "page 4611686018427387905 is out of range") {
		t.Errorf("a page past the last that can be asked for: %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/search/?q=%3Cscript%3Ealert(1)%3C/script%3E", nil))
	if strings.Contains(rec.Body.String(), "<script>alert") {
		t.Error("the query is echoed unescaped")
	}
}

// discardWriter is a ResponseWriter that keeps nothing, so that a
// benchmark of a handler counts only the handler's allocations.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

// BenchmarkSearchAPIHandlerCached answers the benchmark queries through the API
// handler once they are cached, as a busy server mostly does.
func BenchmarkSearchAPIHandlerCached(b *testing.B) {
	_, _, idx := demoSite(b)
	h := SearchAPIHandler(idx, "/")
	reqs := make([]*http.Request, len(corpus.Queries))
	for i, q := range corpus.Queries {
		reqs[i] = httptest.NewRequest("GET", "/api/search?q="+url.QueryEscape(q), nil)
		h.ServeHTTP(&discardWriter{h: http.Header{}}, reqs[i])
	}
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		clear(w.h)
		h.ServeHTTP(w, reqs[i%len(reqs)])
	}
}
