package search

import (
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// IndexDir returns where the index of a site built into outputDir lives.
func IndexDir(outputDir string) string {
	return filepath.Join(outputDir, ".intkb", "search.bleve")
}

// Document kinds.
const (
	kindPage    = "page"
	kindSection = "section"
)

// document is what is indexed: a page or one of its sections.
type document struct {
	Kind             string    `json:"kind"`
	URL              string    `json:"url"` // the page's URL relative to the site root
	Title            string    `json:"title,omitempty"`
	Summary          string    `json:"summary,omitempty"`
	Headings         string    `json:"headings,omitempty"`
	Body             string    `json:"body,omitempty"`
	SectionID        string    `json:"section_id,omitempty"`
	Type             string    `json:"type,omitempty"`
	Area             string    `json:"area,omitempty"`
	Cohorts          []string  `json:"cohorts,omitempty"`
	Tags             []string  `json:"tags,omitempty"`
	IntegrationLevel string    `json:"integration_level,omitempty"`
	Updated          time.Time `json:"updated,omitempty"`
}

// Facet fields, in the order responses list them.
var facetFields = []string{"type", "area", "cohorts", "tags", "integration_level"}

// newMapping returns the index mapping, validated.
func newMapping() (mapping.IndexMapping, error) {
	text := func(store, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = store
		f.IncludeTermVectors = vectors
		f.IncludeInAll = false
		return f
	}
	kw := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("kind", kw(false))
	doc.AddFieldMappingsAt("url", kw(true))
	doc.AddFieldMappingsAt("title", text(true, false))
	doc.AddFieldMappingsAt("summary", text(true, false))
	doc.AddFieldMappingsAt("headings", text(true, true))
	doc.AddFieldMappingsAt("body", text(true, true))
	doc.AddFieldMappingsAt("section_id", kw(true))
	for _, f := range facetFields {
		doc.AddFieldMappingsAt(f, kw(true))
	}
	updated := bleve.NewDateTimeFieldMapping()
	updated.Store = true
	updated.IncludeInAll = false
	doc.AddFieldMappingsAt("updated", updated)

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
