package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date in front matter. Authors write a bare TOML date
// (2026-03-14); a quoted "2026-03-14" is accepted too. The zero Date means
// the key was absent.
type Date struct {
	time.Time
	bad string // what is wrong, when the author wrote something that is not a date
}

// UnmarshalTOML implements toml.Unmarshaler. A value that is not a date is
// kept, as what is wrong with it, so that validation can report it with
// its line.
func (d *Date) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case time.Time:
		d.Time = time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
	case string:
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			d.bad = dateProblem(v, strconv.Quote(v))
			return nil
		}
		d.Time = t
	default:
		d.bad = dateProblem(fmt.Sprint(v), fmt.Sprint(v))
	}
	return nil
}

// String formats d as 2006-01-02, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// Human formats d for readers, as 14 March 2026.
func (d Date) Human() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2 January 2006")
}

// dateExample is the date the messages give as an example.
const dateExample = "2026-12-03"

var (
	isoDateRE   = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	isoTimeRE   = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})[Tt ]\S`) // a date with a time
	dayFirstRE  = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$`)
	yearFirstRE = regexp.MustCompile(`^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$`)
	wordDateRE  = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,})\.?,?\s+(\d{4})$`)
)

// dateProblem says what is wrong with text, written where a date belongs,
// and how to write it; shown is text as the message quotes it. A date in
// another form, such as the UK's 03/12/2026, is given in the form the site
// reads, 2026-12-03 (a date written with slashes is read day first); a
// date that does not exist, such as 2026-02-30, is said to be so, and
// why. It returns "" when text is a date.
func dateProblem(text, shown string) string {
	text = strings.TrimSpace(text)
	if m := isoDateRE.FindStringSubmatch(text); m != nil {
		if _, err := time.Parse(time.DateOnly, text); err == nil {
			return ""
		}
		return shown + " is not a real date: " + impossibleDate(m[1], m[2], m[3])
	}
	if iso := isoForm(text); iso != "" {
		return fmt.Sprintf("%s is not a date the site can read: write dates as %s (year-month-day)", shown, iso)
	}
	return fmt.Sprintf("%s is not a date: write dates as year-month-day, such as %s", shown, dateExample)
}

// looksLikeDate reports whether text is written as a date, in any of the
// forms dateProblem knows.
func looksLikeDate(text string) bool {
	for _, re := range []*regexp.Regexp{isoDateRE, isoTimeRE, dayFirstRE, yearFirstRE, wordDateRE} {
		if re.MatchString(text) {
			return true
		}
	}
	return false
}

// impossibleDate says why the year, month and day, as written in a date
// of the form 2026-12-03, are not a date.
func impossibleDate(y, m, d string) string {
	year, _ := strconv.Atoi(y)
	month, _ := strconv.Atoi(m)
	day, _ := strconv.Atoi(d)
	switch {
	case month < 1 || month > 12:
		msg := "there is no month " + m
		if swapped := isoDate(year, day, month); swapped != "" {
			msg += fmt.Sprintf(" (did you mean %s? dates are year-month-day)", swapped)
		}
		return msg
	case day < 1:
		return "there is no day " + d
	}
	last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return fmt.Sprintf("%s %d has %d days", time.Month(month), year, last)
}

// isoForm returns the date text gives in another form, written
// year-month-day, or "" when text is not a date in a form it knows.
func isoForm(text string) string {
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	if m := isoTimeRE.FindStringSubmatch(text); m != nil {
		return isoDate(num(m[1]), num(m[2]), num(m[3]))
	}
	if m := yearFirstRE.FindStringSubmatch(text); m != nil {
		return isoDate(num(m[1]), num(m[2]), num(m[3]))
	}
	if m := dayFirstRE.FindStringSubmatch(text); m != nil {
		year := num(m[3])
		if len(m[3]) == 2 {
			year += 2000
		}
		if iso := isoDate(year, num(m[2]), num(m[1])); iso != "" {
			return iso
		}
		return isoDate(year, num(m[1]), num(m[2])) // month first, as in the US
	}
	if m := wordDateRE.FindStringSubmatch(text); m != nil {
		for month := time.January; month <= time.December; month++ {
			if strings.HasPrefix(strings.ToLower(month.String()), strings.ToLower(m[2])) {
				return isoDate(num(m[3]), int(month), num(m[1]))
			}
		}
	}
	return ""
}

// isoDate returns the date as 2026-12-03, or "" when there is no such
// date.
func isoDate(year, month, day int) string {
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || t.Day() != day || t.Year() != year {
		return ""
	}
	return t.Format(time.DateOnly)
}
