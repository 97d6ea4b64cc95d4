package search

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"intkb/builder"
	"intkb/internal/portalfixture"
	"intkb/search/static"
)

// portal is the portal of package portalfixture, built once with both
// indexes: the demo site, placed in a region and ICB, importing
// Coastway's blueprints (Tidewater and Fellside).
var portal struct {
	once  sync.Once
	dir   string // the site's folder; the output is in public/
	res   *builder.Result
	index *Index
	err   error
}

// portalBase is the base URL the portal's export is given.
const portalBase = "https://portal.northshire.nhs.uk/"

func portalIndex(t testing.TB) (*Index, *builder.Result) {
	t.Helper()
	portal.once.Do(func() {
		if portal.dir, portal.err = os.MkdirTemp("", "intkb-portal-test-"); portal.err != nil {
			return
		}
		if portal.err = portalfixture.Write("..", portal.dir); portal.err != nil {
			return
		}
		out := filepath.Join(portal.dir, "public")
		export := NewExport(filepath.Join(portal.dir, "search-documents.ndjson"), portalBase)
		portal.res, portal.err = builder.Build(builder.Options{Source: os.DirFS(portal.dir), Dest: out, NewIndex: WithExport(NewIndexes, export)})
		if portal.err == nil {
			portal.index, portal.err = Open(out)
		}
	})
	if portal.err != nil {
		t.Fatal(portal.err)
	}
	return portal.index, portal.res
}

// closePortal removes what portalIndex made, from TestMain.
func closePortal() {
	if portal.index != nil {
		portal.index.Close()
	}
	if portal.dir != "" {
		os.RemoveAll(portal.dir)
	}
}

// TestPortalSearchesImportedBlueprints checks that a portal's search
// finds the blueprints it imports: each a blueprint hit linking to the
// other site's own page, marked with its source, counted under the
// region, ICB and source facets, and filtered by them.
func TestPortalSearchesImportedBlueprints(t *testing.T) {
	idx, _ := portalIndex(t)
	res, err := idx.Search(Request{Query: "tidewater"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 {
		t.Fatalf("tidewater: %d hits, want 1: %+v", res.Total, res.Hits)
	}
	h := res.Hits[0]
	if want := portalfixture.SourceURL + "blueprints/tidewater/"; h.URL != want || h.Type != "blueprint" || h.Source != portalfixture.Source || h.Area != "" {
		t.Errorf("hit %+v: want a blueprint at %s from %s, with no area of this site's", h, want, portalfixture.Source)
	}
	if got := h.Link("/base/"); got != h.URL {
		t.Errorf("link %q: an imported page's absolute URL must be kept as it is", got)
	}
	for param, want := range map[string]string{"region": "south-west", "icb": "coastway-icb", "site": portalfixture.Source} {
		if res.Facets[param][want] != 1 {
			t.Errorf("facet %s: %v, want %s counted once", param, res.Facets[param], want)
		}
	}
	// Frailty is Saltmere's, and Tidewater's, which is Saltmere renamed.
	all, err := idx.Search(Request{Query: "frailty", Size: MaxSize})
	if err != nil {
		t.Fatal(err)
	}
	if all.Facets["site"][portalfixture.Source] == 0 || all.Facets["region"]["north-east-and-yorkshire"] == 0 {
		t.Fatalf("frailty: facets %v", all.Facets)
	}
	for param, value := range map[string]string{"region": "south-west", "icb": "coastway-icb", "site": portalfixture.Source} {
		got, err := idx.Search(Request{Query: "frailty", Size: MaxSize, Filters: Filters{param: {value}}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != uint64(all.Facets[param][value]) || got.Total == 0 {
			t.Errorf("frailty with %s=%s: %d hits, the facet counted %d", param, value, got.Total, all.Facets[param][value])
		}
		for _, h := range got.Hits {
			if !strings.HasPrefix(h.URL, portalfixture.SourceURL) {
				t.Errorf("frailty with %s=%s: %s is not Coastway's", param, value, h.URL)
			}
		}
	}
}

// TestPortalNoSourceFacetWithoutImports checks that a site importing
// nothing, and placing no area in a region or ICB, counts no value of
// those facets, in either index, so that its search page shows none.
func TestPortalNoSourceFacetWithoutImports(t *testing.T) {
	res := search(t, Request{Query: "frailty"})
	var answer struct{ Responses []staticResponse }
	runEngine(t, map[string]any{"index": static.Dir(filepath.Join(demo.dir, "public")), "requests": []map[string]any{{"query": "frailty", "size": 10}}}, &answer)
	for _, f := range []string{"site", "region", "icb"} {
		if len(res.Facets[f]) != 0 || len(answer.Responses[0].Facets[f]) != 0 {
			t.Errorf("the demo site imports nothing and has no regions, but counts %s %v, and in the static index %v", f, res.Facets[f], answer.Responses[0].Facets[f])
		}
	}
	if res.Total == 0 || answer.Responses[0].Total != res.Total {
		t.Errorf("frailty: %d hits, %d in the static index", res.Total, answer.Responses[0].Total)
	}
}

// portalQueries are searched on both indexes of the portal: words of
// the imported blueprints, and each of the portal's facets.
var portalQueries = []Request{
	{Query: "tidewater"}, {Query: "fellside"}, {Query: "frailty"}, {Query: "coastal frailty"},
	{Query: "frailty", Filters: Filters{"region": {"south-west"}}},
	{Query: "team", Filters: Filters{"icb": {"coastway-icb", "moorvale-icb"}}},
	{Query: "team", Filters: Filters{"site": {portalfixture.Source}, "cohort": {"frailty"}}},
	{Query: "care region:north-west"}, {Query: "source:coastway"}, {Query: "icb:Coastway-ICB daily"},
	{Query: "neighbourhood", Page: 2, Size: 4}, {Query: `"unity of effort"`}, {Query: "tidewat"},
}

// TestPortalStaticIndexAgreesWithBleve checks that the static index
// answers the portal's queries as the Bleve index does, imported
// blueprints and facets included.
func TestPortalStaticIndexAgreesWithBleve(t *testing.T) {
	idx, _ := portalIndex(t)
	agreeStatic(t, idx, filepath.Join(portal.dir, "public"), append(portalQueries, agreementQueries...), 5)
}

// TestImportedBlueprintScoresAsItsOwnSite checks that ranking treats an
// imported blueprint's text as it treats a site's own: the same
// blueprint scores the same whether the portal imports it or holds it as
// its own page, for any query.
//
// BM25 depends on the whole collection (how many pages have a term, the
// average length of each field), so a score means something only against
// the same collection. Here there are two: the portal, where Tidewater
// is imported from Coastway, and a reference site identical but for
// holding Tidewater as its own blueprint page (its front matter as
// Coastway wrote it, and no body, since open data carries none), with
// Tidewater in its own [[areas]]. Every page, and the text of each, is
// the same in both, so every score must be: the portal's one index
// scores imported and local pages on one set of statistics (as Bleve's
// aliases would need search.GlobalScoring to), and an imported page is
// indexed with the same fields, boosts and text as a local one. Were the
// imported page to leave out its summary, its area's name or a field of
// its blueprint, or be given a boost or a field of its own, its score
// here would differ. Scores are compared to 1e-12 of their size, as a
// sum of floating-point numbers may differ in its last bit with the
// order it is added in; leaving the area's name out of imported pages
// changes a score by 2e-5 of its size or more.
func TestImportedBlueprintScoresAsItsOwnSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a second site")
	}
	idx, _ := portalIndex(t)
	ref := referenceIndex(t)
	tidewater := portalfixture.SourceURL + "blueprints/tidewater/"
	for _, q := range []string{"tidewater", "frailty", "coastal frailty home", `"daily huddle"`, "pooled budget seaside", "tidewat"} {
		got, err := idx.Search(Request{Query: q, Size: MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		want, err := ref.Search(Request{Query: q, Size: MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		scores := map[string]float64{}
		for _, h := range want.Hits {
			scores[pageURL(h)] = h.Score
		}
		found := false
		for _, h := range got.Hits {
			u := pageURL(h)
			if u == tidewater {
				u, found = "blueprints/tidewater/", true
			}
			if w, ok := scores[u]; !ok || math.Abs(w-h.Score) > 1e-12*w {
				t.Errorf("%q: %s scores %v in the portal, %v (found: %v) as the site's own", q, pageURL(h), h.Score, w, ok)
			}
		}
		if !found || got.Total != want.Total {
			t.Errorf("%q: %d hits in the portal (Tidewater found: %v), %d in the reference", q, got.Total, found, want.Total)
		}
	}
}

// referenceIndex builds the portal's reference site (see
// TestImportedBlueprintScoresAsItsOwnSite) and opens its index.
func referenceIndex(t *testing.T) *Index {
	toml, err := portalfixture.PortalTOML("..")
	if err != nil {
		t.Fatal(err)
	}
	toml += portalfixture.AreaTOML("tidewater")
	toml += fmt.Sprintf("\n[[import]]\nname = %q\nsource = \"data/coastway.json\"\n", portalfixture.Source)
	page, err := portalfixture.Blueprint("..", "tidewater", "")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(portal.dir, "data", "coastway.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var fellside []any
	for _, r := range doc["blueprints"].([]any) {
		if r.(map[string]any)["slug"] != "tidewater" {
			fellside = append(fellside, r)
		}
	}
	doc["blueprints"] = fellside
	if data, err = json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"site.toml":                       {Data: []byte(toml)},
		"data/coastway.json":              {Data: data},
		"content/blueprints/tidewater.md": {Data: []byte(page)},
	}
	demo := os.DirFS(filepath.Join(portal.dir, "content"))
	if err := fs.WalkDir(demo, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(demo, p)
		fsys["content/"+p] = &fstest.MapFile{Data: b}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	_, idx := builtIndex(t, fsys, NewWriter)
	return idx
}

// TestExportHoldsTheIndexedDocuments checks the export of the portal's
// search documents: in the bulk format, one document for each the Bleve
// index holds, under its absolute URL, imported blueprints among them
// with their source, region and ICB, and a local page's text.
func TestExportHoldsTheIndexedDocuments(t *testing.T) {
	idx, _ := portalIndex(t)
	data, err := os.ReadFile(filepath.Join(portal.dir, "search-documents.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines)%2 != 0 {
		t.Fatalf("%d lines: not action and document pairs", len(lines))
	}
	docs := map[string]map[string]any{}
	for i := 0; i < len(lines); i += 2 {
		var action struct {
			Index struct {
				ID string `json:"_id"`
			}
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &action); err != nil || action.Index.ID == "" {
			t.Fatalf("line %d: not an index action: %s", i+1, lines[i])
		}
		if err := json.Unmarshal([]byte(lines[i+1]), &doc); err != nil {
			t.Fatalf("line %d: %v", i+2, err)
		}
		if doc["url"] != action.Index.ID {
			t.Errorf("line %d: url %v, _id %s", i+2, doc["url"], action.Index.ID)
		}
		docs[action.Index.ID] = doc
	}
	n, err := idx.idx.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	if uint64(len(docs)) != n {
		t.Errorf("%d documents exported, the index holds %d", len(docs), n)
	}
	tide := docs[portalfixture.SourceURL+"blueprints/tidewater/"]
	if tide["source"] != portalfixture.Source || tide["region"] != "south-west" || tide["icb"] != "coastway-icb" || tide["type"] != "blueprint" || tide["area"] != nil {
		t.Errorf("Tidewater exported as %v", tide)
	}
	salt := docs[portalBase+"blueprints/saltmere/"]
	if body, _ := salt["body"].(string); !strings.Contains(body, "daily huddle") || salt["area"] != "saltmere" || salt["source"] != nil {
		t.Errorf("Saltmere exported as %v", salt)
	}
	if cohorts, _ := salt["cohorts"].([]any); len(cohorts) != 2 {
		t.Errorf("Saltmere's cohorts exported as %v", salt["cohorts"])
	}
}
