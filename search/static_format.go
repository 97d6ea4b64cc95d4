package search

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"intkb/builder"

	"golang.org/x/sync/errgroup"
)

// Sizes of the static index's files. A dictionary shard is cut once its
// JSON passes shardBytes; a term whose postings and positions take fewer
// than inlinePostings characters keeps them in its dictionary entry instead of
// files of its own; facet records come in chunks of facetChunk pages.
const (
	shardBytes     = 4096
	inlinePostings = 160
	facetChunk     = 256
)

// inlinePositions is how long a term's positions may be and still sit in
// its postings file, rather than a file of their own: most terms' are a
// few dozen characters, and a file each would cost more to write and to
// fetch than the characters cost to carry.
const inlinePositions = 1024

// staticFacets are the facets, as indexes into builder.Facets, in the
// order of a page's facet record: those of one value per page first,
// then those of many, each in builder.Facets' order. This order is part
// of the static index's format (meta.json's keywords list it): type,
// area, integration_level, cohorts, tags.
var staticFacets = func() []int {
	var single, multi []int
	for i, f := range builder.Facets {
		if f.Multi {
			multi = append(multi, i)
		} else {
			single = append(single, i)
		}
	}
	return append(single, multi...)
}()

// staticFacetField returns the index field of the facet at place f of a facet
// record.
func staticFacetField(f int) string { return builder.Facets[staticFacets[f]].Field }

// facetOrder lists a facet record's places by the facets' field names,
// the order a term file's facet counts are written in: area, cohorts,
// integration_level, tags, type.
var facetOrder = func() []int {
	order := make([]int, len(staticFacets))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(staticFacetField(a), staticFacetField(b)) })
	return order
}()

// termData is one term's postings in each text field, in page order.
type termData struct {
	postings [4][]posting
}

type posting struct {
	doc, length int32
	positions   []int32 // the term's frequency is their number
}

// staticFormat is the static index's format version, in meta.json: 2
// added the query's rules (boosts onwards in staticMeta), which the
// search page's script reads rather than keeps copies of; 3 added the
// facets' query names, typed-value rules and URL parameters, and the
// search page's filters (query onwards), for the same reason.
const staticFormat = 3

// staticMeta is meta.json.
type staticMeta struct {
	Version int                 `json:"version"`
	Build   string              `json:"build"` // changes whenever any file does; fetches add it to bust caches
	Docs    int                 `json:"docs"`
	Fields  []string            `json:"fields"`
	Card    map[string]int      `json:"card"`   // distinct terms of each field, as Bleve's BM25 counts them
	Facets  map[string][]string `json:"facets"` // each keyword field's values, sorted; records refer to them by index
	Counts  map[string][]int    `json:"counts"` // how many pages have each value
	Shards  []string            `json:"shards"` // the first key of each dictionary shard
	Chunk   int                 `json:"chunk"`

	Boosts       []float64 `json:"boosts"`       // each text field's boost (pageFields), in the order of Fields
	Keywords     []string  `json:"keywords"`     // the keyword fields in the order of a facet record (staticFacets)
	Filters      []string  `json:"filters"`      // the response's name for each of Keywords (builder.Facet.Param)
	TypoWeight   float64   `json:"typoWeight"`   // typoWeight
	TypoLetters  int       `json:"typoLetters"`  // typoMinLetters
	PrefixWeight float64   `json:"prefixWeight"` // prefixWeight
	PrefixTerms  int       `json:"prefixTerms"`  // maxPrefixTerms
	Snippet      int       `json:"snippet"`      // snippetLength
	Stop         string    `json:"stop"`         // stopWords, sorted, separated by spaces
	Slug         string    `json:"slug"`         // the runes a tag's slug keeps: builder.SlugRanges, each range as its first and last rune

	Query  map[string]string `json:"query"`  // queryFields: each name a query's field:value may use, and the field it searches
	Typed  []string          `json:"typed"`  // how a value typed for each of Keywords becomes its term (builder.Facet.Typed)
	Listed []staticFilter    `json:"listed"` // the search page's filters, in the order it lists them (builder.Facets')
}

// staticFilter is one of the search page's filters, in meta.json.
type staticFilter struct {
	Filter string   `json:"filter"`          // its name in responses, one of Filters
	Title  string   `json:"title"`           // its heading (builder.Facet.Single)
	Params []string `json:"params"`          // the URL parameters it is read from, its name first (builder.Facet.Params)
	Shown  int      `json:"shown,omitempty"` // how many values it offers (builder.Facet.Shown); 0 for all
}

// newStaticMeta returns the meta of an index of docs pages, with the
// query's rules filled in.
func newStaticMeta(docs int) staticMeta {
	m := staticMeta{Version: staticFormat, Docs: docs, Fields: textFields, Card: map[string]int{},
		Facets: map[string][]string{}, Counts: map[string][]int{}, Chunk: facetChunk,
		TypoWeight: typoWeight, TypoLetters: typoMinLetters,
		PrefixWeight: prefixWeight, PrefixTerms: maxPrefixTerms, Snippet: snippetLength, Query: queryFields}
	for _, f := range textFields {
		for _, pf := range pageFields {
			if pf.name == f {
				m.Boosts = append(m.Boosts, pf.boost)
			}
		}
	}
	for _, i := range staticFacets {
		f := &builder.Facets[i]
		m.Keywords = append(m.Keywords, f.Field)
		m.Filters = append(m.Filters, f.Param)
		m.Typed = append(m.Typed, string(f.Typed))
	}
	for _, f := range builder.Facets {
		m.Listed = append(m.Listed, staticFilter{Filter: f.Param, Title: f.Single, Params: f.Params(), Shown: f.Shown})
	}
	stop := make([]string, 0, len(stopWords))
	for w := range stopWords {
		stop = append(stop, w)
	}
	sort.Strings(stop)
	m.Stop = strings.Join(stop, " ")
	var slug strings.Builder
	for _, r := range builder.SlugRanges() {
		slug.WriteRune(r[0])
		slug.WriteRune(r[1])
	}
	m.Slug = slug.String()
	return m
}

// fileWriter writes the index's files on a few goroutines, hashing what
// it writes. Once a write fails, the files not yet written are skipped.
type fileWriter struct {
	dir    string
	writes *errgroup.Group
	failed context.Context // done once a write has failed
	mu     sync.Mutex
	hash   uint64
}

func newFileWriter(dir string) *fileWriter {
	g, failed := errgroup.WithContext(context.Background())
	g.SetLimit(4)
	return &fileWriter{dir: dir, writes: g, failed: failed}
}

// write writes data to the file rel, waiting while every goroutine is
// busy. It may be called from several goroutines.
func (fw *fileWriter) write(rel string, data []byte) {
	fw.writes.Go(func() error {
		if fw.failed.Err() != nil {
			return nil
		}
		h := fnv.New64a()
		h.Write([]byte(rel))
		h.Write(data)
		fw.mu.Lock()
		fw.hash ^= h.Sum64()
		fw.mu.Unlock()
		return os.WriteFile(filepath.Join(fw.dir, filepath.FromSlash(rel)), data, 0o644)
	})
}

// wait waits for every file to be written and returns the first error.
// No file may be written after.
func (fw *fileWriter) wait() error { return fw.writes.Wait() }

// writeStatic writes the static index of docs, sorted by URL, into dir.
func writeStatic(dir string, docs []*staticDoc) error {
	for _, sub := range []string{"t", "p", "x", "d", "f"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
	}
	fw := newFileWriter(dir)
	meta := newStaticMeta(len(docs))

	records := writeFacets(fw, docs, &meta)
	var docFiles sync.WaitGroup
	docFiles.Add(1)
	go func() {
		defer docFiles.Done()
		writeDocs(fw, docs)
	}()
	terms := collectTerms(docs)
	for f, name := range textFields {
		for _, td := range terms {
			if len(td.postings[f]) > 0 {
				meta.Card[name]++
			}
		}
	}
	meta.Shards = writeDictionary(fw, terms, records, len(docs))
	if meta.Shards == nil {
		meta.Shards = []string{} // a site with nothing to search: "shards": [], not null
	}
	docFiles.Wait()
	if err := fw.wait(); err != nil {
		return err
	}
	meta.Build = strconv.FormatUint(fw.hash, 36)
	data, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "meta.json"), data, 0o644)
}

// writeDocs writes each page's file: d/N.json, with its URL, title, type,
// area, summary and sections, for the hits shown.
func writeDocs(fw *fileWriter, docs []*staticDoc) {
	for n, d := range docs {
		b := make([]byte, 0, 256)
		b = append(b, `{"u":`...)
		b = appendJSONString(b, d.doc.URL)
		b = append(b, `,"t":`...)
		b = appendJSONString(b, d.doc.Title)
		b = append(b, `,"y":`...)
		b = appendJSONString(b, d.doc.single("type"))
		b = append(b, `,"a":`...)
		b = appendJSONString(b, d.doc.single("area"))
		b = append(b, `,"s":`...)
		b = appendJSONString(b, d.doc.Summary)
		b = append(b, `,"p":[`...)
		for i, p := range d.parts {
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
		fw.write("d/"+strconv.Itoa(n)+".json", b)
	}
}

// facetRecord is one page's keyword values, as indexes into the meta's
// value lists, in the order of staticFacets: one for a facet of one value
// per page, and each value once for the others.
type facetRecord [][]int

func (r facetRecord) appendJSON(b []byte) []byte {
	b = append(b, '[')
	for f, vs := range r {
		if f > 0 {
			b = append(b, ',')
		}
		if !builder.Facets[staticFacets[f]].Multi {
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

// values returns a page's values of each facet, in the order of
// staticFacets.
func values(d *document) [][]string {
	out := make([][]string, len(staticFacets))
	for f, i := range staticFacets {
		out[f] = d.Facets[i]
	}
	return out
}

// writeFacets lists each keyword field's values in the meta and writes the
// pages' facet records in chunks.
func writeFacets(fw *fileWriter, docs []*staticDoc, meta *staticMeta) []facetRecord {
	index := make([]map[string]int, len(staticFacets))
	for f := range staticFacets {
		name := staticFacetField(f)
		set := map[string]bool{}
		for _, d := range docs {
			for _, v := range values(&d.doc)[f] {
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
	for n, d := range docs {
		vals := values(&d.doc)
		records[n] = make(facetRecord, len(staticFacets))
		for f := range staticFacets {
			for _, v := range vals[f] {
				i := index[f][v]
				if slices.Contains(records[n][f], i) {
					continue
				}
				records[n][f] = append(records[n][f], i)
				meta.Counts[staticFacetField(f)][i]++
			}
		}
	}
	for start := 0; start < len(records); start += facetChunk {
		b := []byte{'['}
		for i, r := range records[start:min(start+facetChunk, len(records))] {
			if i > 0 {
				b = append(b, ',')
			}
			b = r.appendJSON(b)
		}
		fw.write("f/"+strconv.Itoa(start/facetChunk)+".json", append(b, ']'))
	}
	return records
}

// collectTerms gathers every term's postings, in page order.
func collectTerms(docs []*staticDoc) map[string]*termData {
	terms := make(map[string]*termData, 1<<14)
	for n, d := range docs {
		for f := range textFields {
			sf := &d.fields[f]
			for _, st := range sf.terms {
				td := terms[st.term]
				if td == nil {
					td = &termData{}
					terms[st.term] = td
				}
				td.postings[f] = append(td.postings[f], posting{doc: int32(n), length: int32(sf.length), positions: st.positions})
			}
		}
	}
	return terms
}

// dictEntry is one key of the dictionary: a term, a key that terms of
// five letters or more reach by deleting one letter (for typos), or both.
// It is written [key, dfs, ref, fuzz], where dfs are the pages with the
// term in each text field, ref is the number of the term's files or its
// postings inline, and fuzz lists the terms that give key when one letter
// is deleted; a key that is not a term has 0 for dfs and ref, and trailing
// zeros and an empty fuzz are left out.
type dictEntry struct {
	key  string
	term *termData
	enc  encodedTerm
	fuzz []string
}

// encodedTerm is a term's postings and positions as JSON: inline, for its
// dictionary entry, or as the file p/N.json, with the positions in it or,
// when long, in x/N.json.
type encodedTerm struct {
	inline              []byte
	postings, positions []byte
}

func (e *dictEntry) appendJSON(b []byte, ref int) []byte {
	b = append(b, '[')
	b = appendJSONString(b, e.key)
	if e.term == nil {
		if len(e.fuzz) > 0 {
			b = append(b, ",0,0,"...)
			b = appendJSONStrings(b, e.fuzz)
		}
		return append(b, ']')
	}
	b = append(b, ",["...)
	for f := range textFields {
		if f > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(len(e.term.postings[f])), 10)
	}
	b = append(b, "],"...)
	if e.enc.inline != nil {
		b = append(b, e.enc.inline...)
	} else {
		b = strconv.AppendInt(b, int64(ref), 10)
	}
	if len(e.fuzz) > 0 {
		b = append(b, ',')
		b = appendJSONStrings(b, e.fuzz)
	}
	return append(b, ']')
}

// writeDictionary writes the dictionary shards and the terms' postings,
// and returns the first key of each shard.
func writeDictionary(fw *fileWriter, terms map[string]*termData, records []facetRecord, docs int) []string {
	entries := make(map[string]*dictEntry, 2*len(terms))
	for term, td := range terms {
		entries[term] = &dictEntry{key: term, term: td}
	}
	for term := range terms {
		if utf8.RuneCountInString(term) < typoMinLetters {
			// Typos are tolerated in terms of typoMinLetters or more: a
			// shorter term is one edit from one only as one of its
			// deletions, which is looked up as itself.
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
	encodeTerms(list, records, docs)

	id := 0
	var shards []string
	shard := []byte{'['}
	first := ""
	var entry []byte
	for _, e := range list {
		sort.Strings(e.fuzz)
		e.fuzz = slices.Compact(e.fuzz)
		if e.term != nil && e.enc.inline == nil {
			fw.write("p/"+strconv.Itoa(id)+".json", e.enc.postings)
			if e.enc.positions != nil {
				fw.write("x/"+strconv.Itoa(id)+".json", e.enc.positions)
			}
		}
		entry = e.appendJSON(entry[:0], id)
		if e.term != nil && e.enc.inline == nil {
			id++
		}
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
	return shards
}

// encodeTerms encodes the postings of the entries that are terms, on
// every core. A facetCounter is as large as the pages and facet values,
// so the list is shared out a few chunks a core, each with its own,
// rather than a term at a time.
func encodeTerms(list []*dictEntry, records []facetRecord, docs int) {
	workers := runtime.GOMAXPROCS(0)
	var g errgroup.Group
	g.SetLimit(workers)
	for chunk := range slices.Chunk(list, max(1, (len(list)+4*workers-1)/(4*workers))) {
		g.Go(func() error {
			c := newFacetCounter(records, docs)
			for _, e := range chunk {
				if e.term != nil {
					e.enc = encodeTerm(e.term, c)
				}
			}
			return nil
		})
	}
	g.Wait()
}

// encodeTerm returns a term's file: f, its postings in each text field as
// (page delta, term frequency, field length) triples; x, the positions of
// each posting, as deltas from the one before, unless they are long; c,
// facet counts over the pages with the term in any field. It is inline
// when short.
func encodeTerm(td *termData, c *facetCounter) encodedTerm {
	var f, x [4][]byte
	size := 0
	c.start()
	for fi := range textFields {
		prev := int32(0)
		for _, ps := range td.postings[fi] {
			f[fi] = appendV64(f[fi], int(ps.doc-prev))
			f[fi] = appendV64(f[fi], len(ps.positions))
			f[fi] = appendV64(f[fi], int(ps.length))
			prev = ps.doc
			last := int32(0)
			for _, q := range ps.positions {
				x[fi] = appendV64(x[fi], int(q-last))
				last = q
			}
			c.add(ps.doc)
		}
		size += len(f[fi]) + len(x[fi])
	}
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
		return out
	}
	out.postings = b
	if !inlineX {
		out.positions = appendJSONStrings(nil, xs)
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
	n := len(staticFacets)
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

// appendJSON writes the counts as an object: each facet with a count, by
// name, as [value, count, ...] in value order.
func (c *facetCounter) appendJSON(b []byte) []byte {
	b = append(b, '{')
	n := 0
	for _, f := range facetOrder {
		if len(c.touched[f]) == 0 {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = appendJSONString(b, staticFacetField(f))
		b = append(b, ":["...)
		slices.Sort(c.touched[f])
		for i, v := range c.touched[f] {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(v), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(c.counts[f][v]), 10)
		}
		b = append(b, ']')
	}
	return append(b, '}')
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

// appendJSONString appends s as a JSON string, as encoding/json writes
// it: <, > and & escaped, so that no file of the index reads as markup
// whatever type a server gives it, and text that is not UTF-8 as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
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
