package search

import (
	"crypto/sha256"
	"path/filepath"
	"slices"

	"intkb/builder"
	"intkb/search/static"
)

// A build that updates the Bleve index an earlier build kept
// (NewIndexesFrom) also keeps, in the state folder's termsStateDir, each
// page's text fields as the static index takes them: its terms, their
// positions and the fields' lengths, under the digest of the page's
// document (docDigest), by the page's URL (see builder.StateShards). The
// next such build analyses a page only when its document's digest is not
// the one kept, or when the Bleve update must index it again (the kept
// index's table of documents gives another digest, or none): a page
// whose document is the same is given to the static index as kept, and
// left out of the Bleve update. The analysis is the program's, whose
// digest heads every state file, so the same document always analyses
// the same. Should the Bleve update fall back to an index made from
// nothing after all (the kept index will not open), the pages not
// analysed are analysed as it indexes them. A build that makes the
// Bleve index from nothing keeps no terms: holding every page's until
// the end would raise its peak memory by a tenth, so the first update
// after it analyses every page.

// termsStateDir is the folder, in the state folder, of the kept terms.
const termsStateDir = "terms"

// keptFields is a page's text fields as the static index takes them,
// and the digest of the page's document.
type keptFields struct {
	digest [sha256.Size]byte
	fields staticFields
}

// staticFields are a page's text fields as the static index takes them
// (static.Page.Fields).
type staticFields = [len(static.Page{}.Fields)]static.Field

// keptTerms is what the last build kept of its pages' terms, and what
// this one keeps for the next. Each page's is kept encoded
// (encodeKeptFields), and decoded only when it is used: decoded, the
// terms of 10,000 pages would take several times the memory.
type keptTerms struct {
	ready  chan struct{} // closed once shards is read
	shards *builder.StateShards[[]byte]
}

// readKeptTerms reads the terms kept in the state folder dir, on its own
// goroutine: the methods wait for them.
func readKeptTerms(dir string) *keptTerms {
	k := &keptTerms{ready: make(chan struct{})}
	go func() {
		k.shards = builder.ReadStateShards(dir, termsStateDir, false,
			func(e *builder.StateEncoder, b []byte) { e.Bytes(b) },
			func(d *builder.StateDecoder) []byte { return d.Bytes() })
		close(k.ready)
	}()
	return k
}

// get returns the fields kept for the page at url when its document's
// digest is sum, and notes that this build keeps them for the next.
func (k *keptTerms) get(url string, sum [sha256.Size]byte) *keptFields {
	<-k.ready
	b, ok := k.shards.Prior(url)
	if !ok {
		return nil
	}
	kf := decodeKeptFields(b)
	if kf == nil || kf.digest != sum {
		return nil
	}
	k.shards.Keep(url, b, true)
	return kf
}

// keep keeps kf, new to this build, as the page's fields for the next.
func (k *keptTerms) keep(url string, kf *keptFields) {
	<-k.ready
	k.shards.Keep(url, encodeKeptFields(kf), false)
}

// write writes what changed for the next build.
func (k *keptTerms) write() error {
	<-k.ready
	return k.shards.Write()
}

// termsDir returns the state folder of the kept Bleve index kept.
func termsDir(kept string) string { return filepath.Dir(kept) }

// fieldsOf returns p's analysed text fields as the static index takes
// them.
func fieldsOf(p *analysedPage) staticFields {
	var out staticFields
	for i := range p.fields {
		f := &p.fields[i]
		n := 0
		for _, tf := range f.freqs {
			n += len(tf.Locations)
		}
		slab := make([]int32, 0, n)
		terms := make([]static.Term, 0, len(f.freqs))
		for term, tf := range f.freqs {
			start := len(slab)
			for _, l := range tf.Locations {
				slab = append(slab, int32(l.Position))
			}
			terms = append(terms, static.Term{Term: term, Positions: slab[start:len(slab):len(slab)]})
		}
		out[i] = static.Field{Length: f.length, Terms: terms}
	}
	return out
}

// encodeKeptFields returns kf encoded for decodeKeptFields: the digest,
// then each field's length and terms, each term's positions as its
// distance from the one before.
func encodeKeptFields(kf *keptFields) []byte {
	var e builder.StateEncoder
	e.Bytes(kf.digest[:])
	for _, f := range kf.fields {
		e.Int(f.Length)
		e.Int(len(f.Terms))
		for _, t := range f.Terms {
			e.Str(t.Term)
			e.Int(len(t.Positions))
			last := int32(0)
			for _, p := range t.Positions {
				e.Int(int(p - last))
				last = p
			}
		}
	}
	// Exactly as long as it is: a cold build holds every page's.
	return slices.Clone(e.Encoded())
}

// decodeKeptFields returns what encodeKeptFields wrote, or nil when b is
// not that to its end. Each field's positions share one list.
func decodeKeptFields(b []byte) *keptFields {
	d := builder.NewStateDecoder(b)
	kf := &keptFields{}
	if copy(kf.digest[:], d.Bytes()) != sha256.Size {
		return nil
	}
	for i := range kf.fields {
		f := &kf.fields[i]
		f.Length = d.Int()
		f.Terms = builder.StateList[static.Term](d.Count())
		var slab []int32
		for j := range f.Terms {
			t := &f.Terms[j]
			t.Term = d.Str()
			n := d.Count()
			start := len(slab)
			last := int32(0)
			for range n {
				last += int32(d.Int())
				slab = append(slab, last)
			}
			t.Positions = slab[start:len(slab):len(slab)]
		}
	}
	if !d.Done() {
		return nil
	}
	return kf
}
