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

// TestSearchWritesPlainTextToAFile checks that intkb search, its answer
// going to a file or a pipe rather than a terminal, writes its snippets
// as plain text, with no escape codes for bold.
func TestSearchWritesPlainTextToAFile(t *testing.T) {
	dir := t.TempDir()
	site := newSite(t, dir, "north")
	if _, stderr, code := run(t, site, "new", "playbook", "alpha-steps"); code != 0 {
		t.Fatalf("new: exit %d: %s", code, stderr)
	}
	page := filepath.Join(site, "content", "playbooks", "alpha-steps.md")
	f, err := os.OpenFile(page, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\nThe quokka huddle meets on Tuesdays.\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, stderr, code := run(t, site, "build", "--drafts"); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	stdout, stderr, code := run(t, site, "search", "quokka")
	if code != 0 {
		t.Fatalf("search: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "The quokka huddle") {
		t.Fatalf("search shows no snippet of the page's text:\n%s", stdout)
	}
	if strings.Contains(stdout, "\x1b") || strings.Contains(stdout, "<mark>") {
		t.Errorf("the answer holds escape codes or tags:\n%q", stdout)
	}
	if got := terminalSnippet("a <mark>care</mark> home &amp; more", true); got != "a \x1b[1mcare\x1b[0m home & more" {
		t.Errorf("for a terminal: %q", got)
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
