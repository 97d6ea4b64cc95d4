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

// pagesCacheSize is how many pages' stored fields an Index keeps, with
// their sections decoded, for showing hits: the pages most often found
// are few.
const pagesCacheSize = 2048

// lru is a least-recently-used cache, safe for concurrent use. Values are
// shared: callers must not change them. It holds at most size entries,
// whatever their size, and a put beyond that drops the entry got or put
// least recently. An Index has its own caches, so an index opened after a
// rebuild, or made by Update, never answers from the one before.
//
// hashicorp/golang-lru/v2's Cache was tried in its place and gained
// nothing, so we keep these forty lines rather than a dependency. Both are
// one lock around a map and a list and both count entries, not bytes.
// BenchmarkResponseCache, from both cores, medians of 8, two runs with the
// two interleaved: 92 and 123 ns per get-or-put here against 99 and 92 ns
// with the library when the queries fit in the cache, and 172 and 243 ns
// against 183 and 179 ns when four times as many evict, so which is faster
// turns on the run; a cached API response takes 2 to 4 µs and a search
// milliseconds. A full cache of 4,096 responses costs 125 bytes an entry
// here and 133 with the library, beside the keys. The library's Add also
// replaces the value of a key it holds, where put keeps the first (see
// put), which would need a Get before each Add.
type lru[V any] struct {
	mu    sync.Mutex
	size  int
	order *list.List // of *lruEntry, most recent first
	byKey map[string]*list.Element
}

type lruEntry[V any] struct {
	key   string
	value V
}

func newLRU[V any](size int) *lru[V] {
	return &lru[V]{size: size, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *lru[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*lruEntry[V]).value, true
}

// put adds v under key as the most recently used entry, evicting the least
// recently used if c is full. If c holds key already, put keeps its value
// and makes it the most recent: two searches that ran at once for the same
// request give equal responses, and the first may have been encoded
// already (Response.EncodeJSON).
func (c *lru[V]) put(key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&lruEntry[V]{key, v})
	if c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*lruEntry[V]).key)
	}
}

// len returns how many entries c holds.
func (c *lru[V]) len() int {
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
