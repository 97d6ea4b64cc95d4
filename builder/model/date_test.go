package model

import (
	"strings"
	"testing"
)

// TestQuotedDatesGetTheSameHint checks that a date in quotes, which TOML
// reads as text and the Date then refuses, is explained as the same date
// without quotes is.
func TestQuotedDatesGetTheSameHint(t *testing.T) {
	tests := []struct{ text, want string }{
		{"03/12/2026", `"03/12/2026" is not a date the site can read: write dates as 2026-12-03 (year-month-day)`},
		{"12/31/2026", `"12/31/2026" is not a date the site can read: write dates as 2026-12-31 (year-month-day)`},
		{"3 Dec 2026", `"3 Dec 2026" is not a date the site can read: write dates as 2026-12-03 (year-month-day)`},
		{"2026-13-03", `"2026-13-03" is not a real date: there is no month 13 (did you mean 2026-03-13? dates are year-month-day)`},
		{"2028-02-30", `"2028-02-30" is not a real date: February 2028 has 29 days`},
		{"2026-04-31", `"2026-04-31" is not a real date: April 2026 has 30 days`},
		{"2026-12-03T10:00:00", `"2026-12-03T10:00:00" is not a date the site can read: write dates as 2026-12-03 (year-month-day)`},
		{"soon", `"soon" is not a date: write dates as year-month-day, such as 2026-12-03`},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			quoted := &Source{File: "p.md", Front: []byte(`updated = "` + tt.text + "\"\n"), FrontLine: 2}
			front := NewFront(TypePlaybook)
			if errs, _ := DecodeFront(quoted, front); len(errs) > 0 {
				t.Fatal(errs)
			}
			v := &Validator{Src: quoted, Areas: &Vocab{}}
			v.Walk(ReflectValue(front), "")
			got := ""
			for _, e := range v.Errs {
				if e.Field == "updated" {
					got = e.Error()
				}
			}
			if want := "p.md:2: updated: " + tt.want; got != want {
				t.Errorf("in quotes:\n got %s\nwant %s", got, want)
			}
			bare := &Source{File: "p.md", Front: []byte("updated = " + tt.text + "\n"), FrontLine: 2}
			errs, _ := DecodeFront(bare, NewFront(TypePlaybook))
			if strings.Contains(tt.text, "T") { // a TOML date and time: a date
				return
			}
			if want := "p.md:2: front matter: " + strings.Replace(tt.want, `"`+tt.text+`"`, tt.text, 1); len(errs) != 1 || errs[0].Error() != want {
				t.Errorf("without quotes:\n got %v\nwant %s", errs, want)
			}
		})
	}
}
