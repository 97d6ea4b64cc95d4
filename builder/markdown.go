package builder

import (
	"bytes"
	"errors"
	"fmt"
	stdhtml "html"
	"html/template"
	"net/url"
	"path"
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

// newMarkdown returns the Markdown converter for cfg.
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

// renderMarkdown converts p's body to HTML: it rewrites links to content
// paths into URLs, collects headings and the plain text of each h2 part.
func (b *build) renderMarkdown(p *Page) model.ErrorList {
	p.Headings, p.TOC, p.links, p.frags, p.templates = nil, nil, nil, nil, nil
	p.suggestions = 0
	p.siteLinks = nil
	body := p.src.Body
	ids := newHeadingIDs()
	pc := parser.NewContext(parser.WithIDs(ids))
	doc := b.md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	lines := newLineIndex(body)
	if e := markupCostError(p, pc, body, lines); e != nil {
		return model.ErrorList{e}
	}
	errs, walkErr := b.prepareNodes(p, doc, lines)
	if walkErr != nil {
		return append(errs, pageHTMLError(p))
	}
	if len(p.Headings) >= b.cfg.Markdown.TOCMinHeadings && b.cfg.Markdown.TOCMinHeadings > 0 {
		p.TOC = p.Headings
	}
	p.Parts = splitParts(doc, body)
	errs = append(errs, b.resolveTemplates(p)...)

	var out htmlBuffer
	switch err := b.md.Renderer().Render(&out, body, doc); {
	case errors.Is(err, errPageHTML):
		errs = append(errs, pageHTMLError(p))
	case err != nil:
		errs = append(errs, &model.Error{File: p.File, Msg: "rendering Markdown: " + err.Error()})
	}
	p.Content = template.HTML(out.buf)
	return errs
}

// prepareNodes walks p's parsed body before it is rendered: it notes the
// ids of headings and footnotes and the h2 and h3 headings, rewrites and
// checks link and image destinations, and marks code past the page's
// highlighting budget to be shown plain. It stops with errPageHTML when
// link destinations alone would pass the page's HTML limit.
func (b *build) prepareNodes(p *Page, doc ast.Node, lines lineIndex) (model.ErrorList, error) {
	body := p.src.Body
	var errs model.ErrorList
	lineAt := func(n ast.Node) int { return p.src.BodyLine + lines.line(nodeStart(n)) - 1 }
	linkBytes, codeBytes := 0, 0 // what links and code blocks will cost
	// rewrite resolves a link's or an image's destination in place.
	rewrite := func(n ast.Node, dest *[]byte, title []byte) error {
		// A link to a [label] repeats its URL, which can be long, at each use.
		if linkBytes += len(*dest) + len(title); linkBytes > model.MaxPageHTML {
			return errPageHTML
		}
		to, err := b.resolveLink(p, markdownDest(*dest), lineAt(n))
		if err != "" {
			errs = append(errs, &model.Error{File: p.File, Line: lineAt(n), Msg: err})
		}
		*dest = destForRenderer(to)
		return nil
	}

	p.ids = map[string]bool{}
	for _, id := range layoutIDs {
		p.ids[id] = true
	}
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idStr := string(id.([]byte))
			p.ids[idStr] = true
			if n.Level == 2 || n.Level == 3 {
				p.Headings = append(p.Headings, Heading{Level: n.Level, ID: idStr, Text: plainText(n, body)})
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
			if msg := b.autoLinkProblem(p, n, body); msg != "" {
				errs = append(errs, &model.Error{File: p.File, Line: p.src.BodyLine + lines.line(autoLinkStart(n, body)) - 1, Msg: msg})
			}
		case *extast.FootnoteLink:
			p.ids[fmt.Sprintf("fn:%d", n.Index)] = true
			p.ids[fmt.Sprintf("fnref:%d", n.Index)] = true
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if codeBytes += linesLength(n) + model.HighlightBlockCost; codeBytes > model.MaxHighlightBytes {
				n.SetAttributeString(plainCode, true)
			}
		}
		return ast.WalkContinue, nil
	})
	return errs, err
}

// resolveTemplates resolves the links of a playbook's templates, as links
// in its body are.
func (b *build) resolveTemplates(p *Page) model.ErrorList {
	pb, ok := p.Front.(*model.Playbook)
	if !ok {
		return nil
	}
	var errs model.ErrorList
	for i, t := range pb.Templates {
		field := fmt.Sprintf("templates[%d].link", i)
		checkLater := len(p.siteLinks)
		dest, msg := b.resolveLink(p, t.Link, p.src.LineOf(field))
		for j := checkLater; j < len(p.siteLinks); j++ {
			p.siteLinks[j].field = field
		}
		if msg != "" {
			errs = append(errs, &model.Error{File: p.File, Line: p.src.LineOf(field), Field: field, Msg: msg})
		}
		p.templates = append(p.templates, LinkView{Title: t.Title, URL: dest})
	}
	return errs
}

// resolveLink rewrites a link destination written in a page. Links to
// content paths (../playbooks/start-with-needs.md) become the target page's
// URL; files beside a page become their published URL; site-absolute paths
// are resolved by resolveSiteLink. It returns the new destination and, for
// a link that cannot work, a message.
func (b *build) resolveLink(p *Page, dest string, line int) (string, string) {
	if dest == "" {
		return dest, ""
	}
	if msg := schemeProblem(dest); msg != "" {
		return "#", msg
	}
	u, err := url.Parse(dest)
	if err != nil {
		return "#", fmt.Sprintf("link %q is not a valid URL", dest)
	}
	if u.Scheme != "" || u.Host != "" {
		if msg := b.previewProblem(dest, u); msg != "" {
			return "#", msg
		}
		return dest, ""
	}
	query, frag := linkSuffixes(u)
	if u.Path == "" {
		if u.Fragment != "" {
			b.noteFragment(p, p, u.Fragment, line)
		}
		return dest, ""
	}
	if strings.HasPrefix(u.Path, "/") {
		return b.resolveSiteLink(p, dest, u, line)
	}
	target := model.NFC(path.Join(path.Dir(p.Path), u.Path))
	if target == ".." || strings.HasPrefix(target, "../") {
		return "#", fmt.Sprintf("link %q climbs out of the content folder: link to pages and files inside content/", dest)
	}
	if strings.HasSuffix(u.Path, "/") || path.Ext(target) == "" {
		// A folder: a section list, or a bundle.
		if t := b.pageAt(target + "/index.md"); t != nil {
			return b.linkTo(p, t, u.Fragment, query, line), ""
		}
		if model.SectionByDir(target) != nil || target == "." {
			return b.basePath + strings.TrimPrefix(target+"/", "./") + query + frag, ""
		}
	}
	if strings.EqualFold(path.Ext(target), ".md") {
		return b.resolveContentLink(p, dest, target, u, line, func(near string) string { return relPath(path.Dir(p.Path), near) })
	}
	if b.fileSet[target] {
		return b.basePath + escapePath(target) + query + frag, ""
	}
	msg := fmt.Sprintf("link to missing file %q: put it beside the page, under content/", dest)
	return "#", msg
}

// resolveContentLink resolves a link to the content file at target, a
// content path ending in .md. shown turns a content path into the form the
// author wrote, for "did you mean".
func (b *build) resolveContentLink(p *Page, dest, target string, u *url.URL, line int, shown func(string) string) (string, string) {
	query, frag := linkSuffixes(u)
	if t := b.pageAt(target); t != nil {
		return b.linkTo(p, t, u.Fragment, query, line), ""
	}
	if path.Base(target) == "_index.md" {
		dir := path.Dir(target)
		if dir == "." {
			return b.basePath + query + frag, ""
		}
		if model.SectionByDir(dir) != nil {
			return b.basePath + dir + "/" + query + frag, ""
		}
	}
	if b.broken[target] {
		return "#", ""
	}
	if d, ok := b.drafts[target]; ok {
		return "#", fmt.Sprintf("link to %s, which is a draft: publish it, or build with --drafts", d.File)
	}
	msg := fmt.Sprintf("link to missing page %q", dest)
	if near := b.suggestPage(p, target); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", shown(near))
	}
	return "#", msg
}

func (b *build) linkTo(from, to *Page, fragment, query string, line int) string {
	from.links = append(from.links, to.Path)
	dest := b.basePath + to.URL + query
	if fragment != "" {
		b.noteFragment(from, to, fragment, line)
		dest += "#" + (&url.URL{Fragment: fragment}).EscapedFragment()
	}
	return dest
}

// suggestPage returns the page path nearest to target, for the first
// maxSuggestions broken links of p.
func (b *build) suggestPage(p *Page, target string) string {
	if p.suggestions >= model.MaxSuggestions {
		return ""
	}
	p.suggestions++
	return model.Suggest(target, b.pagePaths())
}

// pageAt returns the published page at a content path, or nil.
func (s *Snapshot) pageAt(contentPath string) *Page { return s.byPath[contentPath] }

func (s *Snapshot) pagePaths() []string {
	out := make([]string, 0, len(s.pages))
	for _, p := range s.pages {
		out = append(out, p.Path)
	}
	return out
}

// relPath returns target relative to dir, both content paths.
func relPath(dir, target string) string {
	if dir == "." {
		return target
	}
	up := strings.Count(dir, "/") + 1
	common := ""
	for _, prefix := range prefixes(dir) {
		if strings.HasPrefix(target, prefix+"/") {
			common = prefix
			up = strings.Count(dir, "/") - strings.Count(prefix, "/")
			break
		}
	}
	rest := strings.TrimPrefix(strings.TrimPrefix(target, common), "/")
	return strings.Repeat("../", up) + rest
}

func prefixes(dir string) []string {
	var out []string
	for d := dir; d != "." && d != ""; d = path.Dir(d) {
		out = append(out, d)
	}
	return out
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

// plainText returns the text of n's inline children.
func plainText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(source))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			// The typographer leaves entities such as &ldquo; here.
			b.WriteString(stdhtml.UnescapeString(string(c.Value)))
		case *ast.AutoLink:
			b.Write(c.Label(source))
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tt, ok := t.(*ast.Text); ok {
					b.Write(tt.Segment.Value(source))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// splitParts returns the plain text of the body, split at each h2.
func splitParts(doc ast.Node, source []byte) []Part {
	parts := []Part{{}}
	var b strings.Builder
	flush := func() {
		parts[len(parts)-1].Text = strings.Join(strings.Fields(b.String()), " ")
		b.Reset()
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 {
			flush()
			id, _ := h.AttributeString("id")
			parts = append(parts, Part{ID: string(id.([]byte)), Heading: plainText(h, source)})
			continue
		}
		blockText(&b, n, source)
	}
	flush()
	if parts[0].Text == "" {
		parts = parts[1:]
	}
	return parts
}

func blockText(b *strings.Builder, n ast.Node, source []byte) {
	switch n.Kind() {
	case ast.KindFencedCodeBlock, ast.KindCodeBlock:
		for i := 0; i < n.Lines().Len(); i++ {
			s := n.Lines().At(i)
			b.Write(s.Value(source))
		}
		b.WriteByte(' ')
		return
	case ast.KindHTMLBlock:
		return
	}
	if n.Type() == ast.TypeBlock && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeInline {
		b.WriteString(plainText(n, source))
		b.WriteByte(' ')
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		blockText(b, c, source)
	}
}
