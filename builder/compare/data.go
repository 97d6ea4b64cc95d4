package compare

// This file holds what a static build writes for the filter-first
// comparison on plain hosting: a small index of the areas with their
// facet values, and one record per area with its matrix cells, which
// compare-scale.js reads. The script knows no vocabulary, row or rule of
// the comparison but those the files carry: it filters and counts by the
// facets' values, and lays the cells out as the rows say.

// IndexData is compare/areas.json.
type IndexData struct {
	MaxColumns int         `json:"maxColumns"`
	MaxListed  int         `json:"maxListed"`
	MaxSummary int         `json:"maxSummary"` // MaxSummaryValues
	NotGiven   string      `json:"notGiven"`   // the words of an empty cell
	Facets     []FacetData `json:"facets"`
	Groups     []GroupData `json:"groups"`
	Areas      []AreaData  `json:"areas"`
}

// FacetData is one facet: its values, in order.
type FacetData struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	Filter bool   `json:"filter,omitempty"`
	// Pages is where the prepared page of each value is in the site (as
	// Facet.Pages): the value and a slash after it; empty without.
	Pages   string       `json:"pages,omitempty"`
	Options []OptionData `json:"options"`
}

// OptionData is one value of a facet.
type OptionData struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// GroupData is one group of the matrix's rows.
type GroupData struct {
	ID    string    `json:"id"`
	Title string    `json:"title"`
	Rows  []RowData `json:"rows"`
}

// RowData is one row of the matrix: Compared rows are those whose cells
// are marked where they differ from most (see markDifferences).
type RowData struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	Compared bool   `json:"compared,omitempty"`
}

// AreaData is one area in the index. Values holds, for each facet in
// order, the indexes of the area's values among the facet's options;
// Text is what a name filter's words are looked for in.
type AreaData struct {
	Key    string  `json:"key"`
	Name   string  `json:"name"`
	Href   string  `json:"href,omitempty"`
	Source string  `json:"source,omitempty"`
	Text   string  `json:"text"`
	Values [][]int `json:"values"`
}

// RecordData is compare/area/KEY.json: one area's column.
type RecordData struct {
	Key     string              `json:"key"`
	Name    string              `json:"name"`
	Href    string              `json:"href,omitempty"`
	Setting string              `json:"setting,omitempty"`
	Source  string              `json:"source,omitempty"`
	Cells   map[string]CellData `json:"cells"`
}

// CellData is one cell: its values in words (a list when List), the note
// beside them, and Match, what differences are judged on. A row the area
// does not fill has no cell: it is empty, with Match "".
type CellData struct {
	Values []string `json:"values,omitempty"`
	List   bool     `json:"list,omitempty"`
	Note   string   `json:"note,omitempty"`
	Match  string   `json:"match,omitempty"`
}

// Data returns the index of ix for compare/areas.json.
func (ix *Index) Data(maxColumns int) IndexData {
	d := IndexData{MaxColumns: maxColumns, MaxListed: MaxListed, MaxSummary: MaxSummaryValues, NotGiven: "Not given"}
	for _, f := range ix.Facets {
		fd := FacetData{Key: f.Key, Label: f.Label, Filter: f.Filter, Pages: f.Pages, Options: []OptionData{}}
		for _, o := range f.Options {
			fd.Options = append(fd.Options, OptionData{Value: o.Value, Label: o.Label})
		}
		d.Facets = append(d.Facets, fd)
	}
	for _, g := range compareLayout {
		gd := GroupData{ID: g.id, Title: g.title}
		for _, r := range g.rows {
			gd.Rows = append(gd.Rows, RowData{Key: r.key, Label: r.label, Compared: r.compared})
		}
		d.Groups = append(d.Groups, gd)
	}
	for ai, a := range ix.Areas {
		ad := AreaData{Key: a.Key, Name: a.Name, Href: a.Href, Text: ix.names[ai], Values: make([][]int, len(ix.values[ai]))}
		if a.Imported {
			ad.Source = a.Source
		}
		for i, v := range ix.values[ai] {
			ad.Values[i] = append([]int{}, v...)
		}
		d.Areas = append(d.Areas, ad)
	}
	return d
}

// Record returns a's column for compare/area/KEY.json.
func Record(a *Area) RecordData {
	r := RecordData{Key: a.Key, Name: a.Name, Href: a.Href, Setting: a.Setting, Cells: map[string]CellData{}}
	if a.Imported {
		r.Source = a.Source
	}
	for _, g := range compareLayout {
		for _, spec := range g.rows {
			c := spec.cell(a.vocabs(), a.Blueprint)
			if c.Empty() {
				continue
			}
			r.Cells[spec.key] = CellData{Values: c.Values, List: c.List, Note: c.Note, Match: c.Match}
		}
	}
	return r
}
