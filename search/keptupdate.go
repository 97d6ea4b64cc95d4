package search

import (
	"bytes"
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
	index "github.com/blevesearch/bleve_index_api"

	"intkb/builder"
	"intkb/builder/publish"
	"intkb/internal/workdir"
)

// A build that keeps its Bleve index (KeptIndexDir) starts the next
// build's index from a copy of it rather than from nothing, when the
// kept index says, in its table of documents, that this program made it:
// the table gives the digest of each page's document as indexed
// (docDigest), and only the pages whose documents changed are indexed
// again, and those no longer published deleted. Anything amiss (no
// table, one another program wrote, damaged or cut short, an index that
// will not open) and the index is made from nothing, as it is with
// --clean.
//
// The documents indexed again make a segment of their own, and those
// they replace stay in the older segments, marked deleted, until the
// index is merged into one segment, as an index made from nothing is.
// Only that merge drops what they left behind: the terms only they held
// still count in a field's statistics (how many terms it has, how many
// documents hold each term) until then. Merging rewrites the whole
// index, about 0.7 s of one core at 10,000 pages, which was most of
// what a build after a one-page edit waited for. So the update merges
// only once the index holds more than maxKeptSegments segments, or more
// than maxKeptDeleted percent of its documents are deleted ones; and
// OpenDir, which every search opens an index with, merges an index left
// otherwise before it answers (mergeKept), and leaves it merged in its
// folder. A query therefore always runs on one segment holding no
// deleted documents, and scores and finds as on an index made from
// nothing; the build that publishes the site never waits for the merge.

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
// checks that none is left out. The sections the page's body gave it
// are written as its BodySum, when the build knows it.
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
	parts := p.parts
	if p.body != ([sha256.Size]byte{}) && p.bodyParts <= len(parts) {
		// The page's BodySum stands for the parts its body gave it, the
		// last bodyParts: their text, most of a page's, is not read
		// again. At 10,000 pages that took 0.1 s of CPU in every build.
		// A count of -1 says so, where a count of parts follows
		// otherwise.
		builder.DigestInt(h, -1)
		h.Write(p.body[:])
		parts = parts[:len(parts)-p.bodyParts]
	}
	builder.DigestInt(h, len(parts))
	for _, pt := range parts {
		builder.DigestField(h, pt.ID)
		builder.DigestField(h, pt.Heading)
		builder.DigestField(h, pt.Text)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// maxKeptSegments and maxKeptDeleted bound what an update leaves
// unmerged (see above): a build after a one-page edit adds a segment,
// so one such build in 15 merges. A segment costs the next build a
// file to link and open, and a search that opens the index before it
// is merged nothing more; the deleted documents cost disk.
const (
	maxKeptSegments = 16
	maxKeptDeleted  = 10 // percent of the documents of the index's segments
)

// noBackgroundMerges is the configuration an update opens its index
// with: Bleve's merger, which otherwise merges segments it deems small
// whenever the index changes, here merges none (no segment is smaller
// than half of MaxSegmentSize), so that what an update leaves depends
// on its pages alone, and every merge is forceMerge's.
var noBackgroundMerges = map[string]interface{}{"scorchMergePlanOptions": map[string]interface{}{"MaxSegmentSize": 1}}

// keptUpdate is an index being brought from a kept one to this build's
// pages.
type keptUpdate struct {
	idx     bleve.Index
	old     map[string][sha256.Size]byte
	batch   *bleve.Batch
	indexed int           // documents indexed again
	deleted int           // documents deleted
	last    *analysedPage // the last page added, to index again when the update only deletes
	merged  bool          // the update merged the index into one segment
}

// openKept copies the index kept at kept, whose table of documents is
// table, into dir, which must not exist (copyKept), and opens the copy
// to update, or returns nil (and leaves no dir) when the kept index
// cannot be taken. A copy whose files are not those the table names, as
// when a search merged the kept index (mergeKept) and replaced it while
// it was copied, is not taken.
func openKept(kept string, table *docTable, dir string) *keptUpdate {
	if err := copyKept(kept, dir, table); err != nil {
		os.RemoveAll(dir)
		return nil
	}
	idx, err := bleve.OpenUsing(dir, noBackgroundMerges)
	if err != nil {
		os.RemoveAll(dir)
		return nil
	}
	return &keptUpdate{idx: idx, old: table.Docs, batch: idx.NewBatch()}
}

// errNotTheTable is copyKept's when the copy's store is not the one its
// table names.
var errNotTheTable = errors.New("the index's files are not those its table names")

// copyKept copies the index in src, but for its table of documents, into
// dst, which must not exist: its segment files, never changed once
// written, linked where the file system can, and its store's root
// copied. When table is not nil, it returns errNotTheTable unless the
// copy's store has the sums the table gives: a build that replaced src
// while it was copied leaves a copy of parts of both, and a damaged file
// one of neither.
func copyKept(src, dst string, table *docTable) error {
	isTable := func(rel string) bool { return rel == docTableFile }
	isSegment := func(rel string) bool { return strings.HasSuffix(rel, ".zap") }
	if err := copyTree(src, dst, isTable, isSegment); err != nil {
		return err
	}
	if table == nil {
		return nil
	}
	if sums, err := storeSums(dst); err != nil || !maps.Equal(sums, table.Store) {
		return errNotTheTable
	}
	return nil
}

// writeDocTable writes the table of documents of the index in dir, whose
// documents' digests are docs, with the sums of its store's files as they
// are now.
func writeDocTable(dir string, docs map[string][sha256.Size]byte) error {
	sums, err := storeSums(dir)
	if err != nil {
		return err
	}
	return builder.WriteState(dir, docTableFile, &docTable{Docs: docs, Store: sums})
}

// readTable returns the table of documents of the index in dir, or nil
// when it has none that this program wrote, whole. Whether the index's
// store is as the build that wrote the table left it is checked on the
// copy taken of it (openKept, mergeKept): a build that replaced the
// index after the table was read would otherwise go unseen.
func readTable(dir string) *docTable {
	var table docTable
	if !builder.ReadState(dir, docTableFile, &table) || table.Store == nil {
		return nil
	}
	return &table
}

// whole reports whether the index r reads is one segment holding no
// deleted documents (or none), as an index made from nothing is.
func whole(r index.IndexReader) bool {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return true // not scorch's: not an index a build updated
	}
	segments, deleted, _ := countSegments(snap)
	return segments <= 1 && deleted == 0
}

// countSegments returns how many segments snap has, how many of their
// documents are deleted, and how many they hold in all.
func countSegments(snap *scorch.IndexSnapshot) (segments int, deleted, all uint64) {
	for _, seg := range snap.Segments() {
		all += uint64(seg.FullSize())
		if d := seg.Deleted(); d != nil {
			deleted += d.GetCardinality()
		}
	}
	return len(snap.Segments()), deleted, all
}

// mergeClaim is the claim file of mergeKept's working folders (see
// package workdir).
const mergeClaim = ".intkb-merge"

// errIndexReplaced is mergeKept's when the index it merges is replaced
// while it does so, by a build that finished meanwhile.
var errIndexReplaced = errors.New("the index was replaced while it was merged")

// mergeKept merges the index in dir, which an update left in more than
// one segment or holding deleted documents, into one segment holding
// none: in a copy beside it (copyKept), put in dir's place once merged, with its table of documents, if
// it has one that can be trusted, brought up to date. It returns where
// the merged index is: dir, or where dir cannot be replaced, a folder in
// a working folder (remove) beside dir or, where none can be made there,
// in the system's temporary folder, which the caller removes when done
// with it. It returns errIndexReplaced when dir changed meanwhile,
// for the caller to open it again.
func mergeKept(dir string) (merged, remove string, err error) {
	before, _ := os.ReadFile(filepath.Join(dir, docTableFile))
	table := readTable(dir)
	// The copy is in a working folder of this process's, which a later
	// merge removes if this process is killed before it does.
	prefix := "." + filepath.Base(dir) + ".merge-"
	parent := filepath.Dir(dir)
	workdir.Reclaim(parent, prefix, mergeClaim) // best effort: a leftover only costs disk
	wd, err := workdir.Create(parent, prefix, mergeClaim, []byte("A copy of the search index intkb search merges, removed once it is in place.\n"))
	if err != nil {
		parent = os.TempDir()
		workdir.Reclaim(parent, prefix, mergeClaim)
		if wd, err = workdir.Create(parent, prefix, mergeClaim, nil); err != nil {
			return "", "", err
		}
	}
	tmp := wd.Path
	defer func() {
		if remove == "" {
			wd.Release()
			os.RemoveAll(tmp)
		}
	}()
	copied := filepath.Join(tmp, "index")
	if err := copyKept(dir, copied, table); errors.Is(err, errNotTheTable) {
		if now, _ := os.ReadFile(filepath.Join(dir, docTableFile)); !bytes.Equal(now, before) {
			return "", "", errIndexReplaced
		}
		return "", "", errors.New("its files are not those its build wrote, so it may be damaged: build the site again")
	} else if err != nil {
		return "", "", err
	}
	idx, err := bleve.OpenUsing(copied, noBackgroundMerges)
	if err != nil {
		return "", "", err
	}
	err = errors.New("the index is not a scorch index")
	if adv, aerr := idx.Advanced(); aerr != nil {
		err = aerr
	} else if s, ok := adv.(*scorch.Scorch); ok {
		err = forceMerge(idx, s)
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = settle(copied, true)
	}
	if err == nil && table != nil {
		err = writeDocTable(copied, table.Docs)
	}
	if err != nil {
		return "", "", err
	}
	if now, _ := os.ReadFile(filepath.Join(dir, docTableFile)); !bytes.Equal(now, before) {
		return "", "", errIndexReplaced
	}
	if publish.Replace(copied, dir) == nil {
		return dir, "", nil
	}
	return copied, tmp, nil
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
		err = settle(dir, u.merged)
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
		// the second, so that no index is left one segment holding
		// deleted documents, which a merge would leave as it is.
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
	segments, deleted, all, err := segmentStats(s)
	if err != nil {
		return err
	}
	if segments <= maxKeptSegments && deleted*100 <= all*maxKeptDeleted {
		return nil
	}
	if err := forceMerge(u.idx, s); err != nil {
		return err
	}
	u.merged = true
	return nil
}

// segmentStats returns how many segments the current snapshot of s
// has, how many of their documents are deleted, and how many they hold
// in all.
func segmentStats(s *scorch.Scorch) (segments int, deleted, all uint64, err error) {
	r, err := s.Reader()
	if err != nil {
		return 0, 0, 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, 0, 0, errors.New("the index's reader is not a scorch snapshot")
	}
	segments, deleted, all = countSegments(snap)
	return segments, deleted, all, nil
}

// forceMerge merges idx, whose scorch index is s, into one segment
// holding no deleted documents, and waits until the merge is on disk.
// Bleve's plan for one segment may merge in steps: of a large segment
// and a few small ones, it merges the small ones first.
func forceMerge(idx bleve.Index, s *scorch.Scorch) error {
	for range 4 {
		opts := mergeplan.SingleSegmentMergePlanOptions
		if err := s.ForceMerge(context.Background(), &opts); err != nil {
			return err
		}
		// The merge is in the index's root, but the root on disk may be
		// older until the persister catches up: a batch waits until what
		// it brings, and every root before it, is on disk.
		b := idx.NewBatch()
		b.SetInternal([]byte(mergedKey), []byte("1"))
		if err := idx.Batch(b); err != nil {
			return err
		}
		segments, deleted, _, err := segmentStats(s)
		if err != nil || segments <= 1 && deleted == 0 {
			return err
		}
	}
	return nil // settle says what is left
}

// mergedKey is an internal key of an updated index, set to make the
// batch that waits for the merge to be on disk.
const mergedKey = "intkb-merged"

// settle opens the index in dir as a search would, read-only, checks
// that each of its segments is a file and, when it was merged (whole),
// that it is one segment holding no deleted documents, as an index made
// from nothing is, and removes the segment files it no longer uses,
// which Bleve removes only in time.
func settle(dir string, whole bool) error {
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
	segments, deleted, _ := countSegments(snap)
	used := map[string]bool{}
	for _, seg := range snap.Segments() {
		// A segment on disk names its file (segment.PersistedSegment).
		if ps, ok := seg.Segment().(interface{ Path() string }); ok {
			used[filepath.Base(ps.Path())] = true
		}
	}
	if len(used) != segments {
		return fmt.Errorf("%d of its %d segments are not files", segments-len(used), segments)
	}
	if whole && (segments > 1 || deleted > 0) {
		return fmt.Errorf("merged into %d segments holding %d deleted documents, not one holding none", segments, deleted)
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
