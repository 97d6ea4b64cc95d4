package static

import (
	"slices"
	"unicode/utf8"
)

// WithinOneEdit reports whether a and b are the same or one edit apart:
// one insertion, deletion or substitution of a letter, or a swap of two
// neighbouring letters, counting in letters (runes). This is what Bleve's
// fuzzy matching counts as one edit (its Levenshtein automaton is built
// with transpositions), and so what package search's typo queries match and its
// highlighter marks, and what the script and the union counts (union.go)
// take as a typo.
func WithinOneEdit(a, b string) bool {
	if a == b {
		return true
	}
	if d := len(a) - len(b); d > utf8.UTFMax || d < -utf8.UTFMax {
		return false // one letter more or less is at most UTFMax bytes
	}
	if IsASCII(a) && IsASCII(b) {
		return WithinOneEditASCII(a, b)
	}
	return WithinOneEditRunes([]rune(a), []rune(b))
}

// WithinOneEditRunes is WithinOneEdit for words as runes.
func WithinOneEditRunes(ra, rb []rune) bool {
	if slices.Equal(ra, rb) {
		return true
	}
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)-len(ra) > 1 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if len(ra) < len(rb) {
		return slices.Equal(ra[i:], rb[i+1:])
	}
	if slices.Equal(ra[i+1:], rb[i+1:]) {
		return true // a substitution
	}
	return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && slices.Equal(ra[i+2:], rb[i+2:])
}

// WithinOneEditASCII is WithinOneEditRunes for ASCII words, whose letters
// are bytes: the same steps, without decoding runes. The highlighter asks
// it of every different word in a page's sections when a query's words
// tolerate typos.
func WithinOneEditASCII(a, b string) bool {
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
	if len(a) < len(b) {
		return a[i:] == b[i+1:]
	}
	if a[i+1:] == b[i+1:] {
		return true // a substitution
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

// IsASCII reports whether s is all ASCII.
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
