package builder

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sync"

	"intkb/builder/publish"
)

// This file keeps what a build works out, and the next build may reuse,
// in the site's state folder (Options.StateDir, the site's .intkb/): one
// file per kind of state. A state file is a cache that must never lie:
// it begins with the digest of the intkb program that wrote it and ends
// with the CRC-32C of what lies between, so a file written by any other
// build of intkb, or one damaged or cut short, reads as absent and is
// made again. The program's digest tells another program's state; the
// CRC-32C tells a disk's or a copy's mistakes: it finds every run of
// damaged bits up to 32 long, misses one in four billion of any other
// damage, and sums the 200 MB or so of a large site's state in a tenth
// of the time SHA-256 takes. Files are written whole to a temporary name
// and then renamed, so a build that stops part way leaves the old file
// or the new one, never half of one.

// StateFolder is the folder, in the site's folder, that intkb build,
// check and serve give as Options.StateDir. Like the built site, it is
// made again from the pages and kept out of git.
const StateFolder = ".intkb"

// stateMagic begins every state file, before the program's digest.
const stateMagic = "intkb state 3\n"

// programDigest returns the SHA-256 of the running program's file, which
// stands for every rule that decides what state holds; "" when it cannot
// be read, and then no state is read or written.
var programDigest = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	return contentDigest(exe)
})

// stateSumTable is the CRC-32C table of the sum that ends a state file.
var stateSumTable = crc32.MakeTable(crc32.Castagnoli)

// readState decodes the state file name in dir into v and reports
// whether it could: false when dir is "", the file is missing, was
// written by another build of intkb, is not whole or cannot be decoded.
func readState(dir, name string, v any) bool {
	// The decoder copies what it keeps, so the file is mapped only
	// while it is decoded.
	body, release, ok := loadStateBytes(dir, name, StateMapped)
	if !ok {
		return false
	}
	defer release()
	r := bytes.NewReader(body)
	if err := gob.NewDecoder(r).Decode(v); err != nil {
		return false
	}
	// Nothing may follow: a file with more in it is not one this wrote.
	return r.Len() == 0
}

// StateFrom says how what the last build kept is read.
type StateFrom uint8

const (
	// StateCopied reads each state file into memory of its own: for a
	// process that builds more than once, such as intkb serve.
	StateCopied StateFrom = iota
	// StateMapped maps each state file into memory, read only, where
	// the system maps files (Unix; elsewhere it is StateCopied), and
	// leaves it mapped for the rest of the process's life, since what
	// is decoded from it shares its memory (StateDecoder): for a build
	// that is its process's only one (Options.Once), which reads its
	// state a few times faster so. The files are never cut short while
	// mapped: builds replace a state file by renaming a new one over
	// it, which leaves the file mapped as it was.
	StateMapped
	// StateNone reads nothing: a build that starts from nothing
	// (Options.Clean).
	StateNone
)

// stateFrom returns how a build with opts reads what the last build kept.
func (opts *Options) stateFrom() StateFrom {
	switch {
	case opts.Clean:
		return StateNone
	case opts.Once:
		return StateMapped
	}
	return StateCopied
}

// readStateBytes returns what the state file name in dir holds, for a
// file whose kind of state has an encoding of its own, read as from
// says, and reports whether it could read it, as readState does.
func readStateBytes(dir, name string, from StateFrom) ([]byte, bool) {
	body, _, ok := loadStateBytes(dir, name, from)
	return body, ok
}

// loadStateBytes is readStateBytes, returning too the function that lets
// go of a mapped file, for a caller that keeps nothing of its bytes.
func loadStateBytes(dir, name string, from StateFrom) (body []byte, release func(), ok bool) {
	digest := programDigest()
	if dir == "" || digest == "" || from == StateNone {
		return nil, nil, false
	}
	var data []byte
	var err error
	file := filepath.Join(dir, name)
	if from == StateMapped {
		data, release, err = mapStateFile(file)
	} else {
		data, release, err = readStateFile(file)
	}
	if err != nil {
		return nil, nil, false
	}
	head := stateMagic + digest + "\n"
	if len(data) < len(head)+crc32.Size || string(data[:len(head)]) != head {
		release()
		return nil, nil, false
	}
	body, sum := data[len(head):len(data)-crc32.Size], data[len(data)-crc32.Size:]
	if crc32.Checksum(body, stateSumTable) != binary.BigEndian.Uint32(sum) {
		release()
		return nil, nil, false
	}
	return body, release, true
}

// readStateFile reads the file name into memory of its own.
func readStateFile(name string) ([]byte, func(), error) {
	data, err := os.ReadFile(name)
	return data, func() {}, err
}

// writeState writes v as the state file name in dir, creating dir, or
// does nothing when dir is "" or the program cannot be read.
func writeState(dir, name string, v any) error {
	if dir == "" {
		return nil
	}
	var body bytes.Buffer
	if err := gob.NewEncoder(&body).Encode(v); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return writeStateBytes(dir, name, body.Bytes())
}

// writeStateBytes writes body as the state file name in dir, as
// writeState does, for readStateBytes.
func writeStateBytes(dir, name string, body []byte) error {
	return writeStateFrom(dir, name, func(w io.Writer) error {
		_, err := w.Write(body)
		return err
	})
}

// writeStateFrom is writeStateBytes of the body write writes, for state
// too large to hold twice.
func writeStateFrom(dir, name string, write func(w io.Writer) error) error {
	digest := programDigest()
	if dir == "" || digest == "" {
		return nil
	}
	file := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return publish.WriteReplacingFrom(file, func(w io.Writer) error {
		if _, err := io.WriteString(w, stateMagic+digest+"\n"); err != nil {
			return err
		}
		h := crc32.New(stateSumTable)
		if err := write(io.MultiWriter(w, h)); err != nil {
			return err
		}
		_, err := w.Write(h.Sum(nil))
		return err
	})
}

// ReadState reads the state file name in dir into v, as the builder's
// own state files are read (readState): for what another package keeps
// for the next build, such as the search index's table of documents. It
// reports false for a file that is missing, damaged, cut short or
// written by another build of intkb.
func ReadState(dir, name string, v any) bool { return readState(dir, name, v) }

// WriteState writes v as the state file name in dir (writeState), for
// ReadState.
func WriteState(dir, name string, v any) error { return writeState(dir, name, v) }

// ReadStateBytes returns what the state file name in dir holds, for state
// with an encoding of its own, read as from says, as ReadState reads it.
func ReadStateBytes(dir, name string, from StateFrom) ([]byte, bool) {
	return readStateBytes(dir, name, from)
}

// WriteStateBytes writes body as the state file name in dir, for
// ReadStateBytes.
func WriteStateBytes(dir, name string, body []byte) error { return writeStateBytes(dir, name, body) }

// WriteStateFrom writes what write writes as the state file name in dir,
// for ReadStateBytes, without holding it whole.
func WriteStateFrom(dir, name string, write func(w io.Writer) error) error {
	return writeStateFrom(dir, name, write)
}
