package builder

import (
	"io"
	"strings"
	"testing"

	"intkb/builder/compare"
)

// TestRenderCompare checks that a served comparison is the page Render
// makes for CompareView, and that asking for areas that do not exist does
// not show every area.
func TestRenderCompare(t *testing.T) {
	res, _ := buildCompareSite(t, "", Options{})
	columns := func(page string) int { return strings.Count(page, `class="compare-matrix__area"`) }
	tests := []struct {
		name    string
		q       compare.Query
		columns int
		inPage  string
	}{
		{"every area", compare.Query{}, 3, "Showing 3 areas."},
		{"every area, only differences", compare.Query{OnlyDifferences: true}, 3, "Showing 3 areas, only where they differ."},
		{"two", compare.Query{Areas: []string{"cedar", "alder"}}, 2, "Showing 2 areas."},
		{"none that exist", compare.Query{Areas: []string{"x", "y"}}, 0, "No area is shown: choose two or more in the form above."},
		{"only a notice", compare.Query{Notices: []string{"An area name was too long"}}, 0, "None of the areas you asked for is here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var served, rendered strings.Builder
			for range 2 { // the second time from what the first kept
				served.Reset()
				if err := res.Site.RenderCompare(&served, tt.q); err != nil {
					t.Fatal(err)
				}
			}
			if err := res.Site.Render(&rendered, "compare", res.Site.CompareView(tt.q)); err != nil {
				t.Fatal(err)
			}
			page := served.String()
			if page != rendered.String() {
				t.Error("RenderCompare and Render of CompareView differ")
			}
			if n := columns(page); n != tt.columns || !strings.Contains(page, tt.inPage) {
				t.Errorf("%d columns, want %d, and %q in the page", n, tt.columns, tt.inPage)
			}
			if n := strings.Count(page, `name="areas"`); n != 3 {
				t.Errorf("the form offers %d areas, want 3", n)
			}
		})
	}

	// The page of every area is rendered once, then copied.
	res.Site.RenderCompare(io.Discard, compare.Query{})
	if n := testing.AllocsPerRun(20, func() { res.Site.RenderCompare(io.Discard, compare.Query{}) }); n > 5 {
		t.Errorf("serving every area again made %.0f allocations: it was rendered again", n)
	}
}

// TestRenderCompareAfterAnEdit checks that the page of every area a
// server keeps is made again for each version of the site.
func TestRenderCompareAfterAnEdit(t *testing.T) {
	ls := newLiveSite(t, compareSite)
	site := ls.live.site
	var before strings.Builder
	if err := site.RenderCompare(&before, compare.Query{}); err != nil {
		t.Fatal(err)
	}
	ls.edit("content/blueprints/birch.md", `statement = "What matters in birch."`, `statement = "Homes first, in birch."`)
	ls.apply("content/blueprints/birch.md")
	var after strings.Builder
	if err := site.RenderCompare(&after, compare.Query{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(before.String(), "What matters in birch.") || !strings.Contains(after.String(), "Homes first, in birch.") {
		t.Error("the page of every area served after an edit is the one from before it")
	}
}
