package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"intkb/search/static"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// Typos are matched here rather than by Bleve's FuzzyQuery, with the same
// results. For every field it searches, a FuzzyQuery builds a Levenshtein
// automaton for its term and runs it over the field's dictionary, which
// is a third of what a query costs. A typoTable instead lists, for every
// term of a field and every string made by deleting one letter of one,
// the terms it comes from, once per index; the terms one edit from a query
// term are among those listed under the term and its own deletions. The
// candidates, their edit distances and the searcher built from them are
// what Bleve's would be: TestTypoCandidatesMatchBleve and
// TestTypoQueriesScoreAsBleveFuzzy compare them. A table is made in the
// background when a query first needs it, and until it is ready queries
// use Bleve's automaton, so that a one-off search, as "intkb search"
// makes, never waits for it.
//
// BenchmarkVsBleveTypos, whole queries with and without typos past the
// response cache, hits' pages in the page cache (medians of 5): 0.18 ms
// against FuzzyQuery's 0.68 ms on the demo site, 0.32 ms against 0.80 ms
// on a generated site of 1,000 pages, 2.5 to 3.8 times faster, with 14 to
// 17% of the bytes allocated.

// typoQuery matches term and the terms one edit (an insertion, deletion,
// substitution or swap of neighbours) from it in field, as a Bleve
// FuzzyQuery with fuzziness 1 and no prefix does, scoring each by boost
// divided by one plus its edit distance.
type typoQuery struct {
	term   string
	field  string
	boost  float64
	tables *typoTables
}

// Field and SetField make a typoQuery a query.FieldableQuery, as Bleve's
// own are, which Bleve asks for the fields whose statistics to gather when
// it searches several indexes as one.
func (q *typoQuery) Field() string     { return q.field }
func (q *typoQuery) SetField(f string) { q.field = f }

func (q *typoQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	t := q.tables.get(r, q.field)
	if t == nil {
		return searcher.NewFuzzySearcher(ctx, r, q.term, 0, 1, q.field, q.boost, options)
	}
	terms, dists := t.candidates(q.term)
	// As searcher.NewFuzzySearcher does with what its automaton finds.
	if len(terms) == 0 || len(terms) == 1 && terms[0] == q.term {
		return termsSearcher(ctx, r, []string{q.term}, []float64{q.boost}, q.field, options)
	}
	// Each term's boost as searcher.NewMultiTermSearcherBoosted gives it.
	boosts := make([]float64, len(terms))
	for i, d := range dists {
		boosts[i] = q.boost * (1 / float64(d+1))
	}
	return termsSearcher(ctx, r, terms, boosts, q.field, options)
}

// typoTable lists the terms of one field of one index snapshot by the
// strings that reach them: each term itself, and each string made by
// deleting one of its letters. The strings are kept as 64-bit hashes,
// sorted: two strings with one hash only add a candidate, which the edit
// check then drops.
type typoTable struct {
	terms []string  // sorted, as the dictionary holds them
	keys  []typoRef // sorted by hash, then term
	// found holds the candidates of the words asked for lately: a
	// reader's words come again with each letter typed after them.
	found *lru[string, typoCandidates]
}

// typoCandidates are candidates' answer for a word.
type typoCandidates struct {
	terms []string
	dists []uint8
}

// typoWordsKept is how many words' candidates a typoTable keeps.
const typoWordsKept = 4096

type typoRef struct {
	hash uint64
	term int32
}

// newTypoTable reads the terms of field in r and lists them. It gives up,
// returning nil, once stop is set: the index is closing.
func newTypoTable(r index.IndexReader, field string, stop *atomic.Bool) (*typoTable, error) {
	dict, err := r.FieldDict(field)
	if err != nil {
		return nil, fmt.Errorf("search: reading %s: %w", field, err)
	}
	defer dict.Close()
	t := &typoTable{found: newLRU[string, typoCandidates](typoWordsKept)}
	n := 0
	for {
		if len(t.terms)%256 == 0 && stop.Load() {
			return nil, nil
		}
		e, err := dict.Next()
		if err != nil {
			return nil, fmt.Errorf("search: reading %s: %w", field, err)
		}
		if e == nil {
			break
		}
		t.terms = append(t.terms, e.Term)
		n += 1 + len(e.Term)
	}
	t.keys = make([]typoRef, 0, n)
	for id, term := range t.terms {
		for _, h := range reaching(term) {
			t.keys = append(t.keys, typoRef{h, int32(id)})
		}
	}
	slices.SortFunc(t.keys, func(a, b typoRef) int {
		if a.hash != b.hash {
			return cmp.Compare(a.hash, b.hash)
		}
		return cmp.Compare(a.term, b.term)
	})
	return t, nil
}

// reaching returns the hashes of s and of every string made by deleting
// one letter of s, or for s of more than typoMaxLetters letters, which no
// query's word is one edit from, the hash of s alone: its deletions would
// cost the square of its length.
func reaching(s string) []uint64 {
	if utf8.RuneCountInString(s) > typoMaxLetters {
		return []uint64{fnv64(fnv64Offset, s)}
	}
	out := make([]uint64, 0, len(s)+1)
	out = append(out, fnv64(fnv64Offset, s))
	prefix := uint64(fnv64Offset)
	for i := 0; i < len(s); {
		// By the bytes each rune takes: a byte that is not UTF-8 takes
		// one, where utf8.RuneLen(utf8.RuneError) would say three.
		_, n := utf8.DecodeRuneInString(s[i:])
		out = append(out, fnv64(prefix, s[i+n:]))
		prefix = fnv64(prefix, s[i:i+n])
		i += n
	}
	return out
}

const (
	fnv64Offset = 14695981039346656037
	fnv64Prime  = 1099511628211
)

// fnv64 continues the 64-bit FNV-1a hash h over s: the hash of a+b is
// fnv64(fnv64(fnv64Offset, a), b), which hash/fnv's New64a also gives
// (TestFNV64IsHashFNV). It is kept beside hash/fnv because reaching
// continues one prefix's hash over every deletion: hash/fnv can do that
// only by cloning or marshalling its state, 5 to 8 times slower with an
// allocation each, or by hashing each string whole, 20% slower and
// quadratic in the term's length.
func fnv64(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnv64Prime
	}
	return h
}

// candidates returns the terms within one edit of term, sorted, with
// their edit distances. The slices are shared by every query that asks
// for term: callers must not change them.
func (t *typoTable) candidates(term string) ([]string, []uint8) {
	if c, ok := t.found.get(term); ok {
		return c.terms, c.dists
	}
	terms, dists := t.find(term)
	t.found.put(term, typoCandidates{terms, dists})
	return terms, dists
}

// find is candidates, looked up in the table.
func (t *typoTable) find(term string) ([]string, []uint8) {
	var ids []int32
	for _, h := range reaching(term) {
		i, _ := slices.BinarySearchFunc(t.keys, h, func(r typoRef, h uint64) int { return cmp.Compare(r.hash, h) })
		for ; i < len(t.keys) && t.keys[i].hash == h; i++ {
			ids = append(ids, t.keys[i].term)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var terms []string
	var dists []uint8
	for _, id := range ids {
		c := t.terms[id]
		switch {
		case c == term:
			terms, dists = append(terms, c), append(dists, 0)
		case static.WithinOneEdit(term, c):
			terms, dists = append(terms, c), append(dists, 1)
		}
	}
	return terms, dists
}

// typoTables keeps the typo tables of the snapshots an Index searches, by
// snapshot and field. Those of the build's snapshot are kept in shared,
// which every Index updated from the same build uses.
type typoTables struct {
	mu     sync.Mutex
	builds sync.WaitGroup // tables being made, which the index must outlive
	stop   atomic.Bool    // set when the index closes, to end them
	tables map[typoKey]*typoSlot
	shared *typoTables
	base   index.IndexReader // the build's snapshot, whose tables shared holds
}

type typoKey struct {
	r     index.IndexReader
	field string
}

// typoSlot is a table being made, or made.
type typoSlot struct {
	ready chan struct{} // closed once table is set
	table *typoTable    // nil if it could not be made
}

// get returns the table of field in r, or nil while it is being made; the
// first call starts making it.
func (ts *typoTables) get(r index.IndexReader, field string) *typoTable {
	if ts.shared != nil && r == ts.base {
		return ts.shared.get(r, field)
	}
	ts.mu.Lock()
	k := typoKey{r, field}
	slot := ts.tables[k]
	if slot == nil {
		if ts.tables == nil {
			ts.tables = map[typoKey]*typoSlot{}
		}
		slot = &typoSlot{ready: make(chan struct{})}
		ts.tables[k] = slot
		ts.builds.Add(1)
		go func() {
			defer ts.builds.Done()
			// A table that cannot be read leaves Bleve's automaton in use.
			slot.table, _ = newTypoTable(r, field, &ts.stop)
			close(slot.ready)
		}()
	}
	ts.mu.Unlock()
	select {
	case <-slot.ready:
		return slot.table
	default:
		return nil
	}
}

// close stops the tables being made and waits for them: the index they
// read is about to close.
func (ts *typoTables) close() {
	ts.stop.Store(true)
	ts.builds.Wait()
}

// wait returns the table of field in r once it is made.
func (ts *typoTables) wait(r index.IndexReader, field string) *typoTable {
	ts.get(r, field)
	if ts.shared != nil && r == ts.base {
		ts = ts.shared
	}
	ts.mu.Lock()
	slot := ts.tables[typoKey{r, field}]
	ts.mu.Unlock()
	<-slot.ready
	return slot.table
}
