package search

import (
	"context"
	"fmt"
	"unsafe"

	index "github.com/blevesearch/bleve_index_api"
)

// A query's words are read as terms of fields (termLeaf), each term's
// postings decoded from the index and scored, and a reader's next query
// mostly asks for the same terms again: each letter typed asks for the
// words before it once more, and a site's readers use its few hundred
// common words. So an Index keeps the scored postings of the terms its
// queries read, by the term, its field and the statistics its scores
// were made with, and a term found there is read from memory, with no
// reader opened on the index. The scores are the numbers a reader of
// the index would make (termLeaf.score, before the query's own weight),
// so a query answers alike either way: TestPostingsCacheAnswersAlike
// checks this.
//
// Only the build's index is cached: an update's delta is a few pages,
// read fast, and made anew by the next update.

// postingsCacheBytes is about how much memory an Index's postings cache
// may hold. A page a term is on costs 12 bytes (its number and score), so
// the postings of a term on every page of a 10,000-page site cost 120 KB,
// and 32 MiB hold about 280 such terms, or far more of the rarer terms
// most words are.
const postingsCacheBytes = 32 << 20

// maxCachedPostings is the most postings of a term the cache keeps, a
// quarter of its room: a term on more pages, on a site of millions, is
// read from the index as a query goes, not into memory whole. A variable
// for tests.
var maxCachedPostings uint64 = postingsCacheBytes / 4 / 12

// postingsCache is an Index's cache of scored postings of its build's
// snapshot.
type postingsCache struct {
	reader index.IndexReader // the snapshot cached
	lru    *lru[postingsKey, *scoredPostings]
}

// postingsKey is what a term's scored postings depend on: the term and
// its field, and the statistics of the search (termStatistics).
type postingsKey struct {
	field, term string
	total       uint64
	avg         float64
}

// scoredPostings are one term's postings in one field: the pages it is on,
// in order, each with its score before a query's weight.
type scoredPostings struct {
	count  uint64 // the reader's Count, for the term's idf
	idf    float64
	pages  []uint32
	scores []float64
}

func (p *scoredPostings) cost() int {
	return int(unsafe.Sizeof(*p)) + 48 + 4*cap(p.pages) + 8*cap(p.scores)
}

func newPostingsCache(r index.IndexReader) *postingsCache {
	return &postingsCache{reader: r, lru: newCostLRU[postingsKey](postingsCacheBytes, (*scoredPostings).cost)}
}

type postingsCacheKey struct{}

// withPostingsCache returns ctx set to have the searchers read terms of
// c's snapshot through c.
func withPostingsCache(ctx context.Context, c *postingsCache) context.Context {
	return context.WithValue(ctx, postingsCacheKey{}, c)
}

// postingsFor returns the postings cache that ctx gives for reading r,
// or nil.
func postingsFor(ctx context.Context, r index.IndexReader) *postingsCache {
	c, _ := ctx.Value(postingsCacheKey{}).(*postingsCache)
	if c == nil || c.reader != r {
		return nil
	}
	return c
}

// search returns the first of p's postings from i on whose page is at or
// after page, or len(p.pages): a gallop from i, since a query mostly
// asks for a page near the last.
func (p *scoredPostings) search(i int, page uint64) int {
	n, step := len(p.pages), 1
	for i+step < n && uint64(p.pages[i+step]) < page {
		i += step
		step *= 2
	}
	for i < n && uint64(p.pages[i]) < page {
		// Between i and i+step: halve the step until one is left.
		if step > 1 {
			step /= 2
			if i+step < n && uint64(p.pages[i+step]) < page {
				i += step
			}
			continue
		}
		i++
	}
	return i
}

// readAll reads l's postings, scored, and closes its reader.
func (l *termLeaf) readAll() (p *scoredPostings, err error) {
	defer func() {
		if cerr := l.reader.Close(); err == nil {
			err = cerr
		}
	}()
	n := l.reader.Count() // at most maxCachedPostings
	p = &scoredPostings{count: n, idf: l.idf, pages: make([]uint32, 0, n), scores: make([]float64, 0, n)}
	weight := l.weight
	l.weight = 1 // score gives the score before the query's weight
	defer func() { l.weight = weight }()
	for {
		tfd, err := l.reader.Next(&l.tfd)
		if err != nil {
			return nil, err
		}
		if tfd == nil {
			break
		}
		d := page(tfd.ID)
		if d > 1<<32-1 {
			return nil, fmt.Errorf("search: page number %d beyond the postings cache's", d)
		}
		p.pages = append(p.pages, uint32(d))
		p.scores = append(p.scores, l.score())
	}
	return p, nil
}
