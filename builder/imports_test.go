package builder

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// otherSiteData is another site's blueprints.json: the comparison
// fixture, built.
func otherSiteData(t *testing.T) string {
	t.Helper()
	_, dest := buildCompareSite(t, "", Options{})
	return readOut(t, dest, "data/blueprints.json")
}

// importingSite is minimalSite with [[import]] tables added to its
// site.toml, and extra files.
func importingSite(imports, extra string) string {
	return strings.Replace(minimalSite, "-- content/_index.md --", imports+"-- content/_index.md --", 1) + extra
}

// publishable reads the settings of the site in fsys and gives them what
// the publishing checks (guards.go) ask of a site that publishes
// blueprints, so that a test's warnings are its own: an address readers
// can reach, a licence and an attribution. It leaves site.toml's lines
// as they are, for the warnings that name them.
func publishable(fsys fs.FS) (*model.Config, error) {
	cfg, err := LoadConfig(fsys)
	if err != nil {
		return nil, err
	}
	cfg.BaseURL = "https://kb.northshire.nhs.uk/"
	cfg.Licence, cfg.Attribution = "Open Government Licence v3.0", "Northshire test data"
	return cfg, nil
}

// buildImporting builds an importing site and returns the result and the
// output folder, or the error.
func buildImporting(t *testing.T, site string, opts Options) (*Result, string, error) {
	t.Helper()
	dir := writeSite(t, site)
	dest := filepath.Join(t.TempDir(), "public")
	opts.Source, opts.Dest, opts.Now = openRoot(t, dir), dest, testNow
	cfg, err := publishable(opts.Source)
	if err != nil {
		return nil, dest, err
	}
	opts.Config = cfg
	res, err := Build(opts)
	return res, dest, err
}

func TestImportJoinsTheComparison(t *testing.T) {
	data := otherSiteData(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/data/blueprints.json" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(data))
	}))
	defer srv.Close()

	for _, tt := range []struct {
		name, source, extra string
	}{
		{"by URL", srv.URL + "/data/blueprints.json", ""},
		{"by file", "imports/trees.json", "-- imports/trees.json --\n" + data},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := importingSite("[[import]]\nname = \"trees\"\nsource = \""+tt.source+"\"\n", tt.extra)
			res, dest, err := buildImporting(t, site, Options{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("warnings: %q", res.Warnings)
			}
			page := readOut(t, dest, "compare/index.html")
			for _, want := range []string{
				`data-col="saltmere"`, `data-col="trees/alder"`, `data-col="trees/cedar"`,
				`<a href="https://example.org/blueprints/birch/">Birchwood</a>`,
				`<span class="compare-badge">From trees<span class="visually-hidden">, another site</span></span>`,
				`(from trees)`,
				`<span class="compare-matrix__setting">Rural</span>`,
			} {
				if !strings.Contains(page, want) {
					t.Errorf("the compare page lacks %s", want)
				}
			}
			m := readMatrix(t, page)
			if got := m["function.integration_level"]["trees/cedar"].text; !strings.HasSuffix(got, "Unity of effort") {
				t.Errorf("the imported cedar's integration level shows %q", got)
			}
			if _, err := os.Stat(filepath.Join(dest, "blueprints", "alder")); err == nil {
				t.Error("an imported blueprint got a page of this site")
			}
			if own := readOut(t, dest, "data/blueprints.json"); strings.Contains(own, "alder") {
				t.Error("this site's open data republishes the imported blueprints")
			}
			served := res.Site.Compare(compare.Query{Areas: []string{"saltmere", "trees/birch"}})
			if len(served.Columns) != 2 || !served.Columns[1].Imported {
				t.Errorf("the server cannot choose an imported area: %d columns", len(served.Columns))
			}
		})
	}
}

func TestImportProblemsAreWarnings(t *testing.T) {
	data := otherSiteData(t)
	bad := strings.Replace(data, `"integration_level": "unity_of_effort"`, `"integration_level": "unity"`, 1)
	// "ok" is another site with the same blueprints at other addresses,
	// so that its areas are not the same as those of "trees".
	other := strings.ReplaceAll(data, "https://example.org/", "https://ok.example/")
	handlers := map[string]http.HandlerFunc{
		"/ok":  func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(other)) },
		"/bad": func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(bad)) },
		"/broken": func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("{\n\"schema_version\": 1,\n\"blueprints\": [}"))
		},
		"/cut": func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("{\n\"schema_version\": 1,\n\"blueprints\": ["))
		},
		"/version": func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"schema_version": 3, "blueprints": []}`))
		},
		"/nonsense": func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`[1, 2, 3]`)) },
		"/text-version": func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"schema_version": "1", "blueprints": []}`))
		},
		"/control": func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(strings.Replace(data, `"title": "birch model"`, `"title": "birch\bmodel"`, 1)))
		},
		"/control-area": func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(strings.Replace(data, `"area_name": "Cedar Town"`, `"area_name": "Cedar\u001bTown"`, 1)))
		},
		"/huge": func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"schema_version": 1, "blueprints": [], "padding": "`))
			w.Write([]byte(strings.Repeat("x", model.MaxFileSize)))
			w.Write([]byte(`"}`))
		},
		"/slow": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
		},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := handlers[r.URL.Path]; h != nil {
			h(w, r)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	gone := httptest.NewServer(http.NotFoundHandler())
	goneURL := gone.URL
	gone.Close()

	tests := []struct {
		name, source string
		warning      string
		areas        int // imported areas that still join the comparison
	}{
		{"missing file", "imports/none.json", "cannot read imports/none.json: ", 0},
		{"not found", srv.URL + "/missing", "the server answered 404 Not Found", 0},
		{"unreachable", goneURL + "/data/blueprints.json", "cannot fetch " + goneURL, 0},
		{"malformed JSON", srv.URL + "/broken", "not valid JSON: line 3: invalid character '}'", 0},
		{"cut short", srv.URL + "/cut", "not valid JSON: it ends before it is complete", 0},
		{"unknown schema version", srv.URL + "/version", "schema_version is 3, but this version of intkb reads versions 1 to 2", 0},
		{"not open data", srv.URL + "/nonsense", "not blueprint open data", 0},
		{"schema version as text", srv.URL + "/text-version", `schema_version is text "1": it must be a number, such as 2, without quotes`, 0},
		{"a control character", srv.URL + "/control", "blueprints[1] (birch): title: contains a control character U+0008 (backspace); delete it; left out", 2},
		{"a control character in the area", srv.URL + "/control-area", "blueprints[2] (cedar): area_name: contains a control character U+001B (escape); delete it; left out", 2},
		{"too large", srv.URL + "/huge", "larger than 8 MB", 0},
		{"too slow", srv.URL + "/slow", "no answer within 1s", 0},
		{"one bad blueprint", srv.URL + "/bad", `blueprints[2] (cedar): function.integration_level: "unity" is not one of`, 2},
	}
	client := &http.Client{Timeout: time.Second}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := importingSite("[[import]]\nname = \"ok\"\nsource = \""+srv.URL+"/ok\"\n\n[[import]]\nname = \"trees\"\nsource = \""+tt.source+"\"\n", "")
			res, dest, err := buildImporting(t, site, Options{HTTPClient: client})
			if err != nil {
				t.Fatalf("a bad import stopped the build: %v", err)
			}
			if len(res.Warnings) != 1 {
				t.Fatalf("warnings: %q, want one", res.Warnings)
			}
			w := res.Warnings[0]
			if !strings.HasPrefix(w, `site.toml:13: import "trees": `) || !strings.Contains(w, tt.warning) {
				t.Errorf("the warning is\n\t%s\nwant it to name site.toml:13, the import \"trees\", and %q", w, tt.warning)
			}
			page := readOut(t, dest, "compare/index.html")
			if n := len(regexp.MustCompile(`data-col="trees/[^"]+" class="compare-matrix__area"`).FindAllString(page, -1)); n != tt.areas {
				t.Errorf("%d areas of the bad import joined the comparison, want %d", n, tt.areas)
			}
			if !strings.Contains(page, `data-col="ok/alder"`) {
				t.Error("a good import was dropped because another failed")
			}

			_, _, err = buildImporting(t, site, Options{HTTPClient: client, Strict: true})
			if err == nil || !strings.Contains(err.Error(), `import "trees"`) {
				t.Errorf("with Strict, the build did not fail naming the import: %v", err)
			}
		})
	}
}

func TestImportCannotLeaveTheSite(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "outside.json")
	if err := os.WriteFile(outside, []byte(otherSiteData(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := writeSite(t, importingSite("[[import]]\nname = \"trees\"\nsource = \"imports/link.json\"\n", ""))
	if err := os.MkdirAll(filepath.Join(dir, "imports"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "imports", "link.json")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	cfg, err := publishable(openRoot(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(Options{Source: openRoot(t, dir), Config: cfg, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "cannot read imports/link.json") {
		t.Errorf("a link out of the site was followed: warnings %q", res.Warnings)
	}
}

func TestImportConfigErrors(t *testing.T) {
	site := importingSite(`[[import]]
name = "Bad Name"
source = "ftp://example.org/blueprints.json"

[[import]]
name = "up"
source = "../other/blueprints.json"

[[import]]
name = "up"
source = "/etc/blueprints.json"

[[import]]
name = "nothing"
`, "")
	_, _, err := buildImporting(t, site, Options{})
	if err == nil {
		t.Fatal("bad [[import]] tables were accepted")
	}
	for _, want := range []string{
		`site.toml:10: import[0].name: "Bad Name" is not a name`,
		`site.toml:11: import[0].source: "ftp://example.org/blueprints.json" is not an http or https URL`,
		`site.toml:15: import[1].source: "../other/blueprints.json" must be a path inside the site's folder`,
		`site.toml:18: import[2].name: import "up" is listed twice`,
		`site.toml:19: import[2].source: "/etc/blueprints.json" must be a path inside the site's folder`,
		`import[3].source: required key is missing`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the errors lack\n\t%s\ngot\n%v", want, err)
		}
	}
}

// TestImportGroupingAndProvenance checks that an imported area is placed
// by region, ICB and place (the [[import]]'s labels first, then the other
// site's [[areas]]) and says where it came from.
func TestImportGroupingAndProvenance(t *testing.T) {
	data := otherSiteData(t)
	if !strings.Contains(data, `"area_region": "North West"`) || !strings.Contains(data, `"area_icb": "Alder ICB"`) {
		t.Fatal("open data does not carry the area's region and ICB")
	}
	site := importingSite("[[import]]\nname = \"trees\"\nsource = \"imports/trees.json\"\nicb = \"Portal ICB\"\nplace = \"Treeside\"\n",
		"-- imports/trees.json --\n"+data)
	res, _, err := buildImporting(t, site, Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]model.Grouping{}
	for _, c := range res.Site.Compare(compare.Query{Areas: []string{"trees/alder", "trees/birch"}}).Columns {
		got[c.Key] = c.Grouping
		p := c.Provenance
		if p == nil || p.Site != "trees" || p.URL != "imports/trees.json" || p.FetchedAt.IsZero() || p.Generated == "" || p.Stale {
			t.Errorf("%s: provenance %+v", c.Key, p)
		}
	}
	want := map[string]model.Grouping{
		"trees/alder": {Region: "North West", ICB: "Portal ICB", Place: "Treeside"},
		"trees/birch": {ICB: "Portal ICB", Place: "Treeside"},
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s is grouped %+v, want %+v", k, got[k], w)
		}
	}
}
