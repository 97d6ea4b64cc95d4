package server

import (
	"fmt"
	"net/url"
	"slices"
	"testing"

	"intkb/builder"
	"intkb/builder/model"
	"intkb/search"
)

func TestSortFacet(t *testing.T) {
	// As a map hands them over: in no particular order.
	vs := []FacetValue{
		{Value: "older-adults", Label: "Older adults", Count: 3},
		{Value: "carers", Label: "Carers", Count: 5},
		{Value: "frailty-b", Label: "Frailty", Count: 3},
		{Value: "children", Label: "Children", Count: 3},
		{Value: "frailty-a", Label: "Frailty", Count: 3},
		{Value: "housing", Label: "Housing", Count: 1},
	}
	sortFacet(vs)
	var got []string
	for _, v := range vs {
		got = append(got, v.Value)
	}
	want := []string{"carers", "children", "frailty-a", "frailty-b", "older-adults", "housing"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted as %q, want the most pages first, then by label, then by value: %q", got, want)
	}
}

// TestFacetViewAddresses checks the address of each filter: a value not
// chosen adds itself; one chosen removes itself and keeps the others, in
// the same order every time.
func TestFacetViewAddresses(t *testing.T) {
	var tags *builder.Facet
	for i := range builder.Facets {
		if builder.Facets[i].Param == "tag" {
			tags = &builder.Facets[i]
		}
	}
	if tags == nil {
		t.Fatal("no tag facet")
	}
	res := &search.Response{Facets: map[string]map[string]int{"tag": {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}}}
	q := url.Values{"q": {"care"}, "tag": {"e,c", "a"}, "page": {"3"}}
	pageURL := func(v url.Values) string { return v.Encode() }
	first := ""
	for range 20 {
		fv := facetView(tags, res, q, vocabLabel(tags), pageURL)
		urls := map[string]string{}
		for _, v := range fv.Values {
			urls[v.Value] = v.URL
		}
		if got, want := urls["c"], "q=care&tag=a&tag=e"; got != want {
			t.Fatalf("removing c: %s, want %s", got, want)
		}
		if got, want := urls["b"], "q=care&tag=e%2Cc&tag=a&tag=b"; got != want {
			t.Fatalf("adding b: %s, want %s", got, want)
		}
		all := fmt.Sprint(fv.Values)
		if first == "" {
			first = all
		} else if all != first {
			t.Fatalf("the view changed between calls:\n%s\n%s", first, all)
		}
	}
}

// TestFacetViewAlias checks a value chosen by a facet's alias (level for
// integration_level): it is shown as chosen, and its link removes it.
func TestFacetViewAlias(t *testing.T) {
	var levels *builder.Facet
	for i := range builder.Facets {
		if builder.Facets[i].Param == "integration_level" {
			levels = &builder.Facets[i]
		}
	}
	if levels == nil {
		t.Fatal("no integration_level facet")
	}
	res := &search.Response{Facets: map[string]map[string]int{"integration_level": {"unity_of_effort": 1, "convening_to_advise": 2}}}
	q := url.Values{"q": {"care"}, "level": {"unity_of_effort"}}
	fv := facetView(levels, res, q, vocabLabel(levels), func(v url.Values) string { return v.Encode() })
	for _, v := range fv.Values {
		if chosen := v.Value == "unity_of_effort"; v.Selected != chosen {
			t.Errorf("%s: chosen %v, want %v", v.Value, v.Selected, chosen)
		}
		if v.Value == "unity_of_effort" && v.URL != "q=care" {
			t.Errorf("removing %s: %s, want q=care", v.Value, v.URL)
		}
	}
}

// vocabLabel labels f's values with the built-in vocabularies.
func vocabLabel(f *builder.Facet) func(string) string {
	return func(v string) string { return f.Label(model.Vocabs(model.Vocabularies), v) }
}
