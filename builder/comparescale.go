package builder

import (
	"encoding/json"
	"fmt"
	"slices"

	"intkb/builder/compare"
	"intkb/builder/publish"
)

// This file publishes what the filter-first comparison needs on a site
// with more areas than it sets side by side (see compare.NewChosen):
// prepared pages for readers without JavaScript, a page for each region
// and each integrated care board, and the files compare-scale.js reads on
// plain hosting, a small index of the areas and one record per area. A
// site with no more areas than that writes none of them.

// compareGroupFacets are the facets with a prepared page per value, at
// compare/FACET/VALUE/.
var compareGroupFacets = []string{"region", "icb"}

// compareGroup is one prepared page: its facet, value, words and
// address (the facet's Pages, then the value).
type compareGroup struct{ facet, value, label, url string }

// compareGroups lists the prepared pages, in the order of the facets and
// their values.
func (s *snapshot) compareGroups() []compareGroup {
	if !s.compareScaled() {
		return nil
	}
	var out []compareGroup
	for _, key := range compareGroupFacets {
		for _, f := range s.compareIndex.Facets {
			if f.Key != key {
				continue
			}
			for _, o := range f.Options {
				out = append(out, compareGroup{facet: f.Key, value: o.Value, label: o.Label, url: f.Pages + o.Value + "/"})
			}
		}
	}
	return out
}

// compareGroupJobs makes the prepared page of each region and ICB: the
// comparison with that filter.
func compareGroupJobs(s *snapshot, sv *SiteView) []job {
	var jobs []job
	for _, g := range s.compareGroups() {
		c := s.compare(compare.Query{Filter: compare.Filter{Values: map[string][]string{g.facet: {g.value}}}})
		v := compareView(c)
		v.Kind = "compare-group"
		v.Title = "Compare the areas of " + g.label
		v.Summary = fmt.Sprintf("The %d areas of %s: what their models have in common, and side by side.", len(c.Scale.Areas), g.label)
		v.Crumbs = []Crumb{{"Home", ""}, {"Compare", "compare/"}}
		jobs = append(jobs, s.newJob(sv, g.url+"index.html", "compare", v, "layouts/compare.html"))
	}
	return jobs
}

// compareGroupURLs are the prepared pages, for the sitemap.
func compareGroupURLs(s *snapshot) []string {
	var urls []string
	for _, g := range s.compareGroups() {
		urls = append(urls, g.url)
	}
	return urls
}

// compareIndexFile and compareRecordDir are where compare-scale.js reads
// the areas: the index, and each area's record at DIR/KEY.json (an
// imported area's key is IMPORT/SLUG, so its record is in a folder of
// the import's).
const (
	compareIndexFile = "compare/areas.json"
	compareRecordDir = "compare/area/"
)

// writeCompareData writes the index and the records, on a site whose
// comparison is filter-first.
func (s *snapshot) writeCompareData(out *publish.Output) error {
	if !s.compareScaled() {
		return nil
	}
	planning := out.Planning() // only the files' names are wanted
	var data []byte
	var err error
	if !planning {
		if data, err = json.Marshal(s.compareIndex.Data(s.compareColumns())); err != nil {
			return fmt.Errorf("builder: writing %s: %w", compareIndexFile, err)
		}
	}
	if err := out.Write(compareIndexFile, data); err != nil {
		return err
	}
	for _, a := range s.compareAreas {
		var data []byte
		if !planning {
			if data, err = json.Marshal(compare.Record(a)); err != nil {
				return fmt.Errorf("builder: writing the record of %s: %w", a.Key, err)
			}
		}
		if err := out.Write(compareRecordDir+a.Key+".json", data); err != nil {
			return err
		}
	}
	return nil
}

// newCompareIndex indexes areas, with the prepared pages of their
// regions and ICBs.
func newCompareIndex(areas []*compare.Area) *compare.Index {
	ix := compare.NewIndex(areas)
	for i, f := range ix.Facets {
		if slices.Contains(compareGroupFacets, f.Key) {
			ix.Facets[i].Pages = "compare/" + f.Key + "/"
		}
	}
	return ix
}
