package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"intkb/internal/testenv"
)

// binary is the intkb command built for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "intkb-test-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "intkb")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building intkb: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run runs intkb in dir and returns its output and exit code.
func run(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return testenv.Run(t, binary, dir, args...)
}

// startIntkbServe runs intkb with args, a serve command, with its standard
// error written to stderr, and stops it when the test ends. It returns the
// process and the address serve says it serves at, or "" when serve exits
// first or says nothing of it within wait. What serve writes on standard
// output after that line is read and dropped.
func startIntkbServe(tb testing.TB, stderr io.Writer, wait time.Duration, args ...string) (*exec.Cmd, string) {
	tb.Helper()
	cmd := exec.Command(binary, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	select {
	case base := <-testenv.ServingAt(stdout):
		return cmd, base
	case <-time.After(wait):
		return cmd, ""
	}
}

// newSite runs "intkb new site NAME" in dir and returns the new site's
// folder.
func newSite(t *testing.T, dir, name string) string {
	t.Helper()
	if _, stderr, code := run(t, dir, "new", "site", name); code != 0 {
		t.Fatalf("new site %s: exit %d: %s", name, code, stderr)
	}
	return filepath.Join(dir, name)
}

func TestUsageAndExitCodes(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{[]string{"version"}, 0, "intkb ", ""},
		{[]string{"help"}, 0, "Commands:", ""},
		{[]string{"help", "build"}, 0, "Usage: intkb build", ""},
		{[]string{"build", "-h"}, 0, "--base-url", ""},
		{[]string{"serve", "-h"}, 0, "--no-watch", ""},
		{[]string{"check", "-h"}, 0, "Usage: intkb check", ""},
		{[]string{"new", "-h"}, 0, "intkb new site DIR", ""},
		{nil, 2, "", "Usage:"},
		{[]string{"bild"}, 2, "", `unknown command "bild"`},
		{[]string{"build", "--frobnicate"}, 2, "", "flag provided but not defined: -frobnicate"},
		{[]string{"build", "extra"}, 2, "", "build takes no arguments"},
		{[]string{"new", "poster", "x"}, 2, "", `"poster" is not a type: use one of blueprint, case-study, framework, playbook, or site`},
		{[]string{"new", "playbook", "Bad Name"}, 2, "", "is not a valid name"},
		{[]string{"new", "playbook"}, 2, "", "new needs a type and a name"},
		{[]string{"serve", "--addr", "nonsense"}, 2, "", "write it as HOST:PORT"},
		{[]string{"build", "--source", "nowhere"}, 2, "", "--source nowhere: no such folder"},
		{[]string{"build", "--source", "."}, 1, "", "site.toml: not found: point --source at a site's folder"},
		{[]string{"check", "--source", "nowhere"}, 2, "", "--source nowhere: no such folder"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			stdout, stderr, code := run(t, dir, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			if !strings.Contains(stdout, tt.inStdout) || !strings.Contains(stderr, tt.inStderr) {
				t.Errorf("stdout %q, stderr %q; want %q and %q in them", stdout, stderr, tt.inStdout, tt.inStderr)
			}
			if n := strings.Count(stdout, "Options:"); n > 1 {
				t.Errorf("the usage is printed %d times", n)
			}
		})
	}
}

// TestNewSiteThenBuild is what a new facilitator does: make a site, add a
// page of each type, make a typo, be told where, fix it and build.
func TestNewSiteThenBuild(t *testing.T) {
	dir := t.TempDir()
	site := newSite(t, dir, "north")
	for _, kind := range []string{"playbook", "case-study", "framework", "blueprint"} {
		if _, stderr, code := run(t, site, "new", kind, "our-area"); code != 0 {
			t.Fatalf("new %s: exit %d: %s", kind, code, stderr)
		}
	}
	if _, stderr, code := run(t, site, "new", "playbook", "our-area"); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("new over an existing page: exit %d, %s", code, stderr)
	}
	if stdout, stderr, code := run(t, site, "check"); code != 0 || !strings.Contains(stdout, "No problems found") {
		t.Fatalf("check of a new site: exit %d: %s%s", code, stdout, stderr)
	}

	page := filepath.Join(site, "content", "blueprints", "our-area.md")
	data, _ := os.ReadFile(page)
	typo := strings.Replace(string(data), `integration_level = "convening_to_advise"`, `integration_level = "unity"`, 1)
	os.WriteFile(page, []byte(typo), 0o644)
	line := 1 + strings.Count(typo[:strings.Index(typo, `integration_level = "unity"`)], "\n")
	_, stderr, code := run(t, site, "check")
	want := fmt.Sprintf(`content/blueprints/our-area.md:%d: function.integration_level: "unity" is not one of convening_to_advise, convening_to_coordinate, unity_of_effort (did you mean "unity_of_effort"?)`, line)
	if code != 1 || !strings.Contains(stderr, want) {
		t.Fatalf("check with a typo: exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
	if _, _, code := run(t, site, "build"); code != 1 {
		t.Fatalf("build with a typo: exit %d, want 1", code)
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("a failed build wrote the publish folder")
	}
	os.WriteFile(page, data, 0o644)
	stdout, stderr, code := run(t, site, "build", "--drafts")
	if code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	if !regexp.MustCompile(`Built 6 pages \(1 playbook, 1 case study, 1 question framework, 1 local blueprint, 2 other pages\), \d+ files`).MatchString(stdout) {
		t.Errorf("build summary: %q", stdout)
	}
	for _, rel := range []string{"index.html", "blueprints/our-area/index.html", "guide/authoring/index.html"} {
		if _, err := os.Stat(filepath.Join(site, "public", rel)); err != nil {
			t.Errorf("build did not write %s", rel)
		}
	}
}

// TestServe runs intkb serve on the demo content, fetches pages, tries
// hostile paths and stops it with SIGTERM, which ends the CPU profile it
// was asked for.
func TestServe(t *testing.T) {
	s := &served{}
	profile := filepath.Join(t.TempDir(), "serve.pprof")
	cmd, base := startIntkbServe(t, s, 30*time.Second, "serve", "--source", "../..", "--addr", "127.0.0.1:0", "--no-watch", "--cpuprofile", profile)
	if base == "" {
		t.Fatalf("serve did not start, or exited: %s", s.errors())
	}
	client := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (int, string) {
		resp, err := client.Get(strings.TrimSuffix(base, "/") + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	tests := []struct {
		path   string
		status int
		inBody string
	}{
		{"/", 200, "Recently updated"},
		{"/blueprints/saltmere/", 200, "Saltmere"},
		{"/blueprints/saltmere", 301, ""},
		{"/css/intkb.css", 200, ""},
		{"/no/such/page/", 404, "Page not found"},
		{"/../../etc/passwd", 400, ""},
		{"/%2e%2e/%2e%2e/etc/passwd", 400, ""},
		{"/css/..%2f..%2f..%2fetc/passwd", 400, ""},
		{"/.intkb-output", 404, ""},
		{"/a%00b", 400, ""},
		{"/search/?q=frailty+care+homes", 200, "<mark>frailty</mark>"},
		{"/search/?q=frailty&page=-1", 400, "There is a problem"},
		{"/api/search?q=frailty&type=case-study", 200, `"url":"/case-studies/saltmere-frailty-home-first/`},
		{"/api/search?q=frailty&size=101", 400, `"error"`},
		{"/api/search?q=" + strings.Repeat("a", 513), 400, `"error"`},
	}
	for _, tt := range tests {
		status, body := get(tt.path)
		if status != tt.status || !strings.Contains(body, tt.inBody) {
			t.Errorf("GET %s: %d, want %d with %q", tt.path, status, tt.status, tt.inBody)
		}
		if strings.Contains(body, "root:") {
			t.Errorf("GET %s served a system file", tt.path)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, base, nil)
	if resp, err := client.Do(req); err != nil || resp.StatusCode != 405 {
		t.Errorf("POST: %v %v", resp, err)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve did not stop cleanly on SIGTERM: %v\n%s", err, s.errors())
		}
	case <-time.After(10 * time.Second):
		t.Error("serve did not stop within 10 s of SIGTERM")
	}
	// A profile is gzip-compressed protocol buffers, written in full once
	// profiling stops.
	if data, err := os.ReadFile(profile); err != nil || len(data) < 100 || data[0] != 0x1f || data[1] != 0x8b {
		t.Errorf("--cpuprofile wrote %d bytes (%v), want a whole profile", len(data), err)
	}
}

// TestStrictImports checks that an import that cannot be read is a
// warning, and with --strict a failure, for build and check.
func TestStrictImports(t *testing.T) {
	dir := t.TempDir()
	site := newSite(t, dir, "north")
	f, err := os.OpenFile(filepath.Join(site, "site.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\n[[import]]\nname = \"south\"\nsource = \"imports/south.json\"\n")
	f.Close()
	warning := `warning: site.toml:`
	for _, args := range [][]string{{"build"}, {"check"}} {
		_, stderr, code := run(t, site, args...)
		if code != 0 || !strings.Contains(stderr, warning) || !strings.Contains(stderr, `import "south": cannot read imports/south.json`) {
			t.Errorf("%s with a missing import: exit %d, stderr:\n%s", args[0], code, stderr)
		}
		_, stderr, code = run(t, site, append(args, "--strict")...)
		if code != 1 || !strings.Contains(stderr, `import "south"`) || strings.Contains(stderr, warning) {
			t.Errorf("%s --strict with a missing import: exit %d, stderr:\n%s", args[0], code, stderr)
		}
	}
}

// TestBuildKeepsImportCopies checks that intkb build keeps the last good
// copy of a URL import in the site's .intkb/ folder and compares it,
// with a warning that --strict lets pass, when the source is down.
func TestBuildKeepsImportCopies(t *testing.T) {
	dir := t.TempDir()
	north, south := newSite(t, dir, "north"), newSite(t, dir, "south")
	if _, stderr, code := run(t, north, "build"); code != 0 {
		t.Fatalf("build north: exit %d: %s", code, stderr)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(north, "public"))))
	f, err := os.OpenFile(filepath.Join(south, "site.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\n[[import]]\nname = \"north\"\nsource = \"" + srv.URL + "/data/blueprints.json\"\n")
	f.Close()
	if _, stderr, code := run(t, south, "build"); code != 0 || strings.Contains(stderr, `import "north"`) {
		t.Fatalf("build south: exit %d: %s", code, stderr)
	}
	copies, _ := filepath.Glob(filepath.Join(south, ".intkb", "imports", "*.copy"))
	if len(copies) != 1 {
		t.Fatalf("build kept %d copies in .intkb/imports, want 1", len(copies))
	}
	srv.Close()
	_, stderr, code := run(t, south, "build")
	if code != 0 || !strings.Contains(stderr, `import "north": cannot fetch `) || !strings.Contains(stderr, ": using the copy from ") {
		t.Errorf("with the source down: exit %d, stderr:\n%s", code, stderr)
	}
	// The new site's placeholders fail --strict; the kept copy must not
	// be among the failures, only (if it passes) among the warnings.
	_, stderr, _ = run(t, south, "build", "--strict")
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, `import "north"`) && !strings.HasPrefix(line, "warning: ") {
			t.Errorf("--strict failed on a kept copy within its maxAge:\n%s", stderr)
		}
	}
}
