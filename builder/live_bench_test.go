package builder

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkLiveBodyEdit times Live.Apply for an edit to one page's body
// in a generated site of INTKB_BENCH_SITE (a folder made by bench/gen),
// skipped when that is not set. The file write and the watcher are not
// included: see cmd/intkb's BenchmarkEditToReload for the whole path.
func BenchmarkLiveBodyEdit(b *testing.B) {
	site := os.Getenv("INTKB_BENCH_SITE")
	if site == "" {
		b.Skip("set INTKB_BENCH_SITE to a site made by go run ./bench/gen")
	}
	root, err := os.OpenRoot(site)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	opts := Options{Source: root.FS(), Dest: filepath.Join(b.TempDir(), "out"), Now: time.Now()}
	res, err := Build(opts)
	if err != nil {
		b.Fatal(err)
	}
	live := NewLive(opts, res)
	page := res.Pages[len(res.Pages)/2]
	orig, _ := os.ReadFile(filepath.Join(site, page.File))
	defer os.WriteFile(filepath.Join(site, page.File), orig, 0o644)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		os.WriteFile(filepath.Join(site, page.File), []byte(fmt.Sprintf("%s\nEdit %d.\n", orig, i)), 0o644)
		if _, err := live.Apply([]string{page.File}); err != nil {
			b.Fatal(err)
		}
	}
}
