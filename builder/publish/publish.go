// Package publish writes a built site into its folder, so that readers
// never see half of it.
//
// A full build writes into a Stage: a new folder beside the destination,
// locked while the build runs and swapped in by Commit only once every
// file is written. A failed or stopped build leaves the destination as
// it was. Names starting with a dot at the top of the destination (such
// as .git) are kept, and a destination that holds files intkb did not
// write is refused (see Begin). Stages left behind by a build that was
// killed are removed by the next one.
//
// A build that knows what the destination holds, because it checked the
// destination against the last build's list (see BeginUpdate), writes
// into a stage only the files that differ from what is there, and Commit
// moves those into the destination and removes what the build no longer
// writes, undoing its steps if one fails. Such an Output keeps a key for
// every file, which the next build's list carries.
//
// A live rebuild writes into the folder being served with an atomic
// Output, where each file is replaced in one step, and removes the pages
// that went with RemovePage.
//
// Zip writes a published folder as one archive, for a copy of the site
// sent as one attachment.
package publish

import (
	"bufio"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// MarkerFile marks a folder as intkb's output, which a build may replace.
// A folder without it that holds files is never replaced.
const MarkerFile = ".intkb-output"

// markerText is the marker file's contents.
var markerText = []byte("This folder is written by intkb build and replaced whole on every build.\n")

// An Output writes files under a folder: a stage nobody reads yet, or,
// when Atomic is set, the folder being served, where each file is
// replaced in one step so that no request sees half of it. It is safe
// for use from many goroutines.
type Output struct {
	Dir    string
	Atomic bool
	// Record, if set, is given the path of each file instead of writing
	// it, from many goroutines: to learn what a build would write.
	Record func(rel string)

	files     atomic.Int64
	bytes     atomic.Int64
	unchanged atomic.Int64

	// keyed is set for an Output that keeps each file's key (Keys); prior
	// holds the destination's files by path when it writes only what
	// changed (BeginUpdate).
	keyed bool
	prior map[string]Made
	mu    sync.Mutex
	made  map[string]Made
}

// Made says how a file was made: Key is the SHA-256 of its contents, or,
// for a file made from a source by WriteFrom, of the source under a
// prefix of its own; Size is its size. The same key from the same
// program means the same bytes.
type Made struct {
	Key  [sha256.Size]byte
	Size int64
	// From reports that Key is of the source the file was made from.
	From bool
	// Source, when not zero, is the key of what a rendered file was made
	// from (WriteRendered), beside Key, which is then of its contents.
	Source [sha256.Size]byte
	// Kept reports that the file was not written, being what the
	// destination already held.
	Kept bool
}

// fromPrefix begins what WriteFrom hashes for a key, so that a file made
// from a source never has the key of a file whose contents are that
// source.
const fromPrefix = "intkb made from\x00"

// Keys returns the key of every file o has written or kept, by path, or
// nil when o keeps none.
func (o *Output) Keys() map[string]Made {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.made
}

// Wrote reports whether o wrote or kept the file rel, or a file in the
// folder rel, when it keeps keys.
func (o *Output) Wrote(rel string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, ok := o.made[rel]; ok {
		return true
	}
	for name := range o.made {
		if strings.HasPrefix(name, rel+"/") {
			return true
		}
	}
	return false
}

// kept reports whether the file m says how to make at rel (m.Key of its
// source, when m.From is set) is what the destination holds already, and
// if so counts it as written, noting m.Source as its source. Otherwise
// it notes how the file about to be written is made.
func (o *Output) kept(rel string, m Made) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.made == nil {
		o.made = map[string]Made{}
	}
	if p, ok := o.prior[rel]; ok && p.Key == m.Key {
		o.made[rel] = Made{Key: m.Key, Size: p.Size, From: p.From, Source: m.Source, Kept: true}
		o.count(p.Size)
		return true
	}
	o.made[rel] = m
	return false
}

// keptRendered reports whether the destination's file rel was rendered
// from source, and if so counts it as written.
func (o *Output) keptRendered(rel string, source [sha256.Size]byte) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	p, ok := o.prior[rel]
	if !ok || p.Source == ([sha256.Size]byte{}) || p.Source != source {
		return false
	}
	if o.made == nil {
		o.made = map[string]Made{}
	}
	p.Kept = true
	o.made[rel] = p
	o.count(p.Size)
	return true
}

// count counts a file of size bytes kept as the destination holds it.
func (o *Output) count(size int64) {
	o.files.Add(1)
	o.bytes.Add(size)
	o.unchanged.Add(1)
}

// Planning reports whether o only records paths (Record is set). A
// writer may then leave out making a file's contents, such as encoding
// and checking open data, and pass Write nil: only the path counts.
func (o *Output) Planning() bool { return o != nil && o.Record != nil }

// Files returns how many files o has written.
func (o *Output) Files() int { return int(o.files.Load()) }

// Bytes returns how many bytes o has written.
func (o *Output) Bytes() int64 { return o.bytes.Load() }

// Unchanged returns how many of the files o counts as written (Files)
// it left as the destination held them.
func (o *Output) Unchanged() int { return int(o.unchanged.Load()) }

// Write writes data to rel, a slash-separated path under o.Dir.
func (o *Output) Write(rel string, data []byte) error {
	if o.Record != nil {
		o.Record(rel)
		return nil
	}
	if o.keyed && o.kept(rel, Made{Key: sha256.Sum256(data), Size: int64(len(data))}) {
		return nil
	}
	return o.write(rel, data)
}

// WriteRendered writes the file rel that render makes from a source
// whose digest is source: everything its bytes depend on. An Output
// publishing only what changed does not call render when the
// destination's file was rendered from the same source, and otherwise
// writes what render makes only when it differs from the destination's
// file, as Write does. render must give the same bytes for the same
// source.
func (o *Output) WriteRendered(rel string, source [sha256.Size]byte, render func() ([]byte, error)) error {
	if o.Record != nil {
		o.Record(rel)
		return nil
	}
	if o.keyed && o.keptRendered(rel, source) {
		return nil
	}
	data, err := render()
	if err != nil {
		return err
	}
	if o.keyed && o.kept(rel, Made{Key: sha256.Sum256(data), Size: int64(len(data)), Source: source}) {
		return nil
	}
	return o.write(rel, data)
}

// WriteFrom writes the file rel that make makes from a source whose
// digest is source, passing it to use, which may not keep it. An Output
// publishing only what changed does not call make when the destination's
// file was made from the same source: make must give the same bytes for
// the same source.
func (o *Output) WriteFrom(rel string, source [sha256.Size]byte, make func(use func(data []byte) error) error) error {
	if o.Record != nil {
		o.Record(rel)
		return nil
	}
	if !o.keyed {
		return make(func(data []byte) error { return o.write(rel, data) })
	}
	h := sha256.New()
	h.Write([]byte(fromPrefix))
	h.Write(source[:])
	var key [sha256.Size]byte
	h.Sum(key[:0])
	if o.kept(rel, Made{Key: key, From: true}) {
		return nil
	}
	return make(func(data []byte) error {
		o.mu.Lock()
		m := o.made[rel]
		m.Size = int64(len(data)) // known once made
		o.made[rel] = m
		o.mu.Unlock()
		return o.write(rel, data)
	})
}

// write writes data to rel.
func (o *Output) write(rel string, data []byte) error {
	full := under(o.Dir, rel)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	if o.Atomic {
		if err := WriteReplacing(full, data); err != nil {
			return err
		}
	} else if err := os.WriteFile(full, data, 0o644); err != nil {
		return err
	}
	o.files.Add(1)
	o.bytes.Add(int64(len(data)))
	return nil
}

// Copy writes what r holds to rel.
func (o *Output) Copy(rel string, r io.Reader) error {
	if o.Record != nil {
		o.Record(rel)
		return nil
	}
	if o.Atomic || o.keyed {
		data, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		return o.Write(rel, data)
	}
	full := under(o.Dir, rel)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	out, err := os.Create(full)
	if err != nil {
		return err
	}
	n, err := io.Copy(out, r)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	o.files.Add(1)
	o.bytes.Add(n)
	return err
}

// Remove removes the file at rel; one already gone is no error.
func (o *Output) Remove(rel string) error {
	err := os.Remove(under(o.Dir, rel))
	if os.IsNotExist(err) {
		return nil
	}
	return err
}

// WriteReplacing writes data as the file name, readable by all, by
// renaming a new file over it: a reader, or a run that stops part way,
// finds the old file or the new one, never half of one.
func WriteReplacing(name string, data []byte) error {
	return WriteReplacingFrom(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteReplacingFrom is WriteReplacing of what write writes, for a file
// too large to hold twice.
func WriteReplacingFrom(name string, write func(w io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), tempPrefix)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
