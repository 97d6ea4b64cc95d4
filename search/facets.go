package search

import (
	"context"
	"fmt"
	"sort"
	"sync"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	index "github.com/blevesearch/bleve_index_api"

	"intkb/builder"
)

// Facets are counted here rather than by Bleve. Bleve counts a facet by
// reading the doc values of every hit, which is most of the time a
// query takes on a large site. A facetTable instead holds every page's
// keyword values, read once from the keyword fields' postings when an
// index opens, by Bleve's internal number for the page, and a query adds
// up its hits' values as the collector sees them. The counts are the
// same: each page counts once for each of its values.
// BenchmarkVsBleveFacets, the benchmark queries with every facet
// counted (medians of 5): 0.16 ms against Bleve's term facets' 0.28 ms on
// the demo site, 0.35 ms against 0.53 ms on a generated site of 1,000
// pages, 1.5 to 1.8 times faster, with half the allocations there.
// TestIndexMatchesBleveOwnIndexing checks the counts against Bleve's.

// facetTable holds the facet values of every document of one index
// snapshot, by internal document number. The values of all the facets
// are numbered one after another, facet f's value v (names[f][v]) as
// first[f]+v, and the values of document d are vals[off[d]:off[d+1]],
// so that a hit's values are counted in one loop.
type facetTable struct {
	names [][]string
	first []int
	off   []uint32
	vals  []uint32
	// counts holds the counts of queries done with them, cleared, each
	// a []int by value number, for the next query (see newCounts).
	counts sync.Pool
	// ordered is set when each facet's names are in order, and each
	// different, as a term dictionary gives them.
	ordered bool
	// help and urls are which documents are help pages and their URLs,
	// read here too so that a query reads one table (see rank.go).
	help helpTable
	urls []string
}

// newFacetTable reads the facet values of every document of r.
func newFacetTable(r index.IndexReader) (*facetTable, error) {
	n := len(facetFields)
	t := &facetTable{names: make([][]string, n), first: make([]int, n)}
	offs, valss := make([][]uint32, n), make([][]uint32, n)
	docs, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	for f, field := range facetFields {
		type pair struct{ doc, val uint32 }
		var pairs []pair
		err := fieldTerms(r, field, func(term string) error {
			val := uint32(len(t.names[f]))
			t.names[f] = append(t.names[f], term)
			return termDocs(r, field, term, func(id index.IndexInternalID) error {
				doc, ok := docNumber(id)
				if !ok {
					return fmt.Errorf("search: unexpected internal id %x", []byte(id))
				}
				pairs = append(pairs, pair{uint32(doc), val})
				docs = max(docs, doc+1)
				return nil
			})
		})
		if err != nil {
			return nil, err
		}
		sort.Slice(pairs, func(i, j int) bool {
			if pairs[i].doc != pairs[j].doc {
				return pairs[i].doc < pairs[j].doc
			}
			return pairs[i].val < pairs[j].val
		})
		off := make([]uint32, docs+1)
		vals := make([]uint32, len(pairs))
		for i, p := range pairs {
			off[p.doc+1]++
			vals[i] = p.val
		}
		for d := uint64(1); d <= docs; d++ {
			off[d] += off[d-1]
		}
		offs[f], valss[f] = off, vals
	}
	total := 0
	for f := range t.names {
		t.first[f] = total
		total += len(t.names[f])
	}
	t.off = make([]uint32, docs+1)
	for d := range docs {
		for f, off := range offs {
			if d+1 < uint64(len(off)) {
				for _, v := range valss[f][off[d]:off[d+1]] {
					t.vals = append(t.vals, uint32(t.first[f])+v)
				}
			}
		}
		t.off[d+1] = uint32(len(t.vals))
	}
	t.ordered = true
	for _, names := range t.names {
		for i := 1; i < len(names); i++ {
			if names[i-1] >= names[i] {
				t.ordered = false
			}
		}
	}
	if t.help, err = readHelp(r, docs); err != nil {
		return nil, err
	}
	if t.urls, err = readURLs(r, docs); err != nil {
		return nil, err
	}
	return t, nil
}

// fieldTerms calls fn with each term of r's field, in order, and returns
// the first error fn returns; the dictionary's own errors say the field.
func fieldTerms(r index.IndexReader, field string, fn func(term string) error) error {
	dict, err := r.FieldDict(field)
	if err != nil {
		return fmt.Errorf("search: reading %s: %w", field, err)
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil {
			return fmt.Errorf("search: reading %s: %w", field, err)
		}
		if e == nil {
			return nil
		}
		if err := fn(e.Term); err != nil {
			return err
		}
	}
}

// termDocs calls fn with the internal id of each document of r whose
// field holds term, and returns the first error fn returns; the reader's
// own errors say the field.
func termDocs(r index.IndexReader, field, term string, fn func(id index.IndexInternalID) error) error {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return fmt.Errorf("search: reading %s: %w", field, err)
	}
	defer tfr.Close()
	for {
		d, err := tfr.Next(nil)
		if err != nil {
			return fmt.Errorf("search: reading %s: %w", field, err)
		}
		if d == nil {
			return nil
		}
		if err := fn(d.ID); err != nil {
			return err
		}
	}
}

// facetCounts counts facet values among a query's hits in one index.
type facetCounts struct {
	table  *facetTable
	counts []int // by value number (facetTable.first)
}

// newCounts returns counts of t's values, all 0, reusing those of a
// query done (see release).
func (t *facetTable) newCounts() *facetCounts {
	if n, ok := t.counts.Get().(*[]int); ok {
		return &facetCounts{table: t, counts: *n}
	}
	return &facetCounts{table: t, counts: make([]int, t.values())}
}

// values returns how many values the facets have together.
func (t *facetTable) values() int {
	if len(t.names) == 0 {
		return 0
	}
	last := len(t.names) - 1
	return t.first[last] + len(t.names[last])
}

// release gives back c's counts, once read, for another query.
func (c *facetCounts) release() {
	n := c.counts
	clear(n)
	c.counts = nil
	c.table.counts.Put(&n)
}

// facet returns the counts of facet f's values, by value.
func (c *facetCounts) facet(f int) []int {
	return c.counts[c.table.first[f] : c.table.first[f]+len(c.table.names[f])]
}

// nonZero returns how many of counts are not 0: how many values a facet's
// counts list.
func nonZero(counts []int) int {
	n := 0
	for _, c := range counts {
		if c > 0 {
			n++
		}
	}
	return n
}

// add counts the values of the document with internal id.
func (c *facetCounts) add(id index.IndexInternalID) {
	d, ok := docNumber(id)
	t := c.table
	if !ok || d+1 >= uint64(len(t.off)) {
		return
	}
	for _, v := range t.vals[t.off[d]:t.off[d+1]] {
		c.counts[v]++
	}
}

// addTo adds the counts to a response's facets, leaving out the empty
// value that pages without a value of their own are indexed with.
func (c *facetCounts) addTo(facets map[string]map[string]int) {
	for f, fc := range builder.Facets {
		m := facets[fc.Param]
		if len(m) == 0 {
			// Made at its size: grown one value at a time, a map of a
			// few hundred values is a good part of what a query
			// allocates.
			m = make(map[string]int, nonZero(c.facet(f)))
			facets[fc.Param] = m
		}
		for v, n := range c.facet(f) {
			if name := c.table.names[f][v]; n > 0 && name != "" {
				m[name] += n
			}
		}
	}
}

// facetTables keeps the facet tables of the snapshots an Index searches,
// by snapshot. An index opened read-only, or built in memory once, keeps
// one snapshot for life, so each table is read once.
type facetTables struct {
	mu     sync.Mutex
	tables map[index.IndexReader]*facetTable
}

// copy returns a new facetTables holding the tables of ts.
func (ts *facetTables) copy() *facetTables {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	out := &facetTables{tables: make(map[index.IndexReader]*facetTable, len(ts.tables))}
	for r, t := range ts.tables {
		out.tables[r] = t
	}
	return out
}

func (ts *facetTables) get(r index.IndexReader) (*facetTable, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if t := ts.tables[r]; t != nil {
		return t, nil
	}
	t, err := newFacetTable(r)
	if err != nil {
		return nil, err
	}
	if ts.tables == nil {
		ts.tables = map[index.IndexReader]*facetTable{}
	}
	ts.tables[r] = t
	return t, nil
}

// withFacetCounting returns ctx set to have Bleve's collector pass every
// hit through a counter before ranking it, and a function that adds up
// the counts once the search is done. Each index an alias searches gets a
// counter of its own. With helpLast, the search's sort order must be
// helpLast(), and each hit gets its help rank and URL from the table.
func (ts *facetTables) withFacetCounting(ctx context.Context, helpLast bool) (context.Context, func(map[string]map[string]int) ([][]facetCount, error)) {
	var mu sync.Mutex
	var all []*facetCounts
	var firstErr error
	maker := bsearch.MakeDocumentMatchHandler(func(sc *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
		collect, loadID, err := collector.MakeTopNDocumentMatchHandler(sc)
		if err != nil {
			return nil, false, err
		}
		t, err := ts.get(sc.IndexReader)
		if err != nil {
			mu.Lock()
			firstErr = err
			mu.Unlock()
			return nil, false, err
		}
		c := t.newCounts()
		mu.Lock()
		all = append(all, c)
		mu.Unlock()
		return func(d *bsearch.DocumentMatch) error {
			if d != nil {
				c.add(d.IndexInternalID)
				if helpLast {
					t.rank(d)
				}
			}
			return collect(d)
		}, loadID, nil
	})
	ctx = context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, maker)
	return ctx, func(facets map[string]map[string]int) ([][]facetCount, error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr != nil {
			return nil, firstErr
		}
		for _, c := range all {
			c.addTo(facets)
		}
		var sorted [][]facetCount
		if len(all) == 1 {
			sorted = all[0].sorted()
		}
		for _, c := range all {
			c.release()
		}
		return sorted, nil
	}
}

// facetCount is a facet's value and how many hits have it.
type facetCount struct {
	value string
	n     int
}

// facetsInOrder are the indexes of builder.Facets in the order of their
// names (Param).
var facetsInOrder = func() []int {
	out := make([]int, len(builder.Facets))
	for i := range out {
		out[i] = i
	}
	sort.Slice(out, func(i, j int) bool { return builder.Facets[out[i]].Param < builder.Facets[out[j]].Param })
	return out
}()

// sorted returns the counts as a response's JSON gives them (see
// appendFacets), without the empty value: each facet's, in the order of
// the facets' names, and each facet's values in order, as the table
// holds them when its values are in order (they are a term dictionary's),
// or nil when they are not.
func (c *facetCounts) sorted() [][]facetCount {
	if !c.table.ordered {
		return nil
	}
	out := make([][]facetCount, len(facetsInOrder))
	for k, f := range facetsInOrder {
		list := make([]facetCount, 0, nonZero(c.facet(f)))
		for v, n := range c.facet(f) {
			if name := c.table.names[f][v]; n > 0 && name != "" {
				list = append(list, facetCount{name, n})
			}
		}
		out[k] = list
	}
	return out
}
