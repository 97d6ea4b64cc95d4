package builder

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"intkb/bench/corpus"
	"intkb/builder/compare"
	"intkb/builder/model"
)

// portalBlueprints is another site's blueprints.json with n areas
// (see corpus.Portal).
func portalBlueprints(t *testing.T, n int) string {
	t.Helper()
	data, err := corpus.Portal([]byte(otherSiteData(t)), n, "portal.example")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// portalSite is an importing site with n imported areas from one import,
// "pcn", its caps raised to take them all, and extra site.toml lines.
func portalSite(t *testing.T, n int, settings string) string {
	imports := fmt.Sprintf("[imports]\nmaxAreas = %d\n%s\n[[import]]\nname = \"pcn\"\nsource = \"imports/pcn.json\"\nmaxAreas = %d\n", n, settings, n)
	return importingSite(imports, "-- imports/pcn.json --\n"+portalBlueprints(t, n)+"\n")
}

// TestCompareAtScale builds a portal of 1,250 imported areas and checks
// that /compare/ is filter-first and small, that the prepared pages of
// each region and ICB exist and link to one another, that the data the
// static page reads is written, and that a blueprint page does not grow.
func TestCompareAtScale(t *testing.T) {
	const n = 1250
	res, dest, err := buildImporting(t, portalSite(t, n, ""), Options{})
	if err != nil {
		t.Fatal(err)
	}
	page := readOut(t, dest, "compare/index.html")
	if len(page) >= 500_000 {
		t.Errorf("/compare/ is %d bytes with %d areas; want under 500 KB", len(page), n)
	}
	t.Logf("/compare/ is %d bytes with %d areas", len(page), n+1)
	for _, want := range []string{`data-compare-scale`, `1,251 of 1,251 areas chosen`, `<select id="filter-region" name="region"`, `href="/compare/region/region-3/"`, `href="/compare/icb/integrated-care-board-07/"`, `js/compare-scale.js`} {
		if !strings.Contains(page, want) {
			t.Errorf("/compare/ lacks %s", want)
		}
	}
	if cols := strings.Count(page, `class="compare-matrix__area"`); cols != 0 {
		t.Errorf("/compare/ sets %d areas side by side before any is chosen", cols)
	}
	// A region's page: its 1250/7 areas, summed up; an ICB's: side by side
	// when it has no more than maxColumns.
	region := readOut(t, dest, "compare/region/region-3/index.html")
	inRegion := portalCount(n, func(i int) bool { return corpus.PortalAreaOf(i).Region == "Region 3" })
	if want := fmt.Sprintf("%d of %s areas chosen", inRegion, model.NumberText(n+1)); !strings.Contains(region, want) {
		t.Errorf("the page of Region 3 does not say %q", want)
	}
	// Every prepared page the summary links to is written: 7 regions and
	// 42 ICBs, each a link once.
	links := regexp.MustCompile(`href="/(compare/(?:region|icb)/[^"]+/)"`).FindAllStringSubmatch(page, -1)
	if len(links) != corpus.PortalRegions+corpus.PortalICBs {
		t.Errorf("/compare/ links to %d prepared pages; want %d", len(links), corpus.PortalRegions+corpus.PortalICBs)
	}
	for _, m := range links {
		if _, err := os.Stat(filepath.Join(dest, m[1], "index.html")); err != nil {
			t.Errorf("/compare/ links to %s, which is not written", m[1])
		}
	}
	icb := readOut(t, dest, "compare/icb/integrated-care-board-07/index.html")
	if !strings.Contains(icb, "<h1 id=\"page-title\">Compare the areas of Integrated Care Board 07</h1>") || !strings.Contains(icb, `<option value="integrated-care-board-07" selected>`) {
		t.Error("the ICB's page does not name it, or its filter does not show it chosen")
	}
	if cols := strings.Count(icb, `class="compare-matrix__area"`); cols != 0 {
		t.Errorf("the ICB page sets %d of its 30 areas side by side; want none over maxColumns", cols)
	}
	for _, rel := range []string{"compare/areas.json", "compare/area/pcn/area-1249.json", "compare/area/saltmere.json"} {
		if info, err := os.Stat(filepath.Join(dest, rel)); err != nil {
			t.Error(err)
		} else if rel == "compare/areas.json" {
			t.Logf("%s is %d bytes", rel, info.Size())
		}
	}
	small, smallDest, err := buildImporting(t, portalSite(t, 1, ""), Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = small
	// The page but for its bounded list of areas like it (like_test.go).
	smallPage, _ := withoutAreasLike(t, readOut(t, smallDest, "blueprints/saltmere/index.html"))
	bigPage, _ := withoutAreasLike(t, readOut(t, dest, "blueprints/saltmere/index.html"))
	if a, b := len(smallPage), len(bigPage); a != b {
		t.Errorf("a blueprint page, but for its areas like it, is %d bytes with one imported area, %d with %d", a, b, n)
	}
	// What a server's requests cost, for the record (not judged: the
	// machine may be busy).
	for _, query := range []string{"", "region=region-2&level=unity_of_effort", "areas=pcn/area-1,pcn/area-2,pcn/area-3", "name=network+01"} {
		q, _ := url.ParseQuery(query)
		var buf bytes.Buffer
		start := time.Now()
		const reps = 5
		for range reps {
			buf.Reset()
			if err := res.Site.RenderCompare(&buf, compare.ParseQuery(q)); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("served ?%s: %d bytes in %v", query, buf.Len(), time.Since(start)/reps)
	}
}

// portalCount is how many of the fixture's n areas keep says yes to.
func portalCount(n int, keep func(i int) bool) int {
	c := 0
	for i := range n {
		if keep(i) {
			c++
		}
	}
	return c
}

// TestCompareFilterServed checks the filter-first comparison a server
// renders per request: the set a query string chooses, its summary's
// counts, the columns it sets side by side and the cap on them.
func TestCompareFilterServed(t *testing.T) {
	const n = 60
	res, dest, err := buildImporting(t, portalSite(t, n, "[compare]\nmaxColumns = 4"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// An ICB's prepared page sets its few areas side by side, for
	// readers without JavaScript on plain hosting.
	inICB := portalCount(n, func(i int) bool { return corpus.PortalAreaOf(i).ICB == "Integrated Care Board 03" })
	if cols := strings.Count(readOut(t, dest, "compare/icb/integrated-care-board-03/index.html"), `class="compare-matrix__area"`); inICB > 4 || cols != inICB {
		t.Errorf("the page of an ICB of %d areas sets %d side by side", inICB, cols)
	}
	render := func(query string) string {
		t.Helper()
		q, _ := url.ParseQuery(query)
		var buf bytes.Buffer
		if err := res.Site.RenderCompare(&buf, compare.ParseQuery(q)); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	levels := model.Vocabularies["integration_level"].Terms
	level := levels[1].Value
	want := portalCount(n, func(i int) bool { a := corpus.PortalAreaOf(i); return a.Region == "Region 2" && a.Level == level })
	page := render("region=region-2&level=" + level)
	if s := fmt.Sprintf("%d of %d areas chosen", want, n+1); !strings.Contains(page, s) {
		t.Errorf("region-2 and %s: the page does not say %q", level, s)
	}
	// Every one of them is at that level: the summary's integration
	// levels count them all there and none elsewhere.
	if s := summaryCount(t, page, "Integration level", levels[1].Label); s != want {
		t.Errorf("the summary counts %d at %s; want %d", s, levels[1].Label, want)
	}
	// The budgets of the set, counted.
	budgets := map[string]int{}
	for i := range n {
		if a := corpus.PortalAreaOf(i); a.Region == "Region 2" && a.Level == level {
			budgets[a.Budget]++
		}
	}
	for b, c := range budgets {
		if got := summaryCount(t, page, "Budget", model.Vocabularies["budget"].Label(b)); got != c {
			t.Errorf("budget %s: the summary counts %d; want %d", b, got, c)
		}
	}
	if cols := strings.Count(page, `class="compare-matrix__area"`); want <= 4 && cols != want {
		t.Errorf("%d areas chosen, %d side by side; want all of them", want, cols)
	}
	// Asking for every area sets the first maxColumns side by side, with
	// one notice.
	var keys []string
	for i := range 25 {
		keys = append(keys, fmt.Sprintf("pcn/area-%d", i))
	}
	page = render("areas=" + strings.Join(keys, ","))
	if cols := strings.Count(page, `class="compare-matrix__area"`); cols != 4 {
		t.Errorf("25 areas asked: %d side by side; want 4", cols)
	}
	if !strings.Contains(page, "At most 4 areas are set side by side") || strings.Contains(page, "At most 20") {
		t.Error("25 areas asked: no notice of the cap, or one of another")
	}
	if page = render("name=network+0001"); !strings.Contains(page, "1 of 61 areas chosen") || strings.Count(page, `class="compare-matrix__area"`) != 1 {
		t.Error("name=network 0001 does not choose the one area and set it out")
	}
	if page = render("region=nowhere"); !strings.Contains(page, "No area matches every filter") {
		t.Error("a filter that matches nothing says nothing")
	}
}

// summaryCount returns the count the summary table captioned caption
// gives the row labelled label.
func summaryCount(t *testing.T, page, caption, label string) int {
	t.Helper()
	i := strings.Index(page, `<caption class="visually-hidden">`+caption+"</caption>")
	if i < 0 {
		t.Fatalf("no summary table %q", caption)
	}
	table := page[i:]
	table = table[:strings.Index(table, "</table>")]
	m := regexp.MustCompile(`<th scope="row">(?:<a [^>]*>)?` + regexp.QuoteMeta(label) + `(?:</a>)?</th>\s*<td><span[^>]*><span[^>]*></span></span> (\d+)</td>`).FindStringSubmatch(table)
	if m == nil {
		return 0
	}
	var c int
	fmt.Sscan(m[1], &c)
	return c
}
