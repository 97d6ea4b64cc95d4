package static

import (
	"slices"
	"strings"

	"intkb/builder"
	"intkb/builder/model"
)

// Sizes of the static index's files. A dictionary shard is cut once its
// JSON passes shardBytes; a term whose postings and positions take fewer
// than inlinePostings characters keeps them in its dictionary entry
// instead of a pack; a pack of terms' postings is cut before it passes
// packBytes; facet records come in chunks of facetChunk pages.
//
// packBytes is 12 KB of JSON, about 6 KB compressed, since the files are
// gzip: at 10,000 generated pages, in format 7, it wrote 3,723 packs
// where 8 KB wrote 5,569 and 16 KB 2,798, and a cold one-word query (six
// domain words) fetched 50.0 to 57.9 KB against 50.0 to 56.7 KB and 50.0
// to 58.8 KB, under the 60 KB it is held to with room to spare. A pack
// of packCutFrom bytes or more ends, too, before one key in packCut
// (cutsPack), so that an edit that changes one term's file changes the
// packs up to the next such key, not every pack after it. In format 8,
// with these, the same site has 2,786 packs.
const (
	shardBytes     = 4096
	packBytes      = 12288
	packCutFrom    = 8192
	packCut        = 4
	inlinePostings = 160
)

// recordPack is how many pages' records a record pack holds, and
// recordUnit the multiple of bytes each record is padded to, so that
// d/sizes.json gives a record's size in one character up to 7.9 KB
// compressed (see writeDocs). At 10,000 generated pages, records of 1.5
// to 4 KB compressed, a pack of 256 is about 600 KB: a host that
// answers a range request with the whole file sends that much, once a
// pack. The unit weighs what a query fetches: d/sizes.json, compressed,
// is about 7.8 KB with units of 64 bytes, 5.2 KB of 128, 3.9 KB of 256
// and 2.6 KB of 512, while each record shown carries half a unit of
// padding on average; for a query of ten hits, 256 fetches about 0.4 KB
// less than 128 or 512. The padding is 1.3 MB of the site. recordPack
// is a variable for the tests, whose sites are smaller.
var recordPack = 256

const recordUnit = 256

// facetChunk is how many pages' facet records a file holds: a variable
// for the tests, whose sites are smaller.
var facetChunk = 256

// inlinePositions is how long a term's positions may be and still sit in
// its postings file, rather than a file of their own: most terms' are a
// few dozen characters, and a file each would cost more to write and to
// fetch than the characters cost to carry.
const inlinePositions = 1024

// recordFacets are the facets, as indexes into builder.Facets, in the
// order of a page's facet record: those of one value per page first,
// then those of many, each in builder.Facets' order. This order is part
// of the static index's format (meta.json's keywords list it): type,
// area, integration_level, phase, region, icb, source, cohorts, tags.
var recordFacets = func() []int {
	var single, multi []int
	for i, f := range builder.Facets {
		if f.Multi {
			multi = append(multi, i)
		} else {
			single = append(single, i)
		}
	}
	return append(single, multi...)
}()

// facetField returns the index field of the facet at place f of a facet
// record.
func facetField(f int) string { return builder.Facets[recordFacets[f]].Field }

// Format is the static index's format version, in meta.json: 2 added the
// query's rules (boosts onwards in Meta), which the search page's script
// reads rather than keeps copies of; 3 added the facets' query names,
// typed-value rules and URL parameters, and the search page's filters
// (query onwards), for the same reason; 4 added the help pages, which
// hits list last, and the marks a query's word may hold; 5 added the
// region, ICB and source facets to facet records, and the source of an
// imported blueprint to its page file (o), whose URL is then absolute; 6
// put terms' postings in packs (p/N.json lists several terms' files, and
// a dictionary entry's ref is [N, place]), and numbers positions files on
// their own (a term's file gives x as that number when they are long);
// 7 compressed every file but meta.json with gzip, as X.json.gz; 8
// wrote a term file's facet counts (c) as a string of the text varint,
// in a facet record's order, rather than an object of lists of numbers,
// and added the union counts of a common term's one-word query (u); 9
// put the pages' records in record packs, read a record at a time by
// range requests (d/K.bin, with each one's size in d/sizes.json), in
// place of a file each (d/N.json), which only a copy opened from a
// folder keeps.
const Format = 9

// Meta is meta.json.
type Meta struct {
	Version int                 `json:"version"`
	Build   string              `json:"build"` // changes whenever any file does; fetches add it to bust caches
	Docs    int                 `json:"docs"`
	Fields  []string            `json:"fields"`
	Card    map[string]int      `json:"card"`   // distinct terms of each field, as Bleve's BM25 counts them
	Facets  map[string][]string `json:"facets"` // each keyword field's values, sorted; records refer to them by index
	Counts  map[string][]int    `json:"counts"` // how many pages have each value
	Shards  []string            `json:"shards"` // the first key of each dictionary shard
	Chunk   int                 `json:"chunk"`
	// The pages' records are in record packs of RecordPack pages, each
	// record padded to a multiple of RecordUnit bytes (see writeDocs);
	// both are 0 in a copy opened from a folder, whose records are files
	// of their own.
	RecordPack int `json:"recordPack,omitempty"`
	RecordUnit int `json:"recordUnit,omitempty"`

	Boosts           []float64 `json:"boosts"`           // each text field's boost, in the order of Fields
	Keywords         []string  `json:"keywords"`         // the keyword fields in the order of a facet record (recordFacets)
	Filters          []string  `json:"filters"`          // the response's name for each of Keywords (builder.Facet.Param)
	TypoWeight       float64   `json:"typoWeight"`       // Rules.TypoWeight
	TypoLetters      int       `json:"typoLetters"`      // Rules.TypoLetters
	PrefixWeight     float64   `json:"prefixWeight"`     // Rules.PrefixWeight
	PrefixTerms      int       `json:"prefixTerms"`      // Rules.PrefixTerms
	ShortPrefix      int       `json:"shortPrefix"`      // Rules.ShortPrefix
	ShortPrefixTerms int       `json:"shortPrefixTerms"` // Rules.ShortPrefixTerms
	Snippet          int       `json:"snippet"`          // Rules.Snippet
	Stop             string    `json:"stop"`             // Rules.Stop, sorted, separated by spaces
	Slug             string    `json:"slug"`             // the runes a tag's slug keeps: model.SlugRanges, each range as its first and last rune

	Query  map[string]string `json:"query"`  // Rules.Query: each name a query's field:value may use, and the field it searches
	Typed  []string          `json:"typed"`  // how a value typed for each of Keywords becomes its term (builder.Facet.Typed)
	Listed []Filter          `json:"listed"` // the search page's filters, in the order it lists them (builder.Facets')

	Help  []int  `json:"help"`  // the help pages (Page.Help), by number, ascending: hits list them after the others
	Marks string `json:"marks"` // Rules.Marks
}

// Filter is one of the search page's filters, in meta.json.
type Filter struct {
	Filter string   `json:"filter"`          // its name in responses, one of Filters
	Title  string   `json:"title"`           // its heading (builder.Facet.Single)
	Params []string `json:"params"`          // the URL parameters it is read from, its name first (builder.Facet.Params)
	Shown  int      `json:"shown,omitempty"` // how many values it offers (builder.Facet.Shown); 0 for all
}

// Rules are how package search reads and scores a query, for meta.json:
// the script follows them as they are, not copies of its own.
type Rules struct {
	Fields      []string  // the text fields, in the order of a Page's Fields: title, headings, summary, body
	Boosts      []float64 // each text field's boost, in the order of Fields
	TypoWeight  float64   // the weight of a term a typo away
	TypoLetters int       // the letters a word needs to tolerate a typo
	// TypoMaxLetters is the most letters of a term a typo can reach, one
	// more than a query's word may have; the dictionary lists the
	// deletions of no longer term. Not in meta.json: the script's words
	// are no longer.
	TypoMaxLetters   int
	PrefixWeight     float64           // the weight of a term the last word is a prefix of
	PrefixTerms      int               // how many terms a prefix matches in each field
	ShortPrefix      int               // the most letters (runes) of a short prefix
	ShortPrefixTerms int               // how many terms a short prefix matches in each field, instead of PrefixTerms
	Snippet          int               // about how many bytes a snippet shows
	Stop             []string          // the stop words
	Query            map[string]string // each name a query's field:value may use, and the field it searches
	Marks            string            // the characters besides letters and digits a query's word may hold
}

// newMeta returns the meta of an index of docs pages, with the query's
// rules r filled in.
func newMeta(docs int, r *Rules) Meta {
	m := Meta{Version: Format, Docs: docs, Fields: r.Fields, Card: map[string]int{},
		Facets: map[string][]string{}, Counts: map[string][]int{}, Chunk: facetChunk,
		Boosts: r.Boosts, TypoWeight: r.TypoWeight, TypoLetters: r.TypoLetters,
		PrefixWeight: r.PrefixWeight, PrefixTerms: r.PrefixTerms, ShortPrefix: r.ShortPrefix, ShortPrefixTerms: r.ShortPrefixTerms, Snippet: r.Snippet, Query: r.Query,
		Help: []int{}, Marks: r.Marks}
	for _, i := range recordFacets {
		f := &builder.Facets[i]
		m.Keywords = append(m.Keywords, f.Field)
		m.Filters = append(m.Filters, f.Param)
		m.Typed = append(m.Typed, string(f.Typed))
	}
	for _, f := range builder.Facets {
		m.Listed = append(m.Listed, Filter{Filter: f.Param, Title: f.Single, Params: f.Params(), Shown: f.Shown})
	}
	m.Stop = strings.Join(slices.Sorted(slices.Values(r.Stop)), " ")
	var slug strings.Builder
	for _, r := range model.SlugRanges() {
		slug.WriteRune(r[0])
		slug.WriteRune(r[1])
	}
	m.Slug = slug.String()
	return m
}
