// Package xlsx writes a workbook that Excel, LibreOffice and other
// spreadsheets open as it is: an Office Open XML spreadsheet (ECMA-376,
// the .xlsx format), which is a zip of a few XML files. It writes only
// what a table of data needs, and nothing that can run: no formulas,
// macros, links to other files or shared strings.
//
// A Workbook is a list of Sheets, each a header row and rows of Cells:
//
//   - text is written in the cell itself (an inline string), in UTF-8,
//     so no reader has to guess its encoding; a cell is never a formula,
//     whatever its text. A text marked Quoted also carries Excel's quote
//     prefix, the style that keeps a cell that looks like a formula text
//     when someone edits it, as a typed leading ' does, without a quote
//     in the value; a text may be bold, as the header is;
//   - text longer than MaxCellText (Excel's limit) is cut to it, ending in
//     an ellipsis, rather than give a file Excel would have to repair;
//   - whole numbers are numbers, and dates are dates shown as YYYY-MM-DD,
//     so they sort and filter as such;
//   - the header row is bold and stays in view as the rows scroll, and
//     each column is as wide as its longest value, within bounds.
//
// The same Workbook gives the same bytes: the zip's entries carry the
// Workbook's Modified time and nothing else that changes.
package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxCellText is the most UTF-16 code units a cell may hold in Excel.
const MaxCellText = 32767

// MaxSheetName is the longest name, in characters, a sheet may have.
const MaxSheetName = 31

// A Workbook is what Write writes.
type Workbook struct {
	Sheets   []Sheet
	Modified time.Time // the time the zip's entries carry
}

// A Sheet is one tab of the workbook.
type Sheet struct {
	Name   string   // at most MaxSheetName characters, none of []:*?/\
	Header []string // the first row, in bold and kept in view; may be empty
	Rows   [][]Cell
}

// A Cell is one value. The zero Cell is empty.
type Cell struct {
	kind   cellKind
	text   string
	number int64
	date   time.Time
	quoted bool
	bold   bool
}

type cellKind uint8

const (
	kindEmpty cellKind = iota
	kindText
	kindNumber
	kindDate
)

// Text returns a cell holding s as text; an empty s gives an empty cell.
func Text(s string) Cell {
	if s == "" {
		return Cell{}
	}
	return Cell{kind: kindText, text: s}
}

// Number returns a cell holding the whole number n.
func Number(n int64) Cell { return Cell{kind: kindNumber, number: n} }

// Date returns a cell holding the day of t, shown as YYYY-MM-DD; the zero
// time gives an empty cell.
func Date(t time.Time) Cell {
	if t.IsZero() {
		return Cell{}
	}
	return Cell{kind: kindDate, date: t}
}

// Quoted returns c with Excel's quote prefix when it is text: for a value
// a spreadsheet would otherwise read as a formula once edited.
func (c Cell) Quoted() Cell {
	c.quoted = c.kind == kindText
	return c
}

// Bold returns c in bold, as the header is, when it is text.
func (c Cell) Bold() Cell {
	c.bold = c.kind == kindText
	return c
}

// Write writes wb to w as an .xlsx file. It fails only for a sheet name
// Excel refuses, or when w does.
func Write(w io.Writer, wb Workbook) error {
	if len(wb.Sheets) == 0 {
		return fmt.Errorf("xlsx: a workbook needs at least one sheet")
	}
	seen := map[string]bool{}
	for _, s := range wb.Sheets {
		if err := checkSheetName(s.Name); err != nil {
			return err
		}
		if seen[strings.ToLower(s.Name)] {
			return fmt.Errorf("xlsx: two sheets are named %q", s.Name)
		}
		seen[strings.ToLower(s.Name)] = true
	}
	z := zip.NewWriter(w)
	files := []struct {
		name string
		body string
	}{
		{"[Content_Types].xml", contentTypes(len(wb.Sheets))},
		{"_rels/.rels", rootRels},
		{"xl/workbook.xml", workbookXML(wb.Sheets)},
		{"xl/_rels/workbook.xml.rels", workbookRels(len(wb.Sheets))},
		{"xl/styles.xml", stylesXML},
	}
	for i, s := range wb.Sheets {
		files = append(files, struct{ name, body string }{fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), sheetXML(s)})
	}
	for _, f := range files {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: wb.Modified})
		if err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

func checkSheetName(name string) error {
	switch {
	case name == "" || utf8.RuneCountInString(name) > MaxSheetName:
		return fmt.Errorf("xlsx: sheet name %q must have 1 to %d characters", name, MaxSheetName)
	case strings.ContainsAny(name, `[]:*?/\`):
		return fmt.Errorf("xlsx: sheet name %q may not hold any of []:*?/\\", name)
	case strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'"):
		return fmt.Errorf("xlsx: sheet name %q may not begin or end with '", name)
	}
	return nil
}

// Column widths, in characters: no narrower than a short word, no wider
// than about half a screen.
const (
	minWidth = 8
	maxWidth = 60
)

func sheetXML(s Sheet) string {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	if len(s.Header) > 0 {
		b.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`)
	}
	if widths := columnWidths(s); len(widths) > 0 {
		b.WriteString("<cols>")
		for i, w := range widths {
			fmt.Fprintf(&b, `<col min="%d" max="%d" width="%d" customWidth="1"/>`, i+1, i+1, w)
		}
		b.WriteString("</cols>")
	}
	b.WriteString("<sheetData>")
	row := 0
	if len(s.Header) > 0 {
		row++
		fmt.Fprintf(&b, `<row r="%d">`, row)
		for col, h := range s.Header {
			writeCell(&b, Text(h), col, row, styleHeader)
		}
		b.WriteString("</row>")
	}
	for _, cells := range s.Rows {
		row++
		fmt.Fprintf(&b, `<row r="%d">`, row)
		for col, c := range cells {
			writeCell(&b, c, col, row, styleNone)
		}
		b.WriteString("</row>")
	}
	b.WriteString("</sheetData></worksheet>")
	return b.String()
}

// The styles of styles.xml's cellXfs, by index.
const (
	styleNone   = 0
	styleHeader = 1
	styleDate   = 2
	styleQuoted = 3
)

func writeCell(b *strings.Builder, c Cell, col, row, style int) {
	ref := ColumnName(col) + strconv.Itoa(row)
	switch c.kind {
	case kindText:
		switch {
		case c.quoted:
			style = styleQuoted
		case c.bold:
			style = styleHeader
		}
		fmt.Fprintf(b, `<c r="%s"%s t="inlineStr"><is><t xml:space="preserve">`, ref, styleAttr(style))
		xml.EscapeText(b, []byte(cutText(c.text)))
		b.WriteString("</t></is></c>")
	case kindNumber:
		fmt.Fprintf(b, `<c r="%s"%s><v>%d</v></c>`, ref, styleAttr(style), c.number)
	case kindDate:
		fmt.Fprintf(b, `<c r="%s"%s><v>%d</v></c>`, ref, styleAttr(styleDate), serialDay(c.date))
	}
}

func styleAttr(style int) string {
	if style == styleNone {
		return ""
	}
	return ` s="` + strconv.Itoa(style) + `"`
}

// cutText returns s cut to MaxCellText UTF-16 code units, the last of them
// an ellipsis, when it is longer.
func cutText(s string) string {
	if len(s) <= MaxCellText {
		return s // in UTF-16, no text is longer than in UTF-8
	}
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > MaxCellText-1 {
			return s[:i] + "…"
		}
	}
	return s
}

// serialDay is t's day as a spreadsheet counts them: days since 30
// December 1899, which makes 1 March 1900 day 61, as in Excel.
func serialDay(t time.Time) int64 {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return int64(day.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// ColumnName returns the letters of the zero-based column col: A, B, ...
// Z, AA, AB ...
func ColumnName(col int) string {
	name := ""
	for col++; col > 0; col = (col - 1) / 26 {
		name = string(rune('A'+(col-1)%26)) + name
	}
	return name
}

// columnWidths returns the width of each column of s, from its longest
// value.
func columnWidths(s Sheet) []int {
	var widths []int
	grow := func(col int, c Cell) {
		for len(widths) <= col {
			widths = append(widths, minWidth)
		}
		n := 0
		switch c.kind {
		case kindText:
			n = utf8.RuneCountInString(c.text) + 1
		case kindNumber:
			n = len(strconv.FormatInt(c.number, 10)) + 2
		case kindDate:
			n = len("2006-01-02") + 2
		}
		widths[col] = min(max(widths[col], n), maxWidth)
	}
	for col, h := range s.Header {
		grow(col, Text(h))
	}
	for _, cells := range s.Rows {
		for col, c := range cells {
			grow(col, c)
		}
	}
	return widths
}
