package static

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file writes what a common word's one-word query needs to count
// its filters: the counts over every page the query matches.
//
// A query of one word w, typed as the last word, matches in each text
// field the term w, the terms a typo from it (when it has typoLetters
// letters or more), and the terms it begins: those with the most pages
// in the field, up to PrefixTerms (ShortPrefixTerms for a prefix of up to
// ShortPrefix letters), as the script and package search take them. The
// script counts the filters from the facet counts of one term's file (c)
// and the facet records (f/) of the pages it holds and the hits do not,
// or the other way round. For a common word the other terms' pages are
// spread over most of the records: "care", at 10,000 pages, needed 31 of
// the 40 chunks, 87 KB of the query's 126 in a laptop's window. So the
// file of a common term (on one page in unionShare or more) whose query
// matches pages of unionChunks chunks of records or more besides its
// own carries the counts over all the query matches, as
//
//	"u": [pages, sum, counts]
//
// after c: how many pages the query matches, the sum of their numbers
// (which the script checks its hits against before it takes the
// counts), and the counts, as c has them. The script takes them only for
// a query of that one word alone, with no filters chosen, where the word
// is its own term.

// unionChunks is how many chunks of facet records, besides those of a
// term's own pages, a term's one-word query must reach for its file to
// carry the counts over all the query matches. (The tests' sites are
// smaller: they make the chunks smaller, facetChunk.)
const unionChunks = 2

// unionShare says which terms' files may carry union counts: those on
// one page in unionShare or more. Every file that carries them cost the
// site about 800 bytes compressed in format 7; at 10,000 generated
// pages, 11,172 terms' queries reached two chunks or more besides their
// own pages, most of them rare words that begin common ones, and their
// counts took 7.7 MB and 2,132 files more, where those of the 3,174
// terms on 1% of the pages or more took 2.5 MB and 744 files. Those are
// the common words that readers search for alone.
const unionShare = 100

// unionKey starts a term file's union counts, the last member of its
// JSON object.
const unionKey = `,"u":[`

// unions gives each term of list the union counts its one-word query
// needs (see the top of this file), or takes them away, and so changes
// its file (encodedTerm): for every term when plan is nil, and otherwise
// only for the terms whose query may match other pages, or pages of
// other facets, than when the kept index was written: those whose file
// was encoded again, and the terms a typo from those or that begin them,
// and those of the kept terms that no page holds now. A term whose file
// is as kept but whose union counts change is marked (unionChanged), so
// that its pack is made again. records are the pages' facet records and
// docs the page count.
func unions(list []*dictEntry, records []facetRecord, docs int, r *Rules, plan *keptPlan) {
	byKey := make(map[string]*dictEntry, len(list))
	for _, e := range list {
		byKey[e.key] = e
	}
	var todo []*dictEntry
	if plan == nil {
		for _, e := range list {
			if e.term != nil {
				todo = append(todo, e)
			}
		}
	} else {
		todo = unionsAffected(list, byKey, plan)
	}
	u := &unionCounter{list: list, byKey: byKey, rules: r, counter: newFacetCounter(records, docs), seen: make([]int32, docs), chunks: make([]int32, docs/facetChunk+1)}
	for _, e := range todo {
		enc := e.enc
		counts := u.counts(e)
		old := withoutUnion(&enc)
		if counts != nil {
			enc = withUnion(enc, counts)
		}
		if old == nil && counts == nil {
			continue
		}
		if !e.term.encode && sameEnc(enc, e.enc) {
			continue
		}
		e.enc = enc
		e.term.unionChanged = !e.term.encode
	}
	for _, e := range list {
		if e.term != nil {
			e.term.docs, e.term.docsRead = [fieldCount][]int32{}, false
		}
	}
}

// unionsAffected returns the terms of list whose union counts may differ
// from the kept index's (see unions), in list order.
func unionsAffected(list []*dictEntry, byKey map[string]*dictEntry, plan *keptPlan) []*dictEntry {
	var changed []string
	for _, e := range list {
		if e.term != nil && e.term.encode {
			changed = append(changed, e.key)
		}
	}
	for i := range plan.base.terms {
		kt := plan.base.terms[i].term
		if e := byKey[kt]; e == nil || e.term == nil {
			changed = append(changed, kt) // no page holds it now
		}
	}
	marked := map[*dictEntry]bool{}
	mark := func(key string) {
		if e := byKey[key]; e != nil && e.term != nil {
			marked[e] = true
		}
	}
	for _, c := range changed {
		// The terms it begins with, and itself.
		for i := range c {
			if i > 0 {
				mark(c[:i])
			}
		}
		mark(c)
		// The terms a typo from it: it, or one of its deletions, is a
		// deletion of theirs, or one of its deletions is theirs.
		for _, k := range append([]string{c}, deletions(c)...) {
			mark(k)
			if e := byKey[k]; e != nil {
				for _, f := range e.fuzz {
					mark(f)
				}
			}
		}
	}
	var out []*dictEntry
	for _, e := range list {
		if marked[e] {
			out = append(out, e)
		}
	}
	return out
}

// unionCounter works out terms' union counts.
type unionCounter struct {
	list    []*dictEntry // sorted by key
	byKey   map[string]*dictEntry
	rules   *Rules
	counter *facetCounter
	seen    []int32 // the stamp of the count each page was last seen in
	chunks  []int32 // the same, for each chunk of facet records
	stamp   int32
	union   []int32 // scratch space for the pages a query matches
}

// counts returns the JSON of the union counts of e's term, after
// unionKey, or nil when its file needs none: when the term is on fewer
// than one page in unionShare, its one-word query reaches pages of
// fewer than unionChunks chunks of records besides its own, or the term
// is longer than a query's word may be.
func (u *unionCounter) counts(e *dictEntry) []byte {
	letters := utf8.RuneCountInString(e.key)
	if letters >= u.rules.TypoMaxLetters {
		return nil
	}
	var typos []*dictEntry
	if letters >= u.rules.TypoLetters {
		typos = u.typos(e.key)
	}
	at, _ := slices.BinarySearchFunc(u.list, e.key, func(a *dictEntry, k string) int { return strings.Compare(a.key, k) })
	end := at
	for end < len(u.list) && strings.HasPrefix(u.list[end].key, e.key) {
		end++
	}
	limit := u.rules.PrefixTerms
	if letters <= u.rules.ShortPrefix {
		limit = u.rules.ShortPrefixTerms
	}

	// The term's own pages first: the pages besides them decide whether
	// the file carries union counts.
	u.stamp++
	own, ownPages := u.stamp, 0
	for fi := range fieldCount {
		for _, d := range u.docsOf(e, fi) {
			if u.seen[d] != own {
				u.seen[d] = own
				ownPages++
			}
		}
	}
	if ownPages*unionShare < len(u.seen) {
		return nil
	}
	u.stamp++
	other := u.stamp
	union, chunks := u.union[:0], 0
	add := func(docs []int32) {
		for _, d := range docs {
			switch u.seen[d] {
			case other:
			case own:
				u.seen[d] = other
				union = append(union, d)
			default:
				u.seen[d] = other
				union = append(union, d)
				if k := d / int32(facetChunk); u.chunks[k] != other {
					u.chunks[k] = other
					chunks++
				}
			}
		}
	}
	var begun []*dictEntry
	for fi := range fieldCount {
		add(u.docsOf(e, fi))
		for _, t := range typos {
			add(u.docsOf(t, fi))
		}
		begun = begun[:0]
		for _, t := range u.list[at:end] {
			if t.term != nil && t.term.dfs[fi] > 0 {
				begun = append(begun, t)
			}
		}
		if len(begun) > limit {
			slices.SortStableFunc(begun, func(a, b *dictEntry) int { return int(b.term.dfs[fi] - a.term.dfs[fi]) })
			begun = begun[:limit]
		}
		for _, t := range begun {
			add(u.docsOf(t, fi))
		}
	}
	u.union = union
	if chunks < unionChunks {
		return nil
	}
	c := u.counter
	c.start()
	sum := 0
	for _, d := range union {
		c.add(d)
		sum += int(d)
	}
	b := strconv.AppendInt(nil, int64(len(union)), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(sum), 10)
	b = append(b, ',')
	b = c.appendJSON(b)
	return append(b, ']')
}

// typos returns the terms a typo from term, itself among them when it is
// a term, as the script finds them in the dictionary: the keys that are
// term and its deletions, and the terms listed under those keys (which
// give the key when one letter is deleted), one edit from term.
func (u *unionCounter) typos(term string) []*dictEntry {
	var names []string
	for _, k := range append([]string{term}, deletions(term)...) {
		e := u.byKey[k]
		if e == nil {
			continue
		}
		if e.term != nil {
			names = append(names, k)
		}
		names = append(names, e.fuzz...)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	var out []*dictEntry
	for _, n := range names {
		if e := u.byKey[n]; e != nil && e.term != nil && WithinOneEdit(term, n) {
			out = append(out, e)
		}
	}
	return out
}

// docsOf returns the pages of e's term in field fi, in order: as
// encodeTerm kept them, or read from its file as a kept index's terms
// are (appendDocs).
func (u *unionCounter) docsOf(e *dictEntry, fi int) []int32 {
	td := e.term
	if !td.docsRead {
		td.docsRead = true
		f, x, _ := e.enc.read()
		for i := range fieldCount {
			td.docs[i], _ = appendDocs(td.docs[i][:0], f[i], x[i], len(u.seen))
		}
	}
	return td.docs[fi]
}

// withoutUnion takes the union counts out of enc's file, returning them,
// or nil when it has none.
func withoutUnion(enc *encodedTerm) []byte {
	b := &enc.inline
	if *b == nil {
		b = &enc.postings
	}
	at := bytes.LastIndex(*b, []byte(unionKey))
	if at < 0 {
		return nil
	}
	old := (*b)[at+len(unionKey) : len(*b)-1]
	*b = append((*b)[:at:at], '}')
	return old
}

// withUnion returns enc with the union counts counts added to its file.
func withUnion(enc encodedTerm, counts []byte) encodedTerm {
	b := &enc.inline
	if *b == nil {
		b = &enc.postings
	}
	body := (*b)[:len(*b)-1]
	out := make([]byte, 0, len(body)+len(unionKey)+len(counts)+1)
	out = append(append(append(out, body...), unionKey...), counts...)
	*b = append(out, '}')
	return enc
}

func sameEnc(a, b encodedTerm) bool {
	return bytes.Equal(a.inline, b.inline) && bytes.Equal(a.postings, b.postings) && bytes.Equal(a.positions, b.positions)
}
