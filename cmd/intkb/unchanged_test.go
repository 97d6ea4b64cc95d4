package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"intkb/search"
)

// TestBuildKeepsAnUnchangedSite checks what intkb build says when nothing
// changed, that the output and "intkb search" are as the last build left
// them, and what makes it build again: an edit, a missing kept index, an
// export, and --clean.
func TestBuildKeepsAnUnchangedSite(t *testing.T) {
	dir := t.TempDir()
	site := newSite(t, dir, "north")
	build := func(args ...string) string {
		t.Helper()
		stdout, stderr, code := run(t, site, append([]string{"build"}, args...)...)
		if code != 0 {
			t.Fatalf("build %q: exit %d: %s", args, code, stderr)
		}
		return stdout
	}
	built := regexp.MustCompile(`^Built \d+ pages`)
	kept := regexp.MustCompile(`^Nothing changed since the build of \d+ \w+ \d{4} \d\d:\d\d:\d\d UTC: kept \S+ as it was \(\d+ pages \(.*\), \d+ files, [\d.]+ MB in \S+\)`)
	if out := build(); !built.MatchString(out) {
		t.Fatalf("first build said %q", out)
	}
	index := filepath.Join(site, "public", "index.html")
	before, _ := os.Stat(index)
	if out := build(); !kept.MatchString(out) {
		t.Fatalf("a build with nothing changed said %q", out)
	}
	if after, _ := os.Stat(index); !after.ModTime().Equal(before.ModTime()) {
		t.Error("a build with nothing changed wrote the home page again")
	}
	if stdout, stderr, code := run(t, site, "search", "neighbourhood"); code != 0 || strings.Contains(stdout, "0 pages") {
		t.Errorf("intkb search after a kept build: exit %d: %s%s", code, stdout, stderr)
	}
	if out := build("--clean"); !built.MatchString(out) {
		t.Errorf("build --clean said %q", out)
	}
	if out := build("--export-search", filepath.Join(dir, "export.ndjson")); !built.MatchString(out) {
		t.Errorf("build --export-search said %q: its file is outside the output", out)
	}
	if out := build(); !kept.MatchString(out) {
		t.Errorf("a build after --export-search, with nothing changed, said %q", out)
	}
	if err := os.RemoveAll(search.KeptIndexDir(filepath.Join(site, ".intkb"))); err != nil {
		t.Fatal(err)
	}
	if out := build(); !built.MatchString(out) {
		t.Errorf("a build without the kept search index said %q", out)
	}
	if out := build("--drafts"); !built.MatchString(out) {
		t.Errorf("a build with a new flag said %q", out)
	}
	stdout, _, _ := run(t, site, "build", "-h")
	if !strings.Contains(stdout, "--clean") || !strings.Contains(stdout, "Nothing changed") && !strings.Contains(stdout, "nothing changed since the build") {
		t.Errorf("build -h does not explain --clean and keeping the output:\n%s", stdout)
	}
}
