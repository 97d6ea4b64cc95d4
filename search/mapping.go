package search

import (
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// IndexDir returns where the index of a site built into outputDir lives.
func IndexDir(outputDir string) string {
	return filepath.Join(outputDir, ".intkb", "search.bleve")
}

// document is what is indexed for a page.
type document struct {
	URL              string    `json:"url"` // the page's URL relative to the site root
	Title            string    `json:"title"`
	Summary          string    `json:"summary"`
	Headings         string    `json:"headings"`
	Body             string    `json:"body"`
	Parts            string    `json:"parts"` // the page's h2 parts (see encodeParts), stored for finding the section a hit links to
	Type             string    `json:"type,omitempty"`
	Area             string    `json:"area,omitempty"`
	Cohorts          []string  `json:"cohorts,omitempty"`
	Tags             []string  `json:"tags,omitempty"`
	IntegrationLevel string    `json:"integration_level,omitempty"`
	Updated          time.Time `json:"updated,omitempty"`
}

// Facet fields, in the order responses list them.
var facetFields = [...]string{"type", "area", "cohorts", "tags", "integration_level"}

// The kinds of field a page document has.
type fieldKind int

const (
	textField    fieldKind = iota // analysed English, with term vectors for phrases
	keywordField                  // one term, the value as it is, for filters and facets
	storedField                   // kept for showing hits, not searched
	dateField
)

// docFields are the fields of a page document. The mapping (newMapping)
// and the documents the index is built from (bleveDocument) both follow
// this list, so the two cannot drift apart. No field has doc values:
// facets are counted from the keyword fields' postings (see facets.go).
var docFields = []struct {
	name  string
	kind  fieldKind
	store bool
}{
	{"url", keywordField, true},
	{"title", textField, true},
	{"summary", textField, true},
	{"headings", textField, false},
	{"body", textField, false},
	{"parts", storedField, true},
	{"type", keywordField, true},
	{"area", keywordField, true},
	{"cohorts", keywordField, false},
	{"tags", keywordField, false},
	{"integration_level", keywordField, false},
	{"updated", dateField, true},
}

// fieldOptions returns how a field of kind k is indexed.
func fieldOptions(k fieldKind, store bool) index.FieldIndexingOptions {
	var o index.FieldIndexingOptions
	switch k {
	case textField:
		o = index.IndexField | index.IncludeTermVectors

	case keywordField, dateField:
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
		case textField, storedField:
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
	d := bdoc.NewDocument(id)
	for _, f := range docFields {
		opts := fieldOptions(f.kind, f.store)
		switch f.kind {
		case textField:
			d.AddField(&preAnalysedField{name: f.name, opts: opts, text: p.text(f.name)})
		case storedField:
			d.AddField(bdoc.NewTextFieldWithIndexingOptions(f.name, nil, []byte(p.doc.Parts), opts))
		case keywordField:
			for _, v := range keywordValues(&p.doc, f.name) {
				d.AddField(keywordValue(f.name, v, opts))
			}
		case dateField:
			if dt, err := bdoc.NewDateTimeFieldWithIndexingOptions(f.name, nil, p.doc.Updated, time.RFC3339, opts); err == nil {
				d.AddField(dt)
			}
		}
	}
	return d
}

// keywordValues returns the values of a page's keyword field. A field of
// one value is indexed even when empty, as Bleve's mapping indexes an
// empty string.
func keywordValues(d *document, field string) []string {
	switch field {
	case "url":
		return []string{d.URL}
	case "type":
		return []string{d.Type}
	case "area":
		return []string{d.Area}
	case "integration_level":
		return []string{d.IntegrationLevel}
	case "cohorts":
		return d.Cohorts
	case "tags":
		return d.Tags
	}
	return nil
}

// keywordValue is a keyword field holding v, analysed as Bleve's keyword
// analyzer does: one term, the whole value.
func keywordValue(name, v string, opts index.FieldIndexingOptions) *preAnalysedField {
	b := []byte(v)
	tf := &index.TokenFreq{Term: b}
	tf.SetFrequency(1)
	return &preAnalysedField{name: name, opts: opts, text: analysedText{text: v, length: 1, freqs: index.TokenFrequencies{v: tf}}}
}

// preAnalysedField is a field whose analysis is done: Bleve's Analyze is
// a no-op for it.
type preAnalysedField struct {
	name string
	opts index.FieldIndexingOptions
	text analysedText
}

func (f *preAnalysedField) Name() string                        { return f.name }
func (f *preAnalysedField) ArrayPositions() []uint64            { return nil }
func (f *preAnalysedField) Options() index.FieldIndexingOptions { return f.opts }
func (f *preAnalysedField) Analyze()                            {}
func (f *preAnalysedField) Value() []byte                       { return []byte(f.text.text) }
func (f *preAnalysedField) NumPlainTextBytes() uint64           { return uint64(len(f.text.text)) }
func (f *preAnalysedField) Size() int                           { return len(f.name) + len(f.text.text) }
func (f *preAnalysedField) EncodedFieldType() byte              { return 't' }
func (f *preAnalysedField) AnalyzedLength() int                 { return f.text.length }
func (f *preAnalysedField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	return f.text.freqs
}
