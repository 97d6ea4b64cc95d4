// Package workdir makes working folders that belong to one running
// process, and reclaims those left behind by a process that was killed.
//
// A folder made by Create is named by its prefix and a random suffix, and
// holds a claim file: a file whose name the caller chooses, so that a
// folder that merely shares the prefix is never mistaken for one of ours.
// While the process that made it holds it, the folder is locked. Reclaim
// removes the folders in a parent whose names start with the prefix, that
// hold the claim file, and that nobody holds locked: the leftovers of a
// process that ended without cleaning up, for example on SIGKILL or a
// power cut. A process killed while Create was making its folder, before
// the claim file, leaves it empty and named by the prefix and random
// digits: Reclaim removes such a folder too, which loses nothing. The operating system drops a process's locks when it ends,
// however it ends, so a folder still in use is never reclaimed, and a
// reused process id cannot make a leftover look alive.
//
// Locking uses flock(2) on the folder itself where the system has it. Where
// it does not (Windows), Create makes folders without a lock and Reclaim
// removes nothing: a folder there cannot be shown to be abandoned.
package workdir

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A Dir is a working folder held by this process.
type Dir struct {
	// Path is the folder's path.
	Path string
	lock *os.File // nil where locks are not supported
}

// Create makes a new folder in parent whose name starts with prefix,
// locks it and writes the claim file into it with the given contents.
// The folder's permissions are 0755.
func Create(parent, prefix, claim string, contents []byte) (*Dir, error) {
	return create(parent, prefix, claim, contents, 1)
}

func create(parent, prefix, claim string, contents []byte, attempt int) (*Dir, error) {
	path, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		return nil, err
	}
	d := &Dir{Path: path}
	fail := func(err error) (*Dir, error) {
		d.Release()
		os.RemoveAll(path)
		return nil, err
	}
	if err := os.Chmod(path, 0o755); err != nil {
		return fail(err)
	}
	// Lock before the claim file exists, so that a folder with a claim
	// file and no lock can only be a leftover. Another process's Reclaim
	// may take a folder this new, still empty, for a killed one's: then
	// make another.
	if d.lock, err = lock(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) && attempt < 3 {
			return create(parent, prefix, claim, contents, attempt+1)
		}
		return fail(err)
	}
	if err := os.WriteFile(filepath.Join(path, claim), contents, 0o644); err != nil {
		return fail(err)
	}
	return d, nil
}

// unfinished reports whether the folder at path, named name, looks like
// one Create was making when its process was killed, before the claim
// file was written: empty, and named by the prefix and MkdirTemp's
// random digits. Removing it loses nothing.
func unfinished(name, prefix, path string) bool {
	digits := strings.TrimPrefix(name, prefix)
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return false
	}
	entries, err := os.ReadDir(path)
	return err == nil && len(entries) == 0
}

// Release gives the folder up without removing it. Its lock follows the
// folder through renames, so call Release once the folder, wherever it is
// now, no longer needs protecting.
func (d *Dir) Release() {
	if d.lock != nil {
		d.lock.Close()
		d.lock = nil
	}
}

// Reclaim removes every folder in parent that Create made with this
// prefix and claim and that no running process holds, and returns their
// paths. A folder it cannot remove is reported in the error and the rest
// are still removed. A missing parent holds nothing to reclaim.
func Reclaim(parent, prefix, claim string) ([]string, error) {
	return ReclaimWith(parent, prefix, claim, nil)
}

// ReclaimWith is Reclaim, calling first, when it is not nil, with each
// claimed folder's path before removing it, while holding its lock, so
// that what a killed process left half done can be put right from what
// its folder holds. A folder for which first fails is kept, and the
// error reported.
func ReclaimWith(parent, prefix, claim string, first func(path string) error) ([]string, error) {
	if !supported {
		return nil, nil
	}
	entries, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		path := filepath.Join(parent, e.Name())
		claimed := true
		if info, err := os.Lstat(filepath.Join(path, claim)); err != nil || !info.Mode().IsRegular() {
			if !unfinished(e.Name(), prefix, path) {
				continue
			}
			claimed = false
		}
		held, err := tryLock(path)
		if err != nil || held == nil {
			continue // in use, or gone since it was listed
		}
		switch {
		case claimed && first != nil:
			if err = first(path); err == nil {
				err = RemoveAll(path)
			}
		case claimed:
			err = RemoveAll(path)
		default:
			err = os.Remove(path) // refuses a folder that is no longer empty
		}
		held.Close()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, path)
	}
	return removed, errors.Join(errs...)
}
