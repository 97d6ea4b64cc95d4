package search

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"intkb/builder"
	"intkb/internal/testenv"
)

// TestKeptIndexesStandForTheAnalysis builds a site again and again from
// its kept indexes, and checks that each page is analysed only when its
// document changed, and that the static index and the Bleve index are
// then what a build from nothing makes: the static index's files byte
// for byte, the Bleve index's results to 12 digits. A damaged kept static
// index has every page analysed again; a kept Bleve index that will not
// open, when the pages were taken as kept, has its pages analysed as it
// indexes them.
func TestKeptIndexesStandForTheAnalysis(t *testing.T) {
	v1 := keptPages()
	v2 := map[string]string{
		"alder.md":  v1["alder.md"],
		"birch.md":  "Birch neighbourhood team shares one record for frailty, falls and elder care.",
		"cedar.md":  v1["cedar.md"],
		"damson.md": v1["damson.md"],
		"elder.md":  "Elder practice joins the frailty huddle from March.",
	}
	queries := []string{"frailty", "huddle", "quokka", "care coordinator", "\"frailty huddle\"", "falls", "elder", "coord", "fraity"}
	state := t.TempDir()
	kept := KeptIndexDir(state)
	staticKept, older := filepath.Join(state, "static-index"), filepath.Join(t.TempDir(), "older")
	var last *indexes
	fromKept := func(dir string) (builder.PageIndexer, error) {
		ix, err := NewIndexesFrom(kept)(dir)
		if err == nil {
			last = ix.(*indexes)
		}
		return ix, err
	}
	// step builds pages from the kept indexes, checks them against a
	// build from nothing, keeps the Bleve index, and returns how many
	// pages it analysed.
	step := func(name string, pages map[string]string) int {
		t.Helper()
		last = nil
		out := buildKept(t, keptSite(pages), fromKept, "")
		fresh := buildKept(t, keptSite(pages), NewIndexes, "")
		if got, want := testenv.Tree(t, filepath.Join(out, "search", "index")), testenv.Tree(t, filepath.Join(fresh, "search", "index")); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the static index differs from one made from nothing", name)
		}
		if got, want := results(t, IndexDir(out), queries), results(t, IndexDir(fresh), queries); got != want {
			t.Errorf("%s: the Bleve index finds\n%s\nwhere one made from nothing finds\n%s", name, got, want)
		}
		if err := Keep(out, state); err != nil {
			t.Fatal(err)
		}
		return int(last.analysed.Load())
	}

	for _, tt := range []struct {
		name     string
		pages    map[string]string
		before   func()
		analysed int
	}{
		{name: "from nothing", pages: v1, analysed: 4},
		// The build from nothing kept its static index: no page is
		// analysed again.
		{name: "the first update", pages: v1, analysed: 0},
		{name: "nothing changed", pages: v1, before: func() { mustCopy(t, staticKept, older) }, analysed: 0},
		{name: "a page edited and one added", pages: v2, analysed: 2},
		// The static index of the build before, as if this build's could
		// not be written: the Bleve index holds the edited page as it
		// is, but the static index kept holds it as it was.
		{name: "an older static index", pages: v2, before: func() { mustCopy(t, older, staticKept) }, analysed: 2},
		{name: "a page deleted", pages: map[string]string{"alder.md": v2["alder.md"], "birch.md": v2["birch.md"], "elder.md": v2["elder.md"]}, analysed: 0},
		{name: "it back", pages: v2, analysed: 2}, // cedar, new again, and damson, deleted from the kept index by the step before
		{name: "a damaged static index", pages: v2, before: func() { damageFile(t, staticKept) }, analysed: 5},
		// The kept index will not open, so it is made from nothing:
		// the pages given as kept are analysed as they are indexed.
		{name: "a kept index that will not open", pages: v2, before: func() { removeFile(t, filepath.Join(kept, "index_meta.json")) }, analysed: 0},
		// A byte of each of its files changed: Bleve may open it and
		// read postings wrong, so its table of files' sums disowns the
		// copy taken of it, and the index is made from nothing, as
		// when it will not open.
		{name: "a kept index damaged", pages: v2, before: func() { damageAll(t, filepath.Join(kept, indexStore)) }, analysed: 0},
		{name: "after it", pages: v2, analysed: 0},
	} {
		if tt.before != nil {
			tt.before()
		}
		if got := step(tt.name, tt.pages); got != tt.analysed {
			t.Errorf("%s: %d pages analysed, want %d", tt.name, got, tt.analysed)
		}
	}
}

// removeFile removes the file at path, which must exist.
func removeFile(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}

// damageAll changes a byte of every file in dir.
func damageAll(t *testing.T, dir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("nothing to damage in %s (%v)", dir, err)
	}
	for _, f := range files {
		damageFile(t, f)
	}
}

// damageFile changes a byte in the middle of the file f.
func damageFile(t *testing.T, f string) {
	t.Helper()
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 0 {
		data[len(data)/2] ^= 0xff
	}
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// mustCopy copies the file from to to, replacing it.
func mustCopy(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Remove(to); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if err := copyFile(from, to); err != nil {
		t.Fatal(err)
	}
}
