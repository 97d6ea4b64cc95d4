package search

import (
	"context"
	"math"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"

	"intkb/builder"
)

// TestIndexMatchesBleveOwnIndexing builds the demo site's documents into
// a second index the ordinary way, through Bleve's mapping and its own
// analysis (each field's length kept as normLength keeps it), with doc
// values for Bleve to count facets from, and checks
// that every query gives the same hits, in the same order, with the same
// scores and facet counts on both: the build's pre-analysed documents
// and counted facets change nothing but the time they take.
func TestIndexMatchesBleveOwnIndexing(t *testing.T) {
	idx, built := demoIndex(t)
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range facetFields {
		fms := m.(*mapping.IndexMappingImpl).DefaultMapping.Properties[f].Fields
		fms[0].DocValues = true
	}
	plain, err := bleve.New(filepath.Join(t.TempDir(), "plain.bleve"), m)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	batch := plain.NewBatch()
	n := 0
	for _, p := range built.Pages {
		if !p.Searchable() {
			continue
		}
		d, _, err := pageDocument(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := batch.IndexAdvanced(normedDocument(t, plain.Mapping(), d.URL, mappedDocument(&d))); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if err := plain.Batch(batch); err != nil {
		t.Fatal(err)
	}
	if got, _ := idx.DocCount(); got != uint64(n) {
		t.Fatalf("the build's index holds %d documents, want %d", got, n)
	}

	queries := append([]Request(nil), agreementQueries...)
	for _, q := range benchQueries {
		queries = append(queries, Request{Query: q})
	}
	for _, r := range queries {
		if r.Page == 0 {
			r.Page = 1
		}
		r.Size = 50
		q := idx.pageQuery(ParseQuery(r.Query), r.Filters, nil)
		if q == nil {
			continue
		}
		// Hits of the same score by URL in both: the indexes number
		// their documents in different orders.
		byScore := []string{"-_score", "_id"}
		req := bleve.NewSearchRequestOptions(q, r.Size, (r.Page-1)*r.Size, false)
		req.SortBy(byScore)
		for _, f := range facetFields {
			req.AddFacet(f, bleve.NewFacetRequest(f, 1000))
		}
		want, err := plain.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		ours := bleve.NewSearchRequestOptions(q, r.Size, (r.Page-1)*r.Size, false)
		ours.SortBy(byScore)
		ctx, addFacets := idx.facets.withFacetCounting(context.Background(), false)
		got, err := idx.idx.SearchInContext(ctx, ours)
		if err != nil {
			t.Fatal(err)
		}
		gotFacets := emptyFacets()
		if _, err := addFacets(gotFacets); err != nil {
			t.Fatal(err)
		}
		if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
			t.Errorf("%q: %d hits (%d shown), Bleve's own index has %d (%d)", r.Query, got.Total, len(got.Hits), want.Total, len(want.Hits))
			continue
		}
		for i := range want.Hits {
			g, w := got.Hits[i], want.Hits[i]
			if g.ID != w.ID || math.Abs(g.Score-w.Score) > 1e-12*math.Max(1, w.Score) {
				t.Errorf("%q #%d: %s %v, Bleve's own index has %s %v", r.Query, i+1, g.ID, g.Score, w.ID, w.Score)
			}
		}
		wantFacets := emptyFacets()
		for name, fr := range want.Facets {
			for _, tf := range fr.Terms.Terms() {
				if tf.Term != "" {
					wantFacets[facetByField(name).Param][tf.Term] = tf.Count
				}
			}
		}
		if !reflect.DeepEqual(gotFacets, wantFacets) {
			t.Errorf("%q: facets\n got %v\nwant %v", r.Query, gotFacets, wantFacets)
		}
	}
}

// normedDocument returns the document Bleve's Index makes of data with
// mapping m, but with each text field's length as normLength keeps it, as
// the build's pre-analysed fields give it.
func normedDocument(t *testing.T, m mapping.IndexMapping, id string, data any) *bdoc.Document {
	t.Helper()
	d := bdoc.NewDocument(id)
	if err := m.MapDocument(d, data); err != nil {
		t.Fatal(err)
	}
	for i, f := range d.Fields {
		if tf, ok := f.(*bdoc.TextField); ok {
			d.Fields[i] = normedField{tf}
		}
	}
	return d
}

// normedField is a text field of Bleve's whose length is as normLength
// keeps it.
type normedField struct{ *bdoc.TextField }

func (f normedField) AnalyzedLength() int { return normLength(f.TextField.AnalyzedLength()) }

// mappedDocument returns d as Bleve's mapping takes a document: each
// field by name, a facet of one value per page as a string and one of
// many as a list.
func mappedDocument(d *document) map[string]any {
	m := map[string]any{"url": d.URL, "title": d.Title, "summary": d.Summary, "headings": d.Headings,
		"body": d.Body, "parts": d.Parts, "updated": d.Updated}
	for i, f := range builder.Facets {
		if f.Multi {
			m[f.Field] = d.Facets[i]
		} else {
			m[f.Field] = d.Facets[i][0]
		}
	}
	if d.Help {
		m[helpField] = helpTerm
	}
	return m
}
