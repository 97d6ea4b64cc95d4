package search

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"sync"

	"intkb/builder"
)

// StaticDir returns where the static index of a site built into outputDir
// lives.
func StaticDir(outputDir string) string {
	return filepath.Join(outputDir, filepath.FromSlash(StaticPath))
}

// StaticPath is the static index's folder relative to the site root, as
// the search page's script fetches it. The builder reserves it: no file
// of the site may be published there.
const StaticPath = builder.SearchIndexDir

// StaticWriter builds the static index of a site while the site renders:
// Add analyses each page on the caller's goroutine and keeps its terms,
// and Close numbers the pages, builds the dictionary and postings and
// writes the files.
type StaticWriter struct {
	dir      string
	analyser *analyser
	mu       sync.Mutex
	docs     []*staticDoc
	closed   bool
}

// staticDoc is one page as the static index holds it until Close.
type staticDoc struct {
	doc    document
	parts  []part
	fields [4]staticField // textFields
}

// staticField is a text field's terms, each with its positions, and its
// length in terms as Bleve counts it.
type staticField struct {
	length int
	terms  []staticTerm
}

type staticTerm struct {
	term      string
	positions []int32
}

// NewStaticWriter creates a static index under outputDir (see StaticDir).
// It has the signature of builder.Options.NewIndex.
func NewStaticWriter(outputDir string) (builder.PageIndexer, error) {
	return newStaticWriter(outputDir, newAnalyser()), nil
}

func newStaticWriter(outputDir string, a *analyser) *StaticWriter {
	return &StaticWriter{dir: StaticDir(outputDir), analyser: a}
}

// Add analyses a page. Pages that opt out of search are skipped.
func (w *StaticWriter) Add(p *builder.Page) error {
	ap, err := searchablePage(w.analyser, p)
	if ap == nil {
		return err
	}
	return w.add(ap)
}

// add keeps what the static index needs of an analysed page: its terms
// and their positions, which positions count every word, so that phrases
// match across stop words as in Bleve.
func (w *StaticWriter) add(p *analysedPage) error {
	sd := &staticDoc{doc: p.doc, parts: p.parts}
	sd.doc.Headings, sd.doc.Body, sd.doc.Parts = "", "", "" // not needed: let them go
	for i := range p.fields {
		f := &p.fields[i]
		n := 0
		for _, tf := range f.freqs {
			n += len(tf.Locations)
		}
		slab := make([]int32, 0, n)
		terms := make([]staticTerm, 0, len(f.freqs))
		for term, tf := range f.freqs {
			start := len(slab)
			for _, l := range tf.Locations {
				slab = append(slab, int32(l.Position))
			}
			terms = append(terms, staticTerm{term: term, positions: slab[start:len(slab):len(slab)]})
		}
		sd.fields[i] = staticField{length: f.length, terms: terms}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return errors.New("search: static index: page added after Close")
	}
	w.docs = append(w.docs, sd)
	return nil
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
// that the search page queries on plain hosting (NewStaticWriter). Each
// page is analysed once, for both. It has the signature of
// builder.Options.NewIndex.
func NewIndexes(outputDir string) (builder.PageIndexer, error) {
	a := newAnalyser()
	bleveIndex, err := newWriter(outputDir, a)
	if err != nil {
		return nil, err
	}
	return &indexes{analyser: a, bleve: bleveIndex, static: newStaticWriter(outputDir, a)}, nil
}

// indexes adds each page, analysed once, to both indexes.
type indexes struct {
	analyser *analyser
	bleve    *Writer
	static   *StaticWriter
}

func (ix *indexes) Add(p *builder.Page) error {
	ap, err := searchablePage(ix.analyser, p)
	if ap == nil {
		return err
	}
	if err := ix.static.add(ap); err != nil {
		return err
	}
	return ix.bleve.add(ap)
}

// Close finishes both indexes at once: merging the Bleve index's
// segments and writing the static index's files each keep a core busy.
func (ix *indexes) Close() error {
	static := make(chan error, 1)
	go func() { static <- ix.static.Close() }()
	err := ix.bleve.Close()
	if serr := <-static; err == nil {
		err = serr
	}
	return err
}
