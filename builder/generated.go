package builder

import (
	"fmt"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// This file declares, once, every kind of page intkb makes itself rather
// than renders from an author's file: where each is published, its
// layout, what it is called in errors, whether the sitemap lists it and
// which changes a live rebuild writes it again for. The jobs of a build,
// the layouts a content page may not name, the sitemap, the check that no
// authored file takes a generated page's place (collide.go) and live
// rebuilds (live.go) all read generators; none lists these pages again.

// changesFeed is the Atom feed of changes to the areas' models, written
// with the other files that list pages (see listFiles and changesfeed.go)
// and linked from the comparison, which the blueprint pages lead to.
const changesFeed = "compare/changes.xml"

// A generator makes the pages of one kind.
type generator struct {
	kind   string // View.Kind of its pages
	layout string
	what   string // what its pages are, for errors and the authoring guide
	// family is set for a generator of many pages, each named in errors
	// by its title rather than by what.
	family bool
	// jobs returns its pages, in the order they are listed.
	jobs func(s *snapshot, sv *SiteView) []job
	// sitemap returns the URLs of its pages that sitemap.xml lists, if
	// any: the first page of each, not the pages a long list is split
	// into.
	sitemap func(s *snapshot) []string
	// redo reports whether a live rebuild that changed lc writes v, one
	// of its pages, again. lc.home is set: some page came, went or
	// changed its place in lists.
	redo func(lc *listChange, v *View) bool
}

// generators lists every generated page, in the order they are made
// and, for those it lists, in the order of sitemap.xml.
var generators = []generator{
	{
		kind: "home", layout: "home", what: "the home page",
		jobs:    homeJobs,
		sitemap: func(*snapshot) []string { return []string{""} },
		redo:    always,
	},
	{
		kind: "section", layout: "list", what: "the section lists", family: true,
		jobs: sectionJobs,
		sitemap: func(*snapshot) []string {
			var urls []string
			for _, s := range model.Sections {
				urls = append(urls, s.Dir+"/")
			}
			return urls
		},
		redo: func(lc *listChange, v *View) bool { return lc.sections[v.Section.Dir] },
	},
	{
		kind: "taxonomy", layout: "taxonomy", what: "the taxonomy pages (such as /cohorts/)", family: true,
		jobs: func(s *snapshot, sv *SiteView) []job {
			var jobs []job
			for _, tax := range sv.Taxonomies {
				v := &View{Kind: "taxonomy", Title: tax.Title, Summary: tax.Summary, Taxonomy: tax, Crumbs: []Crumb{{"Home", ""}}}
				jobs = append(jobs, s.newJob(sv, tax.URL+"index.html", "taxonomy", v, "site.toml"))
			}
			return jobs
		},
		redo: always,
	},
	{
		kind: "term", layout: "term", what: "the pages of one taxonomy term (such as /cohorts/frailty/)", family: true,
		jobs: termJobs,
		redo: func(lc *listChange, v *View) bool { return lc.terms[v.Term.URL] },
	},
	{
		kind: "compare", layout: "compare", what: "the comparison of areas",
		jobs: func(s *snapshot, sv *SiteView) []job {
			v := compareView(s.compare(compare.Query{}))
			return []job{s.newJob(sv, "compare/index.html", "compare", v, "layouts/compare.html")}
		},
		sitemap: func(*snapshot) []string { return []string{"compare/"} },
		redo:    blueprintsChanged,
	},
	{
		kind: "compare-group", layout: "compare", what: "the comparison pages of one region or ICB", family: true,
		jobs: compareGroupJobs, sitemap: compareGroupURLs,
		redo: blueprintsChanged,
	},
	{
		kind: "self-assessment", layout: "self-assessment", what: "the maturity self-assessment",
		jobs: func(s *snapshot, sv *SiteView) []job {
			return []job{s.newJob(sv, "self-assessment/index.html", "self-assessment", selfAssessmentView(), "layouts/self-assessment.html")}
		},
		sitemap: func(*snapshot) []string { return []string{"self-assessment/"} },
		redo:    blueprintsChanged,
	},
	{
		kind: "data", layout: "data", what: "the open data page",
		jobs: func(s *snapshot, sv *SiteView) []job {
			return []job{s.newJob(sv, "data/index.html", "data", s.openDataView(), "layouts/data.html")}
		},
		sitemap: func(*snapshot) []string { return []string{"data/"} },
		redo:    blueprintsChanged,
	},
	{
		kind: "like", layout: "like", what: "the pages of areas like each imported area (compare/like/IMPORT/SLUG/)", family: true,
		jobs: likeJobs,
		redo: blueprintsChanged,
	},
	{
		kind: "search", layout: "search", what: "the search page",
		jobs: func(s *snapshot, sv *SiteView) []job {
			v := &View{Kind: "search", Title: "Search", Crumbs: []Crumb{{"Home", ""}}}
			return []job{s.newJob(sv, "search/index.html", "search", v, "layouts/search.html")}
		},
		redo: always,
	},
	{
		kind: "404", layout: "404", what: "the page-not-found page",
		jobs: func(s *snapshot, sv *SiteView) []job {
			return []job{s.newJob(sv, "404.html", "404", &View{Kind: "404", Title: "Page not found"}, "layouts/404.html")}
		},
		redo: func(*listChange, *View) bool { return false },
	},
}

func always(*listChange, *View) bool { return true }

// blueprintsChanged is the redo of pages made from every blueprint.
func blueprintsChanged(lc *listChange, _ *View) bool { return lc.blueprts }

// generatorOf returns the generator of a page of the given kind, or nil
// for a content page.
func generatorOf(kind string) *generator {
	for i := range generators {
		if generators[i].kind == kind {
			return &generators[i]
		}
	}
	return nil
}

// claimOf says what writes a generated page, for the errors of
// checkOutputs.
func claimOf(v *View) outputClaim {
	if g := generatorOf(v.Kind); g != nil && !g.family {
		return outputClaim{what: g.what}
	}
	return outputClaim{what: fmt.Sprintf("the %q page", v.Title)}
}

// generatedLayouts are the layouts of the generated pages, with what each
// is for, made once from generators.
var generatedLayouts = func() map[string]string {
	m := make(map[string]string, len(generators))
	for _, g := range generators {
		if _, ok := m[g.layout]; !ok { // a layout is named by its first page
			m[g.layout] = g.what
		}
	}
	return m
}()

// homeJobs makes the home page: the site's title and description, or
// those of content/_index.md.
func homeJobs(s *snapshot, sv *SiteView) []job {
	home := &View{Kind: "home", Title: s.cfg.Title, Summary: s.cfg.Description, Intro: s.intros[""]}
	if in := home.Intro; in != nil {
		home.Title = in.Meta.Title
		if in.Meta.Summary != "" {
			home.Summary = in.Meta.Summary
		}
	}
	return []job{s.newJob(sv, "index.html", "home", home, "content/_index.md")}
}

// sectionJobs makes each section's list, split into pages as
// listSections did: of site.toml's paginate, or, for a section whose
// pages form a path, of whole groups.
func sectionJobs(s *snapshot, sv *SiteView) []job {
	var jobs []job
	for i := range model.Sections {
		sec := &model.Sections[i]
		list := sv.lists[sec.Dir]
		intro := s.intros[sec.Dir]
		title, summary := sec.Title, sectionBlurb(sec.Type)
		if intro != nil {
			title = intro.Meta.Title
			if intro.Meta.Summary != "" {
				summary = intro.Meta.Summary
			}
		}
		chunks := list.chunks
		for n, chunk := range chunks {
			v := &View{Kind: "section", Title: title, Summary: summary, Section: sec, List: chunk.pages, Groups: chunk.groups,
				Pager:  newPager(sec.Dir+"/", n+1, len(chunks), len(list.pages), chunk),
				Crumbs: []Crumb{{"Home", ""}}}
			if n == 0 {
				v.Intro = intro
			} else {
				v.Title = fmt.Sprintf("%s (page %d of %d)", title, n+1, len(chunks))
				v.Crumbs = append(v.Crumbs, Crumb{title, sec.Dir + "/"})
			}
			jobs = append(jobs, s.newJob(sv, pagerURL(sec.Dir+"/", n+1)+"index.html", "list", v, "content/"+sec.Dir+"/_index.md"))
		}
	}
	return jobs
}

// termJobs makes the page of each taxonomy term, listing its pages.
func termJobs(s *snapshot, sv *SiteView) []job {
	var jobs []job
	for _, tax := range sv.Taxonomies {
		for _, term := range tax.Terms {
			v := &View{Kind: "term", Title: term.Label, Summary: term.Desc, Taxonomy: tax, Term: term, List: term.Pages,
				Crumbs: []Crumb{{"Home", ""}, {tax.Title, tax.URL}}}
			if term.Area != nil {
				v.Summary = term.Area.Setting
			}
			jobs = append(jobs, s.newJob(sv, term.URL+"index.html", "term", v, "site.toml"))
		}
	}
	return jobs
}
