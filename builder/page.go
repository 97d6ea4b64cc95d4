package builder

import (
	"html/template"
	"path"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// The content types, as Page.Type holds them.
const (
	TypePlaybook  = "playbook"
	TypeCaseStudy = "case-study"
	TypeFramework = "framework"
	TypeBlueprint = "blueprint"
	TypePage      = "page"
)

// SectionInfo describes one of the four content sections.
type SectionInfo struct {
	Dir    string // folder under content/ and first URL segment
	Type   string
	Title  string // plural, for navigation
	Single string // singular, for labels
}

// Sections lists the content sections in navigation order.
var Sections = []SectionInfo{
	{"playbooks", TypePlaybook, "Playbooks", "Playbook"},
	{"case-studies", TypeCaseStudy, "Case studies", "Case study"},
	{"frameworks", TypeFramework, "Question frameworks", "Question framework"},
	{"blueprints", TypeBlueprint, "Local blueprints", "Local blueprint"},
}

func sectionByDir(dir string) *SectionInfo {
	for i := range Sections {
		if Sections[i].Dir == dir {
			return &Sections[i]
		}
	}
	return nil
}

func sectionByType(typ string) *SectionInfo {
	for i := range Sections {
		if Sections[i].Type == typ {
			return &Sections[i]
		}
	}
	return nil
}

// newFront returns a pointer to the front-matter struct for a content type.
func newFront(typ string) any {
	switch typ {
	case TypePlaybook:
		return new(Playbook)
	case TypeCaseStudy:
		return new(CaseStudy)
	case TypeFramework:
		return new(QuestionFramework)
	case TypeBlueprint:
		return new(Blueprint)
	}
	return new(PlainPage)
}

// metaOf returns the Meta embedded in a front-matter struct.
func metaOf(front any) *Meta {
	switch f := front.(type) {
	case *Playbook:
		return &f.Meta
	case *CaseStudy:
		return &f.Meta
	case *QuestionFramework:
		return &f.Meta
	case *Blueprint:
		return &f.Meta
	case *PlainPage:
		return &f.Meta
	}
	return nil
}

// A Page is one content file and, once rendered, its HTML.
type Page struct {
	File    string // for messages: content/playbooks/start-with-needs.md
	Path    string // the content path, relative to content/ and in NFC (see nfc): playbooks/start-with-needs.md
	Type    string // one of the Type constants
	Section string // the section folder, or "" for plain pages
	URL     string // relative to the site root, without a leading slash: playbooks/start-with-needs/
	Bundle  bool   // reports whether the page is an index.md with its files beside it
	Intro   bool   // reports whether the page is an _index.md: the text of a list page

	Meta  *Meta
	Front any // *Playbook, *CaseStudy, *QuestionFramework, *Blueprint or *PlainPage

	Content  template.HTML // the rendered body
	TOC      []Heading     // set when the page has enough headings
	Headings []Heading     // every h2 and h3
	Parts    []Part        // the body split at each h2, as plain text

	templates []LinkView // a playbook's templates, with their links resolved

	src   *source
	ids   map[string]bool // element ids in Content, for checking #fragments
	links []string        // content paths this page links to
	frags []fragmentLink  // links to #fragments, checked once all pages are rendered

	siteVocabs Vocabs // its site's vocabularies, set when it is loaded

	suggestions int // "did you mean" searches made for broken links, up to maxSuggestions

	siteLinks []siteLink // links from the site's top to lists and files, checked once all pages are rendered
}

// A Heading is an h2 or h3 in a page body.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// A Part is the plain text of a page body up to its first h2 (Heading
// empty), or of one h2 section. Search indexes each part on its own.
type Part struct {
	ID      string
	Heading string
	Text    string
}

// Title returns the page title.
func (p *Page) Title() string { return p.Meta.Title }

// Overdue reports whether the page is past its review date on day now.
func (p *Page) Overdue(now time.Time) bool {
	return !p.Meta.ReviewDue.IsZero() && p.Meta.ReviewDue.Before(now.Truncate(24*time.Hour))
}

// Searchable reports whether the page should be in search.
func (p *Page) Searchable() bool {
	return p.Meta.Search == nil || *p.Meta.Search
}

// Links returns the content paths of the pages p links to.
func (p *Page) Links() []string { return p.links }

// pageURL maps a content path to the page's URL: pretty URLs, with
// index.md and _index.md standing for their folder.
func pageURL(contentPath string) string {
	dir, file := path.Split(contentPath)
	name := strings.TrimSuffix(file, path.Ext(file))
	if name == "index" || name == "_index" {
		return dir
	}
	return dir + slugify(name) + "/"
}

// nfc returns name in Unicode Normalization Form C. The same name can
// reach the builder in two forms: macOS has long written file names
// decomposed ("e" followed by a combining accent, NFD), while keyboards,
// Windows and Linux compose them ("é", NFC). Every name that becomes part
// of a content path or a URL, a file's or a tag's, passes through here, so
// that café.md has one URL whichever way it was written.
func nfc(name string) string { return norm.NFC.String(name) }

// Slugify turns a tag or name into the URL segment the site uses for it:
// in NFC, lower case, the runes of SlugRanges kept and every run of other
// runes between two kept ones made a single hyphen. Search slugs a tag
// typed in a query by the same rule (the search page's script reads
// SlugRanges from the static index), so that tag:Café finds "café".
func Slugify(s string) string { return slugify(s) }

// slugRanges are the runes a slug keeps, as inclusive ranges: ASCII
// digits and letters, and the Latin letters with accents from à (U+00E0)
// to ž (U+017E).
var slugRanges = [...][2]rune{{'0', '9'}, {'a', 'z'}, {'à', 'ž'}}

// SlugRanges returns the runes a slug keeps (see Slugify), as inclusive
// ranges [first, last] in ascending order.
func SlugRanges() [][2]rune { return slices.Clone(slugRanges[:]) }

// slugify turns a name into a URL segment: see Slugify.
func slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(nfc(s)) {
		if !inSlug(r) {
			hyphen = true
			continue
		}
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteRune(r)
	}
	return b.String()
}

// inSlug reports whether a slug keeps r.
func inSlug(r rune) bool {
	for _, rg := range slugRanges {
		if r >= rg[0] && r <= rg[1] {
			return true
		}
	}
	return false
}

// termSlug turns a vocabulary value into a URL segment.
func termSlug(v string) string { return strings.ReplaceAll(v, "_", "-") }

// Vocabs returns the vocabularies of p's site: the built-in ones for a
// page made outside a build.
func (p *Page) Vocabs() Vocabs {
	if p.siteVocabs == nil {
		return Vocabs(Vocabularies)
	}
	return p.siteVocabs
}

// Label returns the words for value in the named vocabulary of p's site,
// such as Label("cohort", "care_homes").
func (p *Page) Label(vocab, value string) string { return p.Vocabs().Label(vocab, value) }
