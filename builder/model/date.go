package model

import (
	"fmt"
	"time"
)

// Date is a calendar date in front matter. Authors write a bare TOML date
// (2026-03-14); a quoted "2026-03-14" is accepted too. The zero Date means
// the key was absent.
type Date struct {
	time.Time
	bad string // what the author wrote, when it was not a date
}

// UnmarshalTOML implements toml.Unmarshaler. A value that is not a date is
// kept so that validation can report it with its line.
func (d *Date) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case time.Time:
		d.Time = time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
	case string:
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			d.bad = fmt.Sprintf("%q", v)
			return nil
		}
		d.Time = t
	default:
		d.bad = fmt.Sprintf("%v", v)
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
