package model

// This file holds the hints about a key's value for tomlslip.go, and the
// quick reading of TOML text, string by string and bracket by bracket,
// that its hints rely on.

import (
	"fmt"
	"reflect"
	"strings"
)

// value explains a key's value written the way a person would, not the
// way TOML reads it: a date such as 03/12/2026 or 2026-13-03, a list such
// as tags = frailty, mdt, or text without quotes. The key's field, where
// the struct has one, says what kind of value it takes.
func (x *tomlSlip) value() (tomlHint, bool) {
	line := x.lines[x.line]
	km := keyLineRE.FindStringSubmatchIndex(line)
	if km == nil {
		return tomlHint{}, false
	}
	key := line[km[2]:km[3]]
	raw := cutComment(line[km[1]:])
	val := strings.TrimSpace(raw)
	h := tomlHint{line: x.line, col: km[1] + len(raw) - len(strings.TrimLeft(raw, " \t")), span: max(len(val), 1)}
	switch {
	case val == "":
		h.msg = key + " has no value after =: give it one, or delete the line"
		return h, true
	case val[0] == '[' && x.col > h.col && x.col < h.col+len(val) && isLetter(line[x.col]):
		// A word without quotes in a list.
		h.col, h.span, h.msg = x.col, x.span, "each item of a list goes in quotes"
		if list := quoteItems(splitOutside(strings.TrimSuffix(val[1:], "]"), ',')); list != "" && val[len(val)-1] == ']' {
			h.msg += ": write " + key + " = " + list
		}
		return h, true
	case val[0] == '[' || val[0] == '{':
		return tomlHint{}, false
	}
	f, known := fieldAt(x.front, append(x.tableAbove(), splitKey(key)...))
	quoted := val[0] == '"' || val[0] == '\''
	if !quoted && (known && f.Kind == KindDate || looksLikeDate(val)) {
		h.msg = dateProblem(val, val)
		return h, h.msg != ""
	}
	items := splitOutside(val, ',')
	if known && (f.Kind == KindTexts || f.Kind == KindCodes) && (!quoted || len(items) > 1) ||
		!known && len(items) > 1 && !allNumbers(items) {
		h.msg = "a list goes in square brackets, with each item in quotes"
		if list := quoteItems(items); list != "" {
			h.msg += ": write " + key + " = " + list
		}
		return h, true
	}
	if !quoted && (known && (f.Kind == KindText || f.Kind == KindCode) || !known && strings.HasPrefix(x.msg, "expected value but found")) {
		h.msg = `text goes in quotes: put " before and after it`
		if q := val[len(val)-1]; (q == '"' || q == '\'') && strings.Count(val, string(q)) == 1 {
			h.span = 1
			h.msg = fmt.Sprintf("this text has no opening %c: write %s = %c%s", q, key, q, val)
		} else if q := quoteText(val); q != "" {
			h.msg = "text goes in quotes: write " + key + " = " + q
		}
		return h, true
	}
	return tomlHint{}, false
}

// isLetter reports whether c is an ASCII letter.
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// quoteText returns text in quotes, or "" when it holds both kinds of
// quote mark.
func quoteText(text string) string {
	switch {
	case !strings.ContainsAny(text, `"\`):
		return `"` + text + `"`
	case !strings.Contains(text, `'`):
		return `'` + text + `'`
	}
	return ""
}

// quoteItems returns the items as a TOML list of text, each in quotes, or
// "" when one cannot be quoted.
func quoteItems(items []string) string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		if len(it) < 2 || it[0] != it[len(it)-1] || it[0] != '"' && it[0] != '\'' {
			if strings.ContainsAny(it, `"'`) {
				return "" // a quote mark astray: better no suggestion than a wrong one
			}
			it = `"` + it + `"`
		}
		out = append(out, it)
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// allNumbers reports whether every item is a number, as in 1,000, which
// is not a list.
func allNumbers(items []string) bool {
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" || strings.Trim(it, "0123456789_.+-") != "" {
			return false
		}
	}
	return true
}

// tableAbove returns the name of the table the parser's line is in, as
// the last [name] or [[name]] above it gives it.
func (x *tomlSlip) tableAbove() []string {
	for i := x.line - 1; i >= 0; i-- {
		if m := tableLineRE.FindStringSubmatch(x.lines[i]); m != nil && !keyLineRE.MatchString(x.lines[i]) {
			return splitKey(m[2])
		}
	}
	return nil
}

// splitKey splits a dotted key into its parts, without their quotes.
func splitKey(k string) []string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return parts
}

// fieldAt returns the field the key path reaches from the struct type t,
// going through tables as keysAt does.
func fieldAt(t reflect.Type, path []string) (Field, bool) {
	for t != nil && len(path) > 0 {
		f, ok := FieldByKey(t, path[0])
		if !ok {
			break
		}
		if path = path[1:]; len(path) == 0 {
			return f, true
		}
		t = f.Table
		if f.Kind == kindNamedTables {
			path = path[1:] // a key of the map, such as a vocabulary's name
		}
	}
	return Field{}, false
}

// tomlScan is what a quick reading of TOML finds in it: its strings and
// brackets, without the rest of TOML's rules.
type tomlScan struct {
	open  []int  // the offsets of the [ and { not closed, innermost last
	str   int    // the offset of the opening quote of a string never closed, or -1
	delim string // that string's quote mark: ", ', """ or '''
	// The last string closed, from its opening quote to just after its
	// closing one; lastTo is -1 when there is none.
	lastFrom, lastTo int
	lastDelim        string
}

// scanTOML reads text for its strings, comments and brackets, stopping at
// a string that is never closed. A string in one quote mark ends at the
// end of its line.
func scanTOML(text string) tomlScan {
	sc := tomlScan{str: -1, lastTo: -1}
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '#':
			nl := strings.IndexByte(text[i:], '\n')
			if nl < 0 {
				return sc
			}
			i += nl
		case '"', '\'':
			delim, end := quoted(text, i)
			if end < 0 {
				sc.str, sc.delim = i, delim
				return sc
			}
			sc.lastFrom, sc.lastTo, sc.lastDelim = i, end, delim
			i = end - 1
		case '[', '{':
			sc.open = append(sc.open, i)
		case ']', '}':
			if n := len(sc.open); n > 0 && text[sc.open[n-1]] == map[byte]byte{']': '[', '}': '{'}[c] {
				sc.open = sc.open[:n-1]
			}
		}
	}
	return sc
}

// quoted returns the delimiter of the string that opens at text[i], a
// quote mark or three, and the offset just after the one that closes it,
// or -1 when it is never closed (stringEnd).
func quoted(text string, i int) (delim string, end int) {
	delim = text[i : i+1]
	if strings.HasPrefix(text[i:], strings.Repeat(delim, 3)) {
		delim = strings.Repeat(delim, 3)
	}
	return delim, stringEnd(text, i+len(delim), delim)
}

// stringEnd returns the offset just after the quote that closes the
// string whose text starts at from, or -1 when it is never closed.
func stringEnd(text string, from int, delim string) int {
	for i := from; i < len(text); i++ {
		switch {
		case text[i] == '\n' && len(delim) == 1:
			return -1
		case text[i] == '\\' && delim[0] == '"':
			if i+1 < len(text) && text[i+1] == '\n' && len(delim) == 1 {
				return -1
			}
			i++ // the escaped character is not the end
		case strings.HasPrefix(text[i:], delim):
			end := i + len(delim)
			// Up to two more quote marks belong to a """ text, as in """say "hi"""".
			for n := 0; len(delim) == 3 && n < 2 && end < len(text) && text[end] == delim[0]; n++ {
				end++
			}
			return end
		}
	}
	return -1
}

// indexOutside returns the offset of the first of chars in s outside its
// strings, or -1.
func indexOutside(s, chars string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"' || s[i] == '\'':
			end := stringEnd(s, i+1, s[i:i+1])
			if end < 0 {
				return -1
			}
			i = end - 1
		case strings.IndexByte(chars, s[i]) >= 0:
			return i
		}
	}
	return -1
}

// cutComment returns s without a # comment at its end.
func cutComment(s string) string {
	if i := indexOutside(s, "#"); i >= 0 {
		return s[:i]
	}
	return s
}

// splitOutside splits s at each sep outside its strings.
func splitOutside(s string, sep byte) []string {
	var out []string
	for {
		i := indexOutside(s, string(sep))
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+1:]
	}
}

// frontDepth returns how deep text, TOML, nests at its deepest, and the
// line (from 0) where it first does: for each line, the parts of the
// table header above it, its lists and inline tables open, and the dots
// outside its strings, which join the parts of a dotted key. Like
// CheckCost's, the count errs on the side of counting (a number such as
// 1.5 counts its dot), and it is a bound on how long the key paths are
// that the TOML decoder builds.
func frontDepth(text string) (depth, line int) {
	header, open, dots, n := 0, 0, 0, 0
	note := func() {
		if d := header + open + dots; d > depth {
			depth, line = d, n
		}
	}
	atLineStart := true
	for i := 0; i < len(text); i++ {
		c := text[i]
		if atLineStart && open == 0 && c == '[' {
			// A table header: [a.b] or [[a.b]] sets the parts of the keys below it.
			end := strings.IndexByte(text[i:], '\n')
			if end < 0 {
				end = len(text) - i
			}
			h := cutComment(text[i : i+end])
			header, dots = 1+countOutside(h, '.'), 0
			note()
			i += end - 1
			continue
		}
		if c != ' ' && c != '\t' {
			atLineStart = false
		}
		switch c {
		case '\n':
			n++
			dots, atLineStart = 0, true
		case '#':
			end := strings.IndexByte(text[i:], '\n')
			if end < 0 {
				return depth, line
			}
			i += end - 1
		case '"', '\'':
			_, end := quoted(text, i)
			if end < 0 {
				return depth, line // the decoder reports it
			}
			n += strings.Count(text[i:end], "\n")
			i = end - 1
		case '[', '{':
			open++
			note()
		case ']', '}':
			open = max(open-1, 0)
		case '.':
			dots++
			note()
		}
	}
	return depth, line
}

// countOutside counts c in s outside its strings.
func countOutside(s string, c byte) int {
	n := 0
	for i := indexOutside(s, string(c)); i >= 0; i = indexOutside(s, string(c)) {
		n++
		s = s[i+1:]
	}
	return n
}
