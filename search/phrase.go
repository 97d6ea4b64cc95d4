package search

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// A phrase in the body is found without the body's term vectors. They
// were two fifths of the index: 41 MB of 101 MB at 10,000 pages, a
// location of five varints for every word of every body, and writing
// and merging them a fifth of a build's time. The body is indexed as a
// plainField instead, and a phrase in it is a bodyPhraseQuery: of the
// pages that hold each of the phrase's terms, as a conjunction of term
// searchers finds them, it keeps those whose body holds the terms at the
// phrase's distances, as Bleve's phrase searcher keeps them from term
// vectors, and scores them as that searcher does: by the conjunction.
// The body is made again from what the index stores (its parts and
// tail, joined by bodyText) and analysed as the page was when it was
// indexed; the terms of the bodies analysed are kept (bodyTerms), so
// that each page is analysed once for every phrase. The
// title, headings and summary, short texts, keep their term vectors and
// Bleve's MatchPhraseQuery. TestBodyPhrasesMatchBleve holds the two to
// the same pages and scores.
//
// The cost is in the first phrases asked after an index opens: each page
// holding every term of a phrase is read and analysed. At 10,000 pages,
// pairs of the benchmark's common words took a median of 22 ms, and 336
// ms at the 99th percentile, against 0.38 and 6.0 ms with term vectors;
// once the bodies are analysed, 0.73 ms (BenchmarkSearch10kPhrases).
// intkb serve analyses every page's body as it starts (WarmPhrases), in
// the background. Queries without phrases cost what they did.

// bodyPhraseQuery matches the pages whose body field holds a phrase.
type bodyPhraseQuery struct {
	// slots are the phrase's terms by position, from its first term's,
	// as Bleve's MatchPhraseQuery makes them: nil where a stop word was,
	// which any word, or none, fills.
	slots  [][]string
	field  string
	boost  float64
	bodies *bodyTerms
}

// phraseSlots returns the terms of phrase by position from the first, as
// Bleve's MatchPhraseQuery does (tokenStreamToPhrase), or nil when the
// phrase has no term.
func (a *analyser) phraseSlots(phrase string) [][]string {
	c := a.cache()
	defer c.mu.Unlock()
	toks := a.analyse(c, phrase, nil)
	if len(toks) == 0 {
		return nil
	}
	first, last := toks[0].pos, toks[len(toks)-1].pos
	slots := make([][]string, last-first+1)
	for _, t := range toks {
		slots[t.pos-first] = append(slots[t.pos-first], c.terms[t.term].s)
	}
	return slots
}

// bodyTerms are the bodies of the pages phrases were checked in,
// analysed: for each page, by document id, the number (in numbers) of
// the term at each position of its body, and -1 where none is (a stop
// word, and position 0). A page is read and analysed the first time a
// phrase is checked in it, and looked up after, as Bleve would read its
// term vectors; WarmPhrases analyses every page of the build ahead of
// the phrases. The build's pages are kept for every Index made from it
// (base), as the build's index files are shared; the pages of a live
// update are kept by its Index alone (delta), so that no Index checks a
// phrase against another's page of the same id.
type bodyTerms struct {
	a          *analyser
	numbers    *termNumbers          // the terms' numbers, shared with base
	baseReader index.IndexReader     // the build's snapshot
	base       *lru[string, []int32] // the build's pages, by URL
	delta      *lru[string, []int32] // a live update's pages, by id
}

// bodyTermsBytes bounds the build's bodies kept: 4 bytes a word, so 2.4 KB
// for a page of the generated sites, and 32 MiB holds every body of a
// site of 10,000 such pages. deltaTermsBytes bounds a live update's.
const (
	bodyTermsBytes  = 32 << 20
	deltaTermsBytes = 2 << 20
)

func bodyTermsCost(v []int32) int { return 4*len(v) + 64 }

// newBodyTerms returns the bodyTerms of a build's index whose snapshot is
// baseReader, with none analysed.
func newBodyTerms(a *analyser, baseReader index.IndexReader) *bodyTerms {
	return &bodyTerms{a: a, numbers: newTermNumbers(), baseReader: baseReader,
		base: newCostLRU[string](bodyTermsBytes, bodyTermsCost), delta: newCostLRU[string](deltaTermsBytes, bodyTermsCost)}
}

// forUpdate returns the bodyTerms of a live update of b's index: the
// build's bodies shared, the update's its own.
func (b *bodyTerms) forUpdate() *bodyTerms {
	u := *b
	u.delta = newCostLRU[string](deltaTermsBytes, bodyTermsCost)
	return &u
}

// of returns the body terms of the document numbered id in r.
func (b *bodyTerms) of(r index.IndexReader, id index.IndexInternalID) ([]int32, error) {
	ext, err := r.ExternalID(id)
	if err != nil {
		return nil, fmt.Errorf("search: phrase: %w", err)
	}
	cache := b.delta
	if r == b.baseReader {
		cache = b.base
	}
	if at, ok := cache.get(ext); ok {
		return at, nil
	}
	at, _, err := b.read(r, ext, nil)
	if err != nil {
		return nil, err
	}
	cache.put(ext, at)
	return at, nil
}

// read reads the body of the document ext in r from what the index
// stores, and analyses it (analyse), with scratch for its tokens, which
// it returns for the next.
func (b *bodyTerms) read(r index.IndexReader, ext string, scratch []token) ([]int32, []token, error) {
	body, err := storedBody(r, ext)
	if err != nil {
		return nil, scratch, err
	}
	at, scratch := b.analyse(body, scratch)
	return at, scratch, nil
}

// warm analyses the bodies of every page of the build's index base, until
// they fill b's room for them or base is closed.
func (b *bodyTerms) warm(base *baseIndex) {
	r, err := snapshot(base.idx)
	if err != nil {
		return
	}
	defer r.Close()
	ids, err := r.DocIDReaderAll()
	if err != nil {
		return
	}
	defer ids.Close()
	var scratch []token
	for !base.closing.Load() {
		id, err := ids.Next()
		if err != nil || id == nil {
			return
		}
		ext, err := r.ExternalID(id)
		if err != nil {
			return
		}
		if _, ok := b.base.get(ext); ok {
			continue
		}
		var at []int32
		if at, scratch, err = b.read(r, ext, scratch); err != nil {
			return
		}
		if !b.base.room(bodyTermsCost(at)) {
			return
		}
		b.base.put(ext, at)
	}
}

// analyse returns the number of the term at each position of text, -1
// where there is none, with scratch for its tokens, which it returns
// for the next.
func (b *bodyTerms) analyse(text string, scratch []token) ([]int32, []token) {
	c := b.a.cache()
	defer c.mu.Unlock()
	toks := b.a.analyse(c, text, scratch[:0])
	if len(toks) == 0 {
		return nil, toks
	}
	at := make([]int32, toks[len(toks)-1].pos+1)
	for i := range at {
		at[i] = -1
	}
	c.gen++
	b.numbers.mu.Lock()
	for _, t := range toks {
		if c.stamp[t.term] != c.gen {
			c.stamp[t.term] = c.gen
			c.slot[t.term] = b.numbers.add(c.terms[t.term].s)
		}
		at[t.pos] = c.slot[t.term]
	}
	b.numbers.mu.Unlock()
	return at, toks
}

// holdsPhrase reports whether a body whose terms are at (bodyTerms)
// holds a phrase whose slots' terms are numbered ids, nil for a slot
// with none (a stop word's): a position p at which a term of the first
// slot stands, and at p+i a term of slot i, for each slot that has
// terms, as Bleve's phrase searcher, with no slop, finds them from term
// vectors.
func holdsPhrase(at []int32, ids [][]int32) bool {
next:
	for p, id := range at {
		if id < 0 || !slices.Contains(ids[0], id) {
			continue
		}
		for i := 1; i < len(ids); i++ {
			if ids[i] == nil {
				continue // a stop word: any word, or none
			}
			if p+i >= len(at) || !slices.Contains(ids[i], at[p+i]) {
				continue next
			}
		}
		return true
	}
	return false
}

// Field and SetField make a bodyPhraseQuery a query.FieldableQuery.
func (q *bodyPhraseQuery) Field() string     { return q.field }
func (q *bodyPhraseQuery) SetField(f string) { q.field = f }

// Searcher returns the searcher of q: a conjunction of its terms, as
// searcher.NewMultiPhraseSearcher builds it, but without term vectors,
// whose pages are checked by phraseCheck.
func (q *bodyPhraseQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	var terms []bsearch.Searcher
	closeAll := func() {
		for _, s := range terms {
			_ = s.Close()
		}
	}
	filled := 0
	for _, slot := range q.slots {
		var s bsearch.Searcher
		var err error
		switch len(slot) {
		case 0:
			continue
		case 1:
			s, err = searcher.NewTermSearcher(ctx, r, slot[0], q.field, q.boost, options)
		default:
			var alts []bsearch.Searcher
			for _, t := range slot {
				ts, err := searcher.NewTermSearcher(ctx, r, t, q.field, q.boost, options)
				if err != nil {
					for _, a := range alts {
						_ = a.Close()
					}
					closeAll()
					return nil, fmt.Errorf("search: phrase: %w", err)
				}
				alts = append(alts, ts)
			}
			s, err = searcher.NewDisjunctionSearcher(ctx, r, alts, 1, options)
		}
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("search: phrase: %w", err)
		}
		terms = append(terms, s)
		filled++
	}
	if filled == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, terms, options)
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("search: phrase: %w", err)
	}
	// As searcher.PhraseSearcher sets it, before any query over it sets
	// its own.
	conj.SetQueryNorm(1 / math.Sqrt(conj.Weight()))
	if filled == 1 {
		// One term is the phrase wherever it stands.
		return conj, nil
	}
	return &phraseCheck{Searcher: conj, r: r, q: q, ids: make([][]int32, len(q.slots))}, nil
}

// phraseCheck passes on the pages of its searcher, a conjunction of a
// bodyPhraseQuery's terms, whose body holds the phrase.
type phraseCheck struct {
	bsearch.Searcher
	r index.IndexReader
	q *bodyPhraseQuery
	// ids are the numbers of each slot's terms, once a body holding
	// them has numbered them; nil for a slot with none.
	ids [][]int32
}

func (s *phraseCheck) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for {
		d, err := s.Searcher.Next(ctx)
		if d == nil || err != nil {
			return d, err
		}
		if d, err := s.kept(ctx, d); d != nil || err != nil {
			return d, err
		}
	}
}

func (s *phraseCheck) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	if d == nil || err != nil {
		return d, err
	}
	if d, err := s.kept(ctx, d); d != nil || err != nil {
		return d, err
	}
	return s.Next(ctx)
}

// Min is 0, as a phrase searcher's is.
func (s *phraseCheck) Min() int { return 0 }

// kept returns d when its page's body holds the phrase, and otherwise
// returns d to the pool and nil.
func (s *phraseCheck) kept(ctx *bsearch.SearchContext, d *bsearch.DocumentMatch) (*bsearch.DocumentMatch, error) {
	at, err := s.q.bodies.of(s.r, d.IndexInternalID)
	if err != nil {
		ctx.DocumentMatchPool.Put(d)
		return nil, err
	}
	// The conjunction found every term in this body, which has been
	// analysed now, so each has a number; one that has none is not in
	// the body as stored (a damaged index), which then does not hold
	// the phrase.
	held := true
	for i, slot := range s.q.slots {
		if len(slot) > 0 && len(s.ids[i]) < len(slot) {
			s.ids[i] = s.ids[i][:0]
			for _, t := range slot {
				if id, ok := s.q.bodies.numbers.id(t); ok {
					s.ids[i] = append(s.ids[i], id)
				}
			}
			if len(s.ids[i]) == 0 {
				held = false
			}
		}
	}
	if held && holdsPhrase(at, s.ids) {
		return d, nil
	}
	ctx.DocumentMatchPool.Put(d)
	return nil, nil
}

// storedBody returns the body field of the document ext in r, made again
// from its stored parts and tail.
func storedBody(r index.IndexReader, ext string) (string, error) {
	doc, err := r.Document(ext)
	if err != nil {
		return "", fmt.Errorf("search: phrase: %w", err)
	}
	if doc == nil {
		return "", nil
	}
	var parts []part
	var tail string
	doc.VisitFields(func(f index.Field) {
		switch f.Name() {
		case "parts":
			parts = decodeParts(string(f.Value()), nil)
		case "tail":
			tail = string(f.Value())
		}
	})
	return bodyText(parts, tail), nil
}
