package builder

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intkb/builder/model"
)

func TestStateFileCannotLie(t *testing.T) {
	dir := t.TempDir()
	want := map[string]int{"a": 1, "b": 2}
	if err := writeState(dir, "x.gob", want); err != nil {
		t.Fatal(err)
	}
	var got map[string]int
	if !readState(dir, "x.gob", &got) || got["b"] != 2 || len(got) != 2 {
		t.Fatalf("read back %v", got)
	}
	good, err := os.ReadFile(filepath.Join(dir, "x.gob"))
	if err != nil {
		t.Fatal(err)
	}
	otherProgram := strings.Replace(string(good), programDigest(), strings.Repeat("0", 64), 1)
	for name, data := range map[string]string{
		"another build of intkb": otherProgram,
		"cut short":              string(good[:len(good)-3]),
		"more after it":          string(good) + "x",
		"not a state file":       "hello\n",
		"empty":                  "",
		"the contents damaged":   string(good[:len(good)-8]) + "\xff\xff\xff\xff\xff\xff\xff\xff",
	} {
		if err := os.WriteFile(filepath.Join(dir, "x.gob"), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		got = nil
		if readState(dir, "x.gob", &got) {
			t.Errorf("%s: read as state: %v", name, got)
		}
	}
	if readState("", "x.gob", &got) || writeState("", "x.gob", want) != nil {
		t.Error("no state folder should mean no state")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}
}

// TestGitHistoryKeepsState checks that a second read of a site's history
// decodes nothing: what the state folder holds is what it reports, even
// a value no commit has (planted here to show the state was read), and
// that a state file written by another build of intkb is not trusted.
func TestGitHistoryKeepsState(t *testing.T) {
	dir := gitSite(t)
	state := t.TempDir()
	first, warn := readGitHistory(context.Background(), dir, state, false)
	if warn != nil || len(first["content/blueprints/saltmere.md"]) != 3 {
		t.Fatalf("first read: %v, %d versions", warn, len(first["content/blueprints/saltmere.md"]))
	}
	var kept map[string]*model.Blueprint
	if !readState(state, historyStateFile, &kept) || len(kept) != 3 {
		t.Fatalf("the state holds %d versions, want 3", len(kept))
	}
	for _, bp := range kept {
		if bp.Form.MDTCadence == "monthly" {
			bp.Form.MDTCadence = "daily"
		}
	}
	if err := writeState(state, historyStateFile, kept); err != nil {
		t.Fatal(err)
	}
	again, _ := readGitHistory(context.Background(), dir, state, false)
	if got := again["content/blueprints/saltmere.md"][0].Blueprint.Form.MDTCadence; got != "daily" {
		t.Errorf("the second read decoded the versions again: MDT %q", got)
	}

	clean, _ := readGitHistory(context.Background(), dir, state, true)
	if got := clean["content/blueprints/saltmere.md"][0].Blueprint.Form.MDTCadence; got != "monthly" {
		t.Errorf("a read that ignores the state (Options.Clean) took the kept versions: MDT %q", got)
	}
	if err := writeState(state, historyStateFile, kept); err != nil {
		t.Fatal(err)
	}

	file := filepath.Join(state, historyStateFile)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(data), programDigest(), strings.Repeat("f", 64), 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh, _ := readGitHistory(context.Background(), dir, state, false)
	if got := fresh["content/blueprints/saltmere.md"][0].Blueprint.Form.MDTCadence; got != "monthly" {
		t.Errorf("a state file of another intkb was trusted: MDT %q", got)
	}
}
