package search

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"intkb/builder"
)

// batchSize is how many documents go to Bleve at once.
const batchSize = 500

// Writer builds the index of a site while the site renders. Add may be
// called from many goroutines; documents are indexed in batches by a
// goroutine of the Writer's own.
type Writer struct {
	idx  bleve.Index
	docs chan []document
	done chan error
	once sync.Once
}

// NewWriter creates an index under outputDir (see IndexDir). It has the
// signature of builder.Options.NewIndex.
func NewWriter(outputDir string) (builder.PageIndexer, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	dir := IndexDir(outputDir)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	idx, err := bleve.New(dir, m)
	if err != nil {
		return nil, fmt.Errorf("search: creating the index: %w", err)
	}
	w := &Writer{idx: idx, docs: make(chan []document, 64), done: make(chan error, 1)}
	go w.run()
	return w, nil
}

func (w *Writer) run() {
	var firstErr error
	batch := w.idx.NewBatch()
	flush := func() {
		if batch.Size() == 0 || firstErr != nil {
			batch.Reset()
			return
		}
		if err := w.idx.Batch(batch); err != nil {
			firstErr = fmt.Errorf("search: indexing: %w", err)
		}
		batch.Reset()
	}
	for docs := range w.docs {
		for _, d := range docs {
			id := d.URL
			if d.Kind == kindSection {
				id = d.URL + "#" + d.SectionID
			}
			if err := batch.Index(id, d); err != nil && firstErr == nil {
				firstErr = fmt.Errorf("search: indexing %s: %w", id, err)
			}
		}
		if batch.Size() >= batchSize {
			flush()
		}
	}
	flush()
	w.done <- firstErr
}

// Add queues a page's documents. Pages that opt out of search are skipped.
func (w *Writer) Add(p *builder.Page) error {
	if !p.Searchable() {
		return nil
	}
	w.docs <- documents(p)
	return nil
}

// Close indexes what is queued and closes the index.
func (w *Writer) Close() error {
	var err error
	w.once.Do(func() {
		close(w.docs)
		err = <-w.done
		if cerr := w.idx.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("search: closing the index: %w", cerr)
		}
	})
	return err
}

// documents returns the page document and the section documents of p.
func documents(p *builder.Page) []document {
	m := p.Meta
	page := document{
		Kind:    kindPage,
		URL:     p.URL,
		Title:   m.Title,
		Summary: m.Summary,
		Type:    p.Type,
		Area:    m.Area,
		Cohorts: m.Cohorts,
		Updated: m.Updated.Time,
	}
	for _, t := range m.Tags {
		page.Tags = append(page.Tags, builder.Slugify(t))
	}
	if bp, ok := p.Front.(*builder.Blueprint); ok {
		page.IntegrationLevel = bp.Function.IntegrationLevel
	}
	var headings, body []byte
	for _, h := range p.Headings {
		headings = append(append(headings, h.Text...), ' ')
	}
	for _, part := range p.Parts {
		body = append(append(body, part.Text...), ' ')
	}
	page.Headings = string(headings)
	page.Body = string(body) + " " + builder.FrontText(p)
	docs := []document{page}
	for _, part := range p.Parts {
		docs = append(docs, document{Kind: kindSection, URL: p.URL, SectionID: part.ID, Headings: part.Heading, Body: part.Text})
	}
	return docs
}
