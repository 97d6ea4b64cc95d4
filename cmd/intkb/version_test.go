package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionText(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"a tagged release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "intkb", Version: "v1.2.0"},
			Settings: settings("GOOS", "windows", "GOARCH", "arm64", "vcs", "git", "vcs.revision", "3f2a1c9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39", "vcs.time", "2026-12-04T12:15:52Z", "vcs.modified", "false")},
			"intkb v1.2.0\ncommit 3f2a1c9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39 of 2026-12-04 12:15:52 UTC\nbuilt with go1.26.8 for windows/arm64\n"},
		{"an untagged commit with changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "intkb", Version: "v0.0.0-20261204121552-a4c15a32c334+dirty"},
			Settings: settings("GOOS", "linux", "GOARCH", "amd64", "vcs.revision", "a4c15a32c3347be7b051de1f64f3bed2e295e74a", "vcs.time", "2026-12-04T13:15:52+01:00", "vcs.modified", "true")},
			"intkb v0.0.0-20261204121552-a4c15a32c334+dirty\ncommit a4c15a32c3347be7b051de1f64f3bed2e295e74a of 2026-12-04 12:15:52 UTC, with uncommitted changes\nbuilt with go1.26.8 for linux/amd64\n"},
		{"go run, without version control information", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "intkb", Version: "(devel)"},
			Settings: settings("GOOS", "darwin", "GOARCH", "arm64")},
			"intkb development build\ncommit unknown: built without version control information (go run, go test, -buildvcs=false or a git worktree)\nbuilt with go1.26.8 for darwin/arm64\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionText(tt.bi, true); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	// A binary without build information (not built by the go command)
	// still says what it can.
	if got := versionText(nil, false); !strings.HasPrefix(got, "intkb development build\ncommit unknown") || !strings.Contains(got, "built with go") {
		t.Errorf("without build information: %q", got)
	}
}

// TestVersionCommand runs the real binary, built by go build without
// version control information, as go run and go test build it.
func TestVersionCommand(t *testing.T) {
	stdout, stderr, code := run(t, t.TempDir(), "version")
	if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "intkb ") || !strings.Contains(stdout, "\ncommit ") || !strings.Contains(stdout, "\nbuilt with go") {
		t.Errorf("version: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, stderr, code := run(t, t.TempDir(), "version", "extra"); code != exitUsage || !strings.Contains(stderr, "version takes no arguments") {
		t.Errorf("version extra: exit %d, stderr %q", code, stderr)
	}
}
