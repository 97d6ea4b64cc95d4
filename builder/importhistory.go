package builder

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// This file reads the history of another site's blueprint from its open
// data (schema_version 2; version 1 has none), so that an imported area
// is shown as it stood at a date as this site's own are.

// knownVersion reports whether imports read open data of schema_version v.
func knownVersion(v json.Number) bool {
	n, err := v.Int64()
	return err == nil && n >= oldestOpenDataVersion && n <= OpenDataVersion
}

// importedHistory rebuilds an imported blueprint's history from the
// history array of its record: from bp, as it is now, each point's
// changes undone in turn, newest first, give the model before it. The
// changes are then said again in this site's words (compare.Changes).
// A history that cannot be read (not a list, dates out of order, a
// value of the wrong kind) is left out, and the area has only bp, as
// one without history has; a change to a field this version does not
// know, from a newer file, is skipped.
func importedHistory(raw any, bp *model.Blueprint, vs model.Vocabs) []compare.Point {
	none := compare.Timeline(vs, bp, nil)
	items, ok := raw.([]any)
	if !ok || len(items) == 0 {
		return none
	}
	points := make([]compare.Point, len(items))
	cur := bp
	for i := len(items) - 1; i >= 0; i-- {
		obj, _ := items[i].(map[string]any)
		day, err := time.Parse(time.DateOnly, stringAt(obj, "date"))
		if obj == nil || err != nil || i < len(items)-1 && !day.Before(points[i+1].Date.Time) {
			return none
		}
		points[i] = compare.Point{Date: model.Date{Time: day}, Source: stringAt(obj, "source"), Note: stringAt(obj, "note"), Blueprint: cur}
		changes, _ := obj["changes"].([]any)
		if cur = undoChanges(cur, changes); cur == nil {
			return none
		}
	}
	for i := 1; i < len(points); i++ {
		points[i].Changes = compare.Changes(vs, points[i-1].Blueprint, points[i].Blueprint)
	}
	return points
}

// stringAt returns obj[key] if it is text, else "".
func stringAt(obj map[string]any, key string) string {
	s, _ := obj[key].(string)
	return s
}

// undoChanges returns a copy of bp with each change's from value in
// place, or nil when one cannot be read.
func undoChanges(bp *model.Blueprint, changes []any) *model.Blueprint {
	out := *bp
	if bp.Maturity != nil {
		m := *bp.Maturity
		out.Maturity = &m
	}
	known := compare.ChangeKeys()
	for _, c := range changes {
		obj, _ := c.(map[string]any)
		field := stringAt(obj, "field")
		from := obj["from"]
		switch {
		case !known[field]:
			continue // a newer site's field
		case field == compare.MembersKey:
			var roles []string
			if errs := decodeJSONValue(reflect.ValueOf(&roles).Elem(), from, field); len(errs) > 0 {
				return nil
			}
			out.Form.Members = (&model.HistoryEntry{Members: roles}).Apply(&out).Form.Members
		case strings.HasPrefix(field, "maturity."):
			if out.Maturity == nil {
				out.Maturity = &model.Maturity{}
			}
			v := model.ValueAt(reflect.ValueOf(out.Maturity).Elem(), strings.TrimPrefix(field, "maturity."))
			v.Set(reflect.Zero(v.Type()))
			if errs := decodeJSONValue(v, from, field); len(errs) > 0 {
				return nil
			}
		default:
			v := model.ValueAt(reflect.ValueOf(&out).Elem(), field)
			v.Set(reflect.Zero(v.Type()))
			if errs := decodeJSONValue(v, from, field); len(errs) > 0 {
				return nil
			}
		}
	}
	return &out
}
