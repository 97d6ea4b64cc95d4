package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	porterstemmer "github.com/blevesearch/go-porterstemmer"

	"intkb/bench/corpus"
	"intkb/builder"
	"intkb/internal/testenv"
	"intkb/search/static"
)

// The search page's script, and the harness that runs it under node.
const (
	searchScript = "../layouts/static/js/search.js"
	engineScript = "testdata/engine.js"
)

// runEngine runs the search page's script under node with cmd as its
// input (see testdata/engine.js) and decodes its answer into out.
func runEngine(t testing.TB, cmd, out any) {
	t.Helper()
	node := testenv.LookPath(t, "node")
	script, err := filepath.Abs(searchScript)
	if err != nil {
		t.Fatal(err)
	}
	in, err := json.Marshal(cmd)
	if err != nil {
		t.Fatal(err)
	}
	c := exec.Command(node, engineScript, script)
	c.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	data, err := c.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatalf("node's answer: %v: %.500s", err, data)
	}
}

var wordPattern = regexp.MustCompile(`[\p{L}\p{N}']+`)

// vocabulary returns every distinct word, lower-cased, of the demo
// content and of a generated corpus.
func vocabulary(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	add := func(text string) {
		for _, w := range wordPattern.FindAllString(strings.ToLower(text), -1) {
			seen[w] = true
		}
	}
	err := filepath.WalkDir("../content", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(p)
		add(string(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, data := range corpus.Files(600, 1) {
		add(string(data))
	}
	// Words that exercise each step of the algorithm and its departures.
	add(`caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled sized hopping
		tanned falling hissing fizzed failing filing happy sky relational conditional rational valenci hesitanci
		digitizer conformabli radicalli differentli vileli analogousli vietnamization predication operator feudalism
		decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative formalize
		electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable defensible
		irritant replacement adjustment dependent adoption homologou communism activate angulariti homologous
		effective bowdlerize probate rate cease controll roll generalizations oscillators yyy ys y by aye eyed
		archaeology geology sociologically ageing skying spying dying lying`)
	words := make([]string, 0, len(seen))
	for w := range seen {
		words = append(words, w)
	}
	sort.Strings(words)
	return words
}

func TestStaticStemmerMatchesBleve(t *testing.T) {
	words := vocabulary(t)
	if len(words) < 5000 {
		t.Fatalf("only %d words to compare", len(words))
	}
	var got []string
	runEngine(t, map[string]any{"stem": words}, &got)
	if len(got) != len(words) {
		t.Fatalf("%d stems for %d words", len(got), len(words))
	}
	bad := 0
	for i, w := range words {
		if want := porterstemmer.StemString(w); got[i] != want {
			if bad++; bad <= 20 {
				t.Errorf("stem(%q) = %q, Go says %q", w, got[i], want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d words stem differently", bad, len(words))
	}
}

func TestStaticAnalyzerMatchesBleve(t *testing.T) {
	_, built := demoIndex(t)
	bleve := bleveEnglish(t)
	texts := []string{
		"frailty care homes", "Care-home residents' GP's notes", "NHS's e.g. 1,000.5 people", "type:playbook",
		"don’t “quoted” words", "co-ordinators—and rising-risk", "ÉCOLE Straße naïve café", "50,000 people in 12 PCNs",
		"under_score x_1 a.b.c 3.14 v2 2024-25", "Σίσυφος ΣΙΣΥΦΟΣ", "日本語のテキスト カタカナ", "emoji 👍 ok",
		"team’s 👍 coordinator's", "👍James's ΣΑΣ", "a\U0001D400b c’s",
	}
	for _, c := range analysisCases {
		// Bleve lower-cases İ in place, a byte shorter, and its term
		// keeps a broken byte, which the script does not copy: the one
		// case known to differ.
		if c != "İstanbul" {
			texts = append(texts, c)
		}
	}
	for _, p := range built.Pages {
		texts = append(texts, p.Meta.Title, p.Meta.Summary)
		for _, part := range p.Parts {
			texts = append(texts, part.Heading, part.Text)
		}
	}
	// Short strings of letters, digits and the marks that join them or
	// not, which the script splits by its regular expression for simple
	// text, and some with a letter that sends them by the full rules.
	marks := []rune("aZx9_0.:,;'’‘ \n-\"“–£")
	random := rand.New(rand.NewPCG(3, 5))
	for range 3000 {
		var b []rune
		for range 1 + random.IntN(14) {
			b = append(b, marks[random.IntN(len(marks))])
		}
		if random.IntN(10) == 0 {
			b = append(b, 'é')
		}
		texts = append(texts, string(b))
	}
	var got [][][2]any
	runEngine(t, map[string]any{"analyze": texts, "index": static.Dir(demo.dir + "/public")}, &got)
	// The words' places too, which marks rest on: the regular expression
	// gives what the full rules give.
	var differ []string
	runEngine(t, map[string]any{"tokenizeBoth": texts}, &differ)
	for _, text := range differ {
		t.Errorf("the script's two ways of splitting %q into words differ", text)
	}
	for i, text := range texts {
		var want [][2]any
		for _, tok := range bleve.Analyze([]byte(text)) {
			want = append(want, [2]any{string(tok.Term), float64(tok.Position)})
		}
		if !equalTokens(got[i], want) {
			t.Errorf("analysis of %.60q:\n got %v\nwant %v", text, got[i], want)
		}
	}
}

func equalTokens(a, b [][2]any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i][0] != b[i][0] || a[i][1] != b[i][1] {
			return false
		}
	}
	return true
}

// agreementQueries are searched on both indexes of the demo site.
var agreementQueries = []Request{
	{Query: "frailty care homes"}, {Query: "frailty"}, {Query: "care"}, {Query: "homes"}, {Query: "coordinators"},
	// Help pages after the others, on either side of a page of results.
	{Query: "mdt"}, {Query: "front matter"}, {Query: "review_due"}, {Query: "care homes", Page: 2, Size: 4},
	{Query: "pharmasy"}, {Query: "relabel"}, {Query: "relab"}, {Query: "coordinat"}, {Query: "neighbourhood"},
	{Query: "neighbourhood -relabelled"}, {Query: "neighbourhood type:blueprint"}, {Query: `"unity of effort"`},
	{Query: "level:unity_of_effort"}, {Query: "pooled budget"}, {Query: "shared care plan"},
	{Query: `"shared care plan"`}, {Query: "mental health housing"}, {Query: "district nurse"},
	{Query: "lived experience"}, {Query: "sponsor implementer"}, {Query: "evidence admissions -hospital"},
	{Query: "care-home"}, {Query: "GP's"}, {Query: "virtual MDT"}, {Query: "discharge"}, {Query: "loneliness"},
	{Query: "voluntary sector"}, {Query: "social prescribing"}, {Query: "winter"}, {Query: "title:frailty"},
	{Query: "summary:care homes"}, {Query: "cohort:care-homes team"}, {Query: "tag:pooled budget"},
	{Query: "team", Filters: Filters{"type": []string{"case-study"}}},
	{Query: "team", Filters: Filters{"type": []string{"case-study"}, "area": []string{"saltmere"}}},
	{Query: "team", Filters: Filters{"type": []string{"playbook", "blueprint"}, "cohort": []string{"frailty"}}},
	{Query: "frailty", Filters: Filters{"tag": []string{"care-homes"}}},
	{Query: "integration", Filters: Filters{"integration_level": []string{"unity_of_effort", "convening_to_advise"}}},
	{Query: "the and of"}, {Query: "-frailty"}, {Query: `""`}, {Query: `"frailty care`}, {Query: "coordinater"},
	{Query: "neighbourhood", Page: 2, Size: 3},
	// Prefixes of more than prefixLimit terms, short and long.
	{Query: "care c"}, {Query: "team s"}, {Query: "p"}, {Query: "frailty co"}, {Query: "care pa"}, {Query: "con"},
}

// staticResponse is the script's answer, as JSON.
type staticResponse struct {
	Total  uint64                    `json:"total"`
	Hits   []Hit                     `json:"hits"`
	Facets map[string]map[string]int `json:"facets"`
}

func TestStaticIndexAgreesWithBleve(t *testing.T) {
	idx, _ := demoIndex(t)
	reqs := slices.Clone(agreementQueries)
	for _, q := range typoQueries {
		reqs = append(reqs, Request{Query: q})
	}
	agreeStatic(t, idx, demo.dir+"/public", reqs, 5)
}

// TestStaticIndexAgreesWithBleveOnGeneratedSite compares the two indexes
// of a generated site of 1,500 pages, larger than the demo's, with a
// vocabulary of thousands of terms: prefixes of hundreds of them, typos
// with many candidates.
func TestStaticIndexAgreesWithBleveOnGeneratedSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated site")
	}
	out, idx := builtGenerated(t, 1500)
	var reqs []Request
	// The quoted phrases of common words read positions long enough for
	// files of their own.
	for _, q := range append(benchQueries, "care c", "team pa", "team pr", "frailty co", "k", "frialty", "coordinater homse", `"care homes"`, `"neighbourhood team"`) {
		reqs = append(reqs, Request{Query: q})
	}
	reqs = append(reqs, Request{Query: "frailty", Filters: Filters{"type": []string{"case-study"}, "cohort": []string{"frailty"}}},
		Request{Query: "team", Page: 3, Size: 7})
	agreeStatic(t, idx, out, reqs, 10)
}

// builtGenerated builds a generated site of n pages with both indexes,
// and returns its folder and its Bleve index.
func builtGenerated(t *testing.T, n int) (string, *Index) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range corpus.Files(n, 1) {
		fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return builtIndex(t, fsys, NewIndexes)
}

// agreeStatic runs reqs on idx and, with the search page's script, on the
// static index built beside it into out, and checks that both give the
// same hits, scores, sections, snippets and facets: hits of equal score
// may come in either order.
func agreeStatic(t *testing.T, idx *Index, out string, requests []Request, defaultSize int) {
	t.Helper()
	type request struct {
		Query   string              `json:"query"`
		Filters map[string][]string `json:"filters"`
		Page    int                 `json:"page,omitempty"`
		Size    int                 `json:"size"`
	}
	var reqs []request
	for _, r := range requests {
		size := r.Size
		if size == 0 {
			size = defaultSize
		}
		reqs = append(reqs, request{Query: r.Query, Page: r.Page, Size: size, Filters: r.Filters})
	}
	var res struct{ Responses []staticResponse }
	runEngine(t, map[string]any{"index": static.Dir(out), "requests": reqs}, &res)
	found := 0
	for i, r := range requests {
		r.Size = reqs[i].Size
		want, err := idx.Search(r)
		if err != nil {
			t.Fatal(err)
		}
		got := res.Responses[i]
		name := r.Query
		if want.Total > 0 {
			found++
		}
		if got.Total != want.Total {
			t.Errorf("%q: %d hits, Bleve has %d", name, got.Total, want.Total)
			continue
		}
		if len(got.Hits) != len(want.Hits) {
			t.Errorf("%q: %d hits shown, Bleve shows %d", name, len(got.Hits), len(want.Hits))
			continue
		}
		for k := range want.Hits {
			g, w := got.Hits[k], want.Hits[k]
			if math.Abs(g.Score-w.Score) > 1e-9*math.Max(1, w.Score) {
				t.Errorf("%q #%d: score %v (%s), Bleve %v (%s)", name, k+1, g.Score, g.URL, w.Score, w.URL)
				continue
			}
			if g.URL != w.URL && !tiedWith(want.Hits, k, g.URL) {
				t.Errorf("%q #%d: %s, Bleve has %s", name, k+1, g.URL, w.URL)
			}
			if g.URL == w.URL && (g.Snippet != w.Snippet || g.Section != w.Section || g.Title != w.Title || g.Source != w.Source) {
				t.Errorf("%q #%d %s:\n got section %q snippet %q source %q\nwant section %q snippet %q source %q", name, k+1, w.URL, g.Section, g.Snippet, g.Source, w.Section, w.Snippet, w.Source)
			}
		}
		if !equalFacets(got.Facets, want.Facets) {
			t.Errorf("%q: facets\n got %v\nwant %v", name, got.Facets, want.Facets)
		}
	}
	if found < len(requests)*3/4 {
		t.Errorf("only %d of %d queries found anything: the comparison says little", found, len(requests))
	}
}

// tiedWith reports whether a hit with url scores the same as hit k.
func tiedWith(hits []Hit, k int, url string) bool {
	for _, h := range hits {
		if h.URL == url && math.Abs(h.Score-hits[k].Score) <= 1e-9*math.Max(1, h.Score) {
			return true
		}
	}
	return false
}

func equalFacets(a, b map[string]map[string]int) bool {
	for _, fc := range builder.Facets {
		f := fc.Param
		if len(a[f]) != len(b[f]) {
			return false
		}
		for v, n := range b[f] {
			if a[f][v] != n {
				return false
			}
		}
	}
	return true
}

// TestStaticIndexFilesResolve reads the demo site's static index as the
// script does and checks that every dictionary entry's postings and
// positions can be had: inline, in p/N.json.gz, or in x/N.json.gz.
func TestStaticIndexFilesResolve(t *testing.T) {
	demoIndex(t)
	dir := static.Dir(demo.dir + "/public")
	read := func(rel string, v any) bool {
		t.Helper()
		data, err := readIndexFile(dir, rel)
		if err != nil {
			t.Error(err)
			return false
		}
		if err := json.Unmarshal(data, v); err != nil {
			t.Errorf("%s: %v", rel, err)
			return false
		}
		return true
	}
	var meta static.Meta
	if !read("meta.json", &meta) {
		return
	}
	type termFile struct {
		F []string        `json:"f"`
		X json.RawMessage `json:"x"`
		C *string         `json:"c"`
	}
	packs := map[int][]termFile{}
	used := map[[2]int]bool{}
	terms, files := 0, 0
	for n := range meta.Shards {
		var shard []json.RawMessage
		if !read(fmt.Sprintf("t/%d.json.gz", n), &shard) {
			continue
		}
		for _, raw := range shard {
			var deletion string
			if json.Unmarshal(raw, &deletion) == nil {
				if w := strings.Fields(deletion); len(w) < 2 {
					t.Errorf("t/%d.json: a deletion's key %q reaches no term", n, deletion)
				}
				continue // a key only typos reach
			}
			var e []json.RawMessage
			if err := json.Unmarshal(raw, &e); err != nil || len(e) == 0 {
				t.Errorf("t/%d.json: entry %s: %v", n, raw, err)
				continue
			}
			var key string
			json.Unmarshal(e[0], &key)
			if len(e) < 2 || string(e[1]) == "0" {
				t.Errorf("entry %q: a term's entry with no page counts", key)
				continue
			}
			terms++
			if len(e) < 3 {
				t.Errorf("entry %q has page counts but no postings", key)
				continue
			}
			var tf termFile
			var ref [2]int
			if json.Unmarshal(e[2], &ref) == nil {
				files++
				pack, ok := packs[ref[0]]
				if !ok && !read(fmt.Sprintf("p/%d.json.gz", ref[0]), &pack) {
					continue
				}
				packs[ref[0]] = pack
				if ref[1] < 0 || ref[1] >= len(pack) {
					t.Errorf("entry %q: place %d in a pack of %d", key, ref[1], len(pack))
					continue
				}
				tf = pack[ref[1]]
				if used[ref] {
					t.Errorf("entry %q: place %v is another term's too", key, ref)
				}
				used[ref] = true
			} else if err := json.Unmarshal(e[2], &tf); err != nil {
				t.Errorf("entry %q: %v", key, err)
				continue
			}
			var x []string
			var xfile int
			if json.Unmarshal(tf.X, &xfile) == nil {
				if !read(fmt.Sprintf("x/%d.json.gz", xfile), &x) {
					continue
				}
			} else if err := json.Unmarshal(tf.X, &x); err != nil {
				t.Errorf("entry %q: positions: %v", key, err)
				continue
			}
			if len(tf.F) != len(textFields) || len(x) != len(textFields) || tf.C == nil {
				t.Errorf("entry %q: postings %v, positions %v, facets %v", key, tf.F, x, tf.C)
			}
		}
	}
	if terms < 1000 || files == 0 {
		t.Errorf("%d terms, %d with files of their own: the demo should have more", terms, files)
	}
	onDisk, _ := filepath.Glob(filepath.Join(dir, "p", "*.json.gz"))
	if len(onDisk) != len(packs) {
		t.Errorf("%d packs on disk, %d referred to", len(onDisk), len(packs))
	}
	for n, pack := range packs {
		for i := range pack {
			if !used[[2]int{n, i}] {
				t.Errorf("p/%d.json: place %d belongs to no term", n, i)
			}
		}
	}
	if len(packs) >= files {
		t.Errorf("%d packs for %d terms' files: terms are not packed", len(packs), files)
	}
}

// readIndexFile returns the JSON of the static index's file rel in dir:
// decompressed when its name ends in .gz, which it must then be.
func readIndexFile(dir, rel string) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil || !strings.HasSuffix(rel, ".gz") {
		return data, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	return io.ReadAll(zr)
}

// TestScriptReadsThisFormat holds the search page's script to the static
// index's format: the version it checks meta.json for is static.Format.
func TestScriptReadsThisFormat(t *testing.T) {
	js, err := os.ReadFile(searchScript)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*var FORMAT = (\d+);`).FindSubmatch(js)
	if m == nil {
		t.Fatal("search.js: no var FORMAT = N;")
	}
	if got := string(m[1]); got != strconv.Itoa(static.Format) {
		t.Errorf("search.js reads format %s; static.Format is %d", got, static.Format)
	}
}

// readStaticMeta reads the meta.json of the static index in dir.
func readStaticMeta(t *testing.T, dir string) static.Meta {
	t.Helper()
	var meta static.Meta
	data, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err == nil {
		err = json.Unmarshal(data, &meta)
	}
	if err != nil {
		t.Fatal(err)
	}
	return meta
}

// TestStaticIndexOfNothing builds a site whose every page opts out of
// search: the static index must still load in the script and answer with
// no hits.
func TestStaticIndexOfNothing(t *testing.T) {
	fsys := fstest.MapFS{
		"site.toml":         {Data: []byte("title = \"Empty\"\nbaseURL = \"https://example.org/\"\n")},
		"content/hidden.md": {Data: []byte("+++\ntitle = \"Hidden\"\nsummary = \"Not in search.\"\nupdated = 2026-01-01\nreview_due = 2027-01-01\nsearch = false\n+++\n\nBody.\n")},
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Build(builder.Options{Source: fsys, Dest: out, NewIndex: NewIndexes}); err != nil {
		t.Fatal(err)
	}
	var meta static.Meta
	data, err := os.ReadFile(filepath.Join(static.Dir(out), "meta.json"))
	if err == nil {
		err = json.Unmarshal(data, &meta)
	}
	if err != nil || meta.Docs != 0 || meta.Shards == nil {
		t.Fatalf("meta.json: %s (%v)", data, err)
	}
	var res struct{ Responses []staticResponse }
	runEngine(t, map[string]any{"index": static.Dir(out), "requests": []map[string]any{{"query": "body", "size": 5}}}, &res)
	if len(res.Responses) != 1 || res.Responses[0].Total != 0 {
		t.Errorf("the script's answer: %+v", res.Responses)
	}
	idx, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if r, err := idx.Search(Request{Query: "body"}); err != nil || r.Total != 0 {
		t.Errorf("Bleve's answer: %+v, %v", r, err)
	}
}

// TestTagQueryFindsAccentedTag searches a site with a page tagged "Café"
// for the tag as readers may type it, on the server and with the search
// page's script: both must slug it as the builder slugs the page's tag,
// "café", which a rule of ASCII letters alone once made "caf".
func TestTagQueryFindsAccentedTag(t *testing.T) {
	page := func(title, tags string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\ntitle = \"" + title + "\"\ntags = [" + tags + "]\n+++\nA meeting over coffee.\n")}
	}
	fsys := fstest.MapFS{
		"site.toml":             {Data: []byte("title = \"t\"\nbaseURL = \"/\"\n")},
		"content/cafe.md":       page("Community café", `"Café", "Straße Team"`),
		"content/caf.md":        page("Caf", `"caf"`),
		"content/elsewhere.md":  page("Elsewhere", `"meeting"`),
		"content/decomposed.md": page("Decomposed", "\"Cafe\u0301 Two\""),
	}
	out, idx := builtIndex(t, fsys, NewIndexes)
	want := map[string][]string{
		"tag:café": {"cafe/"}, "tag:Café": {"cafe/"}, "tag:CAFÉ": {"cafe/"}, "tag:Cafe\u0301": {"cafe/"},
		"tag:caf": {"caf/"}, "tag:café-two": {"decomposed/"}, "tag:Café_Two": {"decomposed/"},
		"tag:straße-team": {"cafe/"}, "coffee tag:Café": {"cafe/"},
	}
	var queries []string
	var reqs []map[string]any
	for q := range want {
		queries = append(queries, q)
	}
	sort.Strings(queries)
	urls := func(hits []Hit) []string {
		var out []string
		for _, h := range hits {
			out = append(out, h.URL)
		}
		sort.Strings(out)
		return out
	}
	for _, q := range queries {
		res, err := idx.Search(Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if got := urls(res.Hits); !slices.Equal(got, want[q]) {
			t.Errorf("server: %q finds %v, want %v", q, got, want[q])
		}
		reqs = append(reqs, map[string]any{"query": q, "size": 10})
	}
	var res struct{ Responses []staticResponse }
	runEngine(t, map[string]any{"index": static.Dir(out), "requests": reqs}, &res)
	for i, q := range queries {
		if got := urls(res.Responses[i].Hits); !slices.Equal(got, want[q]) {
			t.Errorf("script: %q finds %v, want %v", q, got, want[q])
		}
	}
}

// TestStaticHighlighterMarksWhatTheIndexMatched checks the search page's
// script as TestHighlighterMarksWhatTheIndexMatched checks the server: in
// every hit it marks the words whose terms Bleve says the page matched in
// that field, and no others.
func TestStaticHighlighterMarksWhatTheIndexMatched(t *testing.T) {
	idx, _ := demoIndex(t)
	requests := highlightQueries()
	var reqs []map[string]any
	for _, r := range requests {
		reqs = append(reqs, map[string]any{"query": r.Query, "size": MaxSize, "filters": r.Filters})
	}
	var res struct {
		Responses []staticResponse
		Marks     [][][][][2]int
	}
	runEngine(t, map[string]any{"index": static.Dir(demo.dir + "/public"), "requests": reqs, "marks": true}, &res)
	hits, marked := 0, 0
	for i, r := range requests {
		want, pages, _ := indexMarks(t, idx, Request{Query: r.Query, Filters: r.Filters})
		if len(res.Responses[i].Hits) != len(pages) {
			t.Errorf("%q: the script shows %d hits, Bleve %d", r.Query, len(res.Responses[i].Hits), len(pages))
			continue
		}
		for k, h := range res.Responses[i].Hits {
			url, _, _ := strings.Cut(h.URL, "#")
			p := pages[url]
			if p == nil {
				t.Errorf("%q: the script finds %s, Bleve does not", r.Query, url)
				continue
			}
			hits++
			fields, texts := highlighted(p)
			for j, text := range texts {
				var got []span
				for _, s := range res.Marks[i][k][j] {
					got = append(got, span{s[0], s[1]})
				}
				if len(got) > 0 {
					marked++
				}
				if !slices.Equal(got, want[url][j]) {
					t.Errorf("%q in %s, %s %.60q:\nscript marks %v\nindex        %v", r.Query, url, fields[j], text, words(text, got), words(text, want[url][j]))
				}
			}
		}
	}
	if hits < 300 || marked < 300 {
		t.Errorf("only %d hits, %d texts marked: the comparison says little", hits, marked)
	}
}

// TestScriptParsesWordsAsGo checks that the search page's script splits a
// query into words as ParseQuery does, with the marks a word may hold
// read from meta.json: an underscore joins a word, as in review_due,
// other punctuation splits one, and marks at either end are trimmed.
func TestScriptParsesWordsAsGo(t *testing.T) {
	demoIndex(t)
	queries := []string{"review_due", "don't co-located", "-integration_level_ x", "_a_b_ 'c' --d", "a.b,c;d/e", "tocMinHeadings", "x__y"}
	var parsed []struct{ Words, Excluded []string }
	runEngine(t, map[string]any{"parse": queries, "index": static.Dir(demo.dir + "/public")}, &parsed)
	for i, s := range queries {
		q := ParseQuery(s)
		if !slices.Equal(parsed[i].Words, q.Words) || !slices.Equal(parsed[i].Excluded, q.Excluded) {
			t.Errorf("%q: the script reads words %q, excluded %q; Go %q, %q", s, parsed[i].Words, parsed[i].Excluded, q.Words, q.Excluded)
		}
	}
	if q := ParseQuery("review_due -x_y_"); !slices.Equal(q.Words, []string{"review_due"}) || !slices.Equal(q.Excluded, []string{"x_y"}) {
		t.Errorf("review_due -x_y_ reads as words %q, excluded %q", q.Words, q.Excluded)
	}
}

// carriedMeta returns the meta.json that the search page under out
// carries, or nil when it carries none.
func carriedMeta(t *testing.T, out string) []byte {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(out, "search", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	const open, close = `<script type="application/json" id="search-meta">`, `</script>`
	_, rest, ok := strings.Cut(string(page), open)
	if !ok {
		return nil
	}
	meta, _, ok := strings.Cut(rest, close)
	if !ok {
		t.Fatalf("the search page's meta.json has no end")
	}
	return []byte(meta)
}

// TestSearchPageCarriesMeta checks that the search page of a build with
// the static index carries its meta.json, byte for byte, in a site and in
// a copy to open from a folder, and that one without it carries none.
func TestSearchPageCarriesMeta(t *testing.T) {
	for _, tt := range []struct {
		name     string
		newIndex func(string) (builder.PageIndexer, error)
		file     string // the static index's meta.json, or "" for none
	}{
		{"both indexes", NewIndexes, "meta.json"},
		{"static index alone", NewStaticWriter, "meta.json"},
		{"offline copy", NewOfflineIndex, "meta.js"},
		{"both indexes, and an export", WithExport(NewIndexes, NewExport(filepath.Join(t.TempDir(), "export.ndjson"), "https://example.org/")), "meta.json"},
		{"Bleve index alone", NewWriter, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root, err := os.OpenRoot("..") // the demo
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			out := filepath.Join(t.TempDir(), "public")
			if _, err := builder.Build(builder.Options{Source: root.FS(), Dest: out, NewIndex: tt.newIndex, Offline: tt.file == "meta.js"}); err != nil {
				t.Fatal(err)
			}
			got := carriedMeta(t, out)
			if tt.file == "" {
				if got != nil {
					t.Errorf("the search page carries %.80s with no static index", got)
				}
				return
			}
			data, err := os.ReadFile(filepath.Join(static.Dir(out), tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if tt.file == "meta.js" {
				_, data, _ = bytes.Cut(bytes.TrimSuffix(data, []byte(";\n")), []byte(`["meta.json"] = `))
				if _, err := os.Stat(filepath.Join(static.Dir(out), "build.js")); err != nil {
					t.Errorf("the offline copy has no build.js, for the page to confirm its meta.json by: %v", err)
				}
			}
			if len(got) < 100 || !bytes.Equal(got, data) {
				t.Errorf("the search page carries\n%.200s\nwant %s's\n%.200s", got, tt.file, data)
			}
		})
	}
}

// TestSearchStartsFromCarriedMeta searches the demo's static index with
// the script as a page with no meta.json of its own, and then as pages
// that carry one: the index's; another build's, as a page kept in a cache
// older than the index, whose first answer comes out wrong or fails; one
// of another format, which the script does not read; and the index's,
// from a host with no build.json, as one that an older intkb wrote. Every answer is the same. A page
// carrying the index's meta.json confirms it by build.json alone; the
// older page reads its first answer by its own build, then meta.json, and
// answers again by the served build.
func TestSearchStartsFromCarriedMeta(t *testing.T) {
	demoIndex(t)
	dir := static.Dir(demo.dir + "/public")
	reqs := []map[string]any{{"query": "frailty care", "size": 5}, {"query": "neighbourhood tea", "size": 5}, {"query": `"care home"`, "size": 5}}
	type answer struct {
		Responses []json.RawMessage
		Fetched   []string
	}
	run := func(index, carried string) answer {
		var a answer
		cmd := map[string]any{"index": index, "requests": reqs}
		if carried != "" {
			cmd["carried"] = carried
		}
		runEngine(t, cmd, &a)
		return a
	}
	meta, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(meta, &m); err != nil {
		t.Fatal(err)
	}
	build := m["build"].(string)
	m["build"] = "older"
	m["shards"] = []string{""} // another index's dictionary, in one shard
	older, _ := json.Marshal(m)
	olderFile := filepath.Join(t.TempDir(), "older.json")
	if err := os.WriteFile(olderFile, older, 0o644); err != nil {
		t.Fatal(err)
	}
	m["shards"] = manyShards() // shards the index has not: reading one fails
	missing, _ := json.Marshal(m)
	missingFile := filepath.Join(t.TempDir(), "missing.json")
	m["build"], m["shards"], m["version"] = build, nil, static.Format-1
	otherFormat, _ := json.Marshal(m)
	otherFormatFile := filepath.Join(t.TempDir(), "format.json")
	for f, data := range map[string][]byte{missingFile: missing, otherFormatFile: otherFormat} {
		if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	noBuild := filepath.Join(t.TempDir(), "index")
	if err := os.CopyFS(noBuild, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(noBuild, "build.json")); err != nil {
		t.Fatal(err)
	}
	count := func(urls []string, suffix string) int {
		n := 0
		for _, u := range urls {
			if strings.HasSuffix(u, suffix) {
				n++
			}
		}
		return n
	}
	plain := run(dir, "")
	if n := count(plain.Fetched, "/meta.json"); n != 1 || count(plain.Fetched, "/build.json") != 0 {
		t.Errorf("with no meta.json of its own, the page fetched meta.json %d times, and build.json: %q", n, plain.Fetched)
	}
	for _, tt := range []struct {
		name, index, carried string
		meta, build          int  // how many times each is fetched
		olderFiles           bool // whether files of the older build are read first
	}{
		{"carrying the index's", dir, filepath.Join(dir, "meta.json"), 0, 1, false},
		{"carrying an older build's", dir, olderFile, 1, 1, true},
		{"carrying an older build's, whose shards the index has not", dir, missingFile, 1, 1, true},
		{"carrying another format's", dir, otherFormatFile, 1, 0, false},
		{"with no build.json", noBuild, filepath.Join(dir, "meta.json"), 1, 1, false},
	} {
		a := run(tt.index, tt.carried)
		if len(a.Responses) != len(plain.Responses) {
			t.Fatalf("%s: %d answers, want %d", tt.name, len(a.Responses), len(plain.Responses))
		}
		for i := range plain.Responses {
			if !bytes.Equal(a.Responses[i], plain.Responses[i]) {
				t.Errorf("%s: %v answered\n%.300s\nwant\n%.300s", tt.name, reqs[i]["query"], a.Responses[i], plain.Responses[i])
			}
		}
		if got, want := [2]int{count(a.Fetched, "/meta.json"), count(a.Fetched, "/build.json")}, [2]int{tt.meta, tt.build}; got != want {
			t.Errorf("%s: meta.json and build.json fetched %v times, want %v: %q", tt.name, got, want, a.Fetched)
		}
		if olderReads := count(a.Fetched, "?v=older"); olderReads > 0 != tt.olderFiles {
			t.Errorf("%s: %d files read by the older build: %q", tt.name, olderReads, a.Fetched)
		}
		if count(a.Fetched, "?v="+build) == 0 {
			t.Errorf("%s: no file read by the served build: %q", tt.name, a.Fetched)
		}
	}
}

// manyShards returns the first keys of more dictionary shards than the
// demo's index has, in order.
func manyShards() []string {
	var out []string
	for c := 'a'; c <= 'z'; c++ {
		for n := 0; n < 100; n++ {
			out = append(out, fmt.Sprintf("%c%02d", c, n))
		}
	}
	return out
}
