package search

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestKeepReplacesTheKeptIndex keeps the indexes of two builds in turn in
// one state folder: the second replaces the first, the output is left
// without its .intkb/, and nothing else is left in the state folder,
// not even what a build stopped part way had left there.
func TestKeepReplacesTheKeptIndex(t *testing.T) {
	state := t.TempDir()
	dst := KeptIndexDir(state)
	for i, n := range []int{3, 5} {
		out := t.TempDir()
		writeTinyIndex(t, out, n)
		if i == 1 {
			// Leftovers of a build stopped while it kept its index.
			for _, d := range []string{dst + ".new", dst + ".new.old", dst + ".old"} {
				if err := os.MkdirAll(filepath.Join(d, "store"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := Keep(out, state); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Dir(IndexDir(out))); !os.IsNotExist(err) {
			t.Errorf("build %d: the output keeps %s: %v", i+1, filepath.Dir(IndexDir(out)), err)
		}
		idx, err := OpenDir(dst)
		if err != nil {
			t.Fatal(err)
		}
		got, err := idx.DocCount()
		idx.Close()
		if err != nil || got != uint64(n) {
			t.Errorf("build %d: the kept index holds %d pages (%v), want %d", i+1, got, err, n)
		}
		entries, err := os.ReadDir(state)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if !slices.Equal(names, []string{filepath.Base(dst)}) {
			t.Errorf("build %d: the state folder holds %v", i+1, names)
		}
	}
}
