package search

import (
	"slices"
	"testing"
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
