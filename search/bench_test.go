package search

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"intkb/bench/corpus"
	"intkb/builder"
)

// benchQueries are the queries the benchmarks and bench/search.lua use.
var benchQueries = []string{
	"frailty", "care homes", "frailty care homes", "coordinator", "pooled budget",
	`shared care plan`, `"unity of effort"`, "neighbourhood team", "pharmasy", "relabel",
	"mental health housing", "district nurse", "risk stratification", "evidence admissions -hospital",
	"type:blueprint integration", "lived experience", "children young people", "discharge",
	"sponsor implementer", "loneliness",
}

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
	idx := benchIndex(b, 10000)
	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := idx.search(Request{Query: benchQueries[i%len(benchQueries)], Page: 1, Size: DefaultSize}, start); err != nil {
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
