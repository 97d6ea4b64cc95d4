package checks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"intkb/internal/testenv"
)

// binary is the intkb command, built once for these tests.
var binary string

// repo is the repository's top folder, which holds the demo site.
var repo, _ = filepath.Abs("..")

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "intkb-checks-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "intkb")
	if out, err := exec.Command("go", "build", "-o", binary, "../cmd/intkb").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building intkb: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is a running "intkb serve".
type server struct {
	base string // such as http://127.0.0.1:41234/
	cmd  *exec.Cmd
	errs *bytes.Buffer
}

// serve starts intkb serve on the demo site on a free loopback port, and
// stops it when the test ends.
func serve(t *testing.T, args ...string) *server {
	t.Helper()
	args = append([]string{"serve", "--source", repo, "--addr", "127.0.0.1:0", "--no-watch"}, args...)
	cmd := exec.Command(binary, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, errs: &bytes.Buffer{}}
	cmd.Stderr = s.errs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case s.base = <-testenv.ServingAt(stdout):
	case <-time.After(60 * time.Second):
	}
	if s.base == "" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("intkb serve did not start: %s", s.errs)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("intkb serve did not stop cleanly: %v\n%s", err, s.errs)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Error("intkb serve did not stop within 10 s of SIGTERM")
		}
		if strings.Contains(s.errs.String(), "panic") {
			t.Errorf("intkb serve logged a panic:\n%s", s.errs)
		}
	})
	return s
}

// get fetches path (relative to the base URL) without following redirects.
func (s *server) get(t *testing.T, path string) (int, []byte) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(s.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// run runs intkb with args in dir and returns its output and exit code.
func run(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return testenv.Run(t, binary, dir, args...)
}

// ran is what one run of intkb gave: its output, exit status and peak
// memory in bytes.
type ran struct {
	stdout, stderr string
	code           int
	rss            int64
}

// runWithin runs intkb as run does, but kills it if it has not finished
// within limit, so that a build that waits for ever fails the test
// instead of hanging the suite.
func runWithin(t *testing.T, limit time.Duration, dir string, args ...string) ran {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	cmd.WaitDelay = time.Second
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("intkb %s did not finish within %s\nstderr: %s", strings.Join(args, " "), limit, e.String())
	}
	r := ran{stdout: o.String(), stderr: e.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatal(err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rss = ru.Maxrss << 10 // kilobytes on Linux
	}
	return r
}

// outDir returns testout/NAME at the top of the repository, made empty:
// reports and screenshots kept after the run, ignored by git.
func outDir(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(repo, "testout", name)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
