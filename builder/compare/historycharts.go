package compare

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"intkb/builder/model"
)

// This file works out the geometry of a blueprint's history charts, for
// its page: the integration level as steps over time, and each maturity
// dimension's score over time as small multiples, all on one time axis,
// each with the table that says the same. A value holds from its point
// until the next, so every line is drawn in steps.

// HistoryCharts are the pictures of one blueprint's history.
type HistoryCharts struct {
	Level    *StepPlot   // the integration level over time
	Maturity []*StepPlot // one a dimension, in model.MaturityDimensions' order; none without scores
}

// A StepPlot is one value over time, as steps: Bands are the values it
// may take, from the top; D is the path of the steps and Markers its
// points; Ticks mark the years along the bottom.
type StepPlot struct {
	SVGFrame
	Bands   []StepBand
	D       string
	Markers []SVGPoint
	Ticks   []TimeTick
	AxisY   string // the time axis's line
	TickY   string // the bottom of the years' tick marks
	X1, X2  string // the plot's left and right edges
	PlotW   string // X2 - X1
	Table   ChartTable
}

// A StepBand is one value's row, labelled at its left.
type StepBand struct {
	Y, H, LineY string
	Shade       bool
	Label       SVGText
}

// A TimeTick is the start of a year along the time axis.
type TimeTick struct {
	X     string
	Label SVGText
}

// stepScale is the size of a step plot.
type stepScale struct {
	w, labelW, top, bandH, right float64
	labelWidth, labelLines       int
}

var (
	levelSteps = stepScale{w: 640, labelW: 180, top: 10, bandH: 44, right: 24, labelWidth: 22, labelLines: 2}
	scoreSteps = stepScale{w: 300, labelW: 28, top: 10, bandH: 18, right: 16, labelWidth: 3, labelLines: 1}
)

const tickH = 30.0 // below the bands: the axis and the years

// Charts draws the history's charts, or returns nil when it has fewer
// than two points: there is nothing yet to draw over time.
func (a *Area) Charts() *HistoryCharts {
	h := a.History
	if len(h) < 2 {
		return nil
	}
	from, to := h[0].Date.Time, h[len(h)-1].Date.Time
	to = to.Add(to.Sub(from) / 12) // room for the last point
	out := &HistoryCharts{Level: levelPlot("history-level-"+a.Key, a, from, to)}
	for i, d := range model.MaturityDimensions() {
		if p := scorePlot(fmt.Sprintf("history-maturity-%s-%d", a.Key, i+1), a, d, i, from, to); p != nil {
			out.Maturity = append(out.Maturity, p)
		}
	}
	return out
}

// frame lays out the bands, from the top, and the years from..to.
func (sc stepScale) frame(id, title, desc string, labels []string, from, to time.Time) *StepPlot {
	h := sc.top + float64(len(labels))*sc.bandH + tickH
	p := &StepPlot{SVGFrame: SVGFrame{ID: id, W: f0(sc.w), H: f0(h), Title: title, Desc: desc},
		X1: f0(sc.labelW), X2: f0(sc.w - sc.right), PlotW: f0(sc.w - sc.right - sc.labelW), AxisY: f0(h - tickH), TickY: f0(h - tickH + 5)}
	for i, l := range labels {
		y := sc.top + float64(i)*sc.bandH
		p.Bands = append(p.Bands, StepBand{Y: f0(y), H: f0(sc.bandH), LineY: f0(y + sc.bandH/2), Shade: i%2 == 0,
			Label: textAt(sc.labelW-8, y+sc.bandH/2+5-float64(len(wrapWords(l, sc.labelWidth, sc.labelLines))-1)*8, 16, "end", "chart__label", wrapWords(l, sc.labelWidth, sc.labelLines))})
	}
	for y := from.Year() + 1; y <= to.Year(); y++ {
		x := sc.x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), from, to)
		p.Ticks = append(p.Ticks, TimeTick{X: f0(x), Label: textAt(x, h-tickH+18, 16, "middle", "chart__tick", []string{strconv.Itoa(y)})})
	}
	return p
}

// x is where day t falls between from and to.
func (sc stepScale) x(t, from, to time.Time) float64 {
	span := to.Sub(from)
	if span <= 0 {
		return sc.labelW
	}
	return sc.labelW + float64(t.Sub(from))/float64(span)*(sc.w-sc.labelW-sc.right)
}

// steps draws values (a band index each, or -1 where there is none) at
// the points' dates as steps, each held until the next point.
func (sc stepScale) steps(p *StepPlot, h []Point, bands []int, from, to time.Time) {
	var d strings.Builder
	open := false
	for i, b := range bands {
		if b < 0 {
			open = false
			continue
		}
		x := sc.x(h[i].Date.Time, from, to)
		y := sc.top + float64(b)*sc.bandH + sc.bandH/2
		if open {
			fmt.Fprintf(&d, " H%s V%s", f1(x), f1(y))
		} else {
			fmt.Fprintf(&d, "M%s %s", f1(x), f1(y))
		}
		open = true
		p.Markers = append(p.Markers, SVGPoint{X: f1(x), Y: f1(y)})
		if i == len(bands)-1 {
			fmt.Fprintf(&d, " H%s", f1(sc.w-sc.right))
		}
	}
	p.D = d.String()
}

// levelPlot draws the integration level over time.
func levelPlot(id string, a *Area, from, to time.Time) *StepPlot {
	v := a.vocabs()["integration_level"]
	var labels []string
	for i := len(v.Terms) - 1; i >= 0; i-- {
		labels = append(labels, v.Terms[i].Label)
	}
	p := levelSteps.frame(id, "Integration level of "+a.Name+" over time",
		"A step chart: time runs from left to right, and the line is at the integration level the model had from each date, the deepest integration at the top. The table with the chart gives the same.", labels, from, to)
	bands := make([]int, len(a.History))
	p.Table = ChartTable{Caption: "Integration level of " + a.Name + " over time", Corner: "From", Head: []ChartCell{{Text: "Integration level"}}}
	for i, pt := range a.History {
		bands[i] = -1
		if n := termIndex(v, pt.Blueprint.Function.IntegrationLevel); n < len(v.Terms) {
			bands[i] = len(v.Terms) - 1 - n
		}
		p.Table.Rows = append(p.Table.Rows, ChartRow{Label: pt.Date.Human(), Cells: []ChartCell{{Text: orNone(v.Label(pt.Blueprint.Function.IntegrationLevel))}}})
	}
	levelSteps.steps(p, a.History, bands, from, to)
	return p
}

// scorePlot draws one maturity dimension's score over time, or returns
// nil when no point scores it.
func scorePlot(id string, a *Area, d model.MaturityScore, dim int, from, to time.Time) *StepPlot {
	labels := []string{"5", "4", "3", "2", "1", "0"}
	p := scoreSteps.frame(id, d.Label, d.Label+" of "+a.Name+", scored 0 to 5, over time, as steps from each self-assessment. The table below the chart gives the same.", labels, from, to)
	p.Table = ChartTable{Caption: d.Label + ", 0 to 5", Corner: "From", Head: []ChartCell{{Text: "Score"}}}
	bands := make([]int, len(a.History))
	scored := false
	for i, pt := range a.History {
		s := model.MaturityScores(pt.Blueprint.Maturity)[dim]
		bands[i] = -1
		text := "Not scored"
		if s.Scored {
			bands[i], text, scored = 5-s.Score, fmt.Sprintf("%d of 5", s.Score), true
		}
		p.Table.Rows = append(p.Table.Rows, ChartRow{Label: pt.Date.Human(), Cells: []ChartCell{{Text: text}}})
	}
	if !scored {
		return nil
	}
	scoreSteps.steps(p, a.History, bands, from, to)
	return p
}
