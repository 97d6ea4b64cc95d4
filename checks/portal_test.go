package checks

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"intkb/internal/portalfixture"
)

// TestPortalStaticSearchInBrowser builds a portal (the demo importing
// Coastway's blueprints, see internal/portalfixture) with the real
// binary, serves it as plain files and searches it in Chromium: the
// region, ICB and source-site filters are shown with their names, each
// is chosen and removed from the keyboard and narrows the results, the
// imported blueprints link to Coastway's own pages and say "from
// coastway", and axe-core finds nothing with the filters open.
func TestPortalStaticSearchInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium: not with -short")
	}
	node := needBrowser(t)
	dir := t.TempDir()
	if err := portalfixture.Write(repo, dir); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, dir, "build"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	files := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(dir, "public"))))
	defer files.Close()
	type result struct{ Type, Href string }
	var got struct {
		Failed, Errors, Groups, Labels, Axe []string
		Count                               string
		Results                             []result
		SummaryReached, Opened              bool
		Filtered                            []struct {
			Param, Value, URL, Count string
			Reached                  bool
			Results                  []result
		}
	}
	plan := map[string]any{"chromium": chromium, "url": files.URL + "/search/?q=frailty", "tags": axeTags,
		"filters": [][2]string{{"region", "south-west"}, {"icb", "coastway-icb"}, {"site", portalfixture.Source}}}
	runNode(t, node, []string{"portal-search.mjs"}, plan, &got)
	if len(got.Failed) > 0 || len(got.Errors) > 0 || len(got.Axe) > 0 {
		t.Errorf("failed requests %v, script errors %v, axe-core %v", got.Failed, got.Errors, got.Axe)
	}
	for _, g := range []string{"Region", "ICB", "Source site"} {
		if !slices.Contains(got.Groups, g) {
			t.Errorf("no %s filter among %v", g, got.Groups)
		}
	}
	for _, l := range []string{"region=south-west:South West", "region=north-east-and-yorkshire:North East and Yorkshire",
		"icb=coastway-icb:Coastway ICB", "icb=moorvale-icb:Moorvale ICB", "site=coastway:coastway"} {
		if !slices.Contains(got.Labels, l) {
			t.Errorf("no filter %s among %v", l, got.Labels)
		}
	}
	imported := 0
	for _, r := range got.Results {
		if strings.HasPrefix(r.Href, portalfixture.SourceURL) {
			imported++
			if !strings.HasSuffix(r.Type, " · from coastway") {
				t.Errorf("imported hit %s is shown as %q, without its site", r.Href, r.Type)
			}
		}
	}
	if imported == 0 {
		t.Errorf("frailty finds no imported blueprint: %+v", got.Results)
	}
	if !got.SummaryReached || !got.Opened {
		t.Errorf("the filters were not reached and opened from the keyboard: %v %v", got.SummaryReached, got.Opened)
	}
	if len(got.Filtered) != 3 {
		t.Fatalf("%d filters chosen, want 3", len(got.Filtered))
	}
	for _, f := range got.Filtered {
		if !f.Reached || !strings.Contains(f.URL, f.Param+"="+f.Value) || len(f.Results) == 0 {
			t.Errorf("%s=%s: reached by Tab %v, address %s, %d results", f.Param, f.Value, f.Reached, f.URL, len(f.Results))
		}
		for _, r := range f.Results {
			if !strings.HasPrefix(r.Href, portalfixture.SourceURL) {
				t.Errorf("%s=%s: %s is not Coastway's", f.Param, f.Value, r.Href)
			}
		}
	}
}
