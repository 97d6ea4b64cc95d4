package builder

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"intkb/builder/model"
)

// This file holds the blueprint comparison behind /compare/: which areas
// can be compared, the rows of the matrix grouped as the blueprint is, the
// values in words, and which cells differ from most areas. The static build
// and the server (for /compare/?areas=a,b&diff=1) both use Site.Compare, so
// the two always agree.

// MaxCompareAreas is the most areas one comparison request may name.
// Longer requests are cut short with a notice.
const MaxCompareAreas = 20

// MaxCompareAreaName is the longest area name, in bytes of UTF-8, a
// comparison request may give: longer than any area's key, so a longer
// one is left out with a notice, and it counts against no limit.
const MaxCompareAreaName = 200

// A CompareArea is one area's model that can be compared: a blueprint of
// this site, or one imported from another site's open data.
type CompareArea struct {
	Key       string // the blueprint's slug; for imports, IMPORT/SLUG
	Name      string // the area's name
	Setting   string // the kind of place, when known
	Title     string // the blueprint's title
	Href      string // a link to the blueprint: on this site, or back to the other site
	Imported  bool   // reports whether the blueprint comes from another site
	Source    string // the name of the [[import]] it came from
	Blueprint *model.Blueprint
	// Vocabs label its values: this site's, and for an imported area
	// with terms this site does not have, those with the other site's
	// (see importLabels).
	Vocabs model.Vocabs
}

// vocabs returns the vocabularies a's values are read with.
func (a *CompareArea) vocabs() model.Vocabs {
	if a.Vocabs == nil {
		return model.Vocabs(model.Vocabularies)
	}
	return a.Vocabs
}

// A Comparison is the matrix of the chosen areas' models, with the charts
// drawn from them.
type Comparison struct {
	Choices         []CompareChoice // every area that can be compared, for the form
	Columns         []*CompareArea  // the areas shown, in list order
	Groups          []CompareGroup  // the rows, grouped as the blueprint is
	OnlyDifferences bool            // reports whether rows where areas agree are left out
	Chosen          bool            // reports whether the reader chose the areas
	Notices         []string        // what was wrong with the request, in words
	Served          bool            // reports whether a server made it for one request
	Charts          []Chart         // integration scale, maturity and team members
	Imports         []string        // the names of the sites areas were imported from
}

// MaxAreas is MaxCompareAreas, for the layout: the compare page carries
// it (data-max-areas) so that compare.js cuts a choice where the server
// does, without a copy of the number.
func (c *Comparison) MaxAreas() int { return MaxCompareAreas }

// MaxAreaName is MaxCompareAreaName, for the layout, which carries it as
// data-max-area-name for compare.js.
func (c *Comparison) MaxAreaName() int { return MaxCompareAreaName }

// Span is the number of columns of the matrix: a field's label, then one
// per area shown.
func (c *Comparison) Span() int { return len(c.Columns) + 1 }

// A CompareChoice is one area in the form that chooses columns.
type CompareChoice struct {
	Area    *CompareArea
	Checked bool
}

// A CompareGroup is one part of the blueprint: needs, function, form,
// governance, finance, digital, participation or measures.
type CompareGroup struct {
	ID    string
	Title string
	Rows  []CompareRow
}

// A CompareRow is one blueprint field across the areas.
type CompareRow struct {
	Key   string // the front-matter key, such as function.integration_level
	Label string
	// Compared reports whether the row holds set values (controlled
	// lists and yes or no) that differences are judged on. Descriptions
	// in free text and figures are shown but never marked.
	Compared bool
	Varies   bool // reports whether the areas' values are not all the same
	Cells    []CompareCell
}

// A CompareCell is one area's value for one field.
type CompareCell struct {
	Key    string   // the area's key
	Values []string // in words; more than one for a list
	List   bool     // reports whether the field is a list
	Note   string   // free text beside the value
	// Match is what differences are judged on: the codes, sorted for a
	// list, so that order does not count as a difference.
	Match   string
	Differs bool // reports whether the value differs from most areas'
}

// Empty reports whether the area gave no value.
func (c CompareCell) Empty() bool { return len(c.Values) == 0 && c.Note == "" }

// CompareQuery is what a reader asked to compare, as in
// /compare/?areas=saltmere,kingsmoor&diff=1.
type CompareQuery struct {
	Areas           []string // area keys, in the order asked
	OnlyDifferences bool
	Notices         []string // problems found while reading the request
}

// ParseCompareQuery reads a comparison request. Areas may be given as one
// comma-separated areas parameter, as several (as a form of checkboxes
// sends them), or both. diff=1 (or on, or true) asks for only the rows
// where the areas differ. Nothing in q can make it fail: what cannot be
// used is left out and explained in Notices.
func ParseCompareQuery(q url.Values) CompareQuery {
	var cq CompareQuery
	seen := map[string]bool{}
	cut, long := false, false
	for _, v := range q["areas"] {
		for key := range strings.SplitSeq(v, ",") {
			key = strings.TrimSpace(key)
			if key == "" || seen[key] {
				continue
			}
			if len(key) > MaxCompareAreaName {
				long = true
				continue
			}
			if len(cq.Areas) == MaxCompareAreas {
				cut = true
				continue
			}
			seen[key] = true
			cq.Areas = append(cq.Areas, key)
		}
	}
	if long {
		cq.Notices = append(cq.Notices, "An area name was too long to be one of this site's areas and was left out.")
	}
	if cut {
		cq.Notices = append(cq.Notices, fmt.Sprintf("At most %d areas can be compared at once: the first %d you chose are shown.", MaxCompareAreas, MaxCompareAreas))
	}
	switch strings.ToLower(q.Get("diff")) {
	case "1", "on", "true", "yes":
		cq.OnlyDifferences = true
	}
	return cq
}

// Compare returns the comparison a reader asked for. Unknown areas are
// left out with a notice; asking for none shows every area, and asking
// only for areas that do not exist shows none, with the form to choose
// some, so that no request costs more than its choice.
func (s *Site) Compare(q CompareQuery) *Comparison {
	return newComparison(s.state().snap.compareAreas, q)
}

// CompareView returns the compare page for q, ready for Render with the
// "compare" layout, as a server answers /compare/?areas=...
func (s *Site) CompareView(q CompareQuery) *View {
	c := s.Compare(q)
	c.Served = true
	return compareView(c)
}

func compareView(c *Comparison) *View {
	return &View{Kind: "compare", Title: "Compare neighbourhood team models", URL: "compare/",
		Summary: "Every area's model side by side, field by field, with the places where areas differ marked.",
		Crumbs:  []Crumb{{"Home", ""}}, Data: c}
}

// newComparison builds the comparison of the areas q names out of all.
func newComparison(all []*CompareArea, q CompareQuery) *Comparison {
	c := &Comparison{OnlyDifferences: q.OnlyDifferences, Notices: slices.Clone(q.Notices)}
	byKey := map[string]*CompareArea{}
	for _, a := range all {
		byKey[a.Key] = a
		if a.Imported && !slices.Contains(c.Imports, a.Source) {
			c.Imports = append(c.Imports, a.Source)
		}
	}
	chosen := map[string]bool{}
	var unknown []string
	for _, k := range q.Areas {
		if byKey[k] != nil {
			chosen[k] = true
		} else {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		var quoted []string
		for _, k := range unknown[:min(len(unknown), 5)] {
			quoted = append(quoted, fmt.Sprintf("“%s”", k))
		}
		if n := len(unknown) - len(quoted); n > 0 {
			quoted = append(quoted, fmt.Sprintf("%d others", n))
		}
		c.Notices = append(c.Notices, fmt.Sprintf("This site has no area %s to compare, so it was left out.", joinWords(quoted, "or")))
	}
	c.Chosen = len(chosen) > 0
	asked := len(q.Areas) > 0 || len(q.Notices) > 0
	if asked && !c.Chosen && len(all) > 0 {
		c.Notices = append(c.Notices, "None of the areas you asked for is here: choose from the list of areas.")
	}
	for _, a := range all {
		if chosen[a.Key] || !asked {
			c.Columns = append(c.Columns, a)
		}
		c.Choices = append(c.Choices, CompareChoice{Area: a, Checked: chosen[a.Key]})
	}
	if c.Chosen && len(c.Columns) == 1 {
		c.Notices = append(c.Notices, "Choose at least one more area to see differences.")
	}
	c.Groups = compareGroups(c.Columns, q.OnlyDifferences)
	c.Charts = compareCharts(c.Columns)
	return c
}

// joinWords joins items as "a, b or c".
func joinWords(items []string, and string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + and + " " + items[len(items)-1]
}

// compareGroups lays out the matrix rows for cols. With onlyDiff, only
// compared rows whose values vary are kept. Rows no area fills are left
// out.
func compareGroups(cols []*CompareArea, onlyDiff bool) []CompareGroup {
	var groups []CompareGroup
	for _, g := range compareLayout {
		out := CompareGroup{ID: g.id, Title: g.title}
		for _, spec := range g.rows {
			row := CompareRow{Key: spec.key, Label: spec.label, Compared: spec.compared}
			empty := true
			for _, a := range cols {
				cell := spec.cell(a.vocabs(), a.Blueprint)
				cell.Key = a.Key
				if !cell.Empty() {
					empty = false
				}
				row.Cells = append(row.Cells, cell)
			}
			if empty && len(cols) > 0 {
				continue
			}
			if row.Compared {
				row.Varies = markDifferences(row.Cells)
			}
			if onlyDiff && !row.Varies {
				continue
			}
			out.Rows = append(out.Rows, row)
		}
		if len(out.Rows) > 0 {
			groups = append(groups, out)
		}
	}
	return groups
}

// markDifferences marks each cell that differs from most areas: one whose
// value is less common than the most common value, when at least two
// areas share that. It reports whether the values vary at all. So with
// three areas the odd one out is marked, and with five split 2, 2 and 1
// the one; when no value is shared (two areas that disagree, or every
// area different) or the areas split evenly, no cell stands out and only
// the row is marked as varying.
func markDifferences(cells []CompareCell) (varies bool) {
	count := map[string]int{}
	top := 0
	for _, c := range cells {
		count[c.Match]++
		top = max(top, count[c.Match])
	}
	for i := range cells {
		cells[i].Differs = top >= 2 && count[cells[i].Match] < top
	}
	return len(count) > 1
}

// blueprintKey is a blueprint page's slug: blueprints/saltmere/ gives
// saltmere.
func blueprintKey(p *Page) string { return path.Base(strings.TrimSuffix(p.URL, "/")) }

// listCompareAreas gathers the areas that can be compared: this site's
// blueprints in list order, then the imported ones in site.toml's order.
func (b *build) listCompareAreas(imported []*CompareArea) []*CompareArea {
	var pages []*Page
	for _, p := range b.pages {
		if p.Type == model.TypeBlueprint {
			pages = append(pages, p)
		}
	}
	sortPages(pages)
	var out []*CompareArea
	for _, p := range pages {
		a := &CompareArea{Key: blueprintKey(p), Name: b.areas.Label(p.Meta.Area), Title: p.Meta.Title,
			Href: b.basePath + p.URL, Blueprint: p.Front.(*model.Blueprint), Vocabs: b.vocabs}
		if area := b.cfg.Area(p.Meta.Area); area != nil {
			a.Setting = area.Setting
		}
		out = append(out, a)
	}
	return append(out, imported...)
}

// CompareLinks returns, for a blueprint page, links to compare its area
// side by side with each other area of this site. Imported areas are left
// out, so that a page does not grow with what other sites publish: the
// page's link to every area, and the form on /compare/, reach them.
func (sv *SiteView) CompareLinks(p *Page) []LinkView {
	key := blueprintKey(p)
	var links []LinkView
	for _, a := range sv.compareAreas {
		if a.Key != key && !a.Imported {
			links = append(links, LinkView{Title: a.Name, URL: sv.basePath + "compare/?areas=" + url.QueryEscape(key) + "," + url.QueryEscape(a.Key)})
		}
	}
	return links
}
