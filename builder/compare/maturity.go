package compare

import (
	"fmt"

	"intkb/builder/model"
)

// This file draws the comparison's maturity chart as small multiples:
// one small radar per area, in the order the areas are listed, never by
// score, and never overlaid.

// An AreaRadar is one area's part of the maturity chart: its own small
// radar, and the table that says the same. Every area's radar is the
// chart's one RadarGrid (the same size, the same spokes in the same order
// and the same rings, 0 to 5: the markup draws it once and uses it in
// each) with the area's Shape on it.
type AreaRadar struct {
	Key, Name string
	Frame     SVGFrame    // the <svg> of the area's radar
	Shape     *RadarShape // nil for an area without a self-assessment
	Table     ChartTable  // each dimension's score, then when it was assessed; empty without Shape
}

// maturityChart draws each shown area's maturity self-assessment as its
// own small radar, in the order of cols. An area without one keeps its
// place, saying so, so that the multiples line up with the matrix.
func maturityChart(id string, cols []*Area) Chart {
	grid := smallRadar.grid()
	grid.SVGFrame = smallRadar.frame(id+"-grid", "", "")
	c := Chart{ID: id, Title: "Maturity self-assessments, one chart for each area", RadarGrid: grid}
	for i, a := range cols {
		ar := AreaRadar{Key: a.Key, Name: a.Name}
		if m := a.Blueprint.Maturity; m != nil {
			scores := model.MaturityScores(m)
			ar.Frame = smallRadar.frame(fmt.Sprintf("%s-%d", id, i+1), "Maturity self-assessment of "+a.Name,
				radarDesc(scores, "The team scored itself, for learning; the table below the chart gives the same."))
			shape := smallRadar.shape(a.Key, scores)
			ar.Shape = &shape
			ar.Table = scoreTable(a.Name, scores, m.Assessed)
		}
		c.Radars = append(c.Radars, ar)
	}
	return c
}

// scoreTable says what one area's radar shows.
func scoreTable(name string, scores []model.MaturityScore, assessed model.Date) ChartTable {
	t := ChartTable{Caption: "Maturity scores of " + name + ", 0 to 5", Corner: "Dimension", Head: []ChartCell{{Text: "Score"}}}
	for _, s := range scores {
		text := "Not scored"
		if s.Scored {
			text = fmt.Sprintf("%d of 5", s.Score)
		}
		t.Rows = append(t.Rows, ChartRow{Label: s.Label, Cells: []ChartCell{{Text: text}}})
	}
	t.Rows = append(t.Rows, ChartRow{Label: "Assessed", Cells: []ChartCell{{Text: assessed.Human()}}})
	return t
}
