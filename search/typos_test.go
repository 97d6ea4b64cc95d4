package search

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"intkb/search/static"

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
		var terms []string
		for _, e := range dictEntries(t, dict, err) {
			terms = append(terms, e.Term)
		}
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
			for _, e := range dictEntries(t, fd, err) {
				wantTerms = append(wantTerms, e.Term)
				wantDists = append(wantDists, e.EditDistance)
			}
			gotTerms, gotDists := table.candidates(w)
			compared++
			if len(wantTerms) > 1 {
				found++
			}
			if !reflect.DeepEqual(gotTerms, wantTerms) || !reflect.DeepEqual(gotDists, wantDists) {
				t.Errorf("%s: %q: candidates %v %v, Bleve %v %v", field, w, gotTerms, gotDists, wantTerms, wantDists)
			}
		}
		// Asked again, from the words' candidates the table keeps.
		for _, w := range words {
			kept, keptDists := table.candidates(w)
			found, foundDists := table.find(w)
			if !reflect.DeepEqual(kept, found) || !reflect.DeepEqual(keptDists, foundDists) {
				t.Errorf("%s: %q: candidates kept %v %v, looked up %v %v", field, w, kept, keptDists, found, foundDists)
			}
		}
	}
	if found < 100 {
		t.Errorf("only %d of %d words had typo candidates: the comparison says little", found, compared)
	}
}

// TestTypoQueriesScoreAsBleveFuzzy runs every comparison query with typos
// matched by typoQuery and by Bleve's own fuzzy MatchQuery (see
// withBleveFuzzy): the hits, their order and scores must be the same.
func TestTypoQueriesScoreAsBleveFuzzy(t *testing.T) {
	idx, _ := demoIndex(t)
	queries := append([]Request(nil), agreementQueries...)
	for _, q := range append(benchQueries, "frialty care homse", "coordinater", "nieghbourhood teams", "carehome") {
		queries = append(queries, Request{Query: q})
	}
	for _, f := range textFields {
		idx.typos.wait(idx.base.reader, f)
	}
	typos, replaced := 0, 0
	for _, r := range queries {
		q := ParseQuery(r.Query)
		ours := idx.pageQuery(q, r.Filters, nil)
		if ours == nil {
			continue
		}
		theirs, n := withBleveFuzzy(idx.pageQuery(q, r.Filters, nil))
		replaced += n
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
	if typos < 20 || replaced < 40 {
		t.Errorf("only %d queries found anything, with %d typo matches compared", typos, replaced)
	}
}

// withBleveFuzzy returns q, a query pageQuery made, with each word's
// typoMatch replaced by what intkb once built in its place: Bleve's own
// MatchQuery of the word, in the same field, with fuzziness 1, at the
// field's boost times typoWeight. The word and the field's boost are read
// from the word's plain MatchQuery in that field, which wordQuery puts
// just before the typoMatch, so that nothing is copied from the
// typoQuery terms the comparison is about. It also returns how many it
// replaced.
func withBleveFuzzy(q query.Query) (query.Query, int) {
	n := 0
	var walk func(q query.Query) query.Query
	var alts func(qs []query.Query)
	walk = func(q query.Query) query.Query {
		switch q := q.(type) {
		case *query.BooleanQuery:
			for _, sub := range []*query.Query{&q.Must, &q.Should, &q.MustNot} {
				if *sub != nil {
					*sub = walk(*sub)
				}
			}
		case *query.ConjunctionQuery:
			for i, c := range q.Conjuncts {
				q.Conjuncts[i] = walk(c)
			}
		case *query.DisjunctionQuery:
			alts(q.Disjuncts)
		case *anyQuery:
			alts(q.queries)
		}
		return q
	}
	alts = func(qs []query.Query) {
		for i, d := range qs {
			if i > 0 {
				if word, ok := qs[i-1].(*query.MatchQuery); ok && isTypoMatch(d, word.FieldVal) {
					f := bleve.NewMatchQuery(word.Match)
					f.SetField(word.FieldVal)
					f.SetFuzziness(1)
					f.SetBoost(word.BoostVal.Value() * typoWeight)
					qs[i] = f
					n++
					continue
				}
			}
			qs[i] = walk(d)
		}
	}
	return walk(q), n
}

// isTypoMatch reports whether q is a typoMatch in field: a disjunction of
// typoQuery terms of that field.
func isTypoMatch(q query.Query, field string) bool {
	var qs []query.Query
	switch d := q.(type) {
	case *query.DisjunctionQuery:
		qs = d.Disjuncts
	case *anyQuery:
		qs = d.queries
	}
	if len(qs) == 0 {
		return false
	}
	for _, t := range qs {
		if tq, ok := t.(*typoQuery); !ok || tq.field != field {
			return false
		}
	}
	return true
}

// TestWithBleveFuzzy checks that withBleveFuzzy reaches every typoQuery
// of a query, through its word's disjunction, the query's conjunction of
// words and the boolean query around them.
func TestWithBleveFuzzy(t *testing.T) {
	idx, _ := demoIndex(t)
	q, n := withBleveFuzzy(idx.pageQuery(ParseQuery("frialty coordinater -hospital"), Filters{"type": {"playbook"}}, nil))
	// Two words tolerant of typos, each in four fields, of one term each.
	if n != 8 {
		t.Errorf("%d typo queries replaced, want 8", n)
	}
	var left func(q query.Query) int
	left = func(q query.Query) int {
		switch q := q.(type) {
		case *typoQuery:
			return 1
		case *query.BooleanQuery:
			return left(q.Must) + left(q.Should) + left(q.MustNot)
		case *query.ConjunctionQuery:
			k := 0
			for _, c := range q.Conjuncts {
				k += left(c)
			}
			return k
		case *query.DisjunctionQuery:
			k := 0
			for _, d := range q.Disjuncts {
				k += left(d)
			}
			return k
		case *anyQuery:
			k := 0
			for _, d := range q.queries {
				k += left(d)
			}
			return k
		}
		return 0
	}
	if k := left(q); k != 0 {
		t.Errorf("%d typo queries left", k)
	}
}

// TestWithinOneEdit checks withinOneEdit on edits of each kind, in ASCII
// and beyond, and that its ASCII path agrees with the rune path on every
// one-letter edit of some words and on pairs two edits apart.
func TestWithinOneEdit(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"frailti", "frailti", true}, {"frailti", "frialti", true}, {"frailti", "rfailti", true},
		{"frailti", "frailit", true}, {"frailti", "frailt", true}, {"frailti", "frailtie", true},
		{"frailti", "brailti", true}, {"frailti", "railti", true}, {"frailti", "rfialti", false},
		{"frailti", "fraitl", false}, {"frailti", "frailtiss", false}, {"ab", "abcdefgh", false},
		{"café", "cafe", true}, {"café", "cafée", true}, {"café", "caf", true}, {"café", "caéf", true},
		{"café", "cefé", true}, {"café", "ceﬁ", false}, {"naïve", "naive", true}, {"日本語", "日本", true},
		{"日本語", "本日語", true}, {"日本語", "語", false}, {"a", "𝔞", true}, {"ab", "𝔞𝔟", false},
	} {
		if got := static.WithinOneEdit(c.a, c.b); got != c.want {
			t.Errorf("static.WithinOneEdit(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := static.WithinOneEdit(c.b, c.a); got != c.want {
			t.Errorf("static.WithinOneEdit(%q, %q) = %v, want %v", c.b, c.a, got, c.want)
		}
	}
	edits := func(w string) []string {
		var out []string
		for i := 0; i <= len(w); i++ {
			for _, l := range "aeirtz" {
				out = append(out, w[:i]+string(l)+w[i:]) // an insertion
				if i < len(w) {
					out = append(out, w[:i]+string(l)+w[i+1:]) // a substitution
				}
			}
			if i < len(w) {
				out = append(out, w[:i]+w[i+1:]) // a deletion
			}
			if i+1 < len(w) {
				out = append(out, w[:i]+w[i+1:i+2]+w[i:i+1]+w[i+2:]) // a swap
			}
		}
		return out
	}
	checked := 0
	var pairs [][2]string
	var want []bool
	for _, w := range []string{"frailti", "pharmaci", "coordin", "ab", "aab", "abba", "x"} {
		for _, e := range edits(w) {
			for _, f := range append(edits(e), e) {
				ascii, runes := static.WithinOneEditASCII(w, f), static.WithinOneEditRunes([]rune(w), []rune(f))
				if ascii != runes || static.WithinOneEdit(w, f) != runes {
					t.Fatalf("%q, %q: ASCII path %v, rune path %v", w, f, ascii, runes)
				}
				checked++
				if checked%7 == 0 {
					pairs, want = append(pairs, [2]string{w, f}), append(want, runes)
				}
			}
		}
	}
	if checked < 10000 {
		t.Errorf("only %d pairs checked", checked)
	}
	// The search page's script, which marks a typo's words in snippets,
	// agrees: on a seventh of those pairs, and on the words beyond ASCII.
	for _, w := range []string{"café", "naïve", "日本語", "𝔞𝔟c"} {
		for _, e := range []string{w, w + "s", w[:len(w)-1], "x" + w, strings.ToUpper(w)} {
			pairs, want = append(pairs, [2]string{w, e}), append(want, static.WithinOneEdit(w, e))
		}
	}
	pairs, want = append(pairs, [2]string{"𝔞𝔟", "𝔟𝔞"}, [2]string{"a𝔟", "𝔟"}), append(want, true, true)
	var got []bool
	runEngine(t, map[string]any{"withinOneEdit": pairs}, &got)
	if len(got) != len(pairs) {
		t.Fatalf("the script answered %d pairs of %d", len(got), len(pairs))
	}
	for i, p := range pairs {
		if got[i] != want[i] {
			t.Errorf("the script's withinOneEdit(%q, %q) = %v, Go's %v", p[0], p[1], got[i], want[i])
		}
	}
}

// TestTypoReachesLongestQueryWord checks typoMaxLetters: a term of that
// many letters is one typo from a query's longest word, and both indexes
// find it as Bleve's automaton does; a longer one, whose deletions
// neither lists, is a typo from no query's word.
func TestTypoReachesLongestQueryWord(t *testing.T) {
	longest := strings.Repeat("x", typoMaxLetters)
	longer := strings.Repeat("y", typoMaxLetters+1)
	fsys := fstest.MapFS{
		"site.toml":    {Data: []byte("title = \"t\"\nbaseURL = \"/\"\n")},
		"content/x.md": {Data: []byte("+++\ntitle = \"X\"\n+++\n" + longest + " " + longer + "\n")},
	}
	out, idx := builtIndex(t, fsys, NewIndexes)
	r := idx.base.reader
	table := idx.typos.wait(r, "body")
	if table == nil {
		t.Fatal("no typo table for body")
	}
	fuzzy := r.(index.IndexReaderFuzzy)
	queries := []string{longest[:MaxQueryLength], longer[:MaxQueryLength]}
	for i, q := range queries {
		var want []string
		fd, _, err := fuzzy.FieldDictFuzzyAutomaton("body", q, 1, "")
		for _, e := range dictEntries(t, fd, err) {
			want = append(want, e.Term)
		}
		got, _ := table.candidates(q)
		if !reflect.DeepEqual(got, want) || len(got) != 1-i {
			t.Errorf("%d letters of %c: candidates %d, Bleve %d, want %d", len(q), q[0], len(got), len(want), 1-i)
		}
	}
	agreeStatic(t, idx, out, []Request{{Query: queries[0]}, {Query: queries[1]}}, 5)
	if len(reaching(longer)) != 1 {
		t.Errorf("the deletions of a term of %d letters are listed", len(longer))
	}
}
