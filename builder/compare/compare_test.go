package compare

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"intkb/builder/model"
)

// area returns an area whose blueprint has the values the tests vary:
// its integration level, budget and cohorts.
func area(key, level, budget string, cohorts ...string) *Area {
	bp := &model.Blueprint{}
	bp.Cohorts = cohorts
	bp.Needs.Footprint = "The " + key + " footprint"
	bp.Function.IntegrationLevel = level
	bp.Finance.Budget = budget
	bp.Form.Members = []model.Member{
		{Role: "GP", Organisation: "general_practice", Arrangement: "substantive", Commitment: "core"},
		{Role: "Social worker", Organisation: "social_care", Arrangement: "seconded", Commitment: "on_call"},
	}
	return &Area{Key: key, Name: strings.ToUpper(key[:1]) + key[1:], Blueprint: bp}
}

// threeAreas differ as the matrix test in package builder's do: cedar's
// integration level, birch's budget and alder's cohorts stand out.
func threeAreas() []*Area {
	return []*Area{
		area("alder", "convening_to_coordinate", "aligned", "frailty"),
		area("birch", "convening_to_coordinate", "pooled", "frailty", "care_homes"),
		area("cedar", "unity_of_effort", "aligned", "care_homes", "frailty"),
	}
}

func keys(areas []*Area) []string {
	var out []string
	for _, a := range areas {
		out = append(out, a.Key)
	}
	return out
}

// row returns the row with key, or fails.
func row(t *testing.T, c *Comparison, key string) Row {
	t.Helper()
	for _, g := range c.Groups {
		for _, r := range g.Rows {
			if r.Key == key {
				return r
			}
		}
	}
	t.Fatalf("no row %s", key)
	return Row{}
}

func TestNew(t *testing.T) {
	all := threeAreas()
	every := New(all, Query{})
	if got := keys(every.Columns); !slices.Equal(got, []string{"alder", "birch", "cedar"}) || every.Chosen || len(every.Notices) > 0 {
		t.Errorf("with no choice: columns %v, chosen %v, notices %q", got, every.Chosen, every.Notices)
	}
	if every.Span() != 4 || len(every.Charts) != 2 {
		t.Errorf("span %d, %d charts; want 4 and 2 (no area has a self-assessment)", every.Span(), len(every.Charts))
	}

	two := New(all, Query{Areas: []string{"cedar", "nowhere", "alder"}, OnlyDifferences: true})
	if got := keys(two.Columns); !slices.Equal(got, []string{"alder", "cedar"}) || !two.Chosen {
		t.Errorf("columns %v, want alder and cedar in list order", got)
	}
	if len(two.Notices) != 1 || !strings.Contains(two.Notices[0], "no area “nowhere” to compare") {
		t.Errorf("an unknown area is not explained: %q", two.Notices)
	}
	var rows []string
	for _, g := range two.Groups {
		for _, r := range g.Rows {
			rows = append(rows, r.Key)
		}
	}
	if want := []string{"cohorts", "function.integration_level"}; !slices.Equal(rows, want) {
		t.Errorf("only differences shows %v, want %v", rows, want)
	}
	var checked []string
	for _, ch := range two.Choices {
		if ch.Checked {
			checked = append(checked, ch.Area.Key)
		}
	}
	if len(two.Choices) != 3 || !slices.Equal(checked, []string{"alder", "cedar"}) {
		t.Errorf("the form offers %d areas with %v ticked, want 3 with alder and cedar", len(two.Choices), checked)
	}

	// Asking only for unknown areas shows none, not every area.
	none := New(all, Query{Areas: []string{"x", "y"}})
	if len(none.Columns) != 0 || len(none.Choices) != 3 || len(none.Notices) != 2 || none.Charts != nil {
		t.Errorf("asking only for unknown areas: %d columns, %d choices, %d charts, notices %q",
			len(none.Columns), len(none.Choices), len(none.Charts), none.Notices)
	}
	// So does a request whose every name was refused by ParseQuery.
	if refused := New(all, Query{Notices: []string{"too long"}}); len(refused.Columns) != 0 || len(refused.Notices) != 2 {
		t.Errorf("a request with only a notice: %d columns, notices %q", len(refused.Columns), refused.Notices)
	}
	if one := New(all, Query{Areas: []string{"birch"}}); len(one.Columns) != 1 || !slices.ContainsFunc(one.Notices, func(n string) bool { return strings.Contains(n, "at least one more") }) {
		t.Errorf("one area: notices %q", one.Notices)
	}
	if empty := New(nil, Query{Areas: []string{"x"}}); len(empty.Notices) != 1 {
		t.Errorf("a site without areas: notices %q, want only the unknown area's", empty.Notices)
	}
}

func TestNewNamesFiveUnknownAreas(t *testing.T) {
	c := New(threeAreas(), Query{Areas: []string{"a", "b", "c", "d", "e", "f", "g"}})
	want := "This site has no area “a”, “b”, “c”, “d”, “e” or 2 others to compare, so it was left out."
	if len(c.Notices) == 0 || c.Notices[0] != want {
		t.Errorf("notices %q, want first %q", c.Notices, want)
	}
}

func TestNewListsImports(t *testing.T) {
	all := threeAreas()
	for i, src := range []string{"north", "south", "north"} {
		a := area(fmt.Sprintf("%s/a%d", src, i), "unity_of_effort", "pooled")
		a.Imported, a.Source = true, src
		all = append(all, a)
	}
	if c := New(all, Query{}); !slices.Equal(c.Imports, []string{"north", "south"}) {
		t.Errorf("imports %v, want north and south once each", c.Imports)
	}
}

// TestCellsInWords checks that values are shown in words, lists in the
// vocabulary's order, and that a list's order is no difference.
func TestCellsInWords(t *testing.T) {
	c := New(threeAreas(), Query{})
	level := row(t, c, "function.integration_level")
	if got := level.Cells[2].Values; !slices.Equal(got, []string{model.Vocabularies["integration_level"].Label("unity_of_effort")}) {
		t.Errorf("cedar's integration level reads %q", got)
	}
	cohorts := row(t, c, "cohorts")
	if !slices.Equal(cohorts.Cells[1].Values, cohorts.Cells[2].Values) || cohorts.Cells[1].Match != cohorts.Cells[2].Match {
		t.Errorf("birch and cedar list the same cohorts in another order: %q and %q", cohorts.Cells[1].Values, cohorts.Cells[2].Values)
	}
	if cohorts.Cells[1].Differs || !cohorts.Cells[0].Differs {
		t.Error("cohorts: alder alone should stand out")
	}
	if foot := row(t, c, "needs.footprint"); foot.Compared || foot.Varies {
		t.Error("free text is marked as differing")
	}
	if core := row(t, c, "form.members.core"); !slices.Equal(core.Cells[0].Values, []string{"GP (General practice)"}) {
		t.Errorf("core members read %q", core.Cells[0].Values)
	}
	for _, g := range c.Groups {
		for _, r := range g.Rows {
			if r.Key == "needs.population" {
				t.Error("a row no area fills is shown")
			}
		}
	}
}

func TestJoinWords(t *testing.T) {
	for _, tt := range []struct {
		items []string
		want  string
	}{{nil, ""}, {[]string{"a"}, "a"}, {[]string{"a", "b"}, "a or b"}, {[]string{"a", "b", "c"}, "a, b or c"}} {
		if got := joinWords(tt.items, "or"); got != tt.want {
			t.Errorf("joinWords(%q) = %q, want %q", tt.items, got, tt.want)
		}
	}
}

func TestMarkDifferences(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		marked []bool
		varies bool
	}{
		{"one area", []string{"a"}, []bool{false}, false},
		{"two that agree", []string{"a", "a"}, []bool{false, false}, false},
		{"two that disagree", []string{"a", "b"}, []bool{false, false}, true},
		{"odd one out", []string{"a", "b", "a"}, []bool{false, true, false}, true},
		{"all different", []string{"a", "b", "c"}, []bool{false, false, false}, true},
		{"even split", []string{"a", "b", "b", "a"}, []bool{false, false, false, false}, true},
		{"two against one and one", []string{"a", "a", "b", "c"}, []bool{false, false, true, true}, true},
		{"empty is a value", []string{"", "x", "x"}, []bool{true, false, false}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cells := make([]Cell, len(tt.values))
			for i, v := range tt.values {
				cells[i].Match = v
			}
			varies := markDifferences(cells)
			for i, c := range cells {
				if c.Differs != tt.marked[i] {
					t.Errorf("cell %d (%q): differs = %v, want %v", i, tt.values[i], c.Differs, tt.marked[i])
				}
			}
			if varies != tt.varies {
				t.Errorf("varies = %v, want %v", varies, tt.varies)
			}
		})
	}
}

func TestParseQuery(t *testing.T) {
	many := make([]string, MaxAreas+5)
	for i := range many {
		many[i] = fmt.Sprintf("a%d", i)
	}
	tests := []struct {
		name    string
		query   string
		areas   []string
		diff    bool
		notices int
	}{
		{"none", "", nil, false, 0},
		{"comma list", "areas=alder,birch&diff=1", []string{"alder", "birch"}, true, 0},
		{"checkboxes", "areas=alder&areas=cedar&diff=on", []string{"alder", "cedar"}, true, 0},
		{"both, with repeats and spaces", "areas=alder,+birch&areas=alder&areas=,,", []string{"alder", "birch"}, false, 0},
		{"diff nonsense", "areas=alder&diff=banana", []string{"alder"}, false, 0},
		{"too many", "areas=" + strings.Join(many, ","), many[:MaxAreas], false, 1},
		{"too long", "areas=" + strings.Repeat("x", 300), nil, false, 1},
		{"at the length limit", "areas=" + strings.Repeat("x", MaxAreaName), []string{strings.Repeat("x", MaxAreaName)}, false, 0},
		{"many too long, said once", "areas=" + strings.Repeat("x", MaxAreaName+1) + "," + strings.Repeat("y", MaxAreaName+1) + ",alder", []string{"alder"}, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got := ParseQuery(q)
			if !slices.Equal(got.Areas, tt.areas) || got.OnlyDifferences != tt.diff || len(got.Notices) != tt.notices {
				t.Errorf("got areas %v, diff %v, notices %q; want %v, %v, %d notices", got.Areas, got.OnlyDifferences, got.Notices, tt.areas, tt.diff, tt.notices)
			}
		})
	}
}
