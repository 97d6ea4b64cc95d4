package compare

import (
	"strings"
	"testing"

	"intkb/builder/model"
)

func score(n int) *int { return &n }

func TestBlueprintRadar(t *testing.T) {
	if BlueprintRadar("alder", "Alder model", nil) != nil || BlueprintRadar("alder", "Alder model", &model.Blueprint{}) != nil {
		t.Error("a blueprint without a self-assessment has a radar")
	}
	bp := &model.Blueprint{Maturity: &model.Maturity{Scores: model.Scores{SharedPurpose: score(3), Leadership: score(0), Workforce: score(5)}}}
	r := BlueprintRadar("alder", "Alder model", bp)
	if r.ID != "radar-alder" || r.Title != "Maturity self-assessment of Alder model" || r.Radar != nil || r.Stack != nil {
		t.Errorf("radar %q, %q: a blueprint's radar has no script's centre and does not stack", r.ID, r.Title)
	}
	dims := len(model.MaturityDimensions())
	if len(r.Rings) != 5 || len(r.Spokes) != dims || r.Shape.Key != "alder" {
		t.Fatalf("%d rings, %d spokes, shape %q; want 5, %d and alder", len(r.Rings), len(r.Spokes), r.Shape.Key, dims)
	}
	// Three scored dimensions, two of them neighbours: the shape breaks
	// where a dimension is not scored, and a broken shape is not filled.
	if s := r.Shape; len(s.Markers) != 3 || s.Fill != "none" || strings.Count(s.D, " L") != 1 || strings.HasSuffix(s.D, "Z") {
		t.Errorf("shape: %d markers, fill %q, path %q", len(s.Markers), s.Fill, s.D)
	}
	for _, want := range []string{"shared purpose 3", "leadership 0", "information sharing not scored"} {
		if !strings.Contains(r.Desc, want) {
			t.Errorf("the description does not say %q: %s", want, r.Desc)
		}
	}
}

func TestScoringRadar(t *testing.T) {
	r := ScoringRadar("radar-self", "self", "Your maturity scores", "A radar.")
	if r.Radar == nil || r.Radar.CX != "300" || r.Radar.CY != "200" || r.Radar.R != "130" {
		t.Errorf("the script is not told where the radar is: %+v", r.Radar)
	}
	if r.Shape.Key != "self" || r.Shape.D != "M0 0" || len(r.Shape.Markers) != 0 {
		t.Errorf("the scoring radar's shape is not empty: %+v", r.Shape)
	}
}

// TestCharts checks which charts a comparison draws, and that their
// tables say what they show.
func TestCharts(t *testing.T) {
	all := threeAreas()
	all[1].Blueprint.Maturity = &model.Maturity{Scores: model.Scores{SharedPurpose: score(4)}}
	c := New(all, Query{})
	var ids []string
	for _, ch := range c.Charts {
		ids = append(ids, ch.ID)
	}
	if strings.Join(ids, " ") != "chart-integration chart-maturity chart-members" {
		t.Fatalf("charts %v", ids)
	}
	in := c.Charts[0].Integration
	if len(in.Rows) != 3 || in.Rows[0].DotX != in.Rows[1].DotX || in.Rows[2].DotX == in.Rows[0].DotX || in.Stack.Axis != "y" {
		t.Errorf("integration rows: %+v", in.Rows)
	}
	mat := c.Charts[1].Radars
	if len(mat) != 3 || mat[0].Shape != nil || mat[0].Table.Rows != nil || mat[1].Shape == nil {
		t.Fatalf("maturity: %+v; want three areas, the first without a radar or table", mat)
	}
	if got := mat[1].Table.Rows; got[0].Label != "Shared purpose" || got[0].Cells[0].Text != "4 of 5" || got[1].Cells[0].Text != "Not scored" {
		t.Errorf("maturity table's first rows: %+v", got[:2])
	}
	mem := c.Charts[2]
	if len(mem.Members.Cols) != 3 || len(mem.Members.Rows) != 2 || mem.Table.Rows[0].Cells[0].Text != "1 core" || mem.Table.Rows[1].Cells[0].Text != "1 on call" {
		t.Errorf("members table: %+v", mem.Table.Rows)
	}
}

// TestMaturityIsSmallMultiples checks that a comparison of N areas with
// self-assessments draws N radars, one per area in the order of the
// columns whatever their scores, each with its one shape and its own
// table, all on the same scale: one grid of rings and spokes, the size
// of every radar's frame.
func TestMaturityIsSmallMultiples(t *testing.T) {
	all := threeAreas()
	for i, s := range []int{1, 5, 3} { // so that an order by score would differ
		all[i].Blueprint.Maturity = &model.Maturity{Scores: model.Scores{SharedPurpose: score(s), Leadership: score(s), Workforce: score(2)}}
	}
	c := New(all, Query{})
	var mat *Chart
	for i := range c.Charts {
		if c.Charts[i].ID == "chart-maturity" {
			mat = &c.Charts[i]
		}
	}
	if mat == nil || len(mat.Radars) != len(all) || len(mat.Table.Rows) != 0 || mat.Integration != nil || mat.Members != nil {
		t.Fatalf("maturity chart %+v: want %d radars and nothing else", mat, len(all))
	}
	grid := mat.RadarGrid
	if grid == nil || len(grid.Rings) != 5 || grid.Rings[4].Score != 5 || len(grid.Spokes) != len(model.MaturityDimensions()) || grid.Shape.Key != "" {
		t.Fatalf("the radars' grid %+v: want rings up to 5, a spoke per dimension and no shape", grid)
	}
	ids := map[string]bool{}
	for i, r := range mat.Radars {
		if r.Key != all[i].Key || r.Name != all[i].Name || r.Shape == nil {
			t.Fatalf("radar %d is %q, want %q with a shape: in the columns' order", i+1, r.Key, all[i].Key)
		}
		f := r.Frame
		if r.Shape.Key != r.Key || ids[f.ID] || !strings.Contains(f.Title, r.Name) || !strings.Contains(f.Desc, "shared purpose") {
			t.Errorf("radar %d: shape %q, id %q, title %q: want its own area's one shape, a unique id, its name and scores", i+1, r.Shape.Key, f.ID, f.Title)
		}
		ids[f.ID] = true
		if f.W != grid.W || f.H != grid.H || f.W == f0(fullRadar.w) {
			t.Errorf("radar %d (%s) is %s x %s, the grid %s x %s: want all small and the same", i+1, r.Key, f.W, f.H, grid.W, grid.H)
		}
		if want := r.Table.Caption; !strings.Contains(want, r.Name) || len(r.Table.Rows) != len(model.MaturityDimensions())+1 {
			t.Errorf("radar %d: table %q with %d rows: want the area's own, a row per dimension and when", i+1, want, len(r.Table.Rows))
		}
	}
	if mat.Radars[0].Shape.D == mat.Radars[1].Shape.D {
		t.Error("two areas with different scores have the same shape")
	}
	// A choice draws only the chosen areas' radars, in list order.
	c = New(all, Query{Areas: []string{all[2].Key, all[0].Key}})
	if r := c.Charts[1].Radars; len(r) != 2 || r[0].Key != all[0].Key || r[1].Key != all[2].Key {
		t.Errorf("radars for a choice of two: %+v", r)
	}
}

func TestWrapWords(t *testing.T) {
	for _, tt := range []struct {
		s            string
		width, lines int
		want         string
	}{
		{"Convening to coordinate", 14, 2, "Convening to|coordinate"},
		{"one two three four five", 7, 2, "one two|three…"},
		{"Supercalifragilistic", 6, 1, "Superc…"},
		{"", 10, 1, ""},
	} {
		if got := strings.Join(wrapWords(tt.s, tt.width, tt.lines), "|"); got != tt.want {
			t.Errorf("wrapWords(%q, %d, %d) = %q, want %q", tt.s, tt.width, tt.lines, got, tt.want)
		}
	}
}
