package model

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// maxExcerpt is how many characters of a long line Excerpt shows, around
// the caret.
const maxExcerpt = 100

// Excerpt returns the line e points at and, below it, a caret under the
// problem, each led by the line number, for printing below Error():
//
//	4 | updated = 03/12/2026
//	  |           ^^^^^^^^^^
//
// It is "" when e has no line to show. Tabs are kept, in the caret line
// too, so that the caret stays under the problem whatever a tab's width;
// a character that would not show, such as a control character, is shown
// as U+FFFD; a long line is cut to the part around the caret.
func (e *Error) Excerpt() string {
	if e.Col <= 0 {
		return ""
	}
	text := e.Source
	col := min(e.Col-1, len(text))
	end := min(col+max(e.Span, 1), len(text))
	from, to := excerptWindow(text, col)
	var line, caret strings.Builder
	if from > 0 {
		line.WriteString("…")
		caret.WriteByte(' ')
	}
	for i := from; i < to; {
		r, size := utf8.DecodeRuneInString(text[i:])
		shown, cols := excerptRune(r, size)
		line.WriteString(shown)
		switch {
		case i >= col && i < end:
			caret.WriteString(strings.Repeat("^", cols))
		case i < col && r == '\t':
			caret.WriteByte('\t')
		case i < col:
			caret.WriteString(strings.Repeat(" ", cols))
		}
		i += size
	}
	if to < len(text) {
		line.WriteString("…")
	}
	if col >= len(text) {
		caret.WriteByte('^') // the end of the line, where something is missing
	}
	return fmt.Sprintf("%5d | %s\n%5s | %s", e.Line, line.String(), "", caret.String())
}

// excerptWindow returns the bytes of text to show: all of it, or for a
// long line maxExcerpt characters around col.
func excerptWindow(text string, col int) (from, to int) {
	if utf8.RuneCountInString(text) <= maxExcerpt {
		return 0, len(text)
	}
	from = col
	for n := 0; n < maxExcerpt/3 && from > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:from])
		from -= size
	}
	to = from
	for n := 0; n < maxExcerpt && to < len(text); n++ {
		_, size := utf8.DecodeRuneInString(text[to:])
		to += size
	}
	return from, to
}

// excerptRune returns how the rune r, size bytes of the line, is shown,
// and how many columns it takes in a terminal.
func excerptRune(r rune, size int) (string, int) {
	switch {
	case r == '\t':
		return "\t", 1
	case r == utf8.RuneError && size <= 1, !unicode.IsGraphic(r):
		return "\uFFFD", 1
	}
	if k := width.LookupRune(r).Kind(); k == width.EastAsianWide || k == width.EastAsianFullwidth {
		return string(r), 2
	}
	return string(r), 1
}

// Explain returns err as an author reads it: each problem on its own
// line, as Error() gives it, and below a mistake in the TOML itself the
// line it is on with a caret under the problem (Excerpt).
func Explain(err error) string {
	switch e := err.(type) {
	case nil:
		return ""
	case *Error:
		if x := e.Excerpt(); x != "" {
			return e.Error() + "\n" + x
		}
		return e.Error()
	case ErrorList:
		if len(e) == 0 {
			return e.Error()
		}
		parts := make([]string, len(e))
		for i, one := range e {
			parts[i] = Explain(one)
		}
		return strings.Join(parts, "\n")
	}
	return err.Error()
}
