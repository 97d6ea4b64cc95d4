package search

import (
	"context"
	"fmt"
	"os"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"intkb/builder"
)

// baseIndex is the index a build wrote, shared by an Index and the
// Indexes updated from it, and closed when the last of them closes.
type baseIndex struct {
	idx     bleve.Index
	mapping mapping.IndexMapping
	reader  index.IndexReader // its one snapshot
	facets  facetTables       // of the snapshot, for every Index to share
	typos   typoTables        // likewise
	refs    atomic.Int32
	// bodies are the analysed bodies of the pages, shared by every Index
	// made from this one (see bodyTerms); warming is the goroutines of
	// WarmPhrases, which stop once closing is set.
	bodies *bodyTerms
	counts *termCounts  // the body's terms' pages, for prefixes (see termCounts)
	known  *prefixCache // the terms of prefixes asked for
	// postings are the scored postings of the snapshot's terms read by
	// queries, for every Index made from this one.
	postings *postingsCache
	warming  sync.WaitGroup
	closing  atomic.Bool
	remove   string // a folder to remove once closed: where OpenDir merged the index, if not in its own folder
}

// hasVectors reports whether the index keeps the term vectors of field,
// as its mapping says, so that Bleve's phrase queries can run on it: an
// index this program writes keeps them for each textField and none for a
// plainField.
func (b *baseIndex) hasVectors(field string) bool {
	if m, ok := b.mapping.(*mapping.IndexMappingImpl); ok && m.DefaultMapping != nil {
		if fm, ok := m.DefaultMapping.Properties[field]; ok && len(fm.Fields) > 0 {
			return fm.Fields[0].IncludeTermVectors
		}
	}
	return kindOf(field) == textField
}

func (b *baseIndex) release() error {
	if b.refs.Add(-1) > 0 {
		return nil
	}
	b.closing.Store(true)
	b.warming.Wait()
	b.typos.close()
	err := b.idx.Close()
	if b.remove != "" {
		os.RemoveAll(b.remove)
	}
	return err
}

// deltaPrefix starts the ids of documents in an update's delta, which
// stand in for the build's documents of the same pages.
const deltaPrefix = "delta:"

// Update returns an index that answers as if pages (changed or new) had
// been indexed and the pages at removed URLs taken out, for a live
// rebuild. x stays as it was, for queries already running on it; the two
// share the build's index files. The changed pages live in a small index
// in memory, of the same kind and documents as the build's, and the
// build's documents for them are left out of every query.
func (x *Index) Update(pages []*builder.Page, removed []string) (*Index, error) {
	delta := make(map[string]*analysedPage, len(x.delta)+len(pages))
	for u, d := range x.delta {
		delta[u] = d
	}
	hide := map[string]bool{}
	for _, u := range x.hidden() {
		hide[u] = true
	}
	for _, u := range removed {
		delete(delta, u)
		hide[u] = true
	}
	for _, p := range pages {
		hide[p.URL] = true
		ap, err := searchablePage(x.analyser, p)
		switch {
		case err != nil:
			return nil, err
		case ap == nil:
			delete(delta, p.URL)
		default:
			delta[p.URL] = ap
		}
	}
	mem, err := bleve.NewUsing("", x.base.mapping, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	batch := mem.NewBatch()
	for u, ap := range delta {
		if err := batch.IndexAdvanced(bleveDocument(deltaPrefix+u, ap)); err != nil {
			mem.Close()
			return nil, fmt.Errorf("search: indexing %s: %w", u, err)
		}
	}
	if err := mem.Batch(batch); err != nil {
		mem.Close()
		return nil, fmt.Errorf("search: %w", err)
	}
	ids := make([]string, 0, len(hide))
	for u := range hide {
		ids = append(ids, u)
	}
	sort.Strings(ids)
	next := &Index{
		idx:      &deltaIndex{IndexAlias: bleve.NewIndexAlias(x.base.idx, mem), mem: mem, hide: ids},
		base:     x.base,
		delta:    delta,
		facets:   x.base.facets.copy(),
		typos:    &typoTables{shared: &x.base.typos, base: x.base.reader},
		analyser: x.analyser,
		numbers:  newTermNumbers(),
		bodies:   x.bodies.forUpdate(),
		cache:    newLRU[string, *Response](cacheSize),
		pages:    newPagesCache(),
	}
	if _, err := warm(next.facets, mem); err != nil {
		mem.Close()
		return nil, err
	}
	x.base.refs.Add(1)
	return next, nil
}

// hidden returns the build's documents x leaves out.
func (x *Index) hidden() []string {
	if d, ok := x.idx.(*deltaIndex); ok {
		return d.hide
	}
	return nil
}

// deltaIndex is the build's index and an update's delta, searched as one,
// with the build's documents for changed and removed pages left out.
type deltaIndex struct {
	bleve.IndexAlias
	mem  bleve.Index
	hide []string // ids (page URLs) of the build's documents to leave out
}

func (d *deltaIndex) SearchInContext(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if len(d.hide) > 0 {
		bq := bleve.NewBooleanQuery()
		bq.AddMust(req.Query)
		bq.AddMustNot(bleve.NewDocIDQuery(d.hide))
		r := *req
		r.Query = bq
		req = &r
	}
	return d.IndexAlias.SearchInContext(ctx, req)
}

func (d *deltaIndex) Search(req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return d.SearchInContext(context.Background(), req)
}

// Close closes the delta; the build's files are closed by their owner.
func (d *deltaIndex) Close() error { return d.mem.Close() }
