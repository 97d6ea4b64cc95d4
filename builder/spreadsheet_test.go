package builder

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"intkb/builder/model"
)

// workbookCell is a cell of a workbook as a reader finds it.
type workbookCell struct {
	Ref     string `xml:"r,attr"`
	Type    string `xml:"t,attr"`
	Style   int    `xml:"s,attr"`
	Value   string `xml:"v"`
	Text    string `xml:"is>t"`
	Formula string `xml:"f"`
}

// String is what the cell shows: its text, or its value.
func (c workbookCell) String() string {
	if c.Type == "inlineStr" {
		return c.Text
	}
	return c.Value
}

// workbook is an .xlsx file read as a spreadsheet reads it: each sheet,
// named in xl/workbook.xml and found through its relationships, as rows
// of cells, and which cell styles carry the quote prefix.
type workbook struct {
	names  []string
	sheets map[string][][]workbookCell
	quoted []bool // by style index
}

func readWorkbook(t *testing.T, file string) *workbook {
	t.Helper()
	z, err := zip.OpenReader(file)
	if err != nil {
		t.Fatalf("the workbook is not a zip: %v", err)
	}
	defer z.Close()
	part := func(name string, v any) {
		t.Helper()
		f, err := z.Open(name)
		if err != nil {
			t.Fatalf("the workbook has no %s: %v", name, err)
		}
		defer f.Close()
		data, _ := io.ReadAll(f)
		if err := xml.Unmarshal(data, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	var wbXML struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	var styles struct {
		Xfs []struct {
			QuotePrefix bool `xml:"quotePrefix,attr"`
		} `xml:"cellXfs>xf"`
	}
	part("xl/workbook.xml", &wbXML)
	part("xl/_rels/workbook.xml.rels", &rels)
	part("xl/styles.xml", &styles)
	wb := &workbook{sheets: map[string][][]workbookCell{}}
	for _, xf := range styles.Xfs {
		wb.quoted = append(wb.quoted, xf.QuotePrefix)
	}
	for _, s := range wbXML.Sheets {
		for _, r := range rels.Rels {
			if r.ID != s.ID {
				continue
			}
			var ws struct {
				Rows []struct {
					Cells []workbookCell `xml:"c"`
				} `xml:"sheetData>row"`
			}
			part(path.Join("xl", r.Target), &ws)
			for _, row := range ws.Rows {
				wb.sheets[s.Name] = append(wb.sheets[s.Name], row.Cells)
			}
		}
		wb.names = append(wb.names, s.Name)
	}
	return wb
}

// rows returns a sheet's rows after its header, each as the header's
// column -> cell.
func (wb *workbook) rows(t *testing.T, sheet string) []map[string]workbookCell {
	t.Helper()
	all := wb.sheets[sheet]
	if len(all) == 0 {
		t.Fatalf("the workbook has no sheet %q, or it is empty", sheet)
	}
	var out []map[string]workbookCell
	for _, r := range all[1:] {
		m := map[string]workbookCell{}
		for _, c := range r {
			col := strings.TrimRight(c.Ref, "0123456789")
			for _, h := range all[0] {
				if strings.TrimRight(h.Ref, "0123456789") == col {
					m[h.String()] = c
				}
			}
		}
		out = append(out, m)
	}
	return out
}

// TestWorkbook builds blueprints with formulas in their text and values
// that site.toml adds to the lists, and reads data/blueprints.xlsx: labels
// instead of codes, one row per team member, numbers and dates as such,
// formula-like text as quoted text, and the licence.
func TestWorkbook(t *testing.T) {
	site := strings.Replace(formulaSite, "[[areas]]", strings.TrimPrefix(addedVocabulary, "\n")+"\n[[areas]]", 1)
	site = strings.Replace(site, `cohorts = ["frailty", "care_homes"]`, `cohorts = ["frailty", "care_homes", "children_and_families"]`, 1)
	dest := t.TempDir() + "/public"
	if err := buildDir(t, writeSite(t, site), dest, Options{}); err != nil {
		t.Fatal(err)
	}
	wb := readWorkbook(t, dest+"/data/blueprints.xlsx")
	if !slices.Equal(wb.names, []string{"Blueprints", "Team members", "About"}) {
		t.Errorf("the sheets are %v", wb.names)
	}

	bps := wb.rows(t, "Blueprints")
	if len(bps) != 3 {
		t.Fatalf("the Blueprints sheet has %d rows, want one per blueprint", len(bps))
	}
	alder, birch := bps[0], bps[1]
	for col, want := range map[string]string{
		"Slug":                        "alder",
		"Area name":                   "Alder Vale",
		"Function: integration level": "Convening to coordinate",
		"Finance: budget":             "Aligned budgets",
		"Participation: VCSE":         "Partner",
		"Finance: recurrent":          "No",
		"Needs: population":           "100000",
		"Updated":                     "46143", // 2026-05-01 as a spreadsheet counts days
		"Function: case finding":      "Risk stratification",
	} {
		if got := alder[col].String(); got != want {
			t.Errorf("alder's %q is %q, want %q", col, got, want)
		}
	}
	if got := birch["Cohorts"].String(); got != "Frailty; Care homes; Children and families" {
		t.Errorf("birch's cohorts are %q, want the labels, the site's own too", got)
	}
	if c := alder["Needs: population"]; c.Type != "" {
		t.Errorf("a population is a %q cell, want a number", c.Type)
	}
	for col := range alder {
		if strings.Contains(col, "members") && col != "Form: members note" || col == "Area" {
			t.Errorf("the Blueprints sheet has a column %q: team members have their own sheet, and the area is named", col)
		}
	}
	for _, col := range []string{"Title", "Needs: statement", "Function: coordinator", "Needs: footprint"} {
		c := alder[col]
		if !model.LooksLikeFormula(c.Text) || c.Type != "inlineStr" || c.Formula != "" || !wb.quoted[c.Style] {
			t.Errorf("alder's %q (%+v) is not text with the quote prefix", col, c)
		}
	}
	if c := alder["Area name"]; wb.quoted[c.Style] {
		t.Error("a plain text has the quote prefix")
	}

	members := wb.rows(t, "Team members")
	if len(members) != 6 {
		t.Fatalf("the Team members sheet has %d rows, want one per member of the three blueprints", len(members))
	}
	var got []string
	for _, m := range members[:2] {
		got = append(got, strings.Join([]string{m["Slug"].String(), m["Area name"].String(), m["Role"].String(), m["Organisation"].String(), m["Arrangement"].String(), m["Commitment"].String()}, "|"))
	}
	want := []string{"alder|Alder Vale|@SUM(1+1)*cmd|' /C calc'!A0|General practice|Substantive|Core member", "alder|Alder Vale|Social worker|Social care|Seconded|On call"}
	if !slices.Equal(got, want) {
		t.Errorf("alder's members are\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c := members[0]["Role"]; !wb.quoted[c.Style] {
		t.Error("a member's role that looks like a formula has no quote prefix")
	}

	about := map[string]string{}
	for _, r := range wb.sheets["About"] {
		if len(r) >= 2 {
			about[r[0].String()] = r[1].String()
		}
	}
	for key, want := range map[string]string{"Licence": "Open Government Licence v3.0", "Licence URL": "https://example.org/ogl", "Attribution": "Test Council", "Generated": testNow.Format(time.RFC3339), "Described at": "https://example.org/data/"} {
		if about[key] != want {
			t.Errorf("About says %s is %q, want %q", key, about[key], want)
		}
	}
	page := readOut(t, dest, "data/index.html")
	if !strings.Contains(page, `<a href="/data/blueprints.xlsx" download>blueprints.xlsx</a>`) || !strings.Contains(page, "To open the blueprints in Excel or another spreadsheet, download blueprints.xlsx.") {
		t.Error("/data/ does not link the workbook and say to open it in Excel")
	}
	if !strings.Contains(strings.Join(flatCells(wb.sheets["About"]), "|"), "Blueprints|Function: integration level|function.integration_level|How deep the integration goes.") {
		t.Error("About does not explain the columns")
	}
}

func flatCells(rows [][]workbookCell) []string {
	var out []string
	for _, r := range rows {
		for _, c := range r {
			out = append(out, c.String())
		}
	}
	return out
}
