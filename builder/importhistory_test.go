package builder

import (
	"regexp"
	"strings"
	"testing"
)

// TestImportedHistory checks that imports read open data of both schema
// versions: version 2 with each blueprint's history, which gives the
// imported area the same history as on its own site, and version 1,
// without, which gives it none.
func TestImportedHistory(t *testing.T) {
	v2 := otherSiteData(t) // compareSite's: birch's budget was aligned until 2026-05-01
	if !strings.Contains(v2, `"schema_version": 2`) || !strings.Contains(v2, `"field": "finance.budget"`) {
		t.Fatalf("the other site's data has no history:\n%s", v2)
	}
	v1 := strings.Replace(v2, `"schema_version": 2`, `"schema_version": 1`, 1)
	v1 = regexp.MustCompile(`(?s),\s*"history": \[.*?\n      \]`).ReplaceAllString(v1, "")
	if strings.Contains(v1, `"history"`) {
		t.Fatalf("the version 1 file has a history:\n%s", v1)
	}
	for _, tt := range []struct {
		name, data string
		want       []string
	}{
		{"version 2", v2, []string{"2025-09-01 front matter", "2026-05-01 front matter", "  Budget: Aligned budgets → Pooled budget"}},
		{"version 1", v1, []string{"2026-05-01 front matter"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := importingSite("[[import]]\nname = \"trees\"\nsource = \"imports/trees.json\"\n", "-- imports/trees.json --\n"+tt.data)
			res, _, err := buildImporting(t, site, Options{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			got := historyLines(areaHistory(t, res, "trees/birch"))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("trees/birch's history:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
