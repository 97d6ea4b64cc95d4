package main

import (
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
	if _, stderr, code := run(t, dir, "new", "site", "north"); code != 0 {
		t.Fatalf("new site: exit %d: %s", code, stderr)
	}
	site := filepath.Join(dir, "north")
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
