package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// versionText describes this intkb from its build information, which
// the Go toolchain writes into every binary: nothing is set by hand, so
// the text cannot disagree with what was built.
//
// The first line is "intkb " and the main module's version: a tag such
// as v1.2.0 when the commit has one, or a pseudo-version such as
// v0.0.0-20261204121552-a4c15a32c334 for one that has not, with +dirty
// when the working copy had uncommitted changes (go build in a git
// clone, as release/ builds, or go install of a tagged version). The
// second names the commit and its time, and says whether the working
// copy was modified. A build with no version control information (go
// run, go test, -buildvcs=false, or a git worktree, whose .git is a
// file that Go does not follow) says so instead of inventing a version.
// The last line names the Go toolchain and the platform.
func versionText(bi *debug.BuildInfo, ok bool) string {
	var b strings.Builder
	version := "(devel)"
	settings := map[string]string{}
	if ok && bi != nil {
		version = bi.Main.Version
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
	}
	if version == "" || version == "(devel)" {
		b.WriteString("intkb development build\n")
	} else {
		fmt.Fprintf(&b, "intkb %s\n", version)
	}
	if rev := settings["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, "commit %s", rev)
		if t, err := time.Parse(time.RFC3339, settings["vcs.time"]); err == nil {
			fmt.Fprintf(&b, " of %s", t.UTC().Format("2006-01-02 15:04:05 UTC"))
		}
		if settings["vcs.modified"] == "true" {
			b.WriteString(", with uncommitted changes")
		}
		b.WriteString("\n")
	} else {
		b.WriteString("commit unknown: built without version control information (go run, go test, -buildvcs=false or a git worktree)\n")
	}
	goVersion, goos, goarch := runtime.Version(), runtime.GOOS, runtime.GOARCH
	if ok && bi != nil {
		goVersion = bi.GoVersion
		if settings["GOOS"] != "" {
			goos, goarch = settings["GOOS"], settings["GOARCH"]
		}
	}
	fmt.Fprintf(&b, "built with %s for %s/%s\n", goVersion, goos, goarch)
	return b.String()
}
