package search

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

var generated struct {
	once sync.Once
	dir  string // the build's output, removed when the tests end (see TestMain)
	err  error
}

// generatedIndex opens the index of the generated site the build
// benchmarks use (buildSite: 1,000 pages unless -build.pages says
// otherwise), built once for the package's tests.
func generatedIndex(t *testing.T) *Index {
	t.Helper()
	generated.once.Do(func() {
		site, err := buildSite()
		if err != nil {
			generated.err = err
			return
		}
		if generated.dir, generated.err = os.MkdirTemp("", "intkb-generated-"); generated.err != nil {
			return
		}
		_, _, generated.err = buildOnce(site, filepath.Join(generated.dir, "public"), NewWriter)
	})
	if generated.err != nil {
		t.Fatal(generated.err)
	}
	idx, err := Open(filepath.Join(generated.dir, "public"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx
}

// TestWindowedSearchAsBleve answers queries of every kind twice, over
// the demo site and a generated site of 1,000 pages: with each word's
// disjunction read in windows (anySearcher), and with Bleve's own
// disjunction and term searchers in its place. The totals, the hits, in
// order, with their scores, sections and snippets, and the facet counts
// must be the same. Scores may differ in their last bits where a
// disjunction has more than ten children, as Bleve's then adds them in
// the order of a heap, and so pages of the same score may come in
// another order (tiedWith), or another of them end the page.
//
// The generated site's queries are a word with another rarer or
// commoner, whole, half typed or with a typo (bench/search-uncached.lua's
// pairs), so that anySearcher is asked both for pages near each other,
// and reads dense windows, and for pages far apart.
func TestWindowedSearchAsBleve(t *testing.T) {
	for _, c := range searchCases(t, 25) {
		found := 0
		for _, r := range c.queries {
			bleveDisjunctions.Store(true)
			want, err := c.idx.search(r, time.Now())
			bleveDisjunctions.Store(false)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.idx.search(r, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
				t.Errorf("%s: %q: %d hits (%d shown), Bleve's searchers %d (%d)", c.name, r.Query, got.Total, len(got.Hits), want.Total, len(want.Hits))
				continue
			}
			if got.Total > 0 {
				found++
			}
			for i := range want.Hits {
				g, w := got.Hits[i], want.Hits[i]
				if math.Abs(g.Score-w.Score) > 1e-12*math.Max(1, w.Score) {
					t.Errorf("%s: %q #%d: score %v, Bleve's searchers %v", c.name, r.Query, i+1, g.Score, w.Score)
				}
				// Pages of one score, in either order, and at the end of
				// the page of results, either of them.
				last := want.Hits[len(want.Hits)-1]
				if g.URL != w.URL && (tiedWith(want.Hits, i, g.URL) || math.Abs(last.Score-w.Score) <= 1e-9*math.Max(1, w.Score)) {
					continue
				}
				g.Score = w.Score
				if g != w {
					t.Errorf("%s: %q #%d:\n%+v\nBleve's searchers:\n%+v", c.name, r.Query, i+1, g, w)
				}
			}
			if !reflect.DeepEqual(got.Facets, want.Facets) {
				t.Errorf("%s: %q: facets %v, Bleve's searchers %v", c.name, r.Query, got.Facets, want.Facets)
			}
		}
		if found < len(c.queries)/2 {
			t.Errorf("%s: only %d of %d queries found anything", c.name, found, len(c.queries))
		}
		// The comparison is of two ways: a word's query is read in
		// windows, unless told not to.
		r := c.idx.base.reader
		ctx := context.Background()
		for _, off := range []bool{false, true} {
			bleveDisjunctions.Store(off)
			s, err := c.idx.wordQuery("care", true, fieldNames(pageFields), nil).Searcher(ctx, r, c.idx.idx.Mapping(), bsearch.SearcherOptions{})
			bleveDisjunctions.Store(false)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := s.(*anySearcher); ok == off {
				t.Errorf("%s: with Bleve's disjunctions %v, the word's searcher is a %T", c.name, off, s)
			}
			s.Close()
		}
	}
}

// searchCase is a site's index and queries to answer two ways and compare.
type searchCase struct {
	name    string
	idx     *Index
	queries []Request
}

// searchCases returns the demo site with agreementQueries, and the
// generated site of 1,000 pages with those and every one in every of
// bench/search-uncached.lua's pairs: each query with its page and size
// set as Search sets them, and each index's typo tables made.
func searchCases(t *testing.T, every int) []searchCase {
	demo, _ := demoIndex(t)
	gen := generatedIndex(t)
	genQueries := slices.Clone(agreementQueries)
	for i, q := range uncachedPairs() {
		if i%every == 0 {
			genQueries = append(genQueries, Request{Query: q})
		}
	}
	cases := []searchCase{{"demo", demo, slices.Clone(agreementQueries)}, {"generated", gen, genQueries}}
	for _, c := range cases {
		for i := range c.queries {
			if c.queries[i].Page == 0 {
				c.queries[i].Page = 1
			}
			if c.queries[i].Size == 0 {
				c.queries[i].Size = DefaultSize
			}
		}
		// Typos are matched from tables made as the index opens, and by
		// Bleve's fuzzy searcher until they are: both ways of answering
		// must see the same.
		for _, f := range textFields {
			c.idx.typos.wait(c.idx.base.reader, f)
		}
	}
	return cases
}

// TestTermLeafScoresAsBleve pins termLeaf to what it repeats of Bleve:
// each posting of a term scored bit for bit as Bleve's TermSearcher
// scores it, at the same boost and query norm, with the statistics
// NewTermSearcher reads (scorer.TermQueryScorer, with BM25, as the index
// mapping asks).
func TestTermLeafScoresAsBleve(t *testing.T) {
	idx := generatedIndex(t)
	r := idx.base.reader
	ctx := context.WithValue(context.Background(), bsearch.GetScoringModelCallbackKey,
		bsearch.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))
	compared := 0
	for _, field := range textFields {
		dict, err := r.FieldDict(field)
		if err != nil {
			t.Fatal(err)
		}
		var terms []string
		for k := 0; ; k++ {
			e, err := dict.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e == nil {
				break
			}
			if k%29 == 0 {
				terms = append(terms, e.Term)
			}
		}
		dict.Close()
		for k, term := range terms {
			boost := []float64{1, 2, 4, 0.3, 0.25}[k%5]
			norm := []float64{1, 0.37, 0.0123}[k%3]
			want, err := searcher.NewTermSearcher(ctx, r, term, field, boost, bsearch.SearcherOptions{})
			if err != nil {
				t.Fatal(err)
			}
			total, avg, err := termStatistics(ctx, r, field)
			if err != nil {
				t.Fatal(err)
			}
			leaf, err := newTermLeaf(ctx, r, term, field, boost, total, avg)
			if err != nil {
				t.Fatal(err)
			}
			if leaf.Count() != want.Count() || leaf.Weight() != want.Weight() {
				t.Errorf("%s:%s: count %d, weight %v; Bleve's %d, %v", field, term, leaf.Count(), leaf.Weight(), want.Count(), want.Weight())
			}
			want.SetQueryNorm(norm)
			leaf.SetQueryNorm(norm)
			sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(want.DocumentMatchPoolSize(), 0)}
			for {
				m, err := want.Next(sctx)
				if err != nil {
					t.Fatal(err)
				}
				tfd, err := leaf.reader.Next(&leaf.tfd)
				if err != nil {
					t.Fatal(err)
				}
				if m == nil || tfd == nil {
					if m != nil || tfd != nil {
						t.Errorf("%s:%s: postings end apart", field, term)
					}
					break
				}
				if !slices.Equal(m.IndexInternalID, tfd.ID) || m.Score != leaf.score() {
					t.Errorf("%s:%s: page %d scores %v, Bleve's page %d %v", field, term, page(tfd.ID), leaf.score(), page(m.IndexInternalID), m.Score)
					break
				}
				compared++
				sctx.DocumentMatchPool.Put(m)
			}
			want.Close()
			leaf.Close()
		}
	}
	if compared < 10000 {
		t.Errorf("only %d postings compared", compared)
	}
}
