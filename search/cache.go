package search

import (
	"container/list"
	"strconv"
	"strings"
	"sync"

	"intkb/builder"
)

// cacheSize is how many responses an Index keeps. Readers repeat queries
// (the same few words typed on many desks, and each prefix while typing),
// and an index never changes once open, so a response can be reused until
// the index is replaced.
const cacheSize = 4096

// pagesCacheBytes is about how much memory an Index's page cache may
// hold: pages' stored fields, with their sections decoded and analysed,
// for showing hits (see storedPage.cost). A page shown costs its text and
// 12 bytes a word, 12.9 KB on the generated sites, so 64 MiB holds about
// 5,000 such pages. It is bounded by bytes, not pages, so that a site of
// long pages cannot make it large. A page missed costs reading its stored
// fields and analysing them. The first 6,000 queries of
// BenchmarkSearch10kUncachedPairs show 4,293 different pages: with room
// for 2,048 they took 1.2 to 1.3 times as long (median) as before pages
// were analysed, and with this budget 1.0 to 1.05 times.
const pagesCacheBytes = 64 << 20

// lru is a least-recently-used cache, safe for concurrent use. Values are
// shared: callers must not change them. It holds entries that cost at
// most size together, each costing 1 (newLRU) or what its cost function
// says (newCostLRU), and a put beyond that drops the entries got or put
// least recently. An Index has its own caches, so an index opened after a
// rebuild, or made by Update, never answers from the one before.
//
// hashicorp/golang-lru/v2's Cache was tried in its place and gained
// nothing, so we keep these lines rather than a dependency. Both are one
// lock around a map and a list; the library counts entries only, where
// the page cache must be bounded by bytes.
// BenchmarkResponseCache, from both cores, medians of 8, two runs with the
// two interleaved: 92 and 123 ns per get-or-put here against 99 and 92 ns
// with the library when the queries fit in the cache, and 172 and 243 ns
// against 183 and 179 ns when four times as many evict, so which is faster
// turns on the run; a cached API response takes 2 to 4 µs and a search
// milliseconds. A full cache of 4,096 responses costs 125 bytes an entry
// here and 133 with the library, beside the keys. The library's Add also
// replaces the value of a key it holds, where put keeps the first (see
// put), which would need a Get before each Add.
type lru[K comparable, V any] struct {
	mu    sync.Mutex
	size  int         // the most the entries may cost together
	cost  func(V) int // an entry's cost; nil: each costs 1
	used  int         // what the entries cost together
	order *list.List  // of *lruEntry, most recent first
	byKey map[K]*list.Element
}

type lruEntry[K comparable, V any] struct {
	key   K
	value V
	cost  int
}

func newLRU[K comparable, V any](size int) *lru[K, V] {
	return &lru[K, V]{size: size, order: list.New(), byKey: map[K]*list.Element{}}
}

// newCostLRU returns an lru whose entries together cost at most size, an
// entry's cost given by cost. An entry that costs more than size on its
// own is not kept.
func newCostLRU[K comparable, V any](size int, cost func(V) int) *lru[K, V] {
	c := newLRU[K, V](size)
	c.cost = cost
	return c
}

func (c *lru[K, V]) get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*lruEntry[K, V]).value, true
}

// put adds v under key as the most recently used entry, evicting the least
// recently used if c is full. If c holds key already, put keeps its value
// and makes it the most recent: two searches that ran at once for the same
// request give equal responses, and the first may have been encoded
// already (Response.EncodeJSON).
func (c *lru[K, V]) put(key K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		return
	}
	cost := 1
	if c.cost != nil {
		cost = c.cost(v)
	}
	if cost > c.size {
		return
	}
	c.byKey[key] = c.order.PushFront(&lruEntry[K, V]{key, v, cost})
	c.used += cost
	for c.used > c.size {
		last := c.order.Back()
		e := last.Value.(*lruEntry[K, V])
		c.order.Remove(last)
		delete(c.byKey, e.key)
		c.used -= e.cost
	}
}

// room reports whether c holds entries that cost at most size-cost
// together: whether an entry of that cost would evict none.
func (c *lru[K, V]) room(cost int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used+cost <= c.size
}

// len returns how many entries c holds.
func (c *lru[K, V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// cacheKey identifies a request: the same key, the same response.
func cacheKey(r Request) string {
	var b strings.Builder
	b.WriteString(strings.Join(strings.Fields(r.Query), " "))
	for _, f := range builder.Facets {
		b.WriteByte(0)
		b.WriteString(strings.Join(r.Filters[f.Param], ","))
	}
	b.WriteByte(0)
	b.WriteString(strconv.Itoa(r.Page))
	b.WriteByte(0)
	b.WriteString(strconv.Itoa(r.Size))
	return b.String()
}
