package search

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"intkb/builder"
	"intkb/builder/model"

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
// integration_level, phase, tags, type.
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
	for _, r := range model.SlugRanges() {
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
