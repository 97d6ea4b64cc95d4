package builder

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// trickyFront hides statements a history reads inside strings, comments
// and arrays over many lines: a scanner that cut there would read a
// budget of "pooled" and a daily MDT that the blueprint does not have.
const trickyFront = `title = "Tricky"
summary = """
[finance]
budget = "pooled"
"""
tags = [ # a comment ] with brackets
  "a]", 'b[',
  """c
mdt_cadence = "daily" """,
]
"quoted.key" = "x"

[needs]
statement = '''
[form]
mdt_cadence = "daily"
'''
footprint = "one \" quote"

[function]
integration_level = "unity_of_effort" # a comment
integration_level_note = """It "took" two years.""""
activities = [
  "weekly huddle",
]

[form]
mdt_cadence = "weekly"
"mdt_mode" = "hybrid"

[[form.members]]
role = "District nurse"
organisation = "community"

[[form.members]]
role = "Housing officer" # joined 2025

[finance]
recurrent = true
[maturity]
assessed = 2026-01-01
leadership = 3
`

// decodeFront decodes front matter as a blueprint.
func decodeFront(t *testing.T, name string, front []byte) *model.Blueprint {
	t.Helper()
	bp := &model.Blueprint{}
	if errs, fatal := model.DecodeFront(&model.Source{File: name, Front: front, FrontLine: 1}, bp); fatal {
		t.Fatalf("%s: %v", name, errs)
	}
	return bp
}

// sameHistory fails unless a history reads the same of cut as of full:
// no change between them, the same roles, and the same maturity.
func sameHistory(t *testing.T, name string, full, cut *model.Blueprint) {
	t.Helper()
	if ch := compare.Changes(model.Vocabs(model.Vocabularies), full, cut); len(ch) > 0 {
		t.Errorf("%s: the cut front matter reads differently: %+v", name, ch)
	}
	roles := func(bp *model.Blueprint) (out []string) {
		for _, m := range bp.Form.Members {
			out = append(out, m.Role)
		}
		return out
	}
	if !slices.Equal(roles(full), roles(cut)) {
		t.Errorf("%s: roles %q, cut %q", name, roles(full), roles(cut))
	}
	if !reflect.DeepEqual(full.Maturity, cut.Maturity) {
		t.Errorf("%s: maturity %+v, cut %+v", name, full.Maturity, cut.Maturity)
	}
	if full.Function.IntegrationLevelNote != cut.Function.IntegrationLevelNote || full.CohortsNote != cut.CohortsNote {
		t.Errorf("%s: the notes of tracked fields differ", name)
	}
}

func TestTrackedFrontReadsWhatAHistoryReads(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "content", "blueprints", "*.md"))
	if len(files) < 3 {
		t.Fatal("no demo blueprints found")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(f) == "_index.md" {
			continue
		}
		front := frontOf(data)
		cut := trackedFront(front)
		if cut == nil {
			t.Fatalf("%s: the scanner gave up", f)
		}
		if len(cut) > len(front)*3/4 {
			t.Errorf("%s: the cut keeps %d of %d bytes", f, len(cut), len(front))
		}
		sameHistory(t, f, decodeFront(t, f, front), decodeFront(t, f+" (cut)", cut))
	}

	cut := trackedFront([]byte(trickyFront))
	if cut == nil {
		t.Fatal("the scanner gave up on the tricky front matter")
	}
	full, short := decodeFront(t, "tricky", []byte(trickyFront)), decodeFront(t, "tricky (cut)", cut)
	sameHistory(t, "tricky", full, short)
	if full.Finance.Budget != "" || full.Form.MDTCadence != "weekly" || full.Function.IntegrationLevelNote != `It "took" two years."` {
		t.Fatalf("the fixture does not decode as it should: %+v", full)
	}
	if short.Form.MDTMode != "hybrid" || len(short.Form.Members) != 2 {
		t.Errorf("a quoted key or a member was cut: %+v", short.Form)
	}
	for _, gone := range []string{"Tricky", "statement", "activities", "organisation", "footprint"} {
		if strings.Contains(string(cut), gone) {
			t.Errorf("the cut keeps %q, which no history reads:\n%s", gone, cut)
		}
	}
}

func TestTrackedFrontGivesUp(t *testing.T) {
	for _, bad := range []string{
		"title = \"not closed\n[function]\nintegration_level = \"x\"\n",
		"statement = \"\"\"never closed\n",
		"[function\n",
		"list = [1, 2\n",
		"[\"a\\\"b\"]\nx = 1\n",
	} {
		if cut := trackedFront([]byte(bad)); cut != nil {
			t.Errorf("%q: the scanner cut it to %q", bad, cut)
		}
	}
}
