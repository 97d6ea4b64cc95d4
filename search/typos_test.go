package search

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// TestTypoCandidatesMatchBleve checks, for every term of every text
// field of the demo index and for misspellings of them, that the typo
// table finds the terms Bleve's Levenshtein automaton finds, with the same
// edit distances, in the same order.
func TestTypoCandidatesMatchBleve(t *testing.T) {
	idx, _ := demoIndex(t)
	r := idx.base.reader
	fuzzy, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		t.Fatal("the index reader does not search by automaton")
	}
	probes := []string{"pharmasy", "coordinater", "frialty", "nieghbourhood", "carehome", "ca", "a", "", "zzzzz", "straße", "café", "cafe"}
	compared, found := 0, 0
	for _, field := range textFields {
		dict, err := r.FieldDict(field)
		if err != nil {
			t.Fatal(err)
		}
		var terms []string
		for e, err := dict.Next(); e != nil && err == nil; e, err = dict.Next() {
			terms = append(terms, e.Term)
		}
		dict.Close()
		table := idx.typos.wait(r, field)
		if table == nil {
			t.Fatalf("no typo table for %s", field)
		}
		words := append([]string(nil), probes...)
		for i, term := range terms {
			words = append(words, term)
			if i%7 == 0 && len(term) > 2 {
				words = append(words, term[1:], term[:len(term)-1]+"x", term[:1]+term[2:], string(term[1])+string(term[0])+term[2:])
			}
		}
		for _, w := range words {
			var wantTerms []string
			var wantDists []uint8
			fd, _, err := fuzzy.FieldDictFuzzyAutomaton(field, w, 1, "")
			if err != nil {
				t.Fatal(err)
			}
			for e, err := fd.Next(); e != nil && err == nil; e, err = fd.Next() {
				wantTerms = append(wantTerms, e.Term)
				wantDists = append(wantDists, e.EditDistance)
			}
			fd.Close()
			gotTerms, gotDists := table.candidates(w)
			compared++
			if len(wantTerms) > 1 {
				found++
			}
			if !reflect.DeepEqual(gotTerms, wantTerms) || !reflect.DeepEqual(gotDists, wantDists) {
				t.Errorf("%s: %q: candidates %v %v, Bleve %v %v", field, w, gotTerms, gotDists, wantTerms, wantDists)
			}
		}
	}
	if found < 100 {
		t.Errorf("only %d of %d words had typo candidates: the comparison says little", found, compared)
	}
}

// TestTypoQueriesScoreAsBleveFuzzy runs every comparison query with typos
// matched by typoQuery and by Bleve's own FuzzyQuery: the hits, their
// order and scores must be the same.
func TestTypoQueriesScoreAsBleveFuzzy(t *testing.T) {
	idx, _ := demoIndex(t)
	// The same index, with Bleve's typos.
	ref := &Index{idx: idx.idx, base: idx.base, analyser: idx.analyser, facets: idx.facets, typos: idx.typos, bleveTypos: true}
	queries := append([]Request(nil), agreementQueries...)
	for _, q := range append(benchQueries, "frialty care homse", "coordinater", "nieghbourhood teams", "carehome") {
		queries = append(queries, Request{Query: q})
	}
	for _, f := range textFields {
		idx.typos.wait(idx.base.reader, f)
	}
	typos := 0
	for _, r := range queries {
		q := ParseQuery(r.Query)
		ours, theirs := idx.pageQuery(q, r.Filters, nil), ref.pageQuery(q, r.Filters, nil)
		if ours == nil {
			continue
		}
		search := func(q query.Query) *bleve.SearchResult {
			res, err := idx.idx.SearchInContext(context.Background(), bleve.NewSearchRequestOptions(q, 100, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		got, want := search(ours), search(theirs)
		if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
			t.Errorf("%q: %d hits, with Bleve's fuzzy queries %d", r.Query, got.Total, want.Total)
			continue
		}
		for i := range want.Hits {
			g, w := got.Hits[i], want.Hits[i]
			if g.ID != w.ID || math.Abs(g.Score-w.Score) > 1e-12*math.Max(1, w.Score) {
				t.Errorf("%q #%d: %s %v, with Bleve's fuzzy queries %s %v", r.Query, i+1, g.ID, g.Score, w.ID, w.Score)
			}
		}
		if got.Total > 0 {
			typos++
		}
	}
	if typos < 20 {
		t.Errorf("only %d queries found anything", typos)
	}
}
