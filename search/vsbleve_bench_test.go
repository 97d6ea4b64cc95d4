package search

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Benchmarks of each part of search done here rather than by Bleve,
// against Bleve's own feature, on the demo site and on a generated site
// of 1,000 pages (see benchIndex):
//
//	go test ./search -run '^$' -bench VsBleve -benchmem -count 5
//
// Each pair answers the same queries on the same index; the figures are
// in the doc comment of each part and in the commit that added them.

// vsBleveCorpora runs f on the demo site's index and on a generated
// site's.
func vsBleveCorpora(b *testing.B, f func(b *testing.B, idx *Index)) {
	b.Run("demo", func(b *testing.B) {
		idx, _ := demoIndex(b)
		f(b, idx)
	})
	b.Run("gen1000", func(b *testing.B) {
		f(b, benchIndex(b, 1000))
	})
}

// BenchmarkVsBleveAnalysis analyses every searchable page's text fields,
// by analyser and by Bleve's "en" analyzer with its token counting.
func BenchmarkVsBleveAnalysis(b *testing.B) {
	vsBleveCorpora(b, func(b *testing.B, idx *Index) {
		texts := storedTexts(b, idx)
		size := 0
		for _, t := range texts {
			size += len(t)
		}
		b.Run("intkb", func(b *testing.B) {
			a := newAnalyser()
			var toks []token
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, t := range texts {
					_, toks = a.field(t, toks)
				}
			}
		})
		b.Run("bleve", func(b *testing.B) {
			a := bleveEnglish(b)
			opts := index.IndexField | index.IncludeTermVectors
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, t := range texts {
					analysis.TokenFrequency(a.Analyze([]byte(t)), nil, opts)
				}
			}
		})
	})
}

// storedTexts returns the title, summary and sections of every document
// of idx, as stored.
func storedTexts(b *testing.B, idx *Index) []string {
	b.Helper()
	res, err := idx.idx.Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 100000, 0, false))
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	for _, h := range res.Hits {
		p, err := idx.storedPage(h.ID)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, p.title, p.summary)
		for _, pt := range p.parts {
			texts = append(texts, pt.Heading+" "+pt.Text)
		}
	}
	return texts
}

// typoBenchQueries are words with a typo, and words long enough to
// tolerate one, as readers type them.
var typoBenchQueries = []string{"pharmasy", "frialty", "coordinater", "nieghbourhood teams", "carehome",
	"discharge", "loneliness", "stratification", "sponsor implementer", "partnership"}

// BenchmarkVsBleveTypos answers typoBenchQueries whole, past the response
// cache, with typos matched by the typo tables and by Bleve's fuzzy
// MatchQuery (the same query through withBleveFuzzy), on the same index.
func BenchmarkVsBleveTypos(b *testing.B) {
	vsBleveCorpora(b, func(b *testing.B, idx *Index) {
		for _, f := range textFields {
			idx.typos.wait(idx.base.reader, f)
		}
		for _, bleveOwn := range []bool{false, true} {
			name := "intkb"
			if bleveOwn {
				name = "bleve"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					r := Request{Query: typoBenchQueries[i%len(typoBenchQueries)], Page: 1, Size: DefaultSize}
					q, prefixed := ParseQuery(r.Query), &termSet{}
					main := idx.pageQuery(q, nil, prefixed)
					if bleveOwn {
						main, _ = withBleveFuzzy(main)
					}
					if _, err := idx.answer(r, q, main, prefixed, time.Now()); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
	})
}

// BenchmarkVsBleveFacets runs benchQueries, the top ten hits of each,
// counting every facet's values among all hits: by the facet table, and
// by Bleve's term facets (a facet request per facet, which read the
// values from the postings Bleve uninverts per snapshot, as the index has
// no doc values).
func BenchmarkVsBleveFacets(b *testing.B) {
	vsBleveCorpora(b, func(b *testing.B, idx *Index) {
		queries := make([]query.Query, 0, len(benchQueries))
		for _, q := range benchQueries {
			if pq := idx.pageQuery(ParseQuery(q), nil, nil); pq != nil {
				queries = append(queries, pq)
			}
		}
		b.Run("intkb", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				ctx, addFacets := idx.facets.withFacetCounting(context.Background(), false)
				if _, err := idx.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(queries[i%len(queries)], DefaultSize, 0, false)); err != nil {
					b.Fatal(err)
				}
				if _, err := addFacets(emptyFacets()); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run("bleve", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				req := bleve.NewSearchRequestOptions(queries[i%len(queries)], DefaultSize, 0, false)
				for _, f := range facetFields {
					req.AddFacet(f, bleve.NewFacetRequest(f, 100000))
				}
				if _, err := idx.idx.Search(req); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	})
}

// prefixBenchPrefixes are the first letters of words, as typed.
var prefixBenchPrefixes = []string{"c", "p", "s", "co", "pa", "ne", "car", "pat", "int", "fr"}

// BenchmarkVsBlevePrefix searches each prefix in every text field, the
// top ten hits, by prefixQuery (the prefixLimit terms on the most
// pages) and by Bleve's PrefixQuery (every term with the prefix). terms/op
// is how many terms, over the four fields, each stands for: what the
// static index's script would fetch postings for.
func BenchmarkVsBlevePrefix(b *testing.B) {
	vsBleveCorpora(b, func(b *testing.B, idx *Index) {
		r := testSnapshot(b, idx.idx)
		defer r.Close()
		build := func(bleveOwn bool, prefix string) query.Query {
			var alts []query.Query
			for _, f := range pageFields {
				if bleveOwn {
					q := bleve.NewPrefixQuery(prefix)
					q.SetField(f.name)
					q.SetBoost(f.boost * prefixWeight)
					alts = append(alts, q)
				} else {
					alts = append(alts, &prefixQuery{prefix: prefix, field: f.name, boost: f.boost * prefixWeight})
				}
			}
			return bleve.NewDisjunctionQuery(alts...)
		}
		for _, c := range []struct {
			name     string
			bleveOwn bool
		}{{"intkb", false}, {"bleve", true}} {
			b.Run(c.name, func(b *testing.B) {
				terms := 0
				for _, p := range prefixBenchPrefixes {
					for _, f := range pageFields {
						n := prefixTermCount(b, r, f.name, p)
						if !c.bleveOwn {
							n = min(n, prefixLimit(p))
						}
						terms += n
					}
				}
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					q := build(c.bleveOwn, prefixBenchPrefixes[i%len(prefixBenchPrefixes)])
					if _, err := idx.idx.Search(bleve.NewSearchRequestOptions(q, DefaultSize, 0, false)); err != nil {
						b.Fatal(err)
					}
					i++
				}
				b.ReportMetric(float64(terms)/float64(len(prefixBenchPrefixes)), "terms/op")
			})
		}
	})
}

// prefixTermCount returns how many terms of field start with prefix.
func prefixTermCount(b *testing.B, r index.IndexReader, field, prefix string) int {
	dict, err := r.FieldDictPrefix(field, []byte(prefix))
	return len(dictEntries(b, dict, err))
}

// BenchmarkVsBleveHighlight makes the snippets of the top ten hits of
// benchQueries, on an index of the same pages whose text fields are also
// stored (Bleve's highlighter reads the stored text): by the highlighter,
// from the stored sections, and by Bleve's HTML highlighter over title,
// summary and body, from the hits' term locations. Both read the hits'
// stored fields on every query; intkb-cached is the highlighter on pages
// in the page cache, read and analysed before.
func BenchmarkVsBleveHighlight(b *testing.B) {
	vsBleveCorpora(b, func(b *testing.B, idx *Index) {
		m, err := newMapping()
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range textFields {
			m.(*mapping.IndexMappingImpl).DefaultMapping.Properties[f].Fields[0].Store = true
		}
		stored, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		if err != nil {
			b.Fatal(err)
		}
		defer stored.Close()
		res, err := idx.idx.Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 100000, 0, false))
		if err != nil {
			b.Fatal(err)
		}
		batch := stored.NewBatch()
		for _, h := range res.Hits {
			p, err := idx.storedPage(h.ID)
			if err != nil {
				b.Fatal(err)
			}
			var body strings.Builder
			for _, pt := range p.parts {
				body.WriteString(pt.Text)
				body.WriteByte(' ')
			}
			if err := batch.Index(h.ID, map[string]any{"url": p.url, "title": p.title, "summary": p.summary,
				"body": body.String(), "parts": encodeParts(p.parts)}); err != nil {
				b.Fatal(err)
			}
		}
		if err := stored.Batch(batch); err != nil {
			b.Fatal(err)
		}
		var queries []Query
		for _, s := range benchQueries {
			if q := ParseQuery(s); idx.pageQuery(q, nil, nil) != nil {
				queries = append(queries, q)
			}
		}
		// intkb reads and analyses each hit's stored fields, as for a page
		// not in the page cache; intkb-cached takes them, analysed, from
		// the page cache, as Search does once a page has been shown.
		for _, cached := range []bool{false, true} {
			name := "intkb"
			if cached {
				name = "intkb-cached"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					q, prefixed := queries[i%len(queries)], &termSet{}
					req := bleve.NewSearchRequestOptions(idx.pageQuery(q, nil, prefixed), DefaultSize, 0, false)
					if !cached {
						req.Fields = []string{"summary", "parts"}
					}
					sr, err := stored.Search(req)
					if err != nil {
						b.Fatal(err)
					}
					mt := idx.newMatcher(q, prefixed.byField())
					for _, h := range sr.Hits {
						p, err := idx.storedPage(h.ID)
						if !cached {
							summary, _ := h.Fields["summary"].(string)
							enc, _ := h.Fields["parts"].(string)
							p = &storedPage{summary: summary, parts: decodeParts(enc, nil)}
							idx.analyseStored(p)
						}
						if err != nil {
							b.Fatal(err)
						}
						var hit Hit
						idx.linkSection(&hit, mt, p)
					}
					i++
				}
			})
		}
		b.Run("bleve", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				req := bleve.NewSearchRequestOptions(idx.pageQuery(queries[i%len(queries)], nil, &termSet{}), DefaultSize, 0, false)
				req.Highlight = bleve.NewHighlightWithStyle("html")
				req.Highlight.Fields = []string{"title", "summary", "body"}
				if _, err := stored.Search(req); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	})
}
