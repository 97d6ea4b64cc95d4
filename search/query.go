package search

import (
	"strings"
	"unicode"

	"intkb/builder"
)

// MaxQueryLength is the longest query, in bytes, that is searched.
const MaxQueryLength = 512

// Query is a reader's query, parsed. The zero Query matches nothing.
type Query struct {
	Words    []string     // plain words, in order; all must match
	Phrases  []string     // quoted phrases; each must match as written
	Excluded []string     // -words and -"phrases" that must not match
	Fields   []FieldValue // field:value terms
}

// FieldValue is a field:value term of a query.
type FieldValue struct {
	Field string // a key of queryFields, as typed in lower case: a text field's name, or a facet's (see builder.Facet.Names)
	Value string
}

// queryFields maps the field names readers may type to index fields: the
// text fields' names, and each facet's names (builder.Facet.Names).
var queryFields = func() map[string]string {
	m := map[string]string{"title": "title", "summary": "summary", "heading": "headings", "headings": "headings", "body": "body"}
	for _, f := range builder.Facets {
		for _, n := range f.Names() {
			m[n] = f.Field
		}
	}
	return m
}()

// IsEmpty reports whether q has nothing to search for.
func (q Query) IsEmpty() bool {
	return len(q.Words) == 0 && len(q.Phrases) == 0 && len(q.Fields) == 0
}

// ParseQuery parses a query. It never fails: what it cannot read as syntax
// it reads as words.
func ParseQuery(s string) Query {
	var q Query
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		neg := false
		if rs[i] == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			neg = true
			i++
		}
		if rs[i] == '"' {
			end := indexRune(rs, i+1, '"')
			if end < 0 {
				// An unclosed quote: the rest is plain words.
				for _, w := range strings.Fields(string(rs[i+1:])) {
					q.addWord(w, neg)
				}
				break
			}
			phrase := strings.Join(strings.Fields(string(rs[i+1:end])), " ")
			if phrase != "" {
				if neg {
					q.Excluded = append(q.Excluded, phrase)
				} else {
					q.Phrases = append(q.Phrases, phrase)
				}
			}
			i = end + 1
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) {
			j++
		}
		tok := string(rs[i:j])
		i = j
		if f, v, ok := strings.Cut(tok, ":"); ok && !neg {
			if _, known := queryFields[strings.ToLower(f)]; known && strings.Trim(v, `"`) != "" {
				q.Fields = append(q.Fields, FieldValue{Field: strings.ToLower(f), Value: strings.Trim(v, `"`)})
				continue
			}
		}
		q.addWord(tok, neg)
	}
	return q
}

// wordMarks are the characters besides letters and digits that a query's
// word may hold: an apostrophe (don't), a hyphen (co-located) and an
// underscore (review_due). Any other character splits a word, and marks
// at either end are trimmed. The word is then analysed as the pages' text
// is, so co-located is two terms, while review_due is one, as Unicode's
// word breaks keep it: a front-matter key typed as written finds the
// pages that name it.
const wordMarks = "'-_"

// addWord adds a token as words, splitting off punctuation that cannot be
// part of a word.
func (q *Query) addWord(tok string, neg bool) {
	for _, w := range strings.FieldsFunc(tok, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(wordMarks, r)
	}) {
		w = strings.Trim(w, wordMarks)
		if w == "" {
			continue
		}
		if neg {
			q.Excluded = append(q.Excluded, w)
		} else {
			q.Words = append(q.Words, w)
		}
	}
}

func indexRune(rs []rune, from int, r rune) int {
	for i := from; i < len(rs); i++ {
		if rs[i] == r {
			return i
		}
	}
	return -1
}
