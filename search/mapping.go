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

// document is what is indexed for a page.
type document struct {
	URL              string    `json:"url"` // the page's URL relative to the site root
	Title            string    `json:"title"`
	Summary          string    `json:"summary"`
	Headings         string    `json:"headings"`
	Body             string    `json:"body"`
	Parts            string    `json:"parts"` // the page's h2 parts as JSON, stored for finding the section a hit links to
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
	// Term vectors hold word positions, which phrase queries need.
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = store
		f.IncludeTermVectors = true
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
	doc.AddFieldMappingsAt("url", kw(true))
	doc.AddFieldMappingsAt("title", text(true))
	doc.AddFieldMappingsAt("summary", text(true))
	doc.AddFieldMappingsAt("headings", text(false))
	doc.AddFieldMappingsAt("body", text(false))
	parts := bleve.NewTextFieldMapping()
	parts.Index = false
	parts.Store = true
	parts.IncludeInAll = false
	parts.DocValues = false
	doc.AddFieldMappingsAt("parts", parts)
	for _, f := range facetFields {
		doc.AddFieldMappingsAt(f, kw(f == "type" || f == "area"))
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
