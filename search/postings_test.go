package search

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// TestPostingsCacheAnswersAlike answers queries of every kind on the demo
// site and a generated site of 1,000 pages with no postings cache, then
// twice with one, the first filling it and the second reading every term
// it can from it; and twice more with a cache that keeps only terms on at
// most 20 pages, as a site of millions of pages keeps only its rarer
// terms. The responses must be the same to the last bit of every score: a
// term read from the cache adds up as one read from the index. The
// generated site's queries include bench/search-uncached.lua's pairs, so
// that cached postings are read in dense windows and moved to pages far
// apart.
func TestPostingsCacheAnswersAlike(t *testing.T) {
	defaultMax := maxCachedPostings
	defer func() { maxCachedPostings = defaultMax }()
	for _, c := range searchCases(t, 20) {
		answer := func(r Request) *Response {
			t.Helper()
			res, err := c.idx.search(r, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			res.TookMS = 0
			return res
		}
		// The index is shared with other tests: it is given back its
		// cache as it was.
		kept := c.idx.base.postings
		c.idx.base.postings = nil
		var want []*Response
		for _, r := range c.queries {
			want = append(want, answer(r))
		}
		t.Cleanup(func() { c.idx.base.postings = kept })
		// Then again with terms on more than 20 pages read from the
		// index, as on a site too large for their postings to be kept.
		for _, most := range []uint64{defaultMax, 20} {
			maxCachedPostings = most
			cache := newPostingsCache(c.idx.base.reader)
			c.idx.base.postings = cache
			for pass, name := range []string{"filling the cache", "from the cache"} {
				for i, r := range c.queries {
					if got := answer(r); !reflect.DeepEqual(got, want[i]) {
						t.Errorf("%s, %s of at most %d postings a term: %q:\n%+v\nwithout the cache:\n%+v", c.name, name, most, r.Query, got, want[i])
					}
				}
				if pass == 0 && cache.lru.len() < 50 {
					t.Errorf("%s: the queries left %d terms in the cache", c.name, cache.lru.len())
				}
			}
			for _, e := range cache.lru.byKey {
				if n := e.Value.(*lruEntry[postingsKey, *scoredPostings]).value.count; n > most {
					t.Errorf("%s: a term of %d postings kept, with at most %d to be", c.name, n, most)
				}
			}
		}
	}
}

// TestScoredPostingsSearch holds the gallop that moves a cached term to a
// page to a plain scan, over lists of every density and pages asked for
// near and far.
func TestScoredPostingsSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 2000; trial++ {
		p := &scoredPostings{}
		gap := 1 + rng.IntN(20)
		for d, n := uint32(rng.IntN(5)), rng.IntN(200); len(p.pages) < n; d += uint32(1 + rng.IntN(gap)) {
			p.pages = append(p.pages, d)
		}
		from := 0
		if len(p.pages) > 0 {
			from = rng.IntN(len(p.pages))
		}
		page := uint64(rng.IntN(gap*210 + 10))
		want := from
		for want < len(p.pages) && uint64(p.pages[want]) < page {
			want++
		}
		if got := p.search(from, page); got != want {
			t.Fatalf("%v from %d to page %d: %d, want %d", p.pages, from, page, got, want)
		}
	}
}
