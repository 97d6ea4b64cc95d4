package workdir

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRemoveAllRemovesTheTreeAndNoMore(t *testing.T) {
	root := t.TempDir()
	tree := filepath.Join(root, "site")
	outside := filepath.Join(root, "outside")
	for _, d := range []string{outside, filepath.Join(tree, "empty"), filepath.Join(tree, "a", "b", "c")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name string) {
		t.Helper()
		if err := os.WriteFile(name, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(outside, "kept.txt"))
	write(filepath.Join(tree, "index.html"))
	write(filepath.Join(tree, "a", "b", "c", "deep.html"))
	// A folder of more files than one worker takes at a time, each in
	// a folder of its own and beside it.
	big := filepath.Join(tree, "search", "d")
	for i := range 3*chunkFiles + 7 {
		page := filepath.Join(tree, "pages", fmt.Sprint(i))
		if err := os.MkdirAll(page, 0o755); err != nil {
			t.Fatal(err)
		}
		write(filepath.Join(page, "index.html"))
		if err := os.MkdirAll(big, 0o755); err != nil {
			t.Fatal(err)
		}
		write(filepath.Join(big, fmt.Sprintf("%d.json", i)))
	}
	// Links out of the tree are removed, never followed.
	if err := os.Symlink(outside, filepath.Join(tree, "a", "to-folder")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "kept.txt"), filepath.Join(tree, "to-file")); err != nil {
		t.Fatal(err)
	}

	// A link to a folder, named with a slash after it, is a link: it
	// goes, and what it points to stays.
	link := filepath.Join(root, "link")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	if err := RemoveAll(link + "/"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Errorf("the link is still there (%v)", err)
	}
	// A path ending in a dot is refused, as os.RemoveAll refuses it,
	// before anything is removed.
	if err := RemoveAll(filepath.Join(tree, "a") + string(filepath.Separator) + "."); err == nil {
		t.Error(`no error for a path ending in "."`)
	}
	if _, err := os.Stat(filepath.Join(tree, "a", "b", "c", "deep.html")); err != nil {
		t.Errorf(`a path ending in "." removed what is in its folder: %v`, err)
	}

	if err := RemoveAll(tree); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(tree); !os.IsNotExist(err) {
		t.Errorf("%s is still there (%v)", tree, err)
	}
	if _, err := os.Stat(filepath.Join(outside, "kept.txt")); err != nil {
		t.Errorf("a file a link pointed to went: %v", err)
	}
	if err := RemoveAll(tree); err != nil {
		t.Errorf("removing what is not there: %v", err)
	}
	file := filepath.Join(outside, "kept.txt")
	if err := RemoveAll(file); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(file); !os.IsNotExist(err) {
		t.Errorf("a file given alone is still there (%v)", err)
	}
}

func TestRemoveAllSaysWhatItCouldNotRemove(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may remove from a folder it cannot write")
	}
	tree := filepath.Join(t.TempDir(), "site")
	locked := filepath.Join(tree, "locked")
	if err := os.MkdirAll(locked, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{filepath.Join(locked, "page.html"), filepath.Join(tree, "other.html")} {
		if err := os.WriteFile(name, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(locked, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	if err := RemoveAll(tree); err == nil || !strings.Contains(err.Error(), locked) {
		t.Errorf("got %v, want an error naming %s, whose file cannot be removed", err, locked)
	}
	if _, err := os.Lstat(filepath.Join(tree, "other.html")); !os.IsNotExist(err) {
		t.Error("the files it could remove were left")
	}
	if _, err := os.Lstat(filepath.Join(locked, "page.html")); err != nil {
		t.Errorf("the file it could not remove: %v", err)
	}
}
