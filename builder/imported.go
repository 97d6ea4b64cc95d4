package builder

import (
	"maps"
	"net/url"
	"slices"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// This file makes the pages that stand for imported blueprints in
// search: a portal's readers search the blueprints its [[import]]s bring
// as they search its own, in the same indexes and on the same terms.

// importedPage returns the page that stands for an imported area in
// search: a blueprint whose front matter is the area's blueprint, with no
// body (open data carries none), its URL the other site's own page (an
// absolute URL), or this site's comparison of the area when the other
// site gives no address, and its Origin set. It is never rendered.
func importedPage(a *compare.Area) *Page {
	u := a.Href
	if u == "" {
		u = "compare/?areas=" + url.QueryEscape(a.Key)
	}
	return &Page{File: "site.toml [[import]] " + a.Source, Type: model.TypeBlueprint, Section: blueprintSection(),
		URL: u, Meta: &a.Blueprint.Meta, Front: a.Blueprint, siteVocabs: a.Vocabs, Grouping: a.Grouping,
		Origin: &Origin{Site: a.Source, AreaName: a.Name}}
}

// blueprintSection returns the blueprints' section folder.
func blueprintSection() string {
	return model.SectionByType(model.TypeBlueprint).Dir
}

// importedPages returns the page of each imported area, in the order of
// /compare/ (see importedPage).
func (s *snapshot) importedPages() []*Page {
	var out []*Page
	for _, a := range s.compareAreas {
		if a.Imported {
			out = append(out, importedPage(a))
		}
	}
	return out
}

// ImportedPages returns the pages that stand for the site's imported
// blueprints in search, as the build indexes them: one for each area an
// [[import]] brings, with its Origin set.
func (s *Site) ImportedPages() []*Page { return s.state().snap.importedPages() }

// A FacetLabel is a value of a facet and the words readers see for it.
type FacetLabel struct {
	Param string // the facet's name (Facet.Param)
	Value string // the term
	Label string
}

// namedLabels returns the names of the Named facets' terms, by the
// facet's Param then term: each as first written among the site's pages,
// then the imported ones.
func (s *snapshot) namedLabels() map[string]map[string]string {
	out := map[string]map[string]string{}
	pages := append(append([]*Page(nil), s.pages...), s.importedPages()...)
	for i := range Facets {
		f := &Facets[i]
		if !f.Named {
			continue
		}
		m := map[string]string{}
		for _, p := range pages {
			for _, v := range f.Values(p) {
				if t := f.Term(v); t != "" && m[t] == "" {
					m[t] = v
				}
			}
		}
		out[f.Param] = m
	}
	return out
}

// NamedLabels returns every term of the Named facets with its name, by
// facet in the order of Facets, then by term: the search page gives them
// to its script, which shows them as the server does (Site.FacetLabel).
func (sv *SiteView) NamedLabels() []FacetLabel {
	var out []FacetLabel
	for _, f := range Facets {
		for _, t := range slices.Sorted(maps.Keys(sv.named[f.Param])) {
			out = append(out, FacetLabel{Param: f.Param, Value: t, Label: sv.named[f.Param][t]})
		}
	}
	return out
}

// FacetLabel returns what readers see for a term of f: its label in the
// facet's vocabulary, the name as written of a Named facet's term, or
// the term itself.
func (s *Site) FacetLabel(f *Facet, term string) string {
	st := s.state()
	switch {
	case f.Vocab != nil:
		return f.Vocab(st.snap.vocabs).Label(term)
	case f.Named && st.sv.named[f.Param][term] != "":
		return st.sv.named[f.Param][term]
	}
	return term
}
