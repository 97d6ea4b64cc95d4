package static

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"intkb/builder"

	"golang.org/x/sync/errgroup"
)

// Dir returns where the static index of a site built into outputDir
// lives.
func Dir(outputDir string) string {
	return filepath.Join(outputDir, filepath.FromSlash(Path))
}

// Path is the static index's folder relative to the site root, as the
// search page's script fetches it. The builder reserves it: no file of
// the site may be published there.
const Path = builder.SearchIndexDir

// fieldCount is how many text fields the index has: title, headings,
// summary and body (Rules.Fields).
const fieldCount = 4

// Page is one page as the static index takes it, analysed.
type Page struct {
	URL      string // relative to the site root
	Title    string
	Type     string
	Area     string
	Source   string // the [[import]] an imported blueprint came from (search.Hit.Source)
	Summary  string
	Sections []Section
	// Facets holds the page's terms of each of builder.Facets, in its
	// order.
	Facets [][]string
	// Fields holds the page's text fields, analysed, in the order of
	// Rules.Fields.
	Fields [fieldCount]Field
	// Help reports whether the page is a help page (builder.Page.Help),
	// which search lists after the others.
	Help bool
	// Key is the digest of everything the page gives the index, worked
	// out by its maker: two pages of the same URL and Key give the same
	// terms. An index is kept for the next build (Index.Keep) only when
	// every page has one.
	Key [sha256.Size]byte
	// Kept says the page comes without its Fields: its terms are those of
	// the page of its URL and Key in the kept index (Kept.Has).
	Kept bool
}

// Section is one of a page's sections, which a hit may link to.
type Section struct {
	ID      string // its fragment, empty for the text before the first heading
	Heading string
	Text    string
}

// Field is a text field of a page: its terms, each with its positions,
// and its length in terms as the Bleve index scores it by (package
// search keeps it to a few leading bits, so that an edit of a few words
// mostly leaves it, and so every other term's postings, as they were).
// Positions count every word, stop words too, so that phrases match
// across stop words as in Bleve.
type Field struct {
	Length int
	Terms  []Term
}

// Term is a term of a field and its positions there.
type Term struct {
	Term      string
	Positions []int32
}

// termData is one term's postings in each text field, packed as the
// pages came to the Index (see Index.Add): for each posting, as uvarints,
// the page's arrival number, the field's length in terms, how many
// positions, then each position as its distance from the one before (the
// first from 0). dfs counts the postings of each field, once the term
// is encoded (encodeTerm), or as the kept index has them.
type termData struct {
	packed [fieldCount][]byte
	dfs    [fieldCount]int32
	// kept is the term in the kept index the Index takes pages from, if
	// it is there; encode says its file is encoded, rather than taken as
	// the kept index has it.
	kept   *keptTerm
	encode bool
	splice bool // its kept postings keep their pages' numbers (keptPlan.splice)
	// docs are its pages in each field, in order, once docsRead: kept
	// from encodeTerm, or read from its file (docsOf), for the union
	// counts (unions). unionChanged says its file is the kept one with
	// other union counts.
	docs         [fieldCount][]int32
	docsRead     bool
	unionChanged bool
}

// posting is one page's posting of a term in a field, unpacked: the
// page's number, the field's length, and the term's positions, packed as
// in termData, n of them.
type posting struct {
	doc, length int32
	n           int
	positions   []byte
}

// Options says how Write writes the index's files.
type Options struct {
	// Scripts writes each file as a script instead (see Script), for a
	// copy of the site opened from a folder, where the search page's
	// script cannot fetch files and so reads only the scripts.
	Scripts bool
	// Files, if set, takes the index's files instead of the folder Write
	// is given.
	Files Files
}

// Files takes a site's files by their paths under the site's root (such
// as search/index/t/3.json.gz), as the builder's output does
// (publish.Output). WriteFrom writes the file rel that make makes from
// source, and may leave make uncalled when the file published there
// was made from the same source.
type Files interface {
	Write(rel string, data []byte) error
	WriteFrom(rel string, source [sha256.Size]byte, make func(use func(data []byte) error) error) error
}

// An Index gathers the pages of a static index as they come, from any
// number of goroutines, and writes the index once they are all in. Add
// files each of a page's terms under the term at once, packed (see
// termData), and lets the page's copy go, so that what waits for the last
// page is about the size of the postings to be written rather than many
// times it: at 10,000 generated pages, the pages' terms held until Write
// took 177 MB and their postings another 128 MB while the files were
// written.
type Index struct {
	mu     sync.Mutex
	pages  []*Page // as they came
	seed   maphash.Seed
	shards [termShards]termShard
	meta   []byte // meta.json, once written
	made   int64  // the packs and positions files whose JSON Write made (packTerms)
	listed bool   // Write took the dictionary's entries from the kept index (keptList)
	kept   *Kept  // the kept index that pages given as Kept come from
	keep   string // the state folder to keep this index in, if any
	// keeping is closed once the index kept for the next build is
	// written, when Write writes one (see Wait).
	keeping chan struct{}
}

// termShards is how many locks the Index's terms are spread under, so
// that pages added at once rarely wait for each other.
const termShards = 64

type termShard struct {
	mu    sync.Mutex
	terms map[string]*termData
}

// NewIndex returns an empty Index.
func NewIndex() *Index {
	x := &Index{seed: maphash.MakeSeed()}
	for i := range x.shards {
		x.shards[i].terms = map[string]*termData{}
	}
	return x
}

// Keep has Write keep the index in the state folder dir for the next
// build, and take the pages added as Kept from kept, which ReadKept read
// from dir. It must be called before Add.
func (x *Index) Keep(dir string, kept *Kept) {
	x.keep, x.kept = dir, kept
}

// Add adds page p and takes its Fields' Terms, leaving them empty. It may
// be called from many goroutines, but not once Write has begun.
func (x *Index) Add(p *Page) {
	x.mu.Lock()
	n := uint64(len(x.pages))
	x.pages = append(x.pages, p)
	x.mu.Unlock()
	if p.Kept {
		return // its terms are the kept index's
	}
	for f := range p.Fields {
		sf := &p.Fields[f]
		length := uint64(sf.Length)
		for _, st := range sf.Terms {
			sh := &x.shards[maphash.String(x.seed, st.Term)%termShards]
			sh.mu.Lock()
			td := sh.terms[st.Term]
			if td == nil {
				td = &termData{}
				sh.terms[st.Term] = td
			}
			b := binary.AppendUvarint(td.packed[f], n)
			b = binary.AppendUvarint(b, length)
			b = binary.AppendUvarint(b, uint64(len(st.Positions)))
			last := int32(0)
			for _, q := range st.Positions {
				b = binary.AppendUvarint(b, uint64(q-last))
				last = q
			}
			td.packed[f] = b
			sh.mu.Unlock()
		}
		sf.Terms = nil // filed under the terms now: let the page's copy go
	}
}

// Write writes the index into dir, which it creates, with the query's
// rules r. It numbers the pages in URL order.
func (x *Index) Write(dir string, r *Rules, o Options) error {
	if len(r.Fields) != fieldCount || len(r.Boosts) != fieldCount {
		return fmt.Errorf("static index: %d text fields and %d boosts, want %d", len(r.Fields), len(r.Boosts), fieldCount)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	arrived := x.pages
	order := make([]int32, len(arrived)) // arrival numbers, sorted by URL below
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(arrived[a].URL, arrived[b].URL) })
	docs := make([]*Page, len(arrived))
	docOf := make([]int32, len(arrived))
	for doc, a := range order {
		docs[doc] = arrived[a]
		docOf[a] = int32(doc)
	}
	terms := make(map[string]*termData)
	for i := range x.shards {
		for t, td := range x.shards[i].terms {
			terms[t] = td
		}
		x.shards[i].terms = nil
	}
	base := x.kept.wait()
	keep := x.keep != "" && !o.Scripts
	for _, d := range docs {
		if d.Kept && (base == nil || !x.kept.Has(d.URL, d.Key)) {
			return fmt.Errorf("static index: %s was added as kept, but the kept index does not have it", d.URL)
		}
		keep = keep && d.Key != [sha256.Size]byte{}
	}
	out, err := write(dir, docs, docOf, terms, base, r, o)
	if err != nil {
		return fmt.Errorf("static index: %w", err)
	}
	x.meta, x.made, x.listed = out.meta, out.made.Load(), out.keptList
	if keep {
		// Written while the build publishes, until Wait: 55 MB at
		// 10,000 pages, 0.05 s. A kept index that cannot be written
		// makes only a slower next build: the one there, if any, is
		// still whole and true to the pages it names.
		done := make(chan struct{})
		x.keeping = done
		go func() {
			defer close(done)
			_ = builder.WriteStateFrom(x.keep, keptFile, func(w io.Writer) error {
				return writeKept(w, docs, out)
			})
		}()
	}
	return nil
}

// Wait waits until the index kept for the next build, which Write goes
// on writing once it has written the index's files, is written. Nothing
// may be added to the index meanwhile.
func (x *Index) Wait() {
	x.mu.Lock()
	keeping := x.keeping
	x.mu.Unlock()
	if keeping != nil {
		<-keeping
	}
}

// Meta returns the JSON of meta.json, once Write has written it, or nil.
// The search page may carry it, so that a search need not fetch it before
// it starts (see the package doc).
func (x *Index) Meta() []byte {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.meta
}

// fileWriter writes the index's files on a few goroutines, hashing what
// it writes. Once a write fails, the files not yet written are skipped.
type fileWriter struct {
	dir     string
	files   Files // takes the files instead of dir (Options.Files)
	scripts bool  // each file is written as a script instead (Options.Scripts)
	writes  *errgroup.Group
	failed  context.Context // done once a write has failed
	mu      sync.Mutex
	hash    uint64
}

func newFileWriter(dir string, o Options) *fileWriter {
	g, failed := errgroup.WithContext(context.Background())
	g.SetLimit(4)
	return &fileWriter{dir: dir, files: o.Files, scripts: o.Scripts, writes: g, failed: failed}
}

// write writes data, the JSON of the index's file rel (such as
// t/3.json), compressed as rel.gz, or with Options.Scripts as its script
// alone (see Script), waiting while every goroutine is busy. It may be
// called from several goroutines.
func (fw *fileWriter) write(rel string, data []byte) { fw.writeSummed(rel, data, nil) }

// writeSummed is write, setting *out, when out is not nil, to the sums of
// data before the file is written.
func (fw *fileWriter) writeSummed(rel string, data []byte, out *fileSums) {
	fw.writes.Go(func() error {
		if fw.failed.Err() != nil {
			return nil
		}
		sums := fileSumsOf(data)
		if out != nil {
			*out = sums
		}
		fw.noteSum(rel, sums.fnv)
		if fw.scripts {
			return fw.writeScript(rel, data)
		}
		if fw.files != nil {
			// Compressing is most of what writing the index costs: a
			// file made from the same JSON before is not made again.
			return fw.files.WriteFrom(Path+rel+".gz", sums.sha, func(use func([]byte) error) error { return gzipBytes(data, use) })
		}
		return gzipBytes(data, func(gz []byte) error { return fw.writeFile(rel+".gz", gz) })
	})
}

// writeMade writes the file rel as write does, given the sums of its
// JSON, which make makes only when the destination does not hold the
// file made from it (see Files.WriteFrom). It needs Options.Files, and
// not Options.Scripts.
func (fw *fileWriter) writeMade(rel string, sums fileSums, make func() []byte) {
	fw.writes.Go(func() error {
		if fw.failed.Err() != nil {
			return nil
		}
		fw.noteSum(rel, sums.fnv)
		return fw.files.WriteFrom(Path+rel+".gz", sums.sha, func(use func([]byte) error) error { return gzipBytes(make(), use) })
	})
}

// fileSums are two digests of a file's JSON: fnv, for the hash of the
// index (note), and sha, for Files.WriteFrom.
type fileSums struct {
	fnv uint64
	sha [sha256.Size]byte
}

func fileSumsOf(data []byte) fileSums {
	h := fnv.New64a()
	h.Write(data)
	return fileSums{fnv: h.Sum64(), sha: sha256.Sum256(data)}
}

// note adds the file rel, whose JSON is data, to the hash of the index
// (meta.json's build). It may be called from several goroutines.
func (fw *fileWriter) note(rel string, data []byte) {
	h := fnv.New64a()
	h.Write(data)
	fw.noteSum(rel, h.Sum64())
}

// noteSum adds the file rel, the FNV-1a of whose JSON is sum, to the hash
// of the index: the FNV-1a of its name and sum, so that a file can be
// counted by the sum kept for it.
func (fw *fileWriter) noteSum(rel string, sum uint64) {
	h := fnv.New64a()
	h.Write([]byte(rel))
	h.Write(binary.BigEndian.AppendUint64(nil, sum))
	fw.mu.Lock()
	fw.hash ^= h.Sum64()
	fw.mu.Unlock()
}

// writePlain writes data, the JSON of the index's file rel, as it is,
// not compressed, or with Options.Scripts as its script.
func (fw *fileWriter) writePlain(rel string, data []byte) error {
	if fw.scripts {
		return fw.writeScript(rel, data)
	}
	return fw.writeFile(rel, data)
}

// writeFile writes data to the file rel.
func (fw *fileWriter) writeFile(rel string, data []byte) error {
	if fw.files != nil {
		return fw.files.Write(Path+rel, data)
	}
	return os.WriteFile(filepath.Join(fw.dir, filepath.FromSlash(rel)), data, 0o644)
}

// writeScript writes data, the JSON of the index's file rel, as its
// script beside it: X.js for X.json.
func (fw *fileWriter) writeScript(rel string, data []byte) error {
	return fw.writeFile(strings.TrimSuffix(rel, ".json")+".js", Script(rel, data))
}

// scriptGlobal is the global object of the page that the index's scripts
// hand their JSON to (see Script).
const scriptGlobal = "intkbIndex"

// Script returns the script form of the index's file rel (such as
// t/3.json), whose contents are data: the same bytes, handed to
// window.intkbIndex under rel, which the search page's script reads once
// the script has run.
func Script(rel string, data []byte) []byte {
	head := "(window." + scriptGlobal + " = window." + scriptGlobal + " || {})[" + strconv.Quote(rel) + "] = "
	out := make([]byte, 0, len(head)+len(data)+2)
	return append(append(append(out, head...), data...), ";\n"...)
}

// wait waits for every file to be written and returns the first error.
// No file may be written after.
func (fw *fileWriter) wait() error { return fw.writes.Wait() }

// written is what write wrote: meta.json, the dictionary, sorted by key,
// the facets' values, and the sums of the pages' records.
type written struct {
	meta      []byte
	list      []*dictEntry
	packs, xs []*keptPackFile // what each pack and positions file holds (packTerms)
	made      atomic.Int64    // how many of them had their JSON made: the others' sums were kept
	typos     [2]int          // the typo rules the dictionary's deletions follow: TypoLetters, TypoMaxLetters
	keptList  bool            // the dictionary's entries were the kept index's (keptList)
	facets    map[string][]string
	docs      []fileSums // of each page's record (writeDocs), once written
	units     []int32    // each record's size in recordUnit, in a record pack (writeDocs)
	records   []uint64   // the FNV-1a of each page's facet record (writeFacets)
}

// write writes the static index of docs, sorted by URL, into dir, with
// their terms: docOf gives the number in docs of each page by its arrival
// number, as the terms' postings name them. The pages added as Kept take
// theirs from base.
func write(dir string, docs []*Page, docOf []int32, terms map[string]*termData, base *keptBase, r *Rules, o Options) (*written, error) {
	for _, sub := range []string{"t", "p", "x", "d", "f"} {
		if o.Files != nil {
			break // the files' folders are made as they are written
		}
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
	}
	fw := newFileWriter(dir, o)
	meta := newMeta(len(docs), r)
	if !o.Scripts {
		meta.RecordPack, meta.RecordUnit = recordPack, recordUnit
	}
	for i, d := range docs {
		if d.Help {
			meta.Help = append(meta.Help, i)
		}
	}

	records, sums := writeFacets(fw, docs, &meta)
	var docFiles sync.WaitGroup
	docFiles.Add(1)
	var docSums []fileSums
	var docUnits []int32
	go func() {
		defer docFiles.Done()
		docSums, docUnits = writeDocs(fw, docs, base)
	}()
	var plan *keptPlan
	if base != nil {
		plan = base.plan(docs, meta.Facets, sums)
	}
	var out *written
	meta.Shards, out = writeDictionary(fw, terms, plan, records, docOf, r)
	out.records = sums
	list := out.list
	for f, name := range r.Fields {
		for _, e := range list {
			if e.term != nil && e.term.dfs[f] > 0 {
				meta.Card[name]++
			}
		}
	}
	if meta.Shards == nil {
		meta.Shards = []string{} // a site with nothing to search: "shards": [], not null
	}
	docFiles.Wait()
	if err := fw.wait(); err != nil {
		return nil, err
	}
	// The build names meta.json too, as it is but for the build: its
	// rules may change while every other file stays the same.
	own, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	fw.note("meta.json", own)
	meta.Build = strconv.FormatUint(fw.hash, 36)
	data, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	build, err := json.Marshal(struct {
		Build string `json:"build"`
	}{meta.Build})
	if err != nil {
		return nil, err
	}
	if err := fw.writePlain("build.json", build); err != nil {
		return nil, err
	}
	out.meta, out.facets, out.docs, out.units = data, meta.Facets, docSums, docUnits
	return out, fw.writePlain("meta.json", data)
}

// writeDocs writes the pages' records, for the hits shown: each page's
// JSON (docJSON) compressed as a gzip member of its own, padded to a
// multiple of recordUnit bytes, in record packs of recordPack pages,
// d/K.bin, which the script reads a record at a time by a range
// request; and d/sizes.json, each record's size in recordUnit. It
// returns the sums of each record's JSON and its size, for the index
// kept (writeKept). A pack whose pages the kept index base holds with
// the same keys has the same bytes: it is made only when it is not in
// the destination. With Options.Scripts, each page's record is a file of
// its own instead, d/N.json, as a copy opened from a folder reads it.
func writeDocs(fw *fileWriter, docs []*Page, base *keptBase) ([]fileSums, []int32) {
	sums := make([]fileSums, len(docs))
	if fw.scripts {
		for n, d := range docs {
			fw.writeSummed("d/"+strconv.Itoa(n)+".json", docJSON(d), &sums[n])
		}
		return sums, nil
	}
	units := make([]int32, len(docs))
	var packs sync.WaitGroup
	for start := 0; start < len(docs); start += recordPack {
		end := min(start+recordPack, len(docs))
		packs.Add(1)
		fw.writes.Go(func() error {
			defer packs.Done()
			if fw.failed.Err() != nil {
				return nil
			}
			return writeRecordPack(fw, docs, start, end, base, sums, units)
		})
	}
	packs.Wait()
	b := []byte{'"'}
	for _, u := range units {
		b = appendV64(b, int(u))
	}
	fw.write("d/sizes.json", append(b, '"'))
	return sums, units
}

// writeRecordPack writes the record pack of pages docs[start:end],
// setting their sums and units (see writeDocs).
func writeRecordPack(fw *fileWriter, docs []*Page, start, end int, base *keptBase, sums []fileSums, units []int32) error {
	rel := "d/" + strconv.Itoa(start/recordPack) + ".bin"
	// pack returns the pack, setting its records' sums and sizes.
	pack := func() ([]byte, error) {
		var out []byte
		for n := start; n < end; n++ {
			data := docJSON(docs[n])
			at := len(out)
			if err := gzipBytes(data, func(gz []byte) error {
				out = append(out, gz...)
				return nil
			}); err != nil {
				return nil, err
			}
			out = padGzip(out, at)
			sums[n], units[n] = fileSumsOf(data), int32((len(out)-at)/recordUnit)
		}
		return out, nil
	}
	// The kept index holds every record's sums and size when it holds
	// each page with the same key.
	known := fw.files != nil && base != nil && base.units != nil
	for n := start; known && n < end; n++ {
		i, ok := base.fileOf(docs[n])
		if !ok {
			known = false
			break
		}
		sums[n], units[n] = base.files[i], base.units[i]
	}
	var data []byte
	if !known {
		var err error
		if data, err = pack(); err != nil {
			return err
		}
	}
	h := sha256.New()
	h.Write([]byte("record pack " + strconv.Itoa(recordUnit)))
	for n := start; n < end; n++ {
		fw.noteSum("d/"+strconv.Itoa(n)+".json", sums[n].fnv)
		h.Write(sums[n].sha[:])
		h.Write(binary.BigEndian.AppendUint32(nil, uint32(units[n])))
	}
	if fw.files == nil {
		return fw.writeFile(rel, data)
	}
	var source [sha256.Size]byte
	h.Sum(source[:0])
	return fw.files.WriteFrom(Path+rel, source, func(use func([]byte) error) error {
		if data == nil {
			var err error
			if data, err = pack(); err != nil {
				return err
			}
		}
		return use(data)
	})
}

// padGzip pads the gzip member at out[at:] to a multiple of recordUnit
// bytes, with an extra field (FEXTRA, RFC 1952) in its header: one
// subfield, IK, of zeros. It returns out with the member padded.
func padGzip(out []byte, at int) []byte {
	pad := (recordUnit - (len(out)-at)%recordUnit) % recordUnit
	if pad == 0 {
		return out
	}
	if pad < 6 { // the field's length and the subfield's header
		pad += recordUnit
	}
	out[at+3] |= 4 // FLG.FEXTRA; the writer sets no other flag
	rest := slices.Clone(out[at+10:])
	out = binary.LittleEndian.AppendUint16(out[:at+10], uint16(pad-2))
	out = append(out, 'I', 'K')
	out = binary.LittleEndian.AppendUint16(out, uint16(pad-6))
	out = append(out, make([]byte, pad-6)...)
	return append(out, rest...)
}

// docJSON returns the JSON of a page's record (writeDocs).
func docJSON(d *Page) []byte {
	b := make([]byte, 0, 256)
	b = append(b, `{"u":`...)
	b = appendJSONString(b, d.URL)
	b = append(b, `,"t":`...)
	b = appendJSONString(b, d.Title)
	b = append(b, `,"y":`...)
	b = appendJSONString(b, d.Type)
	b = append(b, `,"a":`...)
	b = appendJSONString(b, d.Area)
	if d.Source != "" {
		b = append(b, `,"o":`...)
		b = appendJSONString(b, d.Source)
	}
	b = append(b, `,"s":`...)
	b = appendJSONString(b, d.Summary)
	b = append(b, `,"p":[`...)
	for i, p := range d.Sections {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSONString(b, p.ID)
		b = append(b, ',')
		b = appendJSONString(b, p.Heading)
		b = append(b, ',')
		b = appendJSONString(b, p.Text)
		b = append(b, ']')
	}
	b = append(b, "]}"...)
	return b
}

// facetRecord is one page's keyword values, as indexes into the meta's
// value lists, in the order of recordFacets: one for a facet of one value
// per page, and each value once for the others.
type facetRecord [][]int

func (r facetRecord) appendJSON(b []byte) []byte {
	b = append(b, '[')
	for f, vs := range r {
		if f > 0 {
			b = append(b, ',')
		}
		if !builder.Facets[recordFacets[f]].Multi {
			b = strconv.AppendInt(b, int64(vs[0]), 10)
			continue
		}
		b = append(b, '[')
		for i, v := range vs {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(v), 10)
		}
		b = append(b, ']')
	}
	return append(b, ']')
}

// writeFacets lists each keyword field's values in the meta and writes the
// pages' facet records in chunks. It returns the records, and the FNV-1a
// of each one's JSON, which the kept index keeps, so that the next build
// tells a page whose facets stayed as they were (keptPlan.same).
func writeFacets(fw *fileWriter, docs []*Page, meta *Meta) ([]facetRecord, []uint64) {
	index := make([]map[string]int, len(recordFacets))
	for f, field := range recordFacets {
		name := facetField(f)
		set := map[string]bool{}
		for _, d := range docs {
			for _, v := range d.Facets[field] {
				set[v] = true
			}
		}
		list := make([]string, 0, len(set))
		for v := range set {
			list = append(list, v)
		}
		sort.Strings(list)
		index[f] = map[string]int{}
		for i, v := range list {
			index[f][v] = i
		}
		meta.Facets[name] = list
		meta.Counts[name] = make([]int, len(list))
		meta.Card[name] = len(list)
	}
	records := make([]facetRecord, len(docs))
	lists := make([][]int, len(docs)*len(recordFacets)) // every record's lists, in one allocation
	for n, d := range docs {
		records[n] = lists[n*len(recordFacets) : (n+1)*len(recordFacets) : (n+1)*len(recordFacets)]
		for f, field := range recordFacets {
			for _, v := range d.Facets[field] {
				i := index[f][v]
				if slices.Contains(records[n][f], i) {
					continue
				}
				records[n][f] = append(records[n][f], i)
				meta.Counts[facetField(f)][i]++
			}
		}
	}
	sums := make([]uint64, len(records))
	for start := 0; start < len(records); start += facetChunk {
		b := []byte{'['}
		for i, r := range records[start:min(start+facetChunk, len(records))] {
			if i > 0 {
				b = append(b, ',')
			}
			at := len(b)
			b = r.appendJSON(b)
			h := fnv.New64a()
			h.Write(b[at:])
			sums[start+i] = h.Sum64()
		}
		fw.write("f/"+strconv.Itoa(start/facetChunk)+".json", append(b, ']'))
	}
	return records, sums
}
