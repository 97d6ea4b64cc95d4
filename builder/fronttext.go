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
func FrontText(p *Page) string {
	var b strings.Builder
	frontText(&b, p.Vocabs(), reflect.ValueOf(p.Front).Elem(), "")
	return strings.TrimSpace(b.String())
}

// skippedKeys are front-matter keys whose text is not content.
var skippedKeys = map[string]bool{"type": true, "status": true, "layout": true, "title": true, "summary": true, "tags": true, "area": true, "id": true, "link": true}

func frontText(b *strings.Builder, vs model.Vocabs, v reflect.Value, vocab string) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			frontText(b, vs, v.Elem(), vocab)
		}
	case reflect.String:
		s := v.String()
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
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			frontText(b, vs, v.Index(i), vocab)
		}
	case reflect.Struct:
		if v.Type() == model.DateType {
			return
		}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Anonymous {
				continue // the Meta every page has
			}
			if skippedKeys[f.Tag.Get("toml")] {
				continue
			}
			frontText(b, vs, v.Field(i), f.Tag.Get("vocab"))
		}
	}
}
