package search

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"intkb/builder"
)

// batchSize is how many documents make one segment of the index.
const batchSize = 1000

// Writer builds the index of a site while the site renders. Add may be
// called from many goroutines and never waits for indexing: documents
// queue, and one goroutine per core indexes them into a shard of its own
// with Bleve's offline builder, which writes segments as they fill and
// merges them once at the end. Open searches the shards as one index.
type Writer struct {
	dir     string
	mapping mapping.IndexMapping
	mu      sync.Mutex
	ready   *sync.Cond
	queue   []document
	closed  bool
	shards  []bleve.Builder
	done    chan error
	closing sync.Once
}

// NewWriter creates an index under outputDir (see IndexDir). It has the
// signature of builder.Options.NewIndex.
func NewWriter(outputDir string) (builder.PageIndexer, error) {
	return newWriter(outputDir, runtime.GOMAXPROCS(0))
}

func newWriter(outputDir string, shards int) (*Writer, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	dir := IndexDir(outputDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	w := &Writer{dir: dir, mapping: m, done: make(chan error, shards)}
	w.ready = sync.NewCond(&w.mu)
	for i := 0; i < shards; i++ {
		b, err := bleve.NewBuilder(w.shardDir(i), m, map[string]interface{}{
			"batchSize":       batchSize,
			"mergeMax":        64,
			"buildPathPrefix": dir,
		})
		if err != nil {
			for _, s := range w.shards {
				s.Close()
			}
			return nil, fmt.Errorf("search: creating the index: %w", err)
		}
		w.shards = append(w.shards, b)
	}
	for i := range w.shards {
		go w.run(i)
	}
	return w, nil
}

// next waits for a document to index; ok is false once the Writer is
// closed and the queue is empty.
func (w *Writer) next() (d document, ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.queue) == 0 && !w.closed {
		w.ready.Wait()
	}
	if len(w.queue) == 0 {
		return d, false
	}
	d = w.queue[len(w.queue)-1]
	w.queue = w.queue[:len(w.queue)-1]
	return d, true
}

func (w *Writer) run(i int) {
	var firstErr error
	n := 0
	for {
		d, ok := w.next()
		if !ok {
			break
		}
		if firstErr == nil {
			if err := w.shards[i].Index(d.URL, d); err != nil {
				firstErr = fmt.Errorf("search: indexing %s: %w", d.URL, err)
			}
			n++
		}
	}
	switch {
	case n == 0:
		// Bleve's builder cannot close with no documents: drop the shard.
		firstErr = os.RemoveAll(w.shardDir(i))
	default:
		if err := w.shards[i].Close(); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("search: finishing the index: %w", err)
		}
	}
	w.done <- firstErr
}

func (w *Writer) shardDir(i int) string { return filepath.Join(w.dir, fmt.Sprintf("shard-%d", i)) }

// Add queues a page for indexing. Pages that opt out of search are
// skipped.
func (w *Writer) Add(p *builder.Page) error {
	if !p.Searchable() {
		return nil
	}
	d, err := pageDocument(p)
	if err != nil {
		return err
	}
	w.mu.Lock()
	w.queue = append(w.queue, d)
	w.mu.Unlock()
	w.ready.Signal()
	return nil
}

// Close indexes what is queued, merges each shard's segments and closes
// the index.
func (w *Writer) Close() error {
	var err error
	w.closing.Do(func() {
		w.mu.Lock()
		w.closed = true
		w.mu.Unlock()
		w.ready.Broadcast()
		for range w.shards {
			if e := <-w.done; e != nil && err == nil {
				err = e
			}
		}
		if err == nil {
			err = w.finish()
		}
	})
	return err
}

// finish removes the builders' scratch folders and, when no page was
// indexed, leaves one empty shard so that the index opens.
func (w *Writer) finish() error {
	scratch, _ := filepath.Glob(filepath.Join(w.dir, "scorch-offline-build*"))
	for _, s := range scratch {
		if err := os.RemoveAll(s); err != nil {
			return fmt.Errorf("search: %w", err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(w.dir, "shard-*")); len(left) > 0 {
		return nil
	}
	idx, err := bleve.New(w.shardDir(0), w.mapping)
	if err != nil {
		return fmt.Errorf("search: creating an empty index: %w", err)
	}
	return idx.Close()
}

// part is a section of a page as stored in the index.
type part struct {
	ID      string `json:"i,omitempty"`
	Heading string `json:"h,omitempty"`
	Text    string `json:"t"`
}

// pageDocument returns the document for p.
func pageDocument(p *builder.Page) (document, error) {
	m := p.Meta
	d := document{
		URL:     p.URL,
		Title:   m.Title,
		Summary: m.Summary,
		Type:    p.Type,
		Area:    m.Area,
		Cohorts: m.Cohorts,
		Updated: m.Updated.Time,
	}
	for _, t := range m.Tags {
		d.Tags = append(d.Tags, builder.Slugify(t))
	}
	if bp, ok := p.Front.(*builder.Blueprint); ok {
		d.IntegrationLevel = bp.Function.IntegrationLevel
	}
	var headings, body strings.Builder
	parts := make([]part, 0, len(p.Parts)+1)
	for _, h := range p.Headings {
		headings.WriteString(h.Text)
		headings.WriteByte(' ')
	}
	for _, pt := range p.Parts {
		body.WriteString(pt.Text)
		body.WriteByte(' ')
		parts = append(parts, part{ID: pt.ID, Heading: pt.Heading, Text: pt.Text})
	}
	for _, c := range m.Cohorts {
		body.WriteString(builder.Vocabularies["cohort"].Label(c))
		body.WriteString(". ")
	}
	if ft := builder.FrontText(p); ft != "" {
		body.WriteString(ft)
		// Structured fields are shown at the top of the page.
		parts = append(parts, part{Text: ft})
	}
	d.Headings = headings.String()
	d.Body = body.String()
	data, err := json.Marshal(parts)
	if err != nil {
		return d, err
	}
	d.Parts = string(data)
	return d, nil
}
