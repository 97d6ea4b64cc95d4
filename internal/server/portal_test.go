package server

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intkb/builder"
	"intkb/internal/portalfixture"
	"intkb/search"
)

// TestPortalSearchPage checks the server-rendered search page of a
// portal: the region, ICB and source-site filters with their names as
// written, imported blueprints linked to their own site and marked with
// it, and ?region= filtering.
func TestPortalSearchPage(t *testing.T) {
	dir := t.TempDir()
	if err := portalfixture.Write("../..", dir); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	built, err := builder.Build(builder.Options{Source: os.DirFS(dir), Dest: out, NewIndex: search.NewWriter})
	if err != nil {
		t.Fatal(err)
	}
	idx, err := search.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	h := SearchPageHandler(idx, built.Site)
	get := func(target string) string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		if rec.Code != 200 {
			t.Fatalf("%s: status %d", target, rec.Code)
		}
		return rec.Body.String()
	}
	body := get("/search/?q=frailty")
	for _, want := range []string{
		`<h4 class="search-filters__title">Region</h4>`, `South West <span class="search-filters__count">(1)</span>`,
		`North East and Yorkshire <span`, `<h4 class="search-filters__title">ICB</h4>`, `Coastway ICB <span`,
		`<h4 class="search-filters__title">Source site</h4>`, `href="/search/?q=frailty&amp;site=coastway"`,
		`<a href="` + portalfixture.SourceURL + `blueprints/tidewater/">`, `Local blueprint · from coastway</p>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/search/?q=frailty lacks %s", want)
		}
	}
	body = get("/search/?q=frailty&region=south-west")
	if !strings.Contains(body, "1 page matches") || !strings.Contains(body, "Remove filter: </span>South West") {
		t.Errorf("?region=south-west: not one page, chosen as South West:\n%s", body)
	}
	rec := httptest.NewRecorder()
	SearchAPIHandler(idx, "/portal/").ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=tidewater", nil))
	if want := `"url":"` + portalfixture.SourceURL + `blueprints/tidewater/","title":"Tidewater neighbourhood frailty teams","type":"blueprint","source":"coastway"`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("/api/search?q=tidewater lacks %s:\n%s", want, rec.Body.String())
	}
	// The demo imports nothing: it offers no source filter.
	_, demoBuilt, demoIdx := demoSite(t)
	rec = httptest.NewRecorder()
	SearchPageHandler(demoIdx, demoBuilt.Site).ServeHTTP(rec, httptest.NewRequest("GET", "/search/?q=frailty", nil))
	if b := rec.Body.String(); strings.Contains(b, "Source site") || strings.Contains(b, ">Region<") {
		t.Errorf("the demo site, with no imports and no regions, shows a source or region filter")
	}
}
