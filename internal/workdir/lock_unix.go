//go:build unix

package workdir

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

const supported = true

// lock opens the folder and takes an exclusive lock on it, waiting for
// none: a folder just made has no other holder.
func lock(path string) (*os.File, error) {
	f, err := tryLock(path)
	if err == nil && f == nil {
		err = errors.New("workdir: " + path + " is locked by another process")
	}
	return f, err
}

// tryLock takes an exclusive lock on the folder if nobody holds one, and
// returns nil, nil if somebody does.
func tryLock(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err != unix.EINTR {
			break
		}
	}
	if err == unix.EWOULDBLOCK {
		f.Close()
		return nil, nil
	}
	if err != nil {
		f.Close()
		return nil, &os.PathError{Op: "flock", Path: path, Err: err}
	}
	return f, nil
}
