package search

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"intkb/bench/corpus"
)

// bleveEnglish returns Bleve's own English analyzer, which analyser must
// match.
func bleveEnglish(t testing.TB) analysis.Analyzer {
	t.Helper()
	a := mapping.NewIndexMapping().AnalyzerNamed(en.AnalyzerName)
	if a == nil {
		t.Fatal("bleve has no English analyzer")
	}
	return a
}

// tokenString lists tokens as term@position[start:end].
func bleveTokens(a analysis.Analyzer, text string) []string {
	var out []string
	for _, t := range a.Analyze([]byte(text)) {
		out = append(out, fmt.Sprintf("%s@%d[%d:%d]", t.Term, t.Position, t.Start, t.End))
	}
	return out
}

func ourTokens(a *analyser, text string) []string {
	c := a.cache()
	defer c.mu.Unlock()
	var out []string
	for _, t := range a.analyse(c, text, nil) {
		out = append(out, fmt.Sprintf("%s@%d[%d:%d]", c.terms[t.term].s, t.pos, t.start, t.end))
	}
	return out
}

// analysisCases are texts that exercise each word boundary rule and
// filter, ASCII and not.
var analysisCases = []string{
	"", " ", "a", "A", "_", "__", "'", "'s", "a's", "A'S", "team's", "teams'", "James’s", "James＇s",
	"e.g.", "e.g. U.K. .net a.b.c a.", ".a", "a.1", "1.a", "3.5", "3.5a", "a3.5", "1,000", "1,000abc,def",
	"1;2", "a;b", "a:b", "10:30", "type:blueprint", "a_b", "a_.b", "_.5", "_1", "1_", "12_3", "a__b",
	"don't", "o'clock", "rock'n'roll", "1'000", "1'2'a", "a'1", "''", "a''b", "a..b", "1..2", "1,,2",
	"The quick brown fox's den, isn't it?", "co-ordinator", "care-home", "end.", "(brackets) [more]",
	"tab\tseparated\nlines\r\nand\vvertical\fform", "café résumé naïve", "cafe\u0301", " \u0301a", "\u0301",
	"“quoted”", "‘single’", "en–dash em—dash", "coordinator’s", "Ⱥ", "ΣΑΣ", "İstanbul", "東京 かな カタカナ 한국어",
	"x\u200by", "x\u00ady", "😀 smile", "number 42 and 4.2.1", "mid:dle:colon", "e-mail me@example.org",
	"https://example.org/a/b?c=d#e", "£5,000 and 10%", "3rd 21st", "Frailty, care homes and coordinators.",
	"THE AND OF", "running runs ran easily", "ponies caresses",
}

func TestAnalyserMatchesBleve(t *testing.T) {
	bleve, ours := bleveEnglish(t), newAnalyser()
	compare := func(name, text string) {
		t.Helper()
		want, got := bleveTokens(bleve, text), ourTokens(ours, text)
		if !reflect.DeepEqual(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: tokens differ from Bleve's at token %d:\n got %.300v\nwant %.300v", name, i, got[i:], want[i:])
		}
	}
	for _, c := range analysisCases {
		compare(fmt.Sprintf("%q", c), c)
	}
	err := filepath.WalkDir("../content", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(p)
		compare(p, string(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	files := corpus.Files(300, 1)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		compare(name, string(files[name]))
	}
	// Random texts over the characters the boundary rules treat apart.
	r := rand.New(rand.NewSource(1))
	alphabet := []string{"a", "Z", "s", "S", "0", "7", "_", ".", ",", ";", ":", "'", "\"", " ", "-", "\n", "\t", "’", "é", "\u0301", "ß", "1", "x"}
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for range 1 + r.Intn(12) {
			b.WriteString(alphabet[r.Intn(len(alphabet))])
		}
		compare(fmt.Sprintf("random %q", b.String()), b.String())
	}
}

// TestNormLength checks the lengths both indexes score a field by: every
// length below 1<<normBits as it is, and every other within 1/2^normBits
// of itself, in order, lengths that share their normBits leading bits
// kept as one, and a few more words mostly keeping a long field's length.
func TestNormLength(t *testing.T) {
	same := 0
	for n := 0; n <= 1<<20; n++ {
		got := normLength(n)
		if n < 1<<normBits && got != n {
			t.Fatalf("normLength(%d) = %d, want %d", n, got, n)
		}
		if d := math.Abs(float64(got - n)); d > float64(n)/(1<<normBits) {
			t.Fatalf("normLength(%d) = %d: %v away", n, got, d)
		}
		if n > 0 && got < normLength(n-1) {
			t.Fatalf("normLength(%d) = %d, below normLength(%d) = %d", n, got, n-1, normLength(n-1))
		}
		if lead := bits.Len(uint(n)) - normBits; lead > 0 && n>>lead == (n-1)>>lead && got != normLength(n-1) {
			t.Fatalf("normLength(%d) = %d, normLength(%d) = %d", n, got, n-1, normLength(n-1))
		}
		if n >= 500 && n < 2000 && normLength(n+3) == got {
			same++
		}
	}
	// Three words added to a body of 500 to 2,000 words leave its
	// length as it was 19 times in 20, and more for longer bodies.
	if same < 1500*19/20 {
		t.Errorf("three words added change the length of %d bodies of 1,500", 1500-same)
	}
}

func FuzzAnalyser(f *testing.F) {
	for _, c := range analysisCases {
		f.Add(c)
	}
	bleve, ours := bleveEnglish(f), newAnalyser()
	f.Fuzz(func(t *testing.T, text string) {
		want, got := bleveTokens(bleve, text), ourTokens(ours, text)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: tokens differ from Bleve's:\n got %v\nwant %v", text, got, want)
		}
	})
}

// TestAnalysedFieldMatchesBleve checks that a field analysed once holds
// what Bleve's own analysis gives its index: the same length (as
// normLength keeps it), terms, frequencies and positions, and no
// offsets, which the index would store for nothing.
func TestAnalysedFieldMatchesBleve(t *testing.T) {
	bleve, ours := bleveEnglish(t), newAnalyser()
	opts := index.IndexField | index.IncludeTermVectors
	for _, text := range append(analysisCases, strings.Repeat("care homes and frailty; the care home's team. ", 40)) {
		tokens := bleve.Analyze([]byte(text))
		want := analysis.TokenFrequency(tokens, nil, opts)
		got, _ := ours.field(text, nil)
		if got.length != normLength(len(tokens)) {
			t.Errorf("%q: length %d, Bleve %d, kept as %d", text, got.length, len(tokens), normLength(len(tokens)))
		}
		if len(got.freqs) != len(want) {
			t.Errorf("%q: %d terms, Bleve %d", text, len(got.freqs), len(want))
			continue
		}
		for term, w := range want {
			g := got.freqs[term]
			if g == nil {
				t.Errorf("%q: no term %q", text, term)
				continue
			}
			if string(g.Term) != string(w.Term) || g.Frequency() != w.Frequency() || len(g.Locations) != len(w.Locations) {
				t.Errorf("%q: term %q: %q ×%d at %d places, Bleve %q ×%d at %d", text, term, g.Term, g.Frequency(), len(g.Locations), w.Term, w.Frequency(), len(w.Locations))
				continue
			}
			for i := range w.Locations {
				want := *w.Locations[i]
				want.Start, want.End = 0, 0
				if !reflect.DeepEqual(*g.Locations[i], want) {
					t.Errorf("%q: term %q location %d: %+v, want Bleve's %+v without its offsets", text, term, i, *g.Locations[i], *w.Locations[i])
				}
			}
		}
	}
}

// BenchmarkAnalyser compares the analysis of a generated corpus's pages
// into what the index takes, by analyser and by Bleve's own analyzer.
func BenchmarkAnalyser(b *testing.B) {
	files := corpus.Files(200, 1)
	var texts []string
	size := 0
	for _, data := range files {
		texts = append(texts, string(data))
		size += len(data)
	}
	b.Run("intkb", func(b *testing.B) {
		a := newAnalyser()
		b.SetBytes(int64(size))
		var toks []token
		for i := 0; i < b.N; i++ {
			for _, t := range texts {
				_, toks = a.field(t, toks)
			}
		}
	})
	b.Run("bleve", func(b *testing.B) {
		a := bleveEnglish(b)
		b.SetBytes(int64(size))
		opts := index.IndexField | index.IncludeTermVectors
		for i := 0; i < b.N; i++ {
			for _, t := range texts {
				analysis.TokenFrequency(a.Analyze([]byte(t)), nil, opts)
			}
		}
	})
}

// TestAnalyserForgets checks that an analyser fed ever new words, as one
// answering queries for months is, keeps its caches bounded, and still
// analyses as Bleve does.
func TestAnalyserForgets(t *testing.T) {
	bleve, ours := bleveEnglish(t), newAnalyser()
	var b strings.Builder
	for i := range 3 * maxCachedWords / 2 {
		b.Reset()
		fmt.Fprintf(&b, "w%dx care homes", i)
		if got, want := ourTokens(ours, b.String()), bleveTokens(bleve, b.String()); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: %v, Bleve %v", b.String(), got, want)
		}
	}
	for i := range ours.caches {
		c := &ours.caches[i]
		if len(c.terms) > maxCachedWords+1 || c.words.n > maxCachedWords+1 {
			t.Errorf("cache %d holds %d terms and %d words", i, len(c.terms), c.words.n)
		}
	}
	if len(ours.stemmed) > maxCachedWords {
		t.Errorf("%d stems remembered", len(ours.stemmed))
	}
}
