package model

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"intkb/internal/testenv"
)

// walkedTypes returns the structs reachable from the front-matter types and
// Config through their tables, each once.
func walkedTypes() []reflect.Type {
	var out []reflect.Type
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		if slices.Contains(out, t) {
			return
		}
		out = append(out, t)
		for _, f := range Fields(t) {
			if f.Table != nil {
				add(f.Table)
			}
		}
	}
	for _, v := range []any{Meta{}, Playbook{}, CaseStudy{}, QuestionFramework{}, Blueprint{}, PlainPage{}, Config{}} {
		add(reflect.TypeOf(v))
	}
	return out
}

// tomlValue writes a TOML value that a field of type t takes, with every
// key of a table given.
func tomlValue(t *testing.T, typ reflect.Type) string {
	if typ == DateType {
		return "2026-03-14"
	}
	switch typ.Kind() {
	case reflect.Pointer:
		return tomlValue(t, typ.Elem())
	case reflect.String:
		return `"x"`
	case reflect.Int:
		return "1"
	case reflect.Bool:
		return "true"
	case reflect.Slice:
		return "[" + tomlValue(t, typ.Elem()) + "]"
	case reflect.Map:
		return "{ name = " + tomlValue(t, typ.Elem()) + " }"
	case reflect.Struct:
		var kv []string
		for _, f := range Fields(typ) {
			kv = append(kv, f.Key+" = "+tomlValue(t, f.Type))
		}
		return "{ " + strings.Join(kv, ", ") + " }"
	}
	t.Fatalf("no TOML value for %s", typ)
	return ""
}

func decodeInto(typ reflect.Type, toml string) (reflect.Value, ErrorList) {
	v := reflect.New(typ)
	errs, _ := DecodeFront(&Source{File: "x.toml", Front: []byte(toml), FrontLine: 1}, v.Interface())
	return v, errs
}

// TestFieldsAreTheDecodersKeys checks the walk against the TOML decoder,
// struct by struct: every key Fields gives decodes into its own field,
// and a field Fields leaves out is not a key the decoder takes either.
func TestFieldsAreTheDecodersKeys(t *testing.T) {
	for _, typ := range walkedTypes() {
		var doc strings.Builder
		for _, f := range Fields(typ) {
			doc.WriteString(f.Key + " = " + tomlValue(t, f.Type) + "\n")
		}
		v, errs := decodeInto(typ, doc.String())
		if len(errs) > 0 {
			t.Errorf("%s: the decoder refuses the walk's keys: %v", typ, errs)
		}
		WalkValues(v, "", func(f Field, fv reflect.Value, path string) bool {
			if isEmpty(fv) {
				t.Errorf("%s: %s was given, but its field %v is empty", typ, path, f.Index)
			}
			return true
		})

		for i := range typ.NumField() {
			sf := typ.Field(i)
			walked := slices.ContainsFunc(Fields(typ), func(f Field) bool { return f.Index[0] == i })
			if walked || !sf.IsExported() {
				continue
			}
			for _, key := range []string{sf.Name, strings.ToLower(sf.Name)} {
				if _, errs := decodeInto(typ, key+" = "+tomlValue(t, sf.Type)+"\n"); len(errs) == 0 {
					t.Errorf("%s: the decoder takes %s into %s, which is not a key: tag it toml:\"-\"", typ, key, sf.Name)
				}
			}
		}
	}
}

// TestOneFieldWalk keeps the rules for going over the front-matter
// structs in fields.go: no other source of the builder or the model reads
// a struct's fields or tags itself.
func TestOneFieldWalk(t *testing.T) {
	own := regexp.MustCompile(`\.(NumField|Field)\(|\.Tag\.(Get|Lookup)\(`)
	hits, named := testenv.SourceLines(t, own, func(file string) bool { return file == "fields.go" }, "*.go", "../*.go")
	for _, h := range hits {
		t.Errorf("%s:%d walks a struct's fields itself; use Fields or WalkValues: %s", h.File, h.Line, h.Text)
	}
	if named < 20 {
		t.Errorf("only %d sources found", named)
	}
}
