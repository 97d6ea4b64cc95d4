package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSourceDateEpochMakesBuildsReproducible builds a new site twice,
// seconds apart, into two folders, with SOURCE_DATE_EPOCH set: every file
// is the same, and the open data says it was generated at that time. A
// value that is not a number of seconds is refused before anything is
// built.
func TestSourceDateEpochMakesBuildsReproducible(t *testing.T) {
	dir := t.TempDir()
	site := newSite(t, dir, "north")
	t.Setenv("SOURCE_DATE_EPOCH", "1796374800") // 4 December 2026, 09:00 UTC
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for i, dest := range []string{a, b} {
		if i > 0 {
			time.Sleep(1100 * time.Millisecond) // a second later, as the stamps count
		}
		if _, stderr, code := run(t, site, "build", "--clean", "--dest", dest); code != 0 {
			t.Fatalf("build into %s: exit %d: %s", dest, code, stderr)
		}
	}
	files := 0
	err := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		got, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		want, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs between the two builds (%v)", rel, err)
		}
		files++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("only %d files compared", files)
	}
	inB := 0
	if err := filepath.WalkDir(b, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			inB++
		}
		return err
	}); err != nil || inB != files {
		t.Errorf("the second build wrote %d files, the first %d (%v)", inB, files, err)
	}
	data, err := os.ReadFile(filepath.Join(a, "data", "blueprints.json"))
	if err != nil || !strings.Contains(string(data), `"generated": "2026-12-04T09:00:00Z"`) {
		t.Errorf("the open data does not say it was generated at SOURCE_DATE_EPOCH (%v):\n%.300s", err, data)
	}

	for _, v := range []string{"yesterday", "-1", "1.5e9", "99999999999999"} {
		t.Setenv("SOURCE_DATE_EPOCH", v)
		dest := filepath.Join(dir, "c")
		_, stderr, code := run(t, site, "build", "--dest", dest)
		if code != exitUsage || !strings.Contains(stderr, `SOURCE_DATE_EPOCH is "`+v+`", not a whole number of seconds since 1970-01-01 UTC`) {
			t.Errorf("SOURCE_DATE_EPOCH=%s: exit %d, stderr %q", v, code, stderr)
		}
		if _, err := os.Stat(dest); !os.IsNotExist(err) {
			t.Errorf("SOURCE_DATE_EPOCH=%s: the build wrote %s (%v)", v, dest, err)
		}
	}
}
