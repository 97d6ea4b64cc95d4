package checks

// The open data checked by tools that are not intkb's own: its JSON
// against its JSON Schema by Ajv, its JSON-LD expanded by jsonld.js, and
// its CSVW metadata against the CSV's header.

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"intkb/internal/testenv"
)

// openDataChecks is what opendata.mjs reports.
type openDataChecks struct {
	Validated, Records         int
	SchemaErrors, BrokenErrors []string
	CatalogTypes, DatasetTypes []string
	Modified, Downloads        []string
	PageTypes, PageDownloads   []string
	CSVWContext                string
	CSVWColumns, CSVHeader     []string
}

// checkOpenData runs opendata.mjs on the site built at site, published at
// base, and judges what it found: the JSON files meet their schema and a
// broken copy does not; the catalogue and the page's Dataset expand, with
// their types and a download address for each file under base; the CSVW
// metadata names the CSV's columns exactly. It returns the report.
func checkOpenData(t *testing.T, site, base string) openDataChecks {
	t.Helper()
	node := testenv.NodeModules(t, "ajv/dist/2020.js", "ajv-formats/package.json", "jsonld/package.json", "playwright-core/package.json")
	var got openDataChecks
	runNode(t, node, []string{"opendata.mjs"}, map[string]string{"site": site}, &got)
	for _, e := range got.SchemaErrors {
		t.Errorf("Ajv: %s", e)
	}
	if got.Validated < 2 || got.Records < 1 {
		t.Errorf("Ajv checked %d files with %d blueprints", got.Validated, got.Records)
	}
	if !slices.ContainsFunc(got.BrokenErrors, func(e string) bool {
		return strings.Contains(e, "integration_level must be equal to one of the allowed values")
	}) ||
		!slices.ContainsFunc(got.BrokenErrors, func(e string) bool { return strings.Contains(e, `/updated must match format "date"`) }) {
		t.Errorf("Ajv said of a broken blueprints.json %q, want an unknown code and a wrong date", got.BrokenErrors)
	}
	if !slices.Equal(got.CatalogTypes, []string{"http://www.w3.org/ns/dcat#Catalog"}) || !slices.Equal(got.DatasetTypes, []string{"http://www.w3.org/ns/dcat#Dataset"}) {
		t.Errorf("the catalogue expands to %q with a dataset of %q", got.CatalogTypes, got.DatasetTypes)
	}
	if len(got.Modified) != 1 || !strings.HasSuffix(got.Modified[0], " http://www.w3.org/2001/XMLSchema#date") {
		t.Errorf("the dataset's modified is %q, want one xsd:date", got.Modified)
	}
	for _, list := range [][]string{got.Downloads, got.PageDownloads} {
		for _, f := range []string{"data/blueprints.json", "data/blueprints.csv", "data/blueprints.xlsx", "data/blueprints.schema.json", "data/blueprints.csv-metadata.json"} {
			if !slices.Contains(list, base+f) {
				t.Errorf("the JSON-LD does not offer %s%s: %q", base, f, list)
			}
		}
	}
	if !slices.Equal(got.PageTypes, []string{"https://schema.org/Dataset"}) {
		t.Errorf("the /data/ page's JSON-LD expands to %q", got.PageTypes)
	}
	if got.CSVWContext != "http://www.w3.org/ns/csvw" || len(got.CSVHeader) < 20 || !slices.Equal(got.CSVWColumns, got.CSVHeader) {
		t.Errorf("the CSVW metadata (%s) names the columns\n%q\nand the CSV's header is\n%q", got.CSVWContext, got.CSVWColumns, got.CSVHeader)
	}
	return got
}

// TestOpenData builds the demo and checks its open data with Ajv,
// jsonld.js and the CSV's own header.
func TestOpenData(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := run(t, repo, "build", "--dest", dest); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	got := checkOpenData(t, dest, "https://neighbourhoods.moorvale-icb.nhs.uk/")
	t.Logf("Ajv validated %d files holding %d blueprints; the CSV has %d columns", got.Validated, got.Records, len(got.CSVHeader))
}
