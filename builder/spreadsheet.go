package builder

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"intkb/builder/model"
	"intkb/builder/publish"
	"intkb/builder/xlsx"
)

// This file holds data/blueprints.xlsx, the open data for people who open
// it in a spreadsheet: the same records as blueprints.csv (see
// OpenDataFields), in words. Its sheets are:
//
//   - "Blueprints": one row per blueprint and one column per field, with
//     each controlled value's label from the site's vocabularies (those
//     site.toml adds too), yes or no, whole numbers as numbers and dates
//     as dates. A code that another column says in words (the area's
//     slug) is left out, and so is each list of tables that has a sheet
//     of its own;
//   - one sheet for each list of tables tagged sheet:"NAME" (the team
//     members), one row per table, after the blueprint's slug, title and
//     area;
//   - "About": the site, the licence, when the file was made, where the
//     data is described, and every column with its JSON key and meaning.
//
// Every text cell that model.LooksLikeFormula gets Excel's quote prefix;
// none is ever a formula (see package xlsx).

// workbookFile is where the workbook is published.
const workbookFile = "data/blueprints.xlsx"

// writeWorkbook writes data/blueprints.xlsx.
func (s *snapshot) writeWorkbook(out *publish.Output) error {
	return s.writeFromShape(out, workbookFile, func() ([]byte, error) {
		var buf bytes.Buffer
		if err := xlsx.Write(&buf, s.blueprintWorkbook()); err != nil {
			return nil, fmt.Errorf("builder: writing %s: %w", workbookFile, err)
		}
		return buf.Bytes(), nil
	})
}

// workbookSheet is one sheet of the workbook as it is being made: the
// fields its columns show.
type workbookSheet struct {
	name   string
	fields []OpenDataField
	sheet  xlsx.Sheet
}

// blueprintWorkbook makes the workbook of the site's own blueprints.
func (s *snapshot) blueprintWorkbook() xlsx.Workbook {
	main := &workbookSheet{name: "Blueprints"}
	var lists []*workbookSheet
	head := map[string]OpenDataField{}
	for _, f := range OpenDataFields() {
		head[f.Key] = f
		switch {
		case f.Column == "" || f.inWords:
		case f.sheet == "":
			main.fields = append(main.fields, f)
		case len(lists) == 0 || lists[len(lists)-1].name != f.sheet:
			lists = append(lists, &workbookSheet{name: f.sheet, fields: []OpenDataField{head["slug"], head["title"], head["area_name"], f}})
		default:
			lists[len(lists)-1].fields = append(lists[len(lists)-1].fields, f)
		}
	}
	sheets := append([]*workbookSheet{main}, lists...)
	for _, ws := range sheets {
		ws.sheet.Name = ws.name
		for _, f := range ws.fields {
			ws.sheet.Header = append(ws.sheet.Header, columnHeading(f))
		}
	}
	for _, p := range s.blueprintPages() {
		flat := flatRecord(s.blueprintRecord(p))
		main.sheet.Rows = append(main.sheet.Rows, s.sheetRow(main.fields, flat, -1))
		for _, ws := range lists {
			n := len(flat[ws.fields[len(ws.fields)-1].Column])
			for i := range n {
				ws.sheet.Rows = append(ws.sheet.Rows, s.sheetRow(ws.fields, flat, i))
			}
		}
	}
	wb := xlsx.Workbook{Modified: s.now.UTC()}
	for _, ws := range sheets {
		wb.Sheets = append(wb.Sheets, ws.sheet)
	}
	wb.Sheets = append(wb.Sheets, s.aboutSheet(sheets))
	return wb
}

// sheetRow is the cells of fields for one blueprint's flattened record:
// for a field of a list of tables, those of its item'th table; item is -1
// on the "Blueprints" sheet.
func (s *snapshot) sheetRow(fields []OpenDataField, flat map[string][]any, item int) []xlsx.Cell {
	row := make([]xlsx.Cell, len(fields))
	for i, f := range fields {
		values := flat[f.Column]
		if item >= 0 && f.sheet != "" {
			values = values[item : item+1]
		}
		row[i] = s.sheetCell(f, values)
	}
	return row
}

// sheetCell is the cell of one field: a code as its label, a list's items
// joined by "; ", a whole number as a number, a date as a date, true and
// false as Yes and No.
func (s *snapshot) sheetCell(f OpenDataField, values []any) xlsx.Cell {
	if len(values) == 1 {
		switch v := values[0].(type) {
		case nil:
			return xlsx.Cell{}
		case int64:
			return xlsx.Number(v)
		case string:
			if f.kind == model.KindDate {
				d, _ := time.Parse(time.DateOnly, v)
				return xlsx.Date(d)
			}
		}
	}
	words := make([]string, len(values))
	for i, v := range values {
		words[i] = s.sheetWords(f, v)
	}
	return sheetText(strings.Join(words, "; "))
}

// sheetWords is one value in words.
func (s *snapshot) sheetWords(f OpenDataField, v any) string {
	switch v := v.(type) {
	case bool:
		if v {
			return "Yes"
		}
		return "No"
	case string:
		if f.vocab != "" {
			return s.vocabs.Label(f.vocab, v)
		}
	}
	return csvScalar(v)
}

// sheetText is a text cell, with the quote prefix when a spreadsheet would
// read it as a formula.
func sheetText(s string) xlsx.Cell {
	if model.LooksLikeFormula(s) {
		return xlsx.Text(s).Quoted()
	}
	return xlsx.Text(s)
}

// columnHeading is a field's column heading in words: its keys, the last
// made readable, after the table's name, as "Function: integration
// level"; inside a list of tables with a sheet of its own, only the last
// key.
func columnHeading(f OpenDataField) string {
	keys := strings.Split(strings.ReplaceAll(f.Key, "[]", ""), ".")
	last := headingWords(keys[len(keys)-1])
	if len(keys) == 1 || f.sheet != "" {
		return strings.ToUpper(last[:1]) + last[1:]
	}
	return humanKey(keys[0]) + ": " + last
}

// headingWords is a key as words, with its abbreviations in capitals.
func headingWords(key string) string {
	words := strings.Split(key, "_")
	for i, w := range words {
		if up, ok := headingAbbreviations[w]; ok {
			words[i] = up
		}
	}
	return strings.Join(words, " ")
}

// headingAbbreviations are the keys' words that are abbreviations.
var headingAbbreviations = map[string]string{"url": "URL", "mdt": "MDT", "vcse": "VCSE"}

// aboutSheet says where the workbook comes from, under what licence, and
// what each column of the other sheets holds.
func (s *snapshot) aboutSheet(sheets []*workbookSheet) xlsx.Sheet {
	licence := s.cfg.Licence
	if licence == "" {
		licence = "Not stated: ask the site's owners before you reuse the data."
	}
	licenceURL := s.cfg.LicenceURL
	if licenceURL != "" {
		licenceURL = s.absURL(licenceURL)
	}
	rows := [][]string{
		{"Site", s.cfg.Title},
		{"Source", s.absURL("")},
		{"Licence", licence},
		{"Licence URL", licenceURL},
		{"Attribution", s.cfg.Attribution},
		{"Generated", s.now.UTC().Format(time.RFC3339)},
		{"Described at", s.absURL("data/")},
		{"The same data, with codes, for programs", s.absURL("data/blueprints.json") + " and " + s.absURL("data/blueprints.csv")},
		{},
		{"Sheet", "Column", "JSON key", "Meaning"},
	}
	columnsHead := len(rows) - 1
	for _, ws := range sheets {
		for i, f := range ws.fields {
			rows = append(rows, []string{ws.name, ws.sheet.Header[i], f.Key, f.Doc})
		}
	}
	sheet := xlsx.Sheet{Name: "About"}
	for n, r := range rows {
		cells := make([]xlsx.Cell, len(r))
		for i, text := range r {
			cells[i] = sheetText(text)
			if i == 0 || n == columnsHead {
				cells[i] = cells[i].Bold()
			}
		}
		sheet.Rows = append(sheet.Rows, cells)
	}
	return sheet
}
