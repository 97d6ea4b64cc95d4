package search

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"intkb/builder"
	"intkb/search/static"
)

// facetProbe is a value of a facet that the portal's pages have (the
// demo site's, and the blueprints it imports: see portalIndex), with
// the pages that have it.
type facetProbe struct {
	facet  *builder.Facet
	term   string // as indexed
	typed  string // as a reader might type it: in upper case, and as in its URL for a vocabulary of snake_case values
	typ    string // the type of a page with the term
	pages  int    // how many searchable pages have the term
	ofType int    // how many of those are of typ
}

// facetProbes returns a probe for each facet of builder.Facets, failing
// the test for a facet none of the portal's pages has a value of.
func facetProbes(t *testing.T) []facetProbe {
	t.Helper()
	_, built := portalIndex(t)
	pages := append(slices.Clone(built.Pages), built.Site.ImportedPages()...)
	var probes []facetProbe
	for i := range builder.Facets {
		f := &builder.Facets[i]
		pr := facetProbe{facet: f}
		for _, p := range pages {
			if !p.Searchable() {
				continue
			}
			if pr.term == "" {
				if vals := f.Values(p); len(vals) > 0 && f.Term(vals[0]) != "" {
					pr.term, pr.typ = f.Term(vals[0]), p.Type
					pr.typed = strings.ToUpper(vals[0])
					switch f.Typed {
					case builder.TypedSnake:
						pr.typed = strings.ReplaceAll(pr.typed, "_", "-")
					case builder.TypedSlug:
						// A name of many words is typed as its slug:
						// a query's value is one word.
						pr.typed = strings.ToUpper(pr.term)
					}
				}
			}
			if pr.term != "" && slices.Contains(f.Terms(p), pr.term) {
				pr.pages++
				if p.Type == pr.typ {
					pr.ofType++
				}
			}
		}
		if pr.term == "" {
			t.Fatalf("no page of the portal has a value of facet %s", f.Field)
		}
		probes = append(probes, pr)
	}
	return probes
}

// TestEveryFacetIsEverywhere checks that each entry of builder.Facets,
// and nothing else, is what search reads: it is mapped as a keyword
// field, counted in responses under its name, found by a query under
// each of its names with a value typed by its rule, read as a filter
// from each of its URL parameters, and described in the static index's
// meta.json.
func TestEveryFacetIsEverywhere(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	props := m.(*mapping.IndexMappingImpl).DefaultMapping.Properties
	idx, _ := portalIndex(t)
	meta := readStaticMeta(t, static.Dir(portal.dir+"/public"))
	if len(meta.Keywords) != len(builder.Facets) || len(emptyFacets()) != len(builder.Facets) {
		t.Errorf("meta.json has keywords %v and responses facets %v; want one for each of %d facets", meta.Keywords, emptyFacets(), len(builder.Facets))
	}
	for _, pr := range facetProbes(t) {
		f := pr.facet
		if p := props[f.Field]; p == nil || len(p.Fields) != 1 || p.Fields[0].Analyzer != keyword.Name || !p.Fields[0].Index {
			t.Errorf("%s: not mapped as an indexed keyword field", f.Field)
		}
		if _, ok := emptyFacets()[f.Param]; !ok {
			t.Errorf("%s: responses have no facet %q", f.Field, f.Param)
		}
		for _, name := range f.Names() {
			q := name + ":" + pr.typed
			res, err := idx.Search(Request{Query: q, Size: MaxSize})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != uint64(pr.pages) || res.Facets[f.Param][pr.term] != pr.pages {
				t.Errorf("%s: %d hits, %d counted as %q; want %d", q, res.Total, res.Facets[f.Param][pr.term], pr.term, pr.pages)
			}
			if meta.Query[name] != f.Field {
				t.Errorf("meta.json: query name %q searches %q, want %q", name, meta.Query[name], f.Field)
			}
		}
		q := "type:" + pr.typ
		if res, _ := idx.Search(Request{Query: q, Filters: Filters{f.Param: {pr.term}}}); res == nil || res.Total != uint64(pr.ofType) {
			t.Errorf("%s filtered by %s=%s: %d hits, want %d", q, f.Param, pr.term, res.Total, pr.ofType)
		}
		for _, param := range f.Params() {
			r, err := ParseRequest(url.Values{"q": {"x"}, param: {pr.term}})
			if err != nil || !slices.Equal(r.Filters[f.Param], []string{pr.term}) {
				t.Errorf("?%s=%s: filters %v, %v; want %s: [%s]", param, pr.term, r.Filters, err, f.Param, pr.term)
			}
		}
		k := slices.Index(meta.Keywords, f.Field)
		if k < 0 || meta.Filters[k] != f.Param || meta.Typed[k] != string(f.Typed) {
			t.Errorf("meta.json: %s is not a keyword named %s with the rule %s", f.Field, f.Param, f.Typed)
		}
		if !slices.ContainsFunc(meta.Listed, func(l static.Filter) bool {
			return l.Filter == f.Param && l.Title == f.Single && slices.Equal(l.Params, f.Params()) && l.Shown == f.Shown
		}) {
			t.Errorf("meta.json: the search page's filters %+v do not list %s", meta.Listed, f.Param)
		}
	}
}

// TestStaticEveryFacetIsEverywhere checks the search page's script as
// TestEveryFacetIsEverywhere checks the server: each facet is found by
// each of its names, with a value typed by its rule, filters by its name,
// and is counted under it.
func TestStaticEveryFacetIsEverywhere(t *testing.T) {
	probes := facetProbes(t)
	type want struct {
		what  string
		param string
		term  string
		total int
	}
	var reqs []map[string]any
	var wants []want
	for _, pr := range probes {
		f := pr.facet
		for _, name := range f.Names() {
			q := name + ":" + pr.typed
			reqs = append(reqs, map[string]any{"query": q, "size": MaxSize})
			wants = append(wants, want{q, f.Param, pr.term, pr.pages})
		}
		reqs = append(reqs, map[string]any{"query": "type:" + pr.typ, "size": MaxSize, "filters": Filters{f.Param: {pr.term}}})
		wants = append(wants, want{"type:" + pr.typ + " filtered by " + f.Param, f.Param, pr.term, pr.ofType})
	}
	var res struct{ Responses []staticResponse }
	runEngine(t, map[string]any{"index": static.Dir(portal.dir + "/public"), "requests": reqs}, &res)
	if len(res.Responses) != len(wants) {
		t.Fatalf("%d responses, want %d", len(res.Responses), len(wants))
	}
	for i, w := range wants {
		r := res.Responses[i]
		if r.Total != uint64(w.total) || r.Facets[w.param][w.term] != w.total {
			t.Errorf("%s: %d hits, %d counted as %s %q; want %d", w.what, r.Total, r.Facets[w.param][w.term], w.param, w.term, w.total)
		}
	}
	var parsed []struct {
		Fields []struct{ Field, Value string }
	}
	var queries []string
	for _, pr := range probes {
		for _, name := range pr.facet.Names() {
			queries = append(queries, strings.ToUpper(name)+":"+pr.typed)
		}
	}
	runEngine(t, map[string]any{"parse": queries, "index": static.Dir(portal.dir + "/public")}, &parsed)
	for i, q := range queries {
		want := ParseQuery(q).Fields
		if len(parsed[i].Fields) != len(want) || len(want) != 1 || parsed[i].Fields[0].Field != want[0].Field || parsed[i].Fields[0].Value != want[0].Value {
			t.Errorf("%s: the script parses %+v, Go %+v", q, parsed[i].Fields, want)
		}
	}
}
