// Package testenv tells tests whether the tools they drive are here:
// Node.js, Chromium, Java, wrk, and the npm packages of checks/. A
// missing tool skips the test, with the reason, on a developer's machine;
// in CI (the CI environment variable set to anything but "false"), where
// .ci/run installs every tool, it fails the test instead, so that a
// broken install can never turn the parity and browser tests into silent
// skips.
//
// It also runs intkb for the tests that drive the binary (Run), and reads
// the address intkb serve says it serves at (ServingAt).
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// InCI reports whether the tests run in CI, where every tool must be
// there. .ci/run sets CI=true; CI=false on a developer's machine is the
// same as not setting it.
func InCI() bool {
	v := os.Getenv("CI")
	return v != "" && v != "false"
}

// Need stops the test when ok is false: a skip with the reason on a
// developer's machine, a failure in CI.
func Need(t testing.TB, ok bool, format string, args ...any) {
	t.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf(format, args...) + " (.ci/run installs it)"
	if InCI() {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// LookPath returns the path of the program name, or stops the test as
// Need does when it is not installed.
func LookPath(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	Need(t, err == nil, "%s is not installed", name)
	return p
}

// NodeModules returns the path of node, after checking that npm ci has
// run in the test's folder (its package's, where go test runs it): that
// each of files is under node_modules there. It stops the test as Need
// does when node or a file is missing.
func NodeModules(t testing.TB, files ...string) string {
	t.Helper()
	node := LookPath(t, "node")
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		_, err := os.Stat(filepath.Join("node_modules", f))
		Need(t, err == nil, "node_modules/%s is missing: run npm ci in %s/", f, filepath.Base(dir))
	}
	return node
}
