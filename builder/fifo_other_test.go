//go:build !unix

package builder

import "testing"

// mkfifo skips the test: named pipes are made only on Unix.
func mkfifo(t *testing.T, dir, name string) {
	t.Helper()
	t.Skip("cannot make a named pipe on this system")
}
