package search

import (
	"context"
	"fmt"

	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// Help pages come after every other page a query finds, then each part
// by score (see the package doc, Ranking). The Bleve index holds a help
// page's mark in the keyword field helpField, read into the facet table
// when the index opens (newFacetTable); the static index lists help pages
// by number in meta.json's help (package static), and search.js orders
// its hits as helpLast does.

// helpField is the keyword field that marks a help page, with the one
// term helpTerm.
const (
	helpField = "help"
	helpTerm  = "help"
)

// Sort values of helpSort: content before help.
const (
	contentRank = "0"
	helpRank    = "1"
)

// helpSort is the first key of a search's sort order (see helpLast): a
// hit's value is helpRank for a help page and contentRank for the others.
// A sort sees a hit without the index it came from, and an Index may
// search two (see deltaIndex), so Value gives every hit contentRank and
// the collector's handler, which knows the index, sets helpRank (see
// facetTables.withFacetCounting and helpTable.rank).
type helpSort struct{ desc bool }

func (s *helpSort) UpdateVisitor(string, []byte)        {}
func (s *helpSort) Value(*bsearch.DocumentMatch) string { return contentRank }
func (s *helpSort) DecodeValue(v string) string         { return v }
func (s *helpSort) Descending() bool                    { return s.desc }
func (s *helpSort) RequiresDocID() bool                 { return false }
func (s *helpSort) RequiresScoring() bool               { return false }
func (s *helpSort) RequiresFields() []string            { return nil }
func (s *helpSort) Reverse()                            { s.desc = !s.desc }
func (s *helpSort) Copy() bsearch.SearchSort            { c := *s; return &c }

// helpLast returns the sort order of a search's hits: help pages last,
// then by score, highest first. Hits the same on both come in the
// index's order, as they do by score alone.
func helpLast() bsearch.SortOrder {
	return bsearch.SortOrder{&helpSort{}, &bsearch.SortScore{Desc: true}}
}

// helpTable tells the help pages of one index snapshot, by internal
// document number.
type helpTable []bool

// readHelp reads which documents of r are help pages.
func readHelp(r index.IndexReader, docs uint64) (helpTable, error) {
	t := make(helpTable, docs)
	tfr, err := r.TermFieldReader(context.Background(), []byte(helpTerm), helpField, false, false, false)
	if err != nil {
		return nil, fmt.Errorf("search: reading %s: %w", helpField, err)
	}
	defer tfr.Close()
	for {
		d, err := tfr.Next(nil)
		if err != nil {
			return nil, fmt.Errorf("search: reading %s: %w", helpField, err)
		}
		if d == nil {
			return t, nil
		}
		if n, ok := docNumber(d.ID); ok && n < uint64(len(t)) {
			t[n] = true
		}
	}
}
