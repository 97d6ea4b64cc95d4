package static

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"

	"intkb/builder"

	"golang.org/x/sync/errgroup"
)

// A build may keep its static index for the next (Index.Keep): each
// page's URL, in page order, and the key its maker gave it (Page.Key);
// a digest of the facets' values; each term's file as written, which
// holds its postings; and what each pack and positions file held, with
// the sums of its JSON (keptPackFile), so that one whose terms' files are
// all as kept is not made again (packTerms). The next build's pages whose keys are those kept
// under their URLs need not be analysed (Kept.Has): they come as
// Page.Kept, and their postings are read back from the kept terms'
// files. Only the files of the terms whose postings change are encoded
// again: the terms that the pages added or changed hold, and those that
// the pages changed, removed or renumbered held (pages are numbered in
// URL order, so a page added or removed renumbers those after it). When
// a facet's values change, which renumbers them in every term's facet
// counts, every term is encoded again, from the kept postings and the
// new pages'. The index written is the one a build from nothing would
// write, byte for byte; this package's and package search's tests check
// it. The kept index is a state file (builder.ReadStateBytes): one
// written by another build of intkb, or damaged, reads as none, and so
// does one whose terms' files do not all read back, and then every page
// is analysed.

// keptFile is the kept static index's state file, in the state folder.
const keptFile = "static-index"

// Kept is the static index a build kept, as the next build reads it.
type Kept struct {
	ready chan struct{} // closed once base is read
	base  *keptBase     // nil when there is none to take
}

// keptBase is what Kept holds once read.
type keptBase struct {
	urls    []string
	keys    [][sha256.Size]byte
	files   []fileSums // of each page's record (writeDocs)
	units   []int32    // each record's size in recordUnit (writeDocs)
	records []uint64   // the FNV-1a of each page's facet record (writeFacets)
	byURL   map[string]int32
	facets  [sha256.Size]byte // facetsDigest of the kept index's facet values
	terms   []keptTerm        // sorted by term
	packs   []keptPackFile    // what each pack held (packTerms)
	xs      []keptPackFile    // what each positions file held
	dict    []keptEntry       // the dictionary's entries, by key (keptList)
	typos   [2]int            // the typo rules its deletions followed
}

// keptEntry is an entry of a kept index's dictionary: its key, the
// term's number in keptBase.terms or -1 for a key that is only a
// deletion, and the terms it is a deletion of, sorted.
type keptEntry struct {
	key  string
	term int32
	fuzz []string
}

// keptTerm is one term of a kept index: its pages in each field and its
// file, which holds the postings.
type keptTerm struct {
	term string
	dfs  [fieldCount]int32
	enc  encodedTerm
	docs []int32 // the pages that hold it, in any field, in order
}

// ReadKept reads the static index kept in the state folder dir, as from
// says, on a goroutine of its own; Has waits for it. A dir of "" keeps
// nothing.
func ReadKept(dir string, from builder.StateFrom) *Kept {
	k := &Kept{ready: make(chan struct{})}
	go func() {
		defer close(k.ready)
		if data, ok := builder.ReadStateBytes(dir, keptFile, from); ok {
			k.base = decodeKept(data)
		}
	}()
	return k
}

// Has reports whether the kept index has a page at url whose key is key:
// then the page may be added as Page.Kept, without its Fields.
func (k *Kept) Has(url string, key [sha256.Size]byte) bool {
	b := k.wait()
	if b == nil {
		return false
	}
	i, ok := b.byURL[url]
	return ok && b.keys[i] == key
}

func (k *Kept) wait() *keptBase {
	if k == nil {
		return nil
	}
	<-k.ready
	return k.base
}

// fileOf returns the number in b of the page of d's URL and key, whose
// file's JSON is d's (b.files), reporting whether b holds it. A nil b
// holds none, and no page without a key is taken for another.
func (b *keptBase) fileOf(d *Page) (int32, bool) {
	if b == nil || d.Key == ([sha256.Size]byte{}) {
		return 0, false
	}
	i, ok := b.byURL[d.URL]
	return i, ok && b.keys[i] == d.Key
}

// facetsDigest returns the digest of a static index's facet values (Meta.Facets).
func facetsDigest(facets map[string][]string) [sha256.Size]byte {
	b, _ := json.Marshal(facets) // map keys sorted: the same values give the same bytes
	return sha256.Sum256(b)
}

// writeKept writes to w the kept form of an index of docs, as write
// wrote it (out: its pages' records' sums and sizes, its facet values, its
// dictionary, packs and positions files), for decodeKept.
func writeKept(w io.Writer, docs []*Page, out *written) error {
	files, facets, list := out.docs, out.facets, out.list
	if len(files) != len(docs) || len(out.records) != len(docs) || len(out.units) != len(docs) {
		return fmt.Errorf("static index: %d pages' records, %d sizes and %d facet records summed, not %d", len(files), len(out.units), len(out.records), len(docs))
	}
	var e builder.StateEncoder
	flush := func(at int) error {
		if len(e.Encoded()) < at {
			return nil
		}
		_, err := w.Write(e.Encoded())
		e.Reset()
		return err
	}
	e.Int(len(docs))
	for i, d := range docs {
		e.Str(d.URL)
		e.Bytes(d.Key[:])
		e.Bytes(binary.BigEndian.AppendUint64(nil, files[i].fnv))
		e.Bytes(files[i].sha[:])
		e.Int(int(out.units[i]))
		e.Bytes(binary.BigEndian.AppendUint64(nil, out.records[i]))
	}
	fd := facetsDigest(facets)
	e.Bytes(fd[:])
	n := 0
	for _, en := range list {
		if en.term != nil {
			n++
		}
	}
	e.Int(n)
	for _, en := range list {
		if en.term == nil {
			continue
		}
		e.Str(en.key)
		for _, df := range en.term.dfs {
			e.Int(int(df))
		}
		if en.enc.inline != nil {
			e.Int(0)
			e.Bytes(en.enc.inline)
		} else {
			e.Int(1)
			e.Bytes(en.enc.postings)
			e.Bytes(en.enc.positions)
		}
		if err := flush(1 << 16); err != nil {
			return err
		}
	}
	for _, fs := range [][]*keptPackFile{out.packs, out.xs} {
		e.Int(len(fs))
		for _, f := range fs {
			e.Str(f.first)
			e.Str(f.last)
			e.Int(f.terms)
			e.Int(f.x)
			e.Bytes(binary.BigEndian.AppendUint64(nil, f.sums.fnv))
			e.Bytes(f.sums.sha[:])
		}
		if err := flush(1 << 16); err != nil {
			return err
		}
	}
	e.Int(out.typos[0])
	e.Int(out.typos[1])
	e.Int(len(list))
	t := 0
	for _, en := range list {
		e.Str(en.key)
		if en.term != nil {
			t++
			e.Int(t) // the term's number, from 1
		} else {
			e.Int(0)
		}
		e.Int(len(en.fuzz))
		for _, f := range en.fuzz {
			e.Str(f)
		}
		if err := flush(1 << 16); err != nil {
			return err
		}
	}
	return flush(0)
}

// decodeKept reads what writeKept wrote, or returns nil when any of it
// does not read back whole: a term's file, its postings and its
// positions must agree with each other and with the pages.
func decodeKept(data []byte) *keptBase {
	d := builder.NewStateDecoder(data)
	n := d.Count()
	b := &keptBase{urls: make([]string, n), keys: make([][sha256.Size]byte, n), files: make([]fileSums, n), units: make([]int32, n), records: make([]uint64, n), byURL: make(map[string]int32, n)}
	for i := range n {
		b.urls[i] = d.Str()
		if copy(b.keys[i][:], d.Bytes()) != sha256.Size {
			return nil
		}
		sum := d.Bytes()
		if len(sum) != 8 || copy(b.files[i].sha[:], d.Bytes()) != sha256.Size {
			return nil
		}
		b.files[i].fnv = binary.BigEndian.Uint64(sum)
		if b.units[i] = int32(d.Int()); b.units[i] <= 0 {
			return nil
		}
		record := d.Bytes()
		if len(record) != 8 {
			return nil
		}
		b.records[i] = binary.BigEndian.Uint64(record)
		if i > 0 && b.urls[i-1] >= b.urls[i] {
			return nil
		}
		b.byURL[b.urls[i]] = int32(i)
	}
	if copy(b.facets[:], d.Bytes()) != sha256.Size {
		return nil
	}
	b.terms = builder.StateList[keptTerm](d.Count())
	for i := range b.terms {
		t := &b.terms[i]
		t.term = d.Str()
		for f := range t.dfs {
			t.dfs[f] = int32(d.Int())
		}
		switch d.Int() {
		case 0:
			t.enc.inline = d.Bytes()
		case 1:
			t.enc.postings = d.Bytes()
			if p := d.Bytes(); len(p) > 0 {
				t.enc.positions = p
			}
		default:
			return nil
		}
		if i > 0 && b.terms[i-1].term >= t.term {
			return nil
		}
	}
	for _, fs := range []*[]keptPackFile{&b.packs, &b.xs} {
		*fs = make([]keptPackFile, d.Count())
		for i := range *fs {
			f := &(*fs)[i]
			f.first, f.last, f.terms, f.x = d.Str(), d.Str(), d.Int(), d.Int()
			sum := d.Bytes()
			if len(sum) != 8 || copy(f.sums.sha[:], d.Bytes()) != sha256.Size {
				return nil
			}
			f.sums.fnv = binary.BigEndian.Uint64(sum)
		}
	}
	b.typos = [2]int{d.Int(), d.Int()}
	b.dict = builder.StateList[keptEntry](d.Count())
	for i := range b.dict {
		en := &b.dict[i]
		en.key, en.term = d.Str(), int32(d.Int()-1)
		if en.term >= int32(len(b.terms)) || en.term >= 0 && b.terms[en.term].term != en.key || i > 0 && b.dict[i-1].key >= en.key {
			return nil
		}
		en.fuzz = builder.StateList[string](d.Count())
		for j := range en.fuzz {
			en.fuzz[j] = d.Str()
		}
	}
	if !d.Done() {
		return nil
	}
	// Every term's file is read back now, on every core, so that a file
	// that does not read whole makes the kept index none before any page
	// is taken from it.
	if b.readDocs() != nil {
		return nil
	}
	return b
}

// readDocs reads each kept term's file for the pages that hold it (its
// docs), on every core, a few chunks of the terms a core. It returns
// errKept when a term's file does not read whole.
func (b *keptBase) readDocs() error {
	var g errgroup.Group
	workers := runtime.GOMAXPROCS(0)
	size := max(1, (len(b.terms)+4*workers-1)/(4*workers))
	for start := 0; start < len(b.terms); start += size {
		g.Go(func() error {
			var docs, merged []int32
			for i := start; i < min(start+size, len(b.terms)); i++ {
				t := &b.terms[i]
				fs, xs, ok := t.enc.read()
				if !ok {
					return errKept
				}
				docs = docs[:0]
				var runs [fieldCount + 1]int
				for f := range fieldCount {
					runs[f] = len(docs)
					if docs, ok = appendDocs(docs, fs[f], xs[f], len(b.urls)); !ok {
						return errKept
					}
				}
				runs[fieldCount] = len(docs)
				merged = mergeRuns(merged[:0], docs, runs)
				t.docs = slices.Clone(merged)
			}
			return nil
		})
	}
	return g.Wait()
}

// mergeRuns appends to out the pages of docs, each once, in order. Each
// field's pages, docs[runs[f]:runs[f+1]], are in order already, as a
// field's postings list them: merging them costs a read of each, where
// sorting them all took 0.09 s of each build at 10,000 pages, most terms
// being in the body alone.
func mergeRuns(out, docs []int32, runs [fieldCount + 1]int) []int32 {
	var at, end [fieldCount]int
	k := 0
	for f := range fieldCount {
		if runs[f] < runs[f+1] {
			at[k], end[k] = runs[f], runs[f+1]
			k++
		}
	}
	for k > 0 {
		m := 0
		for j := 1; j < k; j++ {
			if docs[at[j]] < docs[at[m]] {
				m = j
			}
		}
		if d := docs[at[m]]; len(out) == 0 || out[len(out)-1] != d {
			out = append(out, d)
		}
		if at[m]++; at[m] == end[m] {
			k--
			at[m], end[m] = at[k], end[k]
		}
	}
	return out
}

// errKept says a kept index does not read back whole.
var errKept = errors.New("the kept static index does not read back")

// read returns the postings and positions of each field in the term's
// file, as encodeTerm wrote it, and reports whether it could find them.
func (enc encodedTerm) read() (f, x [fieldCount][]byte, ok bool) {
	b := enc.inline
	if b == nil {
		b = enc.postings
	}
	rest, ok := cut(b, `{"f":`)
	if !ok {
		return f, x, false
	}
	if rest, ok = readStrings(rest, &f); !ok {
		return f, x, false
	}
	if after, ok := cut(rest, `,"x":`); ok {
		_, ok = readStrings(after, &x)
		return f, x, ok && enc.positions == nil
	}
	if enc.inline != nil || enc.positions == nil {
		return f, x, false
	}
	rest, ok = readStrings(enc.positions, &x)
	return f, x, ok && len(rest) == 0
}

// cut returns b after prefix, and whether b starts with it.
func cut(b []byte, prefix string) ([]byte, bool) {
	if len(b) < len(prefix) || string(b[:len(prefix)]) != prefix {
		return nil, false
	}
	return b[len(prefix):], true
}

// readStrings reads a JSON list of fieldCount strings of the text varint
// (which need no escapes) at the start of b into out, returning what
// follows.
func readStrings(b []byte, out *[fieldCount][]byte) ([]byte, bool) {
	b, ok := cut(b, "[")
	if !ok {
		return nil, false
	}
	for i := range fieldCount {
		if i > 0 {
			if b, ok = cut(b, ","); !ok {
				return nil, false
			}
		}
		if b, ok = cut(b, `"`); !ok {
			return nil, false
		}
		end := bytes.IndexByte(b, '"')
		if end < 0 {
			return nil, false
		}
		// Every character of the alphabet, checked without a branch a
		// character: the values of the others are negative.
		var bad int8
		for _, c := range b[:end] {
			bad |= v64Value[c]
		}
		if bad < 0 {
			return nil, false
		}
		out[i] = b[:end:end]
		b = b[end+1:]
	}
	return cut(b, "]")
}

// v64Last is 1 for each character of the text varint's alphabet (v64)
// that ends a number, its first half, and 0 for the others.
var v64Last = func() (t [256]uint8) {
	for i := range 32 {
		t[v64[i]] = 1
	}
	return t
}()

// v64Value is the value of each character of the text varint's alphabet
// (v64), -1 for the others.
var v64Value = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := range len(v64) {
		t[v64[i]] = int8(i)
	}
	return t
}()

// nextV64 reads a number of the text varint at the start of b and returns
// it and what follows, or ok false when b does not start with one.
func nextV64(b []byte) (n int, rest []byte, ok bool) {
	shift := 0
	for i, c := range b {
		v := int(v64Value[c])
		if v < 0 || shift > 30 {
			return 0, nil, false
		}
		if v < 32 {
			return n | v<<shift, b[i+1:], true
		}
		n |= (v - 32) << shift
		shift += 5
	}
	return 0, nil, false
}

// appendDocs appends to docs the page of each posting of a field of a
// term's file, f its postings and x its positions, and reports whether
// they read whole: every page below pages, and as many positions as the
// postings say. It reads as eachPosting does, but only counts the
// positions.
func appendDocs(docs []int32, f, x []byte, pages int) ([]int32, bool) {
	doc, positions := 0, 0
	for len(f) > 0 {
		var delta, n int
		var ok bool
		if delta, n, _, f, ok = nextPosting(f); !ok {
			return docs, false
		}
		if doc += delta; doc >= pages {
			return docs, false
		}
		docs = append(docs, int32(doc))
		positions += n
	}
	// Each number ends at a character of the alphabet's first half. x
	// holds the alphabet's characters only (readStrings): they are
	// counted without a branch a character, which at 10,000 pages took a
	// third of the time reading every term's file took.
	for _, c := range x {
		positions -= int(v64Last[c])
	}
	return docs, positions == 0 && (len(x) == 0 || v64Last[x[len(x)-1]] == 1)
}

// nextPosting reads the (page delta, term frequency, field length) triple
// of a posting at the start of f, a field's postings in a term's file,
// and returns it and what follows, or ok false when f does not start with
// one: a posting has one position at least.
func nextPosting(f []byte) (delta, n, length int, rest []byte, ok bool) {
	if delta, f, ok = nextV64(f); !ok {
		return
	}
	if n, f, ok = nextV64(f); !ok || n == 0 {
		return 0, 0, 0, nil, false
	}
	length, rest, ok = nextV64(f)
	return
}

// eachPosting calls fn with each posting of a field of a term's file: f,
// its (page delta, term frequency, field length) triples, and x, the
// positions, n for each posting, as deltas. fn is given the posting's
// positions as the deltas packed as uvarints, in scratch space valid
// until it returns. It reports whether f and x read whole, and fn
// returned true for each.
func eachPosting(f, x []byte, fn func(doc int32, n, length int, positions []byte) bool) bool {
	doc := 0
	var packed []byte
	for len(f) > 0 {
		var delta, n, length int
		var ok bool
		if delta, n, length, f, ok = nextPosting(f); !ok {
			return false
		}
		doc += delta
		packed = packed[:0]
		for range n {
			var q int
			if q, x, ok = nextV64(x); !ok {
				return false
			}
			packed = binary.AppendUvarint(packed, uint64(q))
		}
		if !fn(int32(doc), n, length, packed) {
			return false
		}
	}
	return len(x) == 0
}

// keptPlan is how an index is made from a kept one: which kept pages'
// postings it takes, numbered how, and which kept terms' files are
// encoded again.
type keptPlan struct {
	base *keptBase
	// newDoc is each kept page's number in the index, or -1 when its
	// postings are not taken: it is gone, or came again with its terms.
	newDoc   []int32
	affected []bool // by kept term: its file is encoded again
	alive    []bool // by kept term: a page the index takes holds it
	// renumbered is, by kept term, whether a page that holds it and is
	// taken has another number now: its postings are then decoded and
	// encoded again whole, rather than spliced (keptPlan.splice).
	renumbered []bool
	// same is, by kept page, whether it came again with its terms under
	// its own number and with the facets it had: its postings of a term
	// may then be as kept (keptPlan.unchanged). lastChanged is the last
	// kept page not taken under its own number: a term's postings past
	// it are as kept. all says every facet's values were renumbered, and
	// then no term's file is as kept.
	same        []bool
	lastChanged int32
	all         bool
}

// plan returns how the index of docs, whose facet values are facets,
// is made from b. Every page of docs given as Kept is in b, with its
// key (Index.Write checks it).
// records are the FNV-1a of each page's facet record (writeFacets).
func (b *keptBase) plan(docs []*Page, facets map[string][]string, records []uint64) *keptPlan {
	p := &keptPlan{base: b, newDoc: make([]int32, len(b.urls)), affected: make([]bool, len(b.terms)), alive: make([]bool, len(b.terms)), renumbered: make([]bool, len(b.terms)), same: make([]bool, len(b.urls)), lastChanged: -1}
	for i := range p.newDoc {
		p.newDoc[i] = -1
	}
	for n, d := range docs {
		k, ok := b.byURL[d.URL]
		switch {
		case d.Kept:
			p.newDoc[k] = int32(n)
		case ok && int(k) == n && b.records[k] == records[n]:
			p.same[k] = true
		}
	}
	// A term's file changes when a page holding it is renumbered or
	// dropped, and when the facets' values are renumbered, since it
	// counts them. An edit drops the edited page; a page added or
	// removed renumbers those after it.
	p.all = facetsDigest(facets) != b.facets
	// The kept pages not taken under their own number: after a one-page
	// edit, one. A term's pages are looked up among them, in order, rather
	// than each read: at 10,000 pages, reading every term's pages took
	// 0.05 s of every such build, on one core.
	var changed []int32
	for d, n := range p.newDoc {
		if n != int32(d) {
			changed = append(changed, int32(d))
			p.lastChanged = int32(d)
		}
	}
	for t := range b.terms {
		docs := b.terms[t].docs
		dropped := 0
		note := func(d int32) {
			p.affected[t] = true
			if p.newDoc[d] < 0 {
				dropped++
			} else {
				p.renumbered[t] = true
			}
		}
		if len(changed) <= maxLookups {
			for _, d := range changed {
				if _, found := slices.BinarySearch(docs, d); found {
					note(d)
				}
			}
		} else {
			for _, d := range docs {
				if p.newDoc[d] != d {
					note(d)
				}
			}
		}
		p.affected[t] = p.affected[t] || p.all
		p.alive[t] = len(docs) > dropped
	}
	return p
}

// maxLookups is how many kept pages taken under another number, or not
// at all, plan looks up in each term's pages (in order: a binary
// search each), rather than read them all.
const maxLookups = 16

// unchanged reports whether a kept term, none of whose pages the index
// takes under another number, has the file it had: news, its postings
// of the pages analysed again, sorted by page in each field, are those
// its file, f and x, holds of them, and each of those pages is one of
// same. Its facet counts are then those it had too. At 10,000 pages,
// after a paragraph added to a page, most of the page's 400 terms are
// so, and splicing their postings (keptPlan.splice), for the same file,
// took 0.1 s of CPU in each such build: this reads the postings only up
// to lastChanged, and decodes of the positions only those pages' own,
// counting the numbers before them by their last characters.
func (p *keptPlan) unchanged(f, x [fieldCount][]byte, news [fieldCount][]posting) bool {
	if p.all {
		return false
	}
	for fi := range fieldCount {
		fb, xb, rest := f[fi], x[fi], news[fi]
		doc, before, read := 0, 0, 0 // the last page read, the positions before it, and the positions read past
		for len(fb) > 0 && doc <= int(p.lastChanged) {
			delta, n, length, after, ok := nextPosting(fb)
			if !ok {
				return false
			}
			doc += delta
			fb = after
			if p.newDoc[doc] >= 0 {
				before += n
				continue
			}
			if !p.same[doc] || len(rest) == 0 || int(rest[0].doc) != doc || rest[0].n != n || int(rest[0].length) != length {
				return false
			}
			// The page's positions: past the positions before them,
			// each number ending at a character of the alphabet's first
			// half, then each as the posting has it.
			for ; read < before && len(xb) > 0; xb = xb[1:] {
				read += int(v64Last[xb[0]])
			}
			packed := rest[0].positions
			for range n {
				q, more, ok := nextV64(xb)
				w, k := binary.Uvarint(packed)
				if !ok || k <= 0 || uint64(q) != w {
					return false
				}
				xb, packed = more, packed[k:]
			}
			before += n
			read = before
			rest = rest[1:]
		}
		if len(rest) > 0 {
			return false // a page analysed again holds it in this field now
		}
	}
	return true
}

// splice returns the postings and positions of a field of a kept term,
// f and x as its file holds them, none of whose pages the index takes
// under another number (renumbered), with those the index does not take
// left out and news, the postings of the pages analysed again, sorted by
// page, in their places: as encodeTerm would encode them all, but
// copying each kept posting's bytes as they are, its page's delta
// encoded again only when the posting before it changed. It counts each
// posting's page in c, and returns how many postings there are. At
// 10,000 pages, decoding and encoding again whole the postings of the
// terms a one-page edit changes took most of encoding's 0.25 s.
func (p *keptPlan) splice(f, x []byte, news []posting, c *facetCounter) (fo, xo []byte, count int) {
	fo = make([]byte, 0, len(f)+8*len(news))
	xo = make([]byte, 0, len(x)+8*len(news))
	emit := func(ps posting, prev int) {
		fo, xo = appendPosting(fo, xo, ps, prev)
		c.add(ps.doc)
		count++
	}
	out, doc := 0, 0 // the last page written, and the last kept one read
	for len(f) > 0 {
		delta, afterDelta, _ := nextV64(f)
		_, n, _, rest, _ := nextPosting(f) // read whole when the kept index was (decodeKept)
		before := doc
		doc += delta
		positions := x
		for range n {
			_, x, _ = nextV64(x)
		}
		for len(news) > 0 && int(news[0].doc) < doc {
			emit(news[0], out)
			out, news = int(news[0].doc), news[1:]
		}
		if p.newDoc[doc] < 0 {
			f = rest
			continue // not taken: the page is gone, or came again with its terms
		}
		if out == before {
			fo = append(fo, f[:len(f)-len(rest)]...)
		} else {
			fo = appendV64(fo, doc-out)
			fo = append(fo, afterDelta[:len(afterDelta)-len(rest)]...)
		}
		xo = append(xo, positions[:len(positions)-len(x)]...)
		c.add(int32(doc))
		count++
		out, f = doc, rest
	}
	for _, ps := range news {
		emit(ps, out)
		out = int(ps.doc)
	}
	return fo, xo, count
}

// appendPostings appends to out the postings of a field of a kept term
// (its file's f and x) that the index takes, numbered as in it, their
// positions in slab, and returns both.
func (p *keptPlan) appendPostings(f, x []byte, out []posting, slab []byte) ([]posting, []byte) {
	eachPosting(f, x, func(doc int32, n, length int, positions []byte) bool {
		if nd := p.newDoc[doc]; nd >= 0 {
			start := len(slab)
			slab = append(slab, positions...)
			out = append(out, posting{doc: nd, length: int32(length), n: n, positions: slab[start:len(slab):len(slab)]})
		}
		return true
	})
	return out, slab
}
