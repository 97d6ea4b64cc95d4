package compare

import (
	"fmt"
	"slices"
	"strings"

	"intkb/builder/model"
)

// This file joins a blueprint's versions into its history: one timeline
// of dated points, each with what changed on it, in words.

// Where a point of a history comes from, as the open data names it.
const (
	SourceGit         = "git"          // a commit that changed the blueprint
	SourceFrontMatter = "front matter" // a [[history]] entry, or the blueprint as it is
)

// A Version is a blueprint as it stood on a date: a commit's copy of it,
// read from the site's git history.
type Version struct {
	Date      model.Date
	Blueprint *model.Blueprint
}

// A Point is one date in a blueprint's history: the model as it stood
// from then on, and what had changed since the point before.
type Point struct {
	Date      model.Date
	Source    string // SourceGit or SourceFrontMatter
	Note      string // the [[history]] entry's note, if any
	Blueprint *model.Blueprint
	Changes   []Change // none for the first point
}

// A Change is one field whose value a point changed, in words.
type Change struct {
	Key   string // the blueprint key, such as function.integration_level, or form.members, or maturity.leadership
	Label string // the field in words, as the comparison's row says it
	From  string // the value before, in words ("" when not given); for the team, its roles
	To    string // the value after, in words
	// Joined and Left are, for the team, the roles that joined it and
	// those that left.
	Joined, Left []string
}

// Text says the change in one line, such as "Budget: Separate budgets →
// Pooled budget", or for the team "Members: +2 (Community pharmacist,
// Housing officer)".
func (c Change) Text() string {
	if c.Key == MembersKey {
		var parts []string
		if len(c.Joined) > 0 {
			parts = append(parts, fmt.Sprintf("+%d (%s)", len(c.Joined), strings.Join(c.Joined, ", ")))
		}
		if len(c.Left) > 0 {
			parts = append(parts, fmt.Sprintf("−%d (%s)", len(c.Left), strings.Join(c.Left, ", ")))
		}
		return c.Label + ": " + strings.Join(parts, "; ")
	}
	return c.Label + ": " + orNone(c.From) + " → " + orNone(c.To)
}

func orNone(s string) string {
	if s == "" {
		return "not given"
	}
	return s
}

// MembersKey is the key of a change to the team: the roles in it.
const MembersKey = "form.members"

// Timeline returns the history of the blueprint now, oldest first: its
// [[history]] entries and the versions git holds of it (in any order),
// and now itself, dated by its updated date or, when later, by the last
// version. Each entry gives the blueprint as the next point has it with
// the entry's values in place. A point that changes nothing since the
// one before is left out, so a commit that changed only free text, or an
// entry that says what git already does, adds nothing; the first point
// is the earliest known. Values are read with vs (nil means
// model.Vocabularies).
func Timeline(vs model.Vocabs, now *model.Blueprint, git []Version) []Point {
	if vs == nil {
		vs = model.Vocabs(model.Vocabularies)
	}
	type step struct {
		Point
		entry *model.HistoryEntry
	}
	var steps []step
	for _, v := range git {
		steps = append(steps, step{Point: Point{Date: v.Date, Source: SourceGit, Blueprint: v.Blueprint}})
	}
	for i := range now.History {
		e := &now.History[i]
		steps = append(steps, step{Point: Point{Date: e.Date, Source: SourceFrontMatter, Note: e.Note}, entry: e})
	}
	slices.SortStableFunc(steps, func(a, b step) int { return a.Date.Compare(b.Date.Time) })
	cur := step{Point: Point{Date: now.Updated, Source: SourceFrontMatter, Blueprint: now}}
	if n := len(steps); n > 0 && steps[n-1].Date.After(cur.Date.Time) {
		cur.Date = steps[n-1].Date
	}
	steps = append(steps, cur)
	for i := len(steps) - 2; i >= 0; i-- {
		if steps[i].entry != nil {
			steps[i].Blueprint = steps[i].entry.Apply(steps[i+1].Blueprint)
		}
	}
	var out []Point
	for _, s := range steps {
		if len(out) == 0 {
			out = append(out, s.Point)
			continue
		}
		s.Changes = Changes(vs, out[len(out)-1].Blueprint, s.Blueprint)
		if len(s.Changes) > 0 {
			out = append(out, s.Point)
		}
	}
	return out
}

// Changes lists what changed from before to after, in the order of the
// comparison's rows: each compared row (set values; the team's
// organisations and arrangements are said by the members), the roles in
// the team, then each maturity score.
func Changes(vs model.Vocabs, before, after *model.Blueprint) []Change {
	var out []Change
	for _, g := range compareLayout {
		for _, r := range g.rows {
			if !r.tracked() {
				continue
			}
			b, a := r.cell(vs, before), r.cell(vs, after)
			if b.Match != a.Match {
				out = append(out, Change{Key: r.key, Label: r.label, From: strings.Join(b.Values, ", "), To: strings.Join(a.Values, ", ")})
			}
		}
	}
	if c, ok := membersChange(before.Form.Members, after.Form.Members); ok {
		out = append(out, c)
	}
	bs, as := model.MaturityScores(before.Maturity), model.MaturityScores(after.Maturity)
	for i := range as {
		if bs[i] != as[i] {
			out = append(out, Change{Key: "maturity." + as[i].Key, Label: "Maturity, " + strings.ToLower(as[i].Label), From: scoreWords(bs[i]), To: scoreWords(as[i])})
		}
	}
	return out
}

func scoreWords(s model.MaturityScore) string {
	if !s.Scored {
		return ""
	}
	return fmt.Sprintf("%d of 5", s.Score)
}

// membersChange says which roles joined the team and which left: the
// roles are the members, told apart by name in any case.
func membersChange(before, after []model.Member) (Change, bool) {
	roles := func(ms []model.Member) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Role)
		}
		return out
	}
	b, a := roles(before), roles(after)
	has := func(list []string, role string) bool {
		return slices.ContainsFunc(list, func(r string) bool { return strings.EqualFold(r, role) })
	}
	var joined, left []string
	for _, r := range a {
		if !has(b, r) {
			joined = append(joined, r)
		}
	}
	for _, r := range b {
		if !has(a, r) {
			left = append(left, r)
		}
	}
	if len(joined)+len(left) == 0 {
		return Change{}, false
	}
	return Change{Key: MembersKey, Label: "Members", From: strings.Join(b, "; "), To: strings.Join(a, "; "), Joined: joined, Left: left}, true
}

// At returns the model as it stood on day, from a history oldest first:
// that of the last point on or before it, or nil when the history starts
// later.
func At(history []Point, day model.Date) *model.Blueprint {
	var bp *model.Blueprint
	for _, p := range history {
		if p.Date.After(day.Time) {
			break
		}
		bp = p.Blueprint
	}
	return bp
}

// ChangeKeys returns the key of every field a Change may name: each
// compared row's but the team's organisations and arrangements, the
// team's (MembersKey), and each maturity score's, as maturity.KEY.
func ChangeKeys() map[string]bool {
	keys := map[string]bool{MembersKey: true}
	for _, g := range compareLayout {
		for _, r := range g.rows {
			if r.tracked() {
				keys[r.key] = true
			}
		}
	}
	for _, d := range model.MaturityDimensions() {
		keys["maturity."+d.Key] = true
	}
	return keys
}

// tracked reports whether a history says the changes of the row's
// field: a compared row's, but the team's organisations and
// arrangements, which the change to its roles says.
func (r rowSpec) tracked() bool {
	return r.compared && !strings.HasPrefix(r.key, MembersKey+".")
}
