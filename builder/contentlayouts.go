package builder

import (
	"fmt"
	"slices"
	"strings"

	"intkb/builder/model"
)

// This file says which layouts a content page may name with layout =
// "NAME". A layout is written for the view it is given: the generated
// pages' layouts (a taxonomy, the comparison, the open data page ...) read
// what only those views carry, and a content type's layout reads that
// type's front matter. Given a content page, such a layout fails while
// rendering or writes an empty page, so naming one is an authoring error.

// contentLayouts returns, in order, the layouts of t that a content page
// of type typ may use: its type's own, page, and any other that is neither
// a generated page's nor another content type's.
func contentLayouts(t *templates, typ string) []string {
	var out []string
	for _, name := range t.names() {
		_, generated := generatedLayouts[name]
		if generated || name != typ && model.SectionByType(name) != nil {
			continue
		}
		out = append(out, name)
	}
	return out
}

// checkLayouts reports pages whose layout does not exist or is not one a
// content page may use.
func (b *build) checkLayouts(t *templates, pages []*Page) {
	allowed := map[string][]string{}
	for _, p := range pages {
		if allowed[p.Type] == nil {
			allowed[p.Type] = contentLayouts(t, p.Type)
		}
		if msg := layoutProblem(layoutOf(p), p.Type, allowed[p.Type]); msg != "" {
			b.fail(&model.Error{File: p.File, Line: p.src.LineOf("layout"), Field: "layout", Msg: msg})
		}
	}
}

// layoutProblem returns what is wrong with a page of type typ rendered
// with the layout name, given the layouts it may use, or "" when nothing
// is.
func layoutProblem(name, typ string, allowed []string) string {
	if slices.Contains(allowed, name) {
		return ""
	}
	use := "a content page may use " + joinWords(allowed, "or")
	if typ != model.TypePage {
		use = fmt.Sprintf("a %s may use %s", strings.ToLower(TypeLabel(typ)), joinWords(allowed, "or"))
	}
	var msg string
	if what, ok := generatedLayouts[name]; ok {
		msg = fmt.Sprintf("%q is the layout of %s, not of a content page: %s", name, what, use)
	} else if sec := model.SectionByType(name); sec != nil {
		msg = fmt.Sprintf("%q is the layout of %s, and this page is not one: %s, or move the file into content/%s/", name, strings.ToLower(sec.Title), use, sec.Dir)
	} else {
		msg = fmt.Sprintf("%q is not a layout: %s", name, use)
	}
	if near := model.Suggest(name, allowed); near != "" && near != name {
		msg += fmt.Sprintf(" (did you mean %q?)", near)
	}
	return msg
}

// TypeLabel names a content type in the singular, "Playbook" or "Page",
// as the type facet labels it.
func TypeLabel(typ string) string { return typeVocab.Label(typ) }
