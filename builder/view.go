package builder

import (
	"html/template"
	"sort"
	"sync/atomic"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// SiteView is what every template sees as .Site.
type SiteView struct {
	Config     *model.Config
	Sections   []model.SectionInfo
	Pages      []*Page // every published content page, by content path
	Taxonomies []*Taxonomy
	Featured   []*Page
	Latest     []*Page // recently updated, newest first, archived pages left out
	// Icons are the favicons every page links (see sharing.go).
	Icons []IconLink
	// Share is the picture link previews show, or nil when baseURL is
	// not a public address (see sharing.go).
	Share *ShareImage
	// FolderFile is set in a copy made to be opened from a folder
	// (Options.Offline): the file a link to a folder names, index.html,
	// which scripts add to the links they make.
	FolderFile string

	counts       map[string]int  // published pages by type
	urls         map[string]bool // the URLs of published content pages
	compareAreas []*compare.Area // the areas of /compare/
	// compareScaled reports that /compare/ is filter-first: the site has
	// more areas than it sets side by side.
	compareScaled bool
	likes         likesByKey // the areas most like each area
	basePath      string
	lists         map[string]*sectionList      // each section's list, by its folder
	paths         map[string]neighbours        // the neighbours of each page on a path (see pathFacets), by content path
	named         map[string]map[string]string // the names of the Named facets' terms (see namedLabels)
	day           string                       // the build's day, in UTC, for Built
	dayShown      *atomic.Bool                 // whether a layout showed it
}

// Built returns the day of the build, in UTC, such as 5 December 2026,
// for a layout that shows it. The built-in layouts do not, so that a
// site nobody changed builds to the same files on another day; a site
// whose layouts show it is built in full on each new day (see
// unchanged.go).
func (sv *SiteView) Built() string {
	sv.dayShown.Store(true)
	return sv.day
}

// showsDay reports whether a layout has shown the day of the build.
func (sv *SiteView) showsDay() bool { return sv.dayShown.Load() }

// Count returns how many published pages have the type.
func (sv *SiteView) Count(typ string) int { return sv.counts[typ] }

// HasPage reports whether a content page is published at rel, a URL
// relative to the site root such as "glossary/".
func (sv *SiteView) HasPage(rel string) bool { return sv.urls[rel] }

// View is the data a layout is executed with.
type View struct {
	Site    *SiteView
	Kind    string // home, section, page, taxonomy, term, search, compare, data, self-assessment or 404
	Title   string
	Summary string
	URL     string // the page's URL relative to the site root
	Page    *Page  // the content page, for Kind page
	Intro   *Page  // the _index.md text of a home or section page, if any
	List    []*Page
	// Groups are List's pages by the values of the facet it is grouped
	// by, for a section whose pages form a path, such as the playbooks
	// by phase (see pathFacets).
	Groups []*Group
	Pager  *Pager
	// Prev and Next are a content page's neighbours on its section's
	// path, for a section whose pages form one; either is nil at an end.
	Prev, Next *PathStep
	Section    *model.SectionInfo
	Taxonomy   *Taxonomy
	Term       *TaxonomyTerm
	Crumbs     []Crumb
	Query      string // the search query, on search pages
	Canonical  string // the page's absolute URL
	// Data holds what a generated page adds: search results (on the
	// server), a *compare.Comparison, *OpenData or *SelfAssessment.
	Data any
	// SearchMeta is the static index's meta.json, on the search page of
	// a build that writes one (SearchMetaIndexer).
	SearchMeta template.JS
}

// Description returns what the page is about, in a sentence or two: its
// summary, or the site's description.
func (v *View) Description() string {
	if v.Summary != "" {
		return v.Summary
	}
	return v.Site.Config.Description
}

// IsHome reports whether v is the home page.
func (v *View) IsHome() bool { return v.Kind == "home" }

// SectionDir returns the content section v belongs to, for navigation.
func (v *View) SectionDir() string {
	if v.Section != nil {
		return v.Section.Dir
	}
	if v.Page != nil {
		return v.Page.Section
	}
	return ""
}

// A Crumb is one step of a breadcrumb trail.
type Crumb struct{ Title, URL string }

// Pager is one page of a paginated list.
type Pager struct {
	Number, Total    int // this page's number and the number of pages, from 1
	Items            int // items in the whole list
	First, Last      int // the items on this page, counting from 1
	PrevURL, NextURL string
	Links            []PagerLink
}

// PagerLink is a link to one page of a list.
type PagerLink struct {
	Number  int
	URL     string
	Current bool
}

// A Taxonomy is the pages grouped by a facet with taxonomy pages (see
// Facets): areas, cohorts, integration levels or tags.
type Taxonomy struct {
	Key        string // its URL segment, such as cohorts
	Param      string // its facet's name in search URLs and responses, such as cohort
	Title      string // plural, such as Cohorts
	Single     string // singular, such as Cohort
	Summary    string
	URL        string
	Controlled bool // reports whether its values come from a vocabulary, each with a label, rather than from pages
	Terms      []*TaxonomyTerm
}

// A TaxonomyTerm is one value of a taxonomy and the pages that have it.
type TaxonomyTerm struct {
	Value string
	Label string
	Desc  string
	URL   string
	Area  *model.Area // for the areas taxonomy
	Pages []*Page
}

// sortPages orders pages by weight, then title.
func sortPages(pages []*Page) {
	sort.SliceStable(pages, func(i, j int) bool {
		a, b := pages[i].Meta, pages[j].Meta
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return a.Title < b.Title
	})
}

// latest returns up to n pages, most recently updated first.
func latest(pages []*Page, n int) []*Page {
	var out []*Page
	for _, p := range pages {
		if p.Meta.Status != "archived" && !p.Meta.Updated.IsZero() && p.Type != model.TypePage {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Meta.Updated.Time, out[j].Meta.Updated.Time
		if !a.Equal(b) {
			return a.After(b)
		}
		return out[i].Path < out[j].Path
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// siteView gathers what every template needs about the whole site.
func (s *snapshot) siteView() *SiteView {
	sv := &SiteView{Config: s.cfg, Sections: model.Sections, Pages: s.pages, counts: map[string]int{},
		urls: make(map[string]bool, len(s.pages)), compareAreas: s.compareAreas, likes: s.likes, basePath: s.basePath,
		Icons: iconLinks, Share: s.share, compareScaled: s.compareScaled(),
		day: s.now.UTC().Format("2 January 2006"), dayShown: new(atomic.Bool)}
	if s.offline {
		sv.FolderFile = folderFile
	}
	for _, p := range s.pages {
		sv.counts[p.Type]++
		sv.urls[p.URL] = true
		if p.Meta.Featured {
			sv.Featured = append(sv.Featured, p)
		}
	}
	sortPages(sv.Featured)
	sv.Latest = latest(s.pages, 8)
	sv.Taxonomies = s.taxonomies()
	sv.named = s.namedLabels()
	s.listSections(sv)
	return sv
}

// taxonomies groups the pages by each facet with taxonomy pages. Every
// controlled value gets a page, even with no pages yet, so links to it
// never break; a taxonomy without a vocabulary (tags) gets a term only
// for each value used, in order of its slug.
func (s *snapshot) taxonomies() []*Taxonomy {
	var all []*Taxonomy
	for _, f := range taxonomyFacets() {
		t := &Taxonomy{Key: f.Key, Param: f.Param, Title: f.Title, Single: f.Single, Summary: f.Summary, URL: f.Key + "/", Controlled: f.Vocab != nil}
		terms := map[string]*TaxonomyTerm{}
		if f.Vocab != nil {
			for _, tm := range f.Vocab(s.vocabs).Terms {
				term := &TaxonomyTerm{Value: tm.Value, Label: tm.Label, Desc: tm.Desc, URL: f.termURL(tm.Value)}
				if f.Key == areasKey {
					term.Area = s.cfg.Area(tm.Value)
				}
				t.Terms = append(t.Terms, term)
				terms[tm.Value] = term
			}
		}
		for _, p := range s.pages {
			for _, val := range f.Values(p) {
				key := f.Term(val)
				if key == "" {
					continue
				}
				term, ok := terms[key]
				if !ok {
					// Only a taxonomy without a vocabulary gets here:
					// validation keeps other values to theirs.
					term = &TaxonomyTerm{Value: key, Label: val, URL: f.termURL(val)}
					terms[key] = term
					t.Terms = append(t.Terms, term)
				}
				term.Pages = append(term.Pages, p)
			}
		}
		if f.Vocab == nil {
			sort.Slice(t.Terms, func(i, j int) bool { return t.Terms[i].Value < t.Terms[j].Value })
		}
		for _, term := range t.Terms {
			sortPages(term.Pages)
		}
		all = append(all, t)
	}
	return all
}

// A sectionList is a section's list of pages, split into the pages it is
// published on, at base/, base/page/2/, ...
type sectionList struct {
	pages  []*Page // every page of the section, by weight, then title
	chunks []listChunk
}

// A listChunk is what one page of a list shows.
type listChunk struct {
	first  int // the index in the list of its first page
	pages  []*Page
	groups []*Group // for a grouped list, the groups of its pages, whole
}

// listSections makes each section's list, split into pages of site.toml's
// paginate, and for a section whose pages form a path, groups them and
// notes each page's neighbours on the path in sv.
func (s *snapshot) listSections(sv *SiteView) {
	sv.lists, sv.paths = map[string]*sectionList{}, map[string]neighbours{}
	for _, sec := range model.Sections {
		l := &sectionList{}
		for _, p := range s.pages {
			if p.Type == sec.Type {
				l.pages = append(l.pages, p)
			}
		}
		sortPages(l.pages)
		f := pathFacet(sec.Type)
		if f == nil {
			l.chunks = paginate(l.pages, s.cfg.Paginate)
			sv.lists[sec.Dir] = l
			continue
		}
		groups := groupPages(f, s.vocabs, l.pages)
		for path, n := range pathNeighbours(groups) {
			sv.paths[path] = n
		}
		first := 0
		for _, gs := range pageGroups(groups, s.cfg.Paginate) {
			c := listChunk{first: first, groups: gs}
			for _, g := range gs {
				c.pages = append(c.pages, g.Pages...)
			}
			l.chunks = append(l.chunks, c)
			first += len(c.pages)
		}
		sv.lists[sec.Dir] = l
	}
}

// paginate splits pages into pages of size n.
func paginate(pages []*Page, n int) []listChunk {
	var out []listChunk
	for i := 0; i < len(pages); i += n {
		out = append(out, listChunk{first: i, pages: pages[i:min(i+n, len(pages))]})
	}
	if len(out) == 0 {
		out = []listChunk{{}}
	}
	return out
}

func pagerURL(base string, n int) string {
	if n == 1 {
		return base
	}
	return base + "page/" + itoa(n) + "/"
}

// newPager returns page number of total of a list of items at base,
// which shows c.
func newPager(base string, number, total, items int, c listChunk) *Pager {
	p := &Pager{Number: number, Total: total, Items: items}
	p.First = c.first + 1
	p.Last = c.first + len(c.pages)
	if number > 1 {
		p.PrevURL = pagerURL(base, number-1)
	}
	if number < total {
		p.NextURL = pagerURL(base, number+1)
	}
	for i := 1; i <= total; i++ {
		p.Links = append(p.Links, PagerLink{Number: i, URL: pagerURL(base, i), Current: i == number})
	}
	return p
}
