package search

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"intkb/bench/corpus"
	"intkb/builder"
)

// benchQueries are the queries the benchmarks and bench/search.lua use.
var benchQueries = corpus.Queries

// benchIndex builds a generated site of n pages with its index, once per
// size, in a folder kept between benchmark runs (INTKB_BENCH_DIR, or a
// temporary one).
func benchIndex(b *testing.B, n int) *Index {
	b.Helper()
	dir := os.Getenv("INTKB_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	site := filepath.Join(dir, "corpus-"+itoa(n))
	out := filepath.Join(site, "public")
	if _, err := os.Stat(IndexDir(out)); err != nil {
		b.StopTimer()
		if err := corpus.Write(site, n, 1); err != nil {
			b.Fatal(err)
		}
		root, err := os.OpenRoot(site)
		if err != nil {
			b.Fatal(err)
		}
		_, err = builder.Build(builder.Options{Source: root.FS(), Dest: out, NewIndex: NewWriter})
		root.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	idx, err := Open(out)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { idx.Close() })
	return idx
}

func itoa(n int) string {
	s := ""
	for n > 0 || s == "" {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}

func BenchmarkSearch10k(b *testing.B) {
	idx := benchIndex(b, 10000)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := idx.Search(Request{Query: benchQueries[i%len(benchQueries)]}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkSearch10kUncached runs the benchmark queries one at a time past
// the response cache, as for queries no reader has asked before, and
// reports the median and 99th percentile of their latency.
// BenchmarkSearch10k, like bench/search.lua, mostly measures cache hits.
func BenchmarkSearch10kUncached(b *testing.B) {
	benchUncached(b, benchIndex(b, 10000), benchQueries)
}

// BenchmarkSearch1kUncachedPairs asks, one at a time and past the
// response cache, the queries bench/search-uncached.lua sends intkb serve
// (pairs of the corpus's words, some half typed or with a typo), over a
// generated site of 1,000 pages: the search behind "/api/search past the
// cache" in BENCHMARKS.md, without HTTP.
func BenchmarkSearch1kUncachedPairs(b *testing.B) {
	benchUncached(b, benchIndex(b, 1000), uncachedPairs())
}

// BenchmarkSearch10kUncachedPairs is BenchmarkSearch1kUncachedPairs over
// 10,000 pages, where the hits are more pages than the page cache holds:
// 8,663 different pages in the first 6,000 queries.
func BenchmarkSearch10kUncachedPairs(b *testing.B) {
	benchUncached(b, benchIndex(b, 10000), uncachedPairs())
}

// benchUncached runs queries in turn on idx past the response cache and
// reports the median and 99th percentile of their latency, calling each
// of before before each query.
func benchUncached(b *testing.B, idx *Index, queries []string, before ...func()) {
	took := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range before {
			f()
		}
		start := time.Now()
		if _, err := idx.search(Request{Query: queries[i%len(queries)], Page: 1, Size: DefaultSize}, start); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	ms := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}

// uncachedWords are bench/search-uncached.lua's words.
var uncachedWords = strings.Fields(`frailty care homes neighbourhood team coordinator coordinators district nurse
	general practice pharmacy social prescribing link worker mental health housing
	carers older people integration partnership sponsor implementer budget pooled
	aligned record shared plan evidence admissions emergency urgent outcomes
	learning governance accountability voluntary community enterprise relabelling needs
	function form meeting multidisciplinary case finding risk stratification
	population lived experience children young long-term conditions discharge
	hospital ambulance falls loneliness`)

// uncachedPairs returns the queries of bench/search-uncached.lua's first
// thread, in its order: every pair of uncachedWords, the second word
// whole, half typed or with its third letter dropped.
func uncachedPairs() []string {
	n := len(uncachedWords)
	out := make([]string, 0, n*n*3)
	for i := 1; i <= n*n*3; i++ {
		k := i * 7919 % (n * n * 3)
		a, w, form := uncachedWords[k%n], uncachedWords[k/n%n], k/(n*n)
		switch {
		case form == 1:
			w = w[:max(2, len(w)/2)]
		case form == 2 && len(w) > 4:
			w = w[:2] + w[3:]
		}
		out = append(out, a+" "+w)
	}
	return out
}
