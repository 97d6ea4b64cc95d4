package publish

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"intkb/internal/workdir"
)

// A Prior is a file or folder of a destination as the build that wrote
// it listed it.
type Prior struct {
	Path string // slash-separated, under the destination
	Dir  bool
	Made Made // a file's; a zero Key when it is not known
}

// update brings the destination to what the build wrote, st.prior being
// what it holds now, in three passes:
//
//   - the files of prior that the build neither wrote nor kept go, then
//     the folders of prior that hold nothing the build wrote or kept,
//     deepest first;
//   - each file the stage holds replaces the destination's file at its
//     path in one step (a rename), so that a reader finds the old file
//     or the new one, or is added with the folders it needs;
//   - each name at the stage's top that starts with a dot and that the
//     Output did not write (the marker file, the folder a search index
//     is written into) replaces the destination's entry of that name
//     whole.
//
// What is replaced or removed waits in a folder beside the destination
// (named as a stage is, so that a killed build's is reclaimed) until the
// end. When a step fails, every step before it is undone, last first,
// and the destination is as it was. When the build is killed part way,
// the next build into the destination puts it back as it was from what
// that folder holds (see rollback.go).
func (st *Stage) update() (err error) {
	entries, err := os.ReadDir(st.dir.Path)
	if err != nil {
		return err
	}
	// The entries at the stage's top that replace the destination's
	// whole, and the journal a killed update is put back from (see
	// rollback.go).
	j := &journal{prior: map[string]bool{}, whole: map[string]bool{}, wrote: map[string]bool{}}
	for _, p := range st.prior {
		j.prior[p.Path] = p.Dir
	}
	var whole []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case !strings.HasPrefix(name, ".") || name == MarkerFile:
		case st.Out.Wrote(name):
			j.wrote[name] = true
		default:
			whole = append(whole, name)
			_, err := os.Lstat(filepath.Join(st.dest, name))
			j.whole[name] = err == nil
		}
	}
	old, err := workdir.Create(filepath.Dir(st.dest), StagePrefix(st.dest), MarkerFile, encodeJournal(j))
	if err != nil {
		return err
	}
	defer func() {
		voidJournal(old.Path)
		if err != nil {
			removeAll(old.Path)
			old.Release()
			return
		}
		// The files the update replaced go while the build lists what it
		// published and records itself (at 10,000 pages, 600 files after
		// a one-page edit, 0.03-0.07 s): Close waits for them. Killed
		// meanwhile, the build leaves them in a folder whose journal is
		// void, which the next build removes (reclaim).
		done := make(chan struct{})
		st.removing = done
		go func() {
			defer close(done)
			removeAll(old.Path)
			old.Release()
		}()
	}()
	u := &updater{dest: st.dest, stage: st.dir.Path, old: old.Path}
	defer func() {
		if err != nil {
			u.undo()
		}
	}()
	made := st.Out.Keys()
	// Every folder of the site: those of the files written or kept.
	dirs := map[string]bool{}
	for rel := range made {
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			if dirs[d] {
				break
			}
			dirs[d] = true
		}
	}
	var goneDirs []string
	for _, p := range st.prior {
		switch {
		case p.Dir && !dirs[p.Path]:
			goneDirs = append(goneDirs, p.Path)
		case !p.Dir:
			if _, ok := made[p.Path]; !ok {
				if err := u.remove(p.Path); err != nil {
					return err
				}
			}
		}
	}
	// Deepest first: a folder's path is longer than its parent's.
	slices.SortFunc(goneDirs, func(a, b string) int { return len(b) - len(a) })
	for _, d := range goneDirs {
		if err := u.removeDir(d); err != nil {
			return err
		}
	}
	for _, e := range entries {
		name := e.Name()
		if name == MarkerFile {
			if _, err := os.Lstat(under(u.dest, name)); err == nil {
				continue // the same text, always
			}
		}
		if _, ok := j.whole[name]; ok {
			continue
		}
		if err := u.walk(name, e.IsDir()); err != nil {
			return err
		}
	}
	for _, name := range whole {
		if err := u.replaceWhole(name); err != nil {
			return err
		}
	}
	return nil
}

// rename, link and removeAll are os.Rename, os.Link and
// workdir.RemoveAll, which tests make fail, or kill the process.
var (
	rename    = os.Rename
	link      = os.Link
	removeAll = workdir.RemoveAll
)

// An updater makes the steps of Stage.update and undoes them.
type updater struct {
	dest, stage, old string
	undos            []func()
}

// under returns the path of rel, slash-separated, under the folder root.
func under(root, rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }

// undo undoes every step made, last first.
func (u *updater) undo() {
	for i := len(u.undos) - 1; i >= 0; i-- {
		u.undos[i]()
	}
	u.undos = nil
}

// remove moves the destination's file rel aside.
func (u *updater) remove(rel string) error {
	to := under(u.old, rel)
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	from := under(u.dest, rel)
	if err := rename(from, to); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	u.undos = append(u.undos, func() { rename(to, from) })
	return nil
}

// removeDir removes the destination's folder rel, which must be empty by
// now.
func (u *updater) removeDir(rel string) error {
	name := under(u.dest, rel)
	info, err := os.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := os.Remove(name); err != nil {
		return err
	}
	u.undos = append(u.undos, func() { os.Mkdir(name, info.Mode().Perm()) })
	return nil
}

// walk puts the stage's file rel in the destination, or each file under
// the folder rel, making the folders they need.
func (u *updater) walk(rel string, dir bool) error {
	if !dir {
		return u.put(rel)
	}
	if err := u.mkdir(rel); err != nil {
		return err
	}
	entries, err := os.ReadDir(under(u.stage, rel))
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := u.walk(rel+"/"+e.Name(), e.IsDir()); err != nil {
			return err
		}
	}
	return nil
}

// mkdir makes the destination's folder rel, whose parent exists, unless
// it is there.
func (u *updater) mkdir(rel string) error {
	name := under(u.dest, rel)
	err := os.Mkdir(name, 0o755)
	if errors.Is(err, fs.ErrExist) {
		if info, serr := os.Lstat(name); serr == nil && info.IsDir() {
			return nil
		}
	}
	if err != nil {
		return err
	}
	u.undos = append(u.undos, func() { os.Remove(name) })
	return nil
}

// put moves the stage's file rel into the destination, over the file
// there, whose old contents wait aside (a second link to them) until the
// update is done. Where the file system has no links (FAT, some network
// shares), the old file is moved aside first, and for a moment a reader
// finds neither.
func (u *updater) put(rel string) error {
	to := under(u.dest, rel)
	aside := ""
	if info, err := os.Lstat(to); err == nil && info.Mode().IsRegular() {
		aside = under(u.old, rel)
		if err := os.MkdirAll(filepath.Dir(aside), 0o755); err != nil {
			return err
		}
		if link(to, aside) != nil {
			if err := rename(to, aside); err != nil {
				return err
			}
		}
	}
	return u.moveIn(under(u.stage, rel), to, aside)
}

// replaceWhole puts the stage's entry name, at its top, in place of the
// destination's entry of that name, if any, which is moved aside first.
func (u *updater) replaceWhole(name string) error {
	to := under(u.dest, name)
	aside := ""
	if _, err := os.Lstat(to); err == nil {
		aside = under(u.old, name)
		if err := rename(to, aside); err != nil {
			return err
		}
	}
	return u.moveIn(under(u.stage, name), to, aside)
}

// moveIn renames from to to, where what was there, if anything, waits at
// aside: moved there, or, for put, linked there too. Undoing it, or its
// rename failing, puts from back and aside in to's place.
func (u *updater) moveIn(from, to, aside string) error {
	restore := func() {
		if aside != "" {
			rename(aside, to)
		}
	}
	if err := rename(from, to); err != nil {
		restore()
		return err
	}
	u.undos = append(u.undos, func() {
		rename(to, from)
		restore()
	})
	return nil
}
