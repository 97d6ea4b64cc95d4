package builder

import (
	"crypto/sha256"
	"html/template"
	"time"

	"intkb/builder/markdown"
	"intkb/builder/model"
)

// A Page is one content file and, once rendered, its HTML.
type Page struct {
	File    string // for messages: content/playbooks/start-with-needs.md
	Path    string // the content path, relative to content/ and in NFC (see nfc): playbooks/start-with-needs.md
	Type    string // one of the Type constants
	Section string // the section folder, or "" for plain pages
	URL     string // relative to the site root, without a leading slash: playbooks/start-with-needs/
	Bundle  bool   // reports whether the page is an index.md with its files beside it
	Intro   bool   // reports whether the page is an _index.md: the text of a list page

	Meta  *model.Meta
	Front any // *Playbook, *CaseStudy, *QuestionFramework, *Blueprint or *PlainPage

	// Grouping places the page's area by region, ICB and place: its
	// [[areas]] entry's in site.toml, or for an imported blueprint what
	// its [[import]] and the other site say (compare.Area.Grouping).
	Grouping model.Grouping
	// Origin is set on the pages that stand, in search, for blueprints
	// another site publishes (see ImportedPages), and nil on this site's
	// own.
	Origin *Origin

	Content  template.HTML      // the rendered body
	TOC      []markdown.Heading // set when the page has enough headings
	Headings []markdown.Heading // every h2 and h3
	Parts    []markdown.Part    // the body split at each h2, as plain text

	introEnd int // where Content's introduction ends (see markdown.Doc.IntroEnd)
	leadEnd  int // where Content's second section starts, or its length (see Lead)
	// bodySum is bodySum of the body as converted, when the bodies kept
	// gave it (or took it, once converted); zero when not known.
	bodySum [sha256.Size]byte

	templates []LinkView // a playbook's templates, with their links resolved

	src *model.Source
	// fileSum is the SHA-256 of the page's file as loaded (build.fileSum),
	// in hex: the front matter and the body kept are taken by it.
	fileSum string
	// reviewLine is the line of review_due in the page's file, 0 when
	// it has none, which the review reminders name.
	reviewLine int
	ids        map[string]bool // element ids in Content, for checking #fragments
	links      []string        // content paths this page links to
	frags      []fragmentLink  // links to #fragments, checked once all pages are rendered

	siteVocabs model.Vocabs // its site's vocabularies, set when it is loaded
	// frontText is FrontText, when frontTextKnown: set as the page is
	// loaded by a build that keeps front matter.
	frontText      string
	frontTextKnown bool

	suggestions int // "did you mean" searches made for broken links, up to maxSuggestions

	siteLinks []siteLink // links from the site's top to lists and files, checked once all pages are rendered
}

// Opening returns the introduction of p's body: what comes before its
// first h2, such as why a playbook matters. With Sections it is the
// whole of Content.
func (p *Page) Opening() template.HTML { return p.Content[:p.introAt()] }

// Sections returns p's body from its first h2 on, footnotes included: what
// Opening leaves.
func (p *Page) Sections() template.HTML { return p.Content[p.introAt():] }

// Lead returns p's body up to its second h2 of its own: the introduction
// and the first section. A question framework's layout shows it before
// the questions, so that its first section, such as "Before the
// meeting", is read and printed first. A body with one section or none
// is all lead.
func (p *Page) Lead() template.HTML { return p.Content[:min(p.leadEnd, len(p.Content))] }

// Rest returns p's body from its second h2 on, footnotes included: what
// Lead leaves.
func (p *Page) Rest() template.HTML { return p.Content[min(p.leadEnd, len(p.Content)):] }

// introAt returns where Opening ends: within Content, even once
// Site.ReleaseText has emptied it.
func (p *Page) introAt() int { return min(p.introEnd, len(p.Content)) }

// Phase returns a playbook's phase, or "" for a page of another type.
func (p *Page) Phase() string {
	if pb, ok := p.Front.(*model.Playbook); ok {
		return pb.Phase
	}
	return ""
}

// Title returns the page title.
func (p *Page) Title() string { return p.Meta.Title }

// Origin is where an imported blueprint comes from.
type Origin struct {
	Site     string // the name of the [[import]] it came from, shown as "from SITE"
	AreaName string // its area's name, as the other site gives it
}

// AreaName returns the name of p's area, as readers see it: its label
// among the site's areas, or an imported blueprint's area name; "" for a
// page without an area.
func (p *Page) AreaName() string {
	switch {
	case p.Origin != nil:
		return p.Origin.AreaName
	case p.Meta.Area == "":
		return ""
	}
	return p.Vocabs().Label("area", p.Meta.Area)
}

// Overdue reports whether the page is past its review date on day now.
func (p *Page) Overdue(now time.Time) bool {
	return !p.Meta.ReviewDue.IsZero() && p.daysPastReview(now) > 0
}

// BodySum returns the digest of the page's body and of everything its
// conversion gave the page, Headings and Parts among them, when the
// build keeps bodies (a build that records itself for the next); zero
// otherwise. Two pages with the same BodySum have the same Headings and
// Parts: another package's digest of what it takes from them may take
// this instead, rather than read their text again.
func (p *Page) BodySum() [sha256.Size]byte { return p.bodySum }

// Searchable reports whether the page should be in search.
func (p *Page) Searchable() bool {
	return p.Meta.Search == nil || *p.Meta.Search
}

// Help reports whether p is a help page: one about the site rather than
// about INT work, such as the authoring guide, an about page or a
// glossary, which search lists after every other page it finds (see
// package search). Its help key says; without one, plain pages are help
// pages and the others are not.
func (p *Page) Help() bool {
	if p.Meta.Help != nil {
		return *p.Meta.Help
	}
	return p.Type == model.TypePage
}

// Links returns the content paths of the pages p links to.
func (p *Page) Links() []string { return p.links }

// Vocabs returns the vocabularies of p's site: the built-in ones for a
// page made outside a build.
func (p *Page) Vocabs() model.Vocabs {
	if p.siteVocabs == nil {
		return model.Vocabs(model.Vocabularies)
	}
	return p.siteVocabs
}

// Label returns the words for value in the named vocabulary of p's site,
// such as Label("cohort", "care_homes").
func (p *Page) Label(vocab, value string) string { return p.Vocabs().Label(vocab, value) }
