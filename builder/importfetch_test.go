package builder

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"intkb/builder/compare"
)

// source is another site's blueprints.json on a test server whose answer
// a test changes between builds.
type source struct {
	mu      sync.Mutex
	data    string // the body it gives
	etag    string // its ETag; "" sends none
	mode    string // "" answers; "down" 503; "slow" waits; "invalid" gives what is not JSON; "gone" drops the connection
	asked   []http.Header
	answers []int
}

func (s *source) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	mode, data, etag := s.mode, s.data, s.etag
	s.asked = append(s.asked, r.Header.Clone())
	s.mu.Unlock()
	code := http.StatusOK
	switch {
	case mode == "down":
		code = http.StatusServiceUnavailable
		w.WriteHeader(code)
	case mode == "slow":
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	case mode == "invalid":
		w.Write([]byte("<html>Site under maintenance</html>"))
	case mode == "gone":
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	case etag != "" && r.Header.Get("If-None-Match") == etag:
		code = http.StatusNotModified
		w.WriteHeader(code)
	default:
		if etag != "" {
			w.Header().Set("ETag", etag)
		}
		w.Header().Set("Last-Modified", "Tue, 01 Dec 2026 09:00:00 GMT")
		w.Write([]byte(data))
	}
	s.mu.Lock()
	s.answers = append(s.answers, code)
	s.mu.Unlock()
}

// last returns the headers of the last request and the status answered.
func (s *source) last() (http.Header, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.asked[len(s.asked)-1], s.answers[len(s.answers)-1]
}

func (s *source) set(mode string) {
	s.mu.Lock()
	s.mode = mode
	s.mu.Unlock()
}

// ageCopy makes the kept copy of url as old as age.
func ageCopy(t *testing.T, stateDir, url string, age time.Duration) {
	t.Helper()
	c := newImportCache(stateDir)
	cp := c.load(url)
	if cp == nil {
		t.Fatal("the first build kept no copy of", url)
	}
	cp.FetchedAt = time.Now().UTC().Add(-age)
	if err := c.store(cp); err != nil {
		t.Fatal(err)
	}
}

// treesColumns counts the imported areas of "trees" on a compare page.
func treesColumns(page string) int {
	return len(regexp.MustCompile(`data-col="trees/[^"]+" class="compare-matrix__area"`).FindAllString(page, -1))
}

func TestImportKeepsTheLastGoodCopy(t *testing.T) {
	for _, tt := range []struct{ mode, why string }{
		{"down", "the server answered 503 Service Unavailable"},
		{"slow", "no answer within 300ms"},
		{"invalid", "not valid JSON"},
		{"gone", "cannot fetch"},
	} {
		t.Run(tt.mode, func(t *testing.T) {
			src := &source{data: otherSiteData(t), etag: `"v1"`}
			srv := httptest.NewServer(src)
			defer srv.Close()
			url := srv.URL + "/data/blueprints.json"
			site := importingSite("[[import]]\nname = \"trees\"\nsource = \""+url+"\"\n", "")
			state := t.TempDir()
			if _, _, err := buildImporting(t, site, Options{StateDir: state, Strict: true}); err != nil {
				t.Fatal(err)
			}
			opts := Options{StateDir: state, HTTPClient: &http.Client{Timeout: 300 * time.Millisecond}, Strict: true}
			ageCopy(t, state, url, 3*24*time.Hour+time.Hour)
			src.set(tt.mode)
			res, dest, err := buildImporting(t, site, opts)
			if err != nil {
				t.Fatalf("with Strict, a copy 3 days old (within the default maxAge) failed the build: %v", err)
			}
			day := time.Now().UTC().Add(-3*24*time.Hour - time.Hour).Format(time.DateOnly)
			if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0], `site.toml:9: import "trees": `) ||
				!strings.Contains(res.Warnings[0], tt.why) || !strings.HasSuffix(res.Warnings[0], ": using the copy from "+day+" (3 days old)") {
				t.Errorf("warnings %q, want one naming the import, %q and the copy's day and age", res.Warnings, tt.why)
			}
			page := readOut(t, dest, "compare/index.html")
			if n := treesColumns(page); n != 3 {
				t.Errorf("%d areas of the kept copy are compared, want 3", n)
			}
			if !strings.Contains(page, `<span class="compare-stale">Kept copy, 3 days old: the site could not be read</span>`) || !strings.Contains(page, "<strong>kept copy</strong> fetched") {
				t.Error("the compare page does not mark the kept copy with its age")
			}
			var served strings.Builder
			if err := res.Site.RenderCompare(&served, compare.Query{Areas: []string{"saltmere", "trees/alder"}}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(served.String(), `<span class="compare-stale">Kept copy, 3 days old: the site could not be read</span>`) {
				t.Error("the served compare page does not mark the kept copy with its age")
			}
			for _, c := range res.Site.Compare(compare.Query{Areas: []string{"trees/alder"}}).Columns {
				if p := c.Provenance; p == nil || !p.Stale || time.Since(p.FetchedAt) < 3*24*time.Hour {
					t.Errorf("%s: provenance %+v, want Stale and fetched 3 days ago", c.Key, p)
				}
			}
			// A filter-first /compare/ shows no column to mark: its list of
			// sources says which come from kept copies.
			scaled := importingSite("[[import]]\nname = \"trees\"\nsource = \""+url+"\"\n[compare]\nmaxColumns = 2\n", "")
			_, dest, err = buildImporting(t, scaled, opts)
			if err != nil {
				t.Fatal(err)
			}
			if page := readOut(t, dest, "compare/index.html"); !strings.Contains(page, "data-compare-scale") && !strings.Contains(page, "compare-scale.js") ||
				!strings.Contains(page, "trees: <strong>kept copy</strong> fetched") {
				t.Error("the filter-first compare page does not say that trees is a kept copy")
			}
		})
	}
}

func TestImportStrictFailsWithoutAGoodEnoughCopy(t *testing.T) {
	src := &source{data: otherSiteData(t), etag: `"v1"`}
	srv := httptest.NewServer(src)
	defer srv.Close()
	url := srv.URL + "/data/blueprints.json"
	for _, tt := range []struct {
		name, toml string
		age        time.Duration // of the kept copy; 0 keeps none
		fails      bool
		warning    string
	}{
		{"never fetched", "", 0, true, "the server answered 503"},
		{"within the default maxAge", "", 6 * 24 * time.Hour, false, "(6 days old)"},
		{"older than the default maxAge", "", 8 * 24 * time.Hour, true, "(8 days old), older than its maxAge of 7d, so --strict fails until it is fetched again"},
		{"within its own maxAge", "maxAge = \"10d\"\n", 8 * 24 * time.Hour, false, "(8 days old)"},
		{"older than [imports] maxAge", "[imports]\nmaxAge = \"36h\"\n", 2 * 24 * time.Hour, true, "older than its maxAge of 36h"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			imp := "[[import]]\nname = \"trees\"\nsource = \"" + url + "\"\n"
			if strings.HasPrefix(tt.toml, "[imports]") {
				imp = tt.toml + imp
			} else {
				imp += tt.toml
			}
			site := importingSite(imp, "")
			state := t.TempDir()
			if tt.age > 0 {
				src.set("")
				if _, _, err := buildImporting(t, site, Options{StateDir: state}); err != nil {
					t.Fatal(err)
				}
				ageCopy(t, state, url, tt.age+time.Hour)
			}
			src.set("down")
			res, _, err := buildImporting(t, site, Options{StateDir: state, Strict: true})
			if tt.fails {
				if err == nil || !strings.Contains(err.Error(), tt.warning) {
					t.Errorf("with Strict, the build did not fail saying %q: %v", tt.warning, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("with Strict, the build failed: %v", err)
			}
			if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], tt.warning) {
				t.Errorf("warnings %q, want one with %q", res.Warnings, tt.warning)
			}
		})
	}
}

func TestImportAsksOnlyForWhatChanged(t *testing.T) {
	data := otherSiteData(t)
	src := &source{data: data, etag: `"v1"`}
	srv := httptest.NewServer(src)
	defer srv.Close()
	url := srv.URL + "/data/blueprints.json"
	site := importingSite("[[import]]\nname = \"trees\"\nsource = \""+url+"\"\n", "")
	state := t.TempDir()
	opts := Options{StateDir: state, Strict: true}
	if _, _, err := buildImporting(t, site, opts); err != nil {
		t.Fatal(err)
	}
	if h, code := src.last(); code != 200 || h.Get("If-None-Match") != "" {
		t.Fatalf("the first fetch was answered %d with If-None-Match %q", code, h.Get("If-None-Match"))
	}
	first := newImportCache(state).load(url).FetchedAt

	// Unchanged: the server sees the validators and answers 304, and
	// the build compares the kept copy, fetched now.
	res, dest, err := buildImporting(t, site, opts)
	if err != nil {
		t.Fatal(err)
	}
	h, code := src.last()
	if code != http.StatusNotModified || h.Get("If-None-Match") != `"v1"` || h.Get("If-Modified-Since") != "Tue, 01 Dec 2026 09:00:00 GMT" {
		t.Errorf("the second fetch asked with If-None-Match %q and If-Modified-Since %q and was answered %d, want the kept copy's validators and 304",
			h.Get("If-None-Match"), h.Get("If-Modified-Since"), code)
	}
	page := readOut(t, dest, "compare/index.html")
	if n := treesColumns(page); n != 3 || len(res.Warnings) > 0 {
		t.Errorf("after a 304, %d areas are compared with warnings %q, want the kept copy's 3 and none", n, res.Warnings)
	}
	if !regexp.MustCompile(`<li>trees: fetched \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d UTC, generated 22 Nov 2026</li>`).MatchString(page) {
		t.Error("the compare page does not say when the source was fetched and generated")
	}
	for _, c := range res.Site.Compare(compare.Query{Areas: []string{"trees/alder"}}).Columns {
		if p := c.Provenance; p.Stale || !p.FetchedAt.After(first) {
			t.Errorf("after a 304, provenance %+v, want not Stale and fetched after %s", p, first)
		}
	}

	// Changed: the new body is compared and kept.
	src.mu.Lock()
	src.data, src.etag = strings.Replace(data, `"title": "birch model"`, `"title": "birch model, renewed"`, 1), `"v2"`
	src.mu.Unlock()
	if res, _, err = buildImporting(t, site, opts); err != nil {
		t.Fatal(err)
	}
	cols := res.Site.Compare(compare.Query{Areas: []string{"trees/birch"}}).Columns
	if _, code := src.last(); code != 200 || len(cols) != 1 || cols[0].Title != "birch model, renewed" {
		t.Errorf("a changed source was answered %d and its new body not compared", code)
	}
	if cp := newImportCache(state).load(url); cp == nil || cp.ETag != `"v2"` || !strings.Contains(string(cp.body), "renewed") {
		t.Error("the changed body was not kept for the next build")
	}
}

func TestImportIgnoresACorruptCopy(t *testing.T) {
	src := &source{data: otherSiteData(t), etag: `"v1"`}
	srv := httptest.NewServer(src)
	defer srv.Close()
	url := srv.URL + "/data/blueprints.json"
	site := importingSite("[[import]]\nname = \"trees\"\nsource = \""+url+"\"\n", "")
	for _, tt := range []struct {
		name    string
		corrupt func(b []byte) []byte
	}{
		{"a changed byte", func(b []byte) []byte { b[len(b)-20] ^= 1; return b }},
		{"cut short", func(b []byte) []byte { return b[:len(b)/2] }},
		{"no header", func(b []byte) []byte { return b[strings.IndexByte(string(b), '\n')+1:] }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			state := t.TempDir()
			src.set("")
			if _, _, err := buildImporting(t, site, Options{StateDir: state}); err != nil {
				t.Fatal(err)
			}
			file := newImportCache(state).path(url)
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, tt.corrupt(b), 0o644); err != nil {
				t.Fatal(err)
			}
			src.set("down")
			res, dest, err := buildImporting(t, site, Options{StateDir: state})
			if err != nil {
				t.Fatal(err)
			}
			if n := treesColumns(readOut(t, dest, "compare/index.html")); n != 0 || len(res.Warnings) != 1 || strings.Contains(res.Warnings[0], "using the copy") {
				t.Errorf("a corrupt copy was trusted: %d areas, warnings %q", n, res.Warnings)
			}
			src.set("")
			if _, _, err := buildImporting(t, site, Options{StateDir: state}); err != nil {
				t.Fatal(err)
			}
			if h, code := src.last(); code != 200 || h.Get("If-None-Match") != "" {
				t.Errorf("with a corrupt copy, the source was asked conditionally (If-None-Match %q, answered %d)", h.Get("If-None-Match"), code)
			}
			if newImportCache(state).load(url) == nil {
				t.Error("the corrupt copy was not replaced by a good one")
			}
		})
	}
}

func TestImportFetchesABoundedNumberAtOnce(t *testing.T) {
	data := otherSiteData(t)
	var now, most atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := now.Add(1)
		defer now.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(40 * time.Millisecond)
		// Each source's areas are at its own addresses, so none is the
		// same as another's.
		w.Write([]byte(strings.ReplaceAll(data, "https://example.org/", "https://example.org"+r.URL.Path+"/")))
	}))
	defer srv.Close()
	for _, tt := range []struct {
		setting string
		want    int32
	}{{"", 8}, {"concurrency = 3\n", 3}} {
		t.Run(fmt.Sprint(tt.want), func(t *testing.T) {
			most.Store(0)
			list := "name,source\n"
			for i := range 20 {
				list += fmt.Sprintf("s%02d,%s/s%02d\n", i, srv.URL, i)
			}
			site := importingSite("[imports]\nlist = \"sources.csv\"\nmaxAreas = 100\n"+tt.setting, "-- sources.csv --\n"+list)
			res, _, err := buildImporting(t, site, Options{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			if got := len(res.Site.state().snap.compareAreas); got != 1+20*3 {
				t.Errorf("%d areas compared, want 61", got)
			}
			if m := most.Load(); m > tt.want || m < 2 {
				t.Errorf("at most %d fetches at once, want from 2 to %d", m, tt.want)
			}
		})
	}
}
