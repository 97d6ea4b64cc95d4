package search

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
)

func TestLRUEvictionOrder(t *testing.T) {
	c := newLRU[string, int](3)
	c.put("a", 1)
	c.put("b", 2)
	c.put("c", 3)
	c.get("a")    // a is now the most recent: b is the least
	c.put("d", 4) // evicts b
	if _, ok := c.get("b"); ok {
		t.Error("b was kept: the least recently used entry should go first")
	}
	c.put("c", 30) // a put of a key already held makes it the most recent
	c.put("e", 5)  // evicts a, not c
	if _, ok := c.get("a"); ok {
		t.Error("a was kept after c was put again and e added")
	}
	for key, want := range map[string]int{"c": 3, "d": 4, "e": 5} {
		got, ok := c.get(key)
		if !ok {
			t.Errorf("%s was evicted", key)
			continue
		}
		// Searches that raced each other may put the same key twice;
		// their responses are equal, and the first is kept.
		if got != want {
			t.Errorf("%s = %d, want %d", key, got, want)
		}
	}
	if n := c.len(); n != 3 {
		t.Errorf("holds %d entries, want 3", n)
	}
}

// TestLRUConcurrent has goroutines get and put overlapping keys, many
// more than the cache holds, as the server's handlers do; run it with
// -race. Every value found must be the one put for its key, and the cache
// must never hold more than its size.
func TestLRUConcurrent(t *testing.T) {
	const size, keys = 64, 512
	c := newLRU[string, string](size)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 1))
			for range 5000 {
				k := fmt.Sprint(r.IntN(keys))
				if v, ok := c.get(k); ok {
					if v != "v"+k {
						t.Errorf("get(%s) = %s", k, v)
						return
					}
					continue
				}
				c.put(k, "v"+k)
			}
		})
	}
	wg.Wait()
	if n := c.len(); n != size {
		t.Errorf("holds %d entries, want %d", n, size)
	}
}

// TestResponseCacheAndUpdate checks the response cache as Search's
// callers see it: the same request (up to spacing) gives the same shared
// response, and an index made by Update starts with an empty cache, so a
// live rebuild is never answered from the build before it, while the old
// index keeps its own.
func TestResponseCacheAndUpdate(t *testing.T) {
	fsys, idx := zebraSite(t)
	defer idx.Close()
	search := func(x *Index, q string) *Response {
		t.Helper()
		r, err := x.Search(Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	urls := func(r *Response) []string {
		var u []string
		for _, h := range r.Hits {
			u = append(u, h.URL)
		}
		return u
	}
	before := search(idx, "zebra")
	if again := search(idx, "  zebra "); again != before {
		t.Error("the same query was not answered from the cache")
	}
	if other := search(idx, "zebra stripes"); other == before {
		t.Error("a different query was answered with another's response")
	}

	delete(fsys, "content/b.md")
	next, err := idx.Update(nil, []string{"b/"})
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	after := search(next, "zebra")
	if after == before {
		t.Fatal("the updated index answered from the old index's cache")
	}
	if got := urls(after); !reflect.DeepEqual(got, []string{"a/"}) {
		t.Errorf("zebra after the update: %v", got)
	}
	if again := search(next, "zebra"); again != after {
		t.Error("the updated index does not cache its own responses")
	}
	if old := search(idx, "zebra"); old != before {
		t.Error("the old index lost its cached response")
	}
}

// BenchmarkResponseCache gets and puts responses from every core at once,
// as the server's handlers do. Keys are real cache keys, chosen with a
// Zipf law (a few queries asked very often, most rarely), and a miss is
// followed by a put, as in Index.Search. "fits" asks fewer distinct
// queries than the cache holds, so almost every get is a hit, as on a
// busy server; "evicts" asks four times as many, so a put often evicts.
func BenchmarkResponseCache(b *testing.B) {
	for _, bc := range []struct {
		name string
		keys int
	}{{"fits", cacheSize / 2}, {"evicts", cacheSize * 4}} {
		b.Run(bc.name, func(b *testing.B) {
			keys := make([]string, bc.keys)
			for i := range keys {
				keys[i] = cacheKey(Request{Query: benchQueries[i%len(benchQueries)] + " " + itoa(i), Page: 1, Size: DefaultSize})
			}
			c := newLRU[string, *Response](cacheSize)
			res := &Response{}
			var seed sync.Mutex
			next := uint64(0)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				seed.Lock()
				next++
				z := rand.NewZipf(rand.New(rand.NewPCG(next, 2)), 1.1, 1, uint64(len(keys)-1))
				seed.Unlock()
				for pb.Next() {
					k := keys[z.Uint64()]
					if _, ok := c.get(k); !ok {
						c.put(k, res)
					}
				}
			})
		})
	}
}

// TestCostLRU checks a cache bounded by what its entries cost: puts evict
// the least recent entries until the rest fit, and an entry that costs
// more than the whole cache is not kept, nor does it evict anything.
func TestCostLRU(t *testing.T) {
	c := newCostLRU[string](10, func(s string) int { return len(s) })
	c.put("a", "aaaa")
	c.put("b", "bbbb")
	c.get("a")                 // b is now the least recent
	c.put("c", "cccc")         // 12 > 10: evicts b
	c.put("d", "dddddddddddd") // costs more than the cache: not kept
	for key, want := range map[string]bool{"a": true, "b": false, "c": true, "d": false} {
		if _, ok := c.get(key); ok != want {
			t.Errorf("holds %s: %v, want %v", key, ok, want)
		}
	}
	if c.used != 8 {
		t.Errorf("used = %d, want 8", c.used)
	}
	c.put("e", "eeeeeeeeee") // 10: evicts a and c
	if n, used := c.len(), c.used; n != 1 || used != 10 {
		t.Errorf("holds %d entries costing %d, want 1 costing 10", n, used)
	}
}

// TestPagesCacheBoundedByBytes fills an index's page cache with pages
// whose cost is known and checks that it keeps no more than its budget.
func TestPagesCacheBoundedByBytes(t *testing.T) {
	c := newPagesCache()
	p := &storedPage{parts: []part{{Text: string(make([]byte, 1<<20))}}}
	for i := range 200 {
		c.put(fmt.Sprint(i), p)
	}
	if got, most := c.len(), pagesCacheBytes/p.cost(); got != most {
		t.Errorf("holds %d pages of %d bytes, want %d", got, p.cost(), most)
	}
}
