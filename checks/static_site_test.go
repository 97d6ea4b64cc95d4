package checks

// The built site as a reader meets it on plain hosting: served as files
// by an ordinary web server, under a sub-path, where search.js and
// compare.js do what intkb serve does on the server.

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"intkb/builder"
	"intkb/builder/compare"
	"intkb/internal/testenv"
	"intkb/search"
	"intkb/search/static"
)

// prefix is the sub-path the site is published under.
const prefix = "/icb/north/"

// servedDemo builds the demo site for https://example.org/icb/north/ and
// serves the output folder under that path, compressed, as plain hosting
// would. It returns the folder and the server's URL.
func servedDemo(t *testing.T) (string, string) {
	t.Helper()
	root, err := os.OpenRoot(repo)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	out := filepath.Join(t.TempDir(), "public")
	_, err = builder.Build(builder.Options{Source: root.FS(), Dest: out, BaseURL: "https://example.org" + prefix, NewIndex: search.NewIndexes})
	if err != nil {
		t.Fatal(err)
	}
	files := http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(out)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, prefix) {
			http.NotFound(w, r)
			return
		}
		gzipped(files).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return out, srv.URL
}

// gzipped compresses responses for clients that accept it.
func gzipped(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
		gz := gzip.NewWriter(w)
		defer gz.Close()
		h.ServeHTTP(gzipWriter{ResponseWriter: w, w: gz}, r)
	})
}

type gzipWriter struct {
	http.ResponseWriter
	w io.Writer
}

func (g gzipWriter) Write(b []byte) (int, error) { return g.w.Write(b) }
func (g gzipWriter) WriteHeader(code int) {
	g.ResponseWriter.Header().Del("Content-Length")
	g.ResponseWriter.WriteHeader(code)
}

var linkPattern = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// TestSiteUnderSubPath checks that every link and asset of every page,
// and every file the search script fetches, resolves when the site is
// served under a sub-path.
func TestSiteUnderSubPath(t *testing.T) {
	out, server := servedDemo(t)
	published, _ := url.Parse("https://example.org" + prefix)
	checked := map[string]bool{}
	pages := 0
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		pages++
		rel, _ := filepath.Rel(out, p)
		pageURL := published.ResolveReference(&url.URL{Path: strings.TrimSuffix(filepath.ToSlash(rel), "index.html")})
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range linkPattern.FindAllSubmatch(data, -1) {
			ref, err := url.Parse(strings.ReplaceAll(string(m[1]), "&amp;", "&"))
			if err != nil {
				t.Errorf("%s: bad link %q", rel, m[1])
				continue
			}
			target := pageURL.ResolveReference(ref)
			if target.Scheme != "https" || target.Host != published.Host || ref.Path == "" && ref.Fragment != "" {
				continue // another site, mail, or a place on the same page
			}
			if !strings.HasPrefix(target.Path, prefix) {
				t.Errorf("%s: link %q leaves %s", rel, m[1], prefix)
				continue
			}
			target.Fragment = ""
			if checked[target.String()] {
				continue
			}
			checked[target.String()] = true
			res, err := http.Get(server + target.RequestURI())
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s: link %q: %s", rel, m[1], res.Status)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 20 || len(checked) < 50 {
		t.Fatalf("checked only %d links on %d pages", len(checked), pages)
	}

	// The script's index fetches, over HTTP, under the prefix.
	node := testenv.LookPath(t, "node")
	cmd := map[string]any{"index": server + prefix + "search/index/", "requests": []map[string]any{
		{"query": "frailty care homes"}, {"query": "pharmasy"}, {"query": `"unity of effort"`},
		{"query": "team", "filters": map[string][]string{"type": {"case-study"}}},
	}}
	var answer struct {
		Responses []struct{ Total int }
		Fetched   []string
	}
	runNode(t, node, []string{"../search/testdata/engine.js", mustAbs(t, "../layouts/static/js/search.js")}, cmd, &answer)
	for i, r := range answer.Responses {
		if r.Total == 0 {
			t.Errorf("query %d found nothing over HTTP", i)
		}
	}
	for _, u := range answer.Fetched {
		if !strings.HasPrefix(u, server+prefix+"search/index/") {
			t.Errorf("the script fetched %s, outside the index", u)
		}
	}
	if len(answer.Fetched) < 5 {
		t.Errorf("the script fetched only %v", answer.Fetched)
	}
}

// TestStaticIndexOnHosts fetches the static index over HTTP from hosts
// that treat its compressed files each their own way, and the search
// page's script must answer alike from all: one that sends them as they
// are, one that sends them with Content-Encoding: gzip (so the client
// decompresses them), one that compresses every response again; and the
// first once more with the script's own inflate, as in a browser without
// DecompressionStream.
func TestStaticIndexOnHosts(t *testing.T) {
	out, _ := servedDemo(t)
	files := http.FileServer(http.Dir(out))
	hosts := map[string]http.Handler{
		"as they are": files,
		"as Content-Encoding: gzip": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, ".gz") {
				w.Header().Set("Content-Encoding", "gzip")
				w.Header().Set("Content-Type", "application/json")
			}
			files.ServeHTTP(w, r)
		}),
		"compressed again": gzipped(files),
		// A host that takes no ranges answers a range request with the
		// whole file, and the script reads a page's record from that.
		"taking no ranges": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Header.Del("Range")
			files.ServeHTTP(w, r)
		}),
	}
	node := testenv.LookPath(t, "node")
	reqs := []map[string]any{{"query": "frailty care homes"}, {"query": "pharmasy"}, {"query": `"unity of effort"`},
		{"query": "team", "filters": map[string][]string{"type": {"case-study"}}}, {"query": "care h"}}
	var first []any
	for _, name := range []string{"as they are", "as Content-Encoding: gzip", "compressed again", "taking no ranges", "as they are, own inflate"} {
		srv := httptest.NewServer(hosts[strings.TrimSuffix(name, ", own inflate")])
		var answer struct {
			Responses []any
			Fetched   []string
		}
		cmd := map[string]any{"index": srv.URL + "/search/index/", "requests": reqs, "ownInflate": strings.HasSuffix(name, "own inflate")}
		runNode(t, node, []string{"../search/testdata/engine.js", mustAbs(t, "../layouts/static/js/search.js")}, cmd, &answer)
		srv.Close()
		if !slices.ContainsFunc(answer.Fetched, func(u string) bool { return strings.Contains(u, ".json.gz") }) {
			t.Errorf("%s: fetched no compressed file: %v", name, answer.Fetched)
		}
		// The records shown come from the record packs by range requests.
		if !slices.ContainsFunc(answer.Fetched, func(u string) bool {
			return strings.Contains(u, "/search/index/d/0.bin?v=") && strings.Contains(u, "#bytes=")
		}) {
			t.Errorf("%s: read no record by a range request: %v", name, answer.Fetched)
		}
		if first == nil {
			first = answer.Responses
			for i, r := range first {
				if total, _ := r.(map[string]any)["total"].(float64); total == 0 {
					t.Errorf("%s: query %v found nothing", name, reqs[i])
				}
			}
		} else if !reflect.DeepEqual(answer.Responses, first) {
			t.Errorf("%s: answers otherwise than a host that sends the files as they are", name)
		}
	}
}

// TestStaticSearchInBrowser types a query into headless Chromium, sees the
// results, filters them from the keyboard and follows one.
func TestStaticSearchInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium: not with -short")
	}
	node := needBrowser(t)
	out, server := servedDemo(t)
	site := server + prefix
	var got struct {
		Failed, Errors, Results, IndexFetches, HelpOrder     []string
		IndexFetchesBeforeSearch, Marks, NoScriptBrowseLinks int
		SearchURL, Count, Status, Filter, FilteredURL        string
		FilteredCount, FocusAfterToggle, Followed            string
		LandedURL, LandedTitle, NoScriptNotice               string
		TargetExists                                         bool
		NoStream, NoStreamCount                              string
		NoStreamResults                                      []string
		Typed                                                []string
		RecordsAfterTyping                                   []int
	}
	runNode(t, node, []string{"static-search.mjs", chromium, site}, nil, &got)
	if len(got.Failed) > 0 || len(got.Errors) > 0 {
		t.Errorf("failed requests %v, script errors %v", got.Failed, got.Errors)
	}
	if got.IndexFetchesBeforeSearch != 0 {
		t.Errorf("the home page fetched %d index files before any search", got.IndexFetchesBeforeSearch)
	}
	if got.SearchURL != site+"search/?q=frailty+care+homes" {
		t.Errorf("the header search went to %s", got.SearchURL)
	}
	if !strings.HasPrefix(got.Count, "8 pages match") || !strings.Contains(got.Status, "pages match") || got.Marks == 0 {
		t.Errorf("results: %q, announced %q, %d highlights", got.Count, got.Status, got.Marks)
	}
	if len(got.Results) == 0 || !strings.HasPrefix(got.Results[0], prefix+"case-studies/saltmere-frailty-home-first/") {
		t.Errorf("results link to %v", got.Results)
	}
	if !strings.Contains(got.FilteredURL, strings.ReplaceAll(got.Filter, " ", "+")) || got.FilteredCount == got.Count || got.FocusAfterToggle != "true" {
		t.Errorf("filter %s: URL %s, count %q (was %q), focus on a pressed toggle: %q", got.Filter, got.FilteredURL, got.FilteredCount, got.Count, got.FocusAfterToggle)
	}
	if got.LandedURL != server+got.Followed || got.LandedTitle == "" || !got.TargetExists {
		t.Errorf("followed %s, landed on %s (%q), section found: %v", got.Followed, got.LandedURL, got.LandedTitle, got.TargetExists)
	}
	for _, u := range got.IndexFetches {
		if !strings.HasPrefix(u, site+"search/index/") {
			t.Errorf("index fetch outside the site: %s", u)
		}
	}
	checkHelpLast(t, out, got.HelpOrder)
	// As the reader types, no search while the last word is one letter,
	// which stands for the commonest words it begins.
	if want := []string{"", "fr", "fr", "fr", "fr ca"}; !slices.Equal(got.Typed, want) {
		t.Errorf("typing \"fr ca\" a letter at a time searched for %q, want %q", got.Typed, want)
	}
	// Nor are the filters counted while the reader types: the facet
	// records are fetched once, after the typing has stopped for half a
	// second (search.js's TYPING_PAUSE), with a margin for the timers.
	if r := got.RecordsAfterTyping; len(r) != 1 || r[0] < 450 {
		t.Errorf("typing \"virtual mdt\" fetched facet records at %v ms from its last letter, want once, after typing stopped for 500 ms", r)
	}
	if !strings.Contains(got.NoScriptNotice, "not available") || got.NoScriptBrowseLinks == 0 {
		t.Errorf("without JavaScript: %q and %d links to browse", got.NoScriptNotice, got.NoScriptBrowseLinks)
	}
	if got.NoStream != "undefined" || got.NoStreamCount != got.Count || !slices.Equal(got.NoStreamResults, got.Results) {
		t.Errorf("without DecompressionStream (%s): %q, %v; with it: %q, %v", got.NoStream, got.NoStreamCount, got.NoStreamResults, got.Count, got.Results)
	}
}

// checkHelpLast checks that results, the links of a search page's
// results on the site built into out, list help pages (meta.json's help,
// as the index marks them) after every other page, and hold both.
func checkHelpLast(t *testing.T, out string, results []string) {
	t.Helper()
	index := filepath.Join(out, "search", "index")
	var meta struct{ Help []int }
	readJSON(t, filepath.Join(index, "meta.json"), &meta)
	records, err := static.ReadRecords(func(rel string) ([]byte, error) { return os.ReadFile(filepath.Join(index, filepath.FromSlash(rel))) })
	if err != nil {
		t.Fatal(err)
	}
	help := map[string]bool{}
	for _, n := range meta.Help {
		var doc struct{ U string }
		if err := json.Unmarshal(records[n], &doc); err != nil {
			t.Fatal(err)
		}
		help[prefix+doc.U] = true
	}
	content, seen := 0, false
	for _, r := range results {
		u, _, _ := strings.Cut(r, "#")
		switch {
		case help[u]:
			seen = true
		case seen:
			t.Errorf("in the browser, %s comes after a help page: %v", u, results)
			return
		default:
			content++
		}
	}
	if content == 0 || !seen {
		t.Errorf("the results hold no help page or no content, proving nothing: %v (help pages %v)", results, help)
	}
}

func readJSON(t *testing.T, file string, v any) {
	t.Helper()
	if err := json.Unmarshal(readFile(t, file), v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// readFile returns the bytes of a file of the built site, decompressed
// when its name ends in .gz, as the static index's files but meta.json do.
func readFile(t *testing.T, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(file, ".gz") {
		return data
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err == nil {
		data, err = io.ReadAll(zr)
	}
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return data
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// runNode runs node with args, cmd as JSON on standard input when not
// nil, and decodes its JSON answer into out.
func runNode(t *testing.T, node string, args []string, cmd, out any) {
	t.Helper()
	c := exec.Command(node, args...)
	if cmd != nil {
		in, err := json.Marshal(cmd)
		if err != nil {
			t.Fatal(err)
		}
		c.Stdin = bytes.NewReader(in)
	}
	var stderr bytes.Buffer
	c.Stderr = &stderr
	data, err := c.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", args[0], err, stderr.String())
	}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatalf("node %s: %v: %.500s", args[0], err, data)
	}
}

// TestStaticCompareMatchesServer loads /compare/ for the same choices from
// intkb serve, which renders the choice, and from the built page served
// as plain files, where compare.js applies it: a reader must see the same
// areas, rows and charts, and every notice the server gives. The built
// page carries the server's limit on areas (data-max-areas), so neither
// side keeps a copy of it.
// longNames returns ?areas= with n different names each one byte longer
// than a comparison takes.
func longNames(n int) string {
	q := "?areas="
	for i := range n {
		q += fmt.Sprintf("%s%c,", strings.Repeat("x", compare.MaxAreaName), 'a'+rune(i%26))
	}
	return q
}

func TestStaticCompareMatchesServer(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium: not with -short")
	}
	node := needBrowser(t)
	out, files := servedDemo(t)
	page, err := os.ReadFile(filepath.Join(out, "compare", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{fmt.Sprintf(`data-max-areas="%d"`, compare.MaxAreas), fmt.Sprintf(`data-max-area-name="%d"`, compare.MaxAreaName)} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the built compare page does not carry %s", want)
		}
	}
	srv := serve(t)

	many := func(n int, first ...string) string {
		names := append([]string(nil), first...)
		for i := len(names); i < n; i++ {
			names = append(names, fmt.Sprintf("nowhere-%d", i))
		}
		return "?areas=" + strings.Join(names, ",")
	}
	queries := []string{
		"",
		"?areas=saltmere,kingsmoor",
		"?areas=saltmere,kingsmoor&diff=1",
		"?areas=brackenfield&areas=hollins-vale",
		"?areas=saltmere",
		"?areas=atlantis",
		"?areas=atlantis,nowhere&diff=1",
		"?areas=saltmere,atlantis",
		"?areas=kingsmoor", // a row no area shown fills is left out
		many(compare.MaxAreas, "saltmere"),
		many(compare.MaxAreas+2, "saltmere", "kingsmoor", "brackenfield"),
		// Names longer than the limit are left out, noticed once, and
		// take none of the places. The limit counts bytes: é is two.
		longNames(compare.MaxAreas) + "saltmere,kingsmoor",
		"?areas=kingsmoor," + strings.Repeat("é", compare.MaxAreaName/2) + "x",
		"?areas=saltmere," + strings.Repeat("a", compare.MaxAreaName+1),
		"?areas=saltmere," + strings.Repeat("a", compare.MaxAreaName),
		// Over time, from the demo's [[history]] entries.
		"?asat=2025-06-01",
		"?since=2025-01-01",
		"?areas=saltmere,brackenfield&asat=2025-05-01&since=2024-06-01",
		"?asat=2024-06-01", // before two areas' histories start
		"?since=2025-13-01&asat=soon",
		"?areas=saltmere,kingsmoor&since=2025-06-01&diff=1",
	}
	plan := map[string]any{"chromium": chromium, "served": srv.base + "compare/", "static": files + prefix + "compare/", "queries": queries}
	type view struct {
		Columns, Rows, Charts, Radars, Notices, Errors []string
		Values, Changed, Over                          []string
		Status                                         string
	}
	var got []struct {
		Query          string
		Served, Static view
	}
	runNode(t, node, []string{"static-compare.mjs"}, plan, &got)
	if len(got) != len(queries) {
		t.Fatalf("the script saw %d queries, want %d", len(got), len(queries))
	}
	for _, g := range got {
		q := g.Query
		if len(q) > 60 {
			q = q[:60] + "…"
		}
		if len(g.Served.Errors)+len(g.Static.Errors) > 0 {
			t.Errorf("%s: script errors: served %v, static %v", q, g.Served.Errors, g.Static.Errors)
		}
		for _, c := range []struct {
			what      string
			srv, stat []string
		}{{"areas", g.Served.Columns, g.Static.Columns}, {"rows", g.Served.Rows, g.Static.Rows}, {"charts", g.Served.Charts, g.Static.Charts},
			{"maturity radars", g.Served.Radars, g.Static.Radars}, {"values", g.Served.Values, g.Static.Values},
			{"changes", g.Served.Changed, g.Static.Changed}, {"day", g.Served.Over, g.Static.Over}} {
			if strings.Join(c.srv, ",") != strings.Join(c.stat, ",") {
				t.Errorf("%s: the server shows %s %v, the static page %v", q, c.what, c.srv, c.stat)
			}
		}
		shown := g.Static.Status + " " + strings.Join(g.Static.Notices, " ")
		for _, n := range g.Served.Notices {
			if !strings.Contains(shown, n) {
				t.Errorf("%s: the static page does not say %q; it says %q", q, n, shown)
			}
		}
	}
	if len(got) > 0 && len(got[0].Served.Columns) < 4 {
		t.Errorf("with no choice the server shows %v, want every area", got[0].Served.Columns)
	}
	for _, g := range got {
		if g.Query == "?since=2025-01-01" && !slices.Contains(g.Served.Changed, "function.integration_level/saltmere: ↻ Changed since 1 January 2025: was Convening to advise") {
			t.Errorf("since 1 January 2025, the server marks %q", g.Served.Changed)
		}
	}
	if len(got) > 1 && strings.Join(got[1].Served.Radars, ",") != "saltmere,kingsmoor" {
		t.Errorf("for %s the server shows maturity radars %v, want saltmere's and kingsmoor's", got[1].Query, got[1].Served.Radars)
	}
}
