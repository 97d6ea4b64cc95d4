package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"strings"

	"intkb/builder/model"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// layoutIDs are element ids the layouts use, which headings must not take.
var layoutIDs = []string{"main-content", "search-query", "site-search", "toc", "footnotes", "review", "page-title"}

// A Converter renders page bodies as a site's [markdown] settings ask. One
// Converter may render many pages at once.
type Converter struct {
	md     goldmark.Markdown
	tocMin int // see model.MarkdownConfig.TOCMinHeadings
}

// New returns the Converter for a site's [markdown] settings.
func New(cfg model.MarkdownConfig) *Converter {
	return &Converter{md: newMarkdown(cfg), tocMin: cfg.TOCMinHeadings}
}

// A Linker resolves the links of one page as it renders. Render calls it
// from one goroutine, in the order the links appear.
type Linker interface {
	// Link returns what to publish for a link's or an image's
	// destination, dest, written at line of the page's file, and for one
	// that cannot work a problem, which Render reports at that line.
	Link(dest string, line int) (url, problem string)
	// AutoLink returns the problem of a URL autolink (<https://...>, or a
	// URL GitHub's rules link without marks), which is published as
	// written, or "".
	AutoLink(url string) (problem string)
}

// A Doc is a page body rendered.
type Doc struct {
	HTML     template.HTML
	Headings []Heading       // every h2 and h3
	TOC      []Heading       // Headings, when there are enough for a table of contents
	Parts    []Part          // the body split at each h2, as plain text
	IDs      map[string]bool // the element ids a link's #fragment may name: headings, footnotes and the layouts' own
	// IntroEnd is where HTML's first h2 of the body's own starts, one
	// not inside a list or quote: HTML[:IntroEnd] is the body's
	// introduction. It is len(HTML) for a body without one.
	IntroEnd int
	// SectionStarts is where each of HTML's h2s of the body's own
	// starts, in order: IntroEnd is the first. A layout can split the
	// body between its sections with it, as a framework's shows its
	// first section before the questions.
	SectionStarts []int

	// Partial reports that the page was refused before rendering, for
	// passing a cost limit: HTML, TOC and Parts are then empty, and
	// Headings and IDs hold what was found before the refusal.
	Partial bool
}

// A Heading is an h2 or h3 in a page body.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// A Part is the plain text of a page body up to its first h2 (Heading
// empty), or of one h2 section. Search indexes each part on its own.
type Part struct {
	ID      string
	Heading string
	Text    string
}

// newMarkdown returns the goldmark converter for cfg.
func newMarkdown(cfg model.MarkdownConfig) goldmark.Markdown {
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(
			util.Prioritized(&headingRenderer{}, 100),
			util.Prioritized(&codeRenderer{formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true))}, 100),
			util.Prioritized(&taskRenderer{}, 100),
			util.Prioritized(newTableRenderer(), 100),
		),
	}
	if cfg.Unsafe {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM, // tables, task lists, strikethrough, autolinks
			extension.Footnote,
			extension.DefinitionList,
			extension.Typographer,
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithInlineParsers(util.Prioritized(markupGuard{}, 0)), // before every other
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
}

// ChromaCSS returns the stylesheet for highlighted code.
func ChromaCSS() string {
	var b bytes.Buffer
	f := chromahtml.New(chromahtml.WithClasses(true))
	_ = f.WriteCSS(&b, codeStyle())
	return b.String()
}

func codeStyle() *chroma.Style {
	if s := styles.Get("github"); s != nil {
		return s
	}
	return styles.Fallback
}

// source is a page body being rendered, for errors that name its lines.
type source struct {
	file     string
	body     []byte
	bodyLine int // the line of the file on which the body starts
	lines    lineIndex
}

// lineAt returns the line of the file that holds the body's byte at
// offset.
func (s *source) lineAt(offset int) int { return s.bodyLine + s.lines.line(offset) - 1 }

// Render converts a page body to HTML. file names the page in errors, and
// the body starts on line bodyLine of it. l resolves the page's links. A
// problem with the page comes back in the list, with what could be
// rendered; a page past a cost limit comes back Partial.
func (c *Converter) Render(file string, body []byte, bodyLine int, l Linker) (*Doc, model.ErrorList) {
	src := &source{file: file, body: body, bodyLine: bodyLine, lines: newLineIndex(body)}
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	root := c.md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	if e := markupCostError(src, pc); e != nil {
		return &Doc{Partial: true}, model.ErrorList{e}
	}
	doc := &Doc{}
	errs, walkErr := prepareNodes(src, root, l, doc)
	if walkErr != nil {
		doc.Partial = true
		return doc, append(errs, pageHTMLError(file))
	}
	if len(doc.Headings) >= c.tocMin && c.tocMin > 0 {
		doc.TOC = doc.Headings
	}
	doc.Parts = splitParts(root, body)

	out := htmlBuffer{}
	for _, h := range ownH2s(root) {
		h.SetAttributeString(sectionStartMark, &out)
	}
	switch err := c.md.Renderer().Render(&out, body, root); {
	case errors.Is(err, errPageHTML):
		errs = append(errs, pageHTMLError(file))
	case err != nil:
		errs = append(errs, &model.Error{File: file, Msg: "rendering Markdown: " + err.Error()})
	}
	doc.HTML = template.HTML(out.buf)
	doc.SectionStarts = out.sectionStarts
	doc.IntroEnd = len(out.buf)
	if len(out.sectionStarts) > 0 {
		doc.IntroEnd = out.sectionStarts[0]
	}
	return doc, errs
}

// ownH2s returns the body's h2s of its own, not those inside a list or
// quote: the headings Parts, IntroEnd and SectionStarts split the body
// at.
func ownH2s(root ast.Node) []*ast.Heading {
	var hs []*ast.Heading
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 {
			hs = append(hs, h)
		}
	}
	return hs
}

// prepareNodes walks a parsed body before it is rendered: it notes in doc
// the ids of headings and footnotes and the h2 and h3 headings, rewrites
// link and image destinations with l and reports their problems, and
// marks code past the page's highlighting budget to be shown plain. It
// stops with errPageHTML when link destinations alone would pass the
// page's HTML limit.
func prepareNodes(src *source, root ast.Node, l Linker, doc *Doc) (model.ErrorList, error) {
	body := src.body
	var errs model.ErrorList
	lineAt := func(n ast.Node) int { return src.lineAt(nodeStart(n)) }
	linkBytes, codeBytes := 0, 0 // what links and code blocks will cost
	// rewrite resolves a link's or an image's destination in place.
	rewrite := func(n ast.Node, dest *[]byte, title []byte) error {
		// A link to a [label] repeats its URL, which can be long, at each use.
		if linkBytes += len(*dest) + len(title); linkBytes > model.MaxPageHTML {
			return errPageHTML
		}
		to, problem := l.Link(markdownDest(*dest), lineAt(n))
		if problem != "" {
			errs = append(errs, &model.Error{File: src.file, Line: lineAt(n), Msg: problem})
		}
		*dest = destForRenderer(to)
		return nil
	}

	doc.IDs = map[string]bool{}
	for _, id := range layoutIDs {
		doc.IDs[id] = true
	}
	err := ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idStr := string(id.([]byte))
			doc.IDs[idStr] = true
			if n.Level == 2 || n.Level == 3 {
				doc.Headings = append(doc.Headings, Heading{Level: n.Level, ID: idStr, Text: plainText(n, body)})
			}
		case *ast.Link:
			if err := rewrite(n, &n.Destination, n.Title); err != nil {
				return ast.WalkStop, err
			}
		case *ast.Image:
			if err := rewrite(n, &n.Destination, n.Title); err != nil {
				return ast.WalkStop, err
			}
		case *ast.AutoLink:
			if n.AutoLinkType != ast.AutoLinkURL {
				break
			}
			if msg := l.AutoLink(string(n.URL(body))); msg != "" {
				errs = append(errs, &model.Error{File: src.file, Line: src.lineAt(autoLinkStart(n, body)), Msg: msg})
			}
		case *extast.FootnoteLink:
			doc.IDs[fmt.Sprintf("fn:%d", n.Index)] = true
			doc.IDs[fmt.Sprintf("fnref:%d", n.Index)] = true
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if codeBytes += linesLength(n) + model.HighlightBlockCost; codeBytes > model.MaxHighlightBytes {
				n.SetAttributeString(plainCode, true)
			}
		}
		return ast.WalkContinue, nil
	})
	return errs, err
}

// markdownDest returns a link destination as the page will carry it.
// goldmark's parser keeps what the author wrote, backslash escapes and
// entities included, and its renderer decodes them: links are checked
// decoded, so that java&#x09;script: and javascript&colon; are seen as
// the javascript: URLs they become.
func markdownDest(raw []byte) string {
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(raw))))
}

// destForRenderer returns a checked destination in the form goldmark's
// renderer expects, so that decoding it gives dest back: each backslash
// and ampersand is escaped.
func destForRenderer(dest string) []byte {
	return []byte(strings.NewReplacer(`\`, `\\`, "&", "&amp;").Replace(dest))
}

// autoLinkStart returns the offset of an autolink within source. Its
// label is a slice of source, which says where it starts; when it is not,
// the start of the paragraph holding it is as near as can be told.
func autoLinkStart(n *ast.AutoLink, source []byte) int {
	label := n.Label(source)
	start := cap(source) - cap(label)
	if len(label) == 0 || start < 0 || start+len(label) > len(source) || &source[start] != &label[0] {
		return nodeStart(n)
	}
	return start
}

// nodeStart returns the offset in the source of n's first text, or 0.
func nodeStart(n ast.Node) int {
	for c := n; c != nil; c = c.Parent() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
		if fc := c.FirstChild(); fc != nil {
			if t, ok := fc.(*ast.Text); ok {
				return t.Segment.Start
			}
		}
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return c.Lines().At(0).Start
		}
	}
	return 0
}
