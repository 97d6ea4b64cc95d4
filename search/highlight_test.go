package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"intkb/search/static"
)

// runMatched runs r on idx as Search does, the first 100 hits, with the
// terms each hit matched in each field when locations is set, and
// returns the result and the query's matcher.
func runMatched(t *testing.T, idx *Index, r Request, locations bool) (*bleve.SearchResult, *matcher) {
	t.Helper()
	q := ParseQuery(r.Query)
	prefixed := &termSet{}
	pq := idx.pageQuery(q, r.Filters, prefixed)
	if pq == nil {
		return &bleve.SearchResult{}, idx.newMatcher(q, nil)
	}
	req := bleve.NewSearchRequestOptions(pq, MaxSize, 0, false)
	req.SortBy([]string{"-_score", "_id"}) // as helpLast orders hits of the same score
	req.IncludeLocations = locations
	sr, err := idx.idx.Search(req)
	if err != nil {
		t.Fatalf("%q: %v", r.Query, err)
	}
	return sr, idx.newMatcher(q, prefixed.byField())
}

// hitList lists a result's hits, one a line: its id and its score to 12
// digits.
func hitList(sr *bleve.SearchResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d hits\n", sr.Total)
	for _, h := range sr.Hits {
		fmt.Fprintf(&b, "%s %.12g\n", h.ID, h.Score)
	}
	return b.String()
}

// typoQueries have one typo of each kind Bleve's fuzzy matching counts as
// one edit, in the middle of a word and in its first letters: swapped
// neighbours, a letter changed, one missing, one too many.
var typoQueries = []string{
	"frialty", "rfailty", "fraitly", "pahrmacy", "pharmcay", "coordniator", "neighbourhodo", "brailty",
	"frailtty", "frilty", "relabelld", "ocordinator", "frialty care", "frailty-care homse", "pooled bugdet",
}

// highlightQueries are the queries whose marks are compared with what the
// index matched.
func highlightQueries() []Request {
	reqs := slices.Clone(agreementQueries)
	for _, q := range append(slices.Clone(typoQueries), "c", "s", "t", "ne", "team pa") {
		reqs = append(reqs, Request{Query: q})
	}
	return reqs
}

// highlighted are the text fields the highlighter marks, as it reads
// them from a page's stored sections: a hit's summary, and its sections'
// headings and text.
func highlighted(p *storedPage) (fields, texts []string) {
	fields, texts = []string{"summary"}, []string{p.summary}
	for _, part := range p.parts {
		fields = append(fields, "headings", "body")
		texts = append(texts, part.Heading, part.Text)
	}
	return fields, texts
}

// indexMarks returns, for every hit of r, keyed by URL, the spans a
// highlighter marks in each of its highlighted texts when it is told, for
// each field, exactly the terms Bleve says the hit matched in that field:
// what the highlighter should mark. The words of a phrase are marked
// wherever they are (see matcher), so they are told too. The index keeps
// no term vectors for the body, so the terms are read from the same
// query's hits on vectorIndex, which must be the same hits.
func indexMarks(t *testing.T, idx *Index, r Request) (map[string][][]span, map[string]*storedPage, *matcher) {
	t.Helper()
	sr, m := runMatched(t, idx, r, false)
	vr, _ := runMatched(t, vectorIndex(t), r, true)
	if got, want := hitList(sr), hitList(vr); got != want {
		t.Fatalf("%q: the index finds\n%s\nwhere one with the body's term vectors finds\n%s", r.Query, got, want)
	}
	want, pages := map[string][][]span{}, map[string]*storedPage{}
	for _, h := range vr.Hits {
		p, err := idx.storedPage(h.ID)
		if err != nil {
			t.Fatal(err)
		}
		told := &matcher{known: map[string]uint8{}}
		for _, ph := range m.phrases {
			for _, term := range ph {
				told.known[term] = everyField
			}
		}
		for _, f := range textFields {
			for term := range h.Locations[f] {
				told.known[term] |= fieldBit(f)
			}
		}
		fields, texts := highlighted(p)
		for i, text := range texts {
			s, _ := idx.find(told, fields[i], text)
			want[p.url] = append(want[p.url], s)
		}
		pages[p.url] = p
	}
	return want, pages, m
}

// TestHighlighterMarksWhatTheIndexMatched checks that in every hit the
// highlighter marks the words whose terms the index matched in that field
// of that page, as Bleve reports them, and no others: terms one typo away
// (a swap of neighbours among them), the terms a prefix stood for in the
// field and no more.
func TestHighlighterMarksWhatTheIndexMatched(t *testing.T) {
	idx, _ := demoIndex(t)
	hits, marked := 0, 0
	for _, r := range highlightQueries() {
		want, pages, m := indexMarks(t, idx, r)
		for url, p := range pages {
			hits++
			fields, texts := highlighted(p)
			for i, text := range texts {
				got, _ := idx.find(m, fields[i], text)
				if len(got) > 0 {
					marked++
				}
				if !slices.Equal(got, want[url][i]) {
					t.Errorf("%q in %s, %s %.60q:\nmarks %v\nindex %v", r.Query, url, fields[i], text, words(text, got), words(text, want[url][i]))
				}
			}
		}
	}
	if hits < 300 || marked < 300 {
		t.Errorf("only %d hits, %d texts marked: the comparison says little", hits, marked)
	}
}

// TestTypoHitsAreMarked checks that a word with one typo, swapped
// letters among them, links to the same sections and marks the same words
// as the word spelt right, when the typo reaches that word alone: the
// highlighter once ignored swaps, and a page found through one showed
// nothing marked and linked to no section.
func TestTypoHitsAreMarked(t *testing.T) {
	idx, _ := demoIndex(t)
	shown := func(q string) []string {
		res, err := idx.Search(Request{Query: q, Size: MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.URL+" "+h.Snippet)
		}
		slices.Sort(out)
		return out
	}
	for typo, word := range map[string]string{"frialty": "frailty", "rfailty": "frailty", "fraitly": "frailty", "pahrmacy": "pharmacy", "sponsro": "sponsor"} {
		got, want := shown(typo), shown(word)
		if len(want) == 0 || !strings.Contains(strings.Join(want, ""), "#") || !strings.Contains(strings.Join(want, ""), "<mark>") {
			t.Fatalf("%q: %v: nothing to compare with", word, want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q shows\n%v\n%q shows\n%v", typo, strings.Join(got, "\n"), word, strings.Join(want, "\n"))
		}
	}
}

// find returns the words of text, a text of field, that m marks, and how
// well text matches, as linkSection finds them in a stored page.
func (x *Index) find(m *matcher, field, text string) ([]span, int) {
	toks := x.analyseShown([]string{text}).text(0)
	m.use(x.numbers)
	return m.spans(toks, fieldBit(field)), m.score(toks, fieldBit(field))
}

func words(text string, spans []span) []string {
	out := []string{}
	for _, s := range spans {
		out = append(out, text[s.start:s.end])
	}
	return out
}

// TestTypoSkipsByBytes holds matcher.typo, which skips words whose bytes
// differ too much for one edit, to static.WithinOneEditASCII alone, over
// random words of letters and digits (some sharing a bit of the byte
// sets, as 'p' and '0' do) and words one random edit from them.
func TestTypoSkipsByBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const alphabet = "aeoprst0129xyz_'-"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	near, far := 0, 0
	for trial := 0; trial < 50000; trial++ {
		f := word(1 + rng.IntN(10))
		w := []byte(f)
		switch i := rng.IntN(len(w)); rng.IntN(5) {
		case 0:
			w = append(w[:i:i], append([]byte{alphabet[rng.IntN(len(alphabet))]}, w[i:]...)...)
		case 1:
			w = append(w[:i:i], w[i+1:]...)
		case 2:
			w[i] = alphabet[rng.IntN(len(alphabet))]
		case 3:
			if i+1 < len(w) {
				w[i], w[i+1] = w[i+1], w[i]
			}
		default:
			w = []byte(word(1 + rng.IntN(10)))
		}
		want := static.WithinOneEditASCII(f, string(w))
		m := &matcher{fuzzyTerms: []numberedTerm{newNumberedTerm(f)}}
		if got := m.typo(newNumberedTerm(string(w))) == everyField; got != want {
			t.Fatalf("%q and %q: typo %v, WithinOneEditASCII %v", f, w, got, want)
		}
		if want {
			near++
		} else {
			far++
		}
	}
	if near < 20000 || far < 5000 {
		t.Errorf("only %d pairs one edit apart and %d not", near, far)
	}
}
