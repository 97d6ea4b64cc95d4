package publish

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"intkb/internal/testenv"
)

// site is a published folder as a test sees it (testenv.Tree): each
// file's text by path, and each folder as "/".
type site = map[string]string

func tree(t *testing.T, dest string) site { return testenv.Tree(t, dest) }

// publishKeyed publishes files into dest, whole (prior nil) or as an
// update of prior, and returns the list of dest the next update needs,
// with the Output.
func publishKeyed(t *testing.T, dest string, prior []Prior, files map[string]string) ([]Prior, *Output, error) {
	t.Helper()
	st := beginKeyed(t, dest, prior)
	defer st.Close()
	var err error
	names := make([]string, 0, len(files))
	for rel := range files {
		names = append(names, rel)
	}
	slices.Sort(names)
	for _, rel := range names {
		if strings.HasSuffix(rel, ".gz") {
			src := files[rel]
			err = st.Out.WriteFrom(rel, sha256.Sum256([]byte(src)), func(use func([]byte) error) error { return use([]byte("made from " + src)) })
		} else {
			err = st.Out.Write(rel, []byte(files[rel]))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// What a search index writes into the stage itself.
	if err := os.MkdirAll(filepath.Join(st.Out.Dir, ".intkb", "index"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(st.Out.Dir, ".intkb", "index", "store"), []byte(names[0]), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(); err != nil {
		return nil, st.Out, err
	}
	keys := st.Out.Keys()
	var list []Prior
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dest {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		rel = filepath.ToSlash(rel)
		if rel == ".intkb" || rel == ".git" {
			return fs.SkipDir
		}
		list = append(list, Prior{Path: rel, Dir: d.IsDir(), Made: keys[rel]})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return list, st.Out, nil
}

// beginKeyed begins a keyed stage for dest: whole when prior is nil, or
// an update of prior.
func beginKeyed(t *testing.T, dest string, prior []Prior) *Stage {
	t.Helper()
	var st *Stage
	var err error
	if prior == nil {
		st, err = BeginKeyed(dest)
	} else {
		st, err = BeginUpdate(dest, prior)
	}
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// want is files as a site, with their folders, the ".gz" files as made.
func want(files map[string]string) site {
	out := site{}
	for rel, text := range files {
		if strings.HasSuffix(rel, ".gz") {
			text = "made from " + text
		}
		out[rel] = text
		for d := filepath.ToSlash(filepath.Dir(rel)); d != "."; d = filepath.ToSlash(filepath.Dir(d)) {
			out[d] = "/"
		}
	}
	return out
}

func inode(t *testing.T, name string) uint64 { return testenv.Inode(t, name) }

// TestUpdateWritesOnlyWhatChanged publishes a site whole, then updates it
// in place: files changed, added and removed, a folder emptied, a file
// where a folder was and a folder where a file was, a file made from a
// source (WriteFrom) whose source changed and one whose did not. The
// destination then holds exactly the second site, with the search
// index's folder replaced whole and .git kept; the files that did not
// change are the same files, never written, and a file made from an
// unchanged source was not made again.
func TestUpdateWritesOnlyWhatChanged(t *testing.T) {
	t.Run("with links", testUpdate)
	link = func(string, string) error { return errors.New("no links here") }
	defer func() { link = os.Link }()
	t.Run("without links", testUpdate)
}

func testUpdate(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first := map[string]string{
		"index.html":          "home",
		"css/site.css":        "body{}",
		"old/index.html":      "gone soon",
		"old/deep/a.txt":      "gone soon too",
		"becomes-folder":      "a file for now",
		"was-folder/x.html":   "x",
		"same.html":           "same",
		"search/t/1.json.gz":  "terms one",
		"search/t/2.json.gz":  "terms two",
		"search/p/keep.txt":   "kept",
		"search/meta.json":    `{"n":1}`,
		"blueprints/a/b.json": "b",
	}
	prior, _, err := publishKeyed(t, dest, nil, first)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dest, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	sameBefore := inode(t, filepath.Join(dest, "same.html"))
	gzBefore := inode(t, filepath.Join(dest, "search/t/1.json.gz"))

	second := map[string]string{
		"index.html":               "home, edited",
		"css/site.css":             "body{}",
		"new/index.html":           "new page",
		"becomes-folder/index.htm": "now a folder",
		"was-folder":               "now a file",
		"same.html":                "same",
		"search/t/1.json.gz":       "terms one",
		"search/t/2.json.gz":       "terms two, more",
		"search/p/keep.txt":        "kept",
		"search/meta.json":         `{"n":2}`,
		"blueprints/a/b.json":      "b",
	}
	made := 0
	var st *Stage
	st, err = BeginUpdate(dest, prior)
	if err != nil {
		t.Fatal(err)
	}
	st.Close() // a stage closed without Commit changes nothing
	if got := tree(t, dest); !maps.Equal(got, want(first)) {
		t.Fatalf("an update never committed changed the destination:\n%v", got)
	}
	_, out, err := publishKeyed(t, dest, prior, second)
	if err != nil {
		t.Fatal(err)
	}
	if got, w := tree(t, dest), want(second); !maps.Equal(got, w) {
		t.Errorf("after the update the destination holds\n%v\nwant\n%v", got, w)
	}
	if inode(t, filepath.Join(dest, "same.html")) != sameBefore || inode(t, filepath.Join(dest, "search/t/1.json.gz")) != gzBefore {
		t.Error("a file that did not change was written again")
	}
	for rel, m := range out.Keys() {
		if !m.Kept {
			made++
		}
		if m.Kept != slices.Contains([]string{"css/site.css", "same.html", "search/t/1.json.gz", "search/p/keep.txt", "blueprints/a/b.json", MarkerFile}, rel) {
			t.Errorf("%s: kept %t", rel, m.Kept)
		}
	}
	if n := out.Files() - out.Unchanged(); n != 6 || made != n {
		t.Errorf("%d files written (%d made), want 6", n, made)
	}
	if data, err := os.ReadFile(filepath.Join(dest, ".intkb", "index", "store")); err != nil || string(data) != "becomes-folder/index.htm" {
		t.Errorf("the search index's folder was not replaced: %q, %v", data, err)
	}
	if _, err := os.Stat(filepath.Join(dest, ".git")); err != nil {
		t.Errorf(".git was not kept: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dest, MarkerFile)); err != nil {
		t.Errorf("the marker file went: %v", err)
	}
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil || len(entries) != 1 {
		t.Errorf("beside the destination: %v (%v), want nothing", entries, err)
	}
}

// TestFailedUpdateLeavesTheDestinationAsItWas makes each rename of an
// update fail in turn: the update then fails, the destination holds the
// first site exactly, and nothing is left beside it.
func TestFailedUpdateLeavesTheDestinationAsItWas(t *testing.T) {
	t.Run("with links", testFailedUpdate)
	// As on a file system without links, where the old file is moved
	// aside before the new one takes its place.
	link = func(string, string) error { return errors.New("no links here") }
	defer func() { link = os.Link }()
	t.Run("without links", testFailedUpdate)
}

func testFailedUpdate(t *testing.T) {
	first := map[string]string{"index.html": "home", "a/index.html": "a", "b/index.html": "b", "b/c.txt": "c", "search/1.json.gz": "one"}
	second := map[string]string{"index.html": "home, edited", "b/index.html": "b", "d/index.html": "d", "search/1.json.gz": "one, more"}
	for fail := 1; ; fail++ {
		dest := filepath.Join(t.TempDir(), "public")
		prior, _, err := publishKeyed(t, dest, nil, first)
		if err != nil {
			t.Fatal(err)
		}
		calls := 0
		rename = func(from, to string) error {
			calls++
			if calls == fail {
				return &os.LinkError{Op: "rename", Old: from, New: to, Err: errors.New("disk on fire")}
			}
			return os.Rename(from, to)
		}
		_, _, err = publishKeyed(t, dest, prior, second)
		rename = os.Rename
		if calls < fail {
			if err != nil {
				t.Fatalf("with no rename failing: %v", err)
			}
			if fail < 3 {
				t.Fatalf("only %d renames: the test tried too little", calls)
			}
			break
		}
		if err == nil || !strings.Contains(err.Error(), "disk on fire") {
			t.Errorf("rename %d failing: err = %v", fail, err)
		}
		if got := tree(t, dest); !maps.Equal(got, want(first)) {
			t.Errorf("rename %d failing: the destination holds\n%v\nwant the first site", fail, got)
		}
		if entries, err := os.ReadDir(filepath.Dir(dest)); err != nil || len(entries) != 1 {
			t.Errorf("rename %d failing: beside the destination: %v (%v)", fail, entries, err)
		}
	}
}

// TestRenderedFilesAreKeptBySource updates a site whose files were
// rendered from sources (WriteRendered): a file whose source is the same
// is kept without being rendered; one whose source changed is rendered,
// and written only when its bytes changed; each keeps its new source.
func TestRenderedFilesAreKeptBySource(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	source := func(s string) [sha256.Size]byte { return sha256.Sum256([]byte(s)) }
	publishRendered := func(prior []Prior, files map[string][2]string) (*Output, []Prior, map[string]bool) {
		t.Helper()
		st := beginKeyed(t, dest, prior)
		defer st.Close()
		rendered := map[string]bool{}
		for _, rel := range slices.Sorted(maps.Keys(files)) {
			src, text := files[rel][0], files[rel][1]
			err := st.Out.WriteRendered(rel, source(src), func() ([]byte, error) {
				rendered[rel] = true
				return []byte(text), nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := st.Commit(); err != nil {
			t.Fatal(err)
		}
		var list []Prior
		for rel, m := range st.Out.Keys() {
			list = append(list, Prior{Path: rel, Made: m})
		}
		return st.Out, list, rendered
	}
	_, prior, rendered := publishRendered(nil, map[string][2]string{
		"same.html":       {"s1", "same"},
		"same-bytes.html": {"b1", "bytes"},
		"changed.html":    {"c1", "old"},
	})
	if len(rendered) != 3 {
		t.Fatalf("a build from nothing rendered %v", rendered)
	}
	before := map[string]uint64{}
	for _, rel := range []string{"same.html", "same-bytes.html", "changed.html"} {
		before[rel] = inode(t, filepath.Join(dest, rel))
	}
	out, _, rendered := publishRendered(prior, map[string][2]string{
		"same.html":       {"s1", "same"},
		"same-bytes.html": {"b2", "bytes"},
		"changed.html":    {"c2", "new"},
	})
	if !maps.Equal(rendered, map[string]bool{"same-bytes.html": true, "changed.html": true}) {
		t.Errorf("rendered %v, want the two files whose sources changed", rendered)
	}
	if got := tree(t, dest); got["same.html"] != "same" || got["same-bytes.html"] != "bytes" || got["changed.html"] != "new" {
		t.Errorf("the destination holds %v", got)
	}
	keys := out.Keys()
	for rel, w := range map[string]struct {
		src  string
		kept bool
	}{"same.html": {"s1", true}, "same-bytes.html": {"b2", true}, "changed.html": {"c2", false}} {
		if m := keys[rel]; m.Kept != w.kept || m.Source != source(w.src) || m.Key != sha256.Sum256([]byte(tree(t, dest)[rel])) {
			t.Errorf("%s: kept %t, source %x, want kept %t from %s with the key of its bytes", rel, m.Kept, m.Source[:4], w.kept, w.src)
		}
		if same := inode(t, filepath.Join(dest, rel)) == before[rel]; same != w.kept {
			t.Errorf("%s: the same file %t, want %t", rel, same, w.kept)
		}
	}
}
