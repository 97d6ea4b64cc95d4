package publish

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestZip archives a published folder: every file under one folder, none
// of the hidden ones, and the same bytes for the same site.
func TestZip(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"index.html": "home", "café/index.html": "café", "css/intkb.css": "css",
		MarkerFile: "marker", ".git/config": "git", "css/.draft.css": "hidden",
	} {
		full := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	file := filepath.Join(out, "site.zip")
	size, err := Zip(dir, file, "my-site")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil || int64(len(data)) != size {
		t.Fatalf("read %d bytes (%v), Zip said %d", len(data), err, size)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), size)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		r, _ := f.Open()
		body, _ := io.ReadAll(r)
		r.Close()
		if f.Name == "my-site/café/index.html" && string(body) != "café" {
			t.Errorf("%s holds %q", f.Name, body)
		}
	}
	if want := []string{"my-site/café/index.html", "my-site/css/intkb.css", "my-site/index.html"}; !slices.Equal(names, want) {
		t.Errorf("entries %q, want %q", names, want)
	}
	again := filepath.Join(out, "again.zip")
	if _, err := Zip(dir, again, "my-site"); err != nil {
		t.Fatal(err)
	}
	if second, _ := os.ReadFile(again); !bytes.Equal(second, data) {
		t.Error("the same site gave another archive")
	}
	if left, _ := filepath.Glob(filepath.Join(out, ".*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
