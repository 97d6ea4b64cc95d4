package builder

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// This file draws the comparison's charts as SVG at build time, so readers
// need no chart library. Every chart has a title and a description, is
// role="img", and comes with a table that says the same for screen
// readers and print. Series are told apart by dash pattern and marker
// shape as well as colour, and are labelled in words.
//
// Parts that belong to one area carry data-col="KEY"; those stacked one
// after another also carry data-slot, inside an <svg data-stack="x|y">
// that says where the stack starts and how far apart its slots are. With
// that, compare.js can hide areas and close the gaps without redrawing.

// A Chart is an SVG picture and the table that says the same.
type Chart struct {
	ID    string
	Title string
	SVG   template.HTML
	Table ChartTable
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

// seriesStyle is how one area's line looks on an overlaid chart.
type seriesStyle struct {
	colour, dash, marker, name string
}

// seriesStyles repeat after six areas; the legend still names each one.
var seriesStyles = []seriesStyle{
	{"#005eb8", "", "circle", "solid line, circles"},
	{"#330072", "9 5", "square", "dashed line, squares"},
	{"#007f3b", "2 5", "triangle", "dotted line, triangles"},
	{"#ae2573", "12 4 3 4", "diamond", "dash-dot line, diamonds"},
	{"#8a1538", "18 6", "cross", "long-dash line, crosses"},
	{"#425563", "5 3", "ring", "short-dash line, rings"},
}

// svgText escapes s for SVG text and attributes.
func svgText(s string) string { return template.HTMLEscapeString(s) }

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

// textLines writes lines as one <text> with a <tspan> per line.
func textLines(b *strings.Builder, x, y float64, lineHeight float64, anchor, class string, lines []string) {
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="%s" class="%s">`, x, y, anchor, class)
	for i, l := range lines {
		dy := 0.0
		if i > 0 {
			dy = lineHeight
		}
		fmt.Fprintf(b, `<tspan x="%.1f" dy="%.1f">%s</tspan>`, x, dy, svgText(l))
	}
	b.WriteString(`</text>`)
}

// svgOpen starts an accessible SVG.
func svgOpen(b *strings.Builder, id string, w, h float64, title, desc, extra string) {
	fmt.Fprintf(b, `<svg class="chart__svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-labelledby="%s-title %s-desc" xmlns="http://www.w3.org/2000/svg"%s>`,
		w, h, w, h, id, id, extra)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, svgText(title), id, svgText(desc))
}

// compareCharts draws the comparison's pictures for the shown areas.
func compareCharts(cols []*CompareArea) []Chart {
	if len(cols) == 0 {
		return nil
	}
	charts := []Chart{integrationChart("chart-integration", cols)}
	var series []radarSeries
	for _, a := range cols {
		if a.Blueprint.Maturity != nil {
			series = append(series, radarSeries{Key: a.Key, Label: a.Name, Scores: maturityScores(a.Blueprint.Maturity)})
		}
	}
	if len(series) > 0 {
		charts = append(charts, maturityChart("chart-maturity", cols, series))
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

// integrationChart places each area on the integration scale: a row per
// area, with a dot under the level it has reached.
func integrationChart(id string, cols []*CompareArea) Chart {
	levels := Vocabularies["integration_level"].Terms
	w := intLabelW + float64(len(levels))*intBandW + 10
	h := intHeadH + float64(len(cols))*intRowH + intEnd
	var b strings.Builder
	title := "Where each area sits on the integration scale"
	svgOpen(&b, id, w, h, title,
		"A dot plot with one row per area and a dot under the integration level it has reached: convening to advise, convening to coordinate, or unity of effort, from least to most integrated. The table with the chart gives the same.",
		fmt.Sprintf(` data-stack="y" data-stack-origin="%.0f" data-stack-step="%.0f" data-stack-end="%.0f"`, intHeadH, intRowH, intEnd))
	for i, l := range levels {
		x := intLabelW + float64(i)*intBandW
		fill := "#ffffff"
		if i%2 == 0 {
			fill = "#f0f4f5"
		}
		fmt.Fprintf(&b, `<rect x="%.0f" y="0" width="%.0f" height="100%%" fill="%s"/>`, x, intBandW, fill)
		textLines(&b, x+intBandW/2, 30, 16, "middle", "chart__label chart__label--strong", wrapWords(l.Label, 14, 2))
	}
	fmt.Fprintf(&b, `<path d="M%.0f 10 H%.0f" stroke="#4c6272" stroke-width="1.5" marker-end="url(#%s-arrow)"/>`, intLabelW+8, w-18, id)
	fmt.Fprintf(&b, `<defs><marker id="%s-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0 L10 5 L0 10 Z" fill="#4c6272"/></marker></defs>`, id)
	fmt.Fprintf(&b, `<text x="8" y="14" class="chart__label chart__label--muted">Deeper integration</text>`)
	for i, a := range cols {
		y := intHeadH + float64(i)*intRowH
		fmt.Fprintf(&b, `<g data-col="%s" data-slot transform="translate(0 %.0f)">`, svgText(a.Key), y)
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#d8dde0"/>`, intLabelW, intRowH/2, w-10, intRowH/2)
		textLines(&b, 8, intRowH/2+5, 16, "start", "chart__label", wrapWords(a.Name, 22, 1))
		level := termIndex(Vocabularies["integration_level"], a.Blueprint.Function.IntegrationLevel)
		if level < len(levels) {
			cx := intLabelW + float64(level)*intBandW + intBandW/2
			fmt.Fprintf(&b, `<circle cx="%.0f" cy="%.0f" r="9" fill="#005eb8" stroke="#003087" stroke-width="2"/>`, cx, intRowH/2)
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)

	t := ChartTable{Caption: "Integration level of each area", Corner: "Area", Head: []ChartCell{{Text: "Integration level"}}}
	for _, a := range cols {
		t.Rows = append(t.Rows, ChartRow{Key: a.Key, Label: a.Name, Cells: []ChartCell{{Text: Vocabularies["integration_level"].Label(a.Blueprint.Function.IntegrationLevel)}}})
	}
	return Chart{ID: id, Title: title, SVG: template.HTML(b.String()), Table: t}
}

// Maturity radar -----------------------------------------------------------

// radarSeries is one area's maturity scores.
type radarSeries struct {
	Key, Label string
	Scores     []MaturityScore
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

// radarPoint is where score s falls on dimension i of n.
func radarPoint(i, n int, s float64) (float64, float64) {
	a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
	r := radarR * s / 5
	return radarCX + r*math.Cos(a), radarCY + r*math.Sin(a)
}

// radarSVG draws maturity scores on a radar: rings for 1 to 5, a spoke
// per dimension, and a shape per series. With a legend, each series is
// named below the chart beside a sample of its line and marker. A
// dimension without a score breaks the shape rather than counting as 0.
func radarSVG(id, title, desc string, series []radarSeries, legend bool, extra string) string {
	dims := MaturityDimensions()
	n := len(dims)
	h := radarLegend - 12
	if legend {
		h = radarLegend + float64(len(series))*radarStep + radarEnd
		extra += fmt.Sprintf(` data-stack="y" data-stack-origin="%.0f" data-stack-step="%.0f" data-stack-end="%.0f"`, radarLegend, radarStep, radarEnd)
	}
	var b strings.Builder
	svgOpen(&b, id, radarW, h, title, desc, extra+` data-chart="radar"`)
	for ring := 1; ring <= 5; ring++ {
		var pts []string
		for i := range n {
			x, y := radarPoint(i, n, float64(ring))
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
		}
		stroke := "#d8dde0"
		if ring == 5 {
			stroke = "#aeb7bd"
		}
		fmt.Fprintf(&b, `<polygon points="%s" fill="none" stroke="%s"/>`, strings.Join(pts, " "), stroke)
		// Ring numbers sit midway along an edge, clear of the markers on
		// the spokes.
		x0, y0 := radarPoint(0, n, float64(ring))
		x1, y1 := radarPoint(1, n, float64(ring))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="chart__tick" text-anchor="middle">%d</text>`, (x0+x1)/2-4, (y0+y1)/2-3, ring)
	}
	for i, d := range dims {
		x, y := radarPoint(i, n, 5)
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.1f" y2="%.1f" stroke="#d8dde0"/>`, radarCX, radarCY, x, y)
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
		textLines(&b, lx, ly, 16, anchor, "chart__label chart__label--large", wrapWords(d.Label, 20, 1))
	}
	for si, s := range series {
		st := seriesStyles[si%len(seriesStyles)]
		fmt.Fprintf(&b, `<g data-col="%s" class="chart__series">`, svgText(s.Key))
		// One complete shape is shaded; overlaid or broken ones are not.
		fill := "none"
		if len(series) == 1 && allScored(s.Scores) {
			fill = st.colour
		}
		fmt.Fprintf(&b, `<path d="%s" fill="%s" fill-opacity="0.12" stroke="%s" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"%s/>`,
			radarPath(s.Scores), fill, st.colour, dashAttr(st.dash))
		for i, sc := range s.Scores {
			if sc.Scored {
				x, y := radarPoint(i, n, float64(sc.Score))
				marker(&b, st, x, y)
			}
		}
		b.WriteString(`</g>`)
	}
	if legend {
		for si, s := range series {
			st := seriesStyles[si%len(seriesStyles)]
			fmt.Fprintf(&b, `<g data-col="%s" data-slot transform="translate(0 %.0f)">`, svgText(s.Key), radarLegend+float64(si)*radarStep)
			fmt.Fprintf(&b, `<path d="M60 14 H108" stroke="%s" stroke-width="2.5" stroke-linecap="round"%s/>`, st.colour, dashAttr(st.dash))
			marker(&b, st, 84, 14)
			fmt.Fprintf(&b, `<text x="118" y="19" class="chart__label chart__label--large">%s</text>`, svgText(s.Label))
			b.WriteString(`</g>`)
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// radarPath joins neighbouring scored dimensions, closing the shape when
// every dimension is scored.
func radarPath(scores []MaturityScore) string {
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

func allScored(scores []MaturityScore) bool {
	for _, s := range scores {
		if !s.Scored {
			return false
		}
	}
	return true
}

func dashAttr(dash string) string {
	if dash == "" {
		return ""
	}
	return ` stroke-dasharray="` + dash + `"`
}

// marker draws a series' marker centred on x, y.
func marker(b *strings.Builder, st seriesStyle, x, y float64) {
	switch st.marker {
	case "circle":
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="5" fill="%s"/>`, x, y, st.colour)
	case "square":
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="10" height="10" fill="%s"/>`, x-5, y-5, st.colour)
	case "triangle":
		fmt.Fprintf(b, `<path d="M%.1f %.1f L%.1f %.1f L%.1f %.1f Z" fill="%s"/>`, x, y-6.5, x+6, y+4.5, x-6, y+4.5, st.colour)
	case "diamond":
		fmt.Fprintf(b, `<path d="M%.1f %.1f L%.1f %.1f L%.1f %.1f L%.1f %.1f Z" fill="%s"/>`, x, y-6.5, x+6.5, y, x, y+6.5, x-6.5, y, st.colour)
	case "cross":
		fmt.Fprintf(b, `<path d="M%.1f %.1f L%.1f %.1f M%.1f %.1f L%.1f %.1f" stroke="%s" stroke-width="3"/>`, x-5, y-5, x+5, y+5, x+5, y-5, x-5, y+5, st.colour)
	default:
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="5" fill="#fff" stroke="%s" stroke-width="2.5"/>`, x, y, st.colour)
	}
}

// maturityChart overlays the areas' maturity self-assessments.
func maturityChart(id string, cols []*CompareArea, series []radarSeries) Chart {
	title := "Maturity self-assessments, overlaid"
	var styles []string
	for si, s := range series {
		styles = append(styles, s.Label+": "+seriesStyles[si%len(seriesStyles)].name)
	}
	desc := "A radar chart with a spoke for each maturity dimension, scored from 0 at the centre to 5 at the edge, and a shape for each area's own scores. " +
		strings.Join(styles, "; ") + ". Each team scored itself, for learning; the scores do not rank areas. The table with the chart gives the same."
	svg := radarSVG(id, title, desc, series, true, "")
	dims := MaturityDimensions()
	t := ChartTable{Caption: "Maturity scores from each area's self-assessment, 0 to 5", Corner: "Dimension"}
	for _, a := range cols {
		t.Head = append(t.Head, ChartCell{Key: a.Key, Text: a.Name})
	}
	for i, d := range dims {
		row := ChartRow{Label: d.Label}
		for _, a := range cols {
			text := "No self-assessment"
			if m := a.Blueprint.Maturity; m != nil {
				text = "Not scored"
				if sc := maturityScores(m)[i]; sc.Scored {
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
	return Chart{ID: id, Title: title, SVG: template.HTML(svg), Table: t}
}

// BlueprintRadar draws one blueprint's maturity scores, or nothing when
// it has no self-assessment.
func BlueprintRadar(p *Page) template.HTML {
	bp, ok := p.Front.(*Blueprint)
	if !ok || bp.Maturity == nil {
		return ""
	}
	scores := maturityScores(bp.Maturity)
	var parts []string
	for _, s := range scores {
		if s.Scored {
			parts = append(parts, fmt.Sprintf("%s %d", strings.ToLower(s.Label), s.Score))
		} else {
			parts = append(parts, strings.ToLower(s.Label)+" not scored")
		}
	}
	desc := "A radar chart with a spoke for each maturity dimension, scored from 0 at the centre to 5 at the edge: " + strings.Join(parts, ", ") + ". The table beside it gives the same."
	return template.HTML(radarSVG("radar-"+blueprintKey(p), "Maturity self-assessment of "+p.Meta.Title, desc,
		[]radarSeries{{Key: blueprintKey(p), Label: p.Meta.Title, Scores: scores}}, false, ""))
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

// membersChart counts each area's team roles by the kind of organisation
// that employs them: a square per role, filled for a core member and
// hollow for one on call, with the number beside.
func membersChart(id string, cols []*CompareArea) Chart {
	type count struct{ core, onCall int }
	orgs := Vocabularies["organisation"].Terms
	counts := make([]map[string]count, len(cols))
	used := map[string]bool{}
	for i, a := range cols {
		counts[i] = map[string]count{}
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
	var rows []Term
	var heights []float64
	for _, o := range orgs {
		if !used[o.Value] {
			continue
		}
		most := 1
		for i := range cols {
			c := counts[i][o.Value]
			most = max(most, (c.core+c.onCall+memPerRow-1)/memPerRow)
		}
		rows = append(rows, o)
		heights = append(heights, max(40, 14+float64(most)*(memBox+memGap)))
	}
	total := 0.0
	for _, h := range heights {
		total += h
	}
	w := memLabelW + float64(len(cols))*memColW + memEnd
	h := memHeadH + total + 40
	title := "Team members by organisation type"
	var b strings.Builder
	svgOpen(&b, id, w, h, title,
		"For each area, a square for each role in its team, grouped by the kind of organisation that employs them: a filled square for a core member, a hollow square for a member on call, with the number of roles beside. The table with the chart gives the same.",
		fmt.Sprintf(` data-stack="x" data-stack-origin="%.0f" data-stack-step="%.0f" data-stack-end="%.0f"`, memLabelW, memColW, memEnd))
	y := memHeadH
	for ri, o := range rows {
		if ri%2 == 0 {
			fmt.Fprintf(&b, `<rect x="0" y="%.0f" width="100%%" height="%.0f" fill="#f0f4f5"/>`, y, heights[ri])
		}
		textLines(&b, 8, y+18, 15, "start", "chart__label", wrapWords(o.Label, 26, 2))
		y += heights[ri]
	}
	for ci, a := range cols {
		fmt.Fprintf(&b, `<g data-col="%s" data-slot transform="translate(%.0f 0)">`, svgText(a.Key), memLabelW+float64(ci)*memColW)
		textLines(&b, 4, 20, 16, "start", "chart__label chart__label--strong", wrapWords(a.Name, 14, 2))
		y := memHeadH
		for ri, o := range rows {
			c := counts[ci][o.Value]
			k := 0
			for j := 0; j < c.core+c.onCall; j++ {
				x := 4 + float64(k%memPerRow)*(memBox+memGap)
				yy := y + 8 + float64(k/memPerRow)*(memBox+memGap)
				if j < c.core {
					fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" fill="#005eb8"/>`, x, yy, memBox, memBox)
				} else {
					fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.0f" height="%.0f" fill="#fff" stroke="#005eb8" stroke-width="2"/>`, x+1, yy+1, memBox-2, memBox-2)
				}
				k++
			}
			if n := c.core + c.onCall; n > 0 {
				fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="chart__label">%d</text>`, 4+float64(min(n, memPerRow))*(memBox+memGap)+2, y+19, n)
			} else {
				fmt.Fprintf(&b, `<text x="4" y="%.0f" class="chart__label chart__label--muted">–</text>`, y+19)
			}
			y += heights[ri]
		}
		b.WriteString(`</g>`)
	}
	ly := memHeadH + total + 22
	fmt.Fprintf(&b, `<rect x="8" y="%.0f" width="12" height="12" fill="#005eb8"/><text x="26" y="%.0f" class="chart__label">core member</text>`, ly-10, ly)
	fmt.Fprintf(&b, `<rect x="143" y="%.0f" width="10" height="10" fill="#fff" stroke="#005eb8" stroke-width="2"/><text x="160" y="%.0f" class="chart__label">on call</text>`, ly-9, ly)
	b.WriteString(`</svg>`)

	t := ChartTable{Caption: "Roles in each area's team, by the kind of organisation that employs them", Corner: "Organisation"}
	for _, a := range cols {
		t.Head = append(t.Head, ChartCell{Key: a.Key, Text: a.Name})
	}
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
	return Chart{ID: id, Title: title, SVG: template.HTML(b.String()), Table: t}
}
