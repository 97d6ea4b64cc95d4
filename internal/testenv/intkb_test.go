package testenv

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestServingAt(t *testing.T) {
	r, w := io.Pipe()
	found := ServingAt(r)
	for _, line := range []string{"Built 3 pages", strings.Repeat("x", 100_000), "Serving at http://127.0.0.1:4312/kb/ (press Ctrl+C to stop)", "Serving at http://elsewhere/", strings.Repeat("y", 100_000), "rebuilt"} {
		if _, err := io.WriteString(w, line+"\n"); err != nil {
			t.Fatalf("serve would block writing %.20q: %v", line, err)
		}
	}
	if got := <-found; got != "http://127.0.0.1:4312/kb/" {
		t.Errorf("address %q", got)
	}
	w.Close()
	select {
	case got, ok := <-found:
		if ok {
			t.Errorf("a second address %q", got)
		}
	case <-time.After(10 * time.Second):
		t.Error("the channel stays open after serve's output ends")
	}

	r, w = io.Pipe()
	found = ServingAt(r)
	io.WriteString(w, "error: site.toml:1: ...\n")
	w.Close()
	if got, ok := <-found; ok {
		t.Errorf("an address %q from a serve that never served", got)
	}
}

func TestRun(t *testing.T) {
	sh := LookPath(t, "sh")
	dir := t.TempDir()
	stdout, stderr, code := Run(t, sh, dir, "-c", "pwd; echo problem >&2; exit 3")
	if strings.TrimSpace(stdout) != dir || stderr != "problem\n" || code != 3 {
		t.Errorf("got %q, %q, exit %d; want the folder, the problem and exit 3", stdout, stderr, code)
	}
}
