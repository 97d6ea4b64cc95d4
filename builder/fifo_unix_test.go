//go:build unix

package builder

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// mkfifo makes a named pipe in the site, or skips the test where it
// cannot.
func mkfifo(t *testing.T, dir, name string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(full, 0o644); err != nil {
		t.Skip("cannot make a named pipe here:", err)
	}
}
