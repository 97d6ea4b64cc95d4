package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestSearchCountsPages checks the line intkb search starts its answer
// with, for one page, several and none: it once said "1 page match".
func TestSearchCountsPages(t *testing.T) {
	dir := t.TempDir()
	site := newSite(t, dir, "north")
	for _, page := range [][]string{{"playbook", "alpha-steps"}, {"case-study", "beta-story"}} {
		if _, stderr, code := run(t, site, "new", page[0], page[1]); code != 0 {
			t.Fatalf("new %s: exit %d: %s", page[0], code, stderr)
		}
	}
	if _, stderr, code := run(t, site, "build", "--drafts"); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	first := func(query string) string {
		t.Helper()
		stdout, stderr, code := run(t, site, "search", query)
		if code != 0 {
			t.Fatalf("search %s: exit %d: %s", query, code, stderr)
		}
		line, _, _ := strings.Cut(stdout, "\n")
		return line
	}
	if got, want := first("alpha"), `1 page matches "alpha":`; got != want {
		t.Errorf("one page found: %q, want %q", got, want)
	}
	got := first("playbook")
	m := regexp.MustCompile(`^(\d+) pages match "playbook":$`).FindStringSubmatch(got)
	if m == nil {
		t.Errorf("several pages found: %q, want N pages match \"playbook\":", got)
	} else if n, _ := strconv.Atoi(m[1]); n < 2 {
		t.Errorf("several pages found: %q: the comparison needs two pages or more", got)
	}
	if got, want := first("zebra"), `No pages match "zebra".`; got != want {
		t.Errorf("no page found: %q, want %q", got, want)
	}
}

// TestBuildKeepsTheIndexOutOfThePublishedSite checks that intkb build
// leaves the Bleve index out of what is published, keeping it in the
// site's .intkb/ for intkb search, across a rebuild that replaces it and
// a build into a folder on another file system.
func TestBuildKeepsTheIndexOutOfThePublishedSite(t *testing.T) {
	dir := t.TempDir()
	site := newSite(t, dir, "north")
	if _, stderr, code := run(t, site, "new", "playbook", "alpha-steps"); code != 0 {
		t.Fatalf("new playbook: exit %d: %s", code, stderr)
	}
	dests := []string{filepath.Join(site, "public"), filepath.Join(dir, "elsewhere")}
	if shm, err := os.MkdirTemp("/dev/shm", "intkb-test-"); err == nil {
		t.Cleanup(func() { os.RemoveAll(shm) })
		dests = append(dests, filepath.Join(shm, "public")) // another file system, where there is one
	}
	for i, dest := range dests {
		if _, stderr, code := run(t, site, "build", "--drafts", "--dest", dest); code != 0 || strings.Contains(stderr, "warning: keeping") {
			t.Fatalf("build %d: exit %d: %s", i, code, stderr)
		}
		if _, err := os.Stat(filepath.Join(dest, ".intkb")); err == nil {
			t.Errorf("build %d: %s holds .intkb/, which static hosting would receive", i, dest)
		}
		if _, err := os.Stat(filepath.Join(dest, "search", "index")); err != nil {
			t.Errorf("build %d: no static index: %v", i, err)
		}
		stdout, stderr, code := run(t, site, "search", "alpha")
		if code != 0 || !strings.HasPrefix(stdout, `1 page matches "alpha":`) {
			t.Errorf("search after build %d: exit %d: %s%s", i, code, stdout, stderr)
		}
	}
	left, _ := filepath.Glob(filepath.Join(site, ".intkb", "search.bleve.*"))
	if len(left) > 0 {
		t.Errorf("left behind: %q", left)
	}
}
