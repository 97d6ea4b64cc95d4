//go:build unix

package publish

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// The update TestKilledUpdateIsPutBack kills: from the first site to the
// second, with files changed, added and removed, a folder emptied, a
// file where a folder was and a folder where a file was, and the search
// index's folder replaced whole.
var (
	killFirst = map[string]string{
		"index.html": "home", "a/index.html": "a", "b/index.html": "b", "b/c.txt": "c",
		"becomes-folder": "a file", "was-folder/x.html": "x", "search/1.json.gz": "one",
	}
	killSecond = map[string]string{
		"index.html": "home, edited", "b/index.html": "b", "d/index.html": "d",
		"becomes-folder/index.html": "now a folder", "was-folder": "now a file", "search/1.json.gz": "one, more",
	}
)

// TestKilledUpdateIsPutBack kills a process updating a published folder
// in place (SIGKILL, as a power cut or an impatient CI runner would) at
// each of its renames in turn, with and without links, and checks that
// the next build into the folder finds it as it was before the update:
// every file and folder of the first site, .git as it was, the search
// index's folder with its old contents, and nothing left beside it. A
// process killed once the update is done, as it removes what the update
// replaced, leaves the update done.
func TestKilledUpdateIsPutBack(t *testing.T) {
	if dest := os.Getenv("INTKB_KILL_DEST"); dest != "" {
		killedUpdate(t, dest)
		return
	}
	for _, links := range []bool{true, false} {
		for at := 0; ; at++ {
			dest := filepath.Join(t.TempDir(), "public")
			prior, _, err := publishKeyed(t, dest, nil, killFirst)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(dest, ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dest, ".git", "HEAD"), []byte("ref"), 0o644); err != nil {
				t.Fatal(err)
			}
			before, dotsBefore := tree(t, dest), dots(dest)
			list, err := json.Marshal(prior)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestKilledUpdateIsPutBack$")
			cmd.Env = append(os.Environ(), "INTKB_KILL_DEST="+dest, "INTKB_KILL_AT="+strconv.Itoa(at), "INTKB_KILL_PRIOR="+string(list), "INTKB_KILL_LINKS="+strconv.FormatBool(links))
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if err == nil {
				// Fewer renames than at: the update finished.
				if at < 4 {
					t.Fatalf("only %d renames: the test tried too little (%s)", at-1, out)
				}
				if got := tree(t, dest); !maps.Equal(got, want(killSecond)) {
					t.Errorf("links %t: the update, not killed, left\n%v", links, got)
				}
				if got := dots(dest); got[".intkb/index/store"] != "b/index.html" || got[".git/HEAD"] != "ref" {
					t.Errorf("links %t: the update, not killed, left %v", links, got)
				}
				break
			}
			if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("the updating process: %v\n%s", err, out)
			}
			if err := Reclaim(dest); err != nil {
				t.Fatalf("links %t, killed at rename %d: %v", links, at, err)
			}
			if at == 0 {
				// Killed once the update was done: it stays done.
				before, dotsBefore = want(killSecond), dots(dest)
				dotsBefore[".intkb/index/store"] = "b/index.html"
			}
			if got := tree(t, dest); !maps.Equal(got, before) {
				t.Errorf("links %t, killed at rename %d: the folder holds\n%v\nwant\n%v", links, at, got, before)
			}
			if got := dots(dest); !maps.Equal(got, dotsBefore) {
				t.Errorf("links %t, killed at rename %d: the folder's entries with a dot are\n%v\nwant\n%v", links, at, got, dotsBefore)
			}
			if entries, err := os.ReadDir(filepath.Dir(dest)); err != nil || len(entries) != 1 {
				t.Errorf("links %t, killed at rename %d: beside the folder: %v (%v)", links, at, entries, err)
			}
		}
	}
}

// dots returns what TestKilledUpdateIsPutBack looks for among the
// entries with a dot at dest's top, which tree leaves out: .git's file,
// the search index's file, and the marker file.
func dots(dest string) map[string]string {
	out := map[string]string{}
	for _, name := range []string{".git/HEAD", ".intkb/index/store", MarkerFile} {
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(name)))
		if err != nil {
			out[name] = err.Error()
		} else {
			out[name] = string(data)
		}
	}
	return out
}

// killedUpdate is the process TestKilledUpdateIsPutBack kills: it
// updates dest from the first site to the second, and kills itself at
// rename INTKB_KILL_AT, or, for 0, once the update is done.
func killedUpdate(t *testing.T, dest string) {
	var prior []Prior
	if err := json.Unmarshal([]byte(os.Getenv("INTKB_KILL_PRIOR")), &prior); err != nil {
		t.Fatal(err)
	}
	at, _ := strconv.Atoi(os.Getenv("INTKB_KILL_AT"))
	if os.Getenv("INTKB_KILL_LINKS") == "false" {
		link = func(string, string) error { return errors.New("no links here") }
	}
	die := func() {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
	calls := 0
	rename = func(from, to string) error {
		if calls++; calls == at {
			die()
		}
		return os.Rename(from, to)
	}
	if at == 0 {
		// Once the update is done, as what it replaced is removed.
		removeAll = func(string) error { die(); return nil }
	}
	if _, _, err := publishKeyed(t, dest, prior, killSecond); err != nil {
		t.Fatal(err)
	}
}
