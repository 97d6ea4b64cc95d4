package checks

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"intkb/bench/corpus"
	"intkb/internal/testenv"
)

// startBuild starts "intkb build" in dir without waiting for it.
func startBuild(t *testing.T, dir string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(binary, "build")
	cmd.Dir = dir
	var errs bytes.Buffer
	cmd.Stderr = &errs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, &errs
}

// glob returns the names in dir that match pattern.
func glob(t *testing.T, dir, pattern string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// waitFor polls until cond holds, failing the test after a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("gave up waiting for %s", what)
}

// wait waits for cmd to end, killing it after a minute, and returns its
// exit code.
func wait(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("intkb did not stop within a minute")
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

// TestInterruptedBuild stops the real intkb build part way through its
// writing: with Ctrl+C (SIGINT) and SIGTERM it must stop without
// publishing, leave the previous site exactly as it was and exit
// non-zero; after SIGKILL, which it cannot catch, the next build removes
// the staging folder the killed one left, and nothing else.
func TestInterruptedBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-page site several times")
	}
	dir := t.TempDir()
	if err := corpus.Write(dir, 2000, 1); err != nil {
		t.Fatal(err)
	}
	// The previous site: the same site with only a home page.
	full := filepath.Join(dir, "content.full")
	if err := os.Rename(filepath.Join(dir, "content"), full); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"content/_index.md": "+++\ntitle = \"Home\"\n+++\nThe previous site.\n"})
	if _, stderr, code := run(t, dir, "build"); code != 0 {
		t.Fatalf("the small site did not build: %s", stderr)
	}
	public := filepath.Join(dir, "public")
	writeFiles(t, public, map[string]string{".git/HEAD": "ref: refs/heads/main\n"})
	before := treeHash(t, public)
	if err := os.RemoveAll(filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(full, filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	// A folder that only looks like a staging folder is not intkb's.
	foreign := filepath.Join(dir, ".public.new-mine")
	writeFiles(t, foreign, map[string]string{"notes.txt": "mine"})
	staging := func() []string {
		var ours []string
		for _, n := range glob(t, dir, ".public.new-*") {
			if n != foreign {
				ours = append(ours, n)
			}
		}
		return ours
	}

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd, errs := startBuild(t, dir)
		waitFor(t, "the build to start writing", func() bool { return len(staging()) > 0 })
		cmd.Process.Signal(sig)
		if code := wait(t, cmd); code == 0 {
			t.Fatalf("%v: the build exited 0; it should stop without publishing\n%s", sig, errs)
		}
		if !strings.Contains(errs.String(), "nothing was published") || strings.Contains(errs.String(), "panic") {
			t.Errorf("%v: stderr should say nothing was published:\n%s", sig, errs)
		}
		if after := treeHash(t, public); after != before {
			t.Errorf("%v: the previous site changed", sig)
		}
		if left := staging(); len(left) > 0 {
			t.Errorf("%v: the build left %q", sig, left)
		}
	}

	cmd, _ := startBuild(t, dir)
	waitFor(t, "the build to start writing", func() bool { return len(staging()) > 0 })
	cmd.Process.Kill()
	wait(t, cmd)
	left := staging()
	if len(left) != 1 {
		t.Fatalf("after SIGKILL, want one staging folder left, found %q", left)
	}
	if treeHash(t, public) != before {
		t.Error("SIGKILL changed the previous site")
	}
	if _, stderr, code := run(t, dir, "build"); code != 0 {
		t.Fatalf("the build after SIGKILL failed: %s", stderr)
	}
	if _, err := os.Stat(left[0]); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the next build did not remove %s, left by the killed one", left[0])
	}
	if _, err := os.Stat(filepath.Join(foreign, "notes.txt")); err != nil {
		t.Errorf("the build removed a folder it did not make: %v", err)
	}
	if _, err := os.Stat(filepath.Join(public, ".git", "HEAD")); err != nil {
		t.Errorf("the build lost the .git kept in its destination: %v", err)
	}
	if _, err := os.Stat(filepath.Join(public, "playbooks", "index.html")); err != nil {
		t.Errorf("the full site was not published: %v", err)
	}
}

// TestKilledServeIsCleanedUp kills intkb serve with SIGKILL, which leaves
// its temporary folder, and checks that the next serve removes it (and
// only it), and that a serve stopped with SIGTERM leaves nothing.
func TestKilledServeIsCleanedUp(t *testing.T) {
	site := t.TempDir()
	writeFiles(t, site, goodSite)
	tmp := t.TempDir()
	foreign := filepath.Join(tmp, "intkb-serve-mine")
	writeFiles(t, foreign, map[string]string{"notes.txt": "mine"})
	ours := func() []string {
		var names []string
		for _, n := range glob(t, tmp, "intkb-serve-*") {
			if n != foreign {
				names = append(names, n)
			}
		}
		return names
	}
	start := func() *exec.Cmd {
		cmd := exec.Command(binary, "serve", "--source", site, "--addr", "127.0.0.1:0", "--no-watch")
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill() })
		if <-testenv.ServingAt(stdout) == "" {
			t.Fatal("intkb serve did not start")
		}
		return cmd
	}

	cmd := start()
	first := ours()
	if len(first) != 1 {
		t.Fatalf("want one temporary folder while serving, found %q", first)
	}
	cmd.Process.Kill()
	wait(t, cmd)
	if _, err := os.Stat(first[0]); err != nil {
		t.Fatalf("SIGKILL should leave the temporary folder for the next run to remove: %v", err)
	}

	cmd = start()
	if now := ours(); len(now) != 1 || now[0] == first[0] {
		t.Errorf("the second serve should have removed %s and made its own; found %q", first[0], now)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if code := wait(t, cmd); code != 0 {
		t.Errorf("serve exited %d on SIGTERM, want 0", code)
	}
	if now := ours(); len(now) != 0 {
		t.Errorf("serve stopped by SIGTERM left %q", now)
	}
	if _, err := os.Stat(filepath.Join(foreign, "notes.txt")); err != nil {
		t.Errorf("serve removed a folder it did not make: %v", err)
	}
}

// TestDestInSources refuses, with the real binary, to publish over the
// site's own sources, from site.toml and from --dest, leaving them as
// they were.
func TestDestInSources(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	content := treeHash(t, filepath.Join(dir, "content"))
	for _, tc := range []struct {
		args []string
		toml string
		want string
		code int
	}{
		{nil, "publishDir = \"content\"\n", `site.toml:1: publishDir: "content" is inside the site's content/ folder`, 1},
		{nil, "publishDir = \"layouts\"\n", `site.toml:1: publishDir: "layouts" is inside the site's layouts/ folder`, 1},
		{nil, "publishDir = \".\"\n", `site.toml:1: publishDir: "." is the site's own folder`, 1},
		{[]string{"--dest", "content"}, "", "--dest content is inside the site's content/ folder", 2},
		{[]string{"--dest", "."}, "", "--dest . is the site's own folder", 2},
		{[]string{"--dest", ".."}, "", "--dest .. holds the site's folder", 2},
	} {
		writeFiles(t, dir, map[string]string{"site.toml": tc.toml + goodSite["site.toml"]})
		_, stderr, code := run(t, dir, append([]string{"build"}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("build %q with %q: exit %d, stderr:\n%s\nwant exit %d and %q", tc.args, tc.toml, code, stderr, tc.code, tc.want)
		}
	}
	if treeHash(t, filepath.Join(dir, "content")) != content {
		t.Error("content/ changed")
	}
}
