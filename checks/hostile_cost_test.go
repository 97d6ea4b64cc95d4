package checks

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// costDeadline is how long a build of one costly page may take before the
// test calls it a hang. The limits make it milliseconds; before them some
// of these pages took minutes or hours.
const costDeadline = 20 * time.Second

// costMemory is the most memory (peak resident set) a build of one costly
// page may take. Before the limits, the 5,000-column table took 3 GB.
const costMemory = 1 << 30

// costlyPages are the pages that took intkb build minutes or gigabytes,
// as the issue found them, and others of the same kinds that fit in a
// page; each with what its error says.
func costlyPages() []struct{ name, body, want string } {
	var b36 = func(i int) string { return strconv.FormatInt(int64(i), 36) }
	var notes, defs, compactDefs, staircase strings.Builder
	for i := range 25_000 {
		fmt.Fprintf(&notes, "a[^%s]\n", b36(i))
	}
	notes.WriteString("\n")
	for i := range 25_000 {
		fmt.Fprintf(&notes, "[^%s]: b\n", b36(i))
	}
	for i := range 100_000 {
		fmt.Fprintf(&defs, "[l%d]: /x\n", i)
	}
	for i := range 50_000 {
		fmt.Fprintf(&compactDefs, "[%s]: /\n", b36(i))
	}
	for i := range 2000 {
		staircase.WriteString(strings.Repeat("  ", i) + "- a\n")
	}
	return []struct{ name, body, want string }{
		{"a 60 KB table of 5,000 columns and 20,000 rows",
			strings.Repeat("|a", 5000) + "|\n" + strings.Repeat("|-", 5000) + "|\n" + strings.Repeat("|a|\n", 20_000),
			":4: table has 5,000 columns and 20,000 rows (100,005,000 cells with its header); a page may have at most 10,000 table cells"},
		{"a 6 KB table of 1,000 by 1,000",
			strings.Repeat("|a", 1000) + "|\n" + strings.Repeat("|-", 1000) + "|\n" + strings.Repeat("a\n", 1000),
			":4: table has 1,000 columns and 1,000 rows"},
		{"100,000 unclosed links",
			strings.Repeat("[a](", 100_000),
			":4: paragraph has 200,000 link, emphasis and code marks"},
		{"50,000 footnotes", notes.String(),
			":1004: page has 50,000 footnote references and definitions ([^label]); a page may have at most 1,000"},
		{"100,000 link reference definitions", defs.String(), ": file is 1.2 MB: a page may be at most 512 KB"},
		{"50,000 link reference definitions in 400 KB", compactDefs.String(),
			":204: page has 50,000 link reference definitions ([label]: URL); a page may have at most 200"},
		{"a list 2,000 levels deep", staircase.String(), ": file is 3.8 MB: a page may be at most 512 KB"},
		{"a list 100,000 levels deep on one line", strings.Repeat("- ", 100_000) + "a\n",
			":4: lists and quotes are nested 100,000 deep; a page may nest them at most 32 deep"},
		{"emphasis that never closes", strings.Repeat("*a_ ", 100_000), ":4: paragraph has 200,000 link, emphasis and code marks"},
		{"8 MB of unclosed links", strings.Repeat("[a](", 2<<20), ": file is 8.0 MB: a page may be at most 512 KB"},
	}
}

// TestHostileCost runs the real intkb build on a good site with one
// costly page added. Each build must end at once with exit status 1 and
// an error naming the page, leave the previous output as it was, and
// stay within costMemory.
func TestHostileCost(t *testing.T) {
	dir, dest, before := builtGoodSite(t)
	const page = "content/costly.md"
	for _, tt := range costlyPages() {
		t.Run(tt.name, func(t *testing.T) {
			writeFiles(t, dir, map[string]string{page: "+++\ntitle = \"Costly\"\n+++\n" + tt.body})
			r := runWithin(t, costDeadline, dir, "build", "--dest", dest)
			stderr, code, rss := r.stderr, r.code, r.rss
			if code != 1 {
				t.Errorf("exit %d, want 1\n%s", code, stderr)
			}
			if !strings.Contains(stderr, page+tt.want) {
				t.Errorf("stderr lacks %q:\n%.2000s", page+tt.want, stderr)
			}
			if rss > costMemory {
				t.Errorf("the build took %d MB of memory", rss>>20)
			}
			if treeHash(t, dest) != before {
				t.Error("the failed build changed the previous output")
			}
		})
	}
}

// TestHostileCostServe saves costly pages into a site that intkb serve is
// watching. Each save must show its error in the browser at once, while
// the server stays up, within costMemory, and goes on serving the last
// good site; removing the page brings the site back.
func TestHostileCostServe(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	srv := startWatching(t, dir)
	const page = "content/costly.md"
	good := "playbooks/start-with-needs/"
	if code, body := srv.get(t, good); code != 200 || !strings.Contains(string(body), "Start with needs") {
		t.Fatalf("GET /%s: %d\n%s", good, code, body)
	}
	for _, tt := range costlyPages()[:3] {
		writeFiles(t, dir, map[string]string{page: "+++\ntitle = \"Costly\"\n+++\n" + tt.body})
		want := page + tt.want
		body := srv.waitFor(t, good, func(body string) bool { return strings.Contains(body, want) })
		if !strings.Contains(body, "Problems to fix") {
			t.Errorf("%s: the error is not on the error page:\n%.1000s", tt.name, body)
		}
		// The last good site is still what is served, beneath the error.
		if code, sitemap := srv.get(t, "sitemap.xml"); code != 200 || !strings.Contains(string(sitemap), good) {
			t.Errorf("%s: sitemap.xml: %d\n%s", tt.name, code, sitemap)
		}
		if code, _ := srv.get(t, "costly/"); code != 404 {
			t.Errorf("%s: the costly page is served: %d", tt.name, code)
		}
		if err := srv.cmd.Process.Signal(syscall.Signal(0)); err != nil {
			t.Fatalf("%s: intkb serve is gone: %v\n%s", tt.name, err, srv.errs)
		}
		if rss := peakMemory(srv.cmd.Process.Pid); rss > costMemory {
			t.Errorf("%s: intkb serve has taken %d MB", tt.name, rss>>20)
		}
	}
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(page))); err != nil {
		t.Fatal(err)
	}
	srv.waitFor(t, good, func(body string) bool {
		return !strings.Contains(body, "Problems to fix") && strings.Contains(body, "Start with needs")
	})
}

// startWatching starts intkb serve, watching the site in dir, on a free
// loopback port, and stops it when the test ends.
func startWatching(t *testing.T, dir string) *server {
	t.Helper()
	return serve(t, "--source", dir, "--no-watch=false")
}

// waitFor fetches path until ok accepts its body, for up to costDeadline,
// and returns the body.
func (s *server) waitFor(t *testing.T, path string, ok func(body string) bool) string {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(costDeadline)
	var last string
	for time.Now().Before(deadline) {
		resp, err := client.Get(s.base + path)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if last = string(body); ok(last) {
				return last
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("/%s did not change as expected within %v; it shows:\n%.2000s\nintkb serve logged:\n%s", path, costDeadline, last, s.errs)
	return ""
}

// peakMemory returns the peak resident set of a process in bytes, or 0
// where /proc does not say.
func peakMemory(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
