package search

import (
	"math/bits"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	index "github.com/blevesearch/bleve_index_api"
)

// analyser is the index's English analysis, as Bleve's "en" analyzer does
// it: words split at Unicode word boundaries (UAX #29, as
// github.com/blevesearch/segment implements them), possessives stripped,
// lower case, stop words dropped, Porter stems. Done by Bleve, that is
// most of the cost of indexing a page: its segmenter is a general state
// machine and its stemmer allocates for every word. analyser gives the
// same tokens, with the same positions and offsets, for much less: it
// splits ASCII text itself by the boundary rules as they apply to ASCII,
// hands any stretch between spaces that holds other characters to
// Bleve's own tokenizer and filters, and remembers each word's stem. Each
// page is analysed once, and both indexes take the result.
// TestAnalyserMatchesBleve and FuzzAnalyser hold it to Bleve's output.
// BenchmarkVsBleveAnalysis, every stored text of the demo site and of a
// generated site of 1,000 pages (medians of 5): 6.1 ms against Bleve's
// 16.2 ms on the demo, 213 ms against 533 ms on the generated site (2.5
// to 2.7 times faster), with 23 and 19 times fewer allocations.
//
// An analyser is safe for concurrent use.
type analyser struct {
	tokenizer  analysis.Tokenizer
	possessive analysis.TokenFilter
	lower      analysis.TokenFilter
	stemmer    analysis.TokenFilter
	stop       analysis.TokenMap
	caches     [8]stemCache
	// stemmed holds the words the caches have stemmed, so that a word
	// new to one cache is stemmed once for all of them.
	stemmedMu sync.Mutex
	stemmed   map[string]string // lower-cased word: stem
}

// stemCache maps lower-cased words to the terms they are indexed as.
// Each analysis takes one cache for the whole text, so that words are
// looked up without contention, and numbers the terms of its own.
type stemCache struct {
	mu    sync.Mutex
	words wordTable        // lower-cased word: index in terms
	stems map[string]int32 // term: index in terms, so words with one stem share it
	terms []*term
	// Scratch for grouping a text's tokens by term, by term index, valid
	// while the cache is held: stamp says whether slot belongs to the
	// current text.
	gen   uint32
	stamp []uint32
	slot  []int32
}

// term is an indexed term, shared by every token of it, or a stop word,
// which is not indexed.
type term struct {
	s    string
	b    []byte
	stop bool
}

// stopWords are the English stop words Bleve's "en" analyzer drops, and
// so the analyser, the highlighter (so that phrases match across them as
// in the index) and the search page's script, which reads them from the
// static index.
var stopWords = func() analysis.TokenMap {
	tm := analysis.NewTokenMap()
	if err := tm.LoadBytes(en.EnglishStopWords); err != nil {
		panic("search: bleve's English stop words do not load: " + err.Error())
	}
	return tm
}()

func newAnalyser() *analyser {
	a := &analyser{
		tokenizer:  unicode.NewUnicodeTokenizer(),
		possessive: en.NewPossessiveFilter(),
		lower:      lowercase.NewLowerCaseFilter(),
		stemmer:    porter.NewPorterStemmer(),
		stop:       stopWords,
		stemmed:    map[string]string{},
	}
	for i := range a.caches {
		a.caches[i].stems = map[string]int32{}
	}
	return a
}

// token is one indexed word of a text: its term, its position among the
// text's words (from 1, counting stop words), and its byte offsets.
type token struct {
	term       int32 // in the stem cache that analysed it
	pos        int32
	start, end int32
}

// terms returns the terms of text, in order.
func (a *analyser) terms(text string) []string {
	c := a.cache()
	defer c.mu.Unlock()
	toks := a.analyse(c, text, nil)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = c.terms[t.term].s
	}
	return out
}

// analyse appends the tokens of text to toks, with terms from c, which
// the caller holds.
func (a *analyser) analyse(c *stemCache, text string, toks []token) []token {
	if !utf8.ValidString(text) {
		// Bleve's segmenter stops at bytes that are not UTF-8, wherever
		// they are: let it see the whole text. Pages are checked to be
		// UTF-8 when they load, so this is for other text.
		toks, _ = a.analyseUnicode(c, text, 0, len(text), 0, toks)
		return toks
	}
	pos := 0
	var lower []byte
	for i := 0; i < len(text); {
		if isSpace(text[i]) {
			i++
			continue
		}
		// A stretch between spaces: no word crosses a space.
		j, ascii := i, true
		for j < len(text) && !isSpace(text[j]) {
			if text[j] >= 0x80 {
				ascii = false
			}
			j++
		}
		if !ascii {
			toks, pos = a.analyseUnicode(c, text, i, j, pos, toks)
			i = j
			continue
		}
		for k := i; k < j; {
			if !isWordByte(text[k]) {
				k++ // punctuation on its own is not a word
				continue
			}
			start := k
			k = wordEnd(text, k, j)
			pos++
			end := k
			// Possessives: "team's" is indexed as "team".
			if end-start >= 2 && text[end-2] == '\'' && (text[end-1] == 's' || text[end-1] == 'S') {
				end -= 2
			}
			var h uint32
			lower, h = appendLower(lower[:0], text[start:end])
			id, ok := c.words.get(lower, h)
			if !ok {
				id = a.newTerm(c, string(lower), h)
			}
			if !c.terms[id].stop {
				toks = append(toks, token{term: id, pos: int32(pos), start: int32(start), end: int32(k)})
			}
		}
		i = j
	}
	return toks
}

// cache locks and returns a stem cache that no other analysis holds.
// A cache that holds more words than this starts again, so that an index
// answering queries for months, whatever words they bring, keeps its
// memory; a site's own vocabulary is far smaller.
const maxCachedWords = 1 << 16

func (a *analyser) cache() *stemCache {
	c := &a.caches[0]
	found := false
	for i := range a.caches {
		if a.caches[i].mu.TryLock() {
			c, found = &a.caches[i], true
			break
		}
	}
	if !found {
		c.mu.Lock()
	}
	if len(c.terms) > maxCachedWords {
		c.words, c.stems, c.terms, c.stamp, c.slot = wordTable{}, map[string]int32{}, nil, nil, nil
	}
	return c
}

// newTerm stems a lower-cased word that c does not hold yet and remembers
// it.
func (a *analyser) newTerm(c *stemCache, word string, h uint32) int32 {
	t := &term{}
	if _, stop := a.stop[word]; stop {
		t.stop = true
	} else {
		stem := a.stem(word)
		if id, ok := c.stems[stem]; ok {
			c.words.put(word, h, id)
			return id
		}
		t.s = stem
		t.b = []byte(t.s)
	}
	id := int32(len(c.terms))
	if !t.stop {
		c.stems[t.s] = id
	}
	c.terms = append(c.terms, t)
	c.stamp = append(c.stamp, 0)
	c.slot = append(c.slot, 0)
	c.words.put(word, h, id)
	return id
}

// stem returns the Porter stem of a lower-cased word, as Bleve's stemmer
// gives it.
func (a *analyser) stem(word string) string {
	a.stemmedMu.Lock()
	stem, ok := a.stemmed[word]
	a.stemmedMu.Unlock()
	if ok {
		return stem
	}
	ts := a.stemmer.Filter(analysis.TokenStream{{Term: []byte(word)}})
	stem = string(ts[0].Term)
	a.stemmedMu.Lock()
	if len(a.stemmed) >= maxCachedWords {
		clear(a.stemmed)
	}
	a.stemmed[word] = stem
	a.stemmedMu.Unlock()
	return stem
}

// analyseUnicode analyses text[i:j], a stretch with characters beyond
// ASCII, with Bleve's own tokenizer and filters, continuing from word
// position pos.
func (a *analyser) analyseUnicode(c *stemCache, text string, i, j, pos int, toks []token) ([]token, int) {
	stream := a.tokenizer.Tokenize([]byte(text[i:j]))
	last := pos
	for _, tk := range stream {
		p := pos + tk.Position
		last = p
		start, end := i+tk.Start, i+tk.End
		one := a.lower.Filter(a.possessive.Filter(analysis.TokenStream{tk}))
		h := hashWord(one[0].Term)
		id, ok := c.words.get(one[0].Term, h)
		if !ok {
			id = a.newTerm(c, string(one[0].Term), h)
		}
		if !c.terms[id].stop {
			toks = append(toks, token{term: id, pos: int32(p), start: int32(start), end: int32(end)})
		}
	}
	return toks, last
}

// isSpace reports whether b always separates words: ASCII white space,
// which Unicode's word boundary rules never join to a word.
func isSpace(b byte) bool {
	return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\v' || b == '\f'
}

func isLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }
func isDigit(b byte) bool  { return b >= '0' && b <= '9' }

// isWordByte reports whether b belongs to a word wherever it stands:
// letters, digits and the underscore (ExtendNumLet), which joins
// anything.
func isWordByte(b byte) bool { return isLetter(b) || isDigit(b) || b == '_' }

// wordEnd returns where the ASCII word starting at k ends, before limit.
// Letters, digits and underscores run together (UAX #29 rules WB5, WB8 to
// WB10, WB13a and WB13b); a colon, full stop or apostrophe between two
// letters stays inside the word (WB6, WB7), as does a comma, semicolon,
// full stop or apostrophe between two digits (WB11, WB12).
func wordEnd(text string, k, limit int) int {
	for k < limit {
		b := text[k]
		if isWordByte(b) {
			k++
			continue
		}
		if k+1 < limit {
			prev, next := text[k-1], text[k+1]
			switch b {
			case ':':
				if isLetter(prev) && isLetter(next) {
					k += 2
					continue
				}
			case '.', '\'':
				if isLetter(prev) && isLetter(next) || isDigit(prev) && isDigit(next) {
					k += 2
					continue
				}
			case ',', ';':
				if isDigit(prev) && isDigit(next) {
					k += 2
					continue
				}
			}
		}
		break
	}
	return k
}

// appendLower appends s in lower case to b, and returns the hash of what
// it appended (see hashWord).
func appendLower(b []byte, s string) ([]byte, uint32) {
	h := uint32(fnvOffset)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
		h = (h ^ uint32(c)) * fnvPrime
	}
	return b, h
}

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// hashWord is the 32-bit FNV-1a hash of w.
func hashWord(w []byte) uint32 {
	h := uint32(fnvOffset)
	for _, c := range w {
		h = (h ^ uint32(c)) * fnvPrime
	}
	return h
}

// wordTable maps words to term indexes. It is a hash table of its own,
// rather than a map, because the hash is made while the word is lower-
// cased and each slot keeps it, so that a lookup mostly reads one small
// array and compares bytes only with the word it finds.
type wordTable struct {
	slots []uint64 // hash<<32 | index+1; 0 is an empty slot
	keys  []string // the word of each slot
	n     int
}

func (t *wordTable) get(w []byte, h uint32) (int32, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := uint32(len(t.slots) - 1)
	for i := (h ^ h>>15) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if uint32(s>>32) == h && t.keys[i] == string(w) {
			return int32(uint32(s)) - 1, true
		}
	}
}

func (t *wordTable) put(w string, h uint32, id int32) {
	if 2*(t.n+1) > len(t.slots) {
		old, oldKeys := t.slots, t.keys
		t.slots = make([]uint64, max(1024, 2*len(old)))
		t.keys = make([]string, len(t.slots))
		t.n = 0
		for i, s := range old {
			if s != 0 {
				t.insert(oldKeys[i], s)
			}
		}
	}
	t.insert(w, uint64(h)<<32|uint64(uint32(id+1)))
}

func (t *wordTable) insert(w string, s uint64) {
	mask := uint32(len(t.slots) - 1)
	h := uint32(s >> 32)
	i := (h ^ h>>15) & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i], t.keys[i] = s, w
	t.n++
}

// analysedText is a text field of a page, analysed: what Bleve indexes
// and the static index counts.
type analysedText struct {
	text   string
	length int                    // tokens, stop words not counted, as normLength gives it
	freqs  index.TokenFrequencies // by term, for Bleve
}

// normBits is how many leading bits of a field's length normLength keeps.
const normBits = 4

// normLength returns the length both indexes score a field of n tokens
// by: n itself below 1<<normBits, and above it n with its normBits
// leading bits kept, at the middle of the lengths that share them, so
// within 1/2^normBits of n (within about 6%, as Lucene keeps its
// lengths in one byte). A BM25 score moves by less than that, and an
// edit that adds or removes a few words mostly leaves a page's lengths
// as they were: then each of its postings is unchanged but for the
// words edited, and an edit build writes again only their files of the
// static index, not one for every word of the page (about 400 terms'
// files in 321 packs at 10,000 pages, before lengths were kept so).
func normLength(n int) int {
	shift := bits.Len(uint(n)) - normBits
	if shift <= 0 {
		return n
	}
	return n>>shift<<shift | 1<<(shift-1)
}

// field analyses text as a text field, keeping each term's positions for
// phrase queries. Its locations carry no offsets (Start and End are 0):
// nothing reads them, since snippets are made from the stored sections
// (see highlight.go), and the index stores every location's offsets as
// two varints, which were a ninth of its bytes at 10,000 pages (113 MB
// with them, 101 MB without).
func (a *analyser) field(text string, scratch []token) (analysedText, []token) {
	c := a.cache()
	defer c.mu.Unlock()
	toks := a.analyse(c, text, scratch[:0])
	f := analysedText{text: text, length: normLength(len(toks))}
	// Group the tokens by term, with the stamp and slot of each term
	// counting its tokens, then pointing at its place.
	c.gen++
	var order []int32
	for _, t := range toks {
		if c.stamp[t.term] != c.gen {
			c.stamp[t.term] = c.gen
			c.slot[t.term] = 0
			order = append(order, t.term)
		}
		c.slot[t.term]++
	}
	freqs := make([]index.TokenFreq, len(order))
	f.freqs = make(index.TokenFrequencies, len(order))
	ptrs := make([]*index.TokenLocation, len(toks))
	locs := make([]index.TokenLocation, len(toks))
	next := int32(0)
	for i, id := range order {
		n := c.slot[id]
		tf := &freqs[i]
		tf.Term = c.terms[id].b
		tf.Locations = ptrs[next : next+n]
		tf.SetFrequency(int(n))
		f.freqs[c.terms[id].s] = tf
		c.slot[id] = next
		next += n
	}
	for _, t := range toks {
		i := c.slot[t.term]
		c.slot[t.term]++
		locs[i] = index.TokenLocation{Position: int(t.pos)}
		ptrs[i] = &locs[i]
	}
	return f, toks
}
