package compare

import (
	"testing"
)

func TestSeriesAreNotToldByColourAlone(t *testing.T) {
	dashes, markers := map[string]bool{}, map[string]bool{}
	for _, s := range seriesStyles {
		if dashes[s.dash] || markers[s.marker] {
			t.Errorf("series style %q repeats a dash pattern or marker", s.name)
		}
		dashes[s.dash], markers[s.marker] = true, true
	}
}
