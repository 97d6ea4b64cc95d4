package model

import (
	"strings"
)

// This file holds the one rule that keeps the site's CSV files and its
// workbook from carrying a spreadsheet attack ("CSV injection", as OWASP
// calls it): a spreadsheet reads a cell that begins with = + - @, a tab or
// a carriage return as a formula, and a formula such as =HYPERLINK(...) or
// +cmd|' /C calc'!A0 can fetch, leak or run things when the file is opened.
// In a CSV such a cell is written with a single quote before it, which
// spreadsheets take to mean "this is text". The workbook's cells are text
// already, never formulas, and such a cell also gets the quote prefix
// style, which keeps it text when someone edits it. The JSON keeps the
// value as it is: the quote is for spreadsheets only.
//
// The self-assessment page's script writes a CSV too, from what a team
// types: it reads the same characters from the page (see
// SelfAssessment.CSVFormulaLeads) rather than keeping a copy of its own.

// csvFormulaLeads are the characters that make a spreadsheet read a cell as
// a formula when the cell begins with one, and how the /data/ page names
// them.
var csvFormulaLeads = []struct {
	char rune
	name string
}{
	{'=', "="},
	{'+', "+"},
	{'-', "-"},
	{'@', "@"},
	{'\t', "a tab"},
	{'\r', "a carriage return"},
}

// CSVFormulaLeads returns the characters that make a spreadsheet read a
// cell as a formula when the cell begins with one.
func CSVFormulaLeads() string {
	var b strings.Builder
	for _, l := range csvFormulaLeads {
		b.WriteRune(l.char)
	}
	return b.String()
}

// CSVFormulaLeadNames returns the same characters as the /data/ page names
// them: "=", "+", ..., "a tab".
func CSVFormulaLeadNames() []string {
	names := make([]string, len(csvFormulaLeads))
	for i, l := range csvFormulaLeads {
		names[i] = l.name
	}
	return names
}

// LooksLikeFormula reports whether a spreadsheet would read s as a
// formula: whether it begins with one of CSVFormulaLeads. Every output
// meant for a spreadsheet asks this, the CSV through CSVCell and the
// workbook (data/blueprints.xlsx) for its cells' quote prefix.
func LooksLikeFormula(s string) bool {
	return s != "" && strings.IndexByte(csvFormulaChars, s[0]) >= 0
}

// CSVCell returns s as a CSV cell a spreadsheet reads as text: with a
// single quote before it when it LooksLikeFormula. No number in the open
// data is negative (the builder refuses negative figures), so no number
// gains a quote; a text such as "-" or "- none" does.
func CSVCell(s string) string {
	if LooksLikeFormula(s) {
		return "'" + s
	}
	return s
}

// csvFormulaChars is CSVFormulaLeads, made once. Every one is ASCII, so a
// cell's first byte is enough to tell.
var csvFormulaChars = CSVFormulaLeads()
