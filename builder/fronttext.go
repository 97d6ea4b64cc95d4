package builder

import (
	"reflect"
	"strings"

	"intkb/builder/model"
)

// FrontText returns the words of a page's type-specific front matter (a
// blueprint's needs statement and members, a framework's questions, a case
// study's learnings and outcomes), with controlled values as their labels,
// so that search finds what the page shows. The keys every page has are
// left out: search indexes them in fields of their own.
//
// A page loaded by a build that keeps its front matter for the next has
// it worked out once, when its front matter is decoded, and kept with it
// (see frontcache.go): at 10,000 pages, walking every page's front matter
// took 0.1 s of CPU in every build.
func FrontText(p *Page) string {
	if p.frontTextKnown {
		return p.frontText
	}
	return frontText(p)
}

// frontText works out FrontText.
func frontText(p *Page) string {
	var b strings.Builder
	vs := p.Vocabs()
	model.WalkValues(reflect.ValueOf(p.Front), "", func(f model.Field, v reflect.Value, _ string) bool {
		if f.Promoted || skippedKeys[f.Key] {
			return false // the Meta every page has, or text that is not content
		}
		switch f.Kind {
		case model.KindText, model.KindCode:
			writeFrontText(&b, vs, f.Vocab, v.String())
		case model.KindTexts, model.KindCodes:
			for i := range v.Len() {
				writeFrontText(&b, vs, f.Vocab, v.Index(i).String())
			}
		}
		return true
	})
	return strings.TrimSpace(b.String())
}

// skippedKeys are front-matter keys whose text is not content.
var skippedKeys = map[string]bool{"type": true, "status": true, "layout": true, "title": true, "summary": true, "tags": true, "area": true, "id": true, "link": true, "url": true}

// writeFrontText writes one text of the front matter as a sentence, a
// controlled value as its label.
func writeFrontText(b *strings.Builder, vs model.Vocabs, vocab, s string) {
	if vocab != "" && vs[vocab] != nil {
		s = vs.Label(vocab, s)
	}
	if s = strings.TrimSpace(s); s != "" {
		b.WriteString(s)
		if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
			b.WriteByte('.')
		}
		b.WriteByte(' ')
	}
}
