package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"intkb/builder"
	"intkb/builder/publish"
	"intkb/search/static"
)

// StaticWriter builds the static index of a site while the site renders:
// Add analyses each page on the caller's goroutine and files its terms in
// a static.Index, and Close writes it, with the query's rules.
type StaticWriter struct {
	dir      string
	opts     static.Options
	analyser *analyser
	index    *static.Index
	mu       sync.RWMutex // held by Add for reading, by Close to close
	closed   bool
}

// NewStaticWriter creates a static index under outputDir (see static.Dir).
// It has the signature of builder.Options.NewIndex.
func NewStaticWriter(outputDir string) (builder.PageIndexer, error) {
	return newStaticWriter(outputDir, newAnalyser()), nil
}

func newStaticWriter(outputDir string, a *analyser) *StaticWriter {
	return &StaticWriter{dir: static.Dir(outputDir), analyser: a, index: static.NewIndex()}
}

// Add analyses a page. Pages that opt out of search are skipped.
func (w *StaticWriter) Add(p *builder.Page) error {
	ap, err := searchablePage(w.analyser, p)
	if ap == nil {
		return err
	}
	return w.add(ap)
}

// add files what the static index needs of an analysed page: its terms
// and their positions, which positions count every word, so that phrases
// match across stop words as in Bleve.
func (w *StaticWriter) add(p *analysedPage) error {
	sp := &static.Page{URL: p.doc.URL, Title: p.doc.Title, Type: p.doc.single("type"), Area: p.doc.single("area"), Source: p.doc.single("source"),
		Summary: p.doc.Summary, Facets: p.doc.Facets, Help: p.doc.Help, Sections: make([]static.Section, len(p.parts)),
		Key: p.sum, Kept: p.keptStatic}
	for i, pt := range p.parts {
		sp.Sections[i] = static.Section{ID: pt.ID, Heading: pt.Heading, Text: pt.Text}
	}
	if !p.keptStatic {
		sp.Fields = fieldsOf(p)
	}
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return errors.New("search: static index: page added after Close")
	}
	w.index.Add(sp)
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
	w.mu.Unlock()
	rules := staticRules()
	if err := w.index.Write(w.dir, &rules, w.opts); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

// Wait waits until the index kept for the next build, which Close goes
// on writing, is written (builder.StateIndexer).
func (w *StaticWriter) Wait() { w.index.Wait() }

// WriteTo has the index's files written through out, the build's output
// (builder.OutputIndexer).
func (w *StaticWriter) WriteTo(out *publish.Output) { w.opts.Files = out }

// SearchMeta returns the static index's meta.json once Close has written
// it, for the search page to carry (builder.SearchMetaIndexer).
func (w *StaticWriter) SearchMeta() []byte { return w.index.Meta() }

// staticRules returns the query's rules, for the static index's
// meta.json.
func staticRules() static.Rules {
	r := static.Rules{Fields: textFields, TypoWeight: typoWeight, TypoLetters: typoMinLetters, TypoMaxLetters: typoMaxLetters,
		PrefixWeight: prefixWeight, PrefixTerms: maxPrefixTerms, ShortPrefix: shortPrefixLetters, ShortPrefixTerms: shortPrefixTerms, Snippet: snippetLength, Query: queryFields, Marks: wordMarks}
	for _, f := range textFields {
		for _, pf := range pageFields {
			if pf.name == f {
				r.Boosts = append(r.Boosts, pf.boost)
			}
		}
	}
	for w := range stopWords {
		r.Stop = append(r.Stop, w)
	}
	slices.Sort(r.Stop)
	return r
}

// NewOfflineIndex creates the index of a copy of the site made to be
// opened from a folder (builder.Options.Offline): the static index alone,
// each of its files also written as a script, which the search page can
// load where it cannot fetch files. The Bleve index is left out: only
// "intkb serve" and "intkb search" read it, and neither runs on a copy
// shared as a folder. It has the signature of builder.Options.NewIndex.
func NewOfflineIndex(outputDir string) (builder.PageIndexer, error) {
	w := newStaticWriter(outputDir, newAnalyser())
	w.opts.Scripts = true
	return w, nil
}

// NewIndexes creates both indexes of a built site: the Bleve index that
// "intkb serve" and "intkb search" query (NewWriter) and the static index
// that the search page queries on plain hosting (NewStaticWriter). Each
// page is analysed once, for both. It has the signature of
// builder.Options.NewIndex.
func NewIndexes(outputDir string) (builder.PageIndexer, error) {
	return newIndexes(outputDir, "", "", nil)
}

// NewIndexesFrom returns a builder.Options.NewIndex that makes both
// indexes, as NewIndexes does, but starts the Bleve index from a copy of
// the one kept at kept (KeptIndexDir) when it can be taken, indexing
// again only the pages whose documents changed (see keptupdate.go), and
// takes the static index's pages that did not change from the one kept
// beside it (static.ReadKept), which it keeps there for the next build.
// It is for a build that is its process's only one, as OpenKept says.
func NewIndexesFrom(kept string) func(outputDir string) (builder.PageIndexer, error) {
	return OpenKept(kept).NewIndexes
}

// NewIndexesAfresh returns a builder.Options.NewIndex that makes both
// indexes from nothing, as NewIndexes does, and keeps the static index
// beside the Bleve index kept at kept, for the next build that
// NewIndexesFrom makes (intkb build --clean).
func NewIndexesAfresh(kept string) func(outputDir string) (builder.PageIndexer, error) {
	return func(outputDir string) (builder.PageIndexer, error) {
		return newIndexes(outputDir, "", kept, static.ReadKept("", builder.StateNone))
	}
}

// KeptIndexes are the indexes a build kept for the next, at KeptIndexDir
// and beside it, which the next build starts from.
type KeptIndexes struct {
	dir    string // KeptIndexDir
	once   sync.Once
	static *static.Kept
}

// OpenKept returns the indexes kept at kept (KeptIndexDir), unread, for
// a build that is its process's only one (intkb build): the kept static
// index stays mapped into memory once read (builder.StateMapped).
func OpenKept(kept string) *KeptIndexes { return &KeptIndexes{dir: kept} }

// Read starts reading the kept static index, on a goroutine of its own,
// if it has not started: a build gives it as builder.Options.Prepare, so
// that it is read while the pages load.
func (k *KeptIndexes) Read() {
	k.once.Do(func() { k.static = static.ReadKept(filepath.Dir(k.dir), builder.StateMapped) })
}

// NewIndexes makes both indexes into outputDir from the kept ones, as
// NewIndexesFrom says. It has the signature of builder.Options.NewIndex.
func (k *KeptIndexes) NewIndexes(outputDir string) (builder.PageIndexer, error) {
	k.Read()
	return newIndexes(outputDir, k.dir, k.dir, k.static)
}

// newIndexes makes both indexes into outputDir: the Bleve index from the
// one kept at from, when it is not "" and can be taken, and the static
// index taking pages from keptStatic. With kept, the Bleve index's
// place in the state folder, it keeps the static index beside it.
func newIndexes(outputDir, from, kept string, keptStatic *static.Kept) (builder.PageIndexer, error) {
	a := newAnalyser()
	bleveIndex, err := newWriter(outputDir, a, from)
	if err != nil {
		return nil, err
	}
	ix := &indexes{analyser: a, bleve: bleveIndex, static: newStaticWriter(outputDir, a)}
	if kept != "" {
		state := filepath.Dir(kept)
		ix.keptStatic = keptStatic
		ix.static.index.Keep(state, keptStatic)
		// Where intkb kept each page's terms before the static index
		// was kept whole.
		os.RemoveAll(filepath.Join(state, "terms"))
	}
	return ix, nil
}

// indexes adds each page, analysed once at most, to both indexes.
type indexes struct {
	analyser *analyser
	bleve    *Writer
	static   *StaticWriter
	// keptStatic, in a build that keeps its indexes for the next, is the
	// static index the last build kept (static.ReadKept).
	keptStatic *static.Kept
	analysed   atomic.Int64 // pages analysed by a build that keeps its indexes
}

func (ix *indexes) Add(p *builder.Page) error {
	if ix.keptStatic == nil {
		ap, err := searchablePage(ix.analyser, p)
		if ap == nil {
			return err
		}
		return ix.add(ap)
	}
	if !p.Searchable() {
		return nil
	}
	ap, err := documentPage(p)
	if err != nil {
		return err
	}
	url := ap.doc.URL
	ap.sum = docDigest(ap) // the page's key in both indexes kept
	// A page is analysed only when one of the kept indexes lacks its
	// document. The Bleve update leaves out a page it has; should the
	// kept index not open after all, it analyses the page as it
	// indexes it.
	if !ix.bleve.reindexes(url, ap.sum) && ix.keptStatic.Has(url, ap.sum) {
		ap.keptStatic, ap.later = true, ix.analyser
		return ix.add(ap)
	}
	ix.analysed.Add(1)
	ap.analyse(ix.analyser)
	return ix.add(ap)
}

// fieldsOf returns p's analysed text fields as the static index takes
// them.
func fieldsOf(p *analysedPage) [len(static.Page{}.Fields)]static.Field {
	var out [len(static.Page{}.Fields)]static.Field
	for i := range p.fields {
		f := &p.fields[i]
		n := 0
		for _, tf := range f.freqs {
			n += len(tf.Locations)
		}
		slab := make([]int32, 0, n)
		terms := make([]static.Term, 0, len(f.freqs))
		for term, tf := range f.freqs {
			start := len(slab)
			for _, l := range tf.Locations {
				slab = append(slab, int32(l.Position))
			}
			terms = append(terms, static.Term{Term: term, Positions: slab[start:len(slab):len(slab)]})
		}
		out[i] = static.Field{Length: f.length, Terms: terms}
	}
	return out
}

// add adds an analysed page to both indexes.
func (ix *indexes) add(ap *analysedPage) error {
	if err := ix.static.add(ap); err != nil {
		return err
	}
	return ix.bleve.add(ap)
}

// SearchMeta returns the static index's meta.json, once Close has
// written it.
func (ix *indexes) SearchMeta() []byte { return ix.static.SearchMeta() }

// WriteTo has the static index's files written through out
// (builder.OutputIndexer).
func (ix *indexes) WriteTo(out *publish.Output) { ix.static.WriteTo(out) }

// Close finishes both indexes at once: merging the Bleve index's
// segments and writing the static index's files each keep a core busy.
// Wait waits until the static index kept for the next build is written
// (builder.StateIndexer).
func (ix *indexes) Wait() { ix.static.Wait() }

func (ix *indexes) Close() error {
	static := make(chan error, 1)
	go func() { static <- ix.static.Close() }()
	err := ix.bleve.Close()
	if serr := <-static; err == nil {
		err = serr
	}
	return err
}
