package compare

import (
	"fmt"
	"strconv"
	"strings"

	"intkb/builder/model"
)

// This file works out the geometry of the comparison's charts (see the
// package doc), with the types the layouts draw every chart from. Parts
// that belong to one area carry data-col="KEY"; those stacked one after
// another also carry data-slot, inside an <svg data-stack="x|y">.
// Coordinates are handed to the layouts as text, already rounded: to the
// pixel (f0) for the grid, to a tenth (f1) for text and plotted points.

// A Chart is an SVG picture and the table that says the same: one of
// Integration and Members, with Table; or Radars, small multiples that
// are each a picture with its own table, all drawn on RadarGrid.
type Chart struct {
	ID          string
	Title       string
	Integration *IntegrationPlot
	Members     *MembersPlot
	Table       ChartTable
	Radars      []AreaRadar // the maturity chart: one radar per area
	RadarGrid   *RadarPlot  // the rings and spokes of every one of Radars, without a shape
}

// A ChartTable is the table beside a chart.
type ChartTable struct {
	Caption string
	Corner  string // the heading of the first column
	Head    []ChartCell
	Rows    []ChartRow
}

// A ChartRow is one row of a ChartTable; Key is set when the row belongs
// to one area.
type ChartRow struct {
	Key   string
	Label string
	Cells []ChartCell
}

// A ChartCell is one cell of a ChartTable; Key is set when the cell
// belongs to one area.
type ChartCell struct {
	Key  string
	Text string
}

// An SVGFrame is what the <svg> element of every chart says: its size,
// its accessible title and description, and the data attributes scripts
// read.
type SVGFrame struct {
	ID, W, H    string
	Title, Desc string
	Radar       *RadarCentre // for a radar a script draws on
	Stack       *SVGStack    // for a chart whose areas stack
	Chart       string       // data-chart, if set
}

// An SVGStack says where a chart's stacked slots start, along which axis,
// how far apart they are and what follows the last.
type SVGStack struct{ Axis, Origin, Step, End string }

// A RadarCentre tells the self-assessment's script where the radar is.
type RadarCentre struct{ CX, CY, R string }

// An SVGText is one <text>, a <tspan> per line.
type SVGText struct {
	X, Y, DY      string // DY: the line height
	Anchor, Class string
	Lines         []string
}

func f0(x float64) string { return strconv.FormatFloat(x, 'f', 0, 64) }
func f1(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// stack returns the SVGStack of slots along axis.
func stack(axis string, origin, step, end float64) *SVGStack {
	return &SVGStack{Axis: axis, Origin: f0(origin), Step: f0(step), End: f0(end)}
}

// wrapWords splits s into lines of at most width characters, at spaces,
// and at most lines lines, the last ending in an ellipsis if cut short.
func wrapWords(s string, width, lines int) []string {
	var out []string
	cur := ""
	for _, w := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = w
		case len(cur)+1+len(w) <= width:
			cur += " " + w
		default:
			out = append(out, cur)
			cur = w
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	if len(out) > lines {
		out = out[:lines]
		out[lines-1] = strings.TrimRight(out[lines-1], ",;:") + "…"
	}
	for i, l := range out {
		if len([]rune(l)) > width+1 {
			out[i] = string([]rune(l)[:width]) + "…"
		}
	}
	return out
}

// textAt places lines at x, y, one lineHeight apart.
func textAt(x, y, lineHeight float64, anchor, class string, lines []string) SVGText {
	return SVGText{X: f1(x), Y: f1(y), DY: f1(lineHeight), Anchor: anchor, Class: class, Lines: lines}
}

// compareCharts draws the comparison's pictures for the shown areas.
func compareCharts(cols []*Area) []Chart {
	if len(cols) == 0 {
		return nil
	}
	charts := []Chart{integrationChart("chart-integration", cols)}
	for _, a := range cols {
		if a.Blueprint.Maturity != nil {
			charts = append(charts, maturityChart("chart-maturity", cols))
			break
		}
	}
	return append(charts, membersChart("chart-members", cols))
}

// Integration scale --------------------------------------------------------

const (
	intLabelW = 170.0
	intBandW  = 126.0
	intHeadH  = 70.0
	intRowH   = 34.0
	intEnd    = 10.0
)

// An IntegrationPlot is the integration scale: a band per level, and a
// row per area with a dot under the level it has reached.
type IntegrationPlot struct {
	SVGFrame
	Bands            []IntegrationBand
	ArrowX1, ArrowX2 string
	Rows             []IntegrationRow
}

// An IntegrationBand is one level's column.
type IntegrationBand struct {
	X, W, Fill string
	Label      SVGText
}

// An IntegrationRow is one area's row, drawn at Y.
type IntegrationRow struct {
	Key, Y        string
	X1, X2, LineY string
	Name          SVGText
	DotX          string // "" when the level is not on the scale
}

// integrationChart places each area on the integration scale: a row per
// area, with a dot under the level it has reached.
func integrationChart(id string, cols []*Area) Chart {
	levels := model.Vocabularies["integration_level"].Terms
	w := intLabelW + float64(len(levels))*intBandW + 10
	h := intHeadH + float64(len(cols))*intRowH + intEnd
	title := "Where each area sits on the integration scale"
	plot := &IntegrationPlot{
		SVGFrame: SVGFrame{ID: id, W: f0(w), H: f0(h), Title: title,
			Desc:  "A dot plot with one row per area and a dot under the integration level it has reached: convening to advise, convening to coordinate, or unity of effort, from least to most integrated. The table with the chart gives the same.",
			Stack: stack("y", intHeadH, intRowH, intEnd)},
		ArrowX1: f0(intLabelW + 8), ArrowX2: f0(w - 18),
	}
	for i, l := range levels {
		x := intLabelW + float64(i)*intBandW
		fill := "#ffffff"
		if i%2 == 0 {
			fill = "#f0f4f5"
		}
		plot.Bands = append(plot.Bands, IntegrationBand{X: f0(x), W: f0(intBandW), Fill: fill,
			Label: textAt(x+intBandW/2, 30, 16, "middle", "chart__label chart__label--strong", wrapWords(l.Label, 14, 2))})
	}
	for i, a := range cols {
		row := IntegrationRow{Key: a.Key, Y: f0(intHeadH + float64(i)*intRowH),
			X1: f0(intLabelW), X2: f0(w - 10), LineY: f0(intRowH / 2),
			Name: textAt(8, intRowH/2+5, 16, "start", "chart__label", wrapWords(a.Name, 22, 1))}
		if level := termIndex(model.Vocabularies["integration_level"], a.Blueprint.Function.IntegrationLevel); level < len(levels) {
			row.DotX = f0(intLabelW + float64(level)*intBandW + intBandW/2)
		}
		plot.Rows = append(plot.Rows, row)
	}

	t := ChartTable{Caption: "Integration level of each area", Corner: "Area", Head: []ChartCell{{Text: "Integration level"}}}
	for _, a := range cols {
		t.Rows = append(t.Rows, ChartRow{Key: a.Key, Label: a.Name, Cells: []ChartCell{{Text: model.Vocabularies["integration_level"].Label(a.Blueprint.Function.IntegrationLevel)}}})
	}
	return Chart{ID: id, Title: title, Integration: plot, Table: t}
}

// Team members by organisation type -------------------------------------

const (
	memLabelW = 200.0
	memColW   = 124.0
	memHeadH  = 52.0
	memEnd    = 10.0
	memBox    = 12.0
	memGap    = 4.0
	memPerRow = 6
)

// A MembersPlot counts each area's team roles by the kind of
// organisation that employs them.
type MembersPlot struct {
	SVGFrame
	Rows []MembersRow
	Cols []MembersCol
	// The legend below the rows: its text's baseline, and the tops of
	// its filled and hollow samples.
	KeyY, KeyCoreY, KeyOnCallY string
}

// A MembersRow is the band of one kind of organisation.
type MembersRow struct {
	Y, H  string
	Shade bool
	Label SVGText
}

// A MembersCol is one area's column, drawn at X.
type MembersCol struct {
	Key, X string
	Name   SVGText
	Cells  []MembersCell // one a row
}

// A MembersCell is one area's roles in one kind of organisation: a box
// each, and their number at CountX, CountY (0 draws a dash).
type MembersCell struct {
	Boxes          []MembersBox
	Count          int
	CountX, CountY string
}

// A MembersBox is one role: filled for a core member, hollow for one on
// call.
type MembersBox struct {
	X, Y string
	Core bool
}

// memberCount is how many roles of one kind of organisation an area has.
type memberCount struct{ core, onCall int }

// membersChart counts each area's team roles by the kind of organisation
// that employs them: a square per role, filled for a core member and
// hollow for one on call, with the number beside.
func membersChart(id string, cols []*Area) Chart {
	counts, rows := countMembers(cols)
	var heights []float64
	for _, o := range rows {
		most := 1
		for i := range cols {
			c := counts[i][o.Value]
			most = max(most, (c.core+c.onCall+memPerRow-1)/memPerRow)
		}
		heights = append(heights, max(40, 14+float64(most)*(memBox+memGap)))
	}
	total := 0.0
	for _, h := range heights {
		total += h
	}
	title := "Team members by organisation type"
	plot := &MembersPlot{SVGFrame: SVGFrame{ID: id, W: f0(memLabelW + float64(len(cols))*memColW + memEnd), H: f0(memHeadH + total + 40), Title: title,
		Desc:  "For each area, a square for each role in its team, grouped by the kind of organisation that employs them: a filled square for a core member, a hollow square for a member on call, with the number of roles beside. The table with the chart gives the same.",
		Stack: stack("x", memLabelW, memColW, memEnd)},
		KeyY: f0(memHeadH + total + 22), KeyCoreY: f0(memHeadH + total + 12), KeyOnCallY: f0(memHeadH + total + 13)}
	y := memHeadH
	for ri, o := range rows {
		plot.Rows = append(plot.Rows, MembersRow{Y: f0(y), H: f0(heights[ri]), Shade: ri%2 == 0,
			Label: textAt(8, y+18, 15, "start", "chart__label", wrapWords(o.Label, 26, 2))})
		y += heights[ri]
	}
	for ci, a := range cols {
		col := MembersCol{Key: a.Key, X: f0(memLabelW + float64(ci)*memColW),
			Name: textAt(4, 20, 16, "start", "chart__label chart__label--strong", wrapWords(a.Name, 14, 2))}
		y := memHeadH
		for ri, o := range rows {
			col.Cells = append(col.Cells, memberBoxes(counts[ci][o.Value], y))
			y += heights[ri]
		}
		plot.Cols = append(plot.Cols, col)
	}
	return Chart{ID: id, Title: title, Members: plot, Table: membersTable(cols, counts, rows)}
}

// countMembers counts each area's roles by organisation, and returns the
// kinds of organisation that any area has, in the vocabulary's order.
func countMembers(cols []*Area) ([]map[string]memberCount, []model.Term) {
	counts := make([]map[string]memberCount, len(cols))
	used := map[string]bool{}
	for i, a := range cols {
		counts[i] = map[string]memberCount{}
		for _, m := range a.Blueprint.Form.Members {
			c := counts[i][m.Organisation]
			if m.Commitment == "core" {
				c.core++
			} else {
				c.onCall++
			}
			counts[i][m.Organisation] = c
			used[m.Organisation] = true
		}
	}
	// In the vocabulary's order: this site's terms, then those only
	// another site has.
	var rows []model.Term
	for _, a := range cols {
		for _, o := range a.vocabs()["organisation"].Terms {
			if used[o.Value] {
				rows = append(rows, o)
				used[o.Value] = false
			}
		}
	}
	return counts, rows
}

// memberBoxes lays out c's boxes in rows of memPerRow from y.
func memberBoxes(c memberCount, y float64) MembersCell {
	n := c.core + c.onCall
	cell := MembersCell{Count: n, CountX: f0(4), CountY: f0(y + 19)}
	if n > 0 {
		cell.CountX = f0(4 + float64(min(n, memPerRow))*(memBox+memGap) + 2)
	}
	for j := range n {
		x := 4 + float64(j%memPerRow)*(memBox+memGap)
		yy := y + 8 + float64(j/memPerRow)*(memBox+memGap)
		if j < c.core {
			cell.Boxes = append(cell.Boxes, MembersBox{X: f0(x), Y: f0(yy), Core: true})
		} else {
			cell.Boxes = append(cell.Boxes, MembersBox{X: f1(x + 1), Y: f1(yy + 1)})
		}
	}
	return cell
}

// areaTable returns a chart's table with a column for each area of cols,
// headed by its name.
func areaTable(caption, corner string, cols []*Area) ChartTable {
	t := ChartTable{Caption: caption, Corner: corner}
	for _, a := range cols {
		t.Head = append(t.Head, ChartCell{Key: a.Key, Text: a.Name})
	}
	return t
}

// membersTable says what the members chart shows.
func membersTable(cols []*Area, counts []map[string]memberCount, rows []model.Term) ChartTable {
	t := areaTable("Roles in each area's team, by the kind of organisation that employs them", "Organisation", cols)
	for _, o := range rows {
		row := ChartRow{Label: o.Label}
		for ci, a := range cols {
			c := counts[ci][o.Value]
			var parts []string
			if c.core > 0 {
				parts = append(parts, fmt.Sprintf("%d core", c.core))
			}
			if c.onCall > 0 {
				parts = append(parts, fmt.Sprintf("%d on call", c.onCall))
			}
			text := "None"
			if len(parts) > 0 {
				text = strings.Join(parts, ", ")
			}
			row.Cells = append(row.Cells, ChartCell{Key: a.Key, Text: text})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
