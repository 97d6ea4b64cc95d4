package builder

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// This file joins the blueprint comparison behind /compare/ (package
// compare) to the site: which areas can be compared, and the compare
// page's view. The static build and the server (for
// /compare/?areas=a,b&diff=1) both make it with compare.New from the
// snapshot's areas, so the two always agree.

// Compare returns the comparison a reader asked for, of the site's areas
// (see compare.NewChosen).
func (s *Site) Compare(q compare.Query) *compare.Comparison {
	return s.state().snap.compare(q)
}

// compare returns the comparison for q: every area when there are no
// more than [compare] maxColumns, else filter-first (compare.NewChosen).
func (s *snapshot) compare(q compare.Query) *compare.Comparison {
	ix := s.compareIndex
	if ix == nil { // a build stopped before its areas were listed
		ix = compare.NewIndex(s.compareAreas)
	}
	return compare.NewChosen(ix, q, s.compareColumns())
}

// compareColumns is the most areas the site sets side by side.
func (s *snapshot) compareColumns() int {
	return min(s.cfg.Compare.MaxColumnsOrDefault(), compare.MaxAreas)
}

// compareScaled reports whether /compare/ is filter-first: the site has
// more areas than it sets side by side.
func (s *snapshot) compareScaled() bool { return len(s.compareAreas) > s.compareColumns() }

// setCompareAreas sets the areas to compare and indexes them.
func (s *snapshot) setCompareAreas(areas []*compare.Area) {
	s.compareAreas, s.compareIndex = areas, newCompareIndex(areas)
}

// CompareView returns the compare page for q, ready for Render with the
// "compare" layout, as a server answers /compare/?areas=...
func (s *Site) CompareView(q compare.Query) *View {
	c := s.Compare(q)
	c.Served = true
	return compareView(c)
}

func compareView(c *compare.Comparison) *View {
	v := &View{Kind: "compare", Title: "Compare neighbourhood team models", URL: "compare/",
		Summary: "Every area's model side by side, field by field, with the places where areas differ marked.",
		Crumbs:  []Crumb{{"Home", ""}}, Data: c}
	if c.Scale != nil {
		v.Summary = fmt.Sprintf("Choose from %s areas' models by where they are or what they say, see what those chosen have in common, and set up to %d side by side.",
			model.NumberText(c.Scale.Total), c.MaxColumns)
	}
	return v
}

// blueprintKey is a blueprint page's slug: blueprints/saltmere/ gives
// saltmere.
func blueprintKey(p *Page) string { return path.Base(strings.TrimSuffix(p.URL, "/")) }

// listCompareAreas gathers the areas that can be compared: this site's
// blueprints in list order, then the imported ones in site.toml's order.
func (b *build) listCompareAreas(imported []*compare.Area) []*compare.Area {
	var pages []*Page
	for _, p := range b.pages {
		if p.Type == model.TypeBlueprint {
			pages = append(pages, p)
		}
	}
	sortPages(pages)
	var out []*compare.Area
	for _, p := range pages {
		a := &compare.Area{Key: blueprintKey(p), Name: b.areas.Label(p.Meta.Area), Title: p.Meta.Title,
			Href: b.basePath + p.URL, Blueprint: p.Front.(*model.Blueprint), Vocabs: b.vocabs}
		if area := b.cfg.Area(p.Meta.Area); area != nil {
			a.Setting, a.Grouping = area.Setting, area.Grouping
		}
		a.History = compare.Timeline(b.vocabs, a.Blueprint, b.git[p.File])
		out = append(out, a)
	}
	return append(out, imported...)
}

// blueprintRadar is the radar of a blueprint page's maturity scores, or
// nil (see compare.BlueprintRadar).
func blueprintRadar(p *Page) *compare.RadarPlot {
	bp, _ := p.Front.(*model.Blueprint)
	return compare.BlueprintRadar(blueprintKey(p), p.Meta.Title, bp)
}

// CompareLinks returns, for a blueprint page, links to compare its area
// side by side with each other area of this site; none when /compare/ is
// filter-first, for then a link to each area would make every blueprint
// page grow with the site, and the whole site with its square: the page's
// areas like this one, and /compare/'s filter, reach them. Imported areas
// are left out for the same reason.
func (sv *SiteView) CompareLinks(p *Page) []LinkView {
	if sv.compareScaled {
		return nil
	}
	key := blueprintKey(p)
	var links []LinkView
	for _, a := range sv.compareAreas {
		if a.Key != key && !a.Imported {
			links = append(links, LinkView{Title: a.Name, URL: sv.basePath + "compare/?areas=" + url.QueryEscape(key) + "," + url.QueryEscape(a.Key)})
		}
	}
	return links
}

// History returns a blueprint page's area, whose History and Charts the
// page shows under "How this model has changed", or nil.
func (sv *SiteView) History(p *Page) *compare.Area {
	key := blueprintKey(p)
	for _, a := range sv.compareAreas {
		if a.Key == key && !a.Imported {
			return a
		}
	}
	return nil
}
