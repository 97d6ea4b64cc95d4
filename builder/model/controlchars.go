package model

import (
	"fmt"
	"reflect"
)

// This file keeps control characters out of text. TOML lets an author
// write one as an escape ("\b", "\u001b"), and a paste can bring one in
// unseen; written raw into a <title>, a feed or the CSV it does nothing
// useful and can do harm (an escape sequence in a terminal, a character
// that makes a feed reader refuse the whole feed). So every text value of
// front matter, site.toml and imported blueprints is checked once, by the
// Validator's walk: a control character (C0, DEL or C1) is an error
// naming it. Tab and line feed are allowed anywhere, as the spacing they
// are.

// controlNames names the C0 control characters and DEL.
var controlNames = [...]string{
	"null", "start of heading", "start of text", "end of text", "end of transmission", "enquiry", "acknowledge", "bell",
	"backspace", "tab", "line feed", "vertical tab", "form feed", "carriage return", "shift out", "shift in",
	"data link escape", "device control one", "device control two", "device control three", "device control four", "negative acknowledge", "synchronous idle", "end of transmission block",
	"cancel", "end of medium", "substitute", "escape", "file separator", "group separator", "record separator", "unit separator",
}

// isControl reports whether r is a control character that text may not
// hold: C0 but tab and line feed, DEL, and C1.
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f
}

// ControlCharProblem returns a message naming the first control character
// in s, or "" when there is none.
func ControlCharProblem(s string) string {
	for _, r := range s {
		if !isControl(r) {
			continue
		}
		name := "a C1 control character"
		switch {
		case r < 0x20:
			name = controlNames[r]
		case r == 0x7f:
			name = "delete"
		}
		return fmt.Sprintf("contains a control character U+%04X (%s); delete it", r, name)
	}
	return ""
}

// checkText reports a control character in a text field, or in any item of
// a list of text, at fpath. It reports whether it found one, so that the
// value is not reported again for what follows from it.
func (v *Validator) checkText(fv reflect.Value, fpath string) bool {
	found := false
	switch {
	case fv.Kind() == reflect.String:
		if msg := ControlCharProblem(fv.String()); msg != "" {
			v.Fail(fpath, "%s", msg)
			found = true
		}
	case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String:
		for i := 0; i < fv.Len(); i++ {
			if msg := ControlCharProblem(fv.Index(i).String()); msg != "" {
				v.Fail(fmt.Sprintf("%s[%d]", fpath, i), "%s", msg)
				found = true
			}
		}
	}
	return found
}
