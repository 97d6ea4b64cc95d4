package compare

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"intkb/builder/model"
)

// likeArea returns an area with the features likeness reads.
func likeArea(key, setting string, population int, cohorts []string, level, budget, cadence string, orgs ...string) *Area {
	bp := &model.Blueprint{}
	bp.Cohorts = cohorts
	bp.Needs.Population = population
	bp.Function.IntegrationLevel = level
	bp.Finance.Budget = budget
	bp.Form.MDTCadence = cadence
	for _, o := range orgs {
		bp.Form.Members = append(bp.Form.Members, model.Member{Role: o, Organisation: o, Arrangement: "substantive", Commitment: "core"})
	}
	return &Area{Key: key, Name: key, Setting: setting, Blueprint: bp}
}

const (
	coordinate = "convening_to_coordinate"
	advise     = "convening_to_advise"
	unity      = "unity_of_effort"
	gp, ch     = "general_practice", "community_health"
)

// fiveAreas are worked out by hand in TestNearestKnownAnswers.
func fiveAreas() []*Area {
	return []*Area{
		likeArea("ash", "Rural, dispersed", 48000, []string{"frailty", "care_homes"}, coordinate, "pooled", "weekly", gp, ch),
		likeArea("beech", "Rural villages", 48000, []string{"frailty", "care_homes"}, coordinate, "pooled", "weekly", gp, ch),
		likeArea("cedar", "Coastal town", 480000, []string{"frailty"}, unity, "pooled", "weekly", gp, ch, "social_care"),
		likeArea("damson", "Rural, dispersed", 60000, []string{"children_young_people"}, advise, "separate", "fortnightly", gp, ch),
		likeArea("elm", "Large city", 600000, []string{"severe_mental_illness"}, advise, "separate", "monthly", gp, "mental_health"),
	}
}

func describe(likes []Like) []string {
	var out []string
	for _, l := range likes {
		out = append(out, fmt.Sprintf("%s %.3f %q", l.Area.Key, l.Score, l.Reasons))
	}
	return out
}

// TestNearestKnownAnswers checks ash's nearest areas against the sums
// worked out by hand, weights 2 setting, 2 cohorts, 2 population, 1.5
// level, 1 budget, 1 cadence, 0.5 members, out of 10:
//
//	beech:  setting 1/3 (rural of rural, dispersed, villages), all else 1: 8.667
//	damson: setting 1, population 1-log10(1.25)=0.903, level and cadence
//	        half, members 1: 2+1.806+0.75+0.5+0.5 = 5.556
//	cedar:  cohorts 1/2, population 0 (ten times), level 1/2, budget and
//	        cadence 1, members 2/3: 1+0.75+1+1+0.333 = 4.083
//	elm:    level 1/2, members 1/3: 0.75+0.167 = 0.917
func TestNearestKnownAnswers(t *testing.T) {
	got := describe(Nearest(fiveAreas(), 4)["ash"])
	want := []string{
		`beech 0.867 ["also frailty and care homes" "similar size: 48,000 people" "also convening to coordinate" "also pooled budget"]`,
		`damson 0.556 ["also rural and dispersed" "similar size: 60,000 people" "same organisations in the team"]`,
		`cedar 0.408 ["also frailty" "also pooled budget" "also weekly MDT"]`,
		`elm 0.092 []`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("ash's nearest:\n got %q\nwant %q", got, want)
	}
	// NearestTo gives one area's the same, and cuts at k.
	if one := describe(NearestTo(fiveAreas(), "ash", 2)); !slices.Equal(one, want[:2]) {
		t.Errorf("NearestTo ash, 2:\n got %q\nwant %q", one, want[:2])
	}
	if NearestTo(fiveAreas(), "oak", 2) != nil {
		t.Error("NearestTo an unknown key: want nil")
	}
}

// TestNearestIsSymmetricAndWhole checks every area's list: never itself,
// k long when there are enough others, and each score the same both ways.
func TestNearestIsSymmetricAndWhole(t *testing.T) {
	all := Nearest(fiveAreas(), 10)
	score := map[[2]string]float64{}
	for key, likes := range all {
		if len(likes) != 4 {
			t.Errorf("%s has %d likes, want the 4 others", key, len(likes))
		}
		for _, l := range likes {
			if l.Area.Key == key {
				t.Errorf("%s is listed as like itself", key)
			}
			score[[2]string{key, l.Area.Key}] = l.Score
		}
	}
	for pair, s := range score {
		if back := score[[2]string{pair[1], pair[0]}]; back != s {
			t.Errorf("%s~%s scores %v one way and %v the other", pair[0], pair[1], s, back)
		}
	}
	if got := Nearest(fiveAreas(), 0)["ash"]; len(got) != 0 {
		t.Errorf("k 0 gave %v", describe(got))
	}
}

// TestNearestTies checks that areas that score the same go by name, then
// key, whatever the order of the list.
func TestNearestTies(t *testing.T) {
	twin := func(key, name string) *Area {
		a := likeArea(key, "Urban", 30000, []string{"frailty"}, advise, "aligned", "daily", gp)
		a.Name = name
		return a
	}
	areas := []*Area{
		likeArea("me", "Urban", 30000, []string{"frailty"}, advise, "aligned", "daily", gp),
		twin("zz/yew", "Yew"), twin("b/holly", "Holly"), twin("a/holly", "Holly"), twin("hazel", "Hazel"),
	}
	want := []string{"hazel", "a/holly", "b/holly", "zz/yew"}
	for range 20 {
		rand.Shuffle(len(areas), func(i, j int) { areas[i], areas[j] = areas[j], areas[i] })
		var got []string
		for _, l := range Nearest(areas, 4)["me"] {
			got = append(got, l.Area.Key)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("ties: got %q, want %q", got, want)
		}
	}
}

func TestSettingWords(t *testing.T) {
	for _, tt := range []struct {
		setting string
		want    []string
	}{
		{"Rural, dispersed", []string{"rural", "dispersed"}},
		{"Coastal, older population", []string{"coastal", "older population"}},
		{"Urban, high deprivation", []string{"urban", "deprived"}},
		{"Large city", []string{"city"}},
		{"Seaside towns and VILLAGES", []string{"coastal", "town", "villages"}},
		{"Metropolitan", nil},
	} {
		var got []string
		b := settingBits(tt.setting)
		for i, w := range settingWords {
			if b&(1<<i) != 0 {
				got = append(got, w.says)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("settingBits(%q) = %q, want %q", tt.setting, got, tt.want)
		}
	}
}

// TestReasonLabels checks that reasons read the area's own labels: a
// term another site brought, and an initialism kept in capitals.
func TestReasonLabels(t *testing.T) {
	vs := model.Vocabs(model.Vocabularies).With(map[string][]model.Term{"cohort": {{Value: "copd", Label: "COPD"}, {Value: "veterans", Label: "Armed forces veterans"}}})
	a := likeArea("a", "", 0, []string{"copd", "veterans"}, "", "", "")
	b := likeArea("b", "", 0, []string{"veterans", "copd"}, "", "", "")
	a.Vocabs, b.Vocabs = vs, vs
	got := NearestTo([]*Area{a, b}, "a", 1)[0].Reasons
	if want := []string{"also COPD and armed forces veterans"}; !slices.Equal(got, want) {
		t.Errorf("reasons %q, want %q", got, want)
	}
}

// BenchmarkNearest is the cost of every area's five nearest at a
// portal's scale: 1,250 areas, so 1.56 million pair scores.
func BenchmarkNearest(b *testing.B) {
	areas := portalAreas(1250)
	b.ResetTimer()
	for b.Loop() {
		Nearest(areas, LikeCount)
	}
}

// portalAreas makes n areas with features spread as a portal's might be.
func portalAreas(n int) []*Area {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(vocab string) string {
		terms := model.Vocabularies[vocab].Terms
		return terms[r.IntN(len(terms))].Value
	}
	settings := []string{"Rural, dispersed", "Urban, high deprivation", "Coastal, older population", "Large city", "Market towns and villages", "Suburban"}
	out := make([]*Area, n)
	for i := range out {
		var cohorts, orgs []string
		for range 1 + r.IntN(3) {
			cohorts = append(cohorts, pick("cohort"))
		}
		for range 3 + r.IntN(6) {
			orgs = append(orgs, pick("organisation"))
		}
		out[i] = likeArea(fmt.Sprintf("site%d/area-%d", i%40, i), settings[r.IntN(len(settings))], 20000+r.IntN(400000),
			cohorts, pick("integration_level"), pick("budget"), pick("mdt_cadence"), orgs...)
	}
	return out
}

func TestPortalAreas(t *testing.T) {
	areas := portalAreas(1250)
	all := Nearest(areas, LikeCount)
	if len(all) != 1250 {
		t.Fatalf("%d areas' lists, want 1250", len(all))
	}
	for _, a := range areas {
		if got := len(all[a.Key]); got != LikeCount {
			t.Fatalf("%s has %d likes", a.Key, got)
		}
	}
}

// TestLikeDocIsCurrent checks that the package doc, the spec of
// likeness, gives the weights and the setting words the code uses.
func TestLikeDocIsCurrent(t *testing.T) {
	data, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	start, end := strings.Index(doc, "// # Areas like this one"), strings.Index(doc, "// # History")
	if start < 0 || end < start {
		t.Fatal("doc.go has no section on areas like this one")
	}
	doc = strings.Join(strings.Fields(strings.ReplaceAll(doc[start:end], "//", "")), " ")
	names := [len(likeWeights)]string{"setting", "cohorts", "population", "integration level", "budget", "MDT cadence", "members"}
	for i, w := range likeWeights {
		if want := fmt.Sprintf("%s, %s:", names[i], strconv.FormatFloat(w, 'f', -1, 64)); !strings.Contains(doc, want) {
			t.Errorf("the doc does not say %q", want)
		}
	}
	if want := fmt.Sprintf("out of %s:", strconv.FormatFloat(likeWeightSum, 'f', -1, 64)); !strings.Contains(doc, want) {
		t.Errorf("the doc does not say %q", want)
	}
	for _, w := range settingWords {
		if !strings.Contains(doc, w.says) {
			t.Errorf("the doc does not list the setting word %q", w.says)
		}
	}
}
