package workdir

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const claim = ".claim"

func TestReclaimRemovesOnlyAbandonedFolders(t *testing.T) {
	parent := t.TempDir()
	held, err := Create(parent, ".public.new-", claim, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	abandoned, err := Create(parent, ".public.new-", claim, nil)
	if err != nil {
		t.Fatal(err)
	}
	abandoned.Release()
	if err := os.WriteFile(filepath.Join(abandoned.Path, "page.html"), []byte("<p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Folders that share the prefix but were not made by Create, a file
	// with the prefix, and a folder with another prefix.
	foreign := filepath.Join(parent, ".public.new-mine")
	otherPrefix := filepath.Join(parent, "keep")
	for _, d := range []string{foreign, otherPrefix} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(otherPrefix, claim), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(parent, ".public.new-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}

	removed, err := Reclaim(parent, ".public.new-", claim)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed, []string{abandoned.Path}) {
		t.Errorf("removed %q, want only %q", removed, abandoned.Path)
	}
	for _, p := range []string{held.Path, foreign, otherPrefix, file} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s should have been kept: %v", p, err)
		}
	}
	if _, err := os.Stat(abandoned.Path); !os.IsNotExist(err) {
		t.Errorf("%s should have been removed", abandoned.Path)
	}
}

// A folder whose process was killed is reclaimed: the lock goes with the
// process, however it ends.
// childDir keeps the child process's folder, and so its lock, alive.
var childDir *Dir

func TestReclaimAfterKill(t *testing.T) {
	if os.Getenv("WORKDIR_CHILD") != "" {
		d, err := Create(os.Getenv("WORKDIR_CHILD"), "w-", claim, nil)
		if err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString(d.Path + "\n")
		// Hold it until killed. d must stay reachable: were it collected,
		// its lock file's finalizer would close the file and drop the lock.
		childDir = d
		select {}
	}
	if !supported {
		t.Skip("folder locks are not supported here")
	}
	parent := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestReclaimAfterKill$")
	cmd.Env = append(os.Environ(), "WORKDIR_CHILD="+parent)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The child's first line under parent is its folder; a test binary
	// may print other lines first.
	var path, seen string
	for r := bufio.NewReader(out); path == ""; {
		line, err := r.ReadString('\n')
		seen += line
		if p := strings.TrimSuffix(line, "\n"); filepath.Dir(p) == parent {
			path = p
		}
		if err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child printed %q, then %v", seen, err)
		}
	}
	if removed, _ := Reclaim(parent, "w-", claim); len(removed) != 0 {
		t.Fatalf("reclaimed %q while its process was running", removed)
	}
	cmd.Process.Kill()
	cmd.Wait()
	removed, err := Reclaim(parent, "w-", claim)
	if err != nil || !slices.Equal(removed, []string{path}) {
		t.Fatalf("after the kill, Reclaim = %q, %v; want [%s]", removed, err, path)
	}
}

func TestReclaimMissingParent(t *testing.T) {
	removed, err := Reclaim(filepath.Join(t.TempDir(), "none"), "x", claim)
	if err != nil || removed != nil {
		t.Fatalf("Reclaim of a missing folder = %q, %v", removed, err)
	}
}

// A process killed while Create made its folder, before the claim file,
// leaves it empty: Reclaim removes that, and nothing that merely looks
// like it.
func TestReclaimUnfinishedFolder(t *testing.T) {
	parent := t.TempDir()
	unfinished := filepath.Join(parent, ".public.new-2024089153")
	withFile := filepath.Join(parent, ".public.new-3141592653")
	named := filepath.Join(parent, ".public.new-mine")
	for _, d := range []string{unfinished, withFile, named} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(withFile, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	removed, err := Reclaim(parent, ".public.new-", claim)
	if err != nil {
		t.Fatal(err)
	}
	if supported && !slices.Equal(removed, []string{unfinished}) {
		t.Errorf("removed %q, want only %q", removed, unfinished)
	}
	for _, p := range []string{withFile, named} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s should have been kept: %v", p, err)
		}
	}
}
