package search

import (
	"path/filepath"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"intkb/builder"
)

// IndexDir returns where the index of a site built into outputDir lives.
func IndexDir(outputDir string) string {
	return filepath.Join(outputDir, ".intkb", "search.bleve")
}

// document is what is indexed for a page.
type document struct {
	URL      string `json:"url"` // the page's URL relative to the site root
	Title    string `json:"title"`
	Summary  string `json:"summary"`
	Headings string `json:"headings"`
	Body     string `json:"body"`
	Parts    string `json:"parts"` // the page's h2 parts (see encodeParts), stored for finding the section a hit links to
	// Tail is the words the body holds after its parts' text (bodyText):
	// stored, so that a phrase in the body can be checked against its
	// text (phrase.go).
	Tail string `json:"tail"`
	// Facets holds the page's terms of each of builder.Facets, in its
	// order: for a facet of one value per page, one term, which is empty
	// when the page has no value, as Bleve's mapping indexes an empty
	// string.
	Facets  [][]string `json:"-"`
	Help    bool       `json:"-"` // a help page (builder.Page.Help), listed after the others (see rank.go)
	Updated time.Time  `json:"updated,omitempty"`
}

// facet returns the document's terms of the facet whose index field is
// field.
func (d *document) facet(field string) []string {
	if i, ok := facetIndex[field]; ok && i < len(d.Facets) {
		return d.Facets[i]
	}
	return nil
}

// single returns the document's term of a facet of one value per page.
func (d *document) single(field string) string {
	if vs := d.facet(field); len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// facetFields are the facets' index fields, in the order of
// builder.Facets: the order in which facets are counted and the Bleve
// mapping lists them. Responses are objects, so their order is not
// this.
var facetFields = func() []string {
	out := make([]string, len(builder.Facets))
	for i, f := range builder.Facets {
		out[i] = f.Field
	}
	return out
}()

// facetIndex gives each facet's place in builder.Facets, by index field.
var facetIndex = func() map[string]int {
	m := make(map[string]int, len(builder.Facets))
	for i, f := range builder.Facets {
		m[f.Field] = i
	}
	return m
}()

// facetByField returns the facet whose index field is field, or nil.
func facetByField(field string) *builder.Facet {
	if i, ok := facetIndex[field]; ok {
		return &builder.Facets[i]
	}
	return nil
}

// hitFacets are the facets a hit shows (Hit.Type, Hit.Area and
// Hit.Source): the index stores their values, and the static index's
// page files carry them.
var hitFacets = []string{"type", "area", "source"}

// The kinds of field a page document has.
type fieldKind int

const (
	textField    fieldKind = iota // analysed English, with term vectors for phrases
	plainField                    // analysed English, with no term vectors: a phrase in it is checked against its stored text (phrase.go)
	keywordField                  // one term, the value as it is, for filters and facets
	storedField                   // kept for showing hits, or for checking phrases, not searched
	dateField
)

// A docField is a field of a page document.
type docField struct {
	name  string
	kind  fieldKind
	store bool
}

// docFields are the fields of a page document: its text, then each
// facet's keyword field, whether it is a help page, then its date. The mapping (newMapping) and the
// documents the index is built from (bleveDocument) both follow this
// list, so the two cannot drift apart. No field has doc values: facets
// are counted from the keyword fields' postings (see facets.go).
var docFields = func() []docField {
	fs := []docField{
		{"url", keywordField, true},
		{"title", textField, true},
		{"summary", textField, true},
		{"headings", textField, false},
		{"body", plainField, false},
		{"parts", storedField, true},
		{"tail", storedField, true},
	}
	for _, f := range facetFields {
		fs = append(fs, docField{f, keywordField, slices.Contains(hitFacets, f)})
	}
	return append(fs, docField{helpField, keywordField, false}, docField{"updated", dateField, true})
}()

// kindOf returns the kind of the page document's field name.
func kindOf(name string) fieldKind {
	for _, f := range docFields {
		if f.name == name {
			return f.kind
		}
	}
	panic("search: no field " + name)
}

// fieldOptions returns how a field of kind k is indexed.
func fieldOptions(k fieldKind, store bool) index.FieldIndexingOptions {
	var o index.FieldIndexingOptions
	switch k {
	case textField:
		o = index.IndexField | index.IncludeTermVectors

	case plainField, keywordField, dateField:
		o = index.IndexField
	}
	if store || k == storedField {
		o |= index.StoreField
	}
	return o
}

// newMapping returns the index mapping, validated.
func newMapping() (mapping.IndexMapping, error) {
	doc := bleve.NewDocumentStaticMapping()
	for _, f := range docFields {
		var fm *mapping.FieldMapping
		switch f.kind {
		case textField, plainField, storedField:
			fm = bleve.NewTextFieldMapping()
			fm.Analyzer = en.AnalyzerName
		case keywordField:
			fm = bleve.NewKeywordFieldMapping()
			fm.Analyzer = keyword.Name
		case dateField:
			fm = bleve.NewDateTimeFieldMapping()
		}
		o := fieldOptions(f.kind, f.store)
		fm.Index = o.IsIndexed()
		fm.Store = o.IsStored()
		fm.IncludeTermVectors = o.IncludeTermVectors()
		fm.DocValues = false
		fm.IncludeInAll = false
		doc.AddFieldMappingsAt(f.name, fm)
	}
	// No field goes into Bleve's catch-all field.
	all := bleve.NewDocumentDisabledMapping()
	doc.AddSubDocumentMapping("_all", all)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName
	m.ScoringModel = index.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

// bleveDocument returns the Bleve document of an analysed page, with id as
// its id, as the mapping would make it from p.doc, but with the text
// fields analysed already.
func bleveDocument(id string, p *analysedPage) *bdoc.Document {
	p.fill()
	d := bdoc.NewDocument(id)
	for _, f := range docFields {
		opts := fieldOptions(f.kind, f.store)
		switch f.kind {
		case textField, plainField:
			d.AddField(&preAnalysedField{name: f.name, opts: opts, text: p.text(f.name)})
		case storedField:
			d.AddField(bdoc.NewTextFieldWithIndexingOptions(f.name, nil, []byte(p.doc.stored(f.name)), opts))
		case keywordField:
			// With no analyzer, Bleve indexes a text field as one
			// term, the whole value, as its keyword analyzer does.
			for _, v := range keywordValues(&p.doc, f.name) {
				d.AddField(bdoc.NewTextFieldWithIndexingOptions(f.name, nil, []byte(v), opts))
			}
		case dateField:
			if dt, err := bdoc.NewDateTimeFieldWithIndexingOptions(f.name, nil, p.doc.Updated, time.RFC3339, opts); err == nil {
				d.AddField(dt)
			}
		}
	}
	return d
}

// stored returns the value of a stored field of d.
func (d *document) stored(field string) string {
	switch field {
	case "parts":
		return d.Parts
	case "tail":
		return d.Tail
	}
	panic("search: no stored field " + field)
}

// keywordValues returns the values of a page's keyword field: its URL,
// helpTerm for a help page, or its terms of a facet.
func keywordValues(d *document, field string) []string {
	switch {
	case field == "url":
		return []string{d.URL}
	case field == helpField && d.Help:
		return []string{helpTerm}
	case field == helpField:
		return nil
	}
	return d.facet(field)
}
