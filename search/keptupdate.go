package search

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"intkb/builder"
)

// A build that keeps its Bleve index (KeptIndexDir) starts the next
// build's index from a copy of it rather than from nothing, when the
// kept index says, in its table of documents, that this program made it:
// the table gives the digest of each page's document as indexed
// (docDigest), and only the pages whose documents changed are indexed
// again, and those no longer published deleted. The index is then merged
// into one segment, as an index made from nothing is, which drops what
// the changed and deleted documents left behind: every statistic a
// score reads (how many documents, how many hold each term, how many
// terms each field has) is then what an index made from nothing gives,
// so a query scores and finds the same. Anything amiss (no table, one
// another program wrote, damaged or cut short, an index that will not
// open) and the index is made from nothing, as it is with --clean.

// docTableFile is the table of documents, in an index's folder beside
// Bleve's own files.
const docTableFile = "intkb-documents.gob"

// docTable is what docTableFile holds.
type docTable struct {
	Docs map[string][sha256.Size]byte // by document id (the page's URL)
	// Store is the CRC-32C of each file of the index's store, as the
	// build that wrote the table left them. Bleve opens a segment file
	// whose postings are damaged, and reads them wrong or fails a query
	// later, so the files are checked before the index is taken.
	Store map[string]uint32
}

// storeSums returns the CRC-32C of each file of the store of the index
// in dir, by name. Castagnoli's polynomial, which the processor computes,
// checks 60 MB in about 10 ms.
func storeSums(dir string) (map[string]uint32, error) {
	store := filepath.Join(dir, indexStore)
	entries, err := os.ReadDir(store)
	if err != nil {
		return nil, err
	}
	sums := make(map[string]uint32, len(entries))
	table := crc32.MakeTable(crc32.Castagnoli)
	for _, e := range entries {
		if !e.Type().IsRegular() {
			return nil, fmt.Errorf("%s: not a file", filepath.Join(store, e.Name()))
		}
		f, err := os.Open(filepath.Join(store, e.Name()))
		if err != nil {
			return nil, err
		}
		h := crc32.New(table)
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, err
		}
		sums[e.Name()] = h.Sum32()
	}
	return sums, nil
}

// docDigest returns the digest of what the index holds of p: everything
// bleveDocument reads but the analysis of its text, which the program
// (the table's maker) decides, and the document's Body and Parts, which
// are made from its sections and Tail (fill). Each of the document's
// fields is written with its length; TestDocDigestReadsEveryField
// checks that none is left out.
func docDigest(p *analysedPage) [sha256.Size]byte {
	h := sha256.New()
	d := &p.doc
	for _, s := range []string{d.URL, d.Title, d.Summary, d.Headings, d.Tail, d.Updated.Format(time.RFC3339Nano), strconv.FormatBool(d.Help)} {
		builder.DigestField(h, s)
	}
	builder.DigestInt(h, len(d.Facets))
	for _, vs := range d.Facets {
		builder.DigestInt(h, len(vs))
		for _, v := range vs {
			builder.DigestField(h, v)
		}
	}
	builder.DigestInt(h, len(p.parts))
	for _, pt := range p.parts {
		builder.DigestField(h, pt.ID)
		builder.DigestField(h, pt.Heading)
		builder.DigestField(h, pt.Text)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// keptUpdate is an index being brought from a kept one to this build's
// pages.
type keptUpdate struct {
	idx     bleve.Index
	old     map[string][sha256.Size]byte
	batch   *bleve.Batch
	indexed int           // documents indexed again
	deleted int           // documents deleted
	last    *analysedPage // the last page added, to index again when the update only deletes
}

// openKept copies the index kept at kept, whose table of documents is
// docs, into dir, which must not exist, and opens the copy to update,
// or returns nil (and leaves no dir) when the kept index cannot be
// taken. Bleve's segment files are never
// changed once written, so the copy links them where the file system
// can; its store's root is copied.
func openKept(kept string, docs map[string][sha256.Size]byte, dir string) *keptUpdate {
	isTable := func(rel string) bool { return rel == docTableFile }
	isSegment := func(rel string) bool { return strings.HasSuffix(rel, ".zap") }
	if err := copyTree(kept, dir, isTable, isSegment); err != nil {
		os.RemoveAll(dir)
		return nil
	}
	idx, err := bleve.Open(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil
	}
	return &keptUpdate{idx: idx, old: docs, batch: idx.NewBatch()}
}

// readDocTable returns the table of documents of the kept index kept,
// or nil when it has none that this program wrote, whole, or when the
// index's store is not as the build that wrote the table left it.
func readDocTable(kept string) map[string][sha256.Size]byte {
	var table docTable
	if !builder.ReadState(kept, docTableFile, &table) || table.Store == nil {
		return nil
	}
	if sums, err := storeSums(kept); err != nil || !maps.Equal(sums, table.Store) {
		return nil
	}
	return table.Docs
}

// reindexes reports whether an update of the kept index would index the
// page at url, whose document's digest is sum, again: whether the kept
// index holds another document for it, or none, or there is no kept
// index to update.
func (w *Writer) reindexes(url string, sum [sha256.Size]byte) bool {
	old, ok := w.keptDocs[url]
	return !ok || old != sum
}

// add indexes p again, whose document's digest is sum, unless the kept
// index holds the same document.
func (u *keptUpdate) add(p *analysedPage, sum [sha256.Size]byte) error {
	u.last = p
	if old, ok := u.old[p.doc.URL]; ok && old == sum {
		return nil
	}
	if err := u.batch.IndexAdvanced(bleveDocument(p.doc.URL, p)); err != nil {
		return err
	}
	u.indexed++
	if u.batch.Size() >= batchSize {
		if err := u.idx.Batch(u.batch); err != nil {
			return err
		}
		u.batch.Reset()
	}
	return nil
}

// finish deletes the documents of the kept index that this build's pages
// (docs) no longer hold and, when anything changed, merges the index into
// one segment; it closes the index in dir, and checks what it left on
// disk (settle).
func (u *keptUpdate) finish(dir string, docs map[string][sha256.Size]byte) error {
	err := u.update(docs)
	if cerr := u.idx.Close(); err == nil {
		err = cerr
	}
	if err == nil && (u.indexed > 0 || u.deleted > 0) {
		err = settle(dir)
	}
	return err
}

func (u *keptUpdate) update(docs map[string][sha256.Size]byte) error {
	for id := range u.old {
		if _, ok := docs[id]; !ok {
			u.batch.Delete(id)
			u.deleted++
		}
	}
	if u.indexed == 0 && u.deleted == 0 {
		return nil
	}
	if u.indexed == 0 && u.last != nil {
		// A merge needs two segments: the last page indexed again makes
		// the second, and the merge drops the deleted documents.
		if err := u.batch.IndexAdvanced(bleveDocument(u.last.doc.URL, u.last)); err != nil {
			return err
		}
	}
	if u.batch.Size() > 0 {
		if err := u.idx.Batch(u.batch); err != nil {
			return err
		}
	}
	adv, err := u.idx.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return errors.New("the index is not a scorch index")
	}
	opts := mergeplan.SingleSegmentMergePlanOptions
	if err := s.ForceMerge(context.Background(), &opts); err != nil {
		return err
	}
	// The merge is in the index's root, but the root on disk may be
	// older until the persister catches up: a batch waits until what it
	// brings, and every root before it, is on disk.
	b := u.idx.NewBatch()
	b.SetInternal([]byte(mergedKey), []byte("1"))
	return u.idx.Batch(b)
}

// mergedKey is an internal key of an updated index, set to make the
// batch that waits for the merge to be on disk.
const mergedKey = "intkb-merged"

// settle opens the index in dir as a search would, read-only, checks
// that it is one segment holding no deleted documents, as an index made
// from nothing is, and removes the segment files it no longer uses,
// which Bleve removes only in time.
func settle(dir string) error {
	idx, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		return err
	}
	defer idx.Close()
	r, err := snapshot(idx)
	if err != nil {
		return err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return errors.New("the index's reader is not a scorch snapshot")
	}
	segs := snap.Segments()
	deleted := uint64(0)
	used := map[string]bool{}
	for _, seg := range segs {
		if d := seg.Deleted(); d != nil {
			deleted += d.GetCardinality()
		}
		// A segment on disk names its file (segment.PersistedSegment).
		if ps, ok := seg.Segment().(interface{ Path() string }); ok {
			used[filepath.Base(ps.Path())] = true
		}
	}
	if len(segs) > 1 || deleted > 0 || len(used) != len(segs) {
		return fmt.Errorf("merged into %d segments holding %d deleted documents, not one holding none", len(segs), deleted)
	}
	files, err := filepath.Glob(filepath.Join(dir, indexStore, "*.zap"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if !used[filepath.Base(f)] {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	return nil
}
