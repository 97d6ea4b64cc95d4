package search

import (
	"encoding/json"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"

	"intkb/builder"
	"intkb/builder/model"
)

// A builtDemo is the demo site, built once with its index.
type builtDemo struct {
	once  sync.Once
	dir   string
	res   *builder.Result
	index *Index
	err   error
}

// demo is the demo site as intkb builds it; vectorDemo is it with term
// vectors in every text field (see vectorIndex).
var demo, vectorDemo builtDemo

// close closes d's index and removes its folder.
func (d *builtDemo) close() {
	if d.index != nil {
		d.index.Close()
	}
	if d.dir != "" {
		os.RemoveAll(d.dir)
	}
}

func demoIndex(t testing.TB) (*Index, *builder.Result) {
	t.Helper()
	demo.build(t)
	return demo.index, demo.res
}

// vectorIndex returns the demo site's index as it would be with term
// vectors in the body too, as in every other text field: Bleve's own
// phrase queries run on it, where the body's run as bodyPhraseQuery on
// demoIndex's, and it gives the locations of every term a hit matched
// in any field, which the highlighter's tests compare marks with.
func vectorIndex(t testing.TB) *Index {
	t.Helper()
	vectorDemo.build(t, func() func() {
		saved := docFields
		docFields = slices.Clone(saved)
		for i := range docFields {
			if docFields[i].kind == plainField {
				docFields[i].kind = textField
			}
		}
		return func() { docFields = saved }
	})
	return vectorDemo.index
}

// build builds the demo site into d once, with its index, after calling
// each of setup and before calling what each returns.
func (d *builtDemo) build(t testing.TB, setup ...func() func()) {
	t.Helper()
	d.once.Do(func() {
		for _, s := range setup {
			defer s()()
		}
		d.dir, d.err = os.MkdirTemp("", "intkb-search-test-")
		if d.err != nil {
			return
		}
		root, err := os.OpenRoot("..")
		if err != nil {
			d.err = err
			return
		}
		defer root.Close()
		out := filepath.Join(d.dir, "public")
		d.res, d.err = builder.Build(builder.Options{Source: root.FS(), Dest: out, NewIndex: NewIndexes})
		if d.err == nil {
			d.index, d.err = Open(out)
		}
	})
	if d.err != nil {
		t.Fatal(d.err)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	closePortal()
	demo.close()
	vectorDemo.close()
	if buildSiteDir != "" {
		os.RemoveAll(buildSiteDir)
	}
	if generated.dir != "" {
		os.RemoveAll(generated.dir)
	}
	os.Exit(code)
}

func search(t *testing.T, r Request) *Response {
	t.Helper()
	idx, _ := demoIndex(t)
	res, err := idx.Search(r)
	if err != nil {
		t.Fatalf("search %+v: %v", r, err)
	}
	return res
}

func pageURL(h Hit) string { u, _, _ := strings.Cut(h.URL, "#"); return u }

func TestRelevance(t *testing.T) {
	// A care coordinator's search: the frailty case study and blueprint
	// from the area built around frailty and care homes come first.
	res := search(t, Request{Query: "frailty care homes"})
	if len(res.Hits) < 2 {
		t.Fatalf("only %d hits", len(res.Hits))
	}
	top := map[string]bool{pageURL(res.Hits[0]): true, pageURL(res.Hits[1]): true}
	if !top["case-studies/saltmere-frailty-home-first/"] || !top["blueprints/saltmere/"] {
		t.Errorf("top two are %s and %s", res.Hits[0].URL, res.Hits[1].URL)
	}
	for _, h := range res.Hits[:2] {
		if !strings.Contains(h.Snippet, "<mark>") {
			t.Errorf("%s: snippet has no highlighted match: %q", h.URL, h.Snippet)
		}
	}
}

func TestSectionDeepLinks(t *testing.T) {
	res := search(t, Request{Query: "\"before the first meeting\""})
	found := false
	for _, h := range res.Hits {
		if pageURL(h) == "playbooks/set-up-the-mdt/" {
			found = true
			if h.URL != "playbooks/set-up-the-mdt/#before-the-first-meeting" || h.Section != "Before the first meeting" {
				t.Errorf("the hit links to %q (section %q)", h.URL, h.Section)
			}
		}
	}
	if !found {
		t.Errorf("the page with the heading is not found: %v", urls(res.Hits))
	}
}

func TestStemmingTyposAndPrefixes(t *testing.T) {
	_, built := demoIndex(t)
	texts := map[string]string{}
	for _, p := range built.Pages {
		var all []string
		for _, part := range p.Parts {
			all = append(all, part.Text)
		}
		texts[p.URL] = strings.ToLower(p.Meta.Title + " " + p.Meta.Summary + " " + strings.Join(all, " ") + " " + builder.FrontText(p))
	}
	// A page that says "coordinator" but never "coordinators" is found by
	// the plural.
	var singularOnly string
	for u, text := range texts {
		if strings.Contains(text, "coordinator") && !strings.Contains(text, "coordinators") {
			singularOnly = u
		}
	}
	if singularOnly == "" {
		t.Fatal("the demo has no page with only the singular: choose another word")
	}
	if !hasPage(search(t, Request{Query: "coordinators", Size: 100}), singularOnly) {
		t.Errorf("coordinators did not find %s, which says coordinator", singularOnly)
	}
	// One wrong letter still finds the page.
	res := search(t, Request{Query: "pharmasy", Size: 100})
	if res.Total == 0 {
		t.Fatal("pharmasy found nothing")
	}
	for _, h := range res.Hits {
		if !strings.Contains(texts[pageURL(h)], "pharmac") {
			t.Errorf("pharmasy found %s, which does not mention pharmacy", h.URL)
		}
	}
	// The last word matches as a prefix while typing.
	if res := search(t, Request{Query: "relabel"}); res.Total == 0 || !hasPage(res, "playbooks/avoid-relabelling/") {
		t.Errorf("relabel did not find the relabelling playbook")
	}
}

func hasPage(res *Response, u string) bool {
	for _, h := range res.Hits {
		if pageURL(h) == u {
			return true
		}
	}
	return false
}

func TestSyntax(t *testing.T) {
	all := search(t, Request{Query: "neighbourhood", Size: 100})
	noRelabel := search(t, Request{Query: "neighbourhood -relabelled", Size: 100})
	if noRelabel.Total >= all.Total || hasPage(noRelabel, "blueprints/kingsmoor/") {
		t.Errorf("-relabelled did not exclude the relabelled model (%d of %d)", noRelabel.Total, all.Total)
	}
	typed := search(t, Request{Query: "neighbourhood type:blueprint", Size: 100})
	if typed.Total != uint64(all.Facets["type"]["blueprint"]) || typed.Total == 0 {
		t.Errorf("type:blueprint gave %d hits, facet says %d", typed.Total, all.Facets["type"]["blueprint"])
	}
	for _, h := range typed.Hits {
		if h.Type != model.TypeBlueprint {
			t.Errorf("type:blueprint found a %s", h.Type)
		}
	}
	phrase := search(t, Request{Query: `"unity of effort"`, Size: 100})
	level := search(t, Request{Query: `level:unity_of_effort`, Size: 100})
	if phrase.Total == 0 || level.Total != 1 || level.Hits[0].URL != "blueprints/saltmere/" {
		t.Errorf("phrase gave %d hits; level:unity_of_effort gave %v", phrase.Total, level.Hits)
	}
	// Unparseable syntax is read as words.
	for _, q := range []string{`"frailty care`, `type: frailty`, `frailty))`, `- frailty`, `"" frailty`, `care:frailty`} {
		if res := search(t, Request{Query: q}); res.Total == 0 {
			t.Errorf("%q found nothing", q)
		}
	}
}

func TestEmptyAndStopWordQueries(t *testing.T) {
	for _, q := range []string{"", "   ", "the and of", "-frailty", `""`} {
		if res := search(t, Request{Query: q}); res.Total != 0 || len(res.Hits) != 0 {
			t.Errorf("%q returned %d hits", q, res.Total)
		}
	}
}

func TestFiltersAndFacets(t *testing.T) {
	base := search(t, Request{Query: "team", Size: 100})
	for typ, n := range base.Facets["type"] {
		res := search(t, Request{Query: "team", Size: 100, Filters: Filters{"type": []string{typ}}})
		if res.Total != uint64(n) {
			t.Errorf("type=%s: %d hits, facet said %d", typ, res.Total, n)
		}
	}
	// Filters combine: case studies from one area.
	res := search(t, Request{Query: "team", Filters: Filters{"type": []string{"case-study"}, "area": []string{"saltmere"}}})
	if res.Total != 1 || res.Hits[0].URL[:len("case-studies/saltmere")] != "case-studies/saltmere" {
		t.Errorf("case studies in Saltmere: %+v", res.Hits)
	}
	// Counts match the content: the cohort facet counts pages that name it.
	_, built := demoIndex(t)
	want := 0
	for _, p := range built.Pages {
		for _, c := range p.Meta.Cohorts {
			if c == "care_homes" && hasPage(base, p.URL) {
				want++
			}
		}
	}
	if got := base.Facets["cohort"]["care_homes"]; got != want || want == 0 {
		t.Errorf("care_homes facet is %d, the content says %d", got, want)
	}
	if _, ok := base.Facets["integration_level"][""]; ok {
		t.Error("pages without an integration level are counted under an empty value")
	}
}

func TestPaging(t *testing.T) {
	all := search(t, Request{Query: "neighbourhood", Size: 100})
	p2 := search(t, Request{Query: "neighbourhood", Size: 3, Page: 2})
	if !reflect.DeepEqual(urls(p2.Hits), urls(all.Hits[3:6])) {
		t.Errorf("page 2 of 3: %v, want %v", urls(p2.Hits), urls(all.Hits[3:6]))
	}
	past := search(t, Request{Query: "neighbourhood", Size: 10, Page: 1000})
	if len(past.Hits) != 0 || past.Total != all.Total {
		t.Errorf("a page past the end: %d hits, total %d", len(past.Hits), past.Total)
	}
}

func urls(hs []Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.URL)
	}
	return out
}

// builtIndex builds the site fsys into a folder of the test's, with the
// indexes newIndex makes, and opens its Bleve index, which is closed when
// the test ends. It returns the output folder and the index.
func builtIndex(tb testing.TB, fsys fs.FS, newIndex func(string) (builder.PageIndexer, error)) (string, *Index) {
	tb.Helper()
	out := filepath.Join(tb.TempDir(), "public")
	if _, err := builder.Build(builder.Options{Source: fsys, Dest: out, NewIndex: newIndex}); err != nil {
		tb.Fatal(err)
	}
	idx, err := Open(out)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	return out, idx
}

// testSnapshot returns a reader of idx's current snapshot (snapshot),
// for the caller to close before idx is.
func testSnapshot(tb testing.TB, idx bleve.Index) index.IndexReader {
	tb.Helper()
	r, err := snapshot(idx)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// dictEntries returns the entries of dict, which opening it gave with
// err, in order, and closes it; an error fails tb.
func dictEntries(tb testing.TB, dict index.FieldDict, err error) []index.DictEntry {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
	defer dict.Close()
	var out []index.DictEntry
	for {
		e, err := dict.Next()
		if err != nil {
			tb.Fatal(err)
		}
		if e == nil {
			return out
		}
		out = append(out, *e) // the dictionary may reuse e
	}
}

// smallIndex builds a site in memory with the pages given and opens its
// index.
func smallIndex(t *testing.T, pages map[string]string) *Index {
	t.Helper()
	fsys := fstest.MapFS{"site.toml": {Data: []byte("title = \"t\"\nbaseURL = \"/\"\n")}}
	for name, text := range pages {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	_, idx := builtIndex(t, fsys, NewWriter)
	return idx
}

func TestOptOutAndEscaping(t *testing.T) {
	idx := smallIndex(t, map[string]string{
		"content/hidden.md": "+++\ntitle = \"Hidden\"\nsearch = false\n+++\nzebra crossing\n",
		"content/shown.md":  "+++\ntitle = \"Shown\"\n+++\nzebra <script>alert(1)</script> &amp; more\n\n    <b>zebra</b> in code\n",
	})
	res, err := idx.Search(Request{Query: "zebra"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].URL != "shown/" {
		t.Fatalf("got %+v", res.Hits)
	}
	s := res.Hits[0].Snippet
	if strings.Contains(s, "<script") || strings.Contains(s, "<b>") || !strings.Contains(s, "<mark>zebra</mark>") {
		t.Errorf("snippet is not escaped with marks: %q", s)
	}
}

func TestValidate(t *testing.T) {
	for _, tt := range []struct {
		v    url.Values
		want string
	}{
		{url.Values{"q": {strings.Repeat("a", 513)}}, "query is 513 characters long: the most is 512"},
		{url.Values{"q": {"x"}, "size": {"101"}}, "size 101 is out of range: use 1 to 100"},
		{url.Values{"q": {"x"}, "page": {"-1"}}, "page -1 is out of range: pages count from 1"},
		{url.Values{"q": {"x"}, "page": {"two"}}, `page "two" is not a whole number`},
		{url.Values{"q": {"x"}, "size": {"99999999999999999999"}}, `size "99999999999999999999" is not a whole number`},
		{url.Values{"q": {"x"}, "page": {"10001"}}, "page 10001 is out of range: use 1 to 10000"},
		{url.Values{"q": {"x"}, "page": {"4611686018427387905"}, "size": {"2"}}, "page 4611686018427387905 is out of range: use 1 to 10000"},
	} {
		_, err := ParseRequest(tt.v)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%v: got %v, want %q", tt.v, err, tt.want)
		}
	}
}

func TestHolderSwapsUnderLoad(t *testing.T) {
	var h Holder
	open := func() *Index {
		i := smallIndex(t, map[string]string{"content/a.md": "+++\ntitle = \"A\"\n+++\nzebra\n"})
		return i
	}
	h.Swap(open())
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				res, err := h.Search(Request{Query: "zebra"})
				if err != nil {
					errs <- err
					return
				}
				if res.Total != 1 {
					errs <- errTotal
					return
				}
			}
		}()
	}
	for i := 0; i < 5; i++ {
		h.Swap(open())
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestHolderHold is a live rebuild's order: the hold begins, open pages
// reload and search at once, and the new index is made after. The query
// waits for it rather than answering from the index before the change.
func TestHolderHold(t *testing.T) {
	var h Holder
	h.Swap(smallIndex(t, map[string]string{"content/a.md": "+++\ntitle = \"A\"\n+++\nzebra\n"}))
	release := h.Hold()
	got := make(chan *Response, 1)
	go func() {
		res, err := h.Search(Request{Query: "quagga"})
		if err != nil {
			t.Error(err)
		}
		got <- res
	}()
	// Making the next index takes a while: the query above has long been
	// asked when it is swapped in.
	h.Swap(smallIndex(t, map[string]string{"content/a.md": "+++\ntitle = \"A\"\n+++\nquagga\n"}))
	release()
	if res := <-got; res == nil || res.Total != 1 {
		t.Fatalf("a query asked during the hold answered from the index before it: %+v", res)
	}
	// A release ends the hold once; a later hold is a new one.
	release()
	release2 := h.Hold()
	release()
	h.mu.Lock()
	held := h.pending != nil
	h.mu.Unlock()
	if !held {
		t.Error("an old release ended a later hold")
	}
	release2()
	if res, err := h.Search(Request{Query: "quagga"}); err != nil || res.Total != 1 {
		t.Errorf("after the hold: %+v, %v", res, err)
	}
}

var errTotal = &json.UnsupportedValueError{Str: "a query saw the wrong number of hits"}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`frailty care homes`, `"unity of effort" -relabelled type:blueprint`, `"unclosed`, `-"x y" tag:`, `a:b:c`, "\xff\xfe", `---`, `""""`} {
		f.Add(s)
	}
	idx := smallIndexF(f)
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuery(s)
		for _, w := range append(append([]string{}, q.Words...), q.Excluded...) {
			if strings.TrimSpace(w) == "" {
				t.Fatalf("%q gave an empty word", s)
			}
		}
		if len(s) > MaxQueryLength {
			return
		}
		if _, err := idx.Search(Request{Query: s}); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
	})
}

func smallIndexF(f *testing.F) *Index {
	fsys := fstest.MapFS{
		"site.toml":          {Data: []byte("title = \"t\"\nbaseURL = \"/\"\n")},
		"content/a.md":       {Data: []byte("+++\ntitle = \"Frailty\"\ntags = [\"x\"]\n+++\n## Care homes\nunity of effort\n")},
		"content/b/index.md": {Data: []byte("+++\ntitle = \"B\"\n+++\nrelabelled\n")},
	}
	_, idx := builtIndex(f, fsys, NewWriter)
	return idx
}

// zebraSite builds a site of two pages, a/ and b/, both about zebras,
// and opens its index, closed when the test ends. fsys is the site, to
// change for a live rebuild.
func zebraSite(t *testing.T) (fstest.MapFS, *Index) {
	t.Helper()
	fsys := fstest.MapFS{
		"site.toml":    {Data: []byte("title = \"t\"\nbaseURL = \"/\"\n")},
		"content/a.md": {Data: []byte("+++\ntitle = \"A\"\n+++\nzebra crossing\n")},
		"content/b.md": {Data: []byte("+++\ntitle = \"B\"\n+++\nzebra stripes\n")},
	}
	_, idx := builtIndex(t, fsys, NewWriter)
	return fsys, idx
}

func TestUpdateForLiveRebuilds(t *testing.T) {
	fsys, idx := zebraSite(t)
	// A is edited, B deleted, C added.
	fsys["content/a.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"A\"\n+++\ngiraffe neck\n")}
	delete(fsys, "content/b.md")
	fsys["content/c.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"C\"\n+++\ngiraffe and zebra\n")}
	res, err := builder.Build(builder.Options{Source: fsys})
	if err != nil {
		t.Fatal(err)
	}
	var changed []*builder.Page
	for _, p := range res.Pages {
		if p.URL == "a/" || p.URL == "c/" {
			changed = append(changed, p)
		}
	}
	next, err := idx.Update(changed, []string{"b/"})
	if err != nil {
		t.Fatal(err)
	}
	got := func(x *Index, q string) []string {
		r, err := x.Search(Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.URL)
		}
		sort.Strings(out)
		return out
	}
	if g := got(next, "zebra"); !reflect.DeepEqual(g, []string{"c/"}) {
		t.Errorf("zebra after the update: %v", g)
	}
	if g := got(next, "giraffe"); !reflect.DeepEqual(g, []string{"a/", "c/"}) {
		t.Errorf("giraffe after the update: %v", g)
	}
	if g := got(idx, "zebra"); !reflect.DeepEqual(g, []string{"a/", "b/"}) {
		t.Errorf("the old index changed: %v", g)
	}
	// Phrases in the body, checked against the text each index holds:
	// the old one's page a/ was analysed first, as it was.
	for _, tt := range []struct {
		x    *Index
		q    string
		want []string
	}{
		{idx, `"zebra crossing"`, []string{"a/"}},
		{idx, `"crossing zebra"`, nil},
		{next, `"zebra crossing"`, nil},
		{next, `"giraffe neck"`, []string{"a/"}},
		{next, `"giraffe and zebra"`, []string{"c/"}},
		{next, `"giraffe the zebra"`, []string{"c/"}}, // a stop word stands for any
		{next, `"giraffe zebra"`, nil},
		{idx, `"zebra crossing"`, []string{"a/"}},
	} {
		if g := got(tt.x, tt.q); !reflect.DeepEqual(g, tt.want) {
			t.Errorf("%s: %v, want %v", tt.q, g, tt.want)
		}
	}
	// A second update builds on the first.
	third, err := next.Update(nil, []string{"c/"})
	if err != nil {
		t.Fatal(err)
	}
	if g := got(third, "giraffe"); !reflect.DeepEqual(g, []string{"a/"}) {
		t.Errorf("giraffe after the second update: %v", g)
	}
	for _, x := range []*Index{idx, next, third} {
		if err := x.Close(); err != nil {
			t.Error(err)
		}
	}
}
