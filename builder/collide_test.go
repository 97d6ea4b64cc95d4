package builder

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"intkb/bench/corpus"
	"intkb/builder/publish"
)

// TestPlannedFilesAreTheFilesWritten checks that a planning Output, which
// checkOutputs gives the site's writers so that they leave out encoding
// and checking the open data and making the workbook, is told of exactly
// the files a real Output is given.
func TestPlannedFilesAreTheFilesWritten(t *testing.T) {
	fsys := fstest.MapFS{}
	for name, data := range corpus.Files(80, 1) {
		fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	res, err := Build(Options{Source: fsys, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	snap := res.Site.state().snap
	var mu sync.Mutex
	var planned []string
	plan := &publish.Output{Record: func(rel string) {
		mu.Lock()
		planned = append(planned, rel)
		mu.Unlock()
	}}
	dir := t.TempDir()
	out := &publish.Output{Dir: dir}
	for _, write := range snap.siteFiles() {
		if err := write(plan); err != nil {
			t.Fatal(err)
		}
		if err := write(out); err != nil {
			t.Fatal(err)
		}
	}
	var written []string
	for rel := range fileMap(t, dir) {
		written = append(written, strings.TrimPrefix(filepath.ToSlash(rel), "/"))
	}
	slices.Sort(planned)
	slices.Sort(written)
	if !slices.Equal(planned, written) {
		t.Errorf("planned %d files, wrote %d:\nplanned %v\nwrote   %v", len(planned), len(written), planned, written)
	}
	for _, want := range []string{"data/blueprints.json", "data/blueprints.xlsx", "sitemap.xml"} {
		if !slices.Contains(planned, want) {
			t.Errorf("no %s planned", want)
		}
	}
	if n := len(slices.DeleteFunc(slices.Clone(planned), func(rel string) bool { return !strings.HasPrefix(rel, "data/blueprints/") })); n == 0 {
		t.Error("no blueprint's own open data planned")
	}
}
