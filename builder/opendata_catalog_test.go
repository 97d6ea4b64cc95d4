package builder

import (
	"encoding/csv"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCSVMetadataDescribesEveryColumn: the CSVW metadata names the CSV's
// columns, exactly and in order, each with a title and a type.
func TestCSVMetadataDescribesEveryColumn(t *testing.T) {
	_, dest := buildCompareSite(t, "", Options{})
	header, err := csv.NewReader(strings.NewReader(readOut(t, dest, "data/blueprints.csv"))).Read()
	if err != nil {
		t.Fatal(err)
	}
	var md struct {
		Context     string `json:"@context"`
		URL         string `json:"url"`
		Title       string `json:"dc:title"`
		License     string `json:"dc:license"`
		TableSchema struct {
			Columns []struct {
				Name, Titles, Separator string
				Datatype                any
				Required                bool
			}
			PrimaryKey string
		}
	}
	if err := json.Unmarshal([]byte(readOut(t, dest, csvwFile)), &md); err != nil {
		t.Fatal(err)
	}
	if md.Context != "http://www.w3.org/ns/csvw" || md.URL != "blueprints.csv" || md.Title == "" || md.License != "https://example.org/ogl" || md.TableSchema.PrimaryKey != "slug" {
		t.Errorf("the table is described as %+v", md)
	}
	var names []string
	cols := map[string]int{}
	for i, c := range md.TableSchema.Columns {
		names = append(names, c.Name)
		cols[c.Name] = i
		if c.Titles == "" || c.Datatype == nil {
			t.Errorf("column %s has no title or no datatype", c.Name)
		}
	}
	if !slices.Equal(names, header) {
		t.Fatalf("the metadata names the columns\n%q\nbut the CSV's header is\n%q", names, header)
	}
	col := func(name string) (string, any, bool, string) {
		c := md.TableSchema.Columns[cols[name]]
		return c.Titles, c.Datatype, c.Required, c.Separator
	}
	for _, tt := range []struct {
		name, title string
		datatype    any
		required    bool
		separator   string
	}{
		{"slug", "Slug", "string", true, ""},
		{"url", "URL", "anyURI", false, ""},
		{"updated", "Updated", "date", true, ""},
		{"cohorts", "Cohorts", "string", true, "; "},
		{"needs.population", "Needs: population", "integer", true, ""},
		{"needs.neighbourhood_min", "Needs: neighbourhood min", "integer", false, ""},
		{"finance.recurrent", "Finance: recurrent", "boolean", false, ""},
		{"form.members.role", "Team members: Role", "string", true, "; "},
		{"maturity.assessed", "Maturity: assessed", "date", false, ""},
		{"maturity.leadership", "Maturity: leadership", map[string]any{"base": "integer", "minimum": 0.0, "maximum": 5.0}, false, ""},
	} {
		title, datatype, required, sep := col(tt.name)
		if title != tt.title || !jsonEqual(datatype, tt.datatype) || required != tt.required || sep != tt.separator {
			t.Errorf("%s is %q, %v, required %v, separator %q; want %q, %v, %v, %q", tt.name, title, datatype, required, sep, tt.title, tt.datatype, tt.required, tt.separator)
		}
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestCatalogListsTheFiles: the DCAT catalogue lists each file of the
// open data, at an address the build wrote, with the site's licence and
// publisher, and dates from the blueprints, not the clock.
func TestCatalogListsTheFiles(t *testing.T) {
	extra := strings.Replace(compareBlueprint("elm", "unity_of_effort", "aligned", "view_only", "partner", "consulted", `["frailty"]`, ""), "updated = 2026-05-01", "updated = 2026-09-30", 1)
	extra = strings.Replace(extra, `area = "elm"`, `area = "alder"`, 1)
	_, dest := buildCompareSite(t, extra, Options{})
	raw := readOut(t, dest, catalogFile)
	var cat map[string]any
	if err := json.Unmarshal([]byte(raw), &cat); err != nil {
		t.Fatal(err)
	}
	ctx, _ := cat["@context"].(map[string]any)
	if cat["@type"] != "dcat:Catalog" || ctx["dcat"] != "http://www.w3.org/ns/dcat#" || cat["dct:title"] != "Compare test" {
		t.Errorf("the catalogue is %.300s", raw)
	}
	ds := cat["dcat:dataset"].([]any)[0].(map[string]any)
	for key, want := range map[string]any{
		"@type": "dcat:Dataset", "dct:license": "https://example.org/ogl", "dct:issued": "2026-05-01", "dct:modified": "2026-09-30",
		"dcat:landingPage": "https://example.org/data/",
	} {
		if ds[key] != want {
			t.Errorf("the dataset's %s is %v, want %v", key, ds[key], want)
		}
	}
	if pub, _ := ds["dct:publisher"].(map[string]any); pub["@type"] != "foaf:Organization" || pub["foaf:name"] != "Compare test" {
		t.Errorf("the publisher is %v", ds["dct:publisher"])
	}
	var files []string
	for _, d := range ds["dcat:distribution"].([]any) {
		d := d.(map[string]any)
		rel := strings.TrimPrefix(d["dcat:downloadURL"].(string), "https://example.org/")
		files = append(files, rel)
		if _, err := os.Stat(filepath.Join(dest, rel)); err != nil {
			t.Errorf("the catalogue lists %s, which the build did not write", rel)
		}
		if d["dcat:mediaType"] == "" || d["dct:license"] != "https://example.org/ogl" {
			t.Errorf("%s: %v", rel, d)
		}
		if rel == "data/blueprints.json" && d["dct:conformsTo"] != "https://example.org/"+schemaFile {
			t.Errorf("the JSON conforms to %v", d["dct:conformsTo"])
		}
	}
	for _, want := range []string{"data/blueprints.json", "data/blueprints.csv", "data/blueprints.xlsx", schemaFile, csvwFile} {
		if !slices.Contains(files, want) {
			t.Errorf("the catalogue does not list %s", want)
		}
	}

	later := filepath.Join(t.TempDir(), "public")
	dir := writeSite(t, compareSite+extra)
	if _, err := Build(Options{Source: openRoot(t, dir), Dest: later, Now: testNow.Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if readOut(t, later, catalogFile) != raw {
		t.Error("the catalogue changes with the day it is built")
	}
}

var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// TestDataPageDatasetJSONLD: the /data/ page holds the open data as a
// schema.org Dataset, which a site title cannot break out of.
func TestDataPageDatasetJSONLD(t *testing.T) {
	hostile := `Compare </script><script>alert(1)</script> & "test"`
	site := strings.Replace(compareSite, `title = "Compare test"`, `title = '`+hostile+`'`, 1)
	dir := writeSite(t, site)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: openRoot(t, dir), Dest: dest, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	page := readOut(t, dest, "data/index.html")
	if strings.Contains(page, "<script>alert(1)") {
		t.Fatal("the site's title broke out of the JSON-LD script")
	}
	m := ldScript.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the data page has no JSON-LD")
	}
	var ds map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ds); err != nil {
		t.Fatalf("the JSON-LD does not parse: %v\n%s", err, m[1])
	}
	if ds["@type"] != "Dataset" || ds["name"] != hostile+": local INT blueprints" || ds["license"] != "https://example.org/ogl" || ds["dateModified"] != "2026-05-01" {
		t.Errorf("the Dataset is %s", html.UnescapeString(m[1]))
	}
	var formats []string
	for _, d := range ds["distribution"].([]any) {
		d := d.(map[string]any)
		if d["@type"] != "DataDownload" || !strings.HasPrefix(d["contentUrl"].(string), "https://example.org/data/") {
			t.Errorf("a distribution is %v", d)
		}
		formats = append(formats, d["encodingFormat"].(string))
	}
	if !slices.Contains(formats, "text/csv") || !slices.Contains(formats, "application/json") {
		t.Errorf("the formats are %q", formats)
	}
}

// TestHistoryCSVMetadata checks that data/blueprint-history.csv's CSVW
// metadata names the CSV's own header, and that the catalogue lists both.
func TestHistoryCSVMetadata(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: openRoot(t, writeSite(t, compareSite)), Dest: dest, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(readOut(t, dest, historyCSV))).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: %v (%d rows)", historyCSV, err, len(rows))
	}
	var md struct {
		URL         string
		TableSchema struct {
			Columns []struct{ Name, Datatype string }
		}
	}
	if err := json.Unmarshal([]byte(readOut(t, dest, historyCSVW)), &md); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range md.TableSchema.Columns {
		names = append(names, c.Name)
	}
	if md.URL != "blueprint-history.csv" || !slices.Equal(names, rows[0]) {
		t.Errorf("the metadata describes %s with columns %q; the CSV's header is %q", md.URL, names, rows[0])
	}
	catalog := readOut(t, dest, catalogFile)
	for _, f := range []string{historyCSV, historyCSVW} {
		if !strings.Contains(catalog, `"https://example.org/`+f+`"`) {
			t.Errorf("the catalogue does not list %s", f)
		}
	}
}
