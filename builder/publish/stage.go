package publish

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"intkb/internal/workdir"
)

// A Stage is a new folder beside a destination that a build writes the
// whole site into before Commit swaps it in.
type Stage struct {
	// Out writes into the stage. It has written the marker file.
	Out *Output
	// Leftovers is the error met removing the stages an interrupted
	// build left in the destination's parent folder, if any: worth a
	// warning, not worth stopping for.
	Leftovers error

	dest      string
	dir       *workdir.Dir
	committed bool
	// prior is what dest holds, for a stage that updates it in place
	// (BeginUpdate); nil for one swapped in whole.
	prior []Prior
	// removing, once an update is committed, is closed when the files
	// it replaced are removed.
	removing chan struct{}
}

// Begin makes a stage for dest, which must be a folder intkb wrote or
// one with no files but hidden ones (or not exist yet). Close the stage
// when done with it, committed or not.
func Begin(dest string) (*Stage, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if err := checkDest(dest); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return nil, fmt.Errorf("builder: %w", err)
	}
	st := &Stage{dest: dest, Leftovers: reclaim(dest)}
	parent, prefix := filepath.Dir(dest), StagePrefix(dest)
	if st.dir, err = workdir.Create(parent, prefix, MarkerFile, markerText); err != nil {
		return nil, fmt.Errorf("builder: %w", err)
	}
	st.Out = &Output{Dir: st.dir.Path}
	st.Out.files.Add(1)
	st.Out.bytes.Add(int64(len(markerText)))
	return st, nil
}

// BeginKeyed is Begin for a stage whose Output keeps the key of every
// file it writes (Output.Keys), for the next build's BeginUpdate.
func BeginKeyed(dest string) (*Stage, error) {
	st, err := Begin(dest)
	if err != nil {
		return nil, err
	}
	st.Out.keyed = true
	st.Out.made = map[string]Made{MarkerFile: markerMade()}
	return st, nil
}

// BeginUpdate is BeginKeyed for a stage that takes only the files that
// differ from prior, which must be what dest holds (every file and folder
// but the names starting with a dot at its top that a build did not
// write), and that Commit moves into dest, removing what prior lists and
// the build did not write (see Stage.update).
func BeginUpdate(dest string, prior []Prior) (*Stage, error) {
	st, err := BeginKeyed(dest)
	if err != nil {
		return nil, err
	}
	st.prior = prior
	st.Out.prior = make(map[string]Made, len(prior))
	for _, p := range prior {
		if !p.Dir {
			st.Out.prior[p.Path] = p.Made
		}
		if p.Path == MarkerFile {
			// The same text, always: Commit leaves it as it is.
			m := markerMade()
			m.Kept = true
			st.Out.made[MarkerFile] = m
			st.Out.unchanged.Add(1)
		}
	}
	return st, nil
}

// markerMade is how the marker file is made.
func markerMade() Made {
	return Made{Key: sha256.Sum256(markerText), Size: int64(len(markerText))}
}

// StagePrefix begins the names of the stages for dest, and of the sites
// they replaced that are not yet removed: .DEST.new-*, beside it. Only
// dest's last element counts.
func StagePrefix(dest string) string { return "." + filepath.Base(dest) + ".new-" }

// reclaim removes the stages, and replaced sites, that builds into dest
// (an absolute path) left when they were killed, first putting dest
// back as it was before an update in place that a build was killed
// during (see rollback.go). A build still running holds its own locked,
// so it keeps it.
func reclaim(dest string) error {
	_, err := workdir.ReclaimWith(filepath.Dir(dest), StagePrefix(dest), MarkerFile, func(dir string) error { return rollBack(dest, dir) })
	return err
}

// Reclaim removes what builds into dest left beside it when they were
// killed, as Begin does: for a build that publishes nothing, so that a
// killed build's stage does not stay while every later build finds
// nothing to do. The error is worth a warning, not worth stopping for.
func Reclaim(dest string) error {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	return reclaim(dest)
}

// Dest returns the destination's absolute path.
func (st *Stage) Dest() string { return st.dest }

// Commit replaces the destination with the stage, or, for a stage from
// BeginUpdate, updates the destination with what the stage holds.
func (st *Stage) Commit() error {
	if st.prior != nil {
		if err := st.update(); err != nil {
			return fmt.Errorf("builder: publishing to %s: %w", st.dest, err)
		}
		st.committed = true
		return nil
	}
	if err := swapIn(st.dir.Path, st.dest); err != nil {
		return fmt.Errorf("builder: publishing to %s: %w", st.dest, err)
	}
	st.committed = true
	return nil
}

// Close removes the stage unless it was swapped in, and gives up its
// lock, once the files an update replaced are removed.
func (st *Stage) Close() {
	if st.removing != nil {
		<-st.removing
	}
	if !st.committed || st.prior != nil {
		workdir.RemoveAll(st.dir.Path)
	}
	st.dir.Release()
}

// checkDest refuses to replace a folder that intkb did not write.
func checkDest(dest string) error {
	info, err := os.Stat(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("builder: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("builder: %s is a file, not a folder: choose another destination", dest)
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return fmt.Errorf("builder: %w", err)
	}
	marked, other := false, ""
	for _, e := range entries {
		if e.Name() == MarkerFile {
			marked = true
		} else if !strings.HasPrefix(e.Name(), ".") && other == "" {
			other = e.Name()
		}
	}
	if other != "" && !marked {
		return fmt.Errorf("builder: %s holds files intkb did not write (such as %s): refusing to replace it; empty it or choose another destination", dest, other)
	}
	return nil
}

// swapIn replaces dest with staging. Entries of dest whose names start
// with a dot (such as .git or .gitkeep) and that the build did not write
// are kept.
func swapIn(staging, dest string) error {
	entries, err := os.ReadDir(dest)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || name == MarkerFile {
			continue
		}
		if _, err := os.Lstat(filepath.Join(staging, name)); err == nil {
			continue
		}
		if err := os.Rename(filepath.Join(dest, name), filepath.Join(staging, name)); err != nil {
			return err
		}
	}
	return Replace(staging, dest)
}

// Replace puts the folder src in dst's place and removes what dst held:
// in one step where the file system can (exchange), so that dst is never
// missing, and by renaming src when dst does not exist.
func Replace(src, dst string) error {
	_, err := os.Lstat(dst)
	if errors.Is(err, fs.ErrNotExist) {
		return os.Rename(src, dst)
	}
	if err != nil {
		return err
	}
	old, err := exchange(src, dst)
	if err != nil {
		return err
	}
	return workdir.RemoveAll(old)
}

// exchangeByRename replaces b with a by two renames, and returns where
// b's old contents are: a+".old".
func exchangeByRename(a, b string) (string, error) {
	old := a + ".old"
	if err := os.Rename(b, old); err != nil {
		return "", err
	}
	if err := os.Rename(a, b); err != nil {
		os.Rename(old, b)
		return "", err
	}
	return old, nil
}

// RemovePage removes the page published at url (relative to the site
// root) from dest, keeping files beside it that other content still
// provides.
func RemovePage(dest, url string) error {
	err := os.Remove(filepath.Join(dest, filepath.FromSlash(url), "index.html"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	os.Remove(filepath.Join(dest, filepath.FromSlash(url))) // only if now empty
	return nil
}

// RemoveFile removes the file rel (with slashes) from dest, if it is
// there.
func RemoveFile(dest, rel string) error {
	err := os.Remove(under(dest, rel))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
