package model

import (
	"strings"
	"testing"
)

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("a", 150) + "X" + strings.Repeat("b", 150)
	tests := []struct {
		name string
		e    Error
		want string
	}{
		{"no line to show", Error{File: "f.md", Line: 3, Msg: "m"}, ""},
		{"a span", Error{Line: 4, Source: "updated = 03/12/2026", Col: 11, Span: 10},
			"    4 | updated = 03/12/2026\n      |           ^^^^^^^^^^"},
		{"a span past the end", Error{Line: 4, Source: "x = ab", Col: 5, Span: 9},
			"    4 | x = ab\n      |     ^^"},
		{"the end of the line", Error{Line: 4, Source: `a = "b`, Col: 7, Span: 1},
			"    4 | a = \"b\n      |       ^"},
		{"tabs kept under the line", Error{Line: 12, Source: "\tname =\tx", Col: 9, Span: 1},
			"   12 | \tname =\tx\n      | \t      \t^"},
		{"wide characters", Error{Line: 1, Source: `t = "日本" x`, Col: 14, Span: 1},
			"    1 | t = \"日本\" x\n      | " + strings.Repeat(" ", 11) + "^"},
		{"a control character", Error{Line: 2, Source: "t = \"a\x1b[31mb\"", Col: 7, Span: 1},
			"    2 | t = \"a\uFFFD[31mb\"\n      |       ^"},
		{"not UTF-8", Error{Line: 2, Source: "t = \"a\xffb\"", Col: 7, Span: 1},
			"    2 | t = \"a\uFFFDb\"\n      |       ^"},
		{"a long line", Error{Line: 1, Source: long, Col: 151, Span: 1},
			"    1 | …" + strings.Repeat("a", 33) + "X" + strings.Repeat("b", 66) + "…\n      |  " + strings.Repeat(" ", 33) + "^"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.Excerpt(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestExplain(t *testing.T) {
	syntax := &Error{File: "site.toml", Line: 2, Msg: "text goes in quotes", Source: "a = b", Col: 5, Span: 1}
	other := &Error{File: "content/x.md", Line: 7, Field: "phase", Msg: "is wrong"}
	want := "content/x.md:7: phase: is wrong\nsite.toml:2: text goes in quotes\n    2 | a = b\n      |     ^"
	if got := Explain(ErrorList{other, syntax}); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := Explain(other); got != other.Error() {
		t.Errorf("an error without a line to show: got %q", got)
	}
}
