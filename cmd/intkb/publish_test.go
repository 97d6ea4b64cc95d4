package main

import (
	"bytes"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestDraftsNote(t *testing.T) {
	if got := draftsNote(nil); got != "" {
		t.Errorf("no drafts: %q", got)
	}
	if got, want := draftsNote([]string{"content/playbooks/x.md"}), "1 draft not published: content/playbooks/x.md; use --drafts to preview it"; got != want {
		t.Errorf("one draft: %q, want %q", got, want)
	}
	var many []string
	for i := range 250 {
		many = append(many, fmt.Sprintf("content/playbooks/p%03d.md", i))
	}
	got := draftsNote(many)
	want := "250 drafts not published: content/playbooks/p000.md, content/playbooks/p001.md, content/playbooks/p002.md, content/playbooks/p003.md, content/playbooks/p004.md, content/playbooks/p005.md, content/playbooks/p006.md, content/playbooks/p007.md, content/playbooks/p008.md, content/playbooks/p009.md and 240 more; use --drafts to preview them"
	if got != want {
		t.Errorf("250 drafts:\n%s\nwant\n%s", got, want)
	}
}

// TestBuildNamesDrafts checks that the build's summary names the drafts
// it left out.
func TestBuildNamesDrafts(t *testing.T) {
	dir := t.TempDir()
	site := newSite(t, dir, "north")
	for _, kind := range []string{"playbook", "blueprint"} {
		if _, stderr, code := run(t, site, "new", kind, "our-area"); code != 0 {
			t.Fatal(stderr)
		}
	}
	stdout, stderr, code := run(t, site, "build")
	want := "2 drafts not published: content/blueprints/our-area.md, content/playbooks/our-area.md; use --drafts to preview them\n"
	if code != 0 || !strings.HasSuffix(stdout, want) {
		t.Errorf("build: exit %d\nstdout: %s\nstderr: %s\nwant stdout to end %q", code, stdout, stderr, want)
	}
	if stdout, _, _ := run(t, site, "build", "--drafts"); strings.Contains(stdout, "not published") {
		t.Errorf("build --drafts: %s", stdout)
	}
}

// served is a running intkb serve.
type served struct {
	base   string // the local address it printed
	mu     sync.Mutex
	stderr bytes.Buffer
}

func (s *served) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.Write(p)
}

func (s *served) errors() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

// saysOnStderr reports whether what serve wrote on stderr comes to hold
// want within ten seconds: stderr is copied from the process apart from
// stdout, so a line written before "Serving at" may arrive after it.
func (s *served) saysOnStderr(want string) bool {
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if strings.Contains(s.errors(), want) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// serveSite runs intkb serve with args until the test ends.
func serveSite(t *testing.T, args ...string) *served {
	t.Helper()
	s := &served{}
	_, s.base = startIntkbServe(t, s, 30*time.Second, append([]string{"serve", "--addr", "127.0.0.1:0", "--no-watch"}, args...)...)
	if s.base == "" {
		t.Fatalf("serve did not start: %s", s.errors())
	}
	return s
}

// TestServeBehindAProxy serves a site for the address readers reach it
// at, as behind a reverse proxy: its links name that address, it is
// served under that address's path, intkb health finds it, and the
// address is checked as a build's is.
func TestServeBehindAProxy(t *testing.T) {
	dir := t.TempDir()
	site := newSite(t, dir, "north")

	// A preview on this machine is not warned about its address.
	s := serveSite(t, "--source", site)
	if strings.Contains(s.errors(), "baseURL") {
		t.Errorf("a preview was warned about its address:\n%s", s.errors())
	}

	s = serveSite(t, "--source", site, "--base-url", "https://kb.northshire.nhs.uk/icb/")
	if !strings.HasSuffix(s.base, "/icb/") || strings.Contains(s.errors(), "baseURL") {
		t.Errorf("serve --base-url: serving at %s, stderr:\n%s", s.base, s.errors())
	}
	if sitemap := get(t, s.base+"sitemap.xml"); !strings.Contains(sitemap, "<loc>https://kb.northshire.nhs.uk/icb/about/</loc>") {
		t.Errorf("the sitemap does not name the address readers use:\n%s", sitemap)
	}
	stdout, stderr, code := run(t, dir, "health", s.base)
	if code != 0 || stdout != "healthy: "+s.base+" answered 200 OK\n" {
		t.Errorf("health %s: exit %d, %q %q", s.base, code, stdout, stderr)
	}

	// An example address is warned about, naming the flag.
	s = serveSite(t, "--source", site, "--base-url", "https://example.org/")
	if want := `warning: --base-url: "https://example.org/" is an address kept for examples`; !s.saysOnStderr(want) {
		t.Errorf("serve --base-url https://example.org/: stderr lacks %q:\n%s", want, s.errors())
	}
	if _, stderr, code := run(t, dir, "serve", "--base-url", "file:///x/"); code != exitUsage || !strings.Contains(stderr, `--base-url "file:///x/" is not a URL`) {
		t.Errorf("serve --base-url file:///x/: exit %d, %s", code, stderr)
	}
}

// TestHealthFails checks that intkb health exits 1 naming the problem
// when nothing answers, or something answers other than 200.
func TestHealthFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/"
	ln.Close()
	if stdout, stderr, code := run(t, t.TempDir(), "health", closed); code != exitContent || stdout != "" || !strings.Contains(stderr, "intkb: unhealthy: ") || !strings.Contains(stderr, "connection refused") {
		t.Errorf("health of a closed port: exit %d, %q %q", code, stdout, stderr)
	}
	dir := t.TempDir()
	s := serveSite(t, "--source", newSite(t, dir, "north"))
	if _, stderr, code := run(t, dir, "health", s.base+"no-such-page/"); code != exitContent || !strings.Contains(stderr, "answered 404 Not Found") {
		t.Errorf("health of a missing page: exit %d, %q", code, stderr)
	}
	if _, stderr, code := run(t, dir, "health", "ftp://x/"); code != exitUsage || !strings.Contains(stderr, "is not an http or https URL") {
		t.Errorf("health ftp://x/: exit %d, %q", code, stderr)
	}
}
