package markdown

import (
	stdhtml "html"
	"strings"

	"github.com/yuin/goldmark/ast"
)

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
