package workdir

import (
	"errors"
	"io/fs"
	"os"
	"sync"
)

// removeWorkers is how many folders RemoveAll works on at once. Removing
// a tree spends most of its time waiting on the file system rather than
// the processor, and the kernel locks each folder while it removes a name
// from it, so this is a count of folders, not of processors. Removing the
// site a rebuild of 10,000 pages replaced (46,000 files in 12,000
// folders) took 2.2 to 5.3 s with os.RemoveAll and 1.5 to 2.3 s with
// eight, on two processors.
const removeWorkers = 8

// chunkFiles is how many files of one folder a worker removes before it
// offers the rest of the folder to another.
const chunkFiles = 256

// RemoveAll removes path and everything in it, as os.RemoveAll does, but
// empties several folders at once. Like os.RemoveAll, it never follows a
// symbolic link out of the tree, even one swapped in for a folder while
// it works: each folder is opened as an os.Root, and its names are
// removed through it. A path that does not exist is no error. It goes on
// past a name it cannot remove, removes what it can and returns the
// first error.
func RemoveAll(path string) error {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil || !info.IsDir() {
		return os.RemoveAll(path)
	}
	top, err := os.OpenRoot(path)
	if err != nil {
		return os.RemoveAll(path)
	}
	r := &remover{free: make(chan struct{}, removeWorkers-1)}
	r.folder(top)
	r.wg.Wait()
	// The folder itself, now empty, and anything made in it meanwhile.
	if err := os.RemoveAll(path); err != nil {
		r.fail(err)
	}
	return r.err
}

// remover shares out the folders of one RemoveAll: a folder or a run of
// files goes to a new goroutine while fewer than removeWorkers are busy,
// and is removed by the goroutine that found it when all are.
type remover struct {
	free chan struct{} // holds a token for each extra goroutine running
	wg   sync.WaitGroup
	mu   sync.Mutex
	err  error
}

func (r *remover) fail(err error) {
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return
	}
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
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
	var entries []fs.DirEntry
	f, err := dir.Open(".")
	if err == nil {
		entries, err = f.ReadDir(-1)
		f.Close()
	}
	r.fail(err)
	var inside sync.WaitGroup
	var files []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() { // from the entry's own type: a link to a folder is not one
			sub, err := dir.OpenRoot(name)
			if err != nil {
				files = append(files, name) // a folder no longer, or one that cannot be opened: Remove says which
				continue
			}
			r.share(&inside, func() {
				r.folder(sub)
				r.fail(dir.Remove(name))
			})
			continue
		}
		if files = append(files, name); len(files) == chunkFiles {
			run := files
			r.share(&inside, func() { r.files(dir, run) })
			files = nil
		}
	}
	r.files(dir, files)
	inside.Wait()
}

// files removes the named files of dir.
func (r *remover) files(dir *os.Root, names []string) {
	for _, name := range names {
		r.fail(dir.Remove(name))
	}
}
