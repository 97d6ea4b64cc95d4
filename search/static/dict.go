package static

import (
	"encoding/binary"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"
)

// This file writes the static index's dictionary: its shards of keys
// (terms, and the keys typos reach), each term's postings and positions
// inline or in files of their own, and the facet counts of the pages
// holding each term.

// dictEntry is one key of the dictionary: a term, a key that terms of
// five letters or more reach by deleting one letter (for typos), or both.
// It is written [key, dfs, ref, fuzz], where dfs are the pages with the
// term in each text field, ref is [N, i], the term's place in the pack
// p/N.json, or its postings inline, and fuzz lists the terms that give
// key when one letter is deleted; trailing zeros and an empty fuzz are
// left out. A key that is not a term, only a deletion, is written as a
// string instead: the key and its fuzz, separated by spaces, which no
// term holds: "lpian alpian" rather than ["lpian",0,0,["alpian"]]. Most
// keys are such, so the dictionary takes about a third fewer bytes and
// files.
type dictEntry struct {
	key  string
	term *termData
	enc  encodedTerm
	fuzz []string
}

// encodedTerm is a term's postings and positions as JSON: inline, for its
// dictionary entry, or for a pack of term files, p/N.json, with the
// positions in it or, when long, in x/N.json.
type encodedTerm struct {
	inline              []byte
	postings, positions []byte
}

func (e *dictEntry) appendJSON(b []byte, ref packRef) []byte {
	if e.term == nil {
		return appendJSONString(b, e.key+" "+strings.Join(e.fuzz, " "))
	}
	b = append(b, '[')
	b = appendJSONString(b, e.key)
	b = append(b, ",["...)
	for f := range fieldCount {
		if f > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(e.term.dfs[f]), 10)
	}
	b = append(b, "],"...)
	if e.enc.inline != nil {
		b = append(b, e.enc.inline...)
	} else {
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(ref.file), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(ref.at), 10)
		b = append(b, ']')
	}
	if len(e.fuzz) > 0 {
		b = append(b, ',')
		b = appendJSONStrings(b, e.fuzz)
	}
	return append(b, ']')
}

// writeDictionary writes the dictionary shards and the terms' postings,
// and returns the first key of each shard and the dictionary, sorted by
// key. The terms are those of the pages added with their terms, in
// terms, and when plan is not nil those of the kept index it takes pages
// from. The terms of typoLetters to typoMaxLetters letters are listed
// under their deletions too.
func writeDictionary(fw *fileWriter, terms map[string]*termData, plan *keptPlan, records []facetRecord, docOf []int32, r *Rules) ([]string, *written) {
	typoLetters, typoMaxLetters := r.TypoLetters, r.TypoMaxLetters
	list := plan.keptList(terms, [2]int{typoLetters, typoMaxLetters})
	keptList := list != nil
	if list == nil {
		list = newList(terms, plan, typoLetters, typoMaxLetters)
	}
	encodeTerms(list, records, docOf, plan)
	unions(list, records, len(records), r, plan)

	var base *keptBase
	if plan != nil {
		base = plan.base
	}
	out := &written{list: list, typos: [2]int{typoLetters, typoMaxLetters}, keptList: keptList}
	packs, packFiles, xFiles := packTerms(fw, list, base, &out.made)
	out.packs, out.xs = packFiles, xFiles
	var shards []string
	shard := []byte{'['}
	first := ""
	var entry []byte
	for i, e := range list {
		if !keptList {
			sort.Strings(e.fuzz)
			e.fuzz = slices.Compact(e.fuzz)
		}
		entry = e.appendJSON(entry[:0], packs[i])
		if len(shard) == 1 {
			first = e.key
		} else {
			shard = append(shard, ',')
		}
		shard = append(shard, entry...)
		if len(shard) >= shardBytes {
			fw.write("t/"+strconv.Itoa(len(shards))+".json", append(shard, ']'))
			shards = append(shards, first)
			shard = []byte{'['}
		}
	}
	if len(shard) > 1 {
		fw.write("t/"+strconv.Itoa(len(shards))+".json", append(shard, ']'))
		shards = append(shards, first)
	}
	return shards, out
}

// newList returns the dictionary's entries, sorted by key: every term of
// terms and those plan takes of the kept index, and the deletions of
// those of typoLetters to typoMaxLetters letters, their fuzz not yet
// sorted.
func newList(terms map[string]*termData, plan *keptPlan, typoLetters, typoMaxLetters int) []*dictEntry {
	entries := make(map[string]*dictEntry, 2*len(terms))
	for term, td := range terms {
		td.encode = true
		entries[term] = &dictEntry{key: term, term: td}
	}
	if plan != nil {
		for i := range plan.base.terms {
			kt := &plan.base.terms[i]
			e := entries[kt.term]
			if e == nil {
				if !plan.alive[i] {
					continue // no page holds it now
				}
				e = &dictEntry{key: kt.term, term: &termData{dfs: kt.dfs}}
				entries[kt.term] = e
			}
			plan.take(e.term, i)
		}
	}
	termKeys := slices.Collect(maps.Keys(entries)) // the terms, before their deletions join them
	for _, term := range termKeys {
		if !fuzzed(term, [2]int{typoLetters, typoMaxLetters}) {
			continue
		}
		for _, d := range deletions(term) {
			e := entries[d]
			if e == nil {
				e = &dictEntry{key: d}
				entries[d] = e
			}
			e.fuzz = append(e.fuzz, term)
		}
	}
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	list := make([]*dictEntry, len(keys))
	for i, k := range keys {
		list[i] = entries[k]
	}
	return list
}

// take makes td, a term of the index, the kept index's term i: its file
// is encoded again when the plan affects the term, and spliced when none
// of its pages is renumbered.
func (p *keptPlan) take(td *termData, i int) {
	td.kept, td.splice = &p.base.terms[i], !p.renumbered[i]
	td.encode = td.encode || p.affected[i]
}

// keptList returns the dictionary's entries as newList would, from the
// kept index's, when its typo rules (typos: typoLetters and
// typoMaxLetters) are these, or nil otherwise. The terms that came since
// (in terms, not kept) and went (kept, no page holds them now) are
// entered and taken out, with their deletions; every other entry is the
// kept one, its fuzz sorted already. At 10,000 pages, newList's map of
// 112,000 keys, their deletions and their order took 0.1 s of every edit
// build, and an edit that brings a new word, such as a name or a number,
// is common.
func (p *keptPlan) keptList(terms map[string]*termData, typos [2]int) []*dictEntry {
	if p == nil || p.base.dict == nil || p.base.typos != typos {
		return nil
	}
	b := p.base
	// The entries that change, by key: each kept one as it was, then
	// with the terms that came and went; news are the keys the kept
	// dictionary has not.
	changed := map[string]*dictEntry{}
	var news []string
	entry := func(key string) *dictEntry {
		e := changed[key]
		if e == nil {
			e = &dictEntry{key: key}
			if i, ok := slices.BinarySearchFunc(b.dict, key, func(k keptEntry, s string) int { return strings.Compare(k.key, s) }); ok {
				kd := &b.dict[i]
				e.fuzz = slices.Clone(kd.fuzz)
				if kd.term >= 0 {
					e.term = &termData{} // set below: the key is a term that went
				}
			} else {
				news = append(news, key)
			}
			changed[key] = e
		}
		return e
	}
	for i, alive := range p.alive {
		term := b.terms[i].term
		if alive || terms[term] != nil {
			continue
		}
		entry(term).term = nil
		if fuzzed(term, typos) {
			for _, d := range deletions(term) {
				e := entry(d)
				e.fuzz = slices.DeleteFunc(e.fuzz, func(f string) bool { return f == term })
			}
		}
	}
	for term, td := range terms {
		if _, ok := slices.BinarySearchFunc(b.terms, term, func(t keptTerm, s string) int { return strings.Compare(t.term, s) }); ok {
			continue
		}
		td.encode = true
		entry(term).term = td
		if fuzzed(term, typos) {
			for _, d := range deletions(term) {
				e := entry(d)
				e.fuzz = append(e.fuzz, term)
			}
		}
	}
	for _, e := range changed {
		slices.Sort(e.fuzz)
		e.fuzz = slices.Compact(e.fuzz)
	}
	slices.Sort(news)
	list := make([]*dictEntry, 0, len(b.dict)+len(news))
	entries := make([]dictEntry, len(b.dict)) // one allocation, not 112,000
	add := func(e *dictEntry) {
		if e.term != nil || len(e.fuzz) > 0 {
			list = append(list, e)
		}
	}
	for i := range b.dict {
		kd := &b.dict[i]
		for len(news) > 0 && news[0] < kd.key {
			add(changed[news[0]])
			news = news[1:]
		}
		if e := changed[kd.key]; e != nil {
			if e.term != nil && kd.term >= 0 {
				e.term = p.keptTermData(terms, kd)
			}
			add(e)
			continue
		}
		e := &entries[i]
		e.key, e.fuzz = kd.key, kd.fuzz
		if kd.term >= 0 {
			e.term = p.keptTermData(terms, kd)
		}
		list = append(list, e)
	}
	for _, key := range news {
		add(changed[key])
	}
	return list
}

// keptTermData returns the term of the kept entry kd, a term some page
// holds now, taken from the kept index (keptPlan.take): its termData in
// terms, to be encoded again, when a page analysed again holds it.
func (p *keptPlan) keptTermData(terms map[string]*termData, kd *keptEntry) *termData {
	td := terms[kd.key]
	if td != nil {
		td.encode = true
	} else {
		td = &termData{dfs: p.base.terms[kd.term].dfs}
	}
	p.take(td, int(kd.term))
	return td
}

// fuzzed reports whether the deletions of term are listed, with term in
// their fuzz, as the typo rules typos (typoLetters and typoMaxLetters)
// say: those of typoLetters or more are, since a shorter term is one edit
// from one only as one of its deletions, which is looked up as itself;
// and those of typoMaxLetters at most, since a longer term is one edit
// from no query's word, and its deletions would cost the square of its
// length.
func fuzzed(term string, typos [2]int) bool {
	n := utf8.RuneCountInString(term)
	return n >= typos[0] && n <= typos[1]
}

// packRef is where a term's postings are: the pack p/file.json, at
// place at in its list.
type packRef struct{ file, at int }

// packTerms writes the postings of the terms in list that are not inline
// into packs, p/N.json: each a list of term files, in key order, cut
// before a term would take the pack past packBytes, so that a term of
// packBytes or more has a pack of its own, or, once it holds
// packCutFrom bytes, before a term whose key cuts packs (cutsPack).
// Positions too long for a term's file go in x/N.json, a file per term,
// and the term's file names it as "x": N. It returns each entry's pack and place, and what each
// pack and positions file holds, for the index kept (writeKept).
//
// A file whose terms all have the files the kept index base has for
// them (not encoded again), the same file of base held, under the same
// number, is the same JSON: it is made only when the destination does
// not hold it (fileWriter.writeMade), by base's sums. At 10,000 pages,
// making and summing every pack's JSON took about 0.2 s of each build
// after a one-page edit, which changes a few hundred of the 3,700.
// made counts the files whose JSON was made.
func packTerms(fw *fileWriter, list []*dictEntry, base *keptBase, made *atomic.Int64) ([]packRef, []*keptPackFile, []*keptPackFile) {
	refs := make([]packRef, len(list))
	var keptPacks, keptXs []keptPackFile
	if base != nil && fw.files != nil && !fw.scripts {
		keptPacks, keptXs = base.packs, base.xs
	}
	// file writes the file rel, the nth of those kept, which f says
	// what it holds of: by the sums kept for it when it holds the same
	// terms as the kept one and asKept says their files are all as kept,
	// its JSON made only when needed; else made now.
	file := func(rel string, f *keptPackFile, kept []keptPackFile, n int, asKept func() bool, makeJSON func() []byte) {
		build := func() []byte {
			made.Add(1)
			return makeJSON()
		}
		if n < len(kept) && kept[n].same(f) && asKept() {
			f.sums = kept[n].sums
			fw.writeMade(rel, f.sums, build)
		} else {
			fw.writeSummed(rel, build(), &f.sums)
		}
	}
	var packs, xs []*keptPackFile
	var members []int // the list entries of the pack being filled
	size, firstX, positions := 1, 0, 0
	flush := func() {
		if len(members) == 0 {
			return
		}
		n := len(packs)
		f := &keptPackFile{first: list[members[0]].key, last: list[members[len(members)-1]].key, terms: len(members), x: firstX}
		packs = append(packs, f)
		ms, x, bytes := members, firstX, size
		file("p/"+strconv.Itoa(n)+".json", f, keptPacks, n, func() bool { return allKept(list, ms) },
			func() []byte { return packJSON(list, ms, x, bytes) })
		members, size, firstX = nil, 1, positions
	}
	for i, e := range list {
		if e.term == nil || e.enc.inline != nil {
			continue
		}
		n := len(e.enc.postings)
		if e.enc.positions != nil {
			n += len(`,"x":`) + len(strconv.Itoa(positions))
		}
		if len(members) > 0 && (size+1+n > packBytes || size >= packCutFrom && cutsPack(e.key)) {
			flush()
		}
		if e.enc.positions != nil {
			f := &keptPackFile{first: e.key, last: e.key, terms: 1}
			xs = append(xs, f)
			file("x/"+strconv.Itoa(positions)+".json", f, keptXs, positions, e.term.asKept,
				func() []byte { return e.enc.positions })
			positions++
		}
		if len(members) > 0 {
			size++
		}
		size += n
		refs[i] = packRef{len(packs), len(members)}
		members = append(members, i)
	}
	flush()
	return refs, packs, xs
}

// cutsPack reports whether a pack that holds packCutFrom bytes or more
// ends before the term key: for one key in packCut, by its FNV-1a. A
// pack filled until the next term would not fit, as packs were, ends
// where the sizes of all the terms before it say: a term's file that
// grew or shrank by an edit moved the end of its pack, and so of every
// pack after it until the sizes happened to line up again. In a test of
// 200 pages whose terms were all of a size (TestKeptPacksAreMadeOnlyWhenNeeded),
// one term's file grown made every pack after it again. Ended at keys
// chosen by the keys alone, the packs after the next such key are as
// they were.
func cutsPack(key string) bool {
	h := uint32(2166136261)
	for i := 0; i < len(key); i++ {
		h = (h ^ uint32(key[i])) * 16777619
	}
	return h%packCut == 0
}

// packJSON returns the JSON of the pack of the terms members of list,
// the first of whose positions files is x/firstX.json, size bytes long.
func packJSON(list []*dictEntry, members []int, firstX, size int) []byte {
	pack := make([]byte, 0, size+1)
	pack = append(pack, '[')
	x := firstX
	for k, i := range members {
		if k > 0 {
			pack = append(pack, ',')
		}
		e := list[i]
		if e.enc.positions == nil {
			pack = append(pack, e.enc.postings...)
			continue
		}
		pack = append(pack, e.enc.postings[:len(e.enc.postings)-1]...)
		pack = append(pack, `,"x":`...)
		pack = strconv.AppendInt(pack, int64(x), 10)
		pack = append(pack, '}')
		x++
	}
	return append(pack, ']')
}

// allKept reports whether every term of members of list has the file the
// kept index has for it.
func allKept(list []*dictEntry, members []int) bool {
	for _, i := range members {
		if !list[i].term.asKept() {
			return false
		}
	}
	return true
}

// asKept reports whether the term's file is the kept index's, as it is.
func (td *termData) asKept() bool { return !td.encode && !td.unionChanged && td.kept != nil }

// keptPackFile is what a pack (p/N.json) or positions file (x/N.json) of
// a kept index holds, and the sums of its JSON. Of two packs under the
// same number, whose terms all have the files they had, the same first
// and last terms and count are the same terms: a term that came between
// them since would be encoded, and one that went would change the count.
type keptPackFile struct {
	first, last string // the keys of its first and last terms (a positions file's, twice)
	terms       int    // how many terms it holds
	x           int    // the number of the first positions file its terms name (a pack's)
	sums        fileSums
}

func (k *keptPackFile) same(f *keptPackFile) bool {
	return k.first == f.first && k.last == f.last && k.terms == f.terms && k.x == f.x
}

// encodeTerms encodes the postings of the entries that are terms, on
// every core: the terms taken as the kept index has them first, then
// those to encode, largest first, each core taking the next as it
// finishes one, with a facetCounter of its own (as large as the pages
// and facet values, so one a core rather than one a term). Chunks of the
// list a core, as before, left one core encoding the few large terms an
// edit changes while the other had none left: at 10,000 pages, the
// terms of a one-page edit took 0.27 s so on two cores, for 0.3 s of
// work.
func encodeTerms(list []*dictEntry, records []facetRecord, docOf []int32, plan *keptPlan) {
	type job struct {
		e      *dictEntry
		weight int // about how much there is to read and write
	}
	var todo []job
	for _, e := range list {
		switch {
		case e.term == nil:
		case e.term.encode:
			w := 0
			for _, p := range e.term.packed {
				w += len(p)
			}
			if k := e.term.kept; k != nil {
				w += len(k.enc.inline) + len(k.enc.postings) + len(k.enc.positions)
			}
			todo = append(todo, job{e, w})
		default:
			e.enc = e.term.kept.enc // as the kept index has it
		}
	}
	slices.SortStableFunc(todo, func(a, b job) int { return b.weight - a.weight })
	workers := min(runtime.GOMAXPROCS(0), max(1, len(todo)))
	var next atomic.Int64
	var g errgroup.Group
	for range workers {
		g.Go(func() error {
			c := newFacetCounter(records, len(docOf))
			var scratch []posting
			for {
				i := int(next.Add(1)) - 1
				if i >= len(todo) {
					return nil
				}
				e := todo[i].e
				e.enc, scratch = encodeTerm(e.term, docOf, plan, c, scratch)
			}
		})
	}
	g.Wait()
}

// encodeTerm returns a term's file: f, its postings in each text field as
// (page delta, term frequency, field length) triples; x, the positions of
// each posting, as deltas from the one before, unless they are long; c,
// facet counts over the pages with the term in any field. It is inline
// when short. The postings are the term's packed postings, numbered with
// docOf, which it lets go, and those plan takes of the term's kept file;
// it counts them in the term's dfs. It takes scratch space for them,
// which it returns.
func encodeTerm(td *termData, docOf []int32, plan *keptPlan, c *facetCounter, scratch []posting) (encodedTerm, []posting) {
	var f, x [fieldCount][]byte
	var kf, kx [fieldCount][]byte
	if td.kept != nil {
		kf, kx, _ = td.kept.enc.read() // read whole when the kept index was (decodeKept)
	}
	var slab []byte
	size := 0
	splice := td.kept != nil && td.splice
	var news [fieldCount][]posting // spliced: the new postings, in their places among the kept ones
	if splice {
		for fi := range fieldCount {
			news[fi] = unpack(td.packed[fi], docOf, nil)
			td.packed[fi] = nil
			slices.SortFunc(news[fi], func(a, b posting) int { return int(a.doc - b.doc) })
		}
		if plan.unchanged(kf, kx, news) {
			td.encode, td.dfs = false, td.kept.dfs
			return td.kept.enc, scratch
		}
	}
	c.start()
	for fi := range fieldCount {
		if splice {
			var n int
			f[fi], x[fi], n = plan.splice(kf[fi], kx[fi], news[fi], c)
			td.dfs[fi] = int32(n)
			size += len(f[fi]) + len(x[fi])
			continue
		}
		scratch = scratch[:0]
		if td.kept != nil {
			scratch, slab = plan.appendPostings(kf[fi], kx[fi], scratch, slab)
		}
		scratch = unpack(td.packed[fi], docOf, scratch)
		td.packed[fi] = nil
		slices.SortFunc(scratch, func(a, b posting) int { return int(a.doc - b.doc) })
		td.dfs[fi] = int32(len(scratch))
		prev := 0
		docs := make([]int32, len(scratch))
		for i, ps := range scratch {
			f[fi], x[fi] = appendPosting(f[fi], x[fi], ps, prev)
			prev = int(ps.doc)
			c.add(ps.doc)
			docs[i] = ps.doc
		}
		td.docs[fi] = docs
		size += len(f[fi]) + len(x[fi])
	}
	td.docsRead = !splice
	var out encodedTerm
	xs := []string{string(x[0]), string(x[1]), string(x[2]), string(x[3])}
	inlineX := size < inlinePostings || len(x[0])+len(x[1])+len(x[2])+len(x[3]) <= inlinePositions
	b := append([]byte(nil), `{"f":`...)
	b = appendJSONStrings(b, []string{string(f[0]), string(f[1]), string(f[2]), string(f[3])})
	if inlineX {
		b = append(b, `,"x":`...)
		b = appendJSONStrings(b, xs)
	}
	b = append(b, `,"c":`...)
	b = c.appendJSON(b)
	b = append(b, '}')
	if size < inlinePostings {
		out.inline = b
		return out, scratch
	}
	out.postings = b
	if !inlineX {
		out.positions = appendJSONStrings(nil, xs)
	}
	return out, scratch
}

// appendPosting appends ps to a field's postings f, as a (page delta
// from prev, term frequency, field length) triple, and its positions to
// x, each in the text varint.
func appendPosting(f, x []byte, ps posting, prev int) ([]byte, []byte) {
	f = appendV64(f, int(ps.doc)-prev)
	f = appendV64(f, ps.n)
	f = appendV64(f, int(ps.length))
	for q, rest := 0, ps.positions; q < ps.n; q++ {
		d, k := binary.Uvarint(rest)
		x = appendV64(x, int(d))
		rest = rest[k:]
	}
	return f, x
}

// unpack appends to out the postings packed in b (see termData), with
// their pages numbered by docOf.
func unpack(b []byte, docOf []int32, out []posting) []posting {
	for len(b) > 0 {
		a, k := binary.Uvarint(b)
		b = b[k:]
		length, k := binary.Uvarint(b)
		b = b[k:]
		n, k := binary.Uvarint(b)
		b = b[k:]
		end := 0
		for range n {
			_, k := binary.Uvarint(b[end:])
			end += k
		}
		out = append(out, posting{doc: docOf[a], length: int32(length), n: int(n), positions: b[:end]})
		b = b[end:]
	}
	return out
}

// facetCounter counts the facet values of the pages with a term, each
// page once. It belongs to one goroutine.
type facetCounter struct {
	records []facetRecord
	seen    []int32 // the term each page was last counted for
	stamp   int32
	counts  [][]int // by place in a record, then value
	touched [][]int
}

func newFacetCounter(records []facetRecord, docs int) *facetCounter {
	n := len(recordFacets)
	c := &facetCounter{records: records, seen: make([]int32, docs), counts: make([][]int, n), touched: make([][]int, n)}
	size := make([]int, n)
	for _, r := range records {
		for f, vs := range r {
			for _, v := range vs {
				size[f] = max(size[f], v+1)
			}
		}
	}
	for f := range c.counts {
		c.counts[f] = make([]int, size[f])
	}
	return c
}

// start begins counting for a new term.
func (c *facetCounter) start() {
	c.stamp++
	for f := range c.touched {
		for _, v := range c.touched[f] {
			c.counts[f][v] = 0
		}
		c.touched[f] = c.touched[f][:0]
	}
}

func (c *facetCounter) count(f, v int) {
	if c.counts[f][v] == 0 {
		c.touched[f] = append(c.touched[f], v)
	}
	c.counts[f][v]++
}

// add counts page doc, unless it is counted already.
func (c *facetCounter) add(doc int32) {
	if c.seen[doc] == c.stamp {
		return
	}
	c.seen[doc] = c.stamp
	for f, vs := range c.records[doc] {
		for _, v := range vs {
			c.count(f, v)
		}
	}
}

// appendJSON writes the counts as a string of the text varint (v64):
// for each facet, in a facet record's order, how many values it counts,
// then each value, as its distance from the one before (the first from
// 0), and its count. A term's file carries them for every page it is
// on. As an object of lists of numbers by the facets' names (format 7),
// they were 58% of the packs' JSON at 10,000 pages.
func (c *facetCounter) appendJSON(b []byte) []byte {
	b = append(b, '"')
	for f := range c.touched {
		b = appendV64(b, len(c.touched[f]))
		slices.Sort(c.touched[f])
		prev := 0
		for _, v := range c.touched[f] {
			b = appendV64(b, v-prev)
			b = appendV64(b, c.counts[f][v])
			prev = v
		}
	}
	return append(b, '"')
}

// deletions returns the distinct strings made by deleting one letter of s.
func deletions(s string) []string {
	var out []string
	for i, r := range s {
		d := s[:i] + s[i+utf8.RuneLen(r):]
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// v64 is the alphabet of the static index's number encoding: each
// character carries five bits, least significant first, and the
// characters from the second half of the alphabet say more follow. It is
// plain text, so it sits in JSON as it is and compresses well.
const v64 = "0123456789ABCDEFGHIJKLMNOPQRSTUVabcdefghijklmnopqrstuvwxyz-_WXYZ"

func appendV64(b []byte, n int) []byte {
	for n >= 32 {
		b = append(b, v64[32+n&31])
		n >>= 5
	}
	return append(b, v64[n])
}

func appendJSONStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// AppendJSONString appends s as a JSON string, as encoding/json writes
// it: text that is not UTF-8 as U+FFFD, and with escapeHTML, <, > and &
// escaped, so that no file of the index reads as markup whatever type a
// server gives it. The search API writes its responses with it, without
// escapeHTML, as package search's tests check against encoding/json.
func AppendJSONString(b []byte, s string, escapeHTML bool) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!escapeHTML || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			switch r {
			case utf8.RuneError:
				b = append(b, `\ufffd`...)
			default:
				b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendJSONString(b []byte, s string) []byte { return AppendJSONString(b, s, true) }
