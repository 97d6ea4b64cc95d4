package search

import (
	"html"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"intkb/search/static"
)

// Snippets are made here rather than by Bleve's highlighter, which cannot
// give the same results. BenchmarkVsBleveHighlight, the top ten hits of
// the benchmark queries (medians of 5, on a busy machine): Bleve's HTML
// highlighter, reading the hits' stored fields, takes 0.52 ms on the demo
// site and 0.73 ms on a generated site of 1,000 pages; ours takes 1.03 and
// 1.63 ms when it reads and analyses them too, as for a page shown for
// the first time, and 0.28 and 0.41 ms for pages in the page cache,
// analysed already (see shownTexts), as searches mostly find them. But
// Bleve's marks fragments of the fields as its fragmenter cuts them, from
// the term locations of the hit, and so it cannot choose the section a hit
// links to (Hit.URL's #section and Hit.Section) nor take the snippet from
// it; it needs every text field stored, where the index stores only the
// sections; and the static index's script, which must give the same
// snippets, has no Bleve to ask: it reproduces this file's rules (the matcher, score,
// spans and linkSection) from the static index.
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
	known   map[string]uint8 // terms matched outright: the fieldBits of the fields they matched in
	fuzzy   []string         // terms matched with one typo in every field
	phrases [][]string       // the analysed terms of each phrase

	// What the highlighter has found, for the Index's term numbers (see
	// use): terms, a snapshot of them; decided, by term number, the
	// fieldBits of the fields the query matched the term in and
	// decidedBit, or 0 when not looked up yet, from decidedPool; pending,
	// the known terms not numbered yet (nil until use is first called);
	// fuzzyTerms, the fuzzy terms as numbered terms are held (with
	// whether each is ASCII, and its bytes); phraseIDs, each phrase's
	// terms by number, -1 for a term not numbered yet.
	terms      []numberedTerm
	decided    []uint8
	pooled     *[]uint8 // what decided came from
	pending    []string
	fuzzyTerms []numberedTerm
	phraseIDs  [][]int32
	distinct   []int32 // scratch for score
}

// decidedPool keeps matchers' decided slices, as long as the terms
// numbered (20 KB for the generated site of 1,000 pages), between queries.
var decidedPool = sync.Pool{New: func() any { return new([]uint8) }}

// The text fields' bits in matcher.known and matcher.decided, where
// decidedBit is set in every entry looked up.
const (
	titleBit    = 1
	headingsBit = 2
	summaryBit  = 4
	bodyBit     = 8
	everyField  = titleBit | headingsBit | summaryBit | bodyBit
	decidedBit  = 16
)

// fieldBit returns the bit of a text field.
func fieldBit(field string) uint8 {
	switch field {
	case "title":
		return titleBit
	case "headings":
		return headingsBit
	case "summary":
		return summaryBit
	case "body":
		return bodyBit
	}
	return 0
}

// newMatcher returns the matcher of q, whose last word stood for the
// terms prefixed, by field, as a prefix.
func (x *Index) newMatcher(q Query, prefixed map[string][]string) *matcher {
	m := &matcher{known: map[string]uint8{}}
	addInField := func(field string, terms []string) {
		for _, t := range terms {
			m.known[t] |= fieldBit(field)
		}
	}
	for _, w := range q.Words {
		terms := x.analyze(w)
		fuzzy := typoTolerant(w, terms)
		for _, t := range terms {
			m.known[t] = everyField
			if fuzzy {
				m.fuzzy = append(m.fuzzy, t)
			}
		}
	}
	for _, p := range q.Phrases {
		terms := x.analyze(p)
		for _, t := range terms {
			m.known[t] = everyField
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

// use readies m for texts whose terms are numbered in v: texts analysed
// before use was called. The known terms are decided here, by number, so
// that any other term a text holds matches only as a typo.
func (m *matcher) use(v *termNumbers) {
	m.terms = v.snapshot()
	if m.pooled == nil {
		m.pooled = decidedPool.Get().(*[]uint8)
		m.decided = (*m.pooled)[:0]
	}
	if n := len(m.terms); n > len(m.decided) {
		m.decided = append(m.decided, make([]uint8, n-len(m.decided))...)
	}
	if m.pending == nil {
		m.pending = make([]string, 0, len(m.known))
		for t := range m.known {
			m.pending = append(m.pending, t)
		}
		m.fuzzyTerms = make([]numberedTerm, len(m.fuzzy))
		for i, f := range m.fuzzy {
			m.fuzzyTerms[i] = newNumberedTerm(f)
		}
		m.phraseIDs = make([][]int32, len(m.phrases))
		for i, ph := range m.phrases {
			m.phraseIDs[i] = make([]int32, len(ph))
			for j := range ph {
				m.phraseIDs[i][j] = -1
			}
		}
	}
	m.pending = slices.DeleteFunc(m.pending, func(t string) bool {
		id, ok := v.id(t)
		if !ok || int(id) >= len(m.terms) {
			return false // numbered since the snapshot: no text read holds it yet
		}
		m.decided[id] = m.known[t] | m.typo(newNumberedTerm(t)) | decidedBit
		return true
	})
	for i, ph := range m.phrases {
		for j, t := range ph {
			if m.phraseIDs[i][j] < 0 {
				if id, ok := v.id(t); ok {
					m.phraseIDs[i][j] = id
				}
			}
		}
	}
}

// release gives back what use took, once the query's snippets are made.
func (m *matcher) release() {
	if m.pooled != nil {
		clear(m.decided)
		*m.pooled = m.decided[:0]
		decidedPool.Put(m.pooled)
		m.pooled, m.decided = nil, nil
	}
}

// fields returns the fieldBits of the fields in which the query matched
// the term numbered id, and decidedBit. What it finds for a term is
// remembered, as a highlighter sees the same words again and again.
func (m *matcher) fields(id int32) uint8 {
	bits := m.decided[id]
	if bits == 0 {
		// Not a known term (use decided those): a typo or nothing.
		bits = m.typo(m.terms[id]) | decidedBit
		m.decided[id] = bits
	}
	return bits
}

// typo returns everyField when term is one typo from a fuzzy term, and 0
// when it is not. It is asked of every different word of the hits'
// sections, so ASCII words, most of them, skip withinOneEdit's checks
// where their lengths or their bytes (numberedTerm.bytes) differ too
// much for one edit.
func (m *matcher) typo(term numberedTerm) uint8 {
	for _, f := range m.fuzzyTerms {
		if term.ascii && f.ascii {
			if d := len(f.s) - len(term.s); d >= -1 && d <= 1 && bits.OnesCount64(term.bytes&^f.bytes) <= 1 &&
				bits.OnesCount64(f.bytes&^term.bytes) <= 1 && static.WithinOneEditASCII(f.s, term.s) {
				return everyField
			}
		} else if static.WithinOneEdit(f.s, term.s) {
			return everyField
		}
	}
	return 0
}

// span is the byte range of a matching word in a text.
type span struct{ start, end int }

// The highlighter reads a text as the index does, as the analyser's
// tokens (see shownTexts), so that a word is marked exactly when the index
// holds its term and the query matched that in the text's field, whose
// bit of fieldBits is given.

// spans returns the matching words of a text.
func (m *matcher) spans(toks []shownToken, bit uint8) []span {
	var out []span
	decided := m.decided
	for _, t := range toks {
		bits := decided[t.term]
		if bits == 0 {
			bits = m.fields(t.term)
		}
		if bits&bit != 0 {
			out = append(out, span{int(t.start), int(t.end)})
		}
	}
	return out
}

// score returns how well a text matches: ten for each different term
// matched, one for each matching word, and fifty for each phrase found
// whole.
func (m *matcher) score(toks []shownToken, bit uint8) int {
	n, distinct := 0, m.distinct[:0]
	decided := m.decided
	for _, t := range toks {
		// fields, with its look-up written out: this loop reads every
		// word of every section of each hit.
		bits := decided[t.term]
		if bits == 0 {
			bits = m.fields(t.term)
		}
		if bits&bit != 0 {
			n++
			if !slices.Contains(distinct, t.term) {
				distinct = append(distinct, t.term)
			}
		}
	}
	m.distinct = distinct
	score := 10*len(distinct) + n
	for _, ph := range m.phraseIDs {
		if slices.Contains(ph, -1) {
			continue // a term no text read so far holds
		}
		for i := 0; i+len(ph) <= len(toks); i++ {
			whole := true
			for j, id := range ph {
				if toks[i+j].term != id {
					whole = false
					break
				}
			}
			if whole {
				score += 50
			}
		}
	}
	return score
}

// linkSection points hit at the part of page p that matches best and
// takes its snippet from there. When no part matches (the words are in
// the title or summary), the hit links to the page and shows its summary.
func (x *Index) linkSection(hit *Hit, m *matcher, p *storedPage) {
	m.use(x.numbers)
	best, bestScore := -1, 0
	for i := range p.parts {
		score := m.score(partText(p.shown, i), bodyBit)
		if h := m.score(partHeading(p.shown, i), headingsBit); h > 0 {
			score += 2 * h // a heading that matches says what the section is about
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	var bestSpans []span
	if best >= 0 {
		pt := p.parts[best]
		if pt.ID != "" {
			hit.URL += "#" + pt.ID
			hit.Section = pt.Heading
		}
		bestSpans = m.spans(partText(p.shown, best), bodyBit)
	}
	if len(bestSpans) == 0 {
		hit.Snippet = mark(p.summary, m.spans(summaryText(p.shown), summaryBit), 0, len(p.summary))
		return
	}
	text := p.parts[best].Text
	start, end := window(text, bestSpans)
	hit.Snippet = mark(text, bestSpans, start, end)
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
