package search

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"

	"intkb/builder"
)

// batchSize is how many documents make one segment of the index before
// the segments are merged into one. A batch's analysed pages and its
// segment under construction are most of the build's heap at its peak,
// so a smaller batch lowers peak memory; 500 cost no CPU time measured
// against 1,000, nor 250 (with queueSize 128) against 500 (with 256),
// which lowered a 10,000-page build's peak from 1,025 to 1,071 MB to 941
// to 971 MB, in turns. The index is merged into one segment either way.
const batchSize = 250

// queueSize is how many analysed pages may wait for the index goroutine
// before Add waits too, which bounds the memory pages take while the
// index falls behind.
const queueSize = 128

// Writer builds the Bleve index of a site while the site renders. Add
// analyses a page on the caller's goroutine (many may call it at once)
// and queues it; one goroutine feeds the queue to Bleve's offline
// builder, which writes a segment of every batchSize pages as they come
// and merges them into one when the Writer closes. The result is one
// index with one segment: the whole site scores on the same statistics,
// and a query reads one dictionary.
type Writer struct {
	dir      string
	mapping  mapping.IndexMapping
	analyser *analyser
	queue    chan *analysedPage
	done     chan error
	failed   atomic.Pointer[error] // the index goroutine's error, once it has one
	mu       sync.RWMutex          // held by Add for reading, by Close to close the queue
	closed   bool
	scratch  string // the offline builder's scratch folder, once made; the index goroutine sets it before done
	closing  sync.Once
	closeErr error
	// kept is the index an earlier build kept (KeptIndexDir) to start
	// from, if any (see keptupdate.go), and keptDocs its table of
	// documents, or nil when it has none that can be read.
	kept      string
	keptDocs  map[string][sha256.Size]byte
	keptTable *docTable // all of the table
}

// NewWriter creates an index under outputDir (see IndexDir). It has the
// signature of builder.Options.NewIndex.
func NewWriter(outputDir string) (builder.PageIndexer, error) {
	return newWriter(outputDir, newAnalyser(), "")
}

func newWriter(outputDir string, a *analyser, kept string) (*Writer, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	dir := IndexDir(outputDir)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	w := &Writer{dir: dir, mapping: m, analyser: a, queue: make(chan *analysedPage, queueSize), done: make(chan error, 1), kept: kept}
	if kept != "" {
		if w.keptTable = readTable(kept); w.keptTable != nil {
			w.keptDocs = w.keptTable.Docs
		}
	}
	go w.run()
	return w, nil
}

// run indexes what comes through the queue until it closes: into a copy
// of the kept index, when there is one to take, or with Bleve's offline
// builder from nothing. Either way it then writes the table of
// documents, for the next build.
func (w *Writer) run() {
	var b *scorch.Builder
	var up *keptUpdate
	if w.keptDocs != nil {
		up = openKept(w.kept, w.keptTable, w.dir)
	}
	var firstErr error
	fail := func(err error) {
		firstErr = err
		w.failed.Store(&err)
	}
	docs := map[string][sha256.Size]byte{} // the table of this index's documents
	for p := range w.queue {
		if firstErr != nil {
			continue // drain, so that no Add waits for ever
		}
		sum := p.sum
		if sum == ([sha256.Size]byte{}) {
			sum = docDigest(p)
		}
		docs[p.doc.URL] = sum
		if up != nil {
			if err := up.add(p, sum); err != nil {
				fail(fmt.Errorf("search: updating the index with %s: %w", p.doc.URL, err))
			}
			continue
		}
		if b == nil {
			var err error
			if b, err = w.newBuilder(); err != nil {
				fail(err)
				continue
			}
		}
		if err := b.Index(bleveDocument(p.doc.URL, p)); err != nil {
			fail(fmt.Errorf("search: indexing %s: %w", p.doc.URL, err))
		}
	}
	switch {
	case firstErr != nil:
		if up != nil {
			up.idx.Close()
		}
	case up != nil && len(docs) == 0:
		// Every page gone: an empty index, as from nothing.
		up.idx.Close()
		if err := os.RemoveAll(w.dir); err != nil {
			firstErr = fmt.Errorf("search: %w", err)
		} else {
			firstErr = w.emptyIndex()
		}
	case up != nil:
		if err := up.finish(w.dir, docs); err != nil {
			firstErr = fmt.Errorf("search: updating the kept index (build with --clean to make it from nothing): %w", err)
		}
	case b == nil:
		// Bleve's builder cannot finish an index with no documents.
		firstErr = w.emptyIndex()
	default:
		if err := b.Close(); err != nil {
			firstErr = fmt.Errorf("search: finishing the index: %w", err)
		}
	}
	if firstErr == nil {
		if err := writeDocTable(w.dir, docs); err != nil {
			firstErr = fmt.Errorf("search: %w", err)
		}
	}
	w.done <- firstErr
}

// newBuilder starts the index: index_meta.json (see writeIndexMeta), a
// scratch folder, and Bleve's offline builder for the store, given the
// mapping to keep.
func (w *Writer) newBuilder() (*scorch.Builder, error) {
	if err := os.MkdirAll(w.dir, 0o755); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if err := writeIndexMeta(w.dir); err != nil {
		return nil, err
	}
	m, err := json.Marshal(w.mapping)
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	if w.scratch, err = os.MkdirTemp(filepath.Dir(w.dir), "scratch-"); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	b, err := scorch.NewBuilder(map[string]interface{}{
		"path":            filepath.Join(w.dir, indexStore),
		"buildPathPrefix": w.scratch,
		"batchSize":       batchSize,
		"mergeMax":        64,
		"internal":        map[string][]byte{string(util.MappingInternalKey): m},
	})
	if err != nil {
		return nil, fmt.Errorf("search: creating the index: %w", err)
	}
	return b, nil
}

func (w *Writer) emptyIndex() error {
	idx, err := bleve.New(w.dir, w.mapping)
	if err != nil {
		return fmt.Errorf("search: creating an empty index: %w", err)
	}
	return idx.Close()
}

// Add queues a page for indexing. Pages that opt out of search are
// skipped.
func (w *Writer) Add(p *builder.Page) error {
	ap, err := searchablePage(w.analyser, p)
	if ap == nil {
		return err
	}
	return w.add(ap)
}

func (w *Writer) add(p *analysedPage) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	switch {
	case w.closed:
		return errors.New("search: page added after Close")
	case w.failed.Load() != nil:
		return *w.failed.Load()
	}
	w.queue <- p
	return nil
}

// Close indexes what is queued, merges the segments and closes the
// index.
func (w *Writer) Close() error {
	w.closing.Do(func() {
		w.mu.Lock()
		w.closed = true
		close(w.queue)
		w.mu.Unlock()
		w.closeErr = <-w.done
		if err := w.removeScratch(); w.closeErr == nil {
			w.closeErr = err
		}
	})
	return w.closeErr
}

// removeScratch removes the builder's scratch folder, with whatever
// Bleve left in it.
func (w *Writer) removeScratch() error {
	if w.scratch == "" {
		return nil
	}
	if err := os.RemoveAll(w.scratch); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

// part is a section of a page as stored in the index.
type part struct {
	ID      string `json:"i,omitempty"`
	Heading string `json:"h,omitempty"`
	Text    string `json:"t"`
}

// analysedPage is a page as both indexes take it: its document, its
// sections, and its text fields analysed once, in the order of
// textFields.
type analysedPage struct {
	doc    document
	parts  []part
	fields [4]analysedText
	sum    [sha256.Size]byte // docDigest, when worked out before the page is queued for Bleve
	// body, when not zero, is the page's builder.Page.BodySum, which
	// stands for its last bodyParts parts, those its body gave it, in
	// docDigest.
	body      [sha256.Size]byte
	bodyParts int
	// later, when set, is the analyser of a page whose analysis was
	// left out, since both kept indexes have it: the Bleve index
	// analyses it with it if it must index it after all.
	later *analyser
	once  sync.Once
	// keptStatic says the static index takes the page's terms from the
	// index the last build kept (static.Page.Kept).
	keptStatic bool
	// unmade says doc's Body and Parts, made from parts and its Tail,
	// are not made yet (see fill): a page both kept indexes hold needs
	// neither.
	unmade bool
}

// fill makes doc's Body and Parts from parts and its Tail, once. It is
// called before the page's text is analysed or its document given to
// Bleve, on the goroutine that does it.
func (p *analysedPage) fill() {
	if p.unmade {
		p.doc.makeBody(p.parts)
		p.unmade = false
	}
}

// makeBody makes d's Body and Parts from its sections, parts, and its Tail.
func (d *document) makeBody(parts []part) {
	d.Body, d.Parts = bodyText(parts, d.Tail), encodeParts(parts)
}

// text returns the analysed text field named name.
func (p *analysedPage) text(name string) analysedText {
	p.once.Do(func() {
		if p.later != nil {
			p.analyse(p.later)
		}
	})
	for i, f := range textFields {
		if f == name {
			return p.fields[i]
		}
	}
	panic("search: no text field " + name)
}

// textFields are the page document's text fields, in the order the
// static index lists them.
var textFields = []string{"title", "headings", "summary", "body"}

// searchablePage returns p analysed for the indexes, or nil for a page
// that opts out of search.
func searchablePage(a *analyser, p *builder.Page) (*analysedPage, error) {
	if !p.Searchable() {
		return nil, nil
	}
	return analysePage(a, p)
}

// analysePage returns the document of p with its text analysed.
func analysePage(a *analyser, p *builder.Page) (*analysedPage, error) {
	ap, err := documentPage(p)
	if err != nil {
		return nil, err
	}
	ap.analyse(a)
	return ap, nil
}

// documentPage returns the document of p, not yet analysed, with its
// Body and Parts not yet made (fill).
func documentPage(p *builder.Page) (*analysedPage, error) {
	d, parts, err := unmadeDocument(p)
	if err != nil {
		return nil, err
	}
	return &analysedPage{doc: d, parts: parts, unmade: true, body: p.BodySum(), bodyParts: len(p.Parts)}, nil
}

// analyse analyses p's text fields.
func (p *analysedPage) analyse(a *analyser) {
	p.fill()
	var scratch []token
	d := &p.doc
	for i, text := range []string{d.Title, d.Headings, d.Summary, d.Body} {
		p.fields[i], scratch = a.field(text, scratch)
	}
}

// pageDocument returns the document for p and its sections.
func pageDocument(p *builder.Page) (document, []part, error) {
	d, parts, err := unmadeDocument(p)
	d.makeBody(parts)
	return d, parts, err
}

// unmadeDocument returns the document for p and its sections, but for
// the document's Body and Parts, which are made from the sections and
// the Tail.
func unmadeDocument(p *builder.Page) (document, []part, error) {
	m := p.Meta
	d := document{
		URL:     p.URL,
		Title:   m.Title,
		Summary: m.Summary,
		Facets:  facetTerms(p),
		Help:    p.Help(),
		Updated: m.Updated.Time,
	}
	var headings, tail strings.Builder
	parts := make([]part, 0, len(p.Parts)+1)
	for _, h := range p.Headings {
		headings.WriteString(h.Text)
		headings.WriteByte(' ')
	}
	if ft := builder.FrontText(p); ft != "" {
		// Structured fields are shown at the top of the page. First in
		// the body, their words keep their places through an edit to
		// the sections after them.
		parts = append(parts, part{Text: ft})
	}
	for _, pt := range p.Parts {
		parts = append(parts, part{ID: pt.ID, Heading: pt.Heading, Text: pt.Text})
	}
	for _, f := range builder.Facets {
		if !f.BodyLabels {
			continue
		}
		voc := f.Vocab(p.Vocabs())
		for _, v := range f.Values(p) {
			tail.WriteString(voc.Label(v))
			tail.WriteString(". ")
		}
	}
	if name := p.AreaName(); name != "" {
		// The area's name, so that "Saltmere" finds its pages, and an
		// imported blueprint's area, named by the other site.
		tail.WriteString(name)
		tail.WriteString(". ")
	}
	d.Headings = headings.String()
	d.Tail = tail.String()
	return d, parts, nil
}

// bodyText returns a page's body field: the text of each of its parts,
// then tail. The index stores the parts and the tail rather than the
// body, and a phrase in the body is checked against this text made again
// from them (phrase.go).
func bodyText(parts []part, tail string) string {
	n := len(tail)
	for _, pt := range parts {
		n += len(pt.Text) + 1
	}
	var b strings.Builder
	b.Grow(n)
	for _, pt := range parts {
		b.WriteString(pt.Text)
		b.WriteByte(' ')
	}
	b.WriteString(tail)
	return b.String()
}

// facetTerms returns p's terms of each facet, in the order of
// builder.Facets (see document.Facets).
func facetTerms(p *builder.Page) [][]string {
	out := make([][]string, len(builder.Facets))
	for i, f := range builder.Facets {
		out[i] = f.Terms(p)
		if !f.Multi && len(out[i]) == 0 {
			out[i] = []string{""}
		}
	}
	return out
}

// encodeParts packs sections for storing in the index: for each, its id,
// heading and text, each as a uvarint length and the bytes. A hit's
// sections are unpacked for every query that shows it, and this takes
// slices of the stored string where JSON would copy and unescape.
func encodeParts(parts []part) string {
	n := 0
	for _, p := range parts {
		n += len(p.ID) + len(p.Heading) + len(p.Text) + 3*binary.MaxVarintLen32
	}
	b := make([]byte, 0, n)
	for _, p := range parts {
		for _, s := range []string{p.ID, p.Heading, p.Text} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	return string(b)
}

// decodeParts unpacks what encodeParts packed. A stored value that does
// not decode gives the sections before the fault, so that a damaged index
// costs deep links, not answers.
func decodeParts(s string, parts []part) []part {
	for len(s) > 0 {
		var p part
		for _, f := range []*string{&p.ID, &p.Heading, &p.Text} {
			n, k := uvarint(s)
			if k <= 0 || n > uint64(len(s)-k) {
				return parts
			}
			*f, s = s[k:k+int(n)], s[k+int(n):]
		}
		parts = append(parts, p)
	}
	return parts
}

// uvarint is binary.Uvarint for a string.
func uvarint(s string) (uint64, int) {
	var x uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			return x | uint64(b)<<(7*i), i + 1
		}
		x |= uint64(b&0x7f) << (7 * i)
	}
	return 0, 0
}
