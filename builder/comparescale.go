package builder

import (
	"encoding/json"
	"fmt"
	"net/url"

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
var compareGroupFacets = []struct{ key, what string }{{"region", "region"}, {"icb", "integrated care board"}}

// compareGroup is one prepared page: its facet, value and words.
type compareGroup struct{ facet, value, label string }

// compareGroups lists the prepared pages, in the order of the facets and
// their values.
func (s *snapshot) compareGroups() []compareGroup {
	if !s.compareScaled() {
		return nil
	}
	var out []compareGroup
	for _, gf := range compareGroupFacets {
		for _, f := range s.compareIndex.Facets {
			if f.Key != gf.key {
				continue
			}
			for _, o := range f.Options {
				out = append(out, compareGroup{facet: f.Key, value: o.Value, label: o.Label})
			}
		}
	}
	return out
}

func (g compareGroup) url() string { return "compare/" + g.facet + "/" + g.value + "/" }

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
		jobs = append(jobs, s.newJob(sv, g.url()+"index.html", "compare", v, "layouts/compare.html"))
	}
	return jobs
}

// compareGroupURLs are the prepared pages, for the sitemap.
func compareGroupURLs(s *snapshot) []string {
	var urls []string
	for _, g := range s.compareGroups() {
		urls = append(urls, g.url())
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
	data, err := json.Marshal(s.compareIndex.Data(s.compareColumns()))
	if err != nil {
		return fmt.Errorf("builder: writing %s: %w", compareIndexFile, err)
	}
	if err := out.Write(compareIndexFile, data); err != nil {
		return err
	}
	for _, a := range s.compareAreas {
		data, err := json.Marshal(compare.Record(a))
		if err != nil {
			return fmt.Errorf("builder: writing the record of %s: %w", a.Key, err)
		}
		if err := out.Write(compareRecordDir+a.Key+".json", data); err != nil {
			return err
		}
	}
	return nil
}

// compareRecordURL is the address of an area's record, for tests and
// links: its key escaped segment by segment.
func compareRecordURL(key string) string { return compareRecordDir + (&url.URL{Path: key}).EscapedPath() + ".json" }
