package builder

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
)

// This file holds the blueprint comparison behind /compare/: which areas
// can be compared, the rows of the matrix grouped as the blueprint is, the
// values in words, and which cells differ from most areas. The static build
// and the server (for /compare/?areas=a,b&diff=1) both use Site.Compare, so
// the two always agree.

// MaxCompareAreas is the most areas one comparison request may name.
// Longer requests are cut short with a notice.
const MaxCompareAreas = 20

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
	Blueprint *Blueprint
	// Vocabs label its values: this site's, and for an imported area
	// with terms this site does not have, those with the other site's
	// (see importLabels).
	Vocabs Vocabs
}

// vocabs returns the vocabularies a's values are read with.
func (a *CompareArea) vocabs() Vocabs {
	if a.Vocabs == nil {
		return Vocabs(Vocabularies)
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
	cut := false
	for _, v := range q["areas"] {
		for key := range strings.SplitSeq(v, ",") {
			key = strings.TrimSpace(key)
			if key == "" || seen[key] {
				continue
			}
			if len(key) > 200 {
				cq.Notices = append(cq.Notices, "An area name was too long to be one of this site's areas and was left out.")
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
	return newComparison(s.state().b.compareAreas, q)
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

// rowSpec says how to show one field of the blueprint.
type rowSpec struct {
	key, label string
	compared   bool
	cell       func(vs Vocabs, bp *Blueprint) CompareCell
}

type groupSpec struct {
	id, title string
	rows      []rowSpec
}

// compareLayout is the matrix: the blueprint's comparison fields, grouped
// as the blueprint is, in the order a reader meets them.
var compareLayout = []groupSpec{
	{"needs", "Needs", []rowSpec{
		{"needs.footprint", "Footprint", false, func(vs Vocabs, bp *Blueprint) CompareCell { return textCell(bp.Needs.Footprint) }},
		{"needs.population", "Population", false, func(vs Vocabs, bp *Blueprint) CompareCell { return numberCell(bp.Needs.Population) }},
		{"needs.neighbourhoods", "Neighbourhoods", false, func(vs Vocabs, bp *Blueprint) CompareCell { return numberCell(bp.Needs.Neighbourhoods) }},
		{"needs.neighbourhood_size", "Neighbourhood size", false, func(vs Vocabs, bp *Blueprint) CompareCell { return sizeCell(bp.Needs) }},
		{"needs.statement", "Needs statement", false, func(vs Vocabs, bp *Blueprint) CompareCell { return textCell(bp.Needs.Statement) }},
		{"cohorts", "Cohorts served", true, func(vs Vocabs, bp *Blueprint) CompareCell { return listCell(vs, "cohort", bp.Cohorts, bp.CohortsNote) }},
	}},
	{"function", "Function", []rowSpec{
		{"function.integration_level", "Integration level", true, func(vs Vocabs, bp *Blueprint) CompareCell {
			return valueCell(vs, "integration_level", bp.Function.IntegrationLevel, bp.Function.IntegrationLevelNote)
		}},
		{"function.case_finding", "Case finding", true, func(vs Vocabs, bp *Blueprint) CompareCell {
			return listCell(vs, "case_finding", bp.Function.CaseFinding, bp.Function.CaseFindingNote)
		}},
		{"function.coordinator", "Care coordinator", false, func(vs Vocabs, bp *Blueprint) CompareCell { return textCell(bp.Function.Coordinator) }},
		{"function.activities", "What the team does", false, func(vs Vocabs, bp *Blueprint) CompareCell { return textsCell(bp.Function.Activities) }},
	}},
	{"form", "Form", []rowSpec{
		{"form.origin", "Origin", true, func(vs Vocabs, bp *Blueprint) CompareCell {
			return valueCell(vs, "origin", bp.Form.Origin, bp.Form.OriginNote)
		}},
		{"form.mdt_cadence", "MDT meets", true, func(vs Vocabs, bp *Blueprint) CompareCell {
			return valueCell(vs, "mdt_cadence", bp.Form.MDTCadence, "")
		}},
		{"form.mdt_mode", "MDT mode", true, func(vs Vocabs, bp *Blueprint) CompareCell {
			return valueCell(vs, "mdt_mode", bp.Form.MDTMode, bp.Form.MDTNote)
		}},
		{"form.members.organisation", "Organisations in the team", true, func(vs Vocabs, bp *Blueprint) CompareCell {
			return listCell(vs, "organisation", memberValues(bp.Form.Members, func(m Member) string { return m.Organisation }), "")
		}},
		{"form.members.arrangement", "How members join", true, func(vs Vocabs, bp *Blueprint) CompareCell {
			return listCell(vs, "arrangement", memberValues(bp.Form.Members, func(m Member) string { return m.Arrangement }), "")
		}},
		{"form.members.core", "Core members", false, func(vs Vocabs, bp *Blueprint) CompareCell { return membersCell(vs, bp.Form.Members, "core") }},
		{"form.members.on_call", "On-call members", false, func(vs Vocabs, bp *Blueprint) CompareCell { return membersCell(vs, bp.Form.Members, "on_call") }},
		{"form.members_note", "About membership", false, func(vs Vocabs, bp *Blueprint) CompareCell { return textCell(bp.Form.MembersNote) }},
	}},
	{"governance", "Governance", []rowSpec{
		{"governance.accountable_body", "Accountable body", false, func(vs Vocabs, bp *Blueprint) CompareCell { return textCell(bp.Governance.AccountableBody) }},
		{"governance.collective_accountability", "Collective accountability", true, func(vs Vocabs, bp *Blueprint) CompareCell {
			return yesNoCell(bp.Governance.CollectiveAccountability, bp.Governance.Note)
		}},
	}},
	{"finance", "Finance", []rowSpec{
		{"finance.budget", "Budget", true, func(vs Vocabs, bp *Blueprint) CompareCell {
			return valueCell(vs, "budget", bp.Finance.Budget, bp.Finance.Note)
		}},
		{"finance.recurrent", "Recurrent funding", true, func(vs Vocabs, bp *Blueprint) CompareCell { return yesNoCell(bp.Finance.Recurrent, "") }},
	}},
	{"digital", "Digital", []rowSpec{
		{"digital.record", "Shared record", true, func(vs Vocabs, bp *Blueprint) CompareCell {
			return valueCell(vs, "record", bp.Digital.Record, bp.Digital.Note)
		}},
	}},
	{"participation", "Participation", []rowSpec{
		{"participation.vcse", "Voluntary sector (VCSE)", true, func(vs Vocabs, bp *Blueprint) CompareCell {
			return valueCell(vs, "participation", bp.Participation.VCSE, "")
		}},
		{"participation.community_pharmacy", "Community pharmacy", true, func(vs Vocabs, bp *Blueprint) CompareCell {
			return valueCell(vs, "participation", bp.Participation.CommunityPharmacy, "")
		}},
		{"participation.lived_experience", "Lived-experience roles", false, func(vs Vocabs, bp *Blueprint) CompareCell { return textsCell(bp.Participation.LivedExperience) }},
		{"participation.note", "About participation", false, func(vs Vocabs, bp *Blueprint) CompareCell { return textCell(bp.Participation.Note) }},
	}},
	{"measures", "Measures and evaluation", []rowSpec{
		{"measures.measures", "Measures", false, func(vs Vocabs, bp *Blueprint) CompareCell { return textsCell(bp.Measures.Measures) }},
		{"measures.evaluation", "Evaluation", false, func(vs Vocabs, bp *Blueprint) CompareCell { return textCell(bp.Measures.Evaluation) }},
		{"measures.evaluation_type", "Kind of evaluation", true, func(vs Vocabs, bp *Blueprint) CompareCell {
			return valueCell(vs, "evidence_type", bp.Measures.EvaluationType, "")
		}},
	}},
}

func textCell(s string) CompareCell {
	if s = strings.TrimSpace(s); s == "" {
		return CompareCell{}
	}
	return CompareCell{Values: []string{s}, Match: s}
}

func textsCell(items []string) CompareCell {
	return CompareCell{Values: slices.Clone(items), List: true, Match: strings.Join(items, "\n")}
}

func numberCell(n int) CompareCell {
	if n == 0 {
		return CompareCell{}
	}
	return CompareCell{Values: []string{formatNumber(n)}, Match: itoa(n)}
}

func sizeCell(n BlueprintNeeds) CompareCell {
	switch {
	case n.NeighbourhoodLo > 0 && n.NeighbourhoodHi > 0 && n.NeighbourhoodLo != n.NeighbourhoodHi:
		return CompareCell{Values: []string{formatNumber(n.NeighbourhoodLo) + " to " + formatNumber(n.NeighbourhoodHi) + " people"}}
	case n.NeighbourhoodLo > 0:
		return CompareCell{Values: []string{"From " + formatNumber(n.NeighbourhoodLo) + " people"}}
	case n.NeighbourhoodHi > 0:
		return CompareCell{Values: []string{"Up to " + formatNumber(n.NeighbourhoodHi) + " people"}}
	}
	return CompareCell{}
}

// valueCell shows one controlled value in words.
func valueCell(vs Vocabs, vocab, value, note string) CompareCell {
	c := CompareCell{Note: strings.TrimSpace(note), Match: value}
	if value != "" {
		c.Values = []string{vs.Label(vocab, value)}
	}
	return c
}

// listCell shows a list of controlled values in words, in the
// vocabulary's order so that areas line up.
func listCell(vs Vocabs, vocab string, values []string, note string) CompareCell {
	v := vs[vocab]
	ordered := slices.Clone(values)
	slices.SortStableFunc(ordered, func(a, b string) int { return termIndex(v, a) - termIndex(v, b) })
	c := CompareCell{List: true, Note: strings.TrimSpace(note), Match: strings.Join(ordered, " ")}
	for _, val := range ordered {
		c.Values = append(c.Values, v.Label(val))
	}
	return c
}

// termIndex is value's place in v, with unknown values last.
func termIndex(v *Vocab, value string) int {
	for i, t := range v.Terms {
		if t.Value == value {
			return i
		}
	}
	return len(v.Terms)
}

func yesNoCell(b bool, note string) CompareCell {
	c := CompareCell{Values: []string{"No"}, Note: strings.TrimSpace(note), Match: "false"}
	if b {
		c.Values, c.Match = []string{"Yes"}, "true"
	}
	return c
}

// memberValues returns the distinct values of one member field.
func memberValues(members []Member, field func(Member) string) []string {
	var out []string
	for _, m := range members {
		if v := field(m); !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// membersCell lists the roles with one commitment, each with the kind of
// organisation that employs them.
func membersCell(vs Vocabs, members []Member, commitment string) CompareCell {
	c := CompareCell{List: true}
	for _, m := range members {
		if m.Commitment == commitment {
			c.Values = append(c.Values, m.Role+" ("+vs.Label("organisation", m.Organisation)+")")
		}
	}
	if len(c.Values) == 0 {
		return CompareCell{}
	}
	return c
}

// blueprintKey is a blueprint page's slug: blueprints/saltmere/ gives
// saltmere.
func blueprintKey(p *Page) string { return path.Base(strings.TrimSuffix(p.URL, "/")) }

// listCompareAreas gathers the areas that can be compared: this site's
// blueprints in list order, then the imported ones in site.toml's order.
func (b *build) listCompareAreas(imported []*CompareArea) []*CompareArea {
	var pages []*Page
	for _, p := range b.pages {
		if p.Type == TypeBlueprint {
			pages = append(pages, p)
		}
	}
	sortPages(pages)
	var out []*CompareArea
	for _, p := range pages {
		a := &CompareArea{Key: blueprintKey(p), Name: b.areas.Label(p.Meta.Area), Title: p.Meta.Title,
			Href: b.basePath + p.URL, Blueprint: p.Front.(*Blueprint), Vocabs: b.vocabs}
		if area := b.cfg.Area(p.Meta.Area); area != nil {
			a.Setting = area.Setting
		}
		out = append(out, a)
	}
	return append(out, imported...)
}

// compareLinks returns, for a blueprint page, links to compare its area
// side by side with each other area of this site. Imported areas are left
// out, so that a page does not grow with what other sites publish: the
// page's link to every area, and the form on /compare/, reach them.
func (b *build) compareLinks(p *Page) []LinkView {
	key := blueprintKey(p)
	var links []LinkView
	for _, a := range b.compareAreas {
		if a.Key != key && !a.Imported {
			links = append(links, LinkView{Title: a.Name, URL: b.basePath + "compare/?areas=" + url.QueryEscape(key) + "," + url.QueryEscape(a.Key)})
		}
	}
	return links
}
