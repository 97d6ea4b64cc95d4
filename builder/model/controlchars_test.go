package model

import "testing"

func TestControlCharProblem(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Start with needs", ""},
		{"tab\tand\nline feed", ""},
		{"Ünïcödé — fine ✓", ""},
		{"a\bb", "contains a control character U+0008 (backspace); delete it"},
		{"\x00", "contains a control character U+0000 (null); delete it"},
		{"a\rb", "contains a control character U+000D (carriage return); delete it"},
		{"\x1b[31mred", "contains a control character U+001B (escape); delete it"},
		{"\x1f", "contains a control character U+001F (unit separator); delete it"},
		{"del\x7f", "contains a control character U+007F (delete); delete it"},
		{"next\u0085line", "contains a control character U+0085 (a C1 control character); delete it"},
		{"first\bthen\x1b", "contains a control character U+0008 (backspace); delete it"},
	} {
		if got := ControlCharProblem(tt.in); got != tt.want {
			t.Errorf("controlCharProblem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
