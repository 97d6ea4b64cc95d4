package search

import (
	"sync"

	"intkb/search/static"
)

// The highlighter reads a hit's summary and sections as the index reads
// them, with the analyser (see matcher). Analysing every section of
// every hit for every query made searches past the response cache more
// than twice as slow as with the highlighter's own tokenizer before, so
// a page's texts are analysed once, when its stored fields are read
// (storedPage), and kept with them in the page cache as numbered terms
// and offsets, 12 bytes a word. On the generated site of 1,000 pages that
// is 8.7 MB of heap for 671,558 words, beside 5.8 MB for the stored
// fields themselves, and the term numbers hold 19,612 terms; the page
// cache keeps at most pagesCacheBytes of them. Bleve can give each hit's
// term locations instead (SearchRequest.IncludeLocations), but asking
// for them made BenchmarkSearch1kUncachedPairs 15% slower before any
// snippet was made, and they are offsets in the whole body and headings
// fields, which hold more than the sections (see pageDocument), not in
// each section's text.

// termNumbers numbers the terms of the pages an Index has read for hits,
// so that a query decides once whether it matched a term, whatever page
// and section it is in, and then looks the answer up by number. It only
// grows: it holds no more than the index's own terms. It is safe for
// concurrent use.
type termNumbers struct {
	mu    sync.RWMutex
	ids   map[string]int32
	terms []numberedTerm // by number; numbers below a snapshot's length never change
}

// numberedTerm is a term of termNumbers, and what the highlighter's check
// for typos asks of it (see matcher.typo): whether it is all ASCII, and
// then the set of its bytes, byte b as bit b%64. Two ASCII words one edit
// apart each have at most one byte the other lacks (a byte added or
// changed), so words whose sets differ by more are not: bytes that share
// a bit only make the sets differ less.
type numberedTerm struct {
	s     string
	ascii bool
	bytes uint64
}

func newNumberedTerm(s string) numberedTerm {
	t := numberedTerm{s: s, ascii: static.IsASCII(s)}
	if t.ascii {
		for i := 0; i < len(s); i++ {
			t.bytes |= 1 << (s[i] % 64)
		}
	}
	return t
}

func newTermNumbers() *termNumbers { return &termNumbers{ids: map[string]int32{}} }

// snapshot returns the terms numbered so far, by number.
func (v *termNumbers) snapshot() []numberedTerm {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.terms
}

// id returns the number of term, if it has one.
func (v *termNumbers) id(term string) (int32, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	id, ok := v.ids[term]
	return id, ok
}

// add returns the number of term, numbering it if it is new. The caller
// holds v.mu.
func (v *termNumbers) add(term string) int32 {
	id, ok := v.ids[term]
	if !ok {
		id = int32(len(v.terms))
		v.ids[term] = id
		v.terms = append(v.terms, newNumberedTerm(term))
	}
	return id
}

// shownToken is an indexed word of a shown text: its term, numbered in
// the Index's term numbers, and its byte offsets in the text.
type shownToken struct {
	term       int32
	start, end int32
}

// shownTexts are texts analysed as the index reads them: the analyser's
// tokens of each, stop words left out, in order.
type shownTexts struct {
	toks []shownToken
	ends []int32 // where the tokens of each text end in toks
}

// text returns the tokens of the i-th text.
func (s *shownTexts) text(i int) []shownToken {
	start := int32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.toks[start:s.ends[i]]
}

// Of a stored page's shown texts: its summary, then the heading and the
// text of each section.
func summaryText(s *shownTexts) []shownToken           { return s.text(0) }
func partHeading(s *shownTexts, part int) []shownToken { return s.text(1 + 2*part) }
func partText(s *shownTexts, part int) []shownToken    { return s.text(2 + 2*part) }

// analyseShown returns texts analysed by x's analyser, their terms
// numbered in x.numbers.
func (x *Index) analyseShown(texts []string) *shownTexts {
	c := x.analyser.cache()
	defer c.mu.Unlock()
	s := &shownTexts{ends: make([]int32, len(texts))}
	var toks []token
	for i, text := range texts {
		toks = x.analyser.analyse(c, text, toks)
		s.ends[i] = int32(len(toks))
	}
	// Number each of the cache's terms once, in its slot, stamped with
	// this analysis's generation.
	c.gen++
	s.toks = make([]shownToken, len(toks))
	x.numbers.mu.Lock()
	for i, t := range toks {
		if c.stamp[t.term] != c.gen {
			c.stamp[t.term] = c.gen
			c.slot[t.term] = x.numbers.add(c.terms[t.term].s)
		}
		s.toks[i] = shownToken{term: c.slot[t.term], start: t.start, end: t.end}
	}
	x.numbers.mu.Unlock()
	return s
}

// analyseStored analyses the shown texts of p, for its hits.
func (x *Index) analyseStored(p *storedPage) {
	texts := make([]string, 0, 1+2*len(p.parts))
	texts = append(texts, p.summary)
	for _, pt := range p.parts {
		texts = append(texts, pt.Heading, pt.Text)
	}
	p.shown = x.analyseShown(texts)
}
