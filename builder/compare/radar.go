package compare

import (
	"fmt"
	"math"
	"strings"

	"intkb/builder/model"
)

// This file works out the geometry of the maturity radar: rings for 1 to
// 5, a spoke per dimension and one area's shape. A radar never holds
// more than one area: the comparison draws one small radar per area, all
// on the same scale (see maturityChart), so that teams' own scores are
// read side by side, never overlaid into a league table.

// radarScale is the size of a radar: its box, its centre and radius, and
// how its spoke labels are set. Every radar of one size shares one, so
// small multiples have the same axes and the same maximum.
type radarScale struct {
	w, h, cx, cy, r float64
	labelSize       float64 // the spoke labels' line height, in px
	labelWidth      int     // characters a label's line may hold
	labelLines      int
	labelClass      string
}

var (
	// fullRadar is one radar on its own: a blueprint's, the
	// self-assessment's.
	fullRadar = radarScale{w: 600, h: 380, cx: 300, cy: 200, r: 130,
		labelSize: 16, labelWidth: 20, labelLines: 1, labelClass: "chart__label chart__label--large"}
	// smallRadar is one of the comparison's small multiples, a label of
	// two short lines on each spoke.
	smallRadar = radarScale{w: 360, h: 260, cx: 180, cy: 128, r: 84,
		labelSize: 16, labelWidth: 12, labelLines: 2, labelClass: "chart__label chart__label--large"}
)

// radarColour is the colour of a radar's shape and markers.
const radarColour = "#005eb8"

// A RadarPlot is a radar chart of one area's, or one team's, scores.
type RadarPlot struct {
	SVGFrame
	Rings  []RadarRing
	Spokes []RadarSpoke
	Shape  RadarShape
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

// A RadarShape is the scores: path D, filled with Fill ("none" for an
// outline), in Colour, with a marker on each scored dimension.
type RadarShape struct {
	Key, D, Fill, Colour string
	Markers              []SVGPoint
}

// An SVGPoint is where a marker is centred.
type SVGPoint struct{ X, Y string }

// point is where score s falls on dimension i of n.
func (sc radarScale) point(i, n int, s float64) (float64, float64) {
	a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
	r := sc.r * s / 5
	return sc.cx + r*math.Cos(a), sc.cy + r*math.Sin(a)
}

// radarPlot lays out scores on a radar of scale sc, its one shape keyed
// key. centre is set for a radar a script draws on.
func radarPlot(sc radarScale, id, title, desc, key string, scores []model.MaturityScore, centre *RadarCentre) *RadarPlot {
	plot := sc.grid()
	plot.SVGFrame = sc.frame(id, title, desc)
	plot.Radar = centre
	plot.Shape = sc.shape(key, scores)
	return plot
}

// frame is the <svg> of a radar of scale sc.
func (sc radarScale) frame(id, title, desc string) SVGFrame {
	return SVGFrame{ID: id, W: f0(sc.w), H: f0(sc.h), Title: title, Desc: desc, Chart: "radar"}
}

// grid lays out a radar's rings and spokes, the same for every radar of
// scale sc: a spoke per dimension of model.MaturityDimensions, in order.
func (sc radarScale) grid() *RadarPlot {
	dims := model.MaturityDimensions()
	n := len(dims)
	plot := &RadarPlot{}
	for ring := 1; ring <= 5; ring++ {
		var pts []string
		for i := range n {
			x, y := sc.point(i, n, float64(ring))
			pts = append(pts, f1(x)+","+f1(y))
		}
		stroke := "#d8dde0"
		if ring == 5 {
			stroke = "#aeb7bd"
		}
		// Ring numbers sit midway along an edge, clear of the markers on
		// the spokes.
		x0, y0 := sc.point(0, n, float64(ring))
		x1, y1 := sc.point(1, n, float64(ring))
		plot.Rings = append(plot.Rings, RadarRing{Score: ring, Points: strings.Join(pts, " "), Stroke: stroke,
			TickX: f1((x0+x1)/2 - 4), TickY: f1((y0+y1)/2 - 3)})
	}
	for i, d := range dims {
		x, y := sc.point(i, n, 5)
		plot.Spokes = append(plot.Spokes, RadarSpoke{X1: f0(sc.cx), Y1: f0(sc.cy), X2: f1(x), Y2: f1(y), Label: sc.spokeLabel(i, n, d.Label)})
	}
	return plot
}

// shape lays out scores, keyed key, on a radar of scale sc. A dimension
// without a score breaks the shape rather than counting as 0, and only a
// complete shape is shaded.
func (sc radarScale) shape(key string, scores []model.MaturityScore) RadarShape {
	n := len(scores)
	fill := "none"
	if allScored(scores) {
		fill = radarColour
	}
	shape := RadarShape{Key: key, D: sc.path(scores), Fill: fill, Colour: radarColour}
	for i, s := range scores {
		if s.Scored {
			x, y := sc.point(i, n, float64(s.Score))
			shape.Markers = append(shape.Markers, SVGPoint{X: f1(x), Y: f1(y)})
		}
	}
	return shape
}

// spokeLabel places the label of dimension i of n beyond its spoke's end,
// anchored away from the centre; a label of several lines above the
// radar grows upwards.
func (sc radarScale) spokeLabel(i, n int, label string) SVGText {
	lx, ly := sc.point(i, n, 5.75)
	lines := wrapWords(label, sc.labelWidth, sc.labelLines)
	anchor := "middle"
	switch dx := lx - sc.cx; {
	case dx > 20:
		anchor = "start"
	case dx < -20:
		anchor = "end"
	}
	switch dy := ly - sc.cy; {
	case dy < -sc.r:
		ly -= 2 + float64(len(lines)-1)*sc.labelSize
	case dy > sc.r:
		ly += 12
	default:
		ly += 5
	}
	return textAt(lx, ly, sc.labelSize, anchor, sc.labelClass, lines)
}

// path joins neighbouring scored dimensions, closing the shape when
// every dimension is scored.
func (sc radarScale) path(scores []model.MaturityScore) string {
	n := len(scores)
	var d strings.Builder
	pen := false
	for k := 0; k <= n; k++ {
		i := k % n
		if !scores[i].Scored {
			pen = false
			continue
		}
		x, y := sc.point(i, n, float64(scores[i].Score))
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

// radarDesc describes a radar of scores in words, for its <desc>.
func radarDesc(scores []model.MaturityScore, after string) string {
	var parts []string
	for _, s := range scores {
		if s.Scored {
			parts = append(parts, fmt.Sprintf("%s %d", strings.ToLower(s.Label), s.Score))
		} else {
			parts = append(parts, strings.ToLower(s.Label)+" not scored")
		}
	}
	return "A radar chart with a spoke for each maturity dimension, scored from 0 at the centre to 5 at the edge: " + strings.Join(parts, ", ") + ". " + after
}

// BlueprintRadar lays out one blueprint's maturity scores, or returns nil
// when it has no self-assessment. key (the blueprint's slug) names the
// chart, radar-KEY, and its shape; title is the blueprint's.
func BlueprintRadar(key, title string, bp *model.Blueprint) *RadarPlot {
	if bp == nil || bp.Maturity == nil {
		return nil
	}
	scores := model.MaturityScores(bp.Maturity)
	return radarPlot(fullRadar, "radar-"+key, "Maturity self-assessment of "+title,
		radarDesc(scores, "The table beside it gives the same."), key, scores, nil)
}

// ScoringRadar lays out a radar without scores for a page whose script
// draws the shape as a reader scores: its <svg> carries the centre and
// radius (RadarCentre), and its shape, key, is empty (path "M0 0").
func ScoringRadar(id, key, title, desc string) *RadarPlot {
	return radarPlot(fullRadar, id, title, desc, key, model.MaturityDimensions(),
		&RadarCentre{CX: f0(fullRadar.cx), CY: f0(fullRadar.cy), R: f0(fullRadar.r)})
}
