package model

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// This file explains a mistake in the TOML itself, in front matter or
// site.toml, the way the rest of the model explains a wrong value: in
// plain words, at the line to change, with that line and a caret under
// the problem. The parser's own messages are about its grammar ("expected
// a top-level item to end with a newline, comment, or EOF"); the common
// slips are told from the line's text instead, with the parser's position
// and message where the text alone cannot say: quotes inside quoted text,
// a date written another way or one that does not exist, a quote or a
// bracket never closed, a missing =, a list without its brackets, text
// without quotes, a \ that starts no escape and a key written twice.
// Anything else keeps the parser's message, at its line.

// tomlSlip is a TOML syntax error being explained.
type tomlSlip struct {
	text   string
	lines  []string
	starts []int        // the offset in text of each line
	first  int          // the line of the file that lines[0] is
	front  reflect.Type // the struct decoded into, for the kind of value a key takes
	page   bool         // the TOML is a page's front matter
	msg    string       // the parser's message
	line   int          // where the parser stopped, an index into lines
	col    int          // and the byte in that line, or -1 when its position is not on the line
	span   int          // how many bytes from col the parser marked, at least 1
}

// tomlHint is what to tell the author, and where: a line, an index into
// lines, and the bytes of it to mark.
type tomlHint struct {
	msg       string
	line      int
	col, span int
}

// syntaxError explains pe, the parser's error in s's TOML as decoded into
// v, as an Error at the line the author must change, with the text of
// that line and the place of the caret.
func (s *Source) syntaxError(pe toml.ParseError, v any) *Error {
	x := newSlip(string(s.Front), pe)
	x.first, x.front, x.page = s.FrontLine, reflect.TypeOf(v), !s.settings
	h := x.explain()
	msg := h.msg
	if x.page {
		msg = "front matter: " + msg
	}
	return &Error{File: s.File, Line: s.FrontLine + h.line, Msg: msg, Source: x.lines[h.line], Col: h.col + 1, Span: h.span}
}

// newSlip finds the line and the byte where the parser stopped. Its line
// is right but for a stop at a newline, which it counts as the next line's;
// its byte offset can lie outside the line, and is then not used.
func newSlip(text string, pe toml.ParseError) *tomlSlip {
	x := &tomlSlip{text: text, lines: strings.Split(text, "\n"), msg: pe.Message, col: -1, span: max(pe.Position.Len, 1)}
	off := 0
	for _, l := range x.lines {
		x.starts = append(x.starts, off)
		off += len(l) + 1
	}
	x.line = min(max(pe.Position.Line-1, 0), len(x.lines)-1)
	if at := pe.Position.Start; at >= 0 && at <= len(text) {
		switch l := strings.Count(text[:at], "\n"); {
		case l == x.line:
			x.col = at - x.starts[l]
		case l == x.line-1 && at < len(text) && text[at] == '\n':
			x.line, x.col = l, at-x.starts[l]
		}
	}
	// After the last newline is the closing +++ or the end of the file:
	// what is missing there is missing at the end of the line before.
	if x.line > 0 && x.line == len(x.lines)-1 && x.lines[x.line] == "" {
		x.line--
		x.col = len(x.lines[x.line])
	}
	return x
}

// explain returns the first hint that fits the mistake, or the parser's
// own message.
func (x *tomlSlip) explain() tomlHint {
	for _, try := range []func() (tomlHint, bool){x.encoding, x.backslash, x.twice, x.openAbove, x.quoteInside, x.wordInList, x.value, x.missingEquals, x.openHere} {
		if h, ok := try(); ok {
			return h
		}
	}
	h := x.place()
	h.msg = "the TOML on this line cannot be read: " + x.msg + "; check its quotes, brackets and = sign"
	return h
}

// place returns where the parser stopped, marking the whole line when
// its position is not on it.
func (x *tomlSlip) place() tomlHint {
	line := x.lines[x.line]
	if x.col >= 0 {
		return tomlHint{line: x.line, col: x.col, span: max(min(x.span, len(line)-x.col), 1)}
	}
	text := strings.TrimRight(line, " \t")
	col := len(text) - len(strings.TrimLeft(text, " \t"))
	return tomlHint{line: x.line, col: col, span: max(len(text)-col, 1)}
}

// atLineEnd reports whether the parser stopped at the last thing on its
// line, or after it.
func (x *tomlSlip) atLineEnd() bool {
	line := x.lines[x.line]
	return x.col >= 0 && strings.TrimSpace(line[min(x.col+x.span, len(line)):]) == ""
}

// at returns a hint marking the bytes of text from off.
func (x *tomlSlip) at(off, span int, msg string) tomlHint {
	line := strings.Count(x.text[:off], "\n")
	return tomlHint{msg: msg, line: line, col: off - x.starts[line], span: span}
}

// tomlEscape matches the parser's messages about an escape in a string,
// such as "invalid escape in string '\q'".
var tomlEscape = regexp.MustCompile(`(?i)escape|digits after '\\`)

var tomlDuplicate = regexp.MustCompile(`^Key '(.*)' has already been defined\.?$`)

// encoding explains a character TOML refuses: a control character, or
// bytes that are not UTF-8. Only the parser's message tells these apart.
func (x *tomlSlip) encoding() (tomlHint, bool) {
	msg := ""
	bad := func(r rune, size int) bool { return r == utf8.RuneError && size <= 1 }
	switch {
	case tomlControl.MatchString(x.msg):
		msg = x.msg
		if m := tomlControl.FindStringSubmatch(x.msg); m != nil {
			var r rune
			fmt.Sscanf(m[1], "%x", &r)
			if p := ControlCharProblem(string(r)); p != "" {
				msg = p
			}
		}
		bad = func(r rune, _ int) bool { return isControl(r) }
	case strings.HasPrefix(x.msg, "invalid UTF-8"), strings.Contains(x.msg, "NULL bytes"):
		msg = "file is not valid UTF-8: save it with UTF-8 encoding"
	default:
		return tomlHint{}, false
	}
	h := x.place()
	line := x.lines[x.line]
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRuneInString(line[i:])
		if bad(r, size) {
			h.col, h.span = i, size
			break
		}
		i += size
	}
	h.msg = msg
	return h, true
}

// backslash explains a \ in text in double quotes that does not start
// one of TOML's escapes, such as a Windows path: only the parser's message
// says that the \ is the problem.
func (x *tomlSlip) backslash() (tomlHint, bool) {
	from := x.starts[x.line] + max(x.col, 0)
	i := strings.IndexByte(x.text[from:], '\\')
	if !tomlEscape.MatchString(x.msg) || i < 0 {
		return tomlHint{}, false
	}
	return x.at(from+i, 1, `a \ in text between double quotes must be written \\, or put the text between single quotes, where a \ is just a \`), true
}

// twice explains a key, or a table, written twice.
func (x *tomlSlip) twice() (tomlHint, bool) {
	m := tomlDuplicate.FindStringSubmatch(x.msg)
	if m == nil {
		return tomlHint{}, false
	}
	h := x.place()
	line := x.lines[x.line]
	if isTableLine(line) {
		what := strings.TrimSpace(cutComment(line))
		h.msg = fmt.Sprintf("%s is written twice: move the keys under this one to the first %s", what, what)
		for i := x.line - 1; i >= 0; i-- {
			if isTableLine(x.lines[i]) && normKey(cutComment(x.lines[i])) == normKey(what) {
				h.msg += fmt.Sprintf(" (line %d)", x.first+i)
				break
			}
		}
		h.msg += ", and delete this line"
		return h, true
	}
	km := keyLineRE.FindStringSubmatchIndex(line)
	if km == nil {
		h.msg = fmt.Sprintf("%s is written twice: keep one and delete the other", m[1])
		return h, true
	}
	key := line[km[2]:km[3]]
	h.col, h.span = km[2], len(key)
	h.msg = fmt.Sprintf("%s is written twice: keep one and delete the other", key)
	for i := x.line - 1; i >= 0 && !isTableLine(x.lines[i]); i-- {
		if k := keyLineRE.FindStringSubmatch(x.lines[i]); k != nil && normKey(k[1]) == normKey(key) {
			h.msg += fmt.Sprintf(" (the first is on line %d)", x.first+i)
			break
		}
	}
	return h, true
}

// openAbove explains a stop inside a list, or a text in """, that was
// opened on an earlier line and never closed: the parser goes on to the
// next key before it finds out, so the place to show is where it opened.
func (x *tomlSlip) openAbove() (tomlHint, bool) {
	before := scanTOML(x.text[:x.starts[x.line]])
	switch {
	case before.str >= 0 && len(before.delim) == 3 && scanTOML(x.text).str == before.str:
		return x.unclosedText(before.str, before.delim), true
	case before.str < 0 && len(before.open) > 0:
		line := x.lines[x.line]
		if here := scanTOML(x.text[:x.starts[x.line]+len(line)]); here.str >= 0 {
			return tomlHint{}, false // a quote not closed on this line, inside the list
		}
		if keyLineRE.MatchString(line) || isTableLine(line) || x.atLineEnd() {
			return x.unclosedBracket(before.open[len(before.open)-1]), true
		}
	}
	return tomlHint{}, false
}

// wordInList explains a word without quotes on a line of a list that
// started on an earlier line.
func (x *tomlSlip) wordInList() (tomlHint, bool) {
	open := scanTOML(x.text[:x.starts[x.line]]).open
	line := x.lines[x.line]
	if len(open) == 0 || x.text[open[len(open)-1]] != '[' || x.col < 0 || x.col >= len(line) || !isLetter(line[x.col]) {
		return tomlHint{}, false
	}
	return tomlHint{msg: "each item of a list goes in quotes", line: x.line, col: x.col, span: x.span}, true
}

// openHere explains a quote or a bracket opened on the parser's line and
// not closed by its end.
func (x *tomlSlip) openHere() (tomlHint, bool) {
	from := x.starts[x.line]
	sc := scanTOML(x.text[:from+len(x.lines[x.line])])
	switch {
	case sc.str >= from && len(sc.delim) == 1, sc.str >= 0 && len(sc.delim) == 3 && scanTOML(x.text).str == sc.str:
		return x.unclosedText(sc.str, sc.delim), true
	case sc.str < 0 && len(sc.open) > 0 && sc.open[len(sc.open)-1] >= from && x.atLineEnd():
		return x.unclosedBracket(sc.open[len(sc.open)-1]), true
	}
	return tomlHint{}, false
}

// unclosedText explains the text whose opening quote is at off.
func (x *tomlSlip) unclosedText(off int, delim string) tomlHint {
	if len(delim) == 3 {
		return x.at(off, 3, fmt.Sprintf("this text starts with %s but is never closed: add %s where it ends", delim, delim))
	}
	msg := fmt.Sprintf("this text has no closing %s: add %s at its end", delim, delim)
	if delim == `"` {
		msg += ` (text on more than one line goes between """ and """)`
	}
	return x.at(off, 1, msg)
}

// unclosedBracket explains the [ or { at off, never closed.
func (x *tomlSlip) unclosedBracket(off int) tomlHint {
	if x.text[off] == '{' {
		return x.at(off, 1, "this table has no closing }: add } after its last key")
	}
	h := x.at(off, 1, "this list has no closing ]: add ] after its last item")
	line := x.lines[h.line]
	if keyLineRE.MatchString(line) || strings.Trim(line[:h.col], " \t[") != "" {
		return h
	}
	head := strings.TrimSpace(cutComment(line))
	name := strings.TrimSpace(strings.Trim(head, "[]"))
	open := head[:len(head)-len(strings.TrimLeft(head, "["))]
	shut := strings.Repeat("]", len(open))
	h.col = strings.Index(line, "[")
	h.span = len(open)
	h.msg = fmt.Sprintf("this table name has no closing %s: write it as %s%s%s", shut, open, name, shut)
	return h
}

// quoteInside explains text in quotes that holds the same quote mark,
// which ends it early: the parser stops just after the text's early end,
// with more of the line and another of the quote marks to come.
func (x *tomlSlip) quoteInside() (tomlHint, bool) {
	line := x.lines[x.line]
	if x.col < 0 || x.col >= len(line) || strings.IndexByte(",]}#", line[x.col]) >= 0 {
		return tomlHint{}, false
	}
	sc := scanTOML(line[:x.col])
	if sc.str >= 0 || sc.lastTo < 0 || len(sc.lastDelim) != 1 || strings.Trim(line[sc.lastTo:x.col], " \t") != "" ||
		!strings.Contains(line[x.col:], sc.lastDelim) {
		return tomlHint{}, false
	}
	if next := strings.TrimLeft(line[x.col:], " \t"); len(sc.open) > 0 && (next[0] == '"' || next[0] == '\'') {
		// Two items side by side in a list, not a quote inside one.
		return tomlHint{msg: "the items of a list are separated by commas: add a comma before this one", line: x.line, col: len(line) - len(next), span: 1}, true
	}
	q := sc.lastDelim
	other, around := `'`, "single quotes"
	if q == `'` {
		other, around = `"`, "double quotes"
	}
	h := tomlHint{line: x.line, col: sc.lastTo - 1, span: 1}
	h.msg = fmt.Sprintf("a %s inside the text ends it early: ", q)
	end := strings.LastIndex(line, q)
	km := keyLineRE.FindStringSubmatchIndex(line)
	inner := line[sc.lastFrom+1 : end]
	rest := strings.TrimSpace(line[end+1:])
	if km != nil && km[1] <= sc.lastFrom && strings.TrimLeft(line[km[1]:sc.lastFrom], " \t") == "" && (rest == "" || rest[0] == '#') &&
		!strings.ContainsAny(inner, other+`\#`) {
		h.msg += fmt.Sprintf("write %s%s%s%s (%s around it)", strings.TrimLeft(line[:sc.lastFrom], " \t"), other, inner, other, around)
	} else {
		h.msg += "put " + around + " around text that holds " + map[string]string{`"`: "double quotes", `'`: "an apostrophe"}[q]
	}
	if q == `"` {
		h.msg += `, or write each " inside it as \"`
	}
	return h, true
}

// missingEquals explains a line that starts with a name but has no =,
// such as summary "S" or, as YAML writes it, summary: S.
func (x *tomlSlip) missingEquals() (tomlHint, bool) {
	line := x.lines[x.line]
	text := strings.TrimSpace(line)
	key := bareKeyRE.FindString(text)
	if eq := indexOutside(line, "=#"); key == "" || eq >= 0 && line[eq] == '=' || len(scanTOML(x.text[:x.starts[x.line]]).open) > 0 {
		return tomlHint{}, false
	}
	after := strings.TrimSpace(text[len(key):])
	value := strings.TrimSpace(strings.TrimPrefix(after, ":"))
	if strings.HasPrefix(after, ":") && value != "" && !startsValue(value) {
		value = quoteText(value)
	}
	if startsValue(value) {
		msg := fmt.Sprintf("a setting needs = between its name and its value: write %s = %s", key, value)
		return tomlHint{msg: msg, line: x.line, col: strings.Index(line, text) + len(key), span: 1}, true
	}
	h := tomlHint{line: x.line, col: strings.Index(line, text), span: len(text)}
	h.msg = `each line here is a setting, written name = value, such as title = "Start with needs", and this one has no =`
	if x.page {
		h.msg += " (the page's text goes below the closing +++)"
	}
	return h, true
}

var bareKeyRE = regexp.MustCompile(`^[A-Za-z0-9_-]+`)

// startsValue reports whether s starts the way a TOML value other than
// text without quotes does: with a quote, a bracket, a brace or a digit,
// or is true or false.
func startsValue(s string) bool {
	return s != "" && strings.IndexByte(`"'[{0123456789`, s[0]) >= 0 || s == "true" || s == "false"
}

// isTableLine reports whether line names a table, as [name] or [[name]].
func isTableLine(line string) bool {
	return tableLineRE.MatchString(line) && !keyLineRE.MatchString(line)
}

// normKey returns a key or a table's name without its spaces and quotes,
// to compare with another.
func normKey(k string) string {
	return strings.NewReplacer(" ", "", "\t", "", `"`, "", `'`, "").Replace(k)
}
