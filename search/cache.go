package search

import (
	"container/list"
	"strconv"
	"strings"
	"sync"
)

// cacheSize is how many responses an Index keeps. Readers repeat queries
// (the same few words typed on many desks, and each prefix while typing),
// and an index never changes once open, so a response can be reused until
// the index is replaced.
const cacheSize = 4096

// responseCache is a least-recently-used cache of responses. Cached
// responses are shared: callers must not change them.
type responseCache struct {
	mu    sync.Mutex
	order *list.List // of *cacheEntry, most recent first
	byKey map[string]*list.Element
}

type cacheEntry struct {
	key string
	res *Response
}

func newResponseCache() *responseCache {
	return &responseCache{order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *responseCache) get(key string) *Response {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).res
}

func (c *responseCache) put(key string, res *Response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key, res})
	if c.order.Len() > cacheSize {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*cacheEntry).key)
	}
}

// cacheKey identifies a request: the same key, the same response.
func cacheKey(r Request) string {
	var b strings.Builder
	b.WriteString(strings.Join(strings.Fields(r.Query), " "))
	for _, f := range [][]string{r.Filters.Type, r.Filters.Area, r.Filters.Cohort, r.Filters.Tag, r.Filters.IntegrationLevel} {
		b.WriteByte(0)
		b.WriteString(strings.Join(f, ","))
	}
	b.WriteByte(0)
	b.WriteString(strconv.Itoa(r.Page))
	b.WriteByte(0)
	b.WriteString(strconv.Itoa(r.Size))
	return b.String()
}
