package model

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// MaxFileSize is the largest file the builder reads whole, such as an
// [[import]]. Anything larger is almost certainly a mistake. Content pages
// have a lower limit of their own (see limits.go).
const MaxFileSize = 8 << 20

const fence = "+++"

// Source is a content file split into its parts. Lines count from 1 in the
// original file, so errors point where the author looks.
type Source struct {
	File      string // for messages, such as content/playbooks/x.md
	Front     []byte // the TOML between the fences
	FrontLine int    // the line of the first TOML line
	Body      []byte // the Markdown after the closing fence
	BodyLine  int    // the line of the first body line
	settings  bool   // reports whether the TOML is a settings file (site.toml), not a page's front matter

	keyLinesOnce sync.Once
	keyLines     *keyLines // where Front's keys are written, read by LineOf's first call
}

// SplitSource normalises src (dropping a byte-order mark, turning CRLF into
// LF) and splits it at its +++ fences.
func SplitSource(file string, src []byte) (*Source, *Error) {
	if len(src) == 0 {
		return nil, &Error{File: file, Msg: "file is empty: a page starts with front matter between +++ lines (run \"intkb new\" for an example)"}
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		line := 1 + bytes.Count(src[:firstInvalidUTF8(src)], []byte("\n"))
		return nil, &Error{File: file, Line: line, Msg: "file is not valid UTF-8: save it with UTF-8 encoding"}
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	first, _, _ := bytes.Cut(src, []byte("\n"))
	if strings.TrimSpace(string(first)) != fence {
		msg := "missing front matter: the first line must be +++"
		if strings.TrimSpace(string(first)) == "---" {
			msg = "front matter must be TOML between +++ lines, not YAML between --- lines"
		}
		return nil, &Error{File: file, Line: 1, Msg: msg}
	}
	s := &Source{File: file, FrontLine: 2}
	rest := src[min(len(first)+1, len(src)):]
	off, line := 0, 2
	for off < len(rest) {
		l, _, found := bytes.Cut(rest[off:], []byte("\n"))
		if strings.TrimRight(string(l), " \t") == fence {
			s.Front = rest[:off]
			s.Body = rest[min(off+len(l)+1, len(rest)):]
			s.BodyLine = line + 1
			return s, nil
		}
		if !found {
			break
		}
		off += len(l) + 1
		line++
	}
	return nil, &Error{File: file, Line: 1, Msg: "front matter is never closed: add a line of +++ after the last front-matter key"}
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

var tomlLine = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "([^"]*)"\))?: `)

// tomlControl is the TOML parser's message for a raw control character.
var tomlControl = regexp.MustCompile(`^TOML files cannot contain control characters: '0x([0-9a-f]+)'$`)

// DecodeFront decodes s's front matter strictly into v, a pointer to one of
// the front-matter structs. Syntax errors, wrong types and unknown keys come
// back with their lines; front matter nested deeper than MaxFrontNesting
// is refused before it is decoded. fatal reports an error after which v is
// only partly decoded, so that checking it further would mislead.
func DecodeFront(s *Source, v any) (errs ErrorList, fatal bool) {
	if depth, line := frontDepth(string(s.Front)); depth > MaxFrontNesting {
		return ErrorList{{File: s.File, Line: s.FrontLine + line, Msg: fmt.Sprintf("front matter nests %s deep (its tables, lists and dotted keys); it may nest at most %d deep (write the values as keys of fewer tables)", NumberText(depth), MaxFrontNesting)}}, true
	}
	md, err := toml.NewDecoder(bytes.NewReader(s.Front)).Decode(v)
	if err != nil {
		return ErrorList{s.tomlError(err, v)}, true
	}
	var unknown toml.Key
	for _, k := range md.Undecoded() {
		// The keys inside an unknown table are unknown too: reporting the
		// table alone says it, and a table nested n deep would otherwise
		// cost n errors of n keys each.
		if unknown != nil && len(k) > len(unknown) && slices.Equal(k[:len(unknown)], unknown) {
			continue
		}
		unknown = k
		errs = append(errs, s.unknownKey(k, v))
	}
	return errs, false
}

// tomlError turns the decoder's error, decoding s's TOML into v, into an
// Error at its line: a mistake in the TOML itself is explained by
// syntaxError, a value of the wrong type by friendlyTypeError.
func (s *Source) tomlError(err error, v any) *Error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return s.syntaxError(pe, v)
	}
	msg := err.Error()
	e := &Error{File: s.File, Line: s.FrontLine}
	if m := tomlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		e.Line = s.FrontLine + n - 1
		e.Field = m[2]
		msg = msg[len(m[0]):]
	}
	e.Msg = friendlyTypeError(strings.TrimPrefix(msg, "toml: "))
	return e
}

var typeMismatch = regexp.MustCompile(`incompatible types: TOML value has type (\S+); destination has type (\S+)`)

func friendlyTypeError(msg string) string {
	m := typeMismatch.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	name := func(t string) string {
		switch t {
		case "int64", "integer":
			return "a whole number"
		case "string":
			return "text in quotes"
		case "bool":
			return "true or false"
		case "float64", "float":
			return "a number"
		case "[]interface", "slice", "[]interface {}":
			return "a list in [ ]"
		case "map[string]interface", "map", "struct", "map[string]interface {}":
			return "a table"
		}
		if strings.HasPrefix(t, "[]") {
			return "a list in [ ]"
		}
		if strings.HasPrefix(t, "map") {
			return "a table"
		}
		return t
	}
	return fmt.Sprintf("wrong type: expected %s, found %s", name(m[2]), name(m[1]))
}

// unknownKey reports a key that no field of v takes, with the nearest key
// that exists at the same place.
func (s *Source) unknownKey(k toml.Key, v any) *Error {
	path := make([]string, len(k))
	copy(path, k)
	e := &Error{File: s.File, Line: s.LineOf(strings.Join(path, ".")), Field: strings.Join(path, "."), Msg: "unknown key"}
	keys := keysAt(reflect.TypeOf(v), path[:len(path)-1])
	if len(keys) > 0 {
		if near := Suggest(path[len(path)-1], keys); near != "" {
			e.Msg += fmt.Sprintf(" (did you mean %q?)", near)
		} else {
			e.Msg += " (allowed here: " + strings.Join(keys, ", ") + ")"
		}
	}
	return e
}

// keysAt returns the TOML keys of the struct reached from t by the table
// path, in declaration order.
func keysAt(t reflect.Type, path []string) []string {
	for len(path) > 0 {
		f, ok := FieldByKey(t, path[0])
		if !ok || f.Table == nil {
			return nil
		}
		path, t = path[1:], f.Table
		if f.Kind == kindNamedTables {
			if len(path) == 0 {
				return nil
			}
			path = path[1:] // a key of the map, such as a vocabulary's name
		}
	}
	var keys []string
	for _, f := range Fields(t) {
		keys = append(keys, f.Key)
	}
	return keys
}
