package builder

import (
	"bytes"
	"strings"
	"sync"

	"intkb/builder/compare"
)

// This file cuts a committed version of a blueprint's front matter down
// to what its history reads, before it is decoded: the fields a history
// tracks (compare.ChangeKeys), their notes, the team's roles (a history
// says who joined and left, by role) and the maturity table. Decoding TOML is most of what reading a site's history costs,
// and a history reads about half of a blueprint's front matter.
//
// The cut is made statement by statement: a table header, or a key and
// its value however many lines the value takes (arrays, multi-line
// strings). A statement is kept when its key is tracked, lies inside a
// tracked key (a member's role), or holds one (an inline table). Whatever
// the scanner is not sure of, it keeps; and when it cannot read the front
// matter at all it gives up, and the whole front matter is decoded.

// historyKeys are the keys whose statements trackedFront keeps, with
// every dotted prefix of each (so that a table or an inline table that
// holds one is kept too).
var historyKeys = sync.OnceValues(func() (tracked, parents map[string]bool) {
	tracked, parents = map[string]bool{"maturity": true}, map[string]bool{}
	for k := range compare.ChangeKeys() {
		if k == compare.MembersKey {
			k += ".role"
		}
		tracked[k] = true
	}
	for k := range tracked {
		for i := strings.LastIndexByte(k, '.'); i > 0; i = strings.LastIndexByte(k[:i], '.') {
			parents[k[:i]] = true
		}
	}
	return tracked, parents
})

// historyReads reports whether the statement at the dotted key path is
// one a history reads: a tracked key or its note, a key inside one, or a
// table that holds one.
func historyReads(path string) bool {
	tracked, parents := historyKeys()
	if parents[path] {
		return true
	}
	p := strings.TrimSuffix(path, "_note")
	for {
		if tracked[p] {
			return true
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

// trackedFront returns the statements of the TOML front matter that a
// history reads (see historyReads), in their order, or nil when it cannot
// tell where a statement ends.
func trackedFront(front []byte) []byte {
	sc := frontScanner{s: front}
	out := make([]byte, 0, len(front)/2)
	table := ""
	for {
		sc.skipBlank()
		if sc.i >= len(sc.s) {
			return out
		}
		start := sc.i
		var path string
		if sc.s[sc.i] == '[' {
			key, ok := sc.header()
			if !ok || key == "" {
				return nil // a table it cannot name: the statements after it cannot be placed
			}
			table, path = key, key
		} else {
			key, ok := sc.keyValue()
			if !ok {
				return nil
			}
			if path = key; key != "" && table != "" {
				path = table + "." + key
			}
		}
		if path == "" || historyReads(path) {
			out = append(out, sc.s[start:sc.i]...)
			if out[len(out)-1] != '\n' {
				out = append(out, '\n')
			}
		}
	}
}

// frontScanner reads TOML statement by statement. Its methods return ok
// false for what they cannot read; a key it cannot put in words (one with
// escapes) reads as "", which trackedFront keeps.
type frontScanner struct {
	s []byte
	i int
}

// skipBlank skips spaces, line ends and comments.
func (sc *frontScanner) skipBlank() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', '\t', '\r', '\n':
			sc.i++
		case '#':
			sc.toLineEnd()
		default:
			return
		}
	}
}

// toLineEnd moves past the end of the line.
func (sc *frontScanner) toLineEnd() {
	if j := bytes.IndexByte(sc.s[sc.i:], '\n'); j >= 0 {
		sc.i += j + 1
	} else {
		sc.i = len(sc.s)
	}
}

// header reads a [table] or [[array]] header and the rest of its line.
func (sc *frontScanner) header() (string, bool) {
	sc.i++
	double := sc.i < len(sc.s) && sc.s[sc.i] == '['
	if double {
		sc.i++
	}
	key, ok := sc.key(']')
	if !ok || sc.i >= len(sc.s) || sc.s[sc.i] != ']' {
		return "", false
	}
	sc.i++
	if double {
		if sc.i >= len(sc.s) || sc.s[sc.i] != ']' {
			return "", false
		}
		sc.i++
	}
	return key, sc.lineEnd()
}

// lineEnd reads spaces and a comment to the end of the line.
func (sc *frontScanner) lineEnd() bool {
	for sc.i < len(sc.s) && (sc.s[sc.i] == ' ' || sc.s[sc.i] == '\t' || sc.s[sc.i] == '\r') {
		sc.i++
	}
	if sc.i < len(sc.s) && sc.s[sc.i] != '\n' && sc.s[sc.i] != '#' {
		return false
	}
	sc.toLineEnd()
	return true
}

// keyValue reads key = value, the value to the end of its last line.
func (sc *frontScanner) keyValue() (string, bool) {
	key, ok := sc.key('=')
	if !ok || sc.i >= len(sc.s) || sc.s[sc.i] != '=' {
		return "", false
	}
	sc.i++
	return key, sc.value()
}

// key reads a dotted key up to end, which it does not read, and returns
// it with its parts unquoted and joined by dots; "" for a quoted part
// with escapes.
func (sc *frontScanner) key(end byte) (string, bool) {
	var parts []string
	plain := true
	for {
		sc.spaces()
		if sc.i >= len(sc.s) {
			return "", false
		}
		switch c := sc.s[sc.i]; {
		case c == '"' || c == '\'':
			j := bytes.IndexByte(sc.s[sc.i+1:], c)
			if j < 0 {
				return "", false
			}
			part := string(sc.s[sc.i+1 : sc.i+1+j])
			if strings.ContainsAny(part, "\\\n.") {
				plain = false
			}
			parts = append(parts, part)
			sc.i += j + 2
		case isBareKey(c):
			j := sc.i
			for j < len(sc.s) && isBareKey(sc.s[j]) {
				j++
			}
			parts = append(parts, string(sc.s[sc.i:j]))
			sc.i = j
		default:
			return "", false
		}
		sc.spaces()
		if sc.i < len(sc.s) && sc.s[sc.i] == '.' {
			sc.i++
			continue
		}
		if sc.i < len(sc.s) && sc.s[sc.i] == end && plain {
			return strings.Join(parts, "."), true
		}
		return "", sc.i < len(sc.s) && sc.s[sc.i] == end
	}
}

func isBareKey(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func (sc *frontScanner) spaces() {
	for sc.i < len(sc.s) && (sc.s[sc.i] == ' ' || sc.s[sc.i] == '\t') {
		sc.i++
	}
}

// value reads a value to the end of the line it ends on: strings of every
// kind, comments, and arrays and inline tables over many lines.
func (sc *frontScanner) value() bool {
	depth := 0
	for sc.i < len(sc.s) {
		switch c := sc.s[sc.i]; c {
		case '"', '\'':
			if !sc.str(c) {
				return false
			}
			continue
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case '#':
			sc.toLineEnd()
			if depth <= 0 {
				return depth == 0
			}
			continue
		case '\n':
			if depth <= 0 {
				sc.i++
				return depth == 0
			}
		}
		sc.i++
	}
	return depth == 0
}

// str reads a string opened by quote: basic or literal, on one line or
// many.
func (sc *frontScanner) str(quote byte) bool {
	triple := []byte{quote, quote, quote}
	escapes := quote == '"'
	if bytes.HasPrefix(sc.s[sc.i:], triple) {
		sc.i += 3
		for sc.i < len(sc.s) {
			switch {
			case escapes && sc.s[sc.i] == '\\':
				sc.i += 2
			case bytes.HasPrefix(sc.s[sc.i:], triple):
				sc.i += 3
				// Up to two more quotes belong to the string.
				for n := 0; n < 2 && sc.i < len(sc.s) && sc.s[sc.i] == quote; n++ {
					sc.i++
				}
				return true
			default:
				sc.i++
			}
		}
		return false
	}
	sc.i++
	for sc.i < len(sc.s) {
		switch c := sc.s[sc.i]; {
		case c == '\n':
			return false
		case escapes && c == '\\':
			sc.i += 2
		case c == quote:
			sc.i++
			return true
		default:
			sc.i++
		}
	}
	return false
}
