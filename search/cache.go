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
// shared: callers must not change them.
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
