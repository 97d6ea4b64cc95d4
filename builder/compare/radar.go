package compare

import (
	"fmt"
	"math"
	"strings"

	"intkb/builder/model"
)

// This file works out the geometry of the maturity radar: rings for 1 to
// 5, a spoke per dimension and a shape per series (see charts.go).

// radarSeries is one area's maturity scores.
type radarSeries struct {
	Key, Label string
	Scores     []model.MaturityScore
}

const (
	radarW      = 600.0
	radarCX     = 300.0
	radarCY     = 200.0
	radarR      = 130.0
	radarLegend = 392.0 // where the legend starts
	radarStep   = 28.0
	radarEnd    = 8.0
)

// A RadarPlot is a radar chart.
type RadarPlot struct {
	SVGFrame
	Rings  []RadarRing
	Spokes []RadarSpoke
	Series []RadarShape
	Legend []RadarKey // empty without a legend
}

// A RadarRing is the polygon of one score, numbered at TickX, TickY.
type RadarRing struct {
	Score          int
	Points, Stroke string
	TickX, TickY   string
}

// A RadarSpoke is one dimension's line from the centre, and its label.
type RadarSpoke struct {
	X1, Y1, X2, Y2 string
	Label          SVGText
}

// A RadarShape is one series' scores: path D, filled with Fill ("none"
// for an outline) and a marker on each scored dimension.
type RadarShape struct {
	Key, D, Fill, Colour, Dash string
	Markers                    []SVGMarker
}

// A RadarKey is one series' line in the legend, at Y.
type RadarKey struct {
	Key, Y, Label, Colour, Dash string
	Marker                      SVGMarker
}

// radarPoint is where score s falls on dimension i of n.
func radarPoint(i, n int, s float64) (float64, float64) {
	a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
	r := radarR * s / 5
	return radarCX + r*math.Cos(a), radarCY + r*math.Sin(a)
}

// radarPlot lays out maturity scores on a radar. With a legend, each
// series is named below the chart beside a sample of its line and marker.
// A dimension without a score breaks the shape rather than counting as 0.
// centre is set for a radar a script draws on.
func radarPlot(id, title, desc string, series []radarSeries, legend bool, centre *RadarCentre) *RadarPlot {
	dims := model.MaturityDimensions()
	n := len(dims)
	h := radarLegend - 12
	plot := &RadarPlot{SVGFrame: SVGFrame{ID: id, W: f0(radarW), Title: title, Desc: desc, Radar: centre, Chart: "radar"}}
	if legend {
		h = radarLegend + float64(len(series))*radarStep + radarEnd
		plot.Stack = stack("y", radarLegend, radarStep, radarEnd)
	}
	plot.H = f0(h)
	for ring := 1; ring <= 5; ring++ {
		var pts []string
		for i := range n {
			x, y := radarPoint(i, n, float64(ring))
			pts = append(pts, f1(x)+","+f1(y))
		}
		stroke := "#d8dde0"
		if ring == 5 {
			stroke = "#aeb7bd"
		}
		// Ring numbers sit midway along an edge, clear of the markers on
		// the spokes.
		x0, y0 := radarPoint(0, n, float64(ring))
		x1, y1 := radarPoint(1, n, float64(ring))
		plot.Rings = append(plot.Rings, RadarRing{Score: ring, Points: strings.Join(pts, " "), Stroke: stroke,
			TickX: f1((x0+x1)/2 - 4), TickY: f1((y0+y1)/2 - 3)})
	}
	for i, d := range dims {
		x, y := radarPoint(i, n, 5)
		plot.Spokes = append(plot.Spokes, RadarSpoke{X1: f0(radarCX), Y1: f0(radarCY), X2: f1(x), Y2: f1(y), Label: spokeLabel(i, n, d.Label)})
	}
	for si, s := range series {
		st := seriesStyles[si%len(seriesStyles)]
		// One complete shape is shaded; overlaid or broken ones are not.
		fill := "none"
		if len(series) == 1 && allScored(s.Scores) {
			fill = st.colour
		}
		shape := RadarShape{Key: s.Key, D: radarPath(s.Scores), Fill: fill, Colour: st.colour, Dash: st.dash}
		for i, sc := range s.Scores {
			if sc.Scored {
				x, y := radarPoint(i, n, float64(sc.Score))
				shape.Markers = append(shape.Markers, marker(st, x, y))
			}
		}
		plot.Series = append(plot.Series, shape)
		if legend {
			plot.Legend = append(plot.Legend, RadarKey{Key: s.Key, Y: f0(radarLegend + float64(si)*radarStep),
				Label: s.Label, Colour: st.colour, Dash: st.dash, Marker: marker(st, 84, 14)})
		}
	}
	return plot
}

// spokeLabel places the label of dimension i of n beyond its spoke's end,
// anchored away from the centre.
func spokeLabel(i, n int, label string) SVGText {
	lx, ly := radarPoint(i, n, 5.75)
	anchor := "middle"
	switch dx := lx - radarCX; {
	case dx > 20:
		anchor = "start"
	case dx < -20:
		anchor = "end"
	}
	switch dy := ly - radarCY; {
	case dy < -radarR:
		ly -= 2
	case dy > radarR:
		ly += 12
	default:
		ly += 5
	}
	return textAt(lx, ly, 16, anchor, "chart__label chart__label--large", wrapWords(label, 20, 1))
}

// radarPath joins neighbouring scored dimensions, closing the shape when
// every dimension is scored.
func radarPath(scores []model.MaturityScore) string {
	n := len(scores)
	var d strings.Builder
	pen := false
	for k := 0; k <= n; k++ {
		i := k % n
		if !scores[i].Scored {
			pen = false
			continue
		}
		x, y := radarPoint(i, n, float64(scores[i].Score))
		if pen {
			fmt.Fprintf(&d, " L%.1f %.1f", x, y)
		} else {
			fmt.Fprintf(&d, " M%.1f %.1f", x, y)
		}
		pen = true
	}
	s := strings.TrimSpace(d.String())
	if s == "" {
		return "M0 0"
	}
	return s
}

func allScored(scores []model.MaturityScore) bool {
	for _, s := range scores {
		if !s.Scored {
			return false
		}
	}
	return true
}

// marker returns a series' marker centred on x, y.
func marker(st seriesStyle, x, y float64) SVGMarker {
	m := SVGMarker{Shape: st.marker, Colour: st.colour, X: f1(x), Y: f1(y)}
	switch st.marker {
	case "square":
		m.X, m.Y = f1(x-5), f1(y-5)
	case "triangle":
		m.D = fmt.Sprintf("M%.1f %.1f L%.1f %.1f L%.1f %.1f Z", x, y-6.5, x+6, y+4.5, x-6, y+4.5)
	case "diamond":
		m.D = fmt.Sprintf("M%.1f %.1f L%.1f %.1f L%.1f %.1f L%.1f %.1f Z", x, y-6.5, x+6.5, y, x, y+6.5, x-6.5, y)
	case "cross":
		m.D = fmt.Sprintf("M%.1f %.1f L%.1f %.1f M%.1f %.1f L%.1f %.1f", x-5, y-5, x+5, y+5, x+5, y-5, x-5, y+5)
	}
	return m
}

// maturityChart overlays the areas' maturity self-assessments.
func maturityChart(id string, cols []*Area, series []radarSeries) Chart {
	title := "Maturity self-assessments, overlaid"
	var styles []string
	for si, s := range series {
		styles = append(styles, s.Label+": "+seriesStyles[si%len(seriesStyles)].name)
	}
	desc := "A radar chart with a spoke for each maturity dimension, scored from 0 at the centre to 5 at the edge, and a shape for each area's own scores. " +
		strings.Join(styles, "; ") + ". Each team scored itself, for learning; the scores do not rank areas. The table with the chart gives the same."
	plot := radarPlot(id, title, desc, series, true, nil)
	dims := model.MaturityDimensions()
	t := areaTable("Maturity scores from each area's self-assessment, 0 to 5", "Dimension", cols)
	for i, d := range dims {
		row := ChartRow{Label: d.Label}
		for _, a := range cols {
			text := "No self-assessment"
			if m := a.Blueprint.Maturity; m != nil {
				text = "Not scored"
				if sc := model.MaturityScores(m)[i]; sc.Scored {
					text = fmt.Sprintf("%d of 5", sc.Score)
				}
			}
			row.Cells = append(row.Cells, ChartCell{Key: a.Key, Text: text})
		}
		t.Rows = append(t.Rows, row)
	}
	row := ChartRow{Label: "Assessed"}
	for _, a := range cols {
		text := ""
		if m := a.Blueprint.Maturity; m != nil {
			text = m.Assessed.Human()
		}
		row.Cells = append(row.Cells, ChartCell{Key: a.Key, Text: text})
	}
	t.Rows = append(t.Rows, row)
	return Chart{ID: id, Title: title, Radar: plot, Table: t}
}

// BlueprintRadar lays out one blueprint's maturity scores, or returns nil
// when it has no self-assessment. key (the blueprint's slug) names the
// chart, radar-KEY, and its one series; title is the blueprint's.
func BlueprintRadar(key, title string, bp *model.Blueprint) *RadarPlot {
	if bp == nil || bp.Maturity == nil {
		return nil
	}
	scores := model.MaturityScores(bp.Maturity)
	var parts []string
	for _, s := range scores {
		if s.Scored {
			parts = append(parts, fmt.Sprintf("%s %d", strings.ToLower(s.Label), s.Score))
		} else {
			parts = append(parts, strings.ToLower(s.Label)+" not scored")
		}
	}
	desc := "A radar chart with a spoke for each maturity dimension, scored from 0 at the centre to 5 at the edge: " + strings.Join(parts, ", ") + ". The table beside it gives the same."
	return radarPlot("radar-"+key, "Maturity self-assessment of "+title, desc,
		[]radarSeries{{Key: key, Label: title, Scores: scores}}, false, nil)
}

// ScoringRadar lays out a radar without scores for a page whose script
// draws the shape as a reader scores: its <svg> carries the centre and
// radius (RadarCentre), and its one series, key, is empty (path "M0 0").
func ScoringRadar(id, key, title, desc string) *RadarPlot {
	return radarPlot(id, title, desc, []radarSeries{{Key: key, Scores: model.MaturityDimensions()}}, false,
		&RadarCentre{CX: f0(radarCX), CY: f0(radarCY), R: f0(radarR)})
}
