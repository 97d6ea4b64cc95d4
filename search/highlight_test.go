package search

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// findReference is find as first written: every rune decoded, every word
// lower-cased and looked up. find must give what it gives.
func findReference(m *matcher, text string) ([]span, int) {
	var out []span
	var terms []string
	distinct := map[string]bool{}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) && !(r == '\'' && i+size < len(text) && isWordRune(rune(text[i+size]))) {
				break
			}
			i += size
		}
		word := strings.ToLower(text[start:i])
		word = strings.TrimSuffix(strings.TrimSuffix(word, "'s"), "’s")
		term := ""
		if m.startsLike(word) {
			term = porterstemmer.StemString(word)
			if m.matches(term) || m.prefix != "" && strings.HasPrefix(word, m.prefix) {
				out = append(out, span{start, i})
				distinct[term] = true
			}
		}
		if len(m.phrases) > 0 {
			if stopWords[word] {
				continue
			}
			terms = append(terms, term)
		}
	}
	score := 10*len(distinct) + len(out)
	for _, ph := range m.phrases {
		for i := 0; i+len(ph) <= len(terms); i++ {
			whole := true
			for j, term := range ph {
				if terms[i+j] != term {
					whole = false
					break
				}
			}
			if whole {
				score += 50
			}
		}
	}
	return out, score
}

func TestFindMatchesReference(t *testing.T) {
	idx, built := demoIndex(t)
	texts := []string{
		"A's b's AB's X's x'y 'quoted' it’s Café CAFÉ naïve ÉCOLE éa Straße 12th 1,000 e.g. care-home GP's",
		"Frailty FRAILTY frail frailties care homes Care Homes coordinators co-ordinator coordinator’s",
		"unity of effort Unity Of Effort shared care plan shared-care plan", "", "a", "'", "A'", "I'm",
	}
	for _, p := range built.Pages {
		texts = append(texts, p.Meta.Title, p.Meta.Summary)
		for _, part := range p.Parts {
			texts = append(texts, part.Heading, part.Text)
		}
	}
	queries := append([]string{"a", "x", "ab", "A's", "café", "éc", "12", "1,000", "it", "gp's", `"care home" frailty`, `"unity of effort"`,
		"coordinator", "coord", "frailty care homes", "pharmasy", "co-ordinator", "straße"}, benchQueries...)
	for _, q := range queries {
		m := idx.newMatcher(ParseQuery(q))
		for _, text := range texts {
			gotSpans, gotScore := idx.find(m, text)
			wantSpans, wantScore := findReference(m, text)
			if gotScore != wantScore || !reflect.DeepEqual(gotSpans, wantSpans) {
				t.Errorf("query %q in %.80q: spans %v score %d, want %v %d", q, text, gotSpans, gotScore, wantSpans, wantScore)
			}
		}
	}
}
