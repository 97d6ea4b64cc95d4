package server

import (
	"cmp"
	"html/template"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"intkb/builder"
	"intkb/search"
)

// SearchPageData is what the search layout gets as .Data on a
// server-rendered search page.
type SearchPageData struct {
	Query    string
	Error    string // a problem with the request, shown to the reader
	Total    uint64
	Hits     []HitView
	Facets   []FacetView
	Chosen   []string // the words for each filter value the search applied, filter by filter
	Filtered bool     // reports whether any filter is on: Chosen is not empty
	ClearURL string   // the same query without filters
	PrevURL  string
	NextURL  string
	Page     int
	Pages    int
	First    int
	Last     int
}

// HitView is a hit ready for a template.
type HitView struct {
	URL     string
	Title   string
	Type    string
	Area    string
	Source  string // the site an imported blueprint comes from, shown as "from SOURCE"
	Section string
	Snippet template.HTML
}

// FacetView is one filter with its values and counts.
type FacetView struct {
	Param  string // the URL parameter
	Title  string
	Values []FacetValue
}

// FacetValue is one value of a filter: its count among the hits, and the
// link that turns it on or off.
type FacetValue struct {
	Value    string
	Label    string
	Count    int
	Selected bool
	URL      string
}

func fillPage(d *SearchPageData, req search.Request, res *search.Response, q url.Values, site *builder.Site) {
	base := site.BasePath()
	vs := site.Vocabs()
	d.Total = res.Total
	for _, h := range res.Hits {
		d.Hits = append(d.Hits, HitView{
			URL: h.Link(base), Title: h.Title, Type: builder.TypeLabel(h.Type), Area: vs.Label("area", h.Area), Source: h.Source,
			Section: h.Section, Snippet: template.HTML(h.Snippet), // escaped by the highlighter, with <mark> added
		})
	}
	pageURL := func(v url.Values) string { return base + "search/?" + v.Encode() }
	for i := range builder.Facets {
		f := &builder.Facets[i]
		for _, v := range req.Filters[f.Param] {
			d.Chosen = append(d.Chosen, site.FacetLabel(f, v))
		}
		label := func(v string) string { return site.FacetLabel(f, v) }
		if fv := facetView(f, res, q, label, pageURL); len(fv.Values) > 0 {
			d.Facets = append(d.Facets, fv)
		}
	}
	d.Filtered = len(d.Chosen) > 0
	clear := url.Values{"q": {req.Query}}
	d.ClearURL = pageURL(clear)
	size := req.Size
	if size == 0 {
		size = search.DefaultSize
	}
	d.Page = max(req.Page, 1)
	d.Pages = int((res.Total + uint64(size) - 1) / uint64(size))
	d.First = (d.Page-1)*size + 1
	d.Last = d.First + len(res.Hits) - 1
	if d.Page > 1 && d.Page <= d.Pages+1 {
		v := cloneValues(q)
		v.Set("page", strconv.Itoa(d.Page-1))
		d.PrevURL = pageURL(v)
	}
	if d.Page < d.Pages {
		v := cloneValues(q)
		v.Set("page", strconv.Itoa(d.Page+1))
		d.NextURL = pageURL(v)
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// sortFacet orders values by count, most first, then label, then value:
// the values come from a map, so two with one count and label would
// otherwise change places from one search to the next.
func sortFacet(vs []FacetValue) {
	slices.SortFunc(vs, func(a, b FacetValue) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Label, b.Label), strings.Compare(a.Value, b.Value))
	})
}

// facetView lists a facet's values among the results as filters to
// toggle, each with the address that adds it to the request q or, for
// one the reader chose, removes it.
// label gives the words for each value (builder.Site.FacetLabel).
func facetView(f *builder.Facet, res *search.Response, q url.Values, label func(string) string, pageURL func(url.Values) string) FacetView {
	param := f.Param
	fv := FacetView{Param: param, Title: f.Single}
	// Chosen by the facet's name or an alias (level for
	// integration_level), as search.ParseRequest reads them.
	selected := map[string]bool{}
	for _, name := range f.Params() {
		for _, s := range q[name] {
			for _, part := range strings.Split(s, ",") {
				if part = strings.TrimSpace(part); part != "" {
					selected[part] = true
				}
			}
		}
	}
	for value, count := range res.Facets[param] {
		v := cloneValues(q)
		v.Del("page")
		if selected[value] {
			// The others chosen, in order, so the address is the same
			// each time.
			for _, name := range f.Params() {
				v.Del(name)
			}
			for _, k := range slices.Sorted(maps.Keys(selected)) {
				if k != value {
					v.Add(param, k)
				}
			}
		} else {
			v.Add(param, value)
		}
		fv.Values = append(fv.Values, FacetValue{Value: value, Label: label(value), Count: count, Selected: selected[value], URL: pageURL(v)})
	}
	sortFacet(fv.Values)
	if f.Shown > 0 && len(fv.Values) > f.Shown {
		// The most common values, and any the reader chose.
		var keep []FacetValue
		for i, v := range fv.Values {
			if i < f.Shown || v.Selected {
				keep = append(keep, v)
			}
		}
		fv.Values = keep
	}
	return fv
}
