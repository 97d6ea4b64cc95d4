package search

import (
	"maps"
	"slices"
	"strings"

	"intkb/builder"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// This file turns a parsed Query into the Bleve query over page
// documents: each word in each text field with its boost, typos and the
// last word's prefix at their weights, phrases, exclusions and filters.

// pageQuery builds the query over page documents, or nil when q has
// nothing to search for. The terms the last word stands for as a prefix
// are added to prefixed as the query runs.
func (x *Index) pageQuery(q Query, f Filters, prefixed *termSet) query.Query {
	var must, mustNot []query.Query
	last := len(q.Words) - 1
	for i, w := range q.Words {
		wq := x.wordQuery(w, i == last, fieldNames(pageFields), prefixed)
		if wq != nil {
			must = append(must, wq)
		}
	}
	for _, p := range q.Phrases {
		if slots := x.analyser.phraseSlots(p); slots != nil {
			must = append(must, x.phraseQuery(p, slots, fieldNames(pageFields)))
		}
	}
	filters := f
	for _, fv := range q.Fields {
		field := queryFields[fv.Field]
		if fc := facetByField(field); fc != nil {
			must = append(must, termQuery(field, fc.QueryTerm(fv.Value)))
		} else {
			if len(x.analyze(fv.Value)) == 0 {
				continue
			}
			m := bleve.NewMatchQuery(fv.Value)
			m.SetField(field)
			must = append(must, m)
		}
	}
	if len(must) == 0 {
		return nil
	}
	for _, e := range q.Excluded {
		if slots := x.analyser.phraseSlots(e); slots != nil {
			mustNot = append(mustNot, x.phraseQuery(e, slots, fieldNames(pageFields)))
		}
	}
	for _, fc := range builder.Facets {
		values := filters[fc.Param]
		if len(values) == 0 {
			continue
		}
		var alts []query.Query
		for _, v := range values {
			alts = append(alts, termQuery(fc.Field, v))
		}
		must = append(must, bleve.NewDisjunctionQuery(alts...))
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(must...)
	if len(mustNot) > 0 {
		bq.AddMustNot(mustNot...)
	}
	return bq
}

func fieldNames(fs []struct {
	name  string
	boost float64
}) map[string]float64 {
	m := map[string]float64{}
	for _, f := range fs {
		m[f.name] = f.boost
	}
	return m
}

// wordQuery matches one word in any of fields: as analysed; with one typo
// allowed, at typoWeight, when typoTolerant; and, when it is the last
// word, as a prefix at prefixWeight, adding the terms it stands for to
// prefixed. It returns nil for a stop word.
func (x *Index) wordQuery(w string, last bool, fields map[string]float64, prefixed *termSet) query.Query {
	terms := x.analyze(w)
	if len(terms) == 0 {
		return nil
	}
	fuzzy := typoTolerant(w, terms)
	var alts []query.Query
	for _, field := range slices.Sorted(maps.Keys(fields)) {
		m := bleve.NewMatchQuery(w)
		m.SetField(field)
		m.SetBoost(fields[field])
		alts = append(alts, m)
		if fuzzy {
			alts = append(alts, x.typoMatch(terms, field, fields[field]*typoWeight))
		}
		if last {
			pq := &prefixQuery{prefix: strings.ToLower(w), field: field, boost: fields[field] * prefixWeight, found: prefixed, known: x.base.known}
			if !x.base.hasVectors(field) {
				pq.counts = x.base.counts
			}
			alts = append(alts, pq)
		}
	}
	return &anyQuery{queries: alts}
}

// typoMatch matches the terms of a word with one typo allowed in each, as
// a Bleve MatchQuery with fuzziness 1 over the same text does: a
// disjunction of fuzzy queries, one a term.
func (x *Index) typoMatch(terms []string, field string, boost float64) query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		qs[i] = &typoQuery{term: t, field: field, boost: boost, tables: x.typos}
	}
	return &anyQuery{queries: qs, min: 1}
}

// phraseQuery matches the phrase p, whose terms by position are slots
// (phraseSlots), in any of fields: Bleve's MatchPhraseQuery in a field
// the index keeps term vectors of, a bodyPhraseQuery in one it does not
// (a plainField).
func (x *Index) phraseQuery(p string, slots [][]string, fields map[string]float64) query.Query {
	var alts []query.Query
	for _, field := range slices.Sorted(maps.Keys(fields)) {
		if !x.base.hasVectors(field) {
			alts = append(alts, &bodyPhraseQuery{slots: slots, field: field, boost: fields[field], bodies: x.bodies})
			continue
		}
		m := bleve.NewMatchPhraseQuery(p)
		m.SetField(field)
		m.SetBoost(fields[field])
		alts = append(alts, m)
	}
	return bleve.NewDisjunctionQuery(alts...)
}

func termQuery(field, v string) query.Query {
	t := bleve.NewTermQuery(v)
	t.SetField(field)
	return t
}
