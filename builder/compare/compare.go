package compare

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"intkb/builder/model"
)

// This file holds what a comparison is: the areas, the request, the
// limits on it, and which cells differ from most areas.

// MaxAreas is the most areas one comparison request may name, the most
// site.toml's [compare] maxColumns may set side by side.
// Longer requests are cut short with a notice.
const MaxAreas = model.MaxCompareColumns

// MaxAreaName is the longest area name, in bytes of UTF-8, a
// comparison request may give: longer than any area's key, so a longer
// one is left out with a notice, and it counts against no limit.
const MaxAreaName = 200

// An Area is one area's model that can be compared: a blueprint of
// this site, or one imported from another site's open data.
type Area struct {
	Key      string // the blueprint's slug; for imports, IMPORT/SLUG
	Name     string // the area's name
	Setting  string // the kind of place, when known
	Title    string // the blueprint's title
	Href     string // a link to the blueprint: on this site, or back to the other site
	Imported bool   // reports whether the blueprint comes from another site
	Source   string // the name of the [[import]] it came from
	// Grouping places the area by region, ICB and place, where known.
	Grouping model.Grouping
	// Provenance says where an imported area's data came from; nil for
	// this site's own areas.
	Provenance *Provenance
	Blueprint  *model.Blueprint
	// Vocabs label its values: this site's, and for an imported area
	// with terms this site does not have, those with the other site's
	// (see model.ImportLabels). Nil reads them with model.Vocabularies.
	Vocabs model.Vocabs
	// History is how the model changed, oldest first (see Timeline): a
	// single point when nothing is known of it before now, none for an
	// imported area whose site gives none.
	History []Point
}

// Provenance is where an imported area's data came from, and when.
type Provenance struct {
	Site      string    // the [[import]]'s name
	URL       string    // the source it was read from: a URL or a path in the site
	FetchedAt time.Time // when this copy was read; for a kept copy, when it was last read well
	Generated string    // the source's own "generated" stamp, as it wrote it; empty if it gave none
	// Stale reports that the source could not be read this time and the
	// area comes from the last good copy, FetchedAt old.
	Stale bool
	Age   string // for a Stale copy, how old it was at the build, such as "3 days old"
}

// Fetched says when the copy was read, in UTC, such as "4 Dec 2026 10:02".
func (p *Provenance) Fetched() string { return p.FetchedAt.UTC().Format("2 Jan 2006 15:04") }

// GeneratedDay is the day the source says it wrote its data, such as
// "3 Dec 2026", or Generated as it is when it is not a date and time.
func (p *Provenance) GeneratedDay() string {
	t, err := time.Parse(time.RFC3339, p.Generated)
	if err != nil {
		return p.Generated
	}
	return t.Format("2 Jan 2006")
}

// vocabs returns the vocabularies a's values are read with.
func (a *Area) vocabs() model.Vocabs {
	if a.Vocabs == nil {
		return model.Vocabs(model.Vocabularies)
	}
	return a.Vocabs
}

// A Comparison is the matrix of the chosen areas' models, with the charts
// drawn from them.
type Comparison struct {
	Choices         []Choice      // every area that can be compared, for the form
	Columns         []*Area       // the areas shown, in list order
	Groups          []Group       // the rows, grouped as the blueprint is
	OnlyDifferences bool          // reports whether rows where areas agree are left out
	Chosen          bool          // reports whether the reader chose the areas
	Notices         []string      // what was wrong with the request, in words
	Served          bool          // reports whether a server made it for one request
	Charts          []Chart       // integration scale, maturity and team members
	Imports         []string      // the names of the sites areas were imported from
	Sources         []*Provenance // where each of those sites' areas came from, and when, in the same order
	// AsAt and Since are the days of Query: the models as they stood on
	// AsAt (zero: today's), with the cells changed since Since marked.
	AsAt, Since model.Date
	// Scale is, for a site with more areas than it sets side by side,
	// the areas the reader's filter chose (see NewChosen); nil when
	// every area is shown.
	Scale *Selection
	// MaxColumns is the most areas set side by side, with Scale.
	MaxColumns int
	picked     []string // the keys of Columns, with Scale
}

// MaxAreas returns the constant MaxAreas, for the layout: the compare
// page carries it (data-max-areas) so that compare.js cuts a choice where
// the server does, without a copy of the number.
func (c *Comparison) MaxAreas() int { return MaxAreas }

// MaxAreaName returns the constant MaxAreaName, for the layout, which
// carries it as data-max-area-name for compare.js.
func (c *Comparison) MaxAreaName() int { return MaxAreaName }

// Span is the number of columns of the matrix: a field's label, then one
// per area shown.
func (c *Comparison) Span() int { return len(c.Columns) + 1 }

// A Choice is one area in the form that chooses columns.
type Choice struct {
	Area    *Area
	Checked bool
}

// A Group is one part of the blueprint: needs, function, form,
// governance, finance, digital, participation or measures.
type Group struct {
	ID    string
	Title string
	Rows  []Row
}

// A Row is one blueprint field across the areas.
type Row struct {
	Key   string // the front-matter key, such as function.integration_level
	Label string
	// Compared reports whether the row holds set values (controlled
	// lists and yes or no) that differences are judged on. Descriptions
	// in free text and figures are shown but never marked.
	Compared bool
	Varies   bool // reports whether the areas' values are not all the same
	Cells    []Cell
}

// A Cell is one area's value for one field.
type Cell struct {
	Key    string   // the area's key
	Values []string // in words; more than one for a list
	List   bool     // reports whether the field is a list
	Note   string   // free text beside the value
	// Match is what differences are judged on: the codes, sorted for a
	// list, so that order does not count as a difference.
	Match   string
	Differs bool // reports whether the value differs from most areas'
	// Changed reports whether the value changed since Comparison.Since,
	// and Was is its value then, in words.
	Changed bool
	Was     string
	// History is, for a row a history tracks, the value at each point
	// where it changed, as JSON for the static page (see cellHistory).
	History string
}

// Empty reports whether the area gave no value.
func (c Cell) Empty() bool { return len(c.Values) == 0 && c.Note == "" }

// Query is what a reader asked to compare, as in
// /compare/?areas=saltmere,kingsmoor&diff=1.
type Query struct {
	Areas           []string // area keys, in the order asked
	OnlyDifferences bool
	// AsAt asks for every area's model as it stood on a day; Since marks
	// the values that changed after one (asat=, since=, as 2025-06-01).
	AsAt, Since model.Date
	Notices     []string // problems found while reading the request's areas
	// DayNotices are the problems with its days: a day that is not one
	// asks for no area, so the comparison shows every area today.
	DayNotices []string
	// Filter chooses areas on a site with more than it sets side by
	// side (see NewChosen), as region=north-west&level=coordinated.
	Filter Filter
}

// cutNotice says that a request named more than MaxAreas areas.
var cutNotice = fmt.Sprintf("At most %d areas can be compared at once: the first %d you chose are shown.", MaxAreas, MaxAreas)

// ParseQuery reads a comparison request. Areas may be given as one
// comma-separated areas parameter, as several (as a form of checkboxes
// sends them), or both. diff=1 (or on, or true) asks for only the rows
// where the areas differ. Nothing in q can make it fail: what cannot be
// used is left out and explained in Notices.
func ParseQuery(q url.Values) Query {
	var cq Query
	seen := map[string]bool{}
	cut, long := false, false
	for _, v := range q["areas"] {
		for key := range strings.SplitSeq(v, ",") {
			key = strings.TrimSpace(key)
			if key == "" || seen[key] {
				continue
			}
			if len(key) > MaxAreaName {
				long = true
				continue
			}
			if len(cq.Areas) == MaxAreas {
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
		cq.Notices = append(cq.Notices, cutNotice)
	}
	switch strings.ToLower(q.Get("diff")) {
	case "1", "on", "true", "yes":
		cq.OnlyDifferences = true
	}
	parseDays(q, &cq)
	cq.Filter = ParseFilter(q)
	return cq
}

// importsOf returns the names of the sites areas were imported from, in
// list order, and where each one's areas came from.
func importsOf(areas []*Area) (names []string, sources []*Provenance) {
	for _, a := range areas {
		if a.Imported && !slices.Contains(names, a.Source) {
			names = append(names, a.Source)
			if a.Provenance != nil {
				sources = append(sources, a.Provenance)
			}
		}
	}
	return names, sources
}

// New builds the comparison of the areas q names out of all, which are
// in list order. Unknown areas are left out with a notice; asking for
// none shows every area, and asking only for areas that are not in all
// shows none, with every area to choose from, so that no request costs
// more than its choice.
func New(all []*Area, q Query) *Comparison {
	c := &Comparison{OnlyDifferences: q.OnlyDifferences, Notices: slices.Concat(q.Notices, q.DayNotices), AsAt: q.AsAt, Since: q.Since}
	byKey := map[string]*Area{}
	for _, a := range all {
		byKey[a.Key] = a
	}
	c.Imports, c.Sources = importsOf(all)
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
		c.Choices = append(c.Choices, Choice{Area: a, Checked: chosen[a.Key]})
	}
	if c.Chosen && len(c.Columns) == 1 {
		c.Notices = append(c.Notices, "Choose at least one more area to see differences.")
	}
	if !q.AsAt.IsZero() {
		var notice string
		if c.Columns, notice = asAt(c.Columns, q.AsAt); notice != "" {
			c.Notices = append(c.Notices, notice)
		}
	}
	c.Groups = compareGroups(c.Columns, q.OnlyDifferences, c.Over())
	if !q.Since.IsZero() {
		markChanges(c.Groups, c.Columns, q.Since)
	}
	if !c.Over() {
		c.Charts = compareCharts(c.Columns)
	}
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
// compared rows whose values vary are kept; with tracked, only the rows
// a history tracks (see Timeline), each cell with its history. Rows no
// area fills are left out.
func compareGroups(cols []*Area, onlyDiff, tracked bool) []Group {
	var groups []Group
	for _, g := range compareLayout {
		out := Group{ID: g.id, Title: g.title}
		for _, spec := range g.rows {
			if tracked && !spec.tracked() {
				continue
			}
			row := Row{Key: spec.key, Label: spec.label, Compared: spec.compared}
			empty := true
			for _, a := range cols {
				cell := spec.cell(a.vocabs(), a.Blueprint)
				cell.Key = a.Key
				if spec.tracked() && len(a.History) > 0 {
					cell.History = cellHistory(spec, a)
				}
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
func markDifferences(cells []Cell) (varies bool) {
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
