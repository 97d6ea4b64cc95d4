package search

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
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

// shardThreshold is how many pages a site needs before its index is split
// into shards. Bleve's BM25 statistics (page count, term frequencies,
// field lengths) are per shard, so a small site split in two would rank
// by the statistics of half of it; a large one splits into halves alike.
const shardThreshold = 2000

// Writer builds the index of a site while the site renders. Add may be
// called from many goroutines and never waits for indexing: documents
// queue, and one goroutine per shard indexes them with Bleve's offline
// builder, which writes segments as they fill and merges them once at the
// end. Open searches the shards as one index.
//
// Until shardThreshold pages have come, they wait; a site with fewer is
// indexed in one shard when the Writer closes. A larger one gets one
// shard per core, and each page goes to the shard its URL hashes to, so
// the same site always gives the same shards and the same scores.
type Writer struct {
	dir       string
	mapping   mapping.IndexMapping
	maxShards int
	mu        sync.Mutex
	ready     *sync.Cond
	pending   []document   // pages waiting for the number of shards to be known
	queues    [][]document // per shard
	closed    bool
	shards    []bleve.Builder
	done      chan error
	closing   sync.Once
	startErr  error
}

// NewWriter creates an index under outputDir (see IndexDir). It has the
// signature of builder.Options.NewIndex.
func NewWriter(outputDir string) (builder.PageIndexer, error) {
	return newWriter(outputDir, runtime.GOMAXPROCS(0))
}

func newWriter(outputDir string, maxShards int) (*Writer, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	dir := IndexDir(outputDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	w := &Writer{dir: dir, mapping: m, maxShards: max(1, maxShards)}
	w.ready = sync.NewCond(&w.mu)
	return w, nil
}

// startLocked creates n shards and hands them the pending pages. w.mu is
// held.
func (w *Writer) startLocked(n int) error {
	w.done = make(chan error, n)
	w.queues = make([][]document, n)
	for i := 0; i < n; i++ {
		b, err := bleve.NewBuilder(w.shardDir(i), w.mapping, map[string]interface{}{
			"batchSize":       batchSize,
			"mergeMax":        64,
			"buildPathPrefix": w.dir,
		})
		if err != nil {
			for _, s := range w.shards {
				s.Close()
			}
			w.shards = nil
			return fmt.Errorf("search: creating the index: %w", err)
		}
		w.shards = append(w.shards, b)
	}
	for _, d := range w.pending {
		w.enqueueLocked(d)
	}
	w.pending = nil
	for i := range w.shards {
		go w.run(i)
	}
	return nil
}

func (w *Writer) enqueueLocked(d document) {
	h := fnv.New32a()
	h.Write([]byte(d.URL))
	i := int(h.Sum32() % uint32(len(w.shards)))
	w.queues[i] = append(w.queues[i], d)
}

// next waits for a document for shard i; ok is false once the Writer is
// closed and the shard's queue is empty.
func (w *Writer) next(i int) (d document, ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.queues[i]) == 0 && !w.closed {
		w.ready.Wait()
	}
	q := w.queues[i]
	if len(q) == 0 {
		return d, false
	}
	d = q[len(q)-1]
	w.queues[i] = q[:len(q)-1]
	return d, true
}

func (w *Writer) run(i int) {
	var firstErr error
	n := 0
	for {
		d, ok := w.next(i)
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
	defer w.mu.Unlock()
	switch {
	case w.startErr != nil:
		return w.startErr
	case w.shards == nil:
		w.pending = append(w.pending, d)
		if len(w.pending) >= shardThreshold {
			w.startErr = w.startLocked(w.maxShards)
		}
	default:
		w.enqueueLocked(d)
	}
	w.ready.Broadcast()
	return w.startErr
}

// Close indexes what is queued, merges each shard's segments and closes
// the index.
func (w *Writer) Close() error {
	var err error
	w.closing.Do(func() {
		w.mu.Lock()
		if w.shards == nil && w.startErr == nil && len(w.pending) > 0 {
			w.startErr = w.startLocked(1)
		}
		w.closed = true
		started, startErr := len(w.shards), w.startErr
		w.mu.Unlock()
		w.ready.Broadcast()
		if startErr != nil {
			err = startErr
		}
		for range started {
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
