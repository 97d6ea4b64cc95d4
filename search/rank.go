package search

import (
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// Help pages come after every other page a query finds, then each part
// by score (see the package doc, Ranking), and hits of the same score by
// URL. The Bleve index holds a help page's mark in the keyword field
// helpField and its URL in the keyword field url, both read into the
// facet table when the index opens (newFacetTable); the static index
// lists help pages by number in meta.json's help, and numbers its pages
// in URL order (package static), and search.js orders its hits as
// helpLast does.

// helpField is the keyword field that marks a help page, with the one
// term helpTerm.
const (
	helpField = "help"
	helpTerm  = "help"
)

// Sort values of the first key of helpLast: content before help.
const (
	contentRank = "0"
	helpRank    = "1"
)

// handlerSort is a key of a search's sort order whose value the
// collector's handler sets (see helpLast). A sort sees a hit without the
// index it came from, and an Index may search two (see deltaIndex), so
// Value gives every hit the same value, and the handler, which knows the
// index, sets the hit's own (see facetTables.withFacetCounting and
// facetTable.rank).
type handlerSort struct {
	value string // until the handler sets the hit's
	desc  bool
}

func (s *handlerSort) UpdateVisitor(string, []byte)        {}
func (s *handlerSort) Value(*bsearch.DocumentMatch) string { return s.value }
func (s *handlerSort) DecodeValue(v string) string         { return v }
func (s *handlerSort) Descending() bool                    { return s.desc }
func (s *handlerSort) RequiresDocID() bool                 { return false }
func (s *handlerSort) RequiresScoring() bool               { return false }
func (s *handlerSort) RequiresFields() []string            { return nil }
func (s *handlerSort) Reverse()                            { s.desc = !s.desc }
func (s *handlerSort) Copy() bsearch.SearchSort            { c := *s; return &c }

// helpLast returns the sort order of a search's hits: help pages last
// (helpRank, where the others have contentRank), then by score, highest
// first, then by URL. Without the last key, hits of the same score would
// come in the order the index added them, which is the order the pages
// finished rendering, and for a page an edit build indexed again, last:
// a query's hits would not come in the same order from one build to the
// next, nor from the Bleve index and the static index. Scores tie often:
// a field's length is kept to four leading bits (normLength).
func helpLast() bsearch.SortOrder {
	return bsearch.SortOrder{&handlerSort{value: contentRank}, &bsearch.SortScore{Desc: true}, &handlerSort{}}
}

// helpTable tells the help pages of one index snapshot, by internal
// document number.
type helpTable []bool

// readHelp reads which documents of r are help pages.
func readHelp(r index.IndexReader, docs uint64) (helpTable, error) {
	t := make(helpTable, docs)
	err := termDocs(r, helpField, helpTerm, func(id index.IndexInternalID) error {
		if n, ok := docNumber(id); ok && n < uint64(len(t)) {
			t[n] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// readURLs reads the URL of each document of r, by internal document
// number, from the keyword field url: one term, the URL, a document.
func readURLs(r index.IndexReader, docs uint64) ([]string, error) {
	urls := make([]string, docs)
	err := fieldTerms(r, "url", func(url string) error {
		return termDocs(r, "url", url, func(id index.IndexInternalID) error {
			if n, ok := docNumber(id); ok && n < uint64(len(urls)) {
				urls[n] = url
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return urls, nil
}
