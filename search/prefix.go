package search

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// maxPrefixTerms is how many terms of a field the last word of a query
// stands for as a prefix: those on the most pages. One or two letters typed
// would otherwise stand for hundreds of terms, each searched, and a
// query that takes a millisecond would take fifty; the static index's
// script would fetch each term's postings. Terms beyond these are still
// found when more letters are typed, or the word is complete.
//
// Bleve's PrefixQuery takes every term: BenchmarkVsBlevePrefix, ten
// prefixes of one to three letters in the four text fields (medians of
// 5), gives 63 terms a prefix on the demo site and 554 on a generated
// site of 1,000 pages, where the cap keeps 38 and 83, so that the static
// index's script fetches 6.7 times fewer postings there; the queries take
// 0.40 ms against 0.75 ms, and 3.0 ms against 6.0 ms.
const maxPrefixTerms = 40

// prefixQuery matches the terms of field that start with prefix, as
// Bleve's PrefixQuery does, but only the maxPrefixTerms of them on the
// most pages (the first, by term, among equals). When there are no more
// than that, it is Bleve's PrefixQuery: the same terms, the same searcher.
// The terms it stands for are added to found, when set, for the
// highlighter to mark those and no others.
type prefixQuery struct {
	prefix string
	field  string
	boost  float64
	found  *termSet
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
	names := prefixTerms(terms)
	if q.found != nil {
		q.found.add(q.field, names)
	}
	// As searcher.NewTermPrefixSearcher does with the terms it finds.
	if len(names) == 0 || len(names) == 1 && names[0] == q.prefix {
		return searcher.NewTermSearcher(ctx, r, q.prefix, q.field, q.boost, options)
	}
	return searcher.NewMultiTermSearcher(ctx, r, names, q.field, q.boost, options, true)
}

// prefixTerms returns, in term order, the maxPrefixTerms of terms (in term
// order, with the pages each is on) on the most pages.
func prefixTerms(terms []*index.DictEntry) []string {
	if len(terms) > maxPrefixTerms {
		terms = slices.Clone(terms)
		slices.SortStableFunc(terms, func(a, b *index.DictEntry) int { return cmp.Compare(b.Count, a.Count) })
		terms = terms[:maxPrefixTerms]
		slices.SortFunc(terms, func(a, b *index.DictEntry) int { return cmp.Compare(a.Term, b.Term) })
	}
	names := make([]string, len(terms))
	for i, t := range terms {
		names[i] = t.Term
	}
	return names
}
