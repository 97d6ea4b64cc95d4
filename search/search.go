package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"intkb/builder"
)

// Limits on a request. MaxPage keeps the offset of a page's first
// result, (Page-1)*Size, far from overflowing an int, which once made a
// request for page 4611686018427387905 panic; with MaxSize it reaches the
// millionth result, beyond any knowledge base.
const (
	DefaultSize = 10
	MaxSize     = 100
	MaxPage     = 10_000
)

// Filters narrows a search: it holds the values of each facet's filter,
// by the facet's name (builder.Facet.Param), such as
// Filters{"cohort": {"frailty"}}. Values of one filter are alternatives;
// filters on different facets must all match.
type Filters map[string][]string

// Request is one search.
type Request struct {
	Query   string
	Filters Filters
	Page    int // from 1; 0 means 1
	Size    int // 0 means DefaultSize
}

// Validate reports what is wrong with r, for a 400 answer.
func (r Request) Validate() error {
	switch {
	case len(r.Query) > MaxQueryLength:
		return fmt.Errorf("query is %d characters long: the most is %d", len(r.Query), MaxQueryLength)
	case r.Size < 0 || r.Size > MaxSize:
		return fmt.Errorf("size %d is out of range: use 1 to %d", r.Size, MaxSize)
	case r.Page < 0:
		return fmt.Errorf("page %d is out of range: pages count from 1", r.Page)
	case r.Page > MaxPage:
		return fmt.Errorf("page %d is out of range: use 1 to %d", r.Page, MaxPage)
	}
	return nil
}

// Response is a page of results.
type Response struct {
	Query  string                    `json:"query"`
	Total  uint64                    `json:"total"`
	TookMS float64                   `json:"took_ms"`
	Page   int                       `json:"page"`
	Size   int                       `json:"size"`
	Hits   []Hit                     `json:"hits"`
	Facets map[string]map[string]int `json:"facets"`

	sorted [][]facetCount                  // Facets in their JSON's order, when the search gave them so (see facetCounts.sorted)
	json   atomic.Pointer[encodedResponse] // the response as the API sends it, once encoded
}

// Hit is one page found, linked to its best-matching section.
type Hit struct {
	URL   string `json:"url"` // relative to the site root, with #section when a section matched best
	Title string `json:"title"`
	Type  string `json:"type"`
	Area  string `json:"area,omitempty"`
	// Source is the [[import]] an imported blueprint came from, shown as
	// "from SOURCE"; its URL is then the other site's own page, absolute.
	Source  string  `json:"source,omitempty"`
	Section string  `json:"section,omitempty"` // the heading of the section linked to
	Snippet string  `json:"snippet"`           // HTML: escaped text with <mark> around matches
	Score   float64 `json:"score"`
}

// Index is an open, read-only search index. It is safe for concurrent use.
type Index struct {
	cache     *lru[string, *Response]
	pages     *lru[string, *storedPage] // by document id
	idx       bleve.Index               // what queries run on: the build's index, and any delta
	base      *baseIndex
	delta     map[string]*analysedPage // pages changed since the build, by URL
	facets    *facetTables
	typos     *typoTables
	analyser  *analyser
	numbers   *termNumbers // the terms of the pages read for hits (see shownTexts)
	bodies    *bodyTerms   // the bodies phrases were checked in (see bodyPhraseQuery)
	closeOnce sync.Once
	closeErr  error
}

// Open opens the index of a site built into outputDir, read-only.
func Open(outputDir string) (*Index, error) {
	return OpenDir(IndexDir(outputDir))
}

// OpenDir opens the index in the folder dir, read-only: IndexDir's, or
// KeptIndexDir's. An index a build updated and left unmerged (see
// keptupdate.go) is merged first, and left merged in dir where dir can
// be written; where it cannot, the merged copy is in the system's
// temporary folder until the Index closes.
func OpenDir(dir string) (*Index, error) {
	x, err := openDir(dir)
	for tries := 0; errors.Is(err, errUnmerged); tries++ {
		if tries == 3 {
			return nil, fmt.Errorf("search: the index at %s was replaced while it was merged, %d times: search again once the build has finished", dir, tries)
		}
		merged, remove, merr := mergeKept(dir)
		switch {
		case errors.Is(merr, errIndexReplaced):
			x, err = openDir(dir)
		case merr != nil:
			return nil, fmt.Errorf("search: merging the index at %s: %w", dir, merr)
		default:
			if x, err = openDir(merged); err != nil {
				os.RemoveAll(remove)
			} else {
				x.base.remove = remove
			}
		}
	}
	return x, err
}

// errUnmerged is openDir's for an index not in one segment holding no
// deleted documents (whole), which it leaves for OpenDir to merge before
// it reads the index's tables.
var errUnmerged = errors.New("search: the index is not merged")

func openDir(dir string) (*Index, error) {
	// Older intkb wrote an alias of shard-N indexes here: a layout of
	// intkb's own, not Bleve's.
	if old, _ := filepath.Glob(filepath.Join(dir, "shard-*")); len(old) > 0 {
		return nil, fmt.Errorf("search: the index at %s was written by an older intkb: build the site again", dir)
	}
	idx, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) || errors.Is(err, bleve.ErrorIndexMetaMissing) {
		return nil, fmt.Errorf("search: no index at %s: build the site first", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("search: opening %s: %w", dir, err)
	}
	m, ok := idx.Mapping().(*mapping.IndexMappingImpl)
	if !ok || m.AnalyzerNamed(en.AnalyzerName) == nil {
		idx.Close()
		return nil, errors.New("search: the index's mapping is not intkb's: build the site again")
	}
	r, err := snapshot(idx)
	if err != nil {
		idx.Close()
		return nil, fmt.Errorf("search: %w", err)
	}
	merged := whole(r)
	r.Close()
	if !merged {
		idx.Close()
		return nil, errUnmerged
	}
	base := &baseIndex{idx: idx, mapping: m}
	base.refs.Store(1)
	// Read the facet values now rather than on the first query.
	if base.reader, err = warm(&base.facets, idx); err != nil {
		idx.Close()
		return nil, err
	}
	a := newAnalyser()
	base.bodies = newBodyTerms(a, base.reader)
	base.counts = newTermCounts(base.reader)
	base.known = newPrefixCache(base.reader)
	base.postings = newPostingsCache(base.reader)
	return &Index{idx: idx, base: base, analyser: a, numbers: newTermNumbers(), bodies: base.bodies, cache: newLRU[string, *Response](cacheSize), pages: newPagesCache(), facets: base.facets.copy(),
		typos: &typoTables{shared: &base.typos, base: base.reader}}, nil
}

// snapshot returns a reader of idx's current snapshot, for the caller
// to close.
func snapshot(idx bleve.Index) (index.IndexReader, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// warm reads the facet table of idx's snapshot into ts, and returns the
// snapshot.
func warm(ts *facetTables, idx bleve.Index) (index.IndexReader, error) {
	r, err := snapshot(idx)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer r.Close()
	_, err = ts.get(r)
	return r, err
}

// Close closes the index, and the build's index files once no updated
// Index shares them. Closing it again does nothing: Bleve's own Close
// panics the second time.
func (x *Index) Close() error {
	x.closeOnce.Do(func() {
		x.typos.close()
		if _, ok := x.idx.(*deltaIndex); ok {
			x.closeErr = x.idx.Close()
		}
		if err := x.base.release(); x.closeErr == nil {
			x.closeErr = err
		}
	})
	return x.closeErr
}

// WarmPhrases analyses the body of every page of the index, on a
// goroutine of its own, as a phrase in the body would the first time it
// is checked in the page (see bodyPhraseQuery): so that a server's first
// phrases cost what later ones do. At 10,000 pages this took 2 s of one
// core; the bodies kept take 24 MB, and intkb serve's anonymous memory
// grew by 124 MB (to 419 MB), the rest being the heap the garbage
// collector grew to while it ran. It stops when its room is full, or
// when the index closes; Close waits for it, at most a page's analysis.
func (x *Index) WarmPhrases() {
	x.base.warming.Add(1)
	go func() {
		defer x.base.warming.Done()
		x.bodies.warm(x.base)
	}()
}

// DocCount returns how many documents the index holds.
func (x *Index) DocCount() (uint64, error) { return x.idx.DocCount() }

// Field boosts for the page documents.
var pageFields = []struct {
	name  string
	boost float64
}{{"title", 4}, {"headings", 2}, {"summary", 2}, {"body", 1}}

// How a word of a query matches beyond its own terms: a term one typo
// away weighs typoWeight of the field's boost, and a term the last word
// is a prefix of weighs prefixWeight. A word tolerates a typo only when
// it and each of its terms have typoMinLetters letters or more (see
// typoTolerant).
//
// A term with more than typoMaxLetters letters is never a typo away from
// a query's: a query is at most MaxQueryLength bytes, and so its words
// have at most that many letters. The typo tables list no deletions of
// such a term, which for a term of n letters would cost n², so that a
// page holding one long string, such as 500 KB of one word, is indexed
// as fast as any other.
const (
	typoWeight     = 0.3
	prefixWeight   = 0.5
	typoMinLetters = 5
	typoMaxLetters = MaxQueryLength + 1
)

// typoTolerant reports whether word, whose analysed terms are terms,
// matches with one typo: when it and each of its terms have
// typoMinLetters letters or more, since a typo in a shorter stem, such as
// "home", matches too many other words.
func typoTolerant(word string, terms []string) bool {
	if utf8.RuneCountInString(word) < typoMinLetters {
		return false
	}
	for _, t := range terms {
		if utf8.RuneCountInString(t) < typoMinLetters {
			return false
		}
	}
	return true
}

// Search runs r. An empty query returns no hits. The response may be
// shared with other callers, so it must not be changed.
func (x *Index) Search(r Request) (*Response, error) {
	start := time.Now()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Size == 0 {
		r.Size = DefaultSize
	}
	key := cacheKey(r)
	if res, ok := x.cache.get(key); ok {
		return res, nil
	}
	// Searches run a core at a time each, the rest waiting their turn in
	// order (see searchSlots): when more come than the cores can take, they
	// are answered first come, first served, rather than each slowed by all.
	searchSlots <- struct{}{}
	defer func() { <-searchSlots }()
	if res, ok := x.cache.get(key); ok {
		return res, nil // asked again while this one waited
	}
	res, err := x.search(r, start)
	if err == nil {
		x.cache.put(key, res)
	}
	return res, err
}

// searchSlots holds a token for each search running past the cache: as
// many as there are cores. A search keeps a core busy from start to end,
// so more at once only share the cores, and under a burst each of them
// would take as long as the whole burst; Go's scheduler, which runs the
// goroutine woken last first, would leave some for far longer. Searches
// beyond the slots wait on the channel, which lets them in in the order
// they came. Responses from the cache never wait.
var searchSlots = make(chan struct{}, runtime.GOMAXPROCS(0))

func (x *Index) search(r Request, start time.Time) (*Response, error) {
	q := ParseQuery(r.Query)
	prefixed := &termSet{}
	return x.answer(r, q, x.pageQuery(q, r.Filters, prefixed), prefixed, start)
}

// answer runs main, the query over page documents made of r's parsed
// query q (nil when q has nothing to search for), and returns r's
// response: the page of hits r asks for, each linked to its best section
// with its snippet, and the facets counted over all hits. prefixed
// receives the terms the last word stands for as a prefix as main runs.
func (x *Index) answer(r Request, q Query, main query.Query, prefixed *termSet, start time.Time) (*Response, error) {
	res := &Response{Query: r.Query, Page: r.Page, Size: r.Size, Hits: []Hit{}, Facets: emptyFacets()}
	if main == nil {
		res.TookMS = ms(time.Since(start))
		return res, nil
	}
	from := (r.Page - 1) * r.Size // at most (MaxPage-1)*MaxSize: Search validated r
	req := bleve.NewSearchRequestOptions(main, r.Size, from, false)
	req.SortByCustom(helpLast())
	ctx, addFacets := x.facets.withFacetCounting(withPostingsCache(context.Background(), x.base.postings), true)
	sr, err := x.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if res.sorted, err = addFacets(res.Facets); err != nil {
		return nil, err
	}
	res.Total = sr.Total
	m := x.newMatcher(q, prefixed.byField())
	defer m.release()
	for _, h := range sr.Hits {
		p, err := x.storedPage(h.ID)
		if err != nil {
			return nil, err
		}
		hit := Hit{URL: p.url, Title: p.title, Type: p.typ, Area: p.area, Source: p.source, Score: h.Score}
		x.linkSection(&hit, m, p)
		res.Hits = append(res.Hits, hit)
	}
	res.TookMS = ms(time.Since(start))
	return res, nil
}

// storedPage is what the index stores of a page, for showing it as a hit,
// with its summary and sections analysed.
type storedPage struct {
	url, title, summary, typ, area, source string
	parts                                  []part
	shown                                  *shownTexts // the summary, then each part's heading and text
}

// cost returns about how many bytes of memory p holds.
func (p *storedPage) cost() int {
	n := 200 + len(p.url) + len(p.title) + len(p.summary) + len(p.typ) + len(p.area) + len(p.source)
	for _, pt := range p.parts {
		n += 48 + len(pt.ID) + len(pt.Heading) + len(pt.Text)
	}
	if p.shown != nil {
		n += 12*len(p.shown.toks) + 4*len(p.shown.ends)
	}
	return n
}

// newPagesCache returns an empty cache of stored pages, by document id.
func newPagesCache() *lru[string, *storedPage] {
	return newCostLRU[string](pagesCacheBytes, (*storedPage).cost)
}

// storedPage returns the stored fields of the page with document id,
// from the cache or the index. Bleve reads every stored field of a
// document to give any one, and a page's sections are most of them:
// pages that are found often are read once.
func (x *Index) storedPage(id string) (*storedPage, error) {
	if p, ok := x.pages.get(id); ok {
		return p, nil
	}
	from := x.base.idx
	if d, ok := x.idx.(*deltaIndex); ok && strings.HasPrefix(id, deltaPrefix) {
		from = d.mem
	}
	doc, err := from.Document(id)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	p := &storedPage{}
	if doc != nil {
		doc.VisitFields(func(f index.Field) {
			switch v := string(f.Value()); f.Name() {
			case "url":
				p.url = v
			case "title":
				p.title = v
			case "summary":
				p.summary = v
			case "type":
				p.typ = v
			case "area":
				p.area = v
			case "source":
				p.source = v
			case "parts":
				p.parts = decodeParts(v, nil)
			}
		})
	}
	x.analyseStored(p)
	x.pages.put(id, p)
	return p, nil
}

func ms(d time.Duration) float64 { return math.Round(float64(d.Microseconds())/10) / 100 }

// emptyFacets returns a response's facets with nothing counted: each
// facet by its name (builder.Facet.Param).
func emptyFacets() map[string]map[string]int {
	m := map[string]map[string]int{}
	for _, f := range builder.Facets {
		m[f.Param] = map[string]int{}
	}
	return m
}

// analyze returns the indexed terms of s.
func (x *Index) analyze(s string) []string {
	return x.analyser.terms(s)
}

// Holder holds the index a server queries and lets it be replaced while
// queries run: a query in flight finishes on the index it started with,
// which is closed once the last such query is done.
//
// Hold announces a replacement before it is ready: a live rebuild tells
// open pages to reload as soon as its pages are written, and makes the
// search index for them after. Queries that come while the hold lasts
// wait for it, so that a query asked after the reload never answers
// from the index before the change.
type Holder struct {
	mu      sync.Mutex
	cur     *held
	pending chan struct{} // closed when the hold ends; nil when there is none
}

type held struct {
	idx     *Index
	users   sync.WaitGroup
	retired bool
}

// Swap makes idx the index new queries use and closes the old one once
// its queries finish. idx may be nil.
func (h *Holder) Swap(idx *Index) {
	h.mu.Lock()
	old := h.cur
	h.cur = nil
	if idx != nil {
		h.cur = &held{idx: idx}
	}
	h.mu.Unlock()
	if old != nil {
		go func() {
			old.users.Wait()
			old.idx.Close()
		}()
	}
}

// Hold makes queries wait, from now until release is called, for the
// index that a Swap made meanwhile (or the current one, if none was).
// A Hold while one lasts joins it: the first release ends both. Index
// and Swap do not wait.
func (h *Holder) Hold() (release func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.pending == nil {
		h.pending = make(chan struct{})
	}
	c := h.pending
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.pending == c {
			close(c)
			h.pending = nil
		}
	}
}

// Index returns the current index, or nil. It stays open only while it
// is current, so only the caller that swaps indexes should use it, to make
// the next one.
func (h *Holder) Index() *Index {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.cur == nil {
		return nil
	}
	return h.cur.idx
}

// Search runs r on the current index, once any hold has ended.
func (h *Holder) Search(r Request) (*Response, error) {
	h.mu.Lock()
	if wait := h.pending; wait != nil {
		h.mu.Unlock()
		<-wait
		h.mu.Lock()
	}
	cur := h.cur
	if cur != nil {
		cur.users.Add(1)
	}
	h.mu.Unlock()
	if cur == nil {
		return nil, ErrNoIndex
	}
	defer cur.users.Done()
	return cur.idx.Search(r)
}

// ErrNoIndex is returned by a Holder that holds no index.
var ErrNoIndex = errors.New("search: no index is open")
