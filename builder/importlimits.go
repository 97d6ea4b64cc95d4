package builder

import (
	"fmt"
	"net/url"
	"strings"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// This file bounds what [[import]] tables cost. Every imported area is
// read at each build and is one more area to compare (a column of
// /compare/, about 6 to 12 KB of HTML, on a site with no more areas than
// [compare] maxColumns; past that the page is filter-first, see
// comparescale.go), so an import of thousands of areas is a choice the
// site makes in site.toml. Each import gives at most
// its maxAreas areas, and all of them together at most [imports]
// maxAreas, the first in order: the import's file's order, then
// site.toml's. An area already imported is left out the second time.
// Whatever is left out is a warning naming the import, so --strict fails.

// maxImportProblems is how many problems with one import's blueprints
// are reported one by one; the rest are counted.
const maxImportProblems = 10

// areaAdmitter takes imported areas, import by import, within the limits,
// and leaves out those already taken.
type areaAdmitter struct {
	limit  int                      // how many areas all the imports may give
	left   int                      // how many more they may give
	byAddr map[string]*compare.Area // the areas taken, by their address
	byID   map[string]*compare.Area // the areas taken, by slug, area and title
}

func newAreaAdmitter(l model.ImportLimit) *areaAdmitter {
	return &areaAdmitter{limit: l.MaxAreasOrDefault(), left: l.MaxAreasOrDefault(), byAddr: map[string]*compare.Area{}, byID: map[string]*compare.Area{}}
}

// admit returns the areas of imp to compare, in order, and a note for
// each kind of area left out.
func (ad *areaAdmitter) admit(imp model.Import, areas []*compare.Area) (kept []*compare.Area, notes []string) {
	dups := map[string][]string{} // the slugs left out, by the import that has them
	var dupOrder []string
	fresh := 0     // areas not already imported
	overTotal := 0 // areas within the import's limit but past the total
	for _, a := range areas {
		if first := ad.taken(a); first != nil {
			if dups[first.Source] == nil {
				dupOrder = append(dupOrder, first.Source)
			}
			dups[first.Source] = append(dups[first.Source], areaSlug(a))
			continue
		}
		fresh++
		switch {
		case fresh > imp.MaxAreasOrDefault():
		case ad.left == 0:
			overTotal++
		default:
			ad.left--
			ad.take(a)
			kept = append(kept, a)
		}
	}
	for _, src := range dupOrder {
		slugs := dups[src]
		what := fmt.Sprintf("%d areas are", len(slugs))
		if len(slugs) == 1 {
			what = "1 area is"
		}
		notes = append(notes, fmt.Sprintf("%s already imported from %q (the same blueprint), so shown once: %s", what, src, listSome(slugs)))
	}
	if n := fresh - imp.MaxAreasOrDefault(); n > 0 {
		notes = append(notes, fmt.Sprintf("it holds %d areas, more than its maxAreas of %d: the first %d are kept and %d left out (raise maxAreas in this [[import]] to compare more)",
			fresh, imp.MaxAreasOrDefault(), imp.MaxAreasOrDefault(), n))
	}
	if overTotal > 0 {
		notes = append(notes, fmt.Sprintf("the imports give more than [imports] maxAreas, %d areas in all: %d of this import's areas are left out (raise maxAreas in [imports] to compare more)",
			ad.limit, overTotal))
	}
	return kept, notes
}

// taken returns the area already taken that a is the same as, or nil.
// Two blueprints are the same area when they have the same address (the
// url their site published, resolved against the import's URL) or, when
// either has none, the same slug, area and title.
func (ad *areaAdmitter) taken(a *compare.Area) *compare.Area {
	if addr := areaAddress(a); addr != "" {
		if first := ad.byAddr[addr]; first != nil {
			return first
		}
	}
	if first := ad.byID[areaID(a)]; first != nil && (areaAddress(first) == "" || areaAddress(a) == "") {
		return first
	}
	return nil
}

func (ad *areaAdmitter) take(a *compare.Area) {
	if addr := areaAddress(a); addr != "" {
		ad.byAddr[addr] = a
	}
	ad.byID[areaID(a)] = a
}

// areaAddress is a's blueprint's address with the case of its scheme and
// host, which do not matter, folded, or "" when it has none.
func areaAddress(a *compare.Area) string {
	u, err := url.Parse(a.Href)
	if a.Href == "" || err != nil {
		return ""
	}
	u.Scheme, u.Host, u.Fragment = strings.ToLower(u.Scheme), strings.ToLower(u.Host), ""
	return u.String()
}

// areaID is what names an area without an address: its blueprint's slug,
// area and title.
func areaID(a *compare.Area) string {
	return areaSlug(a) + "\x00" + a.Blueprint.Area + "\x00" + a.Title
}

// areaSlug is an imported area's slug, from its key IMPORT/SLUG.
func areaSlug(a *compare.Area) string { return strings.TrimPrefix(a.Key, a.Source+"/") }

// listSome lists up to five items, then how many more there are.
func listSome(items []string) string {
	shown := items[:min(len(items), 5)]
	if n := len(items) - len(shown); n > 0 {
		return strings.Join(shown, ", ") + fmt.Sprintf(" and %d more", n)
	}
	return strings.Join(shown, ", ")
}

// shortenProblems keeps the first maxImportProblems problems with one
// import and counts the rest, so that an import of thousands of broken
// blueprints does not bury the other warnings.
func shortenProblems(problems []string) []string {
	if len(problems) <= maxImportProblems {
		return problems
	}
	out := problems[:maxImportProblems:maxImportProblems]
	return append(out, fmt.Sprintf("%d more blueprints have problems and are left out", len(problems)-maxImportProblems))
}
