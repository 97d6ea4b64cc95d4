package checks

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// importingSite is goodSite with a blueprint of its own, so that it has a
// blueprint page and a column of its own on /compare/.
func importingSite(t *testing.T, imports string) string {
	t.Helper()
	dir := t.TempDir()
	files := maps.Clone(goodSite)
	// A site that publishes blueprints names its address, a licence and
	// an attribution; otherwise the publishing checks would warn too.
	files["site.toml"] = strings.Replace(files["site.toml"], `baseURL = "https://example.org/"`, `baseURL = "https://kb.northshire.nhs.uk/"
licence = "Open Government Licence v3.0"
attribution = "Northshire test data"`, 1) + imports
	files["content/blueprints/saltmere.md"] = `+++
title = "Saltmere model"
summary = "A coastal model."
updated = 2026-05-01
review_due = 2027-05-01
area = "saltmere"
cohorts = ["frailty"]

[needs]
footprint = "A town"
population = 120000
neighbourhoods = 3
statement = "Stay at home."

[function]
integration_level = "convening_to_coordinate"
case_finding = ["risk_stratification"]
coordinator = "Coordinator"

[form]
origin = "evolved"
mdt_cadence = "weekly"
mdt_mode = "hybrid"

[[form.members]]
role = "GP"
organisation = "general_practice"
arrangement = "substantive"
commitment = "core"

[governance]
accountable_body = "Place board"

[finance]
budget = "aligned"

[digital]
record = "view_only"

[participation]
vcse = "partner"
community_pharmacy = "consulted"
+++

Text.
`
	writeFiles(t, dir, files)
	return dir
}

// blueprintsJSON returns another site's open data holding n valid
// blueprints, area-0 to area-N at https://other.example/: the record the
// real build writes for importingSite's blueprint, copied, with its empty
// fields left out to keep it small, as a hostile importer would.
func blueprintsJSON(t *testing.T, n int) []byte {
	t.Helper()
	dir := importingSite(t, "")
	if _, stderr, code := run(t, dir, "build"); code != 0 {
		t.Fatalf("building the template: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "public", "data", "blueprints.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	record := compact(doc["blueprints"].([]any)[0]).(map[string]any)
	// Without its history, as another site's without git or [[history]]
	// would be: 10,000 records with it would not fit in the 8 MB.
	delete(record, "history")
	records := make([]any, n)
	for i := range records {
		r := maps.Clone(record)
		r["slug"] = fmt.Sprintf("area-%d", i)
		r["title"] = fmt.Sprintf("Area %d", i)
		r["area_name"] = fmt.Sprintf("Area %d", i)
		r["url"] = fmt.Sprintf("https://other.example/blueprints/area-%d/", i)
		records[i] = r
	}
	out, err := json.Marshal(map[string]any{"schema_version": doc["schema_version"], "blueprints": records})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// compact drops what is empty, zero or false from a decoded JSON value,
// as an absent key means.
func compact(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			x = compact(x)
			switch x := x.(type) {
			case []any:
				if len(x) == 0 {
					continue
				}
			case map[string]any:
				if len(x) == 0 {
					continue
				}
			}
			if x != nil && x != false && x != "" && x != 0.0 {
				out[k] = x
			}
		}
		return out
	case []any:
		for i := range v {
			v[i] = compact(v[i])
		}
	}
	return v
}

var areaColumn = regexp.MustCompile(`<th scope="col" data-col="([^"]+)" class="compare-matrix__area">`)

// TestHostileImports imports 10,000 valid blueprints in one file within
// the 8 MB a file may be, as a hostile or careless importer would. The
// build warns that it took only the first of them, --strict fails naming
// the import, the pages stay small, and the server answers comparisons at
// once, four at a time.
func TestHostileImports(t *testing.T) {
	data := blueprintsJSON(t, 10000)
	if len(data) > 8<<20 {
		t.Fatalf("the import is %d bytes, more than the 8 MB an import may be", len(data))
	}
	dir := importingSite(t, "\n[[import]]\nname = \"big\"\nsource = \"imports/big.json\"\n")
	writeFiles(t, dir, map[string]string{"imports/big.json": string(data)})

	_, stderr, code := run(t, dir, "build")
	if code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	const warning = `warning: site.toml:9: import "big": it holds 10000 areas, more than its maxAreas of 200: the first 200 are kept and 9800 left out`
	if !strings.Contains(stderr, warning) {
		t.Errorf("the build does not warn about the limit:\n%s\nwant\n%s", stderr, warning)
	}
	// The default limits are 200 areas an import and 300 in all; 10,000
	// areas made a page of 58 MB, and 768 KB for each blueprint of the
	// site. With more areas than it sets side by side, /compare/ is
	// filter-first, and sets none side by side until asked.
	for page, limit := range map[string]int64{"compare/index.html": 500 << 10, "blueprints/saltmere/index.html": 64 << 10} {
		info, err := os.Stat(filepath.Join(dir, "public", filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		if info.Size() > limit {
			t.Errorf("%s is %d KB, more than %d KB", page, info.Size()>>10, limit>>10)
		}
	}
	compare, _ := os.ReadFile(filepath.Join(dir, "public", "compare", "index.html"))
	if n := len(areaColumn.FindAllString(string(compare), -1)); n != 0 || !strings.Contains(string(compare), "201 of 201 areas chosen") {
		t.Errorf("/compare/ sets %d areas side by side, or does not choose from this site's one and 200 imported", n)
	}

	_, stderr, code = run(t, dir, "build", "--strict")
	if code != 1 || !strings.Contains(stderr, `site.toml:9: import "big": it holds 10000 areas`) {
		t.Errorf("build --strict: exit %d, want 1 naming the import:\n%s", code, stderr)
	}

	s := serve(t, "--source", dir)
	client := &http.Client{Timeout: 10 * time.Second}
	queries := map[string][]string{
		"areas=a,b":                         nil,
		"areas=x,y&diff=1":                  nil,
		"areas=saltmere,big/area-7":         {"saltmere", "big/area-7"},
		"areas=big/area-1,big/area-199":     {"big/area-1", "big/area-199"},
		"areas=big/area-1,big/area-9999":    {"big/area-1"},
		"diff=1":                            nil, // every area chosen: counted below
		"areas=" + strings.Repeat("a,", 99): nil,
		"":                                  nil,
	}
	var wg sync.WaitGroup
	for round := range 2 {
		for q, want := range queries {
			wg.Go(func() {
				resp, err := client.Get(s.base + "compare/?" + q)
				if err != nil {
					t.Errorf("round %d, /compare/?%.40s: %v", round, q, err)
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				var got []string
				for _, m := range areaColumn.FindAllStringSubmatch(string(body), -1) {
					got = append(got, m[1])
				}
				switch {
				case resp.StatusCode != http.StatusOK:
					t.Errorf("/compare/?%.40s: status %d", q, resp.StatusCode)
				case q == "" || q == "diff=1":
					if len(got) != 0 || !strings.Contains(string(body), "201 of 201 areas chosen") {
						t.Errorf("/compare/?%s sets %d areas side by side, or does not choose from 201", q, len(got))
					}
				case strings.Join(got, ",") != strings.Join(want, ","):
					t.Errorf("/compare/?%.40s shows %v, want %v", q, got, want)
				case len(body) > 512<<10:
					t.Errorf("/compare/?%.40s is %d KB for %d areas", q, len(body)>>10, len(got))
				}
			})
		}
		if round == 0 {
			wg.Wait() // the second round asks four and more at once
		}
	}
	wg.Wait()
}

// TestSameImportTwice imports one site's blueprints twice, from a file and
// from its address: the build warns once and shows each area once.
func TestSameImportTwice(t *testing.T) {
	data := blueprintsJSON(t, 3)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(data)
	}))
	defer srv.Close()
	dir := importingSite(t, fmt.Sprintf(`
[[import]]
name = "other"
source = "imports/other.json"

[[import]]
name = "other-live"
source = "%s/data/blueprints.json"
`, srv.URL))
	writeFiles(t, dir, map[string]string{"imports/other.json": string(data)})

	_, stderr, code := run(t, dir, "build")
	if code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	const warning = `warning: site.toml:13: import "other-live": 3 areas are already imported from "other" (the same blueprint), so shown once: area-0, area-1, area-2`
	if strings.Count(stderr, "warning:") != 1 || !strings.Contains(stderr, warning) {
		t.Errorf("the build's warnings:\n%s\nwant just\n%s", stderr, warning)
	}
	compare, _ := os.ReadFile(filepath.Join(dir, "public", "compare", "index.html"))
	var got []string
	for _, m := range areaColumn.FindAllStringSubmatch(string(compare), -1) {
		got = append(got, m[1])
	}
	if want := "saltmere,other/area-0,other/area-1,other/area-2"; strings.Join(got, ",") != want {
		t.Errorf("/compare/ shows %v, want %s", got, want)
	}
	_, stderr, code = run(t, dir, "build", "--strict")
	if code != 1 || !strings.Contains(stderr, `import "other-live"`) {
		t.Errorf("build --strict: exit %d, want 1 naming the import:\n%s", code, stderr)
	}
}
