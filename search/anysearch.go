package search

import (
	"context"
	"encoding/binary"
	"math"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// This file holds the disjunction each word of a query is: the word in
// each text field, its typos and its prefix's terms. It matches and
// scores as Bleve's DisjunctionQuery does, but reads its children over
// windows of pages rather than a page at a time.
//
// Bleve's disjunction searchers step all their children page by page:
// for each page in the union they find the children on it, add their
// scores and move those children on, each posting passing through a
// DocumentMatch. A word is ten to a hundred such children (four fields; a
// prefix of two letters stands for ten terms in each, forty for a longer
// one), most of them common, so the stepping costs more than reading the
// postings. anySearcher instead reads each child in turn over a window
// of pages, adding its scores into a slot per page, and then hands on
// the pages of the window in order. A term it reads itself (termLeaf),
// scoring each posting as Bleve's term searcher does. Where the query
// asks it for pages far apart (another word of the query is rarer, and
// leads), its windows shrink to the one page asked for, so that it costs
// what Bleve's does: each child moved once to that page.

// anyQuery matches a page that at least min of its queries match (one
// when min is 0), as bleve.NewDisjunctionQuery does.
type anyQuery struct {
	queries []query.Query
	min     int
}

func (q *anyQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	ss := make([]bsearch.Searcher, 0, len(q.queries))
	for _, c := range q.queries {
		var s bsearch.Searcher
		var err error
		if mq, ok := c.(*query.MatchQuery); ok && windowed(r, options) {
			s, err = matchSearcher(ctx, r, m, mq, options)
		} else {
			s, err = c.Searcher(ctx, r, m, options)
		}
		if err != nil {
			closeAll(ss)
			return nil, err
		}
		if s != nil {
			ss = append(ss, s)
		}
	}
	if len(ss) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	if !windowed(r, options) {
		return searcher.NewDisjunctionSearcher(ctx, r, ss, float64(q.min), options)
	}
	children := make([]child, len(ss))
	for i, s := range ss {
		switch s := s.(type) {
		case *anySearcher:
			if len(s.children) == 1 && s.children[0].leaf != nil && s.min <= 1 {
				// A disjunction of one term scores as the term.
				children[i] = leafChild(s.children[0].leaf)
			} else {
				children[i] = subChild(s)
			}
		default:
			children[i] = searcherChild(s)
		}
	}
	return newAnySearcher(r, children, q.min)
}

// matchSearcher searches as q, a word's MatchQuery in one field, does:
// the terms the field's analyzer makes of it, as one disjunction
// (termsSearcher), each at q's boost. A MatchQuery that asks for more
// (fuzziness, a prefix, every term, another analyzer) is Bleve's own.
func matchSearcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, q *query.MatchQuery, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	if q.Fuzziness != 0 || q.Prefix != 0 || q.Operator != query.MatchQueryOperatorOr || q.Analyzer != "" || q.FieldVal == "" {
		return q.Searcher(ctx, r, m, options)
	}
	analyzer := m.AnalyzerNamed(m.AnalyzerNameForPath(q.FieldVal))
	if analyzer == nil {
		return q.Searcher(ctx, r, m, options)
	}
	tokens := analyzer.Analyze([]byte(q.Match))
	if len(tokens) == 0 {
		return q.Searcher(ctx, r, m, options)
	}
	terms, boosts := make([]string, len(tokens)), make([]float64, len(tokens))
	for i, t := range tokens {
		terms[i], boosts[i] = string(t.Term), q.BoostVal.Value()
	}
	return termsSearcher(ctx, r, terms, boosts, q.FieldVal, options)
}

func closeAll(ss []bsearch.Searcher) {
	for _, s := range ss {
		_ = s.Close()
	}
}

// windowed reports whether an anySearcher can search r with options:
// r numbers its pages as docNumber reads them (a scorch snapshot does),
// and the search wants scores but no explanations or term locations,
// which anySearcher does not give.
func windowed(r index.IndexReader, options bsearch.SearcherOptions) bool {
	_, ok := r.(*scorch.IndexSnapshot)
	return ok && options.Score != "none" && !options.Explain && !options.IncludeTermVectors && !bleveDisjunctions.Load()
}

// bleveDisjunctions, when set, has words searched with Bleve's own
// disjunction and term searchers, for tests to compare.
var bleveDisjunctions atomic.Bool

// termsSearcher searches terms of field, each with its boost, as one
// disjunction: Bleve's NewMultiTermSearcherBoosted given the same boosts,
// or for one term, its NewTermSearcher.
func termsSearcher(ctx context.Context, r index.IndexReader, terms []string, boosts []float64, field string, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	if !windowed(r, options) {
		ss := make([]bsearch.Searcher, 0, len(terms))
		for i, t := range terms {
			s, err := searcher.NewTermSearcher(ctx, r, t, field, boosts[i], options)
			if err != nil {
				closeAll(ss)
				return nil, err
			}
			ss = append(ss, s)
		}
		if len(ss) == 1 {
			return ss[0], nil
		}
		return searcher.NewDisjunctionSearcher(ctx, r, ss, 0, options)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	total, avg, err := termStatistics(ctx, r, field)
	if err != nil {
		return nil, err
	}
	children := make([]child, 0, len(terms))
	for i, t := range terms {
		l, err := newTermLeaf(ctx, r, t, field, boosts[i], total, avg)
		if err != nil {
			for _, c := range children {
				_ = c.node.Close()
			}
			return nil, err
		}
		children = append(children, leafChild(l))
	}
	return newAnySearcher(r, children, 0)
}

// termLeaf is one term of one field: its postings, read from Bleve's
// TermFieldReader, each scored as Bleve's TermSearcher scores it
// (scorer.TermQueryScorer), with the statistics NewTermSearcher gives
// that scorer. TestTermLeafScoresAsBleve pins the two together.
type termLeaf struct {
	reader index.TermFieldReader // nil when list holds the postings
	list   *scoredPostings       // the postings, from an Index's cache
	pos    int                   // list's posting the leaf is on; -1 before the first
	boost  float64
	idf    float64
	avg    float64 // the field's average length, for BM25; 0 for tf-idf
	weight float64 // boost × idf × the query norm, once set; 1 before
	tfd    index.TermFieldDoc
}

// newTermLeaf reads term of field in r, scored with the field's
// statistics: total pages, and avg, its average length (termStatistics).
func newTermLeaf(ctx context.Context, r index.IndexReader, term, field string, boost float64, total uint64, avg float64) (*termLeaf, error) {
	if err := bsearch.RecordTermSearcher(ctx); err != nil {
		return nil, err
	}
	cache := postingsFor(ctx, r)
	key := postingsKey{field: field, term: term, total: total, avg: avg}
	if cache != nil {
		if p, ok := cache.lru.get(key); ok {
			return &termLeaf{list: p, pos: -1, boost: boost, idf: p.idf, avg: avg, weight: 1}, nil
		}
	}
	reader, err := r.TermFieldReader(ctx, []byte(term), field, true, true, false)
	if err != nil {
		return nil, err
	}
	l := &termLeaf{reader: reader, pos: -1, boost: boost, avg: avg, weight: 1}
	// As scorer.TermQueryScorer's computeIDF.
	if avg > 0 {
		l.idf = math.Log(1 + (float64(total)-float64(reader.Count())+0.5)/(float64(reader.Count())+0.5))
	} else {
		l.idf = 1.0 + math.Log(float64(total)/float64(reader.Count()+1.0))
	}
	if cache != nil && reader.Count() <= maxCachedPostings {
		p, err := l.readAll()
		if err != nil {
			return nil, err
		}
		cache.lru.put(key, p)
		l.reader, l.list = nil, p
	}
	return l, nil
}

// termStatistics returns the page count and, when the search scores by
// BM25, the field's average length, as Bleve's NewTermSearcher reads
// them for its scorer; it reads them for each term, and they are the
// same for every term of a field.
func termStatistics(ctx context.Context, r index.IndexReader, field string) (total uint64, avg float64, err error) {
	model := ""
	if f, ok := ctx.Value(bsearch.GetScoringModelCallbackKey).(bsearch.GetScoringModelCallbackFn); ok {
		model = f()
	}
	if model != index.BM25Scoring {
		total, err = r.DocCount()
		return total, 0, err
	}
	var cardinality int
	if stats, ok := ctx.Value(bsearch.BM25StatsKey).(*bsearch.BM25Stats); ok {
		total = uint64(stats.DocCount)
		if cardinality, ok = stats.FieldCardinality[field]; !ok {
			return 0, 0, errNoFieldStats(field)
		}
	} else {
		if total, err = r.DocCount(); err != nil {
			return 0, 0, err
		}
		if br, ok := r.(index.BM25Reader); ok {
			if cardinality, err = br.FieldCardinality(field); err != nil {
				return 0, 0, err
			}
		}
	}
	if total == 0 && cardinality == 0 {
		return 0, 0, nil
	}
	return total, math.Ceil(float64(cardinality) / float64(total)), nil
}

type errNoFieldStats string

func (e errNoFieldStats) Error() string { return "field stat for bm25 not present " + string(e) }

func (l *termLeaf) Count() uint64 {
	if l.list != nil {
		return l.list.count
	}
	return l.reader.Count()
}

// Weight and SetQueryNorm are scorer.TermQueryScorer's.
func (l *termLeaf) Weight() float64 {
	w := l.boost * l.idf
	return w * w
}

func (l *termLeaf) SetQueryNorm(norm float64) { l.weight = l.boost * l.idf * norm }
func (l *termLeaf) Close() error {
	if l.reader == nil {
		return nil
	}
	return l.reader.Close()
}

func (l *termLeaf) Size() int                  { return 96 }
func (l *termLeaf) DocumentMatchPoolSize() int { return 0 }

// score scores the posting at l.tfd, as scorer.TermQueryScorer's Score.
func (l *termLeaf) score() float64 {
	var tf float64
	if f := l.tfd.Freq; f < 64 {
		tf = sqrts[f]
	} else {
		tf = math.Sqrt(float64(f))
	}
	var s float64
	if l.avg > 0 {
		length := 1 / (l.tfd.Norm * l.tfd.Norm)
		s = l.idf * (tf * bsearch.BM25_k1) / (tf + bsearch.BM25_k1*(1-bsearch.BM25_b+(bsearch.BM25_b*length/l.avg)))
	} else {
		s = tf * l.tfd.Norm * l.idf
	}
	if l.weight != 1.0 {
		s = s * l.weight
	}
	return s
}

// sqrts are the square roots scorer.SqrtCache holds.
var sqrts = func() (s [64]float64) {
	for i := range s {
		s[i] = math.Sqrt(float64(i))
	}
	return s
}()

// child is one of an anySearcher's children: a termLeaf, read directly;
// another anySearcher, read a window at a time alongside this one; or any
// other searcher, read through its DocumentMatches. node is whichever it
// is. at is the first page it may be on, unless done.
type child struct {
	node node
	leaf *termLeaf
	sub  *anySearcher
	s    bsearch.Searcher
	m    *bsearch.DocumentMatch
	at   uint64
	done bool
}

// node is what an anySearcher asks of each of its children, as of any
// Bleve searcher.
type node interface {
	Count() uint64
	Weight() float64
	SetQueryNorm(float64)
	Close() error
	Size() int
	DocumentMatchPoolSize() int
}

func leafChild(l *termLeaf) child            { return child{node: l, leaf: l} }
func subChild(s *anySearcher) child          { return child{node: s, sub: s} }
func searcherChild(s bsearch.Searcher) child { return child{node: s, s: s} }

// seek moves c to its first page at or after p; id is p as an internal
// ID. A child not yet started (first) is started with Next, as Bleve's
// searchers start theirs, and then moved on if it is still before p.
func (c *child) seek(ctx *bsearch.SearchContext, p uint64, id index.IndexInternalID, first bool) error {
	if first && c.sub == nil {
		if err := c.step(ctx, nil); err != nil || c.done || c.at >= p {
			return err
		}
	}
	return c.step(ctx, id)
}

// step moves c to its next page, with id nil, or else to its first page
// at or after id.
func (c *child) step(ctx *bsearch.SearchContext, id index.IndexInternalID) error {
	switch {
	case c.leaf != nil && c.leaf.list != nil:
		l := c.leaf
		if id == nil {
			l.pos++
		} else {
			l.pos = l.list.search(max(l.pos, 0), page(id))
		}
		if l.pos >= len(l.list.pages) {
			c.done = true
			return nil
		}
		c.at = uint64(l.list.pages[l.pos])
	case c.leaf != nil:
		var tfd *index.TermFieldDoc
		var err error
		if id == nil {
			tfd, err = c.leaf.reader.Next(&c.leaf.tfd)
		} else {
			tfd, err = c.leaf.reader.Advance(id, &c.leaf.tfd)
		}
		if err != nil || tfd == nil {
			c.done = true
			return err
		}
		c.at = page(tfd.ID)
	case c.sub != nil:
		at, ok, err := c.sub.seek(ctx, page(id), id)
		c.at, c.done = at, !ok
		return err
	default:
		ctx.DocumentMatchPool.Put(c.m)
		var m *bsearch.DocumentMatch
		var err error
		if id == nil {
			m, err = c.s.Next(ctx)
		} else {
			m, err = c.s.Advance(ctx, id)
		}
		c.m = m
		if err != nil || m == nil {
			c.done, c.m = true, nil
			return err
		}
		c.at = page(m.IndexInternalID)
	}
	return nil
}

// byCount orders children as searcher.OrderedSearcherList orders
// Bleve's disjunction's, so that a page's scores are added in its order.
type byCount []child

func (b byCount) Len() int           { return len(b) }
func (b byCount) Less(i, j int) bool { return b[i].node.Count() < b[j].node.Count() }
func (b byCount) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

func page(id index.IndexInternalID) uint64 {
	n, _ := docNumber(id)
	return n
}

// Window sizes, in pages: denseWindow once the query asks for pages
// near each other, one page (the next that any child is on) while it
// asks for pages far apart. A window is dense when reading every
// child's postings over the pages between two that the query asks for
// costs less than moving each child to the second, taking a posting
// read to cost denseReads of a child moved. 0.25 was the fastest of
// 0.25, 0.5, 1, 2 and 4 on BenchmarkSearch10kUncachedPairs and on a
// rarer word followed by two letters ("loneliness co"), where a dense
// window reads postings the query never asks for.
const (
	denseWindow = 2048
	denseReads  = 0.25
)

// anySearcher is the disjunction of children, scored as Bleve scores
// one: the sum of the scores of the children on a page, added in the
// order Bleve's disjunction searcher adds them (by the children's
// counts), times the share of the children on it. A page is matched
// when at least min children are on it (one, when min is 0).
type anySearcher struct {
	children []child
	min      int
	count    uint64 // postings of all the children (Bleve's Count)
	docs     uint64 // pages in the index

	started bool
	lo, hi  uint64 // the window: pages lo to hi-1
	at      uint64 // the next page of the window to hand on
	buf     *windowBuf
	id      []byte // scratch, for the page children are moved to

	last   uint64  // the page last asked for
	stride float64 // moving average of the distance between pages asked for
}

func newAnySearcher(r index.IndexReader, children []child, min int) (*anySearcher, error) {
	sort.Sort(byCount(children))
	s := &anySearcher{children: children, min: max(min, 1)}
	for i := range children {
		s.count += children[i].node.Count()
	}
	docs, err := r.DocCount()
	if err != nil {
		_ = s.Close()
		return nil, err
	}
	s.docs = docs
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s, nil
}

func (s *anySearcher) Weight() float64 {
	var w float64
	for i := range s.children {
		w += s.children[i].node.Weight()
	}
	return w
}

func (s *anySearcher) SetQueryNorm(norm float64) {
	for i := range s.children {
		s.children[i].node.SetQueryNorm(norm)
	}
}

func (s *anySearcher) Count() uint64 { return s.count }
func (s *anySearcher) Min() int      { return s.min }

func (s *anySearcher) Size() int {
	n := 96
	if s.buf != nil {
		n += 10 * cap(s.buf.sum)
	}
	for i := range s.children {
		n += s.children[i].node.Size()
	}
	return n
}

func (s *anySearcher) DocumentMatchPoolSize() int {
	n := 1
	for i := range s.children {
		c := &s.children[i]
		n += c.node.DocumentMatchPoolSize()
		if c.s != nil {
			n++ // its match, held
		}
	}
	return n
}

// windowBuf holds a window's sums and counts; dense windows' are reused
// from query to query.
type windowBuf struct {
	sum []float64
	n   []uint16 // children on each page of the window
}

var windowBufs = sync.Pool{New: func() any {
	return &windowBuf{sum: make([]float64, denseWindow), n: make([]uint16, denseWindow)}
}}

func (s *anySearcher) Close() error {
	if s.buf != nil && cap(s.buf.sum) == denseWindow {
		windowBufs.Put(s.buf)
	}
	s.buf = nil
	var first error
	for i := range s.children {
		if err := s.children[i].node.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *anySearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if !s.started {
		return s.from(ctx, 0, 1)
	}
	s.note(s.at)
	return s.from(ctx, s.at, s.window())
}

func (s *anySearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	p := page(id)
	if !s.started {
		s.last = p
		return s.from(ctx, p, 1)
	}
	s.note(p)
	// A page before the next one to hand on has been handed on, or has
	// no match.
	return s.from(ctx, max(p, s.at), s.window())
}

// note records that the query asked for page p, for the window size.
func (s *anySearcher) note(p uint64) {
	if p <= s.last {
		return
	}
	if gap := float64(p - s.last); s.stride == 0 {
		s.stride = gap
	} else {
		s.stride = s.stride*0.75 + gap*0.25
	}
	s.last = p
}

// window returns the width of the next window (see denseReads).
func (s *anySearcher) window() uint64 {
	if s.docs == 0 {
		return 1
	}
	perPage := float64(s.count) / float64(s.docs) // postings a page, of all the children
	if s.stride*perPage*denseReads <= float64(len(s.children)) {
		return denseWindow
	}
	return 1
}

// from hands on the first matched page at or after p, reading windows of
// width pages as needed.
func (s *anySearcher) from(ctx *bsearch.SearchContext, p uint64, width uint64) (*bsearch.DocumentMatch, error) {
	for {
		if s.started && p >= s.lo && p < s.hi {
			b := s.buf
			for ; p < s.hi; p++ {
				k := p - s.lo
				if int(b.n[k]) >= s.min {
					s.at = p + 1
					m := ctx.DocumentMatchPool.Get()
					m.IndexInternalID = binary.BigEndian.AppendUint64(m.IndexInternalID[:0], p)
					m.Score = b.sum[k] * (float64(b.n[k]) / float64(len(s.children)))
					return m, nil
				}
			}
		}
		next, ok, err := s.seek(ctx, p, nil)
		if err != nil {
			return nil, err
		}
		if !ok {
			s.lo, s.hi, s.at = p, p, p
			return nil, nil
		}
		if err := s.fill(ctx, next, next+width); err != nil {
			return nil, err
		}
		p = next
	}
}

// seek moves every child not yet there to its first page at or after p,
// and returns the first page any child is on, if any is; id, when set,
// is p as an internal ID.
func (s *anySearcher) seek(ctx *bsearch.SearchContext, p uint64, id index.IndexInternalID) (first uint64, ok bool, err error) {
	for i := range s.children {
		c := &s.children[i]
		if !c.done && (!s.started || c.at < p) {
			if id == nil {
				s.id = binary.BigEndian.AppendUint64(s.id[:0], p)
				id = s.id
			}
			if err := c.seek(ctx, p, id, !s.started); err != nil {
				return 0, false, err
			}
		}
		if !c.done && (!ok || c.at < first) {
			first, ok = c.at, true
		}
	}
	s.started = true
	return first, ok, nil
}

// fill reads every child's postings on pages lo to hi-1 into the window,
// its children being at lo or after it.
func (s *anySearcher) fill(ctx *bsearch.SearchContext, lo, hi uint64) error {
	w := int(hi - lo)
	if s.buf == nil || cap(s.buf.sum) < w {
		if s.buf != nil && cap(s.buf.sum) == denseWindow {
			windowBufs.Put(s.buf)
		}
		if w == denseWindow {
			s.buf = windowBufs.Get().(*windowBuf)
		} else {
			s.buf = &windowBuf{sum: make([]float64, w), n: make([]uint16, w)}
		}
	}
	b := s.buf
	b.sum, b.n = b.sum[:w], b.n[:w]
	clear(b.sum)
	clear(b.n)
	s.lo, s.hi = lo, hi
	for i := range s.children {
		c := &s.children[i]
		if c.done || c.at >= hi {
			continue
		}
		switch {
		case c.leaf != nil && c.leaf.list != nil:
			// The loop that matters, for a term read before: its
			// postings as scored then, times this query's weight, as
			// score gives them.
			l := c.leaf
			pages, scores, w := l.list.pages, l.list.scores, l.weight
			j := l.pos
			for ; j < len(pages) && uint64(pages[j]) < hi; j++ {
				s := scores[j]
				if w != 1.0 {
					s = s * w
				}
				b.sum[uint64(pages[j])-lo] += s
				b.n[uint64(pages[j])-lo]++
			}
			l.pos = j
			if j == len(pages) {
				c.done = true
			} else {
				c.at = uint64(pages[j])
			}
		case c.leaf != nil:
			// The loop that matters: a term's postings, read.
			l := c.leaf
			for {
				b.sum[c.at-lo] += l.score()
				b.n[c.at-lo]++
				tfd, err := l.reader.Next(&l.tfd)
				if err != nil || tfd == nil {
					c.done = true
					if err != nil {
						return err
					}
					break
				}
				if c.at = page(tfd.ID); c.at >= hi {
					break
				}
			}
		case c.sub != nil:
			sub := c.sub
			// The sub's children are where its window ended, at lo or
			// after: they are moved to lo, for the sub's window to be
			// this one.
			if _, _, err := sub.seek(ctx, lo, nil); err != nil {
				return err
			}
			if err := sub.fill(ctx, lo, hi); err != nil {
				return err
			}
			sb, k := sub.buf, float64(len(sub.children))
			for j := range w {
				if n := int(sb.n[j]); n >= sub.min {
					b.sum[j] += sb.sum[j] * (float64(n) / k)
					b.n[j]++
				}
			}
			at, ok, err := sub.seek(ctx, hi, nil)
			if err != nil {
				return err
			}
			c.at, c.done = at, !ok
		default:
			for !c.done && c.at < hi {
				b.sum[c.at-lo] += c.m.Score
				b.n[c.at-lo]++
				if err := c.step(ctx, nil); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
