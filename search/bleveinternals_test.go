package search

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	index "github.com/blevesearch/bleve_index_api"

	"intkb/builder"
)

// The tests of what bleveinternals.go takes on trust from Bleve.

// tinyPage returns an analysed page with url and text as its title and
// body, and no facet values.
func tinyPage(a *analyser, url, text string) *analysedPage {
	facets := make([][]string, len(builder.Facets))
	for i, f := range builder.Facets {
		if !f.Multi {
			facets[i] = []string{""}
		}
	}
	p := &analysedPage{doc: document{URL: url, Title: text, Body: text, Facets: facets}}
	for i, s := range []string{p.doc.Title, p.doc.Headings, p.doc.Summary, p.doc.Body} {
		p.fields[i], _ = a.field(s, nil)
	}
	return p
}

// writeTinyIndex writes an index of n tiny pages under out with a
// Writer, as a build does, and returns their URLs.
func writeTinyIndex(t *testing.T, out string, n int) []string {
	t.Helper()
	w, err := newWriter(out, newAnalyser(), "")
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for i := range n {
		u := fmt.Sprintf("p/%05d/", i)
		urls = append(urls, u)
		if err := w.add(tinyPage(w.analyser, u, fmt.Sprintf("page %d of care homes", i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return urls
}

// TestScorchDocumentNumbers checks what docNumber assumes of scorch: a
// document's internal id is 8 bytes, its number big-endian, so that ids
// sort as their numbers do, and the numbers of a snapshot's documents
// are distinct and below how many it holds. It checks an index built
// offline in more than one segment, as the Writer builds one, and one
// built in memory in several batches, as Update builds a delta.
func TestScorchDocumentNumbers(t *testing.T) {
	out := t.TempDir()
	urls := writeTinyIndex(t, out, batchSize+batchSize/2)
	built, err := bleve.Open(IndexDir(out))
	if err != nil {
		t.Fatal(err)
	}
	defer built.Close()

	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	mem, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	a := newAnalyser()
	for i := range 3 {
		batch := mem.NewBatch()
		for _, u := range urls[i*10 : i*10+10] {
			if err := batch.IndexAdvanced(bleveDocument(u, tinyPage(a, u, "page of "+u))); err != nil {
				t.Fatal(err)
			}
		}
		if err := mem.Batch(batch); err != nil {
			t.Fatal(err)
		}
	}

	for name, idx := range map[string]bleve.Index{"offline": built, "in memory": mem} {
		r := testSnapshot(t, idx)
		count, _ := r.DocCount()
		seen := map[uint64]bool{}
		var prev index.IndexInternalID
		tfr, err := r.TermFieldReader(context.Background(), []byte("page"), "title", false, false, false)
		if err != nil {
			t.Fatal(err)
		}
		for {
			d, err := tfr.Next(nil)
			if err != nil {
				t.Fatal(err)
			}
			if d == nil {
				break
			}
			n, ok := docNumber(d.ID)
			switch {
			case !ok:
				t.Fatalf("%s: internal id %x is not 8 bytes", name, []byte(d.ID))
			case n >= count || seen[n]:
				t.Fatalf("%s: document number %d repeated or not below the %d documents", name, n, count)
			case prev != nil && bytes.Compare(prev, d.ID) >= 0:
				t.Fatalf("%s: ids %x then %x are not in increasing order", name, []byte(prev), []byte(d.ID))
			}
			seen[n] = true
			prev = slices.Clone(d.ID)
			ext, err := r.ExternalID(d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if id, err := r.InternalID(ext); err != nil || !id.Equals(d.ID) {
				t.Fatalf("%s: %s has internal id %x, and the postings give %x", name, ext, []byte(id), []byte(d.ID))
			}
		}
		tfr.Close()
		if uint64(len(seen)) != count {
			t.Errorf("%s: %d documents numbered, want %d", name, len(seen), count)
		}
	}
}

// TestPreAnalysedFieldIndexesAsBleve indexes texts once as pre-analysed
// fields and once through Bleve's mapping and "en" analyzer, and checks
// that both give the same terms, frequencies, length norms, positions and
// stored values. The pre-analysed fields' term vectors carry no offsets
// (see analyser.field), where Bleve's give each term's bytes.
func TestPreAnalysedFieldIndexesAsBleve(t *testing.T) {
	texts := []string{
		"The care home's nurses, and the nurses' rota: care, caring, cared.",
		"Integrated Neighbourhood Teams 2025: Café culture, naïve résumés — 10,000.5 people",
		"a an the of to", // stop words only
		"",
		"frailty frailty frailty risk-stratification e.g. U.K. don't",
	}
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	ours, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ours.Close()
	theirs, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer theirs.Close()
	a := newAnalyser()
	ob, tb := ours.NewBatch(), theirs.NewBatch()
	for i, text := range texts {
		id := fmt.Sprint(i)
		d := bdoc.NewDocument(id)
		at, _ := a.field(text, nil)
		d.AddField(&preAnalysedField{name: "title", opts: fieldOptions(textField, true), text: at})
		if err := ob.IndexAdvanced(d); err != nil {
			t.Fatal(err)
		}
		if err := tb.Index(id, map[string]any{"title": text}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ours.Batch(ob); err != nil {
		t.Fatal(err)
	}
	if err := theirs.Batch(tb); err != nil {
		t.Fatal(err)
	}
	got, want := indexedField(t, ours, "title", len(texts), false), indexedField(t, theirs, "title", len(texts), false)
	if len(want) == 0 {
		t.Fatal("Bleve indexed no terms")
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pre-analysed:\n%v\nBleve's analysis:\n%v", got, want)
	}
	withOffsets := indexedField(t, ours, "title", len(texts), true)
	if !reflect.DeepEqual(withOffsets, got) {
		t.Errorf("pre-analysed fields keep offsets:\n%v", withOffsets)
	}
}

// indexedField returns what an index holds of field in its documents
// "0" to n-1: for each term, each document's frequency, norm and term
// vectors (each position, and with offsets each term's start and end,
// where they are not 0), and the stored values, by document.
func indexedField(t *testing.T, idx bleve.Index, field string, n int, offsets bool) map[string][]string {
	t.Helper()
	r := testSnapshot(t, idx)
	defer r.Close()
	out := map[string][]string{}
	dict, err := r.FieldDict(field)
	for _, e := range dictEntries(t, dict, err) {
		tfr, err := r.TermFieldReader(context.Background(), []byte(e.Term), field, true, true, true)
		if err != nil {
			t.Fatal(err)
		}
		for {
			d, err := tfr.Next(nil)
			if err != nil {
				t.Fatal(err)
			}
			if d == nil {
				break
			}
			ext, _ := r.ExternalID(d.ID)
			s := fmt.Sprintf("doc %s freq %d norm %v", ext, d.Freq, d.Norm)
			for _, v := range d.Vectors {
				s += fmt.Sprintf(" %s@%d", v.Field, v.Pos)
				if offsets && (v.Start != 0 || v.End != 0) {
					s += fmt.Sprintf("[%d:%d]", v.Start, v.End)
				}
			}
			out["term "+e.Term] = append(out["term "+e.Term], s)
		}
		tfr.Close()
		r.Close()
	}
	for i := range n {
		doc, err := r.Document(fmt.Sprint(i))
		if err != nil {
			t.Fatal(err)
		}
		doc.VisitFields(func(f index.Field) {
			_, text := f.(*bdoc.TextField)
			out["stored "+fmt.Sprint(i)] = append(out["stored "+fmt.Sprint(i)], fmt.Sprintf("%s %q text:%v", f.Name(), f.Value(), text))
		})
	}
	return out
}

// TestIndexMetaAsBleveWritesIt checks that writeIndexMeta writes what
// bleve.NewBuilder writes, with the store where Bleve puts it, and that
// an index a Writer builds opens with bleve.Open and leaves nothing of
// the builder's scratch folders behind.
func TestIndexMetaAsBleveWritesIt(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	theirs := filepath.Join(t.TempDir(), "theirs")
	b, err := bleve.NewBuilder(theirs, m, map[string]interface{}{"buildPathPrefix": t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Index("a", map[string]any{"title": "care"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	ours := t.TempDir()
	if err := writeIndexMeta(ours); err != nil {
		t.Fatal(err)
	}
	var got, want any
	for dir, v := range map[string]*any{ours: &got, theirs: &want} {
		data, err := os.ReadFile(filepath.Join(dir, "index_meta.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("index_meta.json is %v, bleve.NewBuilder writes %v", got, want)
	}
	if fi, err := os.Stat(filepath.Join(theirs, indexStore)); err != nil || !fi.IsDir() {
		t.Errorf("bleve.NewBuilder puts no store at %s: %v", indexStore, err)
	}

	out := t.TempDir()
	writeTinyIndex(t, out, 3)
	idx, err := bleve.Open(IndexDir(out))
	if err != nil {
		t.Fatalf("bleve.Open does not open what the Writer built: %v", err)
	}
	defer idx.Close()
	if n, err := idx.DocCount(); err != nil || n != 3 {
		t.Errorf("the index holds %d documents (%v), want 3", n, err)
	}
	left, err := os.ReadDir(filepath.Dir(IndexDir(out)))
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0].Name() != filepath.Base(IndexDir(out)) {
		var names []string
		for _, e := range left {
			names = append(names, e.Name())
		}
		t.Errorf("beside the index: %v, want only %s", names, filepath.Base(IndexDir(out)))
	}
}

// TestHandlerSetsSortValues checks what facetTable.rank assumes of
// Bleve's collector: a hit reaches the DocumentMatchHandler with its sort
// values set, one for each sort of the request's order, and the values
// the handler leaves decide the order of the hits, in one index and when
// an alias merges two, as it does an update's delta with the build's
// index: help pages last, and hits of the same score by URL, whatever
// order they were indexed in.
func TestHandlerSetsSortValues(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := newAnalyser()
	memIndex := func(texts ...string) bleve.Index { // URL, text, URL, text...
		idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { idx.Close() })
		// A batch each, so that the documents are numbered in this order.
		for i := 0; i < len(texts); i += 2 {
			u, text := texts[i], texts[i+1]
			b := idx.NewBatch()
			if err := b.IndexAdvanced(bleveDocument(u, tinyPage(a, u, text))); err != nil {
				t.Fatal(err)
			}
			if err := idx.Batch(b); err != nil {
				t.Fatal(err)
			}
		}
		return idx
	}
	// Of the same score: h/ and b/, and f/ and g/, each pair added in
	// the order its URLs do not sort in.
	one := memIndex("a/", "care care care care care", "h/", "care care care care", "b/", "care care care care", "c/", "care care care homes")
	two := memIndex("d/", "care care homes", "g/", "care homes homes", "f/", "care homes homes")
	demoted := map[string]bool{"a/": true, "d/": true}
	for name, idx := range map[string]bleve.Index{"one index": one, "an alias": bleve.NewIndexAlias(one, two)} {
		q := bleve.NewTermQuery("care")
		q.SetField("body")
		byScore, err := idx.Search(bleve.NewSearchRequestOptions(q, 10, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		hits := slices.Clone(byScore.Hits)
		slices.SortFunc(hits, func(a, b *bsearch.DocumentMatch) int {
			if demoted[a.ID] != demoted[b.ID] {
				if demoted[a.ID] {
					return 1
				}
				return -1
			}
			return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.ID, b.ID))
		})
		var want []string
		for _, h := range hits {
			want = append(want, h.ID)
		}

		var problems []string
		maker := bsearch.MakeDocumentMatchHandler(func(sc *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
			collect, _, err := collector.MakeTopNDocumentMatchHandler(sc)
			return func(d *bsearch.DocumentMatch) error {
				if d != nil {
					if len(d.Sort) != 3 || d.Sort[0] != contentRank || d.Sort[2] != "" {
						problems = append(problems, fmt.Sprintf("%s reached the handler with sort values %q", d.ID, d.Sort))
					}
					if demoted[d.ID] {
						d.Sort[0] = helpRank
					}
					d.Sort[2] = d.ID
				}
				return collect(d)
			}, true, err
		})
		req := bleve.NewSearchRequestOptions(q, 10, 0, false)
		req.SortByCustom(helpLast())
		res, err := idx.SearchInContext(context.WithValue(context.Background(), bsearch.MakeDocumentMatchHandlerKey, maker), req)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		if !slices.Equal(got, want) || len(problems) > 0 {
			t.Errorf("%s: hits %v, want %v; %v", name, got, want, problems)
		}
	}
}
