package builder

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// manyBlueprints returns another site's blueprints.json holding n
// blueprints, area-0 to area-N, at https://HOST/blueprints/area-I/: the
// comparison fixture's first blueprint, copied.
func manyBlueprints(t *testing.T, n int, host string) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(otherSiteData(t)), &doc); err != nil {
		t.Fatal(err)
	}
	template := doc["blueprints"].([]any)[0].(map[string]any)
	records := make([]any, n)
	for i := range records {
		r := map[string]any{}
		for k, v := range template {
			r[k] = v
		}
		r["slug"] = fmt.Sprintf("area-%d", i)
		r["title"] = fmt.Sprintf("Area %d model", i)
		r["area_name"] = fmt.Sprintf("Area %d", i)
		if host != "" {
			r["url"] = fmt.Sprintf("https://%s/blueprints/area-%d/", host, i)
		} else {
			r["url"] = fmt.Sprintf("/blueprints/area-%d/", i)
		}
		records[i] = r
	}
	doc["blueprints"] = records
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// importedKeys returns the keys of the imported areas /compare/ can
// compare, in order: its columns, or, when there are more areas than it
// sets side by side, those of compare/areas.json.
func importedKeys(t *testing.T, dest string) []string {
	t.Helper()
	var keys []string
	if data, err := os.ReadFile(filepath.Join(dest, "compare", "areas.json")); err == nil {
		var index struct {
			Areas []struct{ Key, Source string }
		}
		if err := json.Unmarshal(data, &index); err != nil {
			t.Fatal(err)
		}
		for _, a := range index.Areas {
			if a.Source != "" {
				keys = append(keys, a.Key)
			}
		}
		return keys
	}
	page := readOut(t, dest, "compare/index.html")
	for _, m := range regexp.MustCompile(`data-col="([^"]+/[^"]+)" class="compare-matrix__area"`).FindAllStringSubmatch(page, -1) {
		keys = append(keys, m[1])
	}
	return keys
}

func areaKeys(source string, from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("%s/area-%d", source, i))
	}
	return out
}

func TestImportLimits(t *testing.T) {
	files := "-- imports/big.json --\n" + manyBlueprints(t, 250, "big.example") +
		"\n-- imports/ten.json --\n" + manyBlueprints(t, 10, "ten.example") +
		"\n-- imports/more.json --\n" + manyBlueprints(t, 10, "more.example") + "\n"
	tests := []struct {
		name     string
		settings string
		want     []string // the imported areas compared
		warnings []string // each at the import's line in site.toml
	}{
		{"the defaults", `
[[import]]
name = "big"
source = "imports/big.json"
`, areaKeys("big", 0, model.DefaultImportMaxAreas), []string{
			`site.toml:10: import "big": it holds 250 areas, more than its maxAreas of 200: the first 200 are kept and 50 left out (raise maxAreas in this [[import]] to compare more)`,
		}},
		{"one import's own limit", `
[[import]]
name = "ten"
source = "imports/ten.json"
maxAreas = 4

[[import]]
name = "more"
source = "imports/more.json"
`, append(areaKeys("ten", 0, 4), areaKeys("more", 0, 10)...), []string{
			`site.toml:10: import "ten": it holds 10 areas, more than its maxAreas of 4: the first 4 are kept and 6 left out`,
		}},
		{"the limit in all", `
[imports]
maxAreas = 12

[[import]]
name = "ten"
source = "imports/ten.json"

[[import]]
name = "more"
source = "imports/more.json"
`, append(areaKeys("ten", 0, 10), areaKeys("more", 0, 2)...), []string{
			`site.toml:17: import "more": the imports give more than [imports] maxAreas, 12 areas in all: 8 of this import's areas are left out (raise maxAreas in [imports] to compare more)`,
		}},
		{"within the limits", `
[imports]
maxAreas = 20

[[import]]
name = "ten"
source = "imports/ten.json"
maxAreas = 10

[[import]]
name = "more"
source = "imports/more.json"
`, append(areaKeys("ten", 0, 10), areaKeys("more", 0, 10)...), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := importingSite(tt.settings, files)
			res, dest, err := buildImporting(t, site, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := importedKeys(t, dest); !slices.Equal(got, tt.want) {
				t.Errorf("compared %d imported areas %v...; want %d, %v...", len(got), got[:min(3, len(got))], len(tt.want), tt.want[:3])
			}
			if len(res.Warnings) != len(tt.warnings) {
				t.Fatalf("warnings %q, want %d", res.Warnings, len(tt.warnings))
			}
			for i, w := range tt.warnings {
				if !strings.HasPrefix(res.Warnings[i], w) {
					t.Errorf("warning\n\t%s\nwant\n\t%s", res.Warnings[i], w)
				}
			}
			_, _, err = buildImporting(t, site, Options{Strict: true})
			switch {
			case len(tt.warnings) == 0 && err != nil:
				t.Errorf("with Strict, imports within the limits failed: %v", err)
			case len(tt.warnings) > 0 && (err == nil || !strings.Contains(err.Error(), tt.warnings[0])):
				t.Errorf("with Strict, the build did not fail with the warning: %v", err)
			}
		})
	}
}

func TestImportLimitErrors(t *testing.T) {
	site := importingSite(`[imports]
maxAreas = 0

[[import]]
name = "none"
source = "imports/a.json"
maxAreas = -3

[[import]]
name = "words"
source = "imports/b.json"
maxAreas = "many"
`, "")
	_, _, err := buildImporting(t, site, Options{})
	if err == nil {
		t.Fatal("bad maxAreas were accepted")
	}
	// A TOML type error stops the decoding, so it comes alone.
	if want := `site.toml:20: import.maxAreas: wrong type: expected a whole number, found text in quotes`; err.Error() != want {
		t.Errorf("the error is\n\t%v\nwant\n\t%s", err, want)
	}
	site = strings.Replace(site, `maxAreas = "many"`, `maxAreas = 1`, 1)
	_, _, err = buildImporting(t, site, Options{})
	if err == nil {
		t.Fatal("bad maxAreas were accepted")
	}
	for _, want := range []string{
		`site.toml:10: imports.maxAreas: is 0: it must be at least 1 (to import nothing, remove the [[import]] tables)`,
		`site.toml:15: import[0].maxAreas: is -3: it must be at least 1 (to import nothing, remove this [[import]])`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the errors lack\n\t%s\ngot\n%v", want, err)
		}
	}
}

// TestImportLimitDefaultsAreDocumented keeps the defaults the reference
// gives in step with the constants.
func TestImportLimitDefaultsAreDocumented(t *testing.T) {
	docs := map[string]string{}
	for _, st := range model.Schema() {
		for _, f := range st.Fields {
			docs[f.Key] = f.Doc
		}
	}
	for key, n := range map[string]int{"import.maxAreas": model.DefaultImportMaxAreas, "imports.maxAreas": model.DefaultMaxImportedAreas, "imports.concurrency": model.DefaultImportConcurrency} {
		if want := fmt.Sprintf("Default %d.", n); !strings.Contains(docs[key], want) {
			t.Errorf("%s is documented as %q, want it to say %q", key, docs[key], want)
		}
	}
	if want := fmt.Sprintf("Default %s.", durationWords(model.DefaultImportMaxAge)); !strings.Contains(docs["imports.maxAge"], want) {
		t.Errorf("imports.maxAge is documented as %q, want it to say %q", docs["imports.maxAge"], want)
	}
}

func TestImportFetchSettingErrors(t *testing.T) {
	site := importingSite(`[imports]
concurrency = 0
maxAge = "soon"
list = "https://example.org/sources.csv"

[[import]]
name = "old"
source = "imports/a.json"
maxAge = "-2d"
`, "")
	_, _, err := buildImporting(t, site, Options{})
	for _, want := range []string{
		`site.toml:10: imports.concurrency: is 0: it must be from 1 to 64`,
		`site.toml:11: imports.maxAge: "soon" is not an age: write it as whole days, such as 7d, or hours, such as 36h`,
		`site.toml:12: imports.list: "https://example.org/sources.csv" must be a CSV file inside the site's folder`,
		`site.toml:17: import[0].maxAge: "-2d" must be more than nothing, such as 7d`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("the errors lack\n\t%s\ngot\n%v", want, err)
		}
	}
}

func TestSameAreaImportedTwice(t *testing.T) {
	data := manyBlueprints(t, 3, "north.example")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, data) }))
	defer srv.Close()
	// A site whose baseURL is a path publishes addresses without a host,
	// so a copy of its file is known by slug, area and title.
	pathOnly := manyBlueprints(t, 3, "")

	tests := []struct {
		name, imports, files string
		want                 []string
		warning              string
	}{
		{"by file and by URL", fmt.Sprintf(`
[[import]]
name = "north"
source = "imports/north.json"

[[import]]
name = "north-live"
source = "%s/data/blueprints.json"
`, srv.URL), "-- imports/north.json --\n" + data + "\n", areaKeys("north", 0, 3),
			`site.toml:14: import "north-live": 3 areas are already imported from "north" (the same blueprint), so shown once: area-0, area-1, area-2`},
		{"two copies without addresses", `
[[import]]
name = "north"
source = "imports/north.json"

[[import]]
name = "copy"
source = "imports/copy.json"
`, "-- imports/north.json --\n" + pathOnly + "\n-- imports/copy.json --\n" + pathOnly + "\n", areaKeys("north", 0, 3),
			`site.toml:14: import "copy": 3 areas are already imported from "north" (the same blueprint), so shown once: area-0, area-1, area-2`},
		{"an overlap", `
[[import]]
name = "north"
source = "imports/north.json"

[[import]]
name = "wider"
source = "imports/wider.json"
`, "-- imports/north.json --\n" + manyBlueprints(t, 2, "north.example") + "\n-- imports/wider.json --\n" + data + "\n",
			append(areaKeys("north", 0, 2), "wider/area-2"),
			`site.toml:14: import "wider": 2 areas are already imported from "north" (the same blueprint), so shown once: area-0, area-1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, dest, err := buildImporting(t, importingSite(tt.imports, tt.files), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := importedKeys(t, dest); !slices.Equal(got, tt.want) {
				t.Errorf("compared %v, want %v", got, tt.want)
			}
			if len(res.Warnings) != 1 || res.Warnings[0] != tt.warning {
				t.Errorf("warnings %q, want\n\t%s", res.Warnings, tt.warning)
			}
		})
	}

	// Different sites whose blueprints share slugs, areas and titles are
	// told apart by their addresses.
	site := importingSite(`
[[import]]
name = "north"
source = "imports/north.json"

[[import]]
name = "south"
source = "imports/south.json"
`, "-- imports/north.json --\n"+data+"\n-- imports/south.json --\n"+manyBlueprints(t, 3, "south.example")+"\n")
	res, dest, err := buildImporting(t, site, Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := importedKeys(t, dest); len(got) != 6 || len(res.Warnings) != 0 {
		t.Errorf("two sites' areas at different addresses: compared %v, warnings %q", got, res.Warnings)
	}
}

func TestManyImportProblemsAreCounted(t *testing.T) {
	data := manyBlueprints(t, 30, "bad.example")
	data = strings.ReplaceAll(data, `"integration_level":"convening_to_coordinate"`, `"integration_level":"unity"`)
	site := importingSite("[[import]]\nname = \"bad\"\nsource = \"imports/bad.json\"\n", "-- imports/bad.json --\n"+data+"\n")
	res, _, err := buildImporting(t, site, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != maxImportProblems+1 || !strings.HasSuffix(res.Warnings[maxImportProblems], `import "bad": 20 more blueprints have problems and are left out`) {
		t.Errorf("%d warnings, ending %q; want %d, then a count of the rest", len(res.Warnings), res.Warnings[len(res.Warnings)-1], maxImportProblems+1)
	}
}

// TestBlueprintPageDoesNotGrowWithImports checks that a blueprint page
// of this site links to its own areas, not to every imported one, and
// lists only the compare.LikeCount areas most like its own.
func TestBlueprintPageDoesNotGrowWithImports(t *testing.T) {
	page := func(n int) (rest string, likes int) {
		site := importingSite("[[import]]\nname = \"big\"\nsource = \"imports/big.json\"\n", "-- imports/big.json --\n"+manyBlueprints(t, n, "big.example")+"\n")
		_, dest, err := buildImporting(t, site, Options{})
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dest, "blueprints", "saltmere", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return withoutAreasLike(t, string(data))
	}
	one, oneLikes := page(1)
	many, manyLikes := page(150)
	if len(one) != len(many) {
		t.Errorf("but for the areas like it, a blueprint page is %d bytes with one imported area and %d with 150", len(one), len(many))
	}
	if oneLikes != 1 || manyLikes != compare.LikeCount {
		t.Errorf("areas like it: %d with one imported area, %d with 150; want 1 and %d", oneLikes, manyLikes, compare.LikeCount)
	}
}
