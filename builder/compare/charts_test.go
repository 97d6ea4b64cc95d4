package compare

import (
	"strings"
	"testing"

	"intkb/builder/model"
)

func TestSeriesAreNotToldByColourAlone(t *testing.T) {
	dashes, markers := map[string]bool{}, map[string]bool{}
	for _, s := range seriesStyles {
		if dashes[s.dash] || markers[s.marker] {
			t.Errorf("series style %q repeats a dash pattern or marker", s.name)
		}
		dashes[s.dash], markers[s.marker] = true, true
	}
}

func score(n int) *int { return &n }

func TestBlueprintRadar(t *testing.T) {
	if BlueprintRadar("alder", "Alder model", nil) != nil || BlueprintRadar("alder", "Alder model", &model.Blueprint{}) != nil {
		t.Error("a blueprint without a self-assessment has a radar")
	}
	bp := &model.Blueprint{Maturity: &model.Maturity{SharedPurpose: score(3), Leadership: score(0), Workforce: score(5)}}
	r := BlueprintRadar("alder", "Alder model", bp)
	if r.ID != "radar-alder" || r.Title != "Maturity self-assessment of Alder model" || r.Radar != nil || r.Stack != nil || r.Legend != nil {
		t.Errorf("radar %q, %q: a blueprint's radar has no legend and no script's centre", r.ID, r.Title)
	}
	dims := len(model.MaturityDimensions())
	if len(r.Rings) != 5 || len(r.Spokes) != dims || len(r.Series) != 1 || r.Series[0].Key != "alder" {
		t.Fatalf("%d rings, %d spokes, %d series; want 5, %d and 1", len(r.Rings), len(r.Spokes), len(r.Series), dims)
	}
	// Three scored dimensions, two of them neighbours: the shape breaks
	// where a dimension is not scored, and a broken shape is not filled.
	if s := r.Series[0]; len(s.Markers) != 3 || s.Fill != "none" || strings.Count(s.D, " L") != 1 || strings.HasSuffix(s.D, "Z") {
		t.Errorf("series: %d markers, fill %q, path %q", len(s.Markers), s.Fill, s.D)
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
	if len(r.Series) != 1 || r.Series[0].Key != "self" || r.Series[0].D != "M0 0" || len(r.Series[0].Markers) != 0 {
		t.Errorf("the scoring radar's series is not empty: %+v", r.Series)
	}
}

// TestCharts checks which charts a comparison draws, and that their
// tables say what they show.
func TestCharts(t *testing.T) {
	all := threeAreas()
	all[1].Blueprint.Maturity = &model.Maturity{SharedPurpose: score(4)}
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
	mat := c.Charts[1].Table
	if got := mat.Rows[0].Cells; got[0].Text != "No self-assessment" || got[1].Text != "4 of 5" {
		t.Errorf("maturity table's first row: %+v", got)
	}
	if got := mat.Rows[1].Cells[1].Text; got != "Not scored" {
		t.Errorf("an unscored dimension reads %q", got)
	}
	mem := c.Charts[2]
	if len(mem.Members.Cols) != 3 || len(mem.Members.Rows) != 2 || mem.Table.Rows[0].Cells[0].Text != "1 core" || mem.Table.Rows[1].Cells[0].Text != "1 on call" {
		t.Errorf("members table: %+v", mem.Table.Rows)
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
