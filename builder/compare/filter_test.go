package compare

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// sixAreas are threeAreas and three more, in two regions, one imported.
func sixAreas() []*Area {
	all := append(threeAreas(),
		area("dogwood", "unity_of_effort", "pooled", "frailty"),
		area("elm", "convening_to_advise", "aligned", "care_homes"),
		area("fir", "unity_of_effort", "pooled", "frailty"))
	for i, a := range all {
		a.Grouping.Region = []string{"North West", "South East"}[i%2]
		a.Grouping.ICB = fmt.Sprintf("ICB %d", i%3)
		a.Setting = "Rural"
	}
	all[5].Imported, all[5].Source, all[5].Key = true, "trees", "trees/fir"
	return all
}

func option(t *testing.T, facets []Facet, key, value string) Option {
	t.Helper()
	for _, f := range facets {
		if f.Key != key {
			continue
		}
		for _, o := range f.Options {
			if o.Value == value {
				return o
			}
		}
	}
	return Option{}
}

func TestParseFilter(t *testing.T) {
	q, _ := url.ParseQuery("region=north-west,south-east&region=north-west&level=unity_of_effort&name=+Al+&mdt=weekly&areas=alder&cohort=" + strings.Repeat("x", MaxAreaName+1))
	f := ParseFilter(q)
	if got := fmt.Sprint(f.Values); got != "map[level:[unity_of_effort] region:[north-west south-east]]" {
		t.Errorf("values %s: want each facet's values once, no facet that is only counted, no value too long", got)
	}
	if f.Name != "Al" {
		t.Errorf("name %q", f.Name)
	}
	if got := f.Params().Encode(); got != "level=unity_of_effort&name=Al&region=north-west%2Csouth-east" {
		t.Errorf("params %s", got)
	}
	if !ParseFilter(url.Values{"region": {""}, "name": {"  "}}).Empty() {
		t.Error("empty values choose something")
	}
}

func TestSelect(t *testing.T) {
	ix := NewIndex(sixAreas())
	if o := option(t, ix.Facets, "region", "north-west"); o.Label != "North West" || o.Count != 3 {
		t.Errorf("region north-west: %+v", o)
	}
	if o := option(t, ix.Facets, "site", ThisSite); o.Count != 5 {
		t.Errorf("this site: %+v", o)
	}
	var levels []string
	for _, f := range ix.Facets {
		if f.Key == "level" {
			for _, o := range f.Options {
				levels = append(levels, o.Value)
			}
		}
	}
	if strings.Join(levels, ",") != "convening_to_advise,convening_to_coordinate,unity_of_effort" {
		t.Errorf("levels in %v, not the list's order", levels)
	}
	// North West is alder, cedar, elm; of those, unity of effort or
	// convening to advise: cedar and elm.
	s := ix.Select(Filter{Values: map[string][]string{"region": {"north-west"}, "level": {"unity_of_effort", "convening_to_advise"}}})
	if got := keys(s.Areas); !slices.Equal(got, []string{"cedar", "elm"}) {
		t.Errorf("chose %v; want cedar and elm", got)
	}
	if o := option(t, s.Summary, "budget", "aligned"); o.Count != 2 || o.Share != 100 {
		t.Errorf("summary, aligned budget: %+v", o)
	}
	if o := option(t, s.Summary, "budget", "pooled"); o.Value != "" {
		t.Errorf("summary keeps a budget none chosen has: %+v", o)
	}
	if o := option(t, s.Form, "region", "north-west"); !o.Chosen || o.Count != 3 {
		t.Errorf("form, north-west: %+v; want chosen, counted over every area", o)
	}
	if o := option(t, s.Form, "mdt", ""); o.Label != "" || slices.ContainsFunc(s.Form, func(f Facet) bool { return f.Key == "mdt" }) {
		t.Error("the form offers a facet that is only counted")
	}
	if got := keys(ix.Select(Filter{Name: "FIR TREES"}).Areas); !slices.Equal(got, []string{"trees/fir"}) {
		t.Errorf("name fir trees: %v", got)
	}
	if got := ix.Select(Filter{Values: map[string][]string{"region": {"atlantis"}}}).Areas; len(got) != 0 {
		t.Errorf("an unknown region chose %v", keys(got))
	}
}

func TestNewChosen(t *testing.T) {
	ix := NewIndex(sixAreas())
	if c := NewChosen(ix, Query{}, 6); c.Scale != nil || len(c.Columns) != 6 || len(c.Choices) != 6 {
		t.Errorf("no more areas than columns: scale %v, %d columns; want every area, as New", c.Scale != nil, len(c.Columns))
	}
	c := NewChosen(ix, Query{}, 3)
	if c.Scale == nil || len(c.Columns) != 0 || len(c.Choices) != 0 || len(c.Scale.Listed) != 6 {
		t.Errorf("more areas than columns, nothing chosen: %d columns, %d choices; want none, the six listed", len(c.Columns), len(c.Choices))
	}
	c = NewChosen(ix, Query{Filter: Filter{Values: map[string][]string{"region": {"north-west"}}}}, 3)
	if got := keys(c.Columns); !slices.Equal(got, []string{"alder", "cedar", "elm"}) || !c.Picked(c.Columns[0]) {
		t.Errorf("a filter choosing three of at most three: %v side by side", got)
	}
	c = NewChosen(ix, Query{Filter: Filter{Values: map[string][]string{"site": {ThisSite}}}}, 3)
	if len(c.Columns) != 0 || len(c.Scale.Areas) != 5 {
		t.Errorf("a filter choosing five of at most three: %d side by side, %d chosen", len(c.Columns), len(c.Scale.Areas))
	}
	c = NewChosen(ix, Query{Areas: []string{"fir", "trees/fir", "elm", "alder", "birch"}, Filter: Filter{Values: map[string][]string{"region": {"north-west"}}}}, 3)
	if got := keys(c.Columns); !slices.Equal(got, []string{"elm", "trees/fir"}) {
		t.Errorf("areas asked, over the cap: %v; want the first three asked that exist, in list order", got)
	}
	if n := strings.Join(c.Notices, " "); !strings.Contains(n, "At most 3 areas are set side by side") || !strings.Contains(n, "“fir”") {
		t.Errorf("notices %q", n)
	}
	if c = NewChosen(ix, Query{Filter: Filter{Name: "nowhere"}}, 3); len(c.Notices) != 1 || !strings.HasPrefix(c.Notices[0], "No area matches") {
		t.Errorf("a filter choosing none: %q", c.Notices)
	}
}

// TestRecordIsTheColumn checks that an area's record holds the cells of
// its column, as New makes them, and nothing for a row it leaves empty.
func TestRecordIsTheColumn(t *testing.T) {
	all := sixAreas()
	c := New(all, Query{})
	for _, g := range c.Groups {
		for _, r := range g.Rows {
			for i, cell := range r.Cells {
				got, ok := Record(all[i]).Cells[r.Key]
				if ok == cell.Empty() || got.Match != cell.Match || strings.Join(got.Values, "|") != strings.Join(cell.Values, "|") || got.Note != cell.Note {
					t.Errorf("%s %s: record %+v, column %+v", all[i].Key, r.Key, got, cell)
				}
			}
		}
	}
	d := NewIndex(all).Data(3)
	if len(d.Areas) != 6 || d.Areas[5].Source != "trees" || d.MaxColumns != 3 || len(d.Groups) != len(compareLayout) {
		t.Errorf("index data: %+v", d.Areas)
	}
}

// TestFacetsAreBounded checks that neither the summary nor the form
// grows with the areas when each has a value of its own: the most common
// values are kept, and any chosen.
func TestFacetsAreBounded(t *testing.T) {
	var all []*Area
	for i := range 300 {
		a := area(fmt.Sprintf("a%d", i), "unity_of_effort", "pooled", "frailty")
		a.Setting = fmt.Sprintf("Setting %03d", i)
		if i%10 == 0 {
			a.Setting = "Shared setting"
		}
		all = append(all, a)
	}
	ix := NewIndex(all)
	s := ix.Select(Filter{Values: map[string][]string{"setting": {"setting-299"}, "level": {"unity_of_effort"}}})
	if len(s.Areas) != 1 {
		t.Fatalf("chose %v", keys(s.Areas))
	}
	s = ix.Select(Filter{Values: map[string][]string{"level": {"unity_of_effort"}}})
	for _, f := range s.Summary {
		if f.Key == "setting" && (len(f.Options) != MaxSummaryValues || f.More != 271-MaxSummaryValues || f.Options[0].Label != "Setting 001" || option(t, s.Summary, "setting", "shared-setting").Count != 30) {
			t.Errorf("summary of settings: %d values, %d more, first %q", len(f.Options), f.More, f.Options[0].Label)
		}
	}
	s = ix.Select(Filter{Values: map[string][]string{"setting": {"setting-299"}}})
	for _, f := range s.Form {
		if f.Key == "setting" && (len(f.Options) != MaxFormValues+1 || f.More != 271-MaxFormValues-1 || !option(t, s.Form, "setting", "setting-299").Chosen) {
			t.Errorf("form of settings: %d values, %d more; want the %d most common and the one chosen", len(f.Options), f.More, MaxFormValues)
		}
	}
}
