package compare

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"intkb/builder/model"
)

// This file holds the filter-first comparison of many areas: the facets
// areas are chosen by, a reader's filter, and the chosen set's summary.

const (
	// MaxListed is the most chosen areas a filter-first page lists by
	// name, with a box each to set it side by side; a larger set is
	// summed up, and the reader narrows it.
	MaxListed = 100
	// maxFilterValues is the most values one facet of a request keeps.
	maxFilterValues = 50
	// MaxSummaryValues is the most values of one facet a summary counts:
	// the most common; the rest are counted together. A facet whose
	// values have prepared pages (Facet.Pages) counts every value, each a
	// link to its page, as there is a page of each anyway.
	MaxSummaryValues = 20
	// MaxFormValues is the most values of one facet the filter offers to
	// choose from: the most common, and those chosen. The others are
	// chosen by name, from the address or on a prepared page. So neither
	// grows with the areas when each has a value of its own, as a
	// setting in words may.
	MaxFormValues = 200
	// ThisSite is the value of the "site" facet for the site's own areas.
	ThisSite = "this-site"
)

// A facetSpec is one way areas are grouped: how to read an area's values
// for it and whether readers may choose areas by it (the rest are only
// counted in the summary).
type facetSpec struct {
	key, label string
	filter     bool
	vocab      string // the controlled list of its values; "" for free text
	values     func(a *Area) []string
}

func one(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// facetSpecs are the facets, in the order the form and the summary show
// them.
var facetSpecs = []facetSpec{
	{"region", "Region", true, "", func(a *Area) []string { return one(a.Grouping.Region) }},
	{"icb", "Integrated care board", true, "", func(a *Area) []string { return one(a.Grouping.ICB) }},
	{"place", "Place", true, "", func(a *Area) []string { return one(a.Grouping.Place) }},
	{"setting", "Setting", true, "", func(a *Area) []string { return one(a.Setting) }},
	{"cohort", "Cohorts served", true, "cohort", func(a *Area) []string { return a.Blueprint.Cohorts }},
	{"level", "Integration level", true, "integration_level", func(a *Area) []string { return one(a.Blueprint.Function.IntegrationLevel) }},
	{"origin", "Origin", true, "origin", func(a *Area) []string { return one(a.Blueprint.Form.Origin) }},
	{"site", "Published by", true, "", func(a *Area) []string {
		if !a.Imported {
			return []string{ThisSite}
		}
		return []string{a.Source}
	}},
	{"mdt", "MDT meets", false, "mdt_cadence", func(a *Area) []string { return one(a.Blueprint.Form.MDTCadence) }},
	{"budget", "Budget", false, "budget", func(a *Area) []string { return one(a.Blueprint.Finance.Budget) }},
}

// A Facet is one way of choosing or counting areas, with its values.
type Facet struct {
	Key, Label string
	Filter     bool // reports whether readers may choose areas by it
	// Pages is, for a facet whose values have a prepared page each, the
	// path of those pages in the site: VALUE/ after it; empty without.
	Pages   string
	Options []Option
	// More is how many values are left out of Options, the least common
	// (see MaxSummaryValues and MaxFormValues).
	More int
}

// An Option is one value of a facet: its code in requests (a controlled
// list's code, or the slug of free text), its words, and how many areas
// have it.
type Option struct {
	Value, Label string
	Count        int
	Chosen       bool
	// Share is, in a summary, Count as a percentage of the facet's
	// largest count, for its bar.
	Share int
}

// An Index is the areas with each one's facet values worked out once, so
// that choosing from many areas costs one pass over them. Its maker may
// set the Pages of its Facets before it is used.
type Index struct {
	Areas  []*Area
	Facets []Facet   // every value of every facet, counted over all areas
	values [][][]int // per area, per facet: indexes into Facets[i].Options
	names  []string  // per area: its name and title in lower case
	byKey  map[string]int
}

// NewIndex indexes all, which are in list order. Values of a controlled
// list come in the list's order (of the area's own vocabularies, the
// first area's that has it), free text in alphabetical order.
func NewIndex(all []*Area) *Index {
	ix := &Index{Areas: all, values: make([][][]int, len(all)), names: make([]string, len(all)), byKey: map[string]int{}}
	for fi, spec := range facetSpecs {
		seen := map[string]int{}
		var opts []Option
		for _, a := range all {
			for _, v := range spec.values(a) {
				value, label := facetValue(spec, a, v)
				if _, ok := seen[value]; !ok && value != "" {
					seen[value] = len(opts)
					opts = append(opts, Option{Value: value, Label: label})
				}
			}
		}
		sortOptions(spec, all, opts)
		for i, o := range opts {
			seen[o.Value] = i
		}
		for ai, a := range all {
			if fi == 0 {
				ix.values[ai] = make([][]int, len(facetSpecs))
				ix.names[ai] = strings.ToLower(a.Name + " " + a.Title + " " + a.Key)
				ix.byKey[a.Key] = ai
			}
			for _, v := range spec.values(a) {
				value, _ := facetValue(spec, a, v)
				if i, ok := seen[value]; ok && !slices.Contains(ix.values[ai][fi], i) {
					ix.values[ai][fi] = append(ix.values[ai][fi], i)
					opts[i].Count++
				}
			}
		}
		ix.Facets = append(ix.Facets, Facet{Key: spec.key, Label: spec.label, Filter: spec.filter, Options: opts})
	}
	return ix
}

// facetValue returns the code and the words of one of a's values.
func facetValue(spec facetSpec, a *Area, v string) (value, label string) {
	switch {
	case spec.vocab != "":
		return v, a.vocabs().Label(spec.vocab, v)
	case spec.key == "site" && v == ThisSite:
		return v, "This site"
	}
	return model.Slugify(v), v
}

// sortOptions puts a controlled list's values in its order and free text
// in alphabetical order.
func sortOptions(spec facetSpec, all []*Area, opts []Option) {
	if spec.vocab == "" {
		slices.SortStableFunc(opts, func(a, b Option) int {
			if (a.Value == ThisSite) != (b.Value == ThisSite) {
				return map[bool]int{true: -1, false: 1}[a.Value == ThisSite]
			}
			return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label))
		})
		return
	}
	vs := model.Vocabs(model.Vocabularies)
	if len(all) > 0 {
		vs = all[0].vocabs()
	}
	rank := map[string]int{}
	if v := vs[spec.vocab]; v != nil {
		for i, t := range v.Terms {
			rank[t.Value] = i
		}
	}
	slices.SortStableFunc(opts, func(a, b Option) int {
		ra, oka := rank[a.Value]
		rb, okb := rank[b.Value]
		switch {
		case oka && okb:
			return ra - rb
		case oka != okb:
			return map[bool]int{true: -1, false: 1}[oka]
		}
		return strings.Compare(a.Label, b.Label)
	})
}

// A Filter is how a reader chose areas: for each facet, the values
// asked (an area must have one of them), and words its name must hold.
// /compare/?region=north-west&level=coordinated&name=moor.
type Filter struct {
	Values map[string][]string // facet key to values, in the order asked
	Name   string              // words, each of which the area's name, title or key must hold
}

// Empty reports whether f chooses nothing, so every area is in the set.
func (f Filter) Empty() bool { return len(f.Values) == 0 && strings.TrimSpace(f.Name) == "" }

// ParseFilter reads a filter from URL parameters: one parameter per facet
// of Facets that readers may filter by, each repeatable or
// comma-separated, and name. Values longer than MaxAreaName bytes are
// left out, as are those past the first 50 of a facet; nothing fails.
func ParseFilter(q url.Values) Filter {
	f := Filter{Values: map[string][]string{}}
	for _, spec := range facetSpecs {
		if !spec.filter {
			continue
		}
		for _, raw := range q[spec.key] {
			for v := range strings.SplitSeq(raw, ",") {
				v = strings.TrimSpace(v)
				if v == "" || len(v) > MaxAreaName || len(f.Values[spec.key]) == maxFilterValues || slices.Contains(f.Values[spec.key], v) {
					continue
				}
				f.Values[spec.key] = append(f.Values[spec.key], v)
			}
		}
	}
	if len(f.Values) == 0 {
		f.Values = nil
	}
	if name := strings.TrimSpace(q.Get("name")); len(name) <= MaxAreaName {
		f.Name = name
	}
	return f
}

// Params returns f as URL parameters, as ParseFilter reads them.
func (f Filter) Params() url.Values {
	q := url.Values{}
	for _, spec := range facetSpecs {
		if vs := f.Values[spec.key]; len(vs) > 0 {
			q.Set(spec.key, strings.Join(vs, ","))
		}
	}
	if f.Name != "" {
		q.Set("name", f.Name)
	}
	return q
}

// A Selection is the areas a filter chose, summed up.
type Selection struct {
	Filter Filter
	Total  int     // how many areas there are in all
	Areas  []*Area // the chosen ones, in list order
	// Listed are the first MaxListed of Areas, for the page to name.
	Listed []*Area
	// Form is the filter facets with every value and its count over
	// all areas, those asked marked Chosen; Summary is every facet
	// counted over the chosen areas, values none of them has left out.
	Form, Summary []Facet
}

// Listing returns the words that say how many areas the page lists.
func (s *Selection) Listing() string {
	if len(s.Listed) < len(s.Areas) {
		return fmt.Sprintf("The first %d of the %d areas chosen, in list order: narrow the choice to see the others.", len(s.Listed), len(s.Areas))
	}
	return fmt.Sprintf("The %d areas chosen.", len(s.Areas))
}

// Select returns the areas f chooses: those with, for each facet f
// names, one of the values asked, and whose name, title or key holds
// each of f's words, in any case.
func (ix *Index) Select(f Filter) *Selection {
	s := &Selection{Filter: f, Total: len(ix.Areas)}
	asked := make([]map[int]bool, len(facetSpecs))
	for fi, spec := range facetSpecs {
		if vs := f.Values[spec.key]; len(vs) > 0 {
			asked[fi] = map[int]bool{}
			for oi, o := range ix.Facets[fi].Options {
				if slices.Contains(vs, o.Value) {
					asked[fi][oi] = true
				}
			}
		}
	}
	words := strings.Fields(strings.ToLower(f.Name))
	counts := make([][]int, len(facetSpecs))
	for fi := range counts {
		counts[fi] = make([]int, len(ix.Facets[fi].Options))
	}
	for ai, a := range ix.Areas {
		if !ix.matches(ai, asked, words) {
			continue
		}
		s.Areas = append(s.Areas, a)
		for fi, vals := range ix.values[ai] {
			for _, oi := range vals {
				counts[fi][oi]++
			}
		}
	}
	s.Listed = s.Areas[:min(len(s.Areas), MaxListed)]
	for fi, facet := range ix.Facets {
		sum := Facet{Key: facet.Key, Label: facet.Label, Filter: facet.Filter, Pages: facet.Pages}
		form := sum
		for oi, o := range facet.Options {
			o.Chosen = asked[fi][oi]
			form.Options = append(form.Options, o)
			if counts[fi][oi] > 0 {
				o.Count = counts[fi][oi]
				sum.Options = append(sum.Options, o)
			}
		}
		if facet.Pages == "" { // a value with a page is a link to it
			sum.Options, sum.More = mostCommon(sum.Options, MaxSummaryValues)
		}
		form.Options, form.More = mostCommon(form.Options, MaxFormValues)
		top := 0
		for _, o := range sum.Options {
			top = max(top, o.Count)
		}
		for i := range sum.Options {
			sum.Options[i].Share = sum.Options[i].Count * 100 / top
		}
		if facet.Filter {
			s.Form = append(s.Form, form)
		}
		s.Summary = append(s.Summary, sum)
	}
	return s
}

// mostCommon keeps, of more than n options, the n with the largest
// counts and any chosen, in their order, and says how many it left out.
// A tie goes to the option first in order.
func mostCommon(opts []Option, n int) ([]Option, int) {
	if len(opts) <= n {
		return opts, 0
	}
	order := make([]int, len(opts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return opts[b].Count - opts[a].Count })
	keep := make([]bool, len(opts))
	for _, i := range order[:n] {
		keep[i] = true
	}
	var out []Option
	for i, o := range opts {
		if keep[i] || o.Chosen {
			out = append(out, o)
		}
	}
	return out, len(opts) - len(out)
}

// matches reports whether the area at ai has a value asked of every
// facet asked, and every word.
func (ix *Index) matches(ai int, asked []map[int]bool, words []string) bool {
	for fi, want := range asked {
		if want == nil {
			continue
		}
		if !slices.ContainsFunc(ix.values[ai][fi], func(oi int) bool { return want[oi] }) {
			return false
		}
	}
	for _, w := range words {
		if !strings.Contains(ix.names[ai], w) {
			return false
		}
	}
	return true
}
