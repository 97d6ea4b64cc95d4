package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// This file holds the Markdown renderers intkb adds to goldmark's: heading
// ids and anchors, highlighted code, task lists and tables that scroll on
// a phone.

// headingIDs generates heading ids as goldmark's default does, keeping
// the ids the layouts use free.
type headingIDs struct{ used map[string]int }

func newHeadingIDs() *headingIDs {
	h := &headingIDs{used: map[string]int{}}
	for _, id := range layoutIDs {
		h.used[id] = 0
	}
	return h
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	var b []byte
	for _, c := range bytes.TrimSpace(value) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c == ' ' || c == '-' || c == '_' || c == '\t':
			if len(b) > 0 && b[len(b)-1] != '-' {
				b = append(b, '-')
			}
		}
	}
	id := strings.Trim(string(b), "-")
	if id == "" {
		id = "section"
	}
	if _, taken := h.used[id]; !taken {
		h.used[id] = 0
		return []byte(id)
	}
	for i := h.used[id] + 1; ; i++ {
		alt := fmt.Sprintf("%s-%d", id, i)
		if _, taken := h.used[alt]; !taken {
			h.used[id] = i
			h.used[alt] = 0
			return []byte(alt)
		}
	}
}

func (h *headingIDs) Put(value []byte) { h.used[string(value)] = 0 }

// sectionStartMark marks a heading where a section of a body starts (see
// Doc.SectionStarts), with the htmlBuffer being written as its value: the
// heading renderer notes there how much HTML came before it.
const sectionStartMark = "intkb-section-start"

// headingRenderer renders headings with their id and a visible link to
// themselves, so readers can share a section.
type headingRenderer struct{}

func (r *headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.render)
}

func (r *headingRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	id := ""
	if v, ok := n.AttributeString("id"); ok {
		id = string(v.([]byte))
	}
	if entering {
		if v, ok := n.AttributeString(sectionStartMark); ok {
			// What the writer holds back goes first, so out's length is
			// where this heading starts.
			if err := w.Flush(); err != nil {
				return ast.WalkStop, err
			}
			out := v.(*htmlBuffer)
			out.sectionStarts = append(out.sectionStarts, len(out.buf))
		}
		fmt.Fprintf(w, "<h%d id=\"%s\">", n.Level, template.HTMLEscapeString(id))
		return ast.WalkContinue, nil
	}
	if n.Level >= 2 && n.Level <= 4 && id != "" {
		fmt.Fprintf(w, ` <a class="heading-anchor" href="#%s"><span aria-hidden="true">#</span><span class="visually-hidden">Link to this section</span></a>`, template.HTMLEscapeString(id))
	}
	fmt.Fprintf(w, "</h%d>\n", n.Level)
	return ast.WalkContinue, nil
}

// plainCode marks a code block to show without highlighting, once a page
// has used its model.MaxHighlightBytes.
const plainCode = "intkb-plain"

// codeRenderer highlights fenced code with chroma, as CSS classes.
type codeRenderer struct{ formatter *chromahtml.Formatter }

func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
	reg.Register(ast.KindCodeBlock, r.render)
}

func (r *codeRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	lang := ""
	if fc, ok := node.(*ast.FencedCodeBlock); ok {
		lang = string(fc.Language(source))
	}
	var code bytes.Buffer
	for i := 0; i < node.Lines().Len(); i++ {
		s := node.Lines().At(i)
		code.Write(s.Value(source))
	}
	label := "Code"
	if lang != "" {
		label = "Code: " + lang
	}
	fmt.Fprintf(w, `<pre class="chroma" tabindex="0" role="region" aria-label="%s"><code`, template.HTMLEscapeString(label))
	if lang != "" {
		fmt.Fprintf(w, ` class="language-%s"`, template.HTMLEscapeString(lang))
	}
	w.WriteString(">")
	_, plain := node.AttributeString(plainCode)
	var err error
	if !plain {
		err = r.highlight(w, lang, code.String())
	}
	if plain || err != nil {
		w.WriteString(template.HTMLEscapeString(code.String()))
	}
	w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// highlight writes code as chroma's spans for the language lang.
func (r *codeRenderer) highlight(w util.BufWriter, lang, code string) error {
	var lexer chroma.Lexer
	if lang != "" { // chroma looks an empty name up the slow way, as a file name
		lexer = lexers.Get(lang)
	}
	if lexer == nil {
		lexer = lexers.Fallback
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return err
	}
	return r.formatter.Format(w, codeStyle(), it)
}

// taskRenderer renders task-list boxes as printable marks with words for
// screen readers, not as disabled form controls.
type taskRenderer struct{}

func (r *taskRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, r.render)
}

func (r *taskRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if node.(*extast.TaskCheckBox).IsChecked {
		w.WriteString(`<span class="task-box task-box--done" aria-hidden="true">☑</span><span class="visually-hidden">Done: </span>`)
	} else {
		w.WriteString(`<span class="task-box" aria-hidden="true">☐</span><span class="visually-hidden">To do: </span>`)
	}
	return ast.WalkContinue, nil
}

// tableRenderer wraps GFM tables in a focusable region that scrolls
// sideways on narrow screens, and otherwise renders them as goldmark's
// table extension does.
type tableRenderer struct{ table renderer.NodeRendererFunc }

func newTableRenderer() *tableRenderer {
	r := &tableRenderer{}
	extension.NewTableHTMLRenderer().RegisterFuncs(funcCatcher(func(k ast.NodeKind, f renderer.NodeRendererFunc) {
		if k == extast.KindTable {
			r.table = f
		}
	}))
	return r
}

// funcCatcher is a NodeRendererFuncRegisterer that hands each registration
// to a function.
type funcCatcher func(ast.NodeKind, renderer.NodeRendererFunc)

func (c funcCatcher) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { c(k, f) }

func (r *tableRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTable, r.render)
}

func (r *tableRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString(`<div class="table-wrap" tabindex="0" role="region" aria-label="Table">` + "\n")
	}
	status, err := r.table(w, source, node, entering)
	if !entering {
		w.WriteString("</div>\n")
	}
	return status, err
}
