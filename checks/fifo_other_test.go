//go:build !unix

package checks

import "testing"

// fifo skips the test: named pipes are made only on Unix.
func fifo(t *testing.T, dir, name string) {
	t.Helper()
	t.Skip("cannot make a named pipe on this system")
}
