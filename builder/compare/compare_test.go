package compare

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

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
