package search

import (
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"intkb/bench/corpus"
	"intkb/builder"
)

// The index stage of the build, timed alone: every page of a generated
// site added to a Writer and the index closed, as "intkb build" does
// while it renders. The site is built, in memory and with the timer
// stopped, once for the benchmark and its twin test. The other stages are
// benchmarked in the builder package.
//
//	go test ./search -run StageIndex -bench StageIndex -benchmem
//	go test ./search -run StageIndex -bench StageIndex -stage.pages 10000

var stagePages = flag.Int("stage.pages", 1000, "how many generated pages the index benchmark and its twin test use")

var (
	stageOnce sync.Once
	stageMemo []*builder.Page
	stageErr  error
)

// stageSite returns the published pages of the generated site, with their
// text rendered, ready to index.
func stageSite() ([]*builder.Page, error) {
	stageOnce.Do(func() {
		fsys := fstest.MapFS{}
		for name, data := range corpus.Files(*stagePages, 1) {
			fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
		}
		res, err := builder.Build(builder.Options{Source: fsys})
		if err != nil {
			stageErr = err
			return
		}
		stageMemo = res.Pages
	})
	return stageMemo, stageErr
}

// indexStage indexes pages into a new index in dir. Add only queues:
// the Writer indexes on every core.
func indexStage(dir string, pages []*builder.Page) error {
	w, err := NewWriter(dir)
	if err != nil {
		return err
	}
	for _, p := range pages {
		if err := w.Add(p); err != nil {
			w.Close()
			return err
		}
	}
	return w.Close()
}

func BenchmarkStageIndex(b *testing.B) {
	b.StopTimer()
	pages, err := stageSite()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		dir := filepath.Join(b.TempDir(), "out")
		b.StartTimer()
		err := indexStage(dir, pages)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		os.RemoveAll(dir)
	}
	b.ReportMetric(float64(len(pages))*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func TestStageIndexCorpus(t *testing.T) {
	pages, err := stageSite()
	if err != nil {
		t.Fatalf("the corpus does not build: %.2000v", err)
	}
	if len(pages) != *stagePages {
		t.Fatalf("%d pages, want %d", len(pages), *stagePages)
	}
	dir := t.TempDir()
	if err := indexStage(dir, pages); err != nil {
		t.Fatal(err)
	}
	idx, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if n, err := idx.DocCount(); err != nil || n != uint64(len(pages)) {
		t.Errorf("the index holds %d documents (%v), want one per page, %d", n, err, len(pages))
	}
	// The corpus's vocabulary puts domain words among the frequent ones,
	// so that the benchmark queries find pages of every type.
	res, err := idx.Search(Request{Query: "frailty"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range corpus.Mix {
		if res.Facets["type"][m.Type] == 0 {
			t.Errorf("no %s matches %q: facets %v", m.Type, "frailty", res.Facets["type"])
		}
	}
}
