package workdir

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// removeWorkers is how many folders RemoveAll works on at once. Removing
// a tree spends most of its time waiting on the file system rather than
// the processor, and the kernel locks each folder while it removes a name
// from it, so this is a count of folders, not of processors. Removing the
// site a rebuild of 10,000 pages replaced (30,833 files in 12,168
// folders) took 2.2 to 5.3 s with os.RemoveAll and 1.5 to 2.3 s with
// eight, on two processors.
const removeWorkers = 8

// chunkFiles is how many files of one folder a worker removes before it
// offers the rest of the folder to another.
const chunkFiles = 256

// RemoveAll removes path and everything in it, as os.RemoveAll does, but
// empties several folders at once first. Like os.RemoveAll, it never
// follows a symbolic link out of the tree, even one swapped in for a
// folder while it works: the folder at path is opened as an os.Root and
// checked to be the one that was there, each folder in it is opened from
// its parent's os.Root, and names are removed through those. What the
// folders hold is removed side by side as far as it can be; os.RemoveAll
// then removes what is left, path with it, and its error, naming the
// file, is RemoveAll's. A path that does not exist is no error; one
// ending in "." or ".." is refused, as os.RemoveAll refuses it.
func RemoveAll(path string) error {
	trimmed := strings.TrimRight(path, string(filepath.Separator)+"/")
	if base := filepath.Base(trimmed); trimmed == "" || base == "." || base == ".." {
		return os.RemoveAll(path)
	}
	info, err := os.Lstat(trimmed)
	if err != nil || !info.IsDir() {
		return os.RemoveAll(path)
	}
	if top, err := os.OpenRoot(trimmed); err == nil {
		// A folder put in its place, or a link to one, after the Lstat
		// is not the folder to empty.
		if opened, err := top.Stat("."); err == nil && os.SameFile(info, opened) {
			r := &remover{free: make(chan struct{}, removeWorkers-1)}
			r.folder(top)
			r.wg.Wait()
		} else {
			top.Close()
		}
	}
	return os.RemoveAll(path)
}

// remover shares out the folders of one RemoveAll: a folder or a run of
// files goes to a new goroutine while fewer than removeWorkers are busy,
// and is removed by the goroutine that found it when all are. It notes
// no errors: what it cannot remove is left for os.RemoveAll to report.
type remover struct {
	free chan struct{} // holds a token for each extra goroutine running
	wg   sync.WaitGroup
}

// share runs f on another goroutine when one is free, and otherwise
// here, and returns once f is running or done. done is told when f is.
func (r *remover) share(done *sync.WaitGroup, f func()) {
	done.Add(1)
	select {
	case r.free <- struct{}{}:
		r.wg.Add(1)
		go func() {
			defer func() { <-r.free; done.Done(); r.wg.Done() }()
			f()
		}()
	default:
		f()
		done.Done()
	}
}

// folder empties dir, removing its files and its folders, and closes it.
func (r *remover) folder(dir *os.Root) {
	defer dir.Close()
	f, err := dir.Open(".")
	if err != nil {
		return
	}
	entries, _ := f.ReadDir(-1)
	f.Close()
	var inside sync.WaitGroup
	var files []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() { // from the entry's own type: a link to a folder is not one
			sub, err := dir.OpenRoot(name)
			if err != nil {
				continue
			}
			r.share(&inside, func() {
				r.folder(sub)
				dir.Remove(name)
			})
			continue
		}
		if files = append(files, name); len(files) == chunkFiles {
			run := files
			r.share(&inside, func() { removeNames(dir, run) })
			files = nil
		}
	}
	removeNames(dir, files)
	inside.Wait()
}

// removeNames removes the named files of dir.
func removeNames(dir *os.Root, names []string) {
	for _, name := range names {
		dir.Remove(name)
	}
}
