package search

import (
	"strings"
	"testing"

	"intkb/search/static"
)

// TestUnionCountsSpareTheFacetRecords searches a generated site of 1,500
// pages (six chunks of facet records) for common words alone, each in a
// script of its own, as a reader's first search is: the script must give
// the filters' counts Bleve gives, and for most of the words must take
// them from the union counts of the word's file (static's union.go),
// fetching no facet records. With a filter chosen, or a second word, the
// union counts are not the hits' and the records are fetched.
func TestUnionCountsSpareTheFacetRecords(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated site")
	}
	out, idx := builtGenerated(t, 1500)
	// Without union counts, "care" (with "carers" and the other words it
	// begins) needed six files of records; the others needed none, and
	// must not now.
	for _, w := range []string{"care", "coordinator", "team", "health", "community", "frailty", "people", "housing", "homes"} {
		if records := searchAlone(t, idx, out, Request{Query: w, Size: 10}); records > 0 {
			t.Errorf("%q: counted its filters with %d files of facet records, rather than its file's union counts", w, records)
		}
	}
	for _, r := range []Request{
		{Query: "care", Size: 10, Filters: Filters{"type": []string{"playbook"}}},
		{Query: "care team", Size: 10},
	} {
		if searchAlone(t, idx, out, r) == 0 {
			t.Errorf("%q %v: counted without the facet records: the union counts are not its hits'", r.Query, r.Filters)
		}
	}
}

// searchAlone runs r on idx and with the script, alone, on the static
// index built beside it into out, checks that both count the same
// filters, and returns how many facet records' files the script fetched.
func searchAlone(t *testing.T, idx *Index, out string, r Request) int {
	t.Helper()
	var res struct {
		Responses []staticResponse
		Fetched   []string
	}
	runEngine(t, map[string]any{"index": static.Dir(out), "requests": []map[string]any{{"query": r.Query, "size": r.Size, "filters": r.Filters}}}, &res)
	want, err := idx.Search(r)
	if err != nil {
		t.Fatal(err)
	}
	got := res.Responses[0]
	if got.Total != want.Total || want.Total == 0 {
		t.Errorf("%q: %d hits, Bleve has %d", r.Query, got.Total, want.Total)
	}
	if !equalFacets(got.Facets, want.Facets) {
		t.Errorf("%q: facets\n got %v\nwant %v", r.Query, got.Facets, want.Facets)
	}
	records := 0
	for _, u := range res.Fetched {
		if strings.Contains(u, "/f/") {
			records++
		}
	}
	return records
}
