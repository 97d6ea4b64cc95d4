package search

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// maxPrefixTerms is how many terms of a field the last word of a query
// stands for as a prefix: those on the most pages. One or two letters typed
// would otherwise stand for hundreds of terms, each searched, and a
// query that takes a millisecond would take fifty; the static index's
// script would fetch each term's postings. Terms beyond these are still
// found when more letters are typed, or the word is complete.
//
// A prefix of at most shortPrefixLetters letters stands for
// shortPrefixTerms terms: its commonest completions are each on
// thousands of pages, so each costs the most to search, and a reader
// who has typed one or two letters of a word is still typing it. On
// bench/gen's 10,000 pages, pairs of words whose second is two letters
// typed ("frailty ca") took 5.3 ms at the median and 13.3 ms at the
// 99th percentile with 40 terms, 2.9 and 8.1 ms with 10; and the queries
// of bench/search-uncached.lua (BenchmarkSearch10kUncachedPairs), of
// which they are one in fourteen, 9.0 ms at the 99th percentile against
// 4.9 ms, with the same median.
//
// Bleve's PrefixQuery takes every term: BenchmarkVsBlevePrefix, ten
// prefixes of one to three letters in the four text fields (medians of
// 5), gives 72 terms a prefix on the demo site and 554 on a generated
// site of 1,000 pages, where prefixLimit keeps 22 and 30, so that the
// static index's script fetches 18 times fewer postings there; the
// queries take 0.15 ms against 0.30 ms, and 0.73 ms against 4.6 ms.
const (
	maxPrefixTerms     = 40
	shortPrefixLetters = 2
	shortPrefixTerms   = 10
)

// prefixLimit returns how many terms prefix, the last word in lower
// case, stands for in each field: shortPrefixTerms for a prefix of at
// most shortPrefixLetters letters (runes), maxPrefixTerms for a longer
// one.
func prefixLimit(prefix string) int {
	if utf8.RuneCountInString(prefix) <= shortPrefixLetters {
		return shortPrefixTerms
	}
	return maxPrefixTerms
}

// prefixQuery matches the terms of field that start with prefix, as
// Bleve's PrefixQuery does, but only the prefixLimit of them on the
// most pages (the first, by term, among equals). When there are no more
// than that, it is Bleve's PrefixQuery: the same terms, the same searcher.
// The terms it stands for are added to found, when set, for the
// highlighter to mark those and no others.
type prefixQuery struct {
	prefix string
	field  string
	boost  float64
	found  *termSet
	// counts, when set, counts the pages of each term from its postings
	// rather than from Bleve's dictionary (see termCounts).
	counts *termCounts
	// known, when set, keeps the terms each short prefix stands for.
	known *prefixCache
}

// termSet collects the terms of each field from the searchers of one
// query, which Bleve may make on several goroutines. The zero termSet is
// empty.
type termSet struct {
	mu     sync.Mutex
	fields map[string][]string
}

func (s *termSet) add(field string, terms []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fields == nil {
		s.fields = map[string][]string{}
	}
	s.fields[field] = append(s.fields[field], terms...)
}

// byField returns the terms collected, by field.
func (s *termSet) byField() map[string][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.fields)
}

func (q *prefixQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	names, ok := q.known.get(r, q.field, q.prefix)
	if !ok {
		var err error
		if names, err = q.terms(ctx, r); err != nil {
			return nil, err
		}
		q.known.put(r, q.field, q.prefix, names)
	}
	if q.found != nil {
		q.found.add(q.field, names)
	}
	// As searcher.NewTermPrefixSearcher does with the terms it finds.
	if len(names) == 0 || len(names) == 1 && names[0] == q.prefix {
		return termsSearcher(ctx, r, []string{q.prefix}, []float64{q.boost}, q.field, options)
	}
	boosts := make([]float64, len(names))
	for i := range boosts {
		boosts[i] = q.boost
	}
	return termsSearcher(ctx, r, names, boosts, q.field, options)
}

// terms returns the terms of r the prefix stands for (prefixTerms).
func (q *prefixQuery) terms(ctx context.Context, r index.IndexReader) ([]string, error) {
	dict, err := r.FieldDictPrefix(q.field, []byte(q.prefix))
	if err != nil {
		return nil, err
	}
	var terms []*index.DictEntry
	for {
		e, err := dict.Next()
		if err != nil {
			dict.Close()
			return nil, err
		}
		if e == nil {
			break
		}
		terms = append(terms, &index.DictEntry{Term: e.Term, Count: e.Count})
	}
	if err := dict.Close(); err != nil {
		return nil, err
	}
	if q.counts != nil && len(terms) > prefixLimit(q.prefix) {
		for _, t := range terms {
			if t.Count, err = q.counts.count(ctx, r, q.field, t.Term); err != nil {
				return nil, err
			}
		}
	}
	return prefixTerms(terms, prefixLimit(q.prefix)), nil
}

// prefixesKept is how many prefixes, in all fields, a prefixCache keeps
// the terms of: those asked for least lately go first.
const prefixesKept = 8192

// prefixCache keeps the terms that the prefixes asked for stand for in
// each field of the build's snapshot, which never changes. Finding them
// reads every term of the field with the prefix and the count of its
// pages: for one or two letters, most of the cost of a query such as
// "care li" on a site of 10,000 pages (0.6 ms of 3.9 ms), and for a
// longer prefix an automaton over the dictionary, 4% of what queries
// cost at 10,000 pages before longer prefixes were kept too. A live
// update's pages, a few, are read each time. A nil prefixCache keeps
// nothing.
type prefixCache struct {
	base  index.IndexReader // the build's snapshot
	terms *lru[prefixKey, []string]
}

type prefixKey struct{ field, prefix string }

func newPrefixCache(base index.IndexReader) *prefixCache {
	return &prefixCache{base: base, terms: newLRU[prefixKey, []string](prefixesKept)}
}

func (c *prefixCache) get(r index.IndexReader, field, prefix string) ([]string, bool) {
	if c == nil || r != c.base {
		return nil, false
	}
	return c.terms.get(prefixKey{field, prefix})
}

func (c *prefixCache) put(r index.IndexReader, field, prefix string, names []string) {
	if c == nil || r != c.base {
		return
	}
	c.terms.put(prefixKey{field, prefix}, names)
}

// termCounts counts the pages that hold a term of a field with no term
// vectors (a plainField) from the term's postings. Bleve's dictionary
// iterators (zapx v17.2.5) count wrong in such a field: a term on one page,
// once, has its postings written inline in the dictionary, and the
// iterator, which reads every term into one postings list, does not clear
// that when it reads the next, so every term after it counts one page.
// A field with term vectors has no such terms, as its postings carry
// locations. TestPrefixCountsPagesInTheBody pins it. The counts read
// from the build's snapshot are kept, for every Index made from it (as
// its bodyTerms are); those of a live update's pages, a few, are read
// each time.
type termCounts struct {
	base index.IndexReader // the build's snapshot
	mu   sync.Mutex
	n    map[string]uint64 // by field, a 0 byte, and term
}

func newTermCounts(base index.IndexReader) *termCounts {
	return &termCounts{base: base, n: map[string]uint64{}}
}

// count returns how many pages of r hold term in field.
func (c *termCounts) count(ctx context.Context, r index.IndexReader, field, term string) (uint64, error) {
	key := field + "\x00" + term
	if r == c.base {
		c.mu.Lock()
		n, ok := c.n[key]
		c.mu.Unlock()
		if ok {
			return n, nil
		}
	}
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0, err
	}
	n := tfr.Count()
	if err := tfr.Close(); err != nil {
		return 0, err
	}
	if r == c.base {
		c.mu.Lock()
		c.n[key] = n
		c.mu.Unlock()
	}
	return n, nil
}

// prefixTerms returns, in term order, the limit of terms (in term
// order, with the pages each is on) on the most pages.
func prefixTerms(terms []*index.DictEntry, limit int) []string {
	if len(terms) > limit {
		terms = slices.Clone(terms)
		slices.SortStableFunc(terms, func(a, b *index.DictEntry) int { return cmp.Compare(b.Count, a.Count) })
		terms = terms[:limit]
		slices.SortFunc(terms, func(a, b *index.DictEntry) int { return cmp.Compare(a.Term, b.Term) })
	}
	names := make([]string, len(terms))
	for i, t := range terms {
		names[i] = t.Term
	}
	return names
}
