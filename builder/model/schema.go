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

// schemaFields lists t's keys under prefix; the embedded Meta is left out
// of the type-specific lists because "Every page" lists it. The keys of a
// struct embedded in a table, such as the scores of [maturity], are
// listed in the table.
func schemaFields(t reflect.Type, prefix string, out []SchemaField) []SchemaField {
	for _, f := range Fields(t) {
		if f.Promoted && prefix == "" {
			continue
		}
		full := Join(prefix, f.Key)
		sf := SchemaField{Key: full, Required: f.Required, Doc: f.Doc, Type: tomlWords[f.Kind]}
		if f.Vocab != "" && Vocabularies[f.Vocab] != nil {
			sf.Values, sf.vocab = Vocabularies[f.Vocab].Values(), f.Vocab
		}
		out = append(out, sf)
		if f.Kind == kindNamedTables {
			full += ".NAME"
		}
		if f.Table != nil {
			out = schemaFields(f.Table, full, out)
		}
	}
	return out
}

// tomlWords names each kind for authors.
var tomlWords = map[FieldKind]string{
	KindText: "text", KindCode: "one value", KindInteger: "whole number", KindScore: "whole number, 0 to 5",
	KindBool: "true or false", KindDate: "date", KindTable: "table", KindOptionalTable: "table",
	KindTables: "list of tables", KindCodes: "list of values", KindTexts: "list of text",
	kindNamedTables: "lists of tables, by name",
}

// MaturityValue returns the score for a dimension key, or nil.
func MaturityValue(m *Maturity, key string) *int {
	f, ok := FieldByKey(reflect.TypeFor[Maturity](), key)
	if m == nil || !ok {
		return nil
	}
	p, _ := reflect.ValueOf(m).Elem().FieldByIndex(f.Index).Interface().(*int)
	return p
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
