package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"sort"

	"intkb/builder/model"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// MarkupMarks are the bytes that can make goldmark scan on through a
// paragraph: the starts and ends of links, images, emphasis, strikethrough,
// code spans, autolinks and inline HTML.
const MarkupMarks = "[]!*_~`<"

// markupGuard keeps goldmark's inline work on a page within
// model.MaxMarkupCost.
// It is an inline parser that goldmark asks first about every mark. It
// parses nothing: it adds the length of the paragraph (or heading, or
// table cell) being parsed to the page's cost and lets goldmark's own
// parsers go on. Once the cost passes the limit it takes the rest of each
// line as plain text, so that goldmark does no more costly work on the
// page, and Render reports the paragraph where that happened.
//
// Counting here rather than in CheckCost means the paragraphs are the
// ones goldmark makes, not a guess at them: a table's cells, the items of
// a list and a heading each count on their own.
type markupGuard struct{}

// markupCostKey holds a page's *markupCost in goldmark's parser context.
var markupCostKey = parser.NewContextKey()

// markupCost is what a page's inline markup has cost so far.
type markupCost struct {
	block ast.Node // the block being parsed
	size  int      // its length in bytes
	total int
	over  ast.Node // the block in which total passed model.MaxMarkupCost
}

func (markupGuard) Trigger() []byte { return []byte(MarkupMarks) }

func (markupGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	mc, _ := pc.Get(markupCostKey).(*markupCost)
	if mc == nil {
		mc = &markupCost{}
		pc.Set(markupCostKey, mc)
	}
	if mc.over == nil {
		if parent != mc.block {
			mc.block, mc.size = parent, linesLength(parent)
		}
		mc.total += mc.size
		if mc.total <= model.MaxMarkupCost {
			return nil
		}
		mc.over = parent
	}
	line, seg := block.PeekLine()
	n := len(line)
	if n > 1 && line[n-1] == '\n' {
		n--
	}
	block.Advance(n)
	return ast.NewTextSegment(seg.WithStop(seg.Start + n))
}

// linesLength returns the length in bytes of a block's text.
func linesLength(n ast.Node) int {
	size := 0
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		size += seg.Len()
	}
	return size
}

// markupCostError returns the error for a page whose markup passed
// model.MaxMarkupCost while pc parsed it, or nil.
func markupCostError(src *source, pc parser.Context) *model.Error {
	mc, _ := pc.Get(markupCostKey).(*markupCost)
	if mc == nil || mc.over == nil {
		return nil
	}
	blk, marks := mc.over, 0
	segs := blk.Lines()
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		marks += countMarks(seg.Value(src.body))
	}
	what := "paragraph"
	switch blk.(type) {
	case *ast.Heading:
		what = "heading"
	case *extast.TableCell:
		what = "table cell"
	}
	line := 0
	if segs.Len() > 0 {
		line = src.lineAt(segs.At(0).Start)
	}
	return &model.Error{File: src.file, Line: line, Msg: fmt.Sprintf(
		"%s has %s link, emphasis and code marks ([ ] ! * _ ~ ` <) in %s, too many to parse quickly: a page may have at most %s marks × bytes, each mark counting the length of its paragraph (split the %s, or escape marks meant as text, as \\[)",
		what, model.NumberText(marks), model.SizeText(int64(linesLength(blk))), model.NumberText(model.MaxMarkupCost), what)}
}

// countMarks counts the marks in b that are not escaped with a backslash.
func countMarks(b []byte) int {
	n := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '[', ']', '!', '*', '_', '~', '`', '<':
			n++
		}
	}
	return n
}

// lineIndex holds the offset at which each line of a text starts.
type lineIndex []int

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return idx
		}
		off += i + 1
		idx = append(idx, off)
	}
}

// line returns the 1-based line that holds the byte at offset.
func (l lineIndex) line(offset int) int { return sort.SearchInts(l, offset+1) }

// errPageHTML is what htmlBuffer returns once a page's HTML passes
// model.MaxPageHTML.
var errPageHTML = errors.New("page HTML too large")

// htmlBuffer collects a page's HTML, up to model.MaxPageHTML bytes.
type htmlBuffer struct {
	buf []byte
	// sectionStarts is the length of buf when each heading marked
	// sectionStartMark started.
	sectionStarts []int
}

func (h *htmlBuffer) Write(p []byte) (int, error) {
	if len(h.buf)+len(p) > model.MaxPageHTML {
		return 0, errPageHTML
	}
	h.buf = append(h.buf, p...)
	return len(p), nil
}

// pageHTMLError is the error for a page, file, that renders to more than
// model.MaxPageHTML.
func pageHTMLError(file string) *model.Error {
	return &model.Error{File: file, Msg: fmt.Sprintf("body renders to more than %s of HTML; a page may render to at most %s (split the page; a link to a [label] repeats its URL each time it is used)", model.SizeText(model.MaxPageHTML), model.SizeText(model.MaxPageHTML))}
}
