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
// A live rebuild writes into the folder being served with an atomic
// Output, where each file is replaced in one step, and removes the pages
// that went with RemovePage.
//
// Zip writes a published folder as one archive, for a copy of the site
// sent as one attachment.
package publish

import (
	"io"
	"os"
	"path/filepath"
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

	files atomic.Int64
	bytes atomic.Int64
}

// Planning reports whether o only records paths (Record is set). A
// writer may then leave out making a file's contents, such as encoding
// and checking open data, and pass Write nil: only the path counts.
func (o *Output) Planning() bool { return o != nil && o.Record != nil }

// Files returns how many files o has written.
func (o *Output) Files() int { return int(o.files.Load()) }

// Bytes returns how many bytes o has written.
func (o *Output) Bytes() int64 { return o.bytes.Load() }

// Write writes data to rel, a slash-separated path under o.Dir.
func (o *Output) Write(rel string, data []byte) error {
	if o.Record != nil {
		o.Record(rel)
		return nil
	}
	full := filepath.Join(o.Dir, filepath.FromSlash(rel))
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
	if o.Atomic {
		data, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		return o.Write(rel, data)
	}
	full := filepath.Join(o.Dir, filepath.FromSlash(rel))
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
	err := os.Remove(filepath.Join(o.Dir, filepath.FromSlash(rel)))
	if os.IsNotExist(err) {
		return nil
	}
	return err
}

// WriteReplacing writes data as the file name, readable by all, by
// renaming a new file over it: a reader, or a run that stops part way,
// finds the old file or the new one, never half of one.
func WriteReplacing(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
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
