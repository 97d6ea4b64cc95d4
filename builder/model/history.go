package model

import (
	"fmt"
	"reflect"
	"strings"
)

// This file holds the rules of a blueprint's [[history]] entries: what an
// entry must say, and how it gives an earlier version of the blueprint.

// checkHistory reports entries that are not before the blueprint's
// updated date, that share a date, or that say nothing of the model.
func (v *Validator) checkHistory(bp *Blueprint) {
	seen := map[string]int{}
	for i, e := range bp.History {
		at := fmt.Sprintf("history[%d]", i)
		if e.Date.IsZero() {
			continue // reported as missing
		}
		if !bp.Updated.IsZero() && !e.Date.Before(bp.Updated.Time) {
			v.Fail(at+".date", "%s is not before updated (%s): a [[history]] entry says how the model stood before it was last updated", e.Date, bp.Updated)
		}
		if j, dup := seen[e.Date.String()]; dup {
			v.Fail(at+".date", "%s is also the date of [[history]] entry %d: give one entry per date", e.Date, j+1)
		}
		seen[e.Date.String()] = i
		if !e.givesAny() {
			v.Fail(at, "gives no earlier value: add a key such as integration_level = \"convening_to_advise\", or a [history.maturity] table")
		}
	}
}

// givesAny reports whether e gives an earlier value of any key.
func (e *HistoryEntry) givesAny() bool {
	if e.Maturity != nil && *e.Maturity != (Scores{}) || len(e.Members) > 0 {
		return true
	}
	ev := reflect.ValueOf(e).Elem()
	for _, f := range Fields(ev.Type()) {
		if f.Of != "" && !isEmpty(ev.FieldByIndex(f.Index)) {
			return true
		}
	}
	return false
}

// Apply returns a copy of bp as it stood on e's date: bp with each value
// e gives in place of bp's, and with e's maturity scores in place of
// those bp has (then dated e.Date). bp itself is not changed. Only the
// keys the copy changes are copied: the rest share bp's lists.
func (e *HistoryEntry) Apply(bp *Blueprint) *Blueprint {
	out := *bp
	out.History = nil
	ov := reflect.ValueOf(&out).Elem()
	ev := reflect.ValueOf(e).Elem()
	for _, f := range Fields(ev.Type()) {
		key := f.Of
		val := ev.FieldByIndex(f.Index)
		if key == "" || isEmpty(val) {
			continue
		}
		dst := ValueAt(ov, key)
		if val.Kind() == reflect.Pointer && dst.Kind() != reflect.Pointer {
			val = val.Elem()
		}
		dst.Set(val)
	}
	if len(e.Members) > 0 {
		out.Form.Members = membersThen(bp.Form.Members, e.Members)
	}
	if e.Maturity != nil {
		m := Maturity{Assessed: e.Date}
		if bp.Maturity != nil {
			m.Scores = bp.Maturity.Scores
		}
		overlayScores(&m.Scores, e.Maturity)
		out.Maturity = &m
	}
	return &out
}

// membersThen returns the team of the roles given, each the member of
// now with that role, or a member known only by it.
func membersThen(now []Member, roles []string) []Member {
	out := make([]Member, 0, len(roles))
	for _, role := range roles {
		m := Member{Role: role}
		for _, n := range now {
			if strings.EqualFold(n.Role, role) {
				m = n
				break
			}
		}
		out = append(out, m)
	}
	return out
}

// ValueAt returns the field of the struct v at the key path, such as
// function.integration_level; each table on the way is a struct value,
// so that v's copy holds it. A path that names no key panics: the paths
// are the program's own (field tags, the comparison's rows), and tests
// check each.
func ValueAt(v reflect.Value, path string) reflect.Value {
	for key := range strings.SplitSeq(path, ".") {
		f, ok := FieldByKey(v.Type(), key)
		if !ok {
			panic("model: no key " + path + " in " + v.Type().String())
		}
		v = v.FieldByIndex(f.Index)
	}
	return v
}

// overlayScores sets in s each score that from gives.
func overlayScores(s, from *Scores) {
	sv, fv := reflect.ValueOf(s).Elem(), reflect.ValueOf(from).Elem()
	for _, f := range Fields(sv.Type()) {
		if x := fv.FieldByIndex(f.Index); !x.IsNil() {
			sv.FieldByIndex(f.Index).Set(x)
		}
	}
}
