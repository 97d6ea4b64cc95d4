package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestStageSwapsInWhole publishes twice: the second site replaces the
// first whole, keeping the destination's hidden entries, and a stage
// closed without Commit changes nothing.
func TestStageSwapsInWhole(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publishSite := func(files map[string]string, commit bool) {
		t.Helper()
		st, err := Begin(dest)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		for rel, text := range files {
			if err := st.Out.Write(rel, []byte(text)); err != nil {
				t.Fatal(err)
			}
		}
		if commit {
			if err := st.Commit(); err != nil {
				t.Fatal(err)
			}
		}
	}
	publishSite(map[string]string{"index.html": "one", "old/index.html": "gone soon"}, true)
	if err := os.MkdirAll(filepath.Join(dest, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	publishSite(map[string]string{"index.html": "two"}, true)
	if got := readFile(t, filepath.Join(dest, "index.html")); got != "two" {
		t.Errorf("index.html = %q, want the second site's", got)
	}
	if _, err := os.Stat(filepath.Join(dest, "old")); !os.IsNotExist(err) {
		t.Errorf("a page the second site does not have lingers: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dest, ".git")); err != nil {
		t.Errorf(".git was not kept: %v", err)
	}
	publishSite(map[string]string{"index.html": "three"}, false)
	if got := readFile(t, filepath.Join(dest, "index.html")); got != "two" {
		t.Errorf("a stage never committed changed the site: index.html = %q", got)
	}
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "public" {
			t.Errorf("%s left beside the destination", e.Name())
		}
	}
}

// TestBeginRefusesForeignFolder keeps a folder intkb did not write.
func TestBeginRefusesForeignFolder(t *testing.T) {
	dest := t.TempDir()
	if err := os.WriteFile(filepath.Join(dest, "thesis.docx"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(dest); err == nil || !strings.Contains(err.Error(), "thesis.docx") {
		t.Fatalf("Begin(a folder of someone's files) = %v, want a refusal naming a file", err)
	}
	if got := readFile(t, filepath.Join(dest, "thesis.docx")); got != "mine" {
		t.Errorf("the file was changed: %q", got)
	}
}

// TestAtomicOutputAndRemovePage writes into a served folder file by file
// and removes a page, keeping what is beside it.
func TestAtomicOutputAndRemovePage(t *testing.T) {
	dir := t.TempDir()
	out := &Output{Dir: dir, Atomic: true}
	for rel, text := range map[string]string{"a/index.html": "page", "a/photo.png": "png", "b/index.html": "other"} {
		if err := out.Write(rel, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	if err := out.Write("a/index.html", []byte("page again")); err != nil {
		t.Fatal(err)
	}
	if out.Files() != 4 || out.Bytes() != int64(len("page")+len("png")+len("other")+len("page again")) {
		t.Errorf("counted %d files, %d bytes", out.Files(), out.Bytes())
	}
	for _, url := range []string{"a/", "b/", "never/"} {
		if err := RemovePage(dir, url); err != nil {
			t.Fatalf("RemovePage(%q): %v", url, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a", "photo.png")); err != nil {
		t.Errorf("a file beside a removed page went: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "b")); !os.IsNotExist(err) {
		t.Errorf("a removed page's empty folder stayed: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "a")); len(entries) != 1 {
		t.Errorf("a/ holds %d entries, want only photo.png (no temporary files)", len(entries))
	}
}
