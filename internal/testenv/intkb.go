package testenv

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os/exec"
	"regexp"
	"testing"
)

// servingAt matches the line intkb serve writes to standard output once it
// serves, and the address in it.
var servingAt = regexp.MustCompile(`Serving at (\S+)`)

// ServingAt reads what intkb serve writes to standard output and sends on
// the channel it returns the address of the first "Serving at ADDRESS"
// line. It reads to the end, lines of any length, dropping the rest, so
// that serve never blocks writing, and closes the channel then: a serve
// that exits before it serves is seen at once, as a closed channel with
// no address.
func ServingAt(stdout io.Reader) <-chan string {
	found := make(chan string, 1)
	go func() {
		defer close(found)
		lines := bufio.NewReader(stdout)
		sent := false
		for {
			line, err := lines.ReadString('\n')
			if m := servingAt.FindStringSubmatch(line); m != nil && !sent {
				found <- m[1]
				sent = true
			}
			if err != nil {
				return
			}
		}
	}()
	return found
}

// Run runs the program at path with args in dir and returns what it wrote
// and its exit status. A program that cannot be started fails the test.
func Run(t testing.TB, path, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(path, args...)
	cmd.Dir = dir
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}
