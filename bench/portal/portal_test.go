package main

import (
	"strings"
	"testing"

	"intkb/bench/corpus"
)

// TestPlanGivesTheBlueprints checks that the 40 sites have 1,250
// blueprints between them, each as many as its plan says.
func TestPlanGivesTheBlueprints(t *testing.T) {
	total := 0
	for _, s := range plan(40, 1250) {
		total += s.blueprints
		got := 0
		for _, p := range corpus.Paths(pagesFor(s.blueprints)) {
			if strings.HasPrefix(p, "content/blueprints/") {
				got++
			}
		}
		if got != s.blueprints {
			t.Errorf("%s: %d pages give %d blueprints, want %d", s.name, pagesFor(s.blueprints), got, s.blueprints)
		}
	}
	if total != 1250 {
		t.Errorf("the sites have %d blueprints in all, want 1250", total)
	}
}
