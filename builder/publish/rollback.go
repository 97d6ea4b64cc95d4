package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// An update in place (Stage.update) moves files one by one, so a build
// killed part way through it (SIGKILL, a power cut) leaves the
// destination holding some new files and some old. The folder that keeps
// what the update replaced and removed therefore holds, as its claim
// file, a journal: what the destination held before the update (its
// list, st.prior), and the entries at its top that the update replaces
// whole. The next build into the destination, or Reclaim, finds the
// folder abandoned and puts the destination back as it was before the
// update, from the journal and the old files, before removing it:
//
//   - each file kept aside goes back to its path, over whatever the
//     update put there;
//   - each entry replaced whole goes back, and one the update added
//     whole goes;
//   - whatever the destination holds that the list does not goes, but
//     for the names at its top that start with a dot, which the update
//     did not write (such as .git);
//   - each folder of the list that is missing is made again.
//
// A journal cut short was being written when the build was killed,
// before the update changed anything, so there is nothing to put back.

// journalHead begins a journal; a stage's claim file is markerText.
const journalHead = "intkb update journal 1\n"

// journalEnd ends a whole journal.
const journalEnd = "end"

// tempPrefix begins the names of the files WriteReplacing writes before
// renaming them.
const tempPrefix = ".tmp-"

// voidJournal replaces the journal in the old folder dir with the
// marker's text, once the update is done or undone: a build killed
// while the folder is removed must not put back an update that
// finished.
func voidJournal(dir string) error {
	return WriteReplacing(filepath.Join(dir, MarkerFile), markerText)
}

// A journal is what an update's old folder records before the update
// changes anything.
type journal struct {
	prior map[string]bool // the destination's paths before, true for a folder
	// whole are the names at the top that the update replaces whole, true
	// for one the destination held before.
	whole map[string]bool
	// wrote are the names at the top, starting with a dot, that the
	// build wrote through its Output: they are the site's, as the list's
	// paths are.
	wrote map[string]bool
}

// encodeJournal returns j as the claim file holds it: records of a kind
// and a path, each ended by a NUL, which no path holds.
func encodeJournal(j *journal) []byte {
	var b bytes.Buffer
	b.WriteString(journalHead)
	rec := func(kind, path string) {
		b.WriteString(kind)
		b.WriteByte(0)
		b.WriteString(path)
		b.WriteByte(0)
	}
	for p, dir := range j.prior {
		rec(map[bool]string{false: "f", true: "d"}[dir], p)
	}
	for name, had := range j.whole {
		rec(map[bool]string{false: "w-", true: "w+"}[had], name)
	}
	for name := range j.wrote {
		rec("o", name)
	}
	b.WriteString(journalEnd)
	return b.Bytes()
}

// readJournal reads the journal of the folder at dir, and reports
// whether it has a whole one.
func readJournal(dir string) (*journal, bool) {
	data, err := os.ReadFile(filepath.Join(dir, MarkerFile))
	if err != nil || !bytes.HasPrefix(data, []byte(journalHead)) || !bytes.HasSuffix(data, []byte(journalEnd)) {
		return nil, false
	}
	fields := strings.Split(string(data[len(journalHead):len(data)-len(journalEnd)]), "\x00")
	if len(fields)%2 != 1 || fields[len(fields)-1] != "" {
		return nil, false
	}
	j := &journal{prior: map[string]bool{}, whole: map[string]bool{}, wrote: map[string]bool{}}
	for i := 0; i+1 < len(fields); i += 2 {
		kind, p := fields[i], fields[i+1]
		if !fs.ValidPath(p) || p == "." {
			return nil, false
		}
		switch kind {
		case "f", "d":
			j.prior[p] = kind == "d"
		case "w+", "w-":
			j.whole[p] = kind == "w+"
		case "o":
			j.wrote[p] = true
		default:
			return nil, false
		}
	}
	return j, true
}

// rollBack puts dest back as it was before the update whose old folder,
// abandoned, is old, when old holds a whole journal.
func rollBack(dest, old string) error {
	j, ok := readJournal(old)
	if !ok {
		return nil
	}
	// The files kept aside, and their folders, which stay.
	restored := map[string]bool{}
	err := filepath.WalkDir(old, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == old {
			return err
		}
		rel := filepath.ToSlash(p[len(old)+1:])
		if rel == MarkerFile || strings.HasPrefix(rel, tempPrefix) {
			return nil // the journal, or a file made to replace it
		}
		if _, ok := j.whole[rel]; ok {
			return fs.SkipDir // put back below, whole
		}
		if d.IsDir() {
			return nil
		}
		if err := makeParents(dest, rel); err != nil {
			return err
		}
		to := under(dest, rel)
		if info, err := os.Lstat(to); err == nil && info.IsDir() {
			if err := os.RemoveAll(to); err != nil {
				return err
			}
		}
		for r := rel; r != "."; r = path.Dir(r) {
			restored[r] = true
		}
		return os.Rename(p, to)
	})
	if err != nil {
		return fmt.Errorf("putting back %s as it was before a killed build: %w", dest, err)
	}
	var errs []error
	// The entries replaced whole.
	for name, had := range j.whole {
		from, to := under(old, name), under(dest, name)
		if _, err := os.Lstat(from); err == nil {
			errs = append(errs, os.RemoveAll(to), os.Rename(from, to))
		} else if !had {
			errs = append(errs, os.RemoveAll(to))
		}
	}
	// What the update added.
	var added []string
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dest {
			return err
		}
		rel := filepath.ToSlash(p[len(dest)+1:])
		top := !strings.Contains(rel, "/")
		_, whole := j.whole[rel]
		_, listed := j.prior[rel]
		switch {
		case listed || restored[rel]:
			return nil
		case top && (whole || rel == MarkerFile || strings.HasPrefix(rel, ".") && !j.wrote[rel]):
			// Put back above, or not the site's: left as the update
			// left it.
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		added = append(added, p)
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	})
	errs = append(errs, err)
	for _, p := range added {
		errs = append(errs, os.RemoveAll(p))
	}
	// The folders the update removed.
	for rel, dir := range j.prior {
		if dir {
			errs = append(errs, os.MkdirAll(under(dest, rel), 0o755))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("putting back %s as it was before a killed build: %w", dest, err)
	}
	return nil
}

// makeParents makes the folders of dest that rel needs, removing what
// stands in their place: a file the update put where a folder was.
func makeParents(dest, rel string) error {
	dir := path.Dir(rel)
	if dir == "." {
		return nil
	}
	name := dest
	for _, elem := range strings.Split(dir, "/") {
		name = filepath.Join(name, elem)
		info, err := os.Lstat(name)
		switch {
		case err == nil && info.IsDir():
			continue
		case err == nil:
			if err := os.Remove(name); err != nil {
				return err
			}
		case !errors.Is(err, fs.ErrNotExist):
			return err
		}
		if err := os.Mkdir(name, 0o755); err != nil {
			return err
		}
	}
	return nil
}
