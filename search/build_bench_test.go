package search

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"intkb/bench/corpus"
	"intkb/builder"
	"intkb/search/static"
)

// What the search indexes add to a whole build: a generated site built
// without them, with the Bleve index, with the static index and with
// both, taking turns so that a busy machine slows each alike, into
// folders on disk as "intkb build" writes. It reports the median wall time
// of each and what each adds to the build without indexes, in percent.
//
//	go test ./search -run XXX -bench BuildIndexing -build.pages 10000 -benchtime 5x

var buildPages = flag.Int("build.pages", 1000, "how many generated pages BenchmarkBuildIndexing and its twin test build")

// buildModes are the builds compared: which indexes each writes.
var buildModes = []struct {
	name     string
	newIndex func(string) (builder.PageIndexer, error)
}{
	{"none", nil},
	{"bleve", NewWriter},
	{"static", NewStaticWriter},
	{"both", NewIndexes},
}

var (
	buildSiteOnce sync.Once
	buildSiteDir  string
	buildSiteErr  error
)

// buildSite writes the generated site once, into a folder removed when the
// tests end (see TestMain).
func buildSite() (string, error) {
	buildSiteOnce.Do(func() {
		buildSiteDir, buildSiteErr = os.MkdirTemp("", "intkb-build-bench-")
		if buildSiteErr == nil {
			buildSiteErr = corpus.Write(buildSiteDir, *buildPages, 1)
		}
	})
	return buildSiteDir, buildSiteErr
}

// buildOnce builds the generated site into dest with the indexes newIndex
// makes, and returns how long it took.
func buildOnce(site, dest string, newIndex func(string) (builder.PageIndexer, error)) (*builder.Result, time.Duration, error) {
	root, err := os.OpenRoot(site)
	if err != nil {
		return nil, 0, err
	}
	defer root.Close()
	start := time.Now()
	res, err := builder.Build(builder.Options{Source: root.FS(), Dest: dest, NewIndex: newIndex})
	return res, time.Since(start), err
}

func BenchmarkBuildIndexing(b *testing.B) {
	site, err := buildSite()
	if err != nil {
		b.Fatal(err)
	}
	took := make([][]time.Duration, len(buildModes))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for m, mode := range buildModes {
			dest := filepath.Join(b.TempDir(), "public")
			_, d, err := buildOnce(site, dest, mode.newIndex)
			if err != nil {
				b.Fatal(err)
			}
			took[m] = append(took[m], d)
			b.StopTimer()
			os.RemoveAll(dest)
			b.StartTimer()
		}
	}
	b.StopTimer()
	median := func(ds []time.Duration) float64 {
		ds = slices.Clone(ds)
		slices.Sort(ds)
		return ds[len(ds)/2].Seconds()
	}
	none := median(took[0])
	for m, mode := range buildModes {
		b.ReportMetric(median(took[m]), mode.name+"-s")
		if m > 0 {
			b.ReportMetric(100*(median(took[m])-none)/none, mode.name+"-added-%")
		}
	}
}

// TestBuildIndexingCorpus checks that the benchmark's site builds, with
// every page in both indexes.
func TestBuildIndexingCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated site")
	}
	site, err := buildSite()
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, _, err := buildOnce(site, dest, NewIndexes)
	if err != nil {
		t.Fatalf("the generated site does not build: %.2000v", err)
	}
	if len(res.Pages) != *buildPages {
		t.Fatalf("%d pages, want %d", len(res.Pages), *buildPages)
	}
	idx, err := Open(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if n, _ := idx.DocCount(); n != uint64(*buildPages) {
		t.Errorf("the Bleve index holds %d pages, want %d", n, *buildPages)
	}
	var meta static.Meta
	data, err := os.ReadFile(filepath.Join(static.Dir(dest), "meta.json"))
	if err == nil {
		err = json.Unmarshal(data, &meta)
	}
	if err != nil || meta.Docs != *buildPages {
		t.Errorf("the static index holds %d pages (%v), want %d", meta.Docs, err, *buildPages)
	}
}
