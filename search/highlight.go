package search

import (
	"html"
	"slices"
	"strings"
	"unicode/utf8"
)

// Snippets are made here rather than by Bleve's highlighter, which is
// faster but cannot give the same results. BenchmarkVsBleveHighlight, the
// top ten hits of the benchmark queries with their stored fields read
// (medians of 5): Bleve's HTML highlighter takes 0.58 ms against our
// 1.15 ms on the demo site, 0.37 ms against 1.71 ms on a generated site
// of 1,000 pages, with as many allocations. But it marks fragments of the
// fields as its fragmenter cuts them, from the term locations of the
// hit, and so it cannot choose the section a hit links to (Hit.URL's
// #section and Hit.Section) nor take the snippet from it; it needs every
// text field stored, where the index stores only the sections; and the
// static index's script, which must give the same snippets, has no
// Bleve to ask: it reproduces this file's rules (the matcher, find and
// linkSection) from the static index.
//
// snippetLength is about how many bytes of text a snippet shows.
const snippetLength = 240

// matcher tells which indexed terms a query matched in each text field,
// the way the index does: the same analysis, one typo (withinOneEdit)
// for the words typoTolerant allows, the terms the index took for the
// last word as a prefix in that field, and field:value terms in their
// field only. The words of a phrase are matched wherever they are, in a
// page the phrase was found in. A matcher is for one goroutine.
type matcher struct {
	exact   map[string]bool            // terms matched in every field
	fuzzy   []string                   // terms matched with one typo in every field
	inField map[string]map[string]bool // by field: terms matched in that field alone
	phrases [][]string                 // the analysed terms of each phrase
	decided map[string]uint8           // terms looked up: a bit per field, set where they match, and decidedBit
}

// fieldBit is a text field's bit in matcher.decided; decidedBit is set in
// every entry, so that an entry of no bits is one not looked up yet.
var fieldBit = map[string]uint8{"title": 1, "headings": 2, "summary": 4, "body": 8}

const decidedBit = 16

// newMatcher returns the matcher of q, whose last word stood for the
// terms prefixed, by field, as a prefix.
func (x *Index) newMatcher(q Query, prefixed map[string][]string) *matcher {
	m := &matcher{exact: map[string]bool{}, inField: map[string]map[string]bool{}}
	addInField := func(field string, terms []string) {
		if m.inField[field] == nil {
			m.inField[field] = map[string]bool{}
		}
		for _, t := range terms {
			m.inField[field][t] = true
		}
	}
	for _, w := range q.Words {
		terms := x.analyze(w)
		fuzzy := typoTolerant(w, terms)
		for _, t := range terms {
			m.exact[t] = true
			if fuzzy {
				m.fuzzy = append(m.fuzzy, t)
			}
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
		switch f := queryFields[fv.Field]; f {
		case "title", "summary", "headings", "body":
			addInField(f, x.analyze(fv.Value))
		}
	}
	for f, terms := range prefixed {
		addInField(f, terms)
	}
	return m
}

// matches reports whether the query matched term in field. What it
// finds for a term is remembered, as a highlighter sees the same words
// again and again.
func (m *matcher) matches(field, term string) bool {
	bits, ok := m.decided[term]
	if !ok {
		bits = m.decide(term)
		if m.decided == nil {
			m.decided = map[string]uint8{}
		}
		if len(m.decided) < 8192 {
			m.decided[term] = bits
		}
	}
	return bits&fieldBit[field] != 0
}

// decide returns the fields in which the query matched term, as bits of
// fieldBit, and decidedBit.
func (m *matcher) decide(term string) uint8 {
	every := m.exact[term]
	for _, f := range m.fuzzy {
		if every {
			break
		}
		every = withinOneEdit(f, term)
	}
	bits := uint8(decidedBit)
	for f, bit := range fieldBit {
		if every || m.inField[f][term] {
			bits |= bit
		}
	}
	return bits
}

// span is the byte range of a matching word in a text.
type span struct{ start, end int }

// find returns the matching words of text, which is of field, and how
// well text matches: ten for each different term, one for each
// occurrence, and fifty for each phrase found whole. Its words and their
// terms are the index's (the analyser's tokens), so that a word is marked
// exactly when the index holds its term and the query matched that.
func (x *Index) find(m *matcher, field, text string) ([]span, int) {
	var out []span
	var terms []string    // every word's term, in order, for phrases
	var distinct []string // the different terms matched
	c := x.analyser.cache()
	for _, tk := range x.analyser.analyse(c, text, nil) {
		term := c.terms[tk.term].s
		if m.matches(field, term) {
			out = append(out, span{int(tk.start), int(tk.end)})
			if !slices.Contains(distinct, term) {
				distinct = append(distinct, term)
			}
		}
		if len(m.phrases) > 0 {
			terms = append(terms, term)
		}
	}
	c.mu.Unlock()
	score := 10*len(distinct) + len(out)
	for _, ph := range m.phrases {
		for i := 0; i+len(ph) <= len(terms); i++ {
			if slices.Equal(terms[i:i+len(ph)], ph) {
				score += 50
			}
		}
	}
	return out, score
}

func (x *Index) spans(m *matcher, field, text string) []span {
	s, _ := x.find(m, field, text)
	return s
}

// linkSection points hit at the part of the page that matches best and
// takes its snippet from there. When no part matches (the words are in
// the title or summary), the hit links to the page and shows its summary.
func (x *Index) linkSection(hit *Hit, m *matcher, summary string, parts []part) {
	best, bestScore := -1, 0
	var bestSpans []span
	for i, p := range parts {
		spans, score := x.find(m, "body", p.Text)
		if _, h := x.find(m, "headings", p.Heading); h > 0 {
			score += 2 * h // a heading that matches says what the section is about
		}
		if score > bestScore {
			best, bestScore, bestSpans = i, score, spans
		}
	}
	if best < 0 {
		hit.Snippet = mark(summary, x.spans(m, "summary", summary), 0, len(summary))
		return
	}
	p := parts[best]
	if p.ID != "" {
		hit.URL += "#" + p.ID
		hit.Section = p.Heading
	}
	if len(bestSpans) == 0 {
		hit.Snippet = mark(summary, x.spans(m, "summary", summary), 0, len(summary))
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
