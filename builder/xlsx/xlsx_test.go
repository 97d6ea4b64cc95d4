package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// sheetCell is a cell as the sheet's XML holds it.
type sheetCell struct {
	Ref     string `xml:"r,attr"`
	Type    string `xml:"t,attr"`
	Style   string `xml:"s,attr"`
	Value   string `xml:"v"`
	Text    string `xml:"is>t"`
	Formula string `xml:"f"`
}

// readParts unzips an .xlsx file, checking that every part is well-formed
// XML.
func readParts(t *testing.T, data []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(r)
		r.Close()
		dec := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
		parts[f.Name] = string(body)
	}
	return parts
}

func cellsOf(t *testing.T, sheet string) map[string]sheetCell {
	t.Helper()
	var ws struct {
		Rows []struct {
			Cells []sheetCell `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := xml.Unmarshal([]byte(sheet), &ws); err != nil {
		t.Fatal(err)
	}
	out := map[string]sheetCell{}
	for _, r := range ws.Rows {
		for _, c := range r.Cells {
			out[c.Ref] = c
		}
	}
	return out
}

func TestWrite(t *testing.T) {
	long := strings.Repeat("é", MaxCellText+10)
	wb := Workbook{Modified: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC), Sheets: []Sheet{
		{Name: "Blueprints", Header: []string{"Title", "Population", "Updated"}, Rows: [][]Cell{
			{Text("=HYPERLINK(\"https://evil.example/\",\"Click\")").Quoted(), Number(150000), Date(time.Date(2026, 9, 28, 0, 0, 0, 0, time.UTC))},
			{Text("\tleading tab & <angle>"), {}, Date(time.Time{})},
			{Text(long)},
		}},
		{Name: "About", Rows: [][]Cell{{Text("Licence"), Text("Open Government Licence v3.0")}}},
	}}
	var buf bytes.Buffer
	if err := Write(&buf, wb); err != nil {
		t.Fatal(err)
	}
	parts := readParts(t, buf.Bytes())
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("the workbook has no %s", name)
		}
	}
	if !strings.Contains(parts["xl/workbook.xml"], `<sheet name="Blueprints" sheetId="1" r:id="rId1"/><sheet name="About" sheetId="2" r:id="rId2"/>`) {
		t.Errorf("the workbook does not list its sheets in order:\n%s", parts["xl/workbook.xml"])
	}
	cells := cellsOf(t, parts["xl/worksheets/sheet1.xml"])
	for ref, want := range map[string]sheetCell{
		"A1": {Ref: "A1", Type: "inlineStr", Style: "1", Text: "Title"},
		"A2": {Ref: "A2", Type: "inlineStr", Style: "3", Text: `=HYPERLINK("https://evil.example/","Click")`},
		"B2": {Ref: "B2", Value: "150000"},
		"C2": {Ref: "C2", Style: "2", Value: "46293"}, // 28 September 2026 as Excel counts days
		"A3": {Ref: "A3", Type: "inlineStr", Text: "\tleading tab & <angle>"},
	} {
		if got := cells[ref]; got != want {
			t.Errorf("%s is %+v, want %+v", ref, got, want)
		}
	}
	for _, ref := range []string{"B3", "C3"} {
		if c, ok := cells[ref]; ok {
			t.Errorf("an empty cell is written: %+v", c)
		}
	}
	if n := len(utf16.Encode([]rune(cells["A4"].Text))); n != MaxCellText || !strings.HasSuffix(cells["A4"].Text, "…") {
		t.Errorf("a long text is %d UTF-16 units, want it cut to %d with an ellipsis", n, MaxCellText)
	}
	if !strings.Contains(parts["xl/styles.xml"], `quotePrefix="1"`) || !strings.Contains(parts["xl/worksheets/sheet1.xml"], `state="frozen"`) {
		t.Error("the styles have no quote prefix, or the header is not kept in view")
	}
	if strings.Contains(parts["xl/worksheets/sheet2.xml"], "<pane") {
		t.Error("a sheet without a header keeps its first row in view")
	}
	var again bytes.Buffer
	Write(&again, wb)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("the same workbook gives different bytes")
	}
}

func TestWriteRefusesBadSheets(t *testing.T) {
	for _, sheets := range [][]Sheet{
		nil,
		{{Name: ""}},
		{{Name: strings.Repeat("x", MaxSheetName+1)}},
		{{Name: "Team/members"}},
		{{Name: "'quoted'"}},
		{{Name: "About"}, {Name: "about"}},
	} {
		if err := Write(io.Discard, Workbook{Sheets: sheets}); err == nil || !strings.HasPrefix(err.Error(), "xlsx: ") {
			t.Errorf("sheets %v: error %v, want one from xlsx", sheets, err)
		}
	}
}

func TestColumnName(t *testing.T) {
	for col, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := ColumnName(col); got != want {
			t.Errorf("ColumnName(%d) = %s, want %s", col, got, want)
		}
	}
}

func TestSerialDay(t *testing.T) {
	for _, tt := range []struct {
		y    int
		m    time.Month
		d    int
		want int64
	}{{1900, 3, 1, 61}, {2000, 1, 1, 36526}, {2026, 3, 14, 46095}} {
		if got := serialDay(time.Date(tt.y, tt.m, tt.d, 15, 4, 0, 0, time.UTC)); got != tt.want {
			t.Errorf("serialDay(%d-%02d-%02d) = %d, want %d", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}
