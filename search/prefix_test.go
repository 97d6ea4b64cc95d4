package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// TestPrefixQueryAsBleve checks prefixQuery against Bleve's PrefixQuery
// on the demo index: for a prefix of few terms the same hits and scores,
// and for a prefix of many, the terms on the most pages.
func TestPrefixQueryAsBleve(t *testing.T) {
	idx, _ := demoIndex(t)
	search := func(q query.Query) *bleve.SearchResult {
		t.Helper()
		res, err := idx.idx.SearchInContext(context.Background(), bleve.NewSearchRequestOptions(q, 1000, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	capped, same := 0, 0
	for _, field := range textFields {
		for _, prefix := range []string{"c", "co", "coo", "coord", "fr", "frail", "p", "ph", "pharm", "relab", "s", "st", "zz", "unity", "1"} {
			dict, err := idx.base.reader.FieldDictPrefix(field, []byte(prefix))
			n := len(dictEntries(t, dict, err))
			ours := search(&prefixQuery{prefix: prefix, field: field, boost: 2})
			if n <= prefixLimit(prefix) {
				p := bleve.NewPrefixQuery(prefix)
				p.SetField(field)
				p.SetBoost(2)
				want := search(p)
				if ours.Total != want.Total {
					t.Errorf("%s:%s*: %d hits, Bleve's PrefixQuery %d", field, prefix, ours.Total, want.Total)
					continue
				}
				for i := range want.Hits {
					if ours.Hits[i].ID != want.Hits[i].ID || math.Abs(ours.Hits[i].Score-want.Hits[i].Score) > 1e-12 {
						t.Errorf("%s:%s* #%d: %s %v, Bleve's PrefixQuery %s %v", field, prefix, i, ours.Hits[i].ID, ours.Hits[i].Score, want.Hits[i].ID, want.Hits[i].Score)
					}
				}
				same++
				continue
			}
			capped++
			if ours.Total == 0 {
				t.Errorf("%s:%s*: no hits for a prefix of %d terms", field, prefix, n)
			}
		}
	}
	if capped == 0 || same == 0 {
		t.Errorf("%d prefixes capped and %d not: the test should see both", capped, same)
	}
}

func TestPrefixTermsKeepsTheCommonest(t *testing.T) {
	var terms []*index.DictEntry
	for i := range maxPrefixTerms + 10 {
		terms = append(terms, &index.DictEntry{Term: string(rune('a'+i%26)) + string(rune('a'+i/26)), Count: uint64(1 + i%7)})
	}
	slices.SortFunc(terms, func(a, b *index.DictEntry) int {
		if a.Term < b.Term {
			return -1
		}
		return 1
	})
	got := prefixTerms(terms, maxPrefixTerms)
	if len(got) != maxPrefixTerms || !slices.IsSorted(got) {
		t.Fatalf("%d terms, sorted %v: %v", len(got), slices.IsSorted(got), got)
	}
	// Every term left out is on no more pages than every term kept.
	kept := map[string]bool{}
	for _, g := range got {
		kept[g] = true
	}
	minKept, maxLeft := uint64(math.MaxUint64), uint64(0)
	for _, e := range terms {
		if kept[e.Term] {
			minKept = min(minKept, e.Count)
		} else {
			maxLeft = max(maxLeft, e.Count)
		}
	}
	if maxLeft > minKept {
		t.Errorf("a term on %d pages left out, one on %d kept", maxLeft, minKept)
	}
	if short := prefixTerms(terms[:3], maxPrefixTerms); len(short) != 3 {
		t.Errorf("%d of 3 terms kept", len(short))
	}
	if short := prefixTerms(terms, shortPrefixTerms); len(short) != shortPrefixTerms {
		t.Errorf("%d terms kept, want %d", len(short), shortPrefixTerms)
	}
}

// TestShortPrefixesStandForFewerTerms checks which prefixes are short:
// letters are runes, so that a prefix of two accented letters is short,
// as the search page's script counts them.
func TestShortPrefixesStandForFewerTerms(t *testing.T) {
	for prefix, want := range map[string]int{
		"c": shortPrefixTerms, "ca": shortPrefixTerms, "éé": shortPrefixTerms, "𝒳y": shortPrefixTerms,
		"car": maxPrefixTerms, "éée": maxPrefixTerms, "care": maxPrefixTerms,
	} {
		if got := prefixLimit(prefix); got != want {
			t.Errorf("prefixLimit(%q) = %d, want %d", prefix, got, want)
		}
	}
}

// TestPrefixCountsPagesInTheBody checks that the last word's prefix
// stands for the body's terms on the most pages when a term on one page,
// once, comes before them in the dictionary: the body has no term
// vectors, so a merge writes such a term's postings inline, and Bleve's
// dictionary then counts every later term wrong (see termCounts), which
// this test pins too, so that a Bleve that counts right is noticed.
func TestPrefixCountsPagesInTheBody(t *testing.T) {
	terms := strings.Fields("zab zac zad zae zaf zag zah zai zaj zak zal zam")
	pages := map[string]string{"content/p13.md": "+++\ntitle = \"Thirteen\"\n+++\nzaa\n"}
	for p := 1; p <= len(terms); p++ {
		var body []string
		for k, term := range terms {
			if p <= k+1 { // term k is on pages 1 to k+1
				body = append(body, term)
			}
		}
		pages[fmt.Sprintf("content/p%d.md", p)] = fmt.Sprintf("+++\ntitle = \"Page\"\n+++\n%s\n", strings.Join(body, " "))
	}
	// Enough pages that Bleve's builder writes more than one segment and
	// merges them: only a merge writes postings inline.
	for i := 0; i < 2*batchSize; i++ {
		pages[fmt.Sprintf("content/filler/f%d.md", i)] = "+++\ntitle = \"Filler\"\n+++\nfiller\n"
	}
	idx := smallIndex(t, pages)
	prefixed := &termSet{}
	if _, err := idx.idx.Search(bleve.NewSearchRequest(idx.pageQuery(ParseQuery("za"), nil, prefixed))); err != nil {
		t.Fatal(err)
	}
	if got, want := prefixed.byField()["body"], terms[len(terms)-shortPrefixTerms:]; !slices.Equal(got, want) {
		t.Errorf("\"za\" stands for %v in the body, want the %d on the most pages, %v", got, shortPrefixTerms, want)
	}

	snap := testSnapshot(t, idx.base.idx)
	defer snap.Close()
	dict, err := snap.FieldDictPrefix("body", []byte("za"))
	right := 0
	for _, e := range dictEntries(t, dict, err) {
		if k := slices.Index(terms, e.Term); k >= 0 && e.Count == uint64(k+1) {
			right++
		}
	}
	if right == len(terms) {
		t.Errorf("Bleve's dictionary now counts the body's terms right: termCounts can go")
	}
}

// TestPrefixCacheKeepsWhatTheDictionaryGives checks that the terms a
// prefix stands for, once kept, are those its dictionary gives, for the
// build's snapshot only.
func TestPrefixCacheKeepsWhatTheDictionaryGives(t *testing.T) {
	idx, _ := demoIndex(t)
	r := idx.base.reader
	ctx := context.Background()
	known := newPrefixCache(r)
	kept := 0
	for _, field := range textFields {
		for _, prefix := range []string{"c", "co", "coo", "coord", "fr", "p", "ph", "zz", "1"} {
			q := &prefixQuery{prefix: prefix, field: field, boost: 2, known: known}
			want, err := q.terms(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			for turn := range 2 {
				var found termSet
				q.found = &found
				s, err := q.Searcher(ctx, r, idx.base.mapping, bsearch.SearcherOptions{})
				if err != nil {
					t.Fatal(err)
				}
				s.Close()
				if got := found.byField()[field]; !slices.Equal(got, want) && len(want) > 0 {
					t.Errorf("%s:%s* turn %d: %v, the dictionary gives %v", field, prefix, turn, got, want)
				}
			}
			names, ok := known.get(r, field, prefix)
			if !ok || !slices.Equal(names, want) {
				t.Errorf("%s:%s*: kept %v %v, the dictionary gives %v", field, prefix, ok, names, want)
			}
			if ok {
				kept++
			}
		}
	}
	if kept == 0 {
		t.Error("no prefix kept")
	}
	// Another snapshot's terms are its own.
	other := newPrefixCache(nil)
	other.put(r, "body", "co", []string{"x"})
	if _, ok := other.get(r, "body", "co"); ok {
		t.Error("a cache of another snapshot kept this one's terms")
	}
}
