package builder

import (
	"fmt"
	"strings"

	"intkb/builder/model"
)

// This file declares, once, each way the site groups, filters and
// searches its pages by a value of theirs: Facets. Everything that
// treats a facet reads it from here:
//
//   - taxonomy pages, /KEY/ listing a facet's terms and /KEY/TERM/ the
//     pages with each (view.go, generated.go), and the termURL template
//     function (templates.go);
//   - live rebuilds, which write again the terms a changed page was or is
//     in (livecontent.go);
//   - search (package search): the index's keyword fields, the values a
//     page document holds, facet counts, the field:value names a query
//     accepts and how it reads a typed value, the filters' URL
//     parameters, names in responses, labels and headings, and the static
//     index's meta.json, from which the search page's script reads them.
//
// Adding a facet is adding an entry to Facets.

// A Facet is one way pages are grouped and filtered by a value of theirs,
// such as their cohorts.
type Facet struct {
	Field   string   // the search index's field, which a query may name too: cohorts
	Param   string   // its name in search URLs, responses and queries: cohort
	Aliases []string // further names search URLs and queries accept: level for integration_level
	Title   string   // plural, the heading of its taxonomy page: Cohorts
	Single  string   // singular, the heading of its search filter: Cohort
	Summary string   // a sentence on its taxonomy page

	// Key is the URL segment of its taxonomy pages, /KEY/ and
	// /KEY/TERM/; a facet without taxonomy pages has none.
	Key string

	// Multi reports whether a page may have many values. A page has at
	// most one value of any other facet, and search indexes the empty
	// value for a page without one.
	Multi bool

	// Vocab returns the controlled values, each with its label, among a
	// site's vocabularies (with the values its site.toml adds); each gets
	// a taxonomy page, even with no pages yet. It is nil for a facet
	// whose values are what pages use, each known by its slug (see Term).
	Vocab func(vs model.Vocabs) *model.Vocab

	// Values returns a page's values, as written in its front matter.
	Values func(p *Page) []string

	// Slug makes a value's URL segment, for a facet with taxonomy pages
	// or without a vocabulary.
	Slug func(value string) string

	// Typed is how a value a reader types in a query, such as
	// cohort:care-homes, becomes the term searched for.
	Typed TypedRule

	// BodyLabels reports whether the labels of a page's values are
	// searched as part of its text, for a facet whose labels readers type
	// (Multiple long-term conditions) rather than its values, read with
	// the page's own vocabularies (Page.Vocabs).
	BodyLabels bool

	// Shown is how many of its values the search page offers as filters,
	// the commonest first, with any the reader chose; 0 offers them all.
	Shown int

	// Named reports whether its values are names as written, such as
	// "North East and Yorkshire", for a facet without a vocabulary: its
	// terms are their slugs, and readers see the names (see
	// Site.FacetLabel and SiteView.NamedLabels).
	Named bool
}

// A TypedRule is how a value typed in a query becomes a facet's term.
// Search's field:value terms follow it in Go (Facet.QueryTerm) and, by
// name, in the search page's script.
type TypedRule string

const (
	TypedLower TypedRule = "lower" // the value in lower case
	TypedSnake TypedRule = "snake" // in lower case, hyphens as underscores: a vocabulary value, typed as written or as in its URL
	TypedSlug  TypedRule = "slug"  // its slug (Slugify), as the terms of a facet without a vocabulary are
)

const areasKey = "areas"

// Facets are the site's facets. Their order is the order in which
// taxonomies are listed (SiteView.Taxonomies) and the search page lists
// its filters. The static search index writes a page's facet values
// with the facets of one value first, then the others, each in this
// order: that order is part of its format (see package search), so a
// new facet goes after those of its kind.
var Facets = []Facet{
	{
		Field: "type", Param: "type", Title: "Types", Single: "Type",
		Vocab:  func(model.Vocabs) *model.Vocab { return typeVocab },
		Values: func(p *Page) []string { return []string{p.Type} },
		Typed:  TypedLower,
	},
	{
		Field: "area", Param: "area", Title: "Areas", Single: "Area", Key: areasKey,
		Summary: "The places whose models and stories this site holds.",
		Vocab:   func(vs model.Vocabs) *model.Vocab { return vs["area"] },
		Values: func(p *Page) []string {
			if p.Meta.Area == "" || p.Origin != nil {
				return nil // an imported area is another site's: see source
			}
			return []string{p.Meta.Area}
		},
		Slug:  model.TermSlug,
		Typed: TypedLower,
	},
	{
		Field: "cohorts", Param: "cohort", Title: "Cohorts", Single: "Cohort", Key: "cohorts", Multi: true,
		Summary:    "The groups of people the work serves.",
		Vocab:      func(vs model.Vocabs) *model.Vocab { return vs["cohort"] },
		Values:     func(p *Page) []string { return p.Meta.Cohorts },
		Slug:       model.TermSlug,
		Typed:      TypedSnake,
		BodyLabels: true,
	},
	{
		Field: "integration_level", Param: "integration_level", Aliases: []string{"level"},
		Title: "Integration levels", Single: "Integration level", Key: "integration-levels",
		Summary: "How deep each area's integration goes, from convening to advise to unity of effort.",
		Vocab:   func(vs model.Vocabs) *model.Vocab { return vs["integration_level"] },
		Values: func(p *Page) []string {
			if bp, ok := p.Front.(*model.Blueprint); ok {
				return []string{bp.Function.IntegrationLevel}
			}
			return nil
		},
		Slug:  model.TermSlug,
		Typed: TypedSnake,
	},
	{
		Field: "phase", Param: "phase", Title: "Phases", Single: "Phase", Key: "phases",
		Summary: "The stages of building a neighbourhood team, in the order the playbooks take them.",
		Vocab:   func(vs model.Vocabs) *model.Vocab { return vs["phase"] },
		Values: func(p *Page) []string {
			if pb, ok := p.Front.(*model.Playbook); ok {
				return []string{pb.Phase}
			}
			return nil
		},
		Slug:  model.TermSlug,
		Typed: TypedSnake,
	},
	{
		Field: "region", Param: "region", Title: "Regions", Single: "Region",
		Values: func(p *Page) []string { return oneValue(p.Grouping.Region) },
		Slug:   model.Slugify, Typed: TypedSlug, Named: true,
	},
	{
		Field: "icb", Param: "icb", Title: "ICBs", Single: "ICB",
		Values: func(p *Page) []string { return oneValue(p.Grouping.ICB) },
		Slug:   model.Slugify, Typed: TypedSlug, Named: true,
	},
	{
		// This site's own pages have no source: the facet lists the
		// other sites, and a site that imports nothing shows none. Its
		// parameter is site, as --source names the site's folder.
		Field: "source", Param: "site", Title: "Source sites", Single: "Source site",
		Values: func(p *Page) []string {
			if p.Origin == nil {
				return nil
			}
			return []string{p.Origin.Site}
		},
		Slug: model.Slugify, Typed: TypedSlug, Named: true,
	},
	{
		Field: "tags", Param: "tag", Title: "Tags", Single: "Tag", Key: "tags", Multi: true,
		Summary: "Keywords authors gave their pages.",
		Values:  func(p *Page) []string { return p.Meta.Tags },
		Slug:    model.Slugify,
		Typed:   TypedSlug,
		Shown:   12,
	},
}

// oneValue returns s as a list of one value, or none when it is empty.
func oneValue(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// typeVocab is the type facet's values: each section's type, and plain
// pages.
var typeVocab = func() *model.Vocab {
	v := &model.Vocab{Name: "type"}
	for _, s := range model.Sections {
		v.Terms = append(v.Terms, model.Term{Value: s.Type, Label: s.Single})
	}
	v.Terms = append(v.Terms, model.Term{Value: model.TypePage, Label: "Page"})
	return v
}()

// Names returns the names a query's field:value may give the facet: its
// Field, Param and Aliases.
func (f *Facet) Names() []string {
	names := []string{f.Field}
	for _, n := range f.Params() {
		if n != f.Field {
			names = append(names, n)
		}
	}
	return names
}

// Params returns the URL parameters its filter is read from: its Param,
// then its Aliases.
func (f *Facet) Params() []string {
	return append([]string{f.Param}, f.Aliases...)
}

// Term returns the term of a value: the value itself in a facet with a
// vocabulary, its slug in one without.
func (f *Facet) Term(value string) string {
	if f.Vocab == nil {
		return f.Slug(value)
	}
	return value
}

// Terms returns the terms of p's values, in order, each as often as p
// gives it.
func (f *Facet) Terms(p *Page) []string {
	vals := f.Values(p)
	if f.Vocab != nil {
		return vals
	}
	terms := make([]string, len(vals))
	for i, v := range vals {
		terms[i] = f.Slug(v)
	}
	return terms
}

// QueryTerm returns the term a value typed in a query stands for, by the
// facet's Typed rule.
func (f *Facet) QueryTerm(typed string) string {
	switch f.Typed {
	case TypedSlug:
		return model.Slugify(typed)
	case TypedSnake:
		return strings.ReplaceAll(strings.ToLower(typed), "-", "_")
	}
	return strings.ToLower(typed)
}

// Label returns what readers see for a term among a site's vocabularies
// vs: its label in the facet's vocabulary, or the term itself.
func (f *Facet) Label(vs model.Vocabs, term string) string {
	if f.Vocab == nil {
		return term
	}
	return f.Vocab(vs).Label(term)
}

// termURL returns the URL of the term page of value, from the site root.
func (f *Facet) termURL(value string) string {
	return f.Key + "/" + f.Slug(value) + "/"
}

// taxonomyFacets returns the facets that have taxonomy pages, in order.
func taxonomyFacets() []*Facet {
	var out []*Facet
	for i := range Facets {
		if Facets[i].Key != "" {
			out = append(out, &Facets[i])
		}
	}
	return out
}

// taxonomyByKey returns the facet whose taxonomy has the given key, or
// nil.
func taxonomyByKey(key string) *Facet {
	for _, f := range taxonomyFacets() {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// taxonomyHint lists the taxonomies, and the one key was likely meant to
// be.
func taxonomyHint(key string) string {
	var keys []string
	for _, f := range taxonomyFacets() {
		keys = append(keys, f.Key)
	}
	hint := "the taxonomies are " + strings.Join(keys, ", ")
	if near := model.Suggest(key, keys); near != "" {
		hint += fmt.Sprintf(" (did you mean %q?)", near)
	}
	return hint
}
