package builder

import (
	"slices"

	"intkb/builder/model"
)

// This file makes the pages of a section a path, read in order: the
// section's list groups its pages by the values of a facet, in the order
// of the facet's vocabulary, and each page links to the one before it and
// the one after it on the path. Playbooks go phase by phase: explore,
// design, launch, sustain, as the phase vocabulary orders them.

// pathFacets names, by section type, the facet (its Field) whose
// vocabulary orders the section's pages into a path.
var pathFacets = map[string]string{model.TypePlaybook: "phase"}

// pathFacet returns the facet that orders the pages of a section of type
// typ into a path, or nil for a section that is not one.
func pathFacet(typ string) *Facet {
	field, ok := pathFacets[typ]
	if !ok {
		return nil
	}
	for i := range Facets {
		if Facets[i].Field == field {
			return &Facets[i]
		}
	}
	return nil
}

// A Group is the pages of a list that share a value of the facet the list
// is grouped by, such as the playbooks of one phase.
type Group struct {
	Number int // its place among the list's groups, from 1
	Value  string
	Label  string
	Desc   string // the value's description in its vocabulary
	URL    string // the value's taxonomy term page, relative to the site root
	Pages  []*Page
}

// A PathStep is a page's neighbour on its section's path, with the group
// it is in: the playbook before or after, and its phase.
type PathStep struct {
	Page  *Page
	Group *Group
}

// neighbours are the steps before and after a page on its path; either
// is nil at an end.
type neighbours struct{ prev, next *PathStep }

// groupPages groups pages, in the order their list has, by f's values, in
// the order of f's vocabulary among vs, keeping the pages' order within
// each group. A page goes in the group of its first value; a value the
// vocabulary does not hold gets a group after the vocabulary's, and a
// page without a value one after those. Values no page has get no group.
func groupPages(f *Facet, vs model.Vocabs, pages []*Page) []*Group {
	var groups []*Group
	byValue := map[string]*Group{}
	add := func(value, label, desc string) *Group {
		g := &Group{Value: value, Label: label, Desc: desc}
		if f.Key != "" && value != "" {
			g.URL = f.termURL(value)
		}
		groups = append(groups, g)
		byValue[value] = g
		return g
	}
	for _, t := range f.Vocab(vs).Terms {
		add(t.Value, t.Label, t.Desc)
	}
	for _, p := range pages {
		value := ""
		if terms := f.Terms(p); len(terms) > 0 {
			value = terms[0]
		}
		g := byValue[value]
		if g == nil {
			label := f.Label(vs, value)
			if value == "" {
				label = "Other"
			}
			g = add(value, label, "")
		}
		g.Pages = append(g.Pages, p)
	}
	if g := byValue[""]; g != nil {
		// Pages without a value last.
		groups = append(slices.DeleteFunc(groups, func(x *Group) bool { return x == g }), g)
	}
	groups = slices.DeleteFunc(groups, func(g *Group) bool { return len(g.Pages) == 0 })
	for i, g := range groups {
		g.Number = i + 1
	}
	return groups
}

// pathNeighbours returns, by content path, the neighbours of each page of
// groups, read in order across them.
func pathNeighbours(groups []*Group) map[string]neighbours {
	var steps []*PathStep
	for _, g := range groups {
		for _, p := range g.Pages {
			steps = append(steps, &PathStep{Page: p, Group: g})
		}
	}
	out := make(map[string]neighbours, len(steps))
	for i, s := range steps {
		var n neighbours
		if i > 0 {
			n.prev = steps[i-1]
		}
		if i < len(steps)-1 {
			n.next = steps[i+1]
		}
		out[s.Page.Path] = n
	}
	return out
}

// pageGroups splits a grouped list into the pages it is published on,
// about n pages to each, without splitting a group: each takes whole
// groups while they fit, and a group of more than n has one to itself. A
// path is read in order, and each of its groups is read whole.
func pageGroups(groups []*Group, n int) [][]*Group {
	var out [][]*Group
	count := 0
	for _, g := range groups {
		if len(out) == 0 || count > 0 && count+len(g.Pages) > n {
			out = append(out, nil)
			count = 0
		}
		out[len(out)-1] = append(out[len(out)-1], g)
		count += len(g.Pages)
	}
	if len(out) == 0 {
		out = [][]*Group{nil}
	}
	return out
}

// key is what a page shows of a neighbour: its URL, its front matter and
// its group. A page is written again when that of its neighbours changes.
func (s *PathStep) key() string {
	if s == nil {
		return ""
	}
	return listKey(s.Page) + "\x00" + s.Group.Value
}

// movedNeighbours returns the content paths of the pages that show other
// neighbours after than before, or the same ones changed, for a live
// rebuild to write again.
func movedNeighbours(before, after *SiteView) map[string]bool {
	moved := map[string]bool{}
	for path, n := range after.paths {
		old, ok := before.paths[path]
		if !ok || old.prev.key() != n.prev.key() || old.next.key() != n.next.key() {
			moved[path] = true
		}
	}
	return moved
}
