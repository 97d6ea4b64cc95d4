package model

import (
	"reflect"
	"testing"
	"time"
)

// TestHistoryFieldTags checks that each key of a [[history]] entry with a
// field tag names a blueprint key of the same kind and vocabulary, so
// that Apply can set it.
func TestHistoryFieldTags(t *testing.T) {
	bt := reflect.TypeFor[Blueprint]()
	n := 0
	for _, f := range Fields(reflect.TypeFor[HistoryEntry]()) {
		path := f.Of
		if path == "" {
			continue
		}
		n++
		got, ok := fieldAt(bt, splitKey(path))
		if !ok {
			t.Errorf("history.%s: field tag %q names no blueprint key", f.Key, path)
			continue
		}
		want := f.Type
		if want.Kind() == reflect.Pointer && got.Type.Kind() != reflect.Pointer {
			want = want.Elem()
		}
		if got.Type != want || got.Vocab != f.Vocab {
			t.Errorf("history.%s is %v (vocab %q), but %s is %v (vocab %q)", f.Key, f.Type, f.Vocab, path, got.Type, got.Vocab)
		}
	}
	if n < 5 {
		t.Errorf("only %d history keys name a blueprint key", n)
	}
}

func TestHistoryApply(t *testing.T) {
	three, four := 3, 4
	no := false
	bp := &Blueprint{}
	bp.Function.IntegrationLevel = "convening_to_coordinate"
	bp.Form.MDTCadence = "weekly"
	bp.Finance.Budget = "pooled"
	bp.Finance.Recurrent = true
	bp.Form.Members = []Member{{Role: "GP", Organisation: "general_practice"}, {Role: "Pharmacist"}}
	bp.Maturity = &Maturity{Assessed: Date{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, Scores: Scores{SharedPurpose: &four, Leadership: &four}}
	e := HistoryEntry{Date: Date{Time: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}, IntegrationLevel: "convening_to_advise",
		Recurrent: &no, Members: []string{"gp", "Nurse"}, Maturity: &Scores{Leadership: &three}}
	got := e.Apply(bp)
	if got.Function.IntegrationLevel != "convening_to_advise" || got.Form.MDTCadence != "weekly" || got.Finance.Budget != "pooled" || got.Finance.Recurrent {
		t.Errorf("applied: %+v %+v %+v", got.Function, got.Form, got.Finance)
	}
	if len(got.Form.Members) != 2 || got.Form.Members[0].Organisation != "general_practice" || got.Form.Members[1].Role != "Nurse" || *got.Maturity.Leadership != 3 || *got.Maturity.SharedPurpose != 4 || got.Maturity.Assessed != e.Date {
		t.Errorf("members %v, maturity %+v", got.Form.Members, got.Maturity)
	}
	if bp.Function.IntegrationLevel != "convening_to_coordinate" || !bp.Finance.Recurrent || len(bp.Form.Members) != 2 || *bp.Maturity.Leadership != 4 {
		t.Error("Apply changed the blueprint it was given")
	}
}
