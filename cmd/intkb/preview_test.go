package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startServe runs intkb serve on the site in dir and returns its base URL.
func startServe(t *testing.T, dir string, args ...string) string {
	t.Helper()
	_, base := startIntkbServe(t, os.Stderr, 30*time.Second, append([]string{"serve", "--source", dir, "--addr", "127.0.0.1:0"}, args...)...)
	if base == "" {
		t.Fatal("serve did not start")
	}
	return base
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

// events returns a channel of the data of each change event.
func events(t *testing.T, base string) <-chan string {
	t.Helper()
	resp, err := http.Get(base + "_intkb/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type %q", ct)
	}
	out := make(chan string, 16)
	go func() {
		r := bufio.NewScanner(resp.Body)
		for r.Scan() {
			if d, ok := strings.CutPrefix(r.Text(), "data: "); ok {
				out <- d
			}
		}
	}()
	return out
}

func waitEvent(t *testing.T, ch <-chan string, want string) string {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		select {
		case ev := <-ch:
			if strings.Contains(ev, want) {
				return ev
			}
		case <-deadline:
			t.Fatalf("no event with %s", want)
		}
	}
}

// TestLivePreview is what a facilitator sees: a saved edit reloads the
// page; a typo shows as an error page naming the file and line while the
// last good site is kept; the fix clears it.
func TestLivePreview(t *testing.T) {
	dir := t.TempDir()
	site := newSite(t, dir, "s")
	run(t, site, "new", "playbook", "first-steps")
	page := filepath.Join(site, "content", "playbooks", "first-steps.md")
	data, _ := os.ReadFile(page)
	os.WriteFile(page, []byte(strings.Replace(string(data), `status = "draft"`, `status = "published"`, 1)), 0o644)

	base := startServe(t, site)
	html := get(t, base+"playbooks/first-steps/")
	if !strings.Contains(html, `_intkb/live.js`) {
		t.Fatal("served pages lack the reload script")
	}
	ev := events(t, base)

	// A saved edit, as an editor writes a temporary file and renames it.
	data, _ = os.ReadFile(page)
	tmp := filepath.Join(site, "content", "playbooks", ".first-steps.md.tmp")
	os.WriteFile(tmp, []byte(string(data)+"\nA sentence added while previewing.\n"), 0o644)
	os.Rename(tmp, page)
	waitEvent(t, ev, `"playbooks/first-steps/"`)
	if html := get(t, base+"playbooks/first-steps/"); !strings.Contains(html, "A sentence added while previewing.") {
		t.Error("the page does not show the edit")
	}

	// A typo in front matter.
	data, _ = os.ReadFile(page)
	typo := strings.Replace(string(data), `phase = "explore"`, `phase = "explor"`, 1)
	os.WriteFile(page, []byte(typo), 0o644)
	waitEvent(t, ev, `"error":true`)
	line := 1 + strings.Count(typo[:strings.Index(typo, `phase = "explor"`)], "\n")
	html = get(t, base+"playbooks/first-steps/")
	if want := "content/playbooks/first-steps.md:" + strconv.Itoa(line) + ": phase: &#34;explor&#34; is not one of"; !strings.Contains(html, want) {
		t.Errorf("the error page lacks %s:\n%s", want, html)
	}
	// The fix clears it.
	os.WriteFile(page, data, 0o644)
	waitEvent(t, ev, `"all":true`)
	if html := get(t, base+"playbooks/first-steps/"); strings.Contains(html, "Problems to fix") || !strings.Contains(html, "A sentence added while previewing.") {
		t.Error("the fix did not clear the error page")
	}
	// Search sees the edit.
	if body := get(t, base+"api/search?q=previewing"); !strings.Contains(body, `"url":"/playbooks/first-steps/`) {
		t.Errorf("search does not find the edit: %s", body)
	}

	// A stylesheet change swaps styles without a reload.
	os.MkdirAll(filepath.Join(site, "static", "css"), 0o755)
	os.WriteFile(filepath.Join(site, "static", "css", "extra.css"), []byte("p{}"), 0o644)
	waitEvent(t, ev, `"styles":true`)

	// intkb build adds nothing of the preview to the site.
	if _, stderr, code := run(t, site, "build"); code != 0 {
		t.Fatal(stderr)
	}
	built, _ := os.ReadFile(filepath.Join(site, "public", "playbooks", "first-steps", "index.html"))
	if strings.Contains(string(built), "_intkb") {
		t.Error("intkb build output has the preview script")
	}
}
