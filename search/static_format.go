package search

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"unicode/utf8"
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

// staticFacets are the keyword fields, as the static index names them;
// the first three have one value per page, which may be empty.
var staticFacets = []string{"type", "area", "integration_level", "cohorts", "tags"}

// termData is one term's postings in each text field.
type termData struct {
	postings [4][]posting
}

type posting struct {
	doc, tf, length int
	positions       []int
}

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
}

// fileWriter writes the index's files, hashing what it writes.
type fileWriter struct {
	dir  string
	mu   sync.Mutex
	hash uint64
	sem  chan struct{}
	wg   sync.WaitGroup
	err  error
}

func (fw *fileWriter) write(rel string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		fw.fail(fmt.Errorf("encoding %s: %w", rel, err))
		return
	}
	h := fnv.New64a()
	h.Write([]byte(rel))
	h.Write(data)
	fw.mu.Lock()
	fw.hash ^= h.Sum64()
	fw.mu.Unlock()
	fw.sem <- struct{}{}
	fw.wg.Add(1)
	go func() {
		defer func() { <-fw.sem; fw.wg.Done() }()
		full := filepath.Join(fw.dir, filepath.FromSlash(rel))
		if err := os.WriteFile(full, data, 0o644); err != nil {
			fw.fail(err)
		}
	}()
}

func (fw *fileWriter) fail(err error) {
	fw.mu.Lock()
	if fw.err == nil {
		fw.err = err
	}
	fw.mu.Unlock()
}

func (fw *fileWriter) wait() error {
	fw.wg.Wait()
	return fw.err
}

// writeStatic writes the static index of docs, sorted by URL, into dir.
func writeStatic(dir string, docs []*staticDoc) error {
	for _, sub := range []string{"t", "p", "x", "d", "f"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
	}
	fw := &fileWriter{dir: dir, sem: make(chan struct{}, 8)}
	meta := staticMeta{Version: 1, Docs: len(docs), Fields: textFields, Card: map[string]int{},
		Facets: map[string][]string{}, Counts: map[string][]int{}, Chunk: facetChunk}

	records, err := writeFacets(fw, docs, &meta)
	if err != nil {
		return err
	}
	terms := collectTerms(docs)
	for f, name := range textFields {
		for _, td := range terms {
			if len(td.postings[f]) > 0 {
				meta.Card[name]++
			}
		}
	}
	meta.Shards = writeDictionary(fw, terms, records)
	for n, d := range docs {
		parts := make([][3]string, len(d.parts))
		for i, p := range d.parts {
			parts[i] = [3]string{p.ID, p.Heading, p.Text}
		}
		fw.write("d/"+strconv.Itoa(n)+".json", map[string]any{
			"u": d.doc.URL, "t": d.doc.Title, "y": d.doc.Type, "a": d.doc.Area, "s": d.doc.Summary, "p": parts,
		})
	}
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

// facetRecord is one page's keyword values, as indexes into the meta's
// value lists: type, area, integration level, then cohorts and tags.
type facetRecord struct {
	single [3]int
	multi  [2][]int
}

func (r facetRecord) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{r.single[0], r.single[1], r.single[2], r.multi[0], r.multi[1]})
}

// values returns a page's values of each static facet. Single-valued
// fields are indexed even when empty, as Bleve indexes them.
func values(d *document) [5][]string {
	return [5][]string{{d.Type}, {d.Area}, {d.IntegrationLevel}, d.Cohorts, d.Tags}
}

// writeFacets lists each keyword field's values in the meta and writes the
// pages' facet records in chunks.
func writeFacets(fw *fileWriter, docs []*staticDoc, meta *staticMeta) ([]facetRecord, error) {
	index := make([]map[string]int, len(staticFacets))
	for f, name := range staticFacets {
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
		for f := range staticFacets {
			seen := map[int]bool{}
			for _, v := range vals[f] {
				i := index[f][v]
				if f < 3 {
					records[n].single[f] = i
				} else {
					records[n].multi[f-3] = append(records[n].multi[f-3], i)
				}
				if !seen[i] {
					seen[i] = true
					meta.Counts[staticFacets[f]][i]++
				}
			}
			if f >= 3 && records[n].multi[f-3] == nil {
				records[n].multi[f-3] = []int{}
			}
		}
	}
	for start := 0; start < len(records); start += facetChunk {
		end := min(start+facetChunk, len(records))
		fw.write("f/"+strconv.Itoa(start/facetChunk)+".json", records[start:end])
	}
	return records, nil
}

// collectTerms gathers every term's postings, in page order.
func collectTerms(docs []*staticDoc) map[string]*termData {
	terms := map[string]*termData{}
	for n, d := range docs {
		for f := range textFields {
			af := d.fields[f]
			for term, pos := range af.terms {
				td := terms[term]
				if td == nil {
					td = &termData{}
					terms[term] = td
				}
				td.postings[f] = append(td.postings[f], posting{doc: n, tf: len(pos), length: af.length, positions: pos})
			}
		}
	}
	return terms
}

// dictEntry is one key of the dictionary: a term, a key that terms of
// five letters or more reach by deleting one letter (for typos), or both.
type dictEntry struct {
	key  string
	term *termData
	ref  any      // the term's file number, or its postings inline
	fuzz []string // the terms that give key when one letter is deleted
}

func (e dictEntry) MarshalJSON() ([]byte, error) {
	out := []any{e.key, 0, 0, 0}
	if e.term != nil {
		var dfs [4]int
		for f := range dfs {
			dfs[f] = len(e.term.postings[f])
		}
		out[1], out[2] = dfs, e.ref
	}
	if len(e.fuzz) > 0 {
		out[3] = e.fuzz
	}
	for len(out) > 1 && out[len(out)-1] == 0 {
		out = out[:len(out)-1]
	}
	return json.Marshal(out)
}

// writeDictionary writes the dictionary shards and the terms' postings,
// and returns the first key of each shard.
func writeDictionary(fw *fileWriter, terms map[string]*termData, records []facetRecord) []string {
	entries := map[string]*dictEntry{}
	for term, td := range terms {
		entries[term] = &dictEntry{key: term, term: td}
	}
	for term := range terms {
		if utf8.RuneCountInString(term) < 5 {
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
	id := 0
	var shards []string
	var shard []*dictEntry
	shardSize := 0
	flush := func() {
		if len(shard) == 0 {
			return
		}
		fw.write("t/"+strconv.Itoa(len(shards))+".json", shard)
		shards = append(shards, shard[0].key)
		shard, shardSize = nil, 0
	}
	for _, k := range keys {
		e := entries[k]
		sort.Strings(e.fuzz)
		e.fuzz = compactStrings(e.fuzz)
		if e.term != nil {
			data := encodeTerm(e.term, records)
			size := 0
			for f := range textFields {
				size += len(data.F[f]) + len(data.X[f])
			}
			if size < inlinePostings {
				e.ref = data
			} else {
				e.ref = id
				positions := data.X
				data.X = nil
				fw.write("p/"+strconv.Itoa(id)+".json", data)
				fw.write("x/"+strconv.Itoa(id)+".json", positions)
				id++
			}
		}
		b, _ := json.Marshal(e)
		shardSize += len(b) + 1
		shard = append(shard, e)
		if shardSize >= shardBytes {
			flush()
		}
	}
	flush()
	return shards
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// deletions returns the distinct strings made by deleting one letter of s.
func deletions(s string) []string {
	rs := []rune(s)
	seen := map[string]bool{}
	var out []string
	for i := range rs {
		d := string(rs[:i]) + string(rs[i+1:])
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

// termFile is a term's postings file (p/N.json), or its inline entry.
type termFile struct {
	F [4]string        `json:"f"`           // postings per text field: doc delta, frequency, field length
	X *[4]string       `json:"x,omitempty"` // positions per text field, inline only; else x/N.json
	C map[string][]int `json:"c"`           // facet counts over the pages with the term in any field: value, count, ...
}

func encodeTerm(td *termData, records []facetRecord) termFile {
	var out termFile
	var x [4]string
	pages := map[int]bool{}
	for f := range textFields {
		var p, pos []byte
		prev := 0
		for _, ps := range td.postings[f] {
			p = appendV64(p, ps.doc-prev)
			p = appendV64(p, ps.tf)
			p = appendV64(p, ps.length)
			prev = ps.doc
			last := 0
			for _, q := range ps.positions {
				pos = appendV64(pos, q-last)
				last = q
			}
			pages[ps.doc] = true
		}
		out.F[f], x[f] = string(p), string(pos)
	}
	out.X = &x
	out.C = facetCounts(pages, records)
	return out
}

// facetCounts counts the values of each facet among the pages docs.
func facetCounts(docs map[int]bool, records []facetRecord) map[string][]int {
	counts := make([]map[int]int, len(staticFacets))
	for f := range counts {
		counts[f] = map[int]int{}
	}
	for n := range docs {
		r := records[n]
		for f := 0; f < 3; f++ {
			counts[f][r.single[f]]++
		}
		for m := 0; m < 2; m++ {
			seen := map[int]bool{}
			for _, v := range r.multi[m] {
				if !seen[v] {
					seen[v] = true
					counts[3+m][v]++
				}
			}
		}
	}
	out := map[string][]int{}
	for f, name := range staticFacets {
		vs := make([]int, 0, len(counts[f]))
		for v := range counts[f] {
			vs = append(vs, v)
		}
		sort.Ints(vs)
		for _, v := range vs {
			out[name] = append(out[name], v, counts[f][v])
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
