package corpus_test

import (
	"path/filepath"
	"testing"
	"testing/fstest"

	"intkb/bench/corpus"
	"intkb/builder"
)

// TestCorpusBuilds checks that the corpus is what the benchmarks claim:
// the page count and mix, valid front matter, and links that resolve.
func TestCorpusBuilds(t *testing.T) {
	const n = 400
	files := corpus.Files(n, 1)
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	res, err := builder.Build(builder.Options{Source: fsys, Dest: filepath.Join(t.TempDir(), "out")})
	if err != nil {
		t.Fatalf("the corpus does not build: %.2000v", err)
	}
	if len(res.Pages) != n {
		t.Errorf("%d pages, want %d", len(res.Pages), n)
	}
	for _, m := range corpus.Mix {
		if got, want := res.ByType[m.Type], n*m.Percent/100; got < want {
			t.Errorf("%d pages of type %s, want at least %d", got, m.Type, want)
		}
	}
	links := 0
	for _, p := range res.Pages {
		links += len(p.Links())
	}
	if links < n {
		t.Errorf("only %d links between %d pages", links, n)
	}
	// Deterministic: the same seed gives the same files.
	again := corpus.Files(n, 1)
	for name, data := range files {
		if string(again[name]) != string(data) {
			t.Fatalf("%s differs between two runs with one seed", name)
		}
	}
}
