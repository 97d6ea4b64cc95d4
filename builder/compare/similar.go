package compare

import (
	"math"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"intkb/builder/model"
)

// This file finds the areas most like each area, and says why in words
// (see "Areas like this one" in the package doc).

// LikeCount is how many nearest areas a page lists.
const LikeCount = 5

// MaxLikeReasons is the most reasons a Like gives.
const MaxLikeReasons = 4

// A Like is an area near another, with why.
type Like struct {
	Area *Area
	// Score is how alike the two are, from 0 (nothing in common) to 1,
	// rounded to a thousandth: the features' weighted mean.
	Score float64
	// Reasons are the features that match, strongest first, in words
	// such as "also pooled budget"; at most MaxLikeReasons.
	Reasons []string
}

// The weights of the features, out of likeWeightSum: the package doc
// says them in words, and similarities holds them in the order reasons
// of equal weight are given.
const (
	weightSetting    = 2.0
	weightCohorts    = 2.0
	weightPopulation = 2.0
	weightLevel      = 1.5
	weightBudget     = 1.0
	weightCadence    = 1.0
	weightMembers    = 0.5
	likeWeightSum    = weightSetting + weightCohorts + weightPopulation + weightLevel + weightBudget + weightCadence + weightMembers
)

// similarSize is the largest ratio of two populations that is said to be
// a similar size.
const similarSize = 1.5

// settingWords are the words of an area's setting (free text, such as
// "Rural, dispersed") that likeness reads, each with the forms it may be
// written in and the words a reason says it with. Other words are not
// read.
var settingWords = []struct {
	says  string
	forms []string
}{
	{"rural", []string{"rural", "countryside"}},
	{"urban", []string{"urban"}},
	{"suburban", []string{"suburban", "suburbs"}},
	{"coastal", []string{"coastal", "coast", "seaside"}},
	{"city", []string{"city", "cities"}},
	{"town", []string{"town", "towns"}},
	{"villages", []string{"village", "villages"}},
	{"dispersed", []string{"dispersed", "sparse", "remote"}},
	{"deprived", []string{"deprived", "deprivation"}},
	{"older population", []string{"older", "elderly", "ageing"}},
	{"diverse", []string{"diverse"}},
	{"young families", []string{"young"}},
}

// settingForm maps each form of a setting word to its bit.
var settingForm = func() map[string]uint32 {
	m := map[string]uint32{}
	for i, w := range settingWords {
		for _, f := range w.forms {
			m[f] = 1 << i
		}
	}
	return m
}()

// settingBits returns the setting words s holds, as bits of settingWords.
func settingBits(s string) uint32 {
	var b uint32
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		b |= settingForm[w]
	}
	return b
}

// profile is one area's features, worked out once.
type profile struct {
	logPop  float64 // log10 of its population; hasPop is false when none is given
	hasPop  bool
	setting uint32 // bits of settingWords
	cohorts []uint64
	orgs    []uint64
	level   int // index in integration_level's order; -1 when not one
	cadence int // index in mdt_cadence's order; -1 when not one
	budget  int // index in budget's order; -1 when not one
}

// codeSet numbers the codes of an open vocabulary, as areas use them,
// so that a set of them is a few machine words.
type codeSet map[string]int

func (cs codeSet) bits(codes []string, words int) []uint64 {
	out := make([]uint64, words)
	for _, c := range codes {
		i := cs[c]
		out[i/64] |= 1 << (i % 64)
	}
	return out
}

func (cs codeSet) add(codes []string) {
	for _, c := range codes {
		if _, ok := cs[c]; !ok {
			cs[c] = len(cs)
		}
	}
}

// profiles works out every area's features.
func profiles(areas []*Area) []profile {
	cohorts, orgs := codeSet{}, codeSet{}
	for _, a := range areas {
		if bp := a.Blueprint; bp != nil {
			cohorts.add(bp.Cohorts)
			orgs.add(memberOrganisations(bp))
		}
	}
	cw, ow := (len(cohorts)+63)/64, (len(orgs)+63)/64
	out := make([]profile, len(areas))
	for i, a := range areas {
		p := profile{setting: settingBits(a.Setting), level: -1, cadence: -1, budget: -1}
		if bp := a.Blueprint; bp != nil {
			if bp.Needs.Population > 0 {
				p.logPop, p.hasPop = math.Log10(float64(bp.Needs.Population)), true
			}
			p.cohorts = cohorts.bits(bp.Cohorts, cw)
			p.orgs = orgs.bits(memberOrganisations(bp), ow)
			p.level = place("integration_level", bp.Function.IntegrationLevel)
			p.cadence = place("mdt_cadence", bp.Form.MDTCadence)
			p.budget = place("budget", bp.Finance.Budget)
		} else {
			p.cohorts, p.orgs = make([]uint64, cw), make([]uint64, ow)
		}
		out[i] = p
	}
	return out
}

func memberOrganisations(bp *model.Blueprint) []string {
	out := make([]string, len(bp.Form.Members))
	for i, m := range bp.Form.Members {
		out[i] = m.Organisation
	}
	return out
}

// place is value's place in a closed vocabulary's order, or -1.
func place(vocab, value string) int {
	v := model.Vocabularies[vocab]
	if i := termIndex(v, value); i < len(v.Terms) {
		return i
	}
	return -1
}

// jaccard is |a∩b| / |a∪b| of two sets of the same size in words; 0 for
// two empty sets.
func jaccard(a, b []uint64) float64 {
	var and, or int
	for i := range a {
		and += bits.OnesCount64(a[i] & b[i])
		or += bits.OnesCount64(a[i] | b[i])
	}
	if or == 0 {
		return 0
	}
	return float64(and) / float64(or)
}

// similarities are two areas' per-feature similarities, each 0 to 1, in
// the order of the feat constants.
type similarities [7]float64

// The features, in the order of similarities.
const (
	featSetting = iota
	featCohorts
	featPopulation
	featLevel
	featBudget
	featCadence
	featMembers
)

// likeWeights are the features' weights, in the order of similarities.
var likeWeights = similarities{weightSetting, weightCohorts, weightPopulation, weightLevel, weightBudget, weightCadence, weightMembers}

// integrationSteps is how many steps the integration scale has, from its first
// level to its last.
var integrationSteps = float64(len(model.Vocabularies["integration_level"].Terms) - 1)

// compareProfiles returns how alike two areas are on each feature.
func compareProfiles(a, b *profile) similarities {
	var s similarities
	if a.setting != 0 && b.setting != 0 {
		s[featSetting] = float64(bits.OnesCount32(a.setting&b.setting)) / float64(bits.OnesCount32(a.setting|b.setting))
	}
	s[featCohorts] = jaccard(a.cohorts, b.cohorts)
	if a.hasPop && b.hasPop {
		s[featPopulation] = max(0, 1-math.Abs(a.logPop-b.logPop))
	}
	if a.level >= 0 && b.level >= 0 {
		s[featLevel] = 1 - float64(abs(a.level-b.level))/integrationSteps
	}
	if a.budget >= 0 && a.budget == b.budget {
		s[featBudget] = 1
	}
	if a.cadence >= 0 && b.cadence >= 0 {
		switch abs(a.cadence - b.cadence) {
		case 0:
			s[featCadence] = 1
		case 1:
			s[featCadence] = 0.5
		}
	}
	s[featMembers] = jaccard(a.orgs, b.orgs)
	return s
}

// score is the weighted mean of s, rounded to a thousandth so that
// areas alike in different ways can tie exactly, and ties go by name.
func (s *similarities) score() float64 {
	var sum float64
	for i, v := range s {
		sum += likeWeights[i] * v
	}
	return math.Round(sum/likeWeightSum*1000) / 1000
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Nearest returns, for every area, the k areas most like it, most alike
// first, by their keys. An area is never listed as like itself. The
// features of each area are worked out once, and each pair of areas is
// scored once for both, so the cost is n(n-1)/2 scores, and reasons
// only for the pairs listed.
func Nearest(areas []*Area, k int) map[string][]Like {
	profs := profiles(areas)
	tops := make([][]candidate, len(areas))
	if k > 0 {
		for i := range profs {
			for j := i + 1; j < len(profs); j++ {
				s := compareProfiles(&profs[i], &profs[j])
				score := s.score()
				tops[i] = push(areas, tops[i], candidate{j, score}, k)
				tops[j] = push(areas, tops[j], candidate{i, score}, k)
			}
		}
	}
	out := make(map[string][]Like, len(areas))
	for i, a := range areas {
		out[a.Key] = likes(areas, profs, i, tops[i])
	}
	return out
}

// NearestTo returns the k areas most like the area with key, as Nearest
// does, or nil when no area has that key. It scores that area against
// each other once.
func NearestTo(areas []*Area, key string, k int) []Like {
	for i, a := range areas {
		if a.Key != key {
			continue
		}
		profs := profiles(areas)
		var top []candidate
		for j := range profs {
			if j != i && k > 0 {
				s := compareProfiles(&profs[i], &profs[j])
				top = push(areas, top, candidate{j, s.score()}, k)
			}
		}
		return likes(areas, profs, i, top)
	}
	return nil
}

// candidate is an area's index and its score against the one whose
// nearest are being found.
type candidate struct {
	i     int
	score float64
}

// push adds c to top, the best candidates so far, best first, keeping
// at most k.
func push(areas []*Area, top []candidate, c candidate, k int) []candidate {
	if len(top) == k && !better(areas, c, top[k-1]) {
		return top
	}
	if len(top) < k {
		top = append(top, c)
	} else {
		top[k-1] = c
	}
	for n := len(top) - 1; n > 0 && better(areas, top[n], top[n-1]); n-- {
		top[n], top[n-1] = top[n-1], top[n]
	}
	return top
}

// better reports whether c comes before d: a higher score, then by name,
// then by key, so that the order never depends on the list's.
func better(areas []*Area, c, d candidate) bool {
	if c.score != d.score {
		return c.score > d.score
	}
	a, b := areas[c.i], areas[d.i]
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	return a.Key < b.Key
}

// likes turns the candidates for areas[i] into Likes with their reasons.
func likes(areas []*Area, profs []profile, i int, top []candidate) []Like {
	out := make([]Like, len(top))
	for n, c := range top {
		s := compareProfiles(&profs[i], &profs[c.i])
		out[n] = Like{Area: areas[c.i], Score: c.score, Reasons: reasons(areas[i], areas[c.i], &s)}
	}
	return out
}

// lowerFirst writes a label as it reads inside a sentence: "Care homes"
// gives "care homes", but an initialism such as "VCSE" is kept.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == len(s) {
		return strings.ToLower(s)
	}
	if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// andList joins words as a sentence does: "a", "a and b", "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
