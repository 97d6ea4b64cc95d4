package builder

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"sync"
	"unsafe"
)

// Some state is one entry for each page, and a build after an edit
// changes a few: the page bodies converted from Markdown (bodycache.go),
// and the search package's analysed pages. Such state is kept in
// StateShardCount state files (see state.go) in a folder of the state
// folder, each page's entry in the file its name falls in, so that a
// build writes only the files whose entries changed, and the files are
// read and decoded on every core.

// StateShardCount is how many files a StateShards keeps its entries in.
const StateShardCount = 64

// StateShards is state of one kind, kept by name in shard files: what the
// last build kept (Prior), and what this build keeps for the next (Keep,
// then Write). Its methods may be called from many goroutines.
type StateShards[T any] struct {
	dir, folder string
	encode      func(w *StateEncoder, v T)
	prior       [StateShardCount]map[string]T

	mu      sync.Mutex
	next    [StateShardCount]map[string]T
	changed [StateShardCount]bool // next holds entries not in prior
}

// ReadStateShards reads the entries kept in folder of the state folder
// dir, as from says (StateNone starts from none): a file that is
// missing, damaged, or written by another build of intkb gives none of
// its entries. encode writes an entry; decode reads what encode wrote,
// and must stop once the decoder is bad. It returns nil when dir is "".
func ReadStateShards[T any](dir, folder string, from StateFrom, encode func(*StateEncoder, T), decode func(*StateDecoder) T) *StateShards[T] {
	if dir == "" {
		return nil
	}
	s := &StateShards[T]{dir: dir, folder: folder, encode: encode}
	for i := range s.next {
		s.next[i] = map[string]T{}
	}
	if from == StateNone {
		return s
	}
	parallel(StateShardCount, func(i int) {
		if data, ok := readStateBytes(dir, s.file(i), from); ok {
			s.prior[i] = decodeShard(data, decode)
		}
	})
	return s
}

// file returns the name, in the state folder, of shard i's file.
func (s *StateShards[T]) file(i int) string {
	return filepath.Join(s.folder, fmt.Sprintf("%02x", i))
}

// shardOf returns the shard that holds name's entry.
func shardOf(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32() % StateShardCount)
}

// Prior returns the entry the last build kept for name.
func (s *StateShards[T]) Prior(name string) (T, bool) {
	v, ok := s.prior[shardOf(name)][name]
	return v, ok
}

// Keep keeps v as name's entry for the next build; same reports that v is
// the entry Prior gave.
func (s *StateShards[T]) Keep(name string, v T, same bool) {
	i := shardOf(name)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next[i][name] = v
	if !same {
		s.changed[i] = true
	}
}

// Write writes the entries kept for the next build: the shards whose
// entries differ from those the last build kept.
func (s *StateShards[T]) Write() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs [StateShardCount]error
	parallel(StateShardCount, func(i int) {
		if s.changed[i] || len(s.next[i]) != len(s.prior[i]) {
			errs[i] = writeStateBytes(s.dir, s.file(i), encodeShard(s.next[i], s.encode))
		}
	})
	return errors.Join(errs[:]...)
}

// A shard's file holds a count, then each entry, by name in order (so
// that the same entries make the same file), as its name and what the
// kind's encode wrote. This reads and writes page bodies in a tenth of
// the time gob takes.

func encodeShard[T any](entries map[string]T, encode func(*StateEncoder, T)) []byte {
	var e StateEncoder
	e.Int(len(entries))
	for _, name := range slices.Sorted(maps.Keys(entries)) {
		e.Str(name)
		encode(&e, entries[name])
	}
	return e.b
}

// decodeShard returns the entries data holds, or none when it is not
// an encoding encodeShard made, to its end.
func decodeShard[T any](data []byte, decode func(*StateDecoder) T) map[string]T {
	d := StateDecoder{b: data}
	n := d.Count()
	entries := make(map[string]T, n)
	for range n {
		name := d.Str()
		v := decode(&d)
		if d.bad {
			return nil
		}
		entries[name] = v
	}
	if d.bad || len(d.b) != 0 {
		return nil
	}
	return entries
}

// A StateEncoder writes numbers and strings for a StateDecoder: each
// number, and each string's length before it, as a uvarint.
type StateEncoder struct{ b []byte }

func (e *StateEncoder) Int(n int) { e.b = binary.AppendUvarint(e.b, uint64(n)) }

// Int64 writes any 64-bit number, such as a size, a time or a file's
// mode, which Int cannot.
func (e *StateEncoder) Int64(n int64) { e.b = binary.AppendVarint(e.b, n) }

func (e *StateEncoder) Bool(v bool) {
	if v {
		e.Int(1)
	} else {
		e.Int(0)
	}
}

func (e *StateEncoder) Str(s string) {
	e.Int(len(s))
	e.b = append(e.b, s...)
}

func (e *StateEncoder) Bytes(b []byte) {
	e.Int(len(b))
	e.b = append(e.b, b...)
}

// Encoded returns what e has written.
func (e *StateEncoder) Encoded() []byte { return e.b }

// Reset forgets what e has written, keeping its space.
func (e *StateEncoder) Reset() { e.b = e.b[:0] }

// A StateDecoder reads what a StateEncoder wrote. Once what it reads does
// not fit, it is bad, and reads zeros from then on. What it reads shares
// the memory of the data it decodes, which must not change after: a
// state file's data (readStateBytes) is read into memory of its own, or
// mapped for the rest of the process's life.
type StateDecoder struct {
	b   []byte
	bad bool
}

func (d *StateDecoder) fail() {
	d.bad, d.b = true, nil
}

func (d *StateDecoder) Int() int {
	n, k := binary.Uvarint(d.b)
	if k <= 0 || n > math.MaxInt32 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return int(n)
}

// Int64 reads what StateEncoder.Int64 wrote.
func (d *StateDecoder) Int64() int64 {
	n, k := binary.Varint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return n
}

// Count reads a list's length, which cannot be more than the bytes left,
// since each item takes one at least, so that a damaged length cannot
// ask for more memory than the data holds.
func (d *StateDecoder) Count() int {
	n := d.Int()
	if n > len(d.b) {
		d.fail()
		return 0
	}
	return n
}

func (d *StateDecoder) Bool() bool { return d.Int() == 1 }

// Str reads what StateEncoder.Str wrote, as a part of the data being
// decoded: the string is not copied (decoding the kept bodies at 10,000
// pages copied some 100 MB), and keeps the data alive while it is.
func (d *StateDecoder) Str() string {
	b := d.Bytes()
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// Bytes reads what StateEncoder.Bytes or Str wrote, as a part of the
// data being decoded, which it must not change.
func (d *StateDecoder) Bytes() []byte {
	n := d.Int()
	if n > len(d.b) {
		d.fail()
		return nil
	}
	b := d.b[:n:n]
	d.b = d.b[n:]
	return b
}

// NewStateDecoder returns a decoder of data, such as a part Bytes gave.
func NewStateDecoder(data []byte) *StateDecoder { return &StateDecoder{b: data} }

// Done reports whether d read all its data, and all of it fitted.
func (d *StateDecoder) Done() bool { return !d.bad && len(d.b) == 0 }

// StateList returns a list of n items, nil for none, for a list
// decoded from a StateDecoder.
func StateList[T any](n int) []T {
	if n == 0 {
		return nil
	}
	return make([]T, n)
}
