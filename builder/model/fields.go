package model

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// This file is the one walk over the front-matter structs and site.toml's
// Config: which fields are keys, what their tags say (see frontmatter.go),
// and which hold tables to go into. The validator, the hints for unknown
// keys, the authoring guide, search, the open data and the imports all see
// the structs through it, so that they agree with each other and with the
// TOML decoder.

// Field is one key of a front-matter struct.
type Field struct {
	Key   string       // the key authors write, from the toml tag
	Index []int        // for reflect.Value.FieldByIndex, through any embedded struct
	Type  reflect.Type // the Go type of its value
	Kind  FieldKind
	// Table is the struct of a table, an optional table, a list of tables
	// or lists of tables by name; nil for any other value.
	Table    reflect.Type
	Vocab    string // the vocabulary of its value, or of each value of a list
	Required bool   // the key must be present and not empty
	URL      bool   // the value is a link
	External bool   // the link must be an http or https URL, not a path inside the site
	Doc      string // one line for the authoring guide
	// Sheet names the sheet of its own that a list of tables has in the
	// open data's workbook, or is "".
	Sheet string
	// Of is, for a key of a [[history]] entry, the blueprint key it gives
	// an earlier value of, such as function.integration_level; or "".
	Of string
	// NoOpenData reports whether the open data leaves the key out as
	// written (see frontmatter.go).
	NoOpenData bool
	// Promoted reports whether the key belongs to an embedded struct, such
	// as the Meta every page has.
	Promoted bool
	Tag      reflect.StructTag // the whole tag, for a tag no field above says
}

// FieldKind is the kind of value a front-matter field holds, which the
// authoring guide and the open data schema each name in their own words.
type FieldKind int

const (
	KindText FieldKind = iota
	KindCode
	KindInteger
	KindScore
	KindBool
	KindDate
	KindTable
	KindOptionalTable
	KindTables
	KindCodes
	KindTexts
	kindNamedTables // a list of tables for each NAME, as [[key.NAME]]
)

var fieldCache sync.Map // reflect.Type to []Field

// Fields returns the keys of the struct type t (or of the struct t points
// to), in the order of its fields, with the keys of an embedded struct in
// its place, as the TOML decoder reads them. A field without a toml tag,
// or tagged toml:"-", is not a key. The slice is shared: callers must not
// change it.
func Fields(t reflect.Type) []Field {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]Field)
	}
	fs, _ := fieldCache.LoadOrStore(t, appendFields(nil, t, nil))
	return fs.([]Field)
}

// appendFields appends the keys of the struct type t, whose fields are
// reached through index.
func appendFields(out []Field, t reflect.Type, index []int) []Field {
	for i := range t.NumField() {
		sf := t.Field(i)
		at := append(index[:len(index):len(index)], i)
		key, _, _ := strings.Cut(sf.Tag.Get("toml"), ",")
		if sf.Anonymous && key == "" && sf.Type.Kind() == reflect.Struct {
			n := len(out)
			out = appendFields(out, sf.Type, at)
			for j := n; j < len(out); j++ {
				out[j].Promoted = true
			}
			continue
		}
		if key == "" || key == "-" || !sf.IsExported() {
			continue
		}
		out = append(out, Field{
			Key: key, Index: at, Type: sf.Type, Kind: kindOf(sf), Table: tableOf(sf.Type),
			Vocab: sf.Tag.Get("vocab"), Required: sf.Tag.Get("req") == "true", URL: sf.Tag.Get("url") == "true" || sf.Tag.Get("url") == "external", External: sf.Tag.Get("url") == "external",
			Doc: sf.Tag.Get("doc"), Sheet: sf.Tag.Get("sheet"), Of: sf.Tag.Get("field"), NoOpenData: sf.Tag.Get("opendata") == "-", Tag: sf.Tag,
		})
	}
	return out
}

// FieldByKey returns the key of the struct type t named key, looking into
// embedded structs as Fields does.
func FieldByKey(t reflect.Type, key string) (Field, bool) {
	for _, f := range Fields(t) {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// WalkValues calls visit for each key of the struct v (or of the struct v
// points to), in order, with its value and its key path under path, as
// messages name it. Where visit returns true, the walk goes on into the
// key's table: a table, an optional table that is present, and each
// table of a list of tables, with its index in the path, such as
// form.members[2].role. Lists of tables by name ([[vocabulary.NAME]]) are
// not gone into: their names are the site's own, not keys.
func WalkValues(v reflect.Value, path string, visit func(f Field, v reflect.Value, path string) bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	for _, f := range Fields(v.Type()) {
		fv := v.FieldByIndex(f.Index)
		fpath := Join(path, f.Key)
		if !visit(f, fv, fpath) || f.Table == nil {
			continue
		}
		switch f.Kind {
		case KindTable, KindOptionalTable:
			WalkValues(fv, fpath, visit)
		case KindTables:
			for i := range fv.Len() {
				WalkValues(fv.Index(i), fmt.Sprintf("%s[%d]", fpath, i), visit)
			}
		}
	}
}

// tableOf returns the struct whose keys a value of type t holds, through
// pointers, lists and maps, or nil when it holds none.
func tableOf(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct && t != DateType {
		return t
	}
	return nil
}

func kindOf(f reflect.StructField) FieldKind {
	t := f.Type
	coded := f.Tag.Get("vocab") != ""
	switch {
	case f.Tag.Get("score") == "true":
		return KindScore
	case t == DateType:
		return KindDate
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		return KindOptionalTable
	case t.Kind() == reflect.Pointer:
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		if coded {
			return KindCode
		}
		return KindText
	case reflect.Int:
		return KindInteger
	case reflect.Bool:
		return KindBool
	case reflect.Struct:
		return KindTable
	case reflect.Map:
		return kindNamedTables
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return KindTables
		}
		if coded {
			return KindCodes
		}
		return KindTexts
	}
	return KindText
}
