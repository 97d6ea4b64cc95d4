package builder

import (
	"fmt"
	"strings"
)

// This file declares, once, each way the site groups its pages: /KEY/
// lists a taxonomy's terms and /KEY/TERM/ the pages with that term. The
// taxonomy pages (view.go), the generated pages that show them
// (generated.go) and live rebuilds, which write again the terms a changed
// page was or is in (live.go), all read taxonomyDefs.

// A taxonomyDef is one taxonomy.
type taxonomyDef struct {
	key     string // its URL segment, such as cohorts
	title   string // plural, such as Cohorts
	single  string // singular, such as Cohort
	summary string
	// vocab returns the controlled values, each of which gets a page; nil
	// for a taxonomy whose terms are the values pages use.
	vocab func(b *build) *Vocab
	// values returns a page's values, as written in its front matter.
	values func(p *Page) []string
	// slug makes a value's URL segment.
	slug func(value string) string
}

const areasKey = "areas"

// taxonomyDefs are the site's taxonomies, in the order they are listed.
var taxonomyDefs = []taxonomyDef{
	{
		key: areasKey, title: "Areas", single: "Area",
		summary: "The places whose models and stories this site holds.",
		vocab:   func(b *build) *Vocab { return b.areas },
		values: func(p *Page) []string {
			if p.Meta.Area == "" {
				return nil
			}
			return []string{p.Meta.Area}
		},
		slug: termSlug,
	},
	{
		key: "cohorts", title: "Cohorts", single: "Cohort",
		summary: "The groups of people the work serves.",
		vocab:   func(b *build) *Vocab { return b.vocabs["cohort"] },
		values:  func(p *Page) []string { return p.Meta.Cohorts },
		slug:    termSlug,
	},
	{
		key: "integration-levels", title: "Integration levels", single: "Integration level",
		summary: "How deep each area's integration goes, from convening to advise to unity of effort.",
		vocab:   func(*build) *Vocab { return Vocabularies["integration_level"] },
		values: func(p *Page) []string {
			if bp, ok := p.Front.(*Blueprint); ok {
				return []string{bp.Function.IntegrationLevel}
			}
			return nil
		},
		slug: termSlug,
	},
	{
		key: "tags", title: "Tags", single: "Tag",
		summary: "Keywords authors gave their pages.",
		vocab:   func(*build) *Vocab { return nil },
		values:  func(p *Page) []string { return p.Meta.Tags },
		slug:    slugify,
	},
}

// termURL returns the URL of the term page of value, from the site root.
func (d *taxonomyDef) termURL(value string) string {
	return d.key + "/" + d.slug(value) + "/"
}

// taxonomyByKey returns the taxonomy with the given key, or nil.
func taxonomyByKey(key string) *taxonomyDef {
	for i := range taxonomyDefs {
		if taxonomyDefs[i].key == key {
			return &taxonomyDefs[i]
		}
	}
	return nil
}

// taxonomyHint lists the taxonomies, and the one key was likely meant to
// be.
func taxonomyHint(key string) string {
	var keys []string
	for _, d := range taxonomyDefs {
		keys = append(keys, d.key)
	}
	hint := "the taxonomies are " + strings.Join(keys, ", ")
	if near := suggest(key, keys); near != "" {
		hint += fmt.Sprintf(" (did you mean %q?)", near)
	}
	return hint
}
