package builder

import (
	"reflect"
	"strings"
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

func fieldsOf(v any) []reflect.StructField {
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
		full := join(prefix, key)
		sf := SchemaField{Key: full, Required: f.Tag.Get("req") == "true", Doc: f.Tag.Get("doc"), Type: typeWords(f)}
		if name := f.Tag.Get("vocab"); name != "" && Vocabularies[name] != nil {
			sf.Values = Vocabularies[name].Values()
		}
		out = append(out, sf)
		ft := f.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft != dateType {
			out = schemaFields(ft, full, out)
		}
	}
	return out
}

func typeWords(f reflect.StructField) string {
	t := f.Type
	if f.Tag.Get("score") == "true" {
		return "whole number, 0 to 5"
	}
	switch {
	case t == dateType:
		return "date"
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		return "table"
	case t.Kind() == reflect.Pointer:
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		if f.Tag.Get("vocab") != "" {
			return "one value"
		}
		return "text"
	case reflect.Int:
		return "whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.Struct:
		return "table"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return "list of tables"
		}
		if f.Tag.Get("vocab") != "" {
			return "list of values"
		}
		return "list of text"
	}
	return strings.ToLower(t.Kind().String())
}

// maturityValue returns the score for a dimension key, or nil.
func maturityValue(m *Maturity, key string) *int {
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
