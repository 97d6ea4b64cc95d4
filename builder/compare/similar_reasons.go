package compare

import (
	"math"
	"slices"

	"intkb/builder/model"
)

// This file says in words why two areas are alike (Like.Reasons).

// A reason is one feature two areas share, with how much it added to
// their score.
type reason struct {
	weight float64
	text   string
}

// reasons says why b is like a: each feature that matches, in words
// read with a's vocabularies, the ones that added most to the score
// first (features that added the same in the order of similarities), at most
// MaxLikeReasons.
func reasons(a, b *Area, s *similarities) []string {
	p, q := settingBits(a.Setting), settingBits(b.Setting)
	vs := a.vocabs()
	var found []reason
	add := func(feature int, text string) {
		found = append(found, reason{likeWeights[feature] * s[feature], text})
	}
	if shared := p & q; shared != 0 {
		var words []string
		for i, w := range settingWords {
			if shared&(1<<i) != 0 {
				words = append(words, w.says)
			}
		}
		add(featSetting, "also "+andList(words))
	}
	x, y := a.Blueprint, b.Blueprint
	if x == nil || y == nil {
		return texts(found)
	}
	var cohorts []string
	for _, c := range x.Cohorts {
		if slices.Contains(y.Cohorts, c) && !slices.Contains(cohorts, lowerFirst(vs.Label("cohort", c))) {
			cohorts = append(cohorts, lowerFirst(vs.Label("cohort", c)))
		}
	}
	if len(cohorts) > 0 {
		add(featCohorts, "also "+andList(cohorts))
	}
	if n, m := x.Needs.Population, y.Needs.Population; n > 0 && m > 0 && math.Abs(math.Log(float64(n)/float64(m))) <= math.Log(similarSize) {
		add(featPopulation, "similar size: "+model.NumberText(m)+" people")
	}
	if l := x.Function.IntegrationLevel; l != "" && l == y.Function.IntegrationLevel {
		add(featLevel, "also "+lowerFirst(vs.Label("integration_level", l)))
	}
	if bu := x.Finance.Budget; bu != "" && bu == y.Finance.Budget {
		add(featBudget, "also "+lowerFirst(vs.Label("budget", bu)))
	}
	if c := x.Form.MDTCadence; c != "" && c == y.Form.MDTCadence {
		add(featCadence, "also "+lowerFirst(vs.Label("mdt_cadence", c))+" MDT")
	}
	if s[featMembers] == 1 {
		add(featMembers, "same organisations in the team")
	}
	return texts(found)
}

// texts returns the reasons' words, those that added most first, at
// most MaxLikeReasons.
func texts(found []reason) []string {
	slices.SortStableFunc(found, func(a, b reason) int {
		switch {
		case a.weight > b.weight:
			return -1
		case a.weight < b.weight:
			return 1
		}
		return 0
	})
	var out []string
	for i, r := range found {
		if i == MaxLikeReasons {
			break
		}
		out = append(out, r.text)
	}
	return out
}
