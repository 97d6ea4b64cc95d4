package markdown

import (
	"bytes"
	"fmt"

	"intkb/builder/model"
)

// CheckCost reads a page body once, line by line, and reports what would
// cost goldmark more than a page may (see model.MaxTableCells,
// model.MaxNesting, model.MaxLinkDefinitions and model.MaxFootnotes):
// too many table cells, lists and quotes nested too deep, too many link
// reference definitions or footnotes. file names the page in errors, and
// the body starts on line bodyLine of it. Each kind is reported once, at
// the line where the page passes its limit. A page it passes may still be
// refused by Render, for its inline markup or its HTML.
//
// The scan is simpler than goldmark and errs on the side of counting: it
// looks inside code blocks too, and takes any line of dashes and pipes
// below a line of text for the start of a table, so that nothing goldmark
// would spend time on escapes it. Inline markup is held to its limit
// while goldmark parses it (see markupGuard), where paragraphs are known
// exactly.
func CheckCost(file string, body []byte, bodyLine int) model.ErrorList {
	c := costScan{file: file}
	for i, off := 0, 0; off < len(body); i++ {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off
		}
		c.line(body, off, end, bodyLine+i)
		off = end + 1
	}
	c.endTable()
	return c.report()
}

// costScan is what CheckCost has counted so far.
type costScan struct {
	file string
	errs model.ErrorList

	prevText bool // the previous line was not blank
	table    *tableSpan
	cells    int // in the tables before this one

	depth, depthLine int // the deepest line
	defs, defsLine   int // defsLine is where the count passed its limit
	notes, notesLine int
}

// tableSpan is the table being read: its delimiter row's line, the most
// columns of any delimiter row in it, and the rows and cells so far.
type tableSpan struct {
	line, cols, rows, cells int
}

// line counts one line of body, body[start:end], at file line n.
func (c *costScan) line(body []byte, start, end, n int) {
	line := body[start:end]
	depth, rest := containerPrefix(line)
	blank := isBlank(line)
	switch {
	case blank:
		c.endTable()
	case c.table != nil:
		// goldmark may end a table and start another without a blank
		// line between: each row counts the widest so far.
		t := c.table
		t.cols = max(t.cols, delimiterColumns(rest))
		t.rows++
		t.cells += t.cols
	case c.prevText:
		if cols := delimiterColumns(rest); cols > 0 {
			c.table = &tableSpan{line: n, cols: cols, cells: cols}
		}
	}
	c.prevText = !blank

	if depth > c.depth {
		c.depth, c.depthLine = depth, n
	}
	if len(rest) > 1 && rest[0] == '[' && !isFootnoteDefinition(rest) && isDefinitionLabel(body[end-len(rest):]) {
		c.defs++
		if c.defs == model.MaxLinkDefinitions+1 {
			c.defsLine = n
		}
	}
	if k := bytes.Count(line, []byte("[^")); k > 0 {
		if c.notes <= model.MaxFootnotes && c.notes+k > model.MaxFootnotes {
			c.notesLine = n
		}
		c.notes += k
	}
}

// endTable adds the table being read to the page's cells, at its end.
func (c *costScan) endTable() {
	t := c.table
	if t == nil {
		return
	}
	c.table = nil
	before := c.cells
	c.cells += t.cells
	if before > model.MaxTableCells || c.cells <= model.MaxTableCells {
		return
	}
	size := fmt.Sprintf("%s columns and %s rows (%s cells with its header)", model.NumberText(t.cols), model.NumberText(t.rows), model.NumberText(t.cells))
	if before > 0 {
		size += fmt.Sprintf(", %s with the tables above it", model.NumberText(c.cells))
	}
	// The header is the line above the delimiter row.
	c.fail(t.line-1, "table has %s; a page may have at most %s table cells (split the table, or publish the data as a CSV file beside the page and link to it)", size, model.NumberText(model.MaxTableCells))
}

// report adds the limits the page passed, other than tables, to the
// errors and returns them.
func (c *costScan) report() model.ErrorList {
	if c.depth > model.MaxNesting {
		c.fail(c.depthLine, "lists and quotes are nested %s deep; a page may nest them at most %d deep (flatten the list, or end the quote sooner)", model.NumberText(c.depth), model.MaxNesting)
	}
	if c.defs > model.MaxLinkDefinitions {
		c.fail(c.defsLine, "page has %s link reference definitions ([label]: URL); a page may have at most %s (write the links in place, as [text](URL), or split the page)", model.NumberText(c.defs), model.NumberText(model.MaxLinkDefinitions))
	}
	if c.notes > model.MaxFootnotes {
		c.fail(c.notesLine, "page has %s footnote references and definitions ([^label]); a page may have at most %s (split the page)", model.NumberText(c.notes), model.NumberText(model.MaxFootnotes))
	}
	c.errs.Sort()
	return c.errs
}

func (c *costScan) fail(line int, format string, args ...any) {
	c.errs = append(c.errs, &model.Error{File: c.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// isBlank reports whether a line ends a paragraph or table wherever it
// is: nothing but spaces and block quote markers.
func isBlank(line []byte) bool {
	for _, ch := range line {
		if ch != ' ' && ch != '\t' && ch != '\r' && ch != '>' {
			return false
		}
	}
	return true
}

// containerPrefix reads the block quote markers (>) and list markers (-,
// +, *, 1. or 1)) that start a line. It returns how deeply they nest it,
// counting one for each marker and one for each two columns of
// indentation before the last, and the rest of the line after them and
// the spaces that follow. A list nested by indentation alone needs at
// least two more columns each level, so goldmark can nest a line no
// deeper than this.
func containerPrefix(line []byte) (depth int, rest []byte) {
	brk := thematicBreakAt(line)
	markers, columns := 0, 0
	i := 0
	for {
		j, cols := i, 0
		for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
			if line[j] == '\t' {
				cols += 4
			} else {
				cols++
			}
			j++
		}
		width := 0
		if j < brk {
			width = markerWidth(line[j:])
		}
		if width == 0 {
			i = j
			break
		}
		if markers > 0 {
			cols-- // the space that ends the marker before
		}
		markers++
		columns += max(cols, 0)
		i = j + width
	}
	return markers + columns/2, line[i:]
}

// thematicBreakAt returns where the thematic break that ends line (three
// or more of one of - * _, with only spaces between, as in "- - -")
// begins, or len(line) when it does not end in one. Marks from there on
// are not list markers.
func thematicBreakAt(line []byte) int {
	i := len(line)
	for i > 0 && (line[i-1] == ' ' || line[i-1] == '\t' || line[i-1] == '\r') {
		i--
	}
	if i == 0 || line[i-1] != '-' && line[i-1] != '*' && line[i-1] != '_' {
		return len(line)
	}
	mark, marks, start := line[i-1], 0, len(line)
	for ; i > 0 && (line[i-1] == mark || line[i-1] == ' ' || line[i-1] == '\t'); i-- {
		if line[i-1] == mark {
			if marks++; marks >= 3 {
				start = i - 1
			}
		}
	}
	return start
}

// markerWidth returns the length of the block quote or list marker that
// begins b, or 0 when there is none.
func markerWidth(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case '>':
		return 1
	case '-', '+', '*':
		if len(b) == 1 || b[1] == ' ' || b[1] == '\t' {
			return 1
		}
		return 0
	}
	n := 0
	for n < len(b) && n < 9 && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	if n > 0 && n < len(b) && (b[n] == '.' || b[n] == ')') && (n+1 == len(b) || b[n+1] == ' ' || b[n+1] == '\t') {
		return n + 1
	}
	return 0
}

// delimiterColumns returns how many columns a table delimiter row (such
// as |---|:--:|) has, or 0 when line is not one. It accepts whatever
// goldmark accepts, and some lines goldmark does not.
func delimiterColumns(line []byte) int {
	dash := false
	for _, ch := range line {
		switch ch {
		case '-':
			dash = true
		case '|', ':', ' ', '\t', '\r', '\v', '\f':
		default:
			return 0
		}
	}
	if !dash {
		return 0
	}
	cols := bytes.Split(line, []byte("|"))
	if len(bytes.TrimSpace(cols[0])) == 0 {
		cols = cols[1:]
	}
	if len(cols) > 0 && len(bytes.TrimSpace(cols[len(cols)-1])) == 0 {
		cols = cols[:len(cols)-1]
	}
	return len(cols)
}

// isFootnoteDefinition reports whether line starts with a footnote
// definition as goldmark's footnote parser takes one, [^label]: on one
// line. Any other [^...]: may be a link reference definition.
func isFootnoteDefinition(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("[^")) {
		return false
	}
	for i := 2; i < len(line) && i <= 2+999; i++ {
		switch line[i] {
		case '\\', '[':
			return false
		case ']':
			return i+1 < len(line) && line[i+1] == ':' && len(bytes.TrimSpace(line[2:i])) > 0
		}
	}
	return false
}

// isDefinitionLabel reports whether b starts with a link label followed by
// a colon, as a link reference definition does: [label]: URL. As in
// goldmark, the label ends at the first bracket that is not escaped, and
// may run over lines; so the labels checked on a page never overlap, and
// checking them all reads the page once.
func isDefinitionLabel(b []byte) bool {
	for i := 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '[':
			return false
		case ']':
			return i+1 < len(b) && b[i+1] == ':'
		}
	}
	return false
}
