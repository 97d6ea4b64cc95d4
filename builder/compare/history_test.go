package compare

import (
	"strings"
	"testing"
	"time"

	"intkb/builder/model"
)

func day(s string) model.Date {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return model.Date{Time: t}
}

// TestTimeline joins [[history]] entries and git versions into one
// history: entries give what was different, a git version the whole
// blueprint, and points that change nothing are left out.
func TestTimeline(t *testing.T) {
	bp := func(level, budget string, roles ...string) *model.Blueprint {
		b := &model.Blueprint{}
		b.Function.IntegrationLevel, b.Finance.Budget = level, budget
		for _, r := range roles {
			b.Form.Members = append(b.Form.Members, model.Member{Role: r})
		}
		return b
	}
	now := bp("unity_of_effort", "pooled", "GP", "Nurse", "Pharmacist")
	now.Updated = day("2026-03-01")
	now.History = []model.HistoryEntry{
		{Date: day("2024-01-10"), Note: "Started", IntegrationLevel: "convening_to_advise", Members: []string{"GP"}},
		// The same as git says on the same day: one point.
		{Date: day("2025-05-01"), Budget: "aligned"},
	}
	git := []Version{
		{Date: day("2025-09-01"), Blueprint: bp("unity_of_effort", "pooled", "GP", "Nurse", "Pharmacist")},
		{Date: day("2025-05-01"), Blueprint: bp("convening_to_coordinate", "aligned", "GP", "Nurse")},
		{Date: day("2025-07-01"), Blueprint: bp("convening_to_coordinate", "aligned", "GP", "Nurse")}, // free text only
	}
	var got []string
	for _, p := range Timeline(nil, now, git) {
		got = append(got, p.Date.String()+" "+p.Source+" "+p.Note)
		for _, c := range p.Changes {
			got = append(got, "  "+c.Text())
		}
	}
	want := []string{
		"2024-01-10 front matter Started",
		"2025-05-01 git ",
		"  Integration level: Convening to advise → Convening to coordinate",
		"  Members: +1 (Nurse)",
		"2025-09-01 git ",
		"  Integration level: Convening to coordinate → Unity of effort",
		"  Budget: Aligned budgets → Pooled budget",
		"  Members: +1 (Pharmacist)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("timeline:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if b := At(Timeline(nil, now, git), day("2025-06-30")); b == nil || b.Function.IntegrationLevel != "convening_to_coordinate" {
		t.Errorf("as at 30 June 2025: %+v", b)
	}
	if At(Timeline(nil, now, git), day("2023-12-31")) != nil {
		t.Error("a model before the history starts")
	}
}

// TestHistoryCharts checks the steps of the integration level over time:
// one marker a point, each level held until the next, on a time axis
// with a tick at the start of each year, and no maturity charts without
// scores.
func TestHistoryCharts(t *testing.T) {
	level := func(l string) *model.Blueprint {
		b := &model.Blueprint{}
		b.Function.IntegrationLevel = l
		return b
	}
	a := &Area{Key: "alder", Name: "Alder", History: []Point{
		{Date: day("2024-01-01"), Blueprint: level("convening_to_advise")},
		{Date: day("2025-01-01"), Blueprint: level("convening_to_coordinate")},
		{Date: day("2026-01-01"), Blueprint: level("convening_to_coordinate")},
	}}
	c := a.Charts()
	if c == nil || c.Level == nil || len(c.Maturity) != 0 {
		t.Fatalf("charts %+v", c)
	}
	p := c.Level
	// 180 to 616 px holds 731 days and a twelfth more, 792 days: 2024's 366
	// days are 201.5 px. The
	// levels' bands are 44 px high from 10, the deepest at the top.
	if want := "M180.0 120.0 H381.5 V76.0 H582.5 V76.0 H616.0"; p.D != want {
		t.Errorf("steps %q, want %q", p.D, want)
	}
	if len(p.Markers) != 3 || len(p.Ticks) != 2 || p.Ticks[0].Label.Lines[0] != "2025" || p.Ticks[0].X != "382" {
		t.Errorf("markers %v, ticks %+v", p.Markers, p.Ticks)
	}
	if len(p.Table.Rows) != 3 || p.Table.Rows[1].Label != "1 January 2025" || p.Table.Rows[1].Cells[0].Text != "Convening to coordinate" {
		t.Errorf("table %+v", p.Table)
	}
	if (&Area{History: a.History[:1]}).Charts() != nil {
		t.Error("charts of a history of one point")
	}
}
