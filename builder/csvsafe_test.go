package builder

import (
	"encoding/csv"
	"html"
	"regexp"
	"strings"
	"testing"

	"intkb/builder/model"
)

// formulaSite is compareSite with formulas where text goes: in a Meta
// key, a table's key, a list and a list of tables.
var formulaSite = strings.NewReplacer(
	`title = "alder model"`, `title = "=HYPERLINK(\"https://evil.example/\",\"Click\")"`,
	`statement = "What matters in alder."`, `statement = "+cmd|' /C calc'!A0"`,
	`coordinator = "Care coordinator"`, `coordinator = "-"`,
	`role = "GP"`, `role = "@SUM(1+1)*cmd|' /C calc'!A0"`,
	`footprint = "The alder footprint"`, "footprint = \"\\t=1+1\"",
).Replace(compareSite)

// TestOpenDataCSVNeutralisesFormulas builds blueprints whose text starts
// with a formula: every such CSV cell starts with a single quote, and the
// JSON keeps what the author wrote.
func TestOpenDataCSVNeutralisesFormulas(t *testing.T) {
	if formulaSite == compareSite {
		t.Fatal("the fixture did not change")
	}
	dir := writeSite(t, formulaSite)
	dest := t.TempDir() + "/public"
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(readOut(t, dest, "data/blueprints.csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	var alder []string
	for _, row := range rows[1:] {
		if row[col["slug"]] == "alder" {
			alder = row
		}
	}
	if alder == nil {
		t.Fatal("the CSV has no row for alder")
	}
	for column, want := range map[string]string{
		"title":                `'=HYPERLINK("https://evil.example/","Click")`,
		"needs.statement":      `'+cmd|' /C calc'!A0`,
		"function.coordinator": "'-",
		"form.members.role":    `'@SUM(1+1)*cmd|' /C calc'!A0; Social worker`,
		"needs.footprint":      "'\t=1+1",
		"needs.population":     "100000",
	} {
		if got := alder[col[column]]; got != want {
			t.Errorf("CSV %s is %q, want %q", column, got, want)
		}
	}
	for i, row := range rows {
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d, column %s begins with a formula: %q", i, rows[0][j], cell)
			}
		}
	}
	var rec map[string]any
	for _, r := range records(t, decodeJSON(t, readOut(t, dest, "data/blueprints.json"))) {
		if r["slug"] == "alder" {
			rec = r
		}
	}
	if rec["title"] != `=HYPERLINK("https://evil.example/","Click")` || rec["function"].(map[string]any)["coordinator"] != "-" {
		t.Errorf("the JSON does not keep the values as written: %v", rec)
	}
	page := readOut(t, dest, "data/index.html")
	if !strings.Contains(page, "A cell that would begin with =, &#43;, -, @, a tab or a carriage return begins with a single quote") {
		t.Error("the /data/ page does not say which cells get a quote")
	}
}

// TestSelfAssessmentGetsTheFormulaRule checks that the page hands the
// script the builder's own list of formula characters.
func TestSelfAssessmentGetsTheFormulaRule(t *testing.T) {
	_, dest := buildCompareSite(t, "", Options{})
	page := readOut(t, dest, "self-assessment/index.html")
	m := regexp.MustCompile(`<a [^>]*data-sa-csv [^>]*data-csv-formula-leads="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the CSV download does not carry the formula characters")
	}
	if got := html.UnescapeString(m[1]); got != model.CSVFormulaLeads() {
		t.Errorf("the page hands the script %q, want %q", got, model.CSVFormulaLeads())
	}
	js := readOut(t, dest, "js/self-assessment.js")
	if !strings.Contains(js, `getAttribute("data-csv-formula-leads")`) || strings.Contains(js, `"=+-@`) {
		t.Error("the script does not read the formula characters from the page, or keeps a copy of its own")
	}
}
