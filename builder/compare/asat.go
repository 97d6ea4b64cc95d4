package compare

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"intkb/builder/model"
)

// This file holds the comparison over time: every area's model as it
// stood on a day (?asat=2025-06-01), and the cells that changed since a
// day (?since=2025-06-01), both from the areas' histories (Timeline).

// parseDays reads the asat and since parameters of q into cq. A value
// that is not a date is left out, with a notice: the models of today
// are shown instead.
func parseDays(q url.Values, cq *Query) {
	for _, p := range []struct {
		name, what string
		into       *model.Date
	}{{"asat", "as at", &cq.AsAt}, {"since", "changes since", &cq.Since}} {
		v := strings.TrimSpace(q.Get(p.name))
		if v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil || len(v) > len(time.DateOnly) {
			shown := v
			if len(shown) > 20 {
				shown = shown[:20] + "…"
			}
			cq.DayNotices = append(cq.DayNotices, fmt.Sprintf("“%s” is not a date, so the comparison is not %s it: give a date as 2025-06-01.", strings.ToValidUTF8(shown, "?"), p.what))
			continue
		}
		*p.into = model.Date{Time: t}
	}
}

// Over reports whether the comparison is of another day than today's
// models: as at a day, or with the changes since one.
func (c *Comparison) Over() bool { return !c.AsAt.IsZero() || !c.Since.IsZero() }

// asAt returns each area as it stood on day, leaving out the areas whose
// history starts after it, with a notice naming them.
func asAt(cols []*Area, day model.Date) ([]*Area, string) {
	var out []*Area
	var missing []string
	for _, a := range cols {
		bp := At(a.History, day)
		if bp == nil {
			missing = append(missing, a.Name)
			continue
		}
		then := *a
		then.Blueprint = bp
		out = append(out, &then)
	}
	if len(missing) == 0 {
		return out, ""
	}
	return out, fmt.Sprintf("%s had no model recorded on %s, so %s left out.", joinWords(missing[:min(len(missing), 5)], "and"), day.Human(), map[bool]string{true: "it is", false: "they are"}[len(missing) == 1])
}

// markChanges marks, in the tracked rows, each cell whose value differs
// from its area's on since, with the value it had then; an area with
// no model recorded then is not marked.
func markChanges(groups []Group, cols []*Area, since model.Date) {
	for gi := range groups {
		for ri := range groups[gi].Rows {
			row := &groups[gi].Rows[ri]
			spec := rowSpecOf(row.Key)
			if spec == nil || !spec.tracked() {
				continue
			}
			for ci := range row.Cells {
				before := At(cols[ci].History, since)
				if before == nil {
					continue
				}
				was := spec.cell(cols[ci].vocabs(), before)
				if was.Match != row.Cells[ci].Match {
					row.Cells[ci].Changed, row.Cells[ci].Was = true, cellWords(was)
				}
			}
		}
	}
}

// cellWords says a cell's value in one line.
func cellWords(c Cell) string {
	if len(c.Values) == 0 {
		return "Not given"
	}
	return strings.Join(c.Values, ", ")
}

// rowSpecOf returns the row of the matrix with key, or nil.
func rowSpecOf(key string) *rowSpec {
	for gi := range compareLayout {
		for ri := range compareLayout[gi].rows {
			if compareLayout[gi].rows[ri].key == key {
				return &compareLayout[gi].rows[ri]
			}
		}
	}
	return nil
}

// cellHistory is, for a tracked row, the cell's value at each point of
// the area's history where it changed, as JSON for the static page's
// script: [[date, words, match], ...], oldest first. The script shows a
// comparison as at a day, or since one, from it, as the server does.
func cellHistory(spec rowSpec, a *Area) string {
	var out [][3]string
	for _, p := range a.History {
		c := spec.cell(a.vocabs(), p.Blueprint)
		if n := len(out); n == 0 || out[n-1][2] != c.Match {
			out = append(out, [3]string{p.Date.String(), cellWords(c), c.Match})
		}
	}
	data, _ := json.Marshal(out) // strings always encode
	return string(data)
}
