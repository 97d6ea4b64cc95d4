// Package watch follows a site's files and reports what changed, in
// batches, as "intkb serve" needs to rebuild.
//
// It watches content/, layouts/, static/ (each only if present) and
// site.toml, recursively: folders created later are watched too, and the
// files already in them are reported. Other files of the site that a
// build reads, such as a list file of sources, are watched once named
// with Follow. Editors save in many ways (writing in place, writing a
// temporary file and renaming it over the original,
// several writes in a burst, touching permissions); all of them come out
// as one changed path. Events for editors' scratch files (.foo.swp, foo~,
// .#foo, 4913) and for permission changes alone are dropped. Events are
// coalesced: a batch is reported once no event has come for Quiet, or
// MaxWait after its first event, whichever is sooner.
package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watched folders and files, relative to the site's root.
var (
	watchedDirs  = []string{"content", "layouts", "static"}
	watchedFiles = []string{"site.toml"}
)

// Default timings.
const (
	DefaultQuiet   = 15 * time.Millisecond
	DefaultMaxWait = 250 * time.Millisecond
)

// Watcher reports changes under a site's root on Changes.
type Watcher struct {
	Changes <-chan []string // paths relative to the root, with slashes
	Errors  <-chan error

	root    string
	fsw     *fsnotify.Watcher
	batch   *Batcher
	changes chan []string
	errs    chan error
	done    chan struct{}

	mu     sync.Mutex
	extras map[string]bool // the files named with Follow, relative to the root, with slashes
}

// New starts watching the site at root.
func New(root string) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		root:    root,
		fsw:     fsw,
		batch:   &Batcher{Quiet: DefaultQuiet, MaxWait: DefaultMaxWait},
		changes: make(chan []string, 16),
		errs:    make(chan error, 16),
		done:    make(chan struct{}),
	}
	w.Changes, w.Errors = w.changes, w.errs
	if err := fsw.Add(root); err != nil { // for site.toml, saved by rename
		fsw.Close()
		return nil, err
	}
	for _, d := range watchedDirs {
		if _, err := w.addTree(filepath.Join(root, d)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			fsw.Close()
			return nil, err
		}
	}
	go w.run()
	return w, nil
}

// Follow watches the files at paths (relative to the root, with
// slashes) as well as the folders that are always watched, in place of
// those named before: a change to one is reported as a change of its
// path. Each file's folder is watched, not recursively, if it exists: a
// file that does not exist yet is reported when it appears; one whose
// folder is made later, from the next Follow (or as the folder appears,
// for a folder at the site's top, which is watched).
func (w *Watcher) Follow(paths []string) error {
	extras := map[string]bool{}
	var errs []error
	for _, p := range paths {
		p = filepath.ToSlash(filepath.Clean(filepath.FromSlash(p)))
		if p == "." || strings.HasPrefix(p, "../") || filepath.IsAbs(p) {
			continue // outside the site: never read by a build
		}
		extras[p] = true
		dir := filepath.Dir(filepath.Join(w.root, filepath.FromSlash(p)))
		if err := w.fsw.Add(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	w.mu.Lock()
	w.extras = extras
	w.mu.Unlock()
	return errors.Join(errs...)
}

// Close stops watching and closes Changes.
func (w *Watcher) Close() error {
	err := w.fsw.Close()
	<-w.done
	return err
}

// addTree watches dir and every folder under it, and returns the files
// found, relative to the root.
func (w *Watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return w.fsw.Add(p)
		}
		if rel, ok := w.relevant(p); ok {
			files = append(files, rel)
		}
		return nil
	})
	return files, err
}

func (w *Watcher) run() {
	defer close(w.done)
	defer close(w.changes)
	var timer *time.Timer
	var timerC <-chan time.Time
	for {
		select {
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			w.handle(ev, time.Now())
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			select {
			case w.errs <- err:
			default:
			}
		case <-timerC:
			timerC = nil
		}
		now := time.Now()
		if paths := w.batch.Due(now); paths != nil {
			w.changes <- paths
		}
		if at, ok := w.batch.Next(); ok {
			if timer == nil {
				timer = time.NewTimer(at.Sub(now))
			} else {
				timer.Reset(at.Sub(now))
			}
			timerC = timer.C
		}
	}
}

// handle records one event, watching new folders as they appear.
func (w *Watcher) handle(ev fsnotify.Event, now time.Time) {
	if ev.Op == fsnotify.Chmod {
		return
	}
	if ev.Op.Has(fsnotify.Create) {
		if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
			files, _ := w.addTree(ev.Name)
			for _, f := range files {
				w.batch.Add(f, now)
			}
		}
	}
	if rel, ok := w.relevant(ev.Name); ok {
		w.batch.Add(rel, now)
	}
}

// relevant returns the path of name relative to the root, and whether it
// is a file of the site rather than an editor's scratch file.
func (w *Watcher) relevant(name string) (string, bool) {
	rel, err := filepath.Rel(w.root, name)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if scratch(filepath.Base(name)) {
		return "", false
	}
	for _, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", false // hidden folders, such as .git
		}
	}
	for _, f := range watchedFiles {
		if rel == f {
			return rel, true
		}
	}
	w.mu.Lock()
	extra := w.extras[rel]
	w.mu.Unlock()
	if extra {
		return rel, true
	}
	for _, d := range watchedDirs {
		if strings.HasPrefix(rel, d+"/") {
			return rel, true
		}
	}
	return "", false
}

// scratch reports whether a file name is an editor's temporary file.
func scratch(base string) bool {
	switch {
	case strings.HasPrefix(base, "."), // .foo.swp, .#foo, .tmp-123
		strings.HasSuffix(base, "~"),
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"),
		strings.HasSuffix(base, ".tmp"),
		base == "4913": // vim's test of whether it may write the folder
		return true
	}
	return false
}

// Batcher coalesces changed paths into batches. It keeps no timers of its
// own: callers give it the time, so tests can drive it.
type Batcher struct {
	Quiet   time.Duration // report once no path has been added for this long
	MaxWait time.Duration // or this long after the first path, whichever is sooner

	pending     map[string]bool
	first, last time.Time
}

// Add records that path changed at now.
func (b *Batcher) Add(path string, now time.Time) {
	if b.pending == nil {
		b.pending = map[string]bool{}
	}
	if len(b.pending) == 0 {
		b.first = now
	}
	b.pending[path] = true
	b.last = now
}

// Next returns when the pending batch falls due, if there is one.
func (b *Batcher) Next() (time.Time, bool) {
	if len(b.pending) == 0 {
		return time.Time{}, false
	}
	due := b.last.Add(b.Quiet)
	if max := b.first.Add(b.MaxWait); max.Before(due) {
		due = max
	}
	return due, true
}

// Due returns the pending paths, sorted, if they are due at now, and
// starts a new batch; otherwise it returns nil.
func (b *Batcher) Due(now time.Time) []string {
	at, ok := b.Next()
	if !ok || now.Before(at) {
		return nil
	}
	paths := make([]string, 0, len(b.pending))
	for p := range b.pending {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	b.pending = nil
	return paths
}
