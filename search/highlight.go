package search

import (
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// snippetLength is about how many bytes of text a snippet shows.
const snippetLength = 240

// matcher tells which indexed terms a query matches, the way the index
// does: the same analysis, one typo for long words, the last word as a
// prefix.
type matcher struct {
	exact   map[string]bool
	fuzzy   []string
	prefix  string
	phrases [][]string // the analysed terms of each phrase
	// startList holds the first two letters of every term above: only
	// words that start so are stemmed.
	startList []string
	lowered   map[string]string // words as found: lower case, for one query
	stems     map[string]string // lower-case words: stems, for one query
}

func (x *Index) newMatcher(q Query) *matcher {
	m := &matcher{exact: map[string]bool{}}
	for i, w := range q.Words {
		terms := x.analyze(w)
		long := utf8.RuneCountInString(w) >= 5
		for _, t := range terms {
			m.exact[t] = true
			if long && utf8.RuneCountInString(t) >= 5 {
				m.fuzzy = append(m.fuzzy, t)
			}
		}
		if i == len(q.Words)-1 && len(terms) > 0 {
			m.prefix = strings.ToLower(w)
		}
	}
	for _, p := range q.Phrases {
		terms := x.analyze(p)
		for _, t := range terms {
			m.exact[t] = true
		}
		if len(terms) > 1 {
			m.phrases = append(m.phrases, terms)
		}
	}
	for _, fv := range q.Fields {
		switch queryFields[fv.Field] {
		case "title", "summary", "headings", "body":
			for _, t := range x.analyze(fv.Value) {
				m.exact[t] = true
			}
		}
	}
	addStart := func(t string) {
		if f := firstTwo(t); !slices.Contains(m.startList, f) {
			m.startList = append(m.startList, f)
		}
	}
	for t := range m.exact {
		addStart(t)
	}
	for _, t := range m.fuzzy {
		addStart(t)
	}
	if m.prefix != "" {
		addStart(m.prefix)
	}
	m.lowered, m.stems = map[string]string{}, map[string]string{}
	return m
}

func firstTwo(s string) string {
	if len(s) > 2 {
		return s[:2]
	}
	return s
}

func (m *matcher) matches(term string) bool {
	if m.exact[term] {
		return true
	}
	if m.prefix != "" && strings.HasPrefix(term, m.prefix) {
		return true
	}
	for _, f := range m.fuzzy {
		if withinOneEdit(f, term) {
			return true
		}
	}
	return false
}

// span is the byte range of a matching word in a text.
type span struct{ start, end int }

// find returns the matching words of text and how well text matches: ten
// for each different word, one for each occurrence, and fifty for each
// phrase found whole. It runs for every hit on every query, so instead of
// the index's full analysis it splits words itself and stems only the
// words that start like a query term; stop words never match, because
// queries drop them.
func (x *Index) find(m *matcher, text string) ([]span, int) {
	var out []span
	var terms []string    // every word's term, for phrases; "" for words not stemmed
	var distinct []string // the different terms matched
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			if !isASCIIWord(c) {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); !isWordRune(r) {
			i += size
			continue
		}
		start := i
		ascii := true
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				if !isASCIIWord(c) && !(c == '\'' && i+1 < len(text) && isWordRune(rune(text[i+1]))) {
					break
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				break
			}
			ascii = false
			i += size
		}
		raw := text[start:i]
		if !m.mayStart(raw, ascii) && len(m.phrases) == 0 {
			continue
		}
		word := m.lower(raw, ascii)
		term := ""
		if m.startsLike(word) {
			term = m.stem(word)
			if m.matches(term) || m.prefix != "" && strings.HasPrefix(word, m.prefix) {
				out = append(out, span{start, i})
				if !slices.Contains(distinct, term) {
					distinct = append(distinct, term)
				}
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

// isASCIIWord reports whether the ASCII character c is a letter or digit.
func isASCIIWord(c byte) bool { return isLetter(c) || isDigit(c) }

// mayStart reports whether a word may start like a query term, before
// it is lower-cased: for an ASCII word, whether its first two letters in
// lower case do; any other word may.
func (m *matcher) mayStart(raw string, ascii bool) bool {
	if !ascii {
		return true
	}
	var two [2]byte
	n := copy(two[:], raw)
	if n == 2 && two[1] == '\'' {
		return true // "A's" is the word "a"
	}
	for i := range n {
		two[i] |= 0x20 & -(two[i] >> 6 & 1) // lower-case letters; digits keep bit 6 clear
	}
	return m.startsLike(string(two[:n]))
}

// startsLike reports whether word starts as a query term does.
func (m *matcher) startsLike(word string) bool {
	first := firstTwo(word)
	for _, s := range m.startList {
		if s == first {
			return true
		}
	}
	return false
}

// lower returns a word as terms are compared: lower case, without a
// possessive 's. ASCII words are lower-cased here, and remembered.
func (m *matcher) lower(raw string, ascii bool) string {
	if w, ok := m.lowered[raw]; ok {
		return w
	}
	var w string
	if ascii {
		b := []byte(raw)
		for i, c := range b {
			if c >= 'A' && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		w = string(b)
	} else {
		w = strings.ToLower(raw)
	}
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	if len(m.lowered) < 4096 {
		m.lowered[raw] = w
	}
	return w
}

// stem returns a word's Porter stem, remembered.
func (m *matcher) stem(word string) string {
	if t, ok := m.stems[word]; ok {
		return t
	}
	t := porterstemmer.StemString(word)
	if len(m.stems) < 4096 {
		m.stems[word] = t
	}
	return t
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func (x *Index) spans(m *matcher, text string) []span {
	s, _ := x.find(m, text)
	return s
}

// linkSection points hit at the part of the page that matches best and
// takes its snippet from there. When no part matches (the words are in
// the title or summary), the hit links to the page and shows its summary.
func (x *Index) linkSection(hit *Hit, m *matcher, summary string, parts []part) {
	best, bestScore := -1, 0
	var bestSpans []span
	for i, p := range parts {
		spans, score := x.find(m, p.Text)
		if _, h := x.find(m, p.Heading); h > 0 {
			score += 2 * h // a heading that matches says what the section is about
		}
		if score > bestScore {
			best, bestScore, bestSpans = i, score, spans
		}
	}
	if best < 0 {
		hit.Snippet = mark(summary, x.spans(m, summary), 0, len(summary))
		return
	}
	p := parts[best]
	if p.ID != "" {
		hit.URL += "#" + p.ID
		hit.Section = p.Heading
	}
	if len(bestSpans) == 0 {
		hit.Snippet = mark(summary, x.spans(m, summary), 0, len(summary))
		return
	}
	start, end := window(p.Text, bestSpans)
	hit.Snippet = mark(p.Text, bestSpans, start, end)
}

// window picks the stretch of text, about snippetLength long and starting
// at a word, that holds the most matches.
func window(text string, spans []span) (int, int) {
	bestStart, bestCount := spans[0].start, 0
	for i, s := range spans {
		n := 0
		for _, t := range spans[i:] {
			if t.end-s.start > snippetLength-40 {
				break
			}
			n++
		}
		if n > bestCount {
			bestStart, bestCount = s.start, n
		}
	}
	start := max(0, bestStart-40)
	for start > 0 && text[start-1] != ' ' {
		start--
		if bestStart-start > 80 {
			break
		}
	}
	for start < len(text) && !utf8.RuneStart(text[start]) {
		start++
	}
	end := min(len(text), start+snippetLength)
	for end < len(text) && text[end] != ' ' && end-start < snippetLength+40 {
		end++
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	return start, end
}

// mark returns text[start:end], escaped, with <mark> around the spans and
// an ellipsis where it is cut.
func mark(text string, spans []span, start, end int) string {
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	at := start
	for _, s := range spans {
		if s.start < at || s.end > end {
			continue
		}
		b.WriteString(html.EscapeString(text[at:s.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		at = s.end
	}
	b.WriteString(html.EscapeString(text[at:end]))
	if end < len(text) {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion or substitution.
func withinOneEdit(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}

// stopWords are the English stop words the index drops, so that phrases
// match across them as they do in the index.
var stopWords = func() analysis.TokenMap {
	tm := analysis.NewTokenMap()
	if err := tm.LoadBytes(en.EnglishStopWords); err != nil {
		panic("search: bleve's English stop words do not load: " + err.Error())
	}
	return tm
}()
