package search

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// demoPhrases returns phrases taken from the demo index's bodies: from
// every page, runs of two to four words across each join of two parts,
// and of its last part and its tail, and at the start and in the middle
// of each part; and, mostly not in the body, the middle runs' two words
// the other way round, and two words five apart. Words are taken as the
// text spells them, punctuation and all, as a reader would paste them.
func demoPhrases(t *testing.T, idx *Index) []string {
	t.Helper()
	var phrases []string
	add := func(words ...string) {
		phrases = append(phrases, `"`+strings.Join(words, " ")+`"`)
	}
	for _, url := range docIDs(t, idx) {
		p, err := idx.storedPage(url)
		if err != nil {
			t.Fatal(err)
		}
		words := strings.Fields(bodyText(p.parts, storedTail(t, idx, url)))
		at := 0
		for i, pt := range p.parts {
			n := len(strings.Fields(pt.Text))
			if j := at + n; j >= 2 && j+2 <= len(words) {
				add(words[j-2 : j+2]...) // across the join
				add(words[j-1 : j+1+i%2]...)
			}
			if n >= 3 {
				add(words[at : at+3]...)
			}
			if n >= 8 {
				m := at + n/2
				add(words[m : m+2]...)
				add(words[m+1], words[m])
				add(words[m], words[m+5])
			}
			at += n
		}
	}
	return phrases
}

// storedTail returns the stored tail of the page at url in idx.
func storedTail(t *testing.T, idx *Index, url string) string {
	t.Helper()
	doc, err := idx.base.idx.Document(url)
	if err != nil || doc == nil {
		t.Fatalf("%s: %v", url, err)
	}
	var tail string
	doc.VisitFields(func(f index.Field) {
		if f.Name() == "tail" {
			tail = string(f.Value())
		}
	})
	return tail
}

// docIDs returns the ids of every document of idx.
func docIDs(t *testing.T, idx *Index) []string {
	t.Helper()
	sr, err := idx.base.idx.Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 100000, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range sr.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

// TestBodyPhrasesMatchBleve checks that phrases found without the body's
// term vectors (bodyPhraseQuery) find the pages, with the scores, that
// Bleve's phrase queries find on the same site indexed with them: a
// thousand and more phrases from the demo's bodies, across the joins of
// its parts and the tail, with stop words inside and at either end, with
// words, filters and exclusions beside them.
func TestBodyPhrasesMatchBleve(t *testing.T) {
	idx, _ := demoIndex(t)
	vec := vectorIndex(t)
	queries := []Request{
		{Query: `"unity of effort"`}, {Query: `"shared care plan"`}, {Query: `"care of the"`}, {Query: `"the care"`},
		{Query: `"of the and"`}, {Query: `"frailty"`}, {Query: `"care homes" -"shared care"`}, {Query: `team -"care homes"`},
		{Query: `"district nurse" frailty`}, {Query: `"neighbourhood team" "care homes"`}, {Query: `"homes care"`},
		{Query: `"care homes"`, Filters: Filters{"type": []string{"case-study"}}}, {Query: `"quokka wombat"`},
		{Query: `"Saltmere"`}, {Query: `"frailty care homes"`, Page: 2, Size: 3},
	}
	for _, p := range demoPhrases(t, idx) {
		queries = append(queries, Request{Query: p})
	}
	found, missed := 0, 0
	for _, r := range queries {
		got, want := searchList(t, idx, r), searchList(t, vec, r)
		if got != want {
			t.Errorf("%q: found without the body's term vectors\n%s\nwith them\n%s", r.Query, got, want)
		}
		if strings.HasPrefix(want, "0 hits") {
			missed++
		} else {
			found++
		}
	}
	// The check must have both kinds to tell apart.
	if found < 500 || missed < 150 {
		t.Errorf("%d phrases found and %d not: too few of one to check", found, missed)
	}
}

// searchList runs r on idx and lists its total and its hits with their
// scores, to 12 digits.
func searchList(t *testing.T, idx *Index, r Request) string {
	t.Helper()
	res, err := idx.Search(r)
	if err != nil {
		t.Fatalf("%q: %v", r.Query, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d hits\n", res.Total)
	for _, h := range res.Hits {
		fmt.Fprintf(&b, "%s %.12g\n", h.URL, h.Score)
	}
	return b.String()
}

// TestWarmPhrases checks that WarmPhrases analyses every page's body, so
// that phrases then read none and find what they find on an index not
// warmed; that a live update shares the bodies of the build's pages; and
// that an index closed while it warms closes.
func TestWarmPhrases(t *testing.T) {
	demoIndex(t)
	out := filepath.Join(demo.dir, "public")
	idx, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	idx.WarmPhrases()
	n, err := idx.DocCount()
	if err != nil || n < 10 {
		t.Fatalf("%d documents (%v)", n, err)
	}
	deadline := time.Now().Add(time.Minute)
	for idx.bodies.base.len() < int(n) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d bodies analysed after a minute", idx.bodies.base.len(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	next, err := idx.Update(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if next.bodies.base != idx.bodies.base || next.bodies.delta == idx.bodies.delta {
		t.Error("a live update does not share the build's bodies, or shares the update's")
	}
	demo, _ := demoIndex(t)
	for _, q := range []string{`"care homes"`, `"shared care plan"`, `"homes care"`, `team -"care homes"`} {
		if got, want := searchList(t, next, Request{Query: q}), searchList(t, demo, Request{Query: q}); got != want {
			t.Errorf("%s: warmed, finds\n%s\nnot warmed\n%s", q, got, want)
		}
	}
	if got := idx.bodies.base.len(); got != int(n) {
		t.Errorf("the phrases analysed %d bodies more", got-int(n))
	}
	if got := next.bodies.delta.len(); got != 0 {
		t.Errorf("the update analysed %d of the build's bodies again", got)
	}
	for _, x := range []*Index{next, idx} {
		if err := x.Close(); err != nil {
			t.Error(err)
		}
	}

	// Closed at once: Close waits for the goroutine, which stops.
	again, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	again.WarmPhrases()
	if err := again.Close(); err != nil {
		t.Error(err)
	}
	if got := again.bodies.base.len(); got >= int(n) {
		t.Logf("every body was analysed before Close stopped it (%d)", got)
	}
}

// BenchmarkSearch10kPhrases asks, one at a time and past the response
// cache, each pair of neighbours in bench/search-uncached.lua's words as
// a phrase ("frailty care", "care homes" and so on), at 10,000 pages:
// what a phrase costs now that the body's are checked against its text
// (see bodyPhraseQuery). Warm, the bodies a phrase was checked in stay
// analysed for the next; cold, every query starts with none, as the
// first queries after an index opens do.
func BenchmarkSearch10kPhrases(b *testing.B) {
	var phrases []string
	for i := 0; i+1 < len(uncachedWords); i++ {
		phrases = append(phrases, `"`+uncachedWords[i]+" "+uncachedWords[i+1]+`"`)
	}
	idx := benchIndex(b, 10000)
	b.Run("warm", func(b *testing.B) { benchUncached(b, idx, phrases) })
	b.Run("cold", func(b *testing.B) {
		benchUncached(b, idx, phrases, func() { idx.bodies = newBodyTerms(idx.analyser, idx.base.reader) })
	})
}
