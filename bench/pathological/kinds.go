package main

import (
	"fmt"
	"strings"

	"intkb/builder/markdown"
	"intkb/builder/model"
)

// head is the front matter of the measured page, content/x.md, when its
// kind adds none: its body starts on line 4.
const head = "+++\ntitle = \"X\"\n+++\n"

// bodyBytes is the most a body after head may hold: model.MaxPageBytes
// less the front matter.
const bodyBytes = model.MaxPageBytes - len(head)

// A kind is one way a page can cost the build more than its size says,
// and the limit that bounds it. file(n) is a page of n units; the build
// accepts file(limit) and refuses file(limit+1), with an error that
// starts as refusal after "content/x.md:" and the line.
type kind struct {
	name  string
	unit  string // what n counts
	limit int
	body  func(n int) string // the page's body; nil for none
	front func(n int) string // lines of front matter after the title; nil for none
	// refusal is how the error for file(limit+1) starts, after the file
	// and its line; line is that line, 0 for an error that names the file
	// only (the size of the file, or of its HTML, is no one line's).
	refusal string
	line    int
	// accepted is set for a limit past which the build goes on without
	// the costly work, rather than refusing the page: highlighting, past
	// which code is shown without colour.
	accepted bool
	// invalid, for a kind no page of which the build accepts (front
	// matter nested deep has keys no page takes), is how the error for
	// file(limit) starts: the benchmark times the refusal.
	invalid string
}

// file returns the page of n units.
func (k kind) file(n int) string {
	s := "+++\ntitle = \"X\"\n"
	if k.front != nil {
		s += k.front(n)
	}
	s += "+++\n"
	if k.body != nil {
		s += k.body(n)
	}
	return s
}

// fill returns unit repeated to n bytes, the last one cut short.
func fill(unit string, n int) string {
	s := strings.Repeat(unit, n/len(unit)+1)
	return s[:n]
}

// sizeKind is a page filled to n bytes with unit: the page-size limit,
// model.MaxPageBytes, bounds it.
func sizeKind(name, unit string) kind {
	return kind{name: name, unit: "byte", limit: bodyBytes, body: func(n int) string { return fill(unit, n) },
		refusal: "file is " + model.SizeText(model.MaxPageBytes+1) + ": a page may be at most " + model.SizeText(model.MaxPageBytes)}
}

// kinds returns every kind measured, in the order reported.
func kinds() []kind {
	return []kind{
		sizeKind("list items", "- a\n"),
		sizeKind("short lines", "a\n"),
		sizeKind("one word", "a"),
		distinctWords(),
		sizeKind("emphasis", "*a* b\n\n"),
		sizeKind("inline HTML", "a <b>c</b>\n\n"),
		sizeKind("HTML blocks", "<div>\na\n</div>\n\n"),
		sizeKind("links", "[a](x.md#main-content)\n\n"),
		sizeKind("autolinks", "https://example.org/a www.example.org\n"),
		sizeKind("code spans", "`a` b\n\n"),
		tableRows(),
		tableColumns(),
		nesting(),
		linkDefinitions(),
		footnotes(),
		markupKind("unclosed links", "[a](", 200),
		markupKind("emphasis delimiters", "*a", 400),
		markupKind("inline HTML openers", "<a", 400),
		longParagraph(),
		referenceLinks(),
		htmlKind("headings", "heading", "## a\n"),
		htmlKind("code blocks", "block", "```go\nf()\n```\n"),
		highlighting(),
		tags(),
		frontNesting(),
	}
}

// distinctWords is a page of words that are each new: the search
// indexes' vocabulary grows with every one.
func distinctWords() kind {
	k := sizeKind("distinct words", "")
	k.body = func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(letters(i) + " ")
		}
		return b.String()[:n]
	}
	return k
}

// letters writes i in base 26 with the letters a to z.
func letters(i int) string {
	var b []byte
	for {
		b = append(b, byte('a'+i%26))
		if i /= 26; i == 0 {
			return string(b)
		}
	}
}

// table returns a table of cols columns and rows rows below its header.
func table(cols, rows int) string {
	var b strings.Builder
	b.WriteString("text\n\n|" + strings.Repeat(" h |", cols) + "\n|" + strings.Repeat("---|", cols) + "\n")
	for range rows {
		b.WriteString("|" + strings.Repeat(" c |", cols) + "\n")
	}
	return b.String()
}

// tableRows is a table ten columns wide with as many rows as
// model.MaxTableCells allows.
func tableRows() kind {
	const cols = 10
	return kind{name: "table rows", unit: "row", limit: model.MaxTableCells/cols - 1, body: func(n int) string { return table(cols, n) },
		refusal: "table has 10 columns and", line: 6}
}

// tableColumns is a table with a header row only, as wide as
// model.MaxTableCells allows.
func tableColumns() kind {
	return kind{name: "table columns", unit: "column", limit: model.MaxTableCells, body: func(n int) string { return table(n, 0) },
		refusal: "table has " + model.NumberText(model.MaxTableCells+1) + " columns", line: 6}
}

// nesting is a page filled with lists nested n deep, one level a line
// by indentation alone.
func nesting() kind {
	return kind{name: "nesting", unit: "level", limit: model.MaxNesting, body: func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- a\n")
		}
		// As many staircases as fit: the page-size limit is the page's.
		stair := b.String()
		return strings.Repeat(stair, bodyBytes/len(stair))
	}, refusal: fmt.Sprintf("lists and quotes are nested %d deep", model.MaxNesting+1), line: 4 + model.MaxNesting}
}

// linkDefinitions is n link reference definitions at the top of a
// paragraph that fills the page: goldmark copies the rest of the
// paragraph for each one.
func linkDefinitions() kind {
	return kind{name: "link definitions", unit: "definition", limit: model.MaxLinkDefinitions, body: func(n int) string {
		return definitions(n) + fill("a\n", bodyBytes-len(definitions(model.MaxLinkDefinitions+1)))
	}, refusal: fmt.Sprintf("page has %s link reference definitions", model.NumberText(model.MaxLinkDefinitions+1)), line: 4 + model.MaxLinkDefinitions}
}

// definitions returns n link reference definitions.
func definitions(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[l%d]: /x\n", i)
	}
	return b.String()
}

// footnotes is n footnotes, references then definitions: goldmark walks
// the definitions for each reference.
func footnotes() kind {
	return kind{name: "footnotes", unit: "footnote", limit: model.MaxFootnotes, body: func(n int) string {
		var b strings.Builder
		for i := range (n + 1) / 2 {
			fmt.Fprintf(&b, "a[^%d]\n", i)
		}
		b.WriteString("\n")
		for i := range n / 2 {
			fmt.Fprintf(&b, "[^%d]: b\n", i)
		}
		return b.String()
	}, refusal: fmt.Sprintf("page has %s footnote references", model.NumberText(model.MaxFootnotes+1)), line: 4 + model.MaxFootnotes/2 + 1 + model.MaxFootnotes/2}
}

// markupKind is n paragraphs of per units each, every unit holding marks
// that can start a link or emphasis ([ ] ! * _ ~ ` <) that goldmark
// cannot close, so that it scans on to the end of the paragraph from
// each: the paragraphs' marks times their bytes may be at most
// model.MaxMarkupCost. per is chosen so that the page at the limit
// nearly fills model.MaxPageBytes.
func markupKind(name, unit string, per int) kind {
	para := strings.Repeat(unit, per)
	cost := marks(para) * len(para)
	return kind{name: name, unit: "paragraph", limit: model.MaxMarkupCost / cost, body: func(n int) string {
		return strings.Repeat(para+"\n\n", n)
	}, refusal: "paragraph has", line: 4 + 2*(model.MaxMarkupCost/cost)}
}

// marks counts the marks in s that markdown.MarkupMarks holds.
func marks(s string) int {
	n := 0
	for _, c := range []byte(s) {
		if strings.IndexByte(markdown.MarkupMarks, c) >= 0 {
			n++
		}
	}
	return n
}

// longParagraph is one paragraph of 500 links never closed, followed by
// n bytes of text: goldmark scans on from each to the end of the
// paragraph, so its cost is the paragraph's marks times its bytes.
func longParagraph() kind {
	opener := strings.Repeat("[a](", 500)
	m := marks(opener)
	return kind{name: "one long paragraph", unit: "byte", limit: model.MaxMarkupCost/m - len(opener), body: func(n int) string {
		return opener + fill("a", n)
	}, refusal: "paragraph has " + model.NumberText(m), line: 4}
}

// referenceURL is the destination of the link definition of
// referenceLinks.
var referenceURL = "https://example.org/" + strings.Repeat("x", 100_000-len("https://example.org/"))

// referenceLinks is n uses of one [label] defined with a 100 KB URL:
// each use repeats the URL in the HTML, and the destinations of a page's
// links, counted at each use, may be at most model.MaxPageHTML.
func referenceLinks() kind {
	return kind{name: "reference links", unit: "use", limit: model.MaxPageHTML / len(referenceURL), body: func(n int) string {
		return "[a]: " + referenceURL + "\n\n" + strings.Repeat("[a] ", n)
	}, refusal: "body renders to more than " + model.SizeText(model.MaxPageHTML) + " of HTML"}
}

// htmlKind is a page of n units, each small and rendering to much more
// HTML than its size, so that model.MaxPageHTML bounds it.
func htmlKind(name, unit, text string) kind {
	body := func(n int) string { return strings.Repeat(text, n) }
	return kind{name: name, unit: unit, limit: htmlLimit(body), body: body,
		refusal: "body renders to more than " + model.SizeText(model.MaxPageHTML) + " of HTML"}
}

// htmlLimit returns the most units body may have and render to at most
// model.MaxPageHTML: it estimates from the HTML of 1,000 units, then
// searches around the estimate.
func htmlLimit(body func(n int) string) int {
	conv := markdown.New(model.DefaultConfig().Markdown)
	fits := func(n int) bool {
		_, errs := conv.Render("x.md", []byte(body(n)), 4, plainLinks{})
		return len(errs) == 0
	}
	doc, errs := conv.Render("x.md", []byte(body(1000)), 4, plainLinks{})
	if len(errs) > 0 {
		panic(fmt.Sprintf("pathological: 1,000 units do not render: %v", errs))
	}
	est := model.MaxPageHTML * 1000 / len(doc.HTML)
	lo, hi := est*9/10, est*11/10 // fits(lo), and not fits(hi+1)
	for !fits(lo) {
		lo /= 2
	}
	for fits(hi + 1) {
		hi *= 2
	}
	for lo < hi {
		if m := (lo + hi + 1) / 2; fits(m) {
			lo = m
		} else {
			hi = m - 1
		}
	}
	return lo
}

// plainLinks publishes every link as written.
type plainLinks struct{}

func (plainLinks) Link(dest string, line int) (string, string) { return dest, "" }
func (plainLinks) AutoLink(url string) string                  { return "" }

// highlighting is one Go code block of n bytes: chroma colours a page's
// code up to model.MaxHighlightBytes, each block counting
// model.HighlightBlockCost besides its length, and shows the rest as it
// is.
func highlighting() kind {
	const line = "func f() { return g(1, \"a\") }\n"
	return kind{name: "highlighted code", unit: "byte", limit: model.MaxHighlightBytes - model.HighlightBlockCost, accepted: true, body: func(n int) string {
		return "```go\n" + fill(line, n-1) + "\n```\n"
	}}
}

// tags is a page with n tags: each is a page of the site, and a page may
// have model.MaxTags.
func tags() kind {
	return kind{name: "tags", unit: "tag", limit: model.MaxTags, front: func(n int) string {
		ts := make([]string, n)
		for i := range ts {
			ts[i] = fmt.Sprintf("%q", "tag "+letters(i))
		}
		return "tags = [" + strings.Join(ts, ", ") + "]\n"
	}, refusal: "tags: has " + model.NumberText(model.MaxTags+1) + " tags", line: 3}
}

// frontNesting is front matter of inline tables nested n deep, as deep
// as model.MaxFrontNesting allows. No page takes such a key, so the
// build refuses the page at the limit too, but only for that.
func frontNesting() kind {
	return kind{name: "front matter nesting", unit: "level", limit: model.MaxFrontNesting, front: func(n int) string {
		return "x = " + strings.Repeat("{a = ", n) + "1" + strings.Repeat("}", n) + "\n"
	}, invalid: "content/x.md:3: x: unknown key", refusal: fmt.Sprintf("front matter nests %d deep", model.MaxFrontNesting+1), line: 3}
}
