package model

import (
	"fmt"
	"sort"
	"strings"
)

// An Error is an authoring or build problem at a place in the source.
// Line is 0 when the problem belongs to the whole file.
type Error struct {
	File  string // path from the site's root, such as content/blueprints/saltmere.md
	Line  int
	Field string // the front-matter key path, such as function.integration_level, if any
	Msg   string
	Cause error // the underlying error, if any

	// Source is the text of Line, for a mistake in the TOML itself: it is
	// shown below the message with a caret under the problem (Excerpt).
	Source string
	Col    int // the byte of Source the caret points at, from 1; 0 when there is no Source to show
	Span   int // how many bytes from Col the caret marks; at least one is marked
}

// Unwrap returns the error that caused e, if any.
func (e *Error) Unwrap() error { return e.Cause }

// Error returns e on one line: the file, the line, the key and the message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in one run, so an author can fix them all
// at once. It is sorted by file and line.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns l as an error, or nil when l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].File != l[j].File {
			return l[i].File < l[j].File
		}
		return l[i].Line < l[j].Line
	})
}

// Suggest returns the candidate nearest to s, or "" when none is near enough
// to be a likely typo.
func Suggest(s string, candidates []string) string {
	best, bestDist := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := editDistance(ls, lc)
		if strings.HasPrefix(lc, ls) && len(ls) >= 3 || strings.HasPrefix(ls, lc) && len(lc) >= 3 {
			d = min(d, 1)
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(2, len(s)/3)
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// editDistance is the optimal string alignment distance between a and b,
// by bytes: insertions, deletions, substitutions and swaps of neighbours
// each count one, so the common typo "cohrot" is two from "cohorts".
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// FirstErr returns the cause of the first error in l, for errors.Is.
func (l ErrorList) FirstErr() error {
	if len(l) == 0 {
		return nil
	}
	return l[0].Cause
}
