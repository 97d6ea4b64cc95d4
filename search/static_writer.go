package search

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

	"intkb/builder"
)

// StaticDir returns where the static index of a site built into outputDir
// lives.
func StaticDir(outputDir string) string {
	return filepath.Join(outputDir, filepath.FromSlash(StaticPath))
}

// StaticPath is the static index's folder relative to the site root, as
// the search page's script fetches it.
const StaticPath = "search/index/"

// textFields are the page document's text fields, in the order the
// static index lists them.
var textFields = []string{"title", "headings", "summary", "body"}

// StaticWriter builds the static index of a site while the site renders:
// Add analyses each page on the caller's goroutine, and Close numbers the
// pages, builds the dictionary and postings and writes the files.
type StaticWriter struct {
	dir      string
	analyzer analysis.Analyzer
	mu       sync.Mutex
	docs     []*staticDoc
	closed   bool
}

// staticDoc is one page as the static index holds it.
type staticDoc struct {
	doc    document
	parts  []part
	fields [4]analysedField // textFields
}

// analysedField is a text field's terms with their positions, and its
// length in terms as the index counts it.
type analysedField struct {
	length int
	terms  map[string][]int
}

// NewStaticWriter creates a static index under outputDir (see StaticDir).
// It has the signature of builder.Options.NewIndex.
func NewStaticWriter(outputDir string) (builder.PageIndexer, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	impl, ok := m.(*mapping.IndexMappingImpl)
	if !ok {
		return nil, errors.New("search: unexpected index mapping")
	}
	a := impl.AnalyzerNamed(en.AnalyzerName)
	if a == nil {
		return nil, errors.New("search: the English analyzer is missing")
	}
	return &StaticWriter{dir: StaticDir(outputDir), analyzer: a}, nil
}

// Add analyses a page. Pages that opt out of search are skipped.
func (w *StaticWriter) Add(p *builder.Page) error {
	if !p.Searchable() {
		return nil
	}
	d, err := pageDocument(p)
	if err != nil {
		return err
	}
	sd := &staticDoc{doc: d}
	for _, pt := range p.Parts {
		sd.parts = append(sd.parts, part{ID: pt.ID, Heading: pt.Heading, Text: pt.Text})
	}
	if ft := builder.FrontText(p); ft != "" {
		sd.parts = append(sd.parts, part{Text: ft})
	}
	for i, text := range []string{d.Title, d.Headings, d.Summary, d.Body} {
		sd.fields[i] = w.analyse(text)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return errors.New("search: static index: page added after Close")
	}
	w.docs = append(w.docs, sd)
	return nil
}

// analyse runs the index's analyzer over text, as Bleve does for a text
// field: the length counts terms after stop words are dropped, and
// positions count every word, so that phrases match across stop words.
func (w *StaticWriter) analyse(text string) analysedField {
	tokens := w.analyzer.Analyze([]byte(text))
	f := analysedField{length: len(tokens), terms: make(map[string][]int, len(tokens))}
	for _, t := range tokens {
		term := string(t.Term)
		f.terms[term] = append(f.terms[term], t.Position)
	}
	return f
}

// Close writes the index.
func (w *StaticWriter) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	docs := w.docs
	w.docs = nil
	w.mu.Unlock()
	sort.Slice(docs, func(i, j int) bool { return docs[i].doc.URL < docs[j].doc.URL })
	if err := writeStatic(w.dir, docs); err != nil {
		return fmt.Errorf("search: static index: %w", err)
	}
	return nil
}

// NewIndexes creates both indexes of a built site: the Bleve index that
// "intkb serve" and "intkb search" query (NewWriter) and the static index
// that the search page queries on plain hosting (NewStaticWriter). It has
// the signature of builder.Options.NewIndex.
func NewIndexes(outputDir string) (builder.PageIndexer, error) {
	bleveIndex, err := NewWriter(outputDir)
	if err != nil {
		return nil, err
	}
	static, err := NewStaticWriter(outputDir)
	if err != nil {
		bleveIndex.Close()
		return nil, err
	}
	return indexers{bleveIndex, static}, nil
}

// indexers adds each page to several indexes.
type indexers []builder.PageIndexer

func (ix indexers) Add(p *builder.Page) error {
	for _, i := range ix {
		if err := i.Add(p); err != nil {
			return err
		}
	}
	return nil
}

func (ix indexers) Close() error {
	var first error
	for _, i := range ix {
		if err := i.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
