package model

import (
	"reflect"
)

// SchemaType describes the front matter of one content type, for the
// authoring guide. It is made from the front-matter structs' tags, so the
// guide always says what the builder checks.
type SchemaType struct {
	ID     string // for anchors, such as playbook
	Title  string
	Where  string
	Fields []SchemaField
}

// SchemaField describes one front-matter key.
type SchemaField struct {
	Key      string // the full key path, such as form.members.role
	Type     string // in words: text, whole number, date, list of text ...
	Required bool
	Doc      string
	Values   []string // the allowed values, for controlled keys

	vocab string // the vocabulary of Values
}

// Schema returns the front-matter reference for every content type, and
// for site.toml.
func Schema() []SchemaType {
	return []SchemaType{
		{ID: "common", Title: "Every page", Where: "Keys every content file may have, whatever its type.", Fields: schemaFields(reflect.TypeOf(Meta{}), "", nil)},
		{ID: "playbook", Title: "Playbooks", Where: "Files in content/playbooks/. Also every key of every page.", Fields: schemaFields(reflect.TypeOf(Playbook{}), "", nil)},
		{ID: "case-study", Title: "Case studies", Where: "Files in content/case-studies/. Also every key of every page; area and cohorts are required.", Fields: schemaFields(reflect.TypeOf(CaseStudy{}), "", nil)},
		{ID: "framework", Title: "Partnership question frameworks", Where: "Files in content/frameworks/. Also every key of every page.", Fields: schemaFields(reflect.TypeOf(QuestionFramework{}), "", nil)},
		{ID: "blueprint", Title: "Local INT blueprints", Where: "Files in content/blueprints/, one per area. Also every key of every page; area and cohorts are required.", Fields: schemaFields(reflect.TypeOf(Blueprint{}), "", nil)},
		{ID: "site", Title: "site.toml", Where: "The site's settings, in site.toml at the top of the site's folder.", Fields: schemaFields(reflect.TypeOf(Config{}), "", nil)},
	}
}

func FieldsOf(v any) []reflect.StructField {
	t := reflect.TypeOf(v)
	out := make([]reflect.StructField, t.NumField())
	for i := range out {
		out[i] = t.Field(i)
	}
	return out
}

// schemaFields lists t's keys under prefix; the embedded Meta is left out
// of the type-specific lists because "Every page" lists it.
func schemaFields(t reflect.Type, prefix string, out []SchemaField) []SchemaField {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			continue
		}
		key := f.Tag.Get("toml")
		if key == "" {
			continue
		}
		full := Join(prefix, key)
		sf := SchemaField{Key: full, Required: f.Tag.Get("req") == "true", Doc: f.Tag.Get("doc"), Type: typeWords(f)}
		if name := f.Tag.Get("vocab"); name != "" && Vocabularies[name] != nil {
			sf.Values, sf.vocab = Vocabularies[name].Values(), name
		}
		out = append(out, sf)
		ft := f.Type
		if ft.Kind() == reflect.Map {
			full += ".NAME"
		}
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice || ft.Kind() == reflect.Map {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft != DateType {
			out = schemaFields(ft, full, out)
		}
	}
	return out
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

func KindOf(f reflect.StructField) FieldKind {
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

// tomlWords names each kind for authors.
var tomlWords = map[FieldKind]string{
	KindText: "text", KindCode: "one value", KindInteger: "whole number", KindScore: "whole number, 0 to 5",
	KindBool: "true or false", KindDate: "date", KindTable: "table", KindOptionalTable: "table",
	KindTables: "list of tables", KindCodes: "list of values", KindTexts: "list of text",
	kindNamedTables: "lists of tables, by name",
}

func typeWords(f reflect.StructField) string { return tomlWords[KindOf(f)] }

// MaturityValue returns the score for a dimension key, or nil.
func MaturityValue(m *Maturity, key string) *int {
	if m == nil {
		return nil
	}
	rv := reflect.ValueOf(m).Elem()
	for i := 0; i < rv.NumField(); i++ {
		if rv.Type().Field(i).Tag.Get("toml") == key {
			if p, ok := rv.Field(i).Interface().(*int); ok {
				return p
			}
		}
	}
	return nil
}

// schema returns types with the allowed values of each controlled key
// from vs: a site's own vocabularies, with the values its site.toml adds.
func (vs Vocabs) Schema(types []SchemaType) []SchemaType {
	for i := range types {
		for j := range types[i].Fields {
			f := &types[i].Fields[j]
			if v := vs[f.vocab]; f.vocab != "" && v != nil {
				f.Values = v.Values()
			}
		}
	}
	return types
}
