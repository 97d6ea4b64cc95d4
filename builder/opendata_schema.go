package builder

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"intkb/builder/model"
	"intkb/builder/publish"
)

// This file makes /data/blueprints.schema.json, the JSON Schema (draft
// 2020-12) of blueprints.json and of each blueprint's own file, by walking
// the Blueprint struct's fields (model.Fields) as the open data itself
// does: a key's type comes from its kind, its description from its doc
// tag, a controlled key's allowed values from the site's vocabularies
// (with the values site.toml adds, so the schema is the site's own), and
// a key is required where the validator requires it.
//
// "required" in the schema means what req:"true" means to authors: the
// key must be present and not empty (for text, not only spaces; for a
// whole number, not 0). The other keys are present in every record this
// site writes too, but a file written within the same schema_version by
// an older intkb may lack a newer one.
//
// The build checks its own files against the schema (a failure is a bug
// in intkb), and every imported record against the foreign form of it
// (see importSchema), reporting a failure in the validator's own words.

// schemaFile is where the schema is published.
const schemaFile = "data/blueprints.schema.json"

// schemaGen makes a schema for one site's blueprints, or for another's.
type schemaGen struct {
	vocabs model.Vocabs
	// areas are the site's own areas; nil for another site's records,
	// which may name any area, and may use any well-formed value of an
	// open vocabulary, as the validator accepts (Validator.Foreign).
	areas *model.Vocab
	// urlFormat is the format of the links the open data writes: "uri"
	// where baseURL has a host, so every link is absolute.
	urlFormat string
}

// blueprintSchema returns the published schema of the site's open data.
func (s *snapshot) blueprintSchema() jsonObject {
	g := schemaGen{vocabs: s.vocabs, areas: s.areas, urlFormat: "uri-reference"}
	if model.IsAbsoluteHTTP(s.absURL("")) {
		g.urlFormat = "uri"
	}
	str := func(doc string) jsonObject { return jsonObject{{"type", "string"}, {"description", doc}} }
	link := func(doc string) jsonObject { return append(str(doc), jsonField{"format", g.urlFormat}) }
	term := jsonObject{{"type", "object"}, {"required", []string{"value", "label"}}, {"properties", jsonObject{
		{"value", jsonObject{{"type", "string"}, {"pattern", model.TermValuePattern()}}},
		{"label", jsonObject{{"type", "string"}}}, {"description", jsonObject{{"type", "string"}}}}}}
	record := jsonObject{{"$ref", "#/$defs/blueprint"}}
	head := jsonObject{{"$schema", "https://json-schema.org/draft/2020-12/schema"}}
	if g.urlFormat == "uri" { // an $id must be absolute
		head = append(head, jsonField{"$id", s.absURL(schemaFile)})
	}
	return append(head, jsonObject{
		{"title", s.cfg.Title + ": local INT blueprints"},
		{"description", "The blueprints of " + s.cfg.Title + " as open data: data/blueprints.json, or one blueprint's own file under data/blueprints/. Made by intkb from the same definitions it checks the blueprints with; described in words at " + s.absURL("data/") + "."},
		{"type", "object"},
		{"required", []string{"schema_version", "site", "licence", "licence_url", "attribution", "generated", "schema"}},
		{"properties", jsonObject{
			{"schema_version", jsonObject{{"const", OpenDataVersion}, {"description", "The version of this format. It changes only when a field is removed or changes meaning."}}},
			{"site", jsonObject{{"type", "object"}, {"required", []string{"title", "url"}}, {"properties", jsonObject{{"title", str("The site's name.")}, {"url", link("The site's address.")}}}}},
			{"licence", str("The data's licence, or \"\" where the site states none.")},
			{"licence_url", jsonObject{{"type", "string"}, {"description", "A link to the licence, or \"\"."}, {"anyOf", []any{jsonObject{{"format", g.urlFormat}}, jsonObject{{"const", ""}}}}}},
			{"attribution", str("How to credit the data, or \"\".")},
			{"generated", jsonObject{{"type", "string"}, {"format", "date-time"}, {"description", "When the file was written."}}},
			{"schema", link("This schema.")},
			{"vocabulary", jsonObject{{"type", "object"}, {"description", "The values this site adds to the controlled lists, by list, with their labels."}, {"additionalProperties", jsonObject{{"type", "array"}, {"items", term}}}}},
			{"blueprints", jsonObject{{"type", "array"}, {"items", record}}},
			{"blueprint", record},
		}},
		{"oneOf", []any{jsonObject{{"required", []string{"blueprints"}}}, jsonObject{{"required", []string{"blueprint"}}}}},
		{"$defs", jsonObject{{"blueprint", g.record()}}},
	}...)
}

// importSchema returns the schema an imported record must meet: the
// record of blueprintSchema, for another site's areas and terms.
func importSchema(vs model.Vocabs) jsonObject {
	g := schemaGen{vocabs: vs, urlFormat: "uri-reference"}
	return append(jsonObject{{"$schema", "https://json-schema.org/draft/2020-12/schema"}}, g.record()...)
}

// record returns the schema of one blueprint record: the keys of
// recordHead, then Blueprint's tables.
func (g schemaGen) record() jsonObject {
	var props jsonObject
	required := []string{}
	for _, h := range recordHead {
		f, ok := metaField(h.key)
		switch {
		case ok:
			req := f.Required || model.AreaKeys[f.Key]
			props = append(props, jsonField{f.Key, g.field(f, req)})
			if req {
				required = append(required, f.Key)
			}
		case h.key == "slug":
			props = append(props, jsonField{h.key, jsonObject{{"type", "string"}, {"pattern", model.SlugRE.String()}, {"description", h.doc}}})
			required = append(required, h.key)
		case h.key == "url":
			props = append(props, jsonField{h.key, jsonObject{{"type", "string"}, {"format", g.urlFormat}, {"description", h.doc}}})
		default:
			props = append(props, jsonField{h.key, jsonObject{{"type", "string"}, {"description", h.doc}}})
		}
	}
	for _, f := range tableFields() {
		props = append(props, jsonField{f.Key, g.field(f, f.Required)})
		if f.Required {
			required = append(required, f.Key)
		}
	}
	// history is not required: records of schema_version 1 have none.
	props = append(props, jsonField{"history", historySchema()})
	return jsonObject{{"type", "object"}, {"required", required}, {"properties", props}}
}

// table returns the schema of a table of type t.
func (g schemaGen) table(t reflect.Type) jsonObject {
	var props jsonObject
	required := []string{}
	for _, f := range model.Fields(t) {
		props = append(props, jsonField{f.Key, g.field(f, f.Required)})
		if f.Required {
			required = append(required, f.Key)
		}
	}
	return jsonObject{{"type", "object"}, {"required", required}, {"properties", props}}
}

// nonBlank is the pattern of a required text: not only spaces, as the
// validator's test for an empty value has it.
const nonBlank = `\S`

// field returns the schema of the key f; req says whether it is required.
func (g schemaGen) field(f model.Field, req bool) jsonObject {
	var s jsonObject
	switch f.Kind {
	case model.KindText:
		s = jsonObject{{"type", "string"}}
		if f.URL {
			s = append(s, jsonField{"format", "uri-reference"})
		}
	case model.KindCode:
		s = append(jsonObject{{"type", "string"}}, g.values(f, !req)...)
	case model.KindInteger:
		s = jsonObject{{"type", "integer"}}
		if req {
			s = append(s, jsonField{"not", jsonObject{{"const", 0}}})
		}
	case model.KindScore:
		s = jsonObject{{"type", []string{"integer", "null"}}, {"minimum", model.MinScore}, {"maximum", model.MaxScore}}
	case model.KindBool:
		s = jsonObject{{"type", "boolean"}}
	case model.KindDate:
		s = jsonObject{{"type", "string"}, {"format", "date"}}
		if !req {
			s = jsonObject{{"type", "string"}, {"anyOf", []any{jsonObject{{"format", "date"}}, jsonObject{{"const", ""}}}}}
		}
	case model.KindTable:
		s = g.table(f.Table)
	case model.KindOptionalTable:
		s = g.table(f.Table)
		s[0] = jsonField{"type", []string{"object", "null"}}
	case model.KindTables:
		s = jsonObject{{"type", "array"}, {"items", g.table(f.Table)}}
	case model.KindCodes:
		s = jsonObject{{"type", "array"}, {"items", append(jsonObject{{"type", "string"}}, g.values(f, false)...)}}
	case model.KindTexts:
		s = jsonObject{{"type", "array"}, {"items", jsonObject{{"type", "string"}}}}
	}
	if req {
		switch f.Kind {
		case model.KindText:
			s = append(s, jsonField{"pattern", nonBlank})
		case model.KindTables, model.KindCodes, model.KindTexts:
			s = append(s, jsonField{"minItems", 1})
		}
	}
	if f.Doc != "" {
		s = append(s, jsonField{"description", f.Doc})
	}
	return s
}

// values returns the keywords that bound a controlled value of f: an
// enum of its vocabulary's values, with "" where it may be empty. For
// another site's records, as the validator has it, any area will do, and
// any well-formed value of an open vocabulary.
func (g schemaGen) values(f model.Field, empty bool) jsonObject {
	v := g.vocab(f.Vocab)
	switch {
	case f.Vocab == "area" && g.areas == nil:
		return nil
	case v == nil || (v.Open && g.areas == nil):
		pattern := model.TermValuePattern()
		if empty {
			pattern = "^$|" + pattern
		}
		return jsonObject{{"pattern", pattern}}
	}
	values := v.Values()
	if empty {
		values = append([]string{""}, values...)
	}
	return jsonObject{{"enum", values}}
}

// vocab returns the vocabulary name, or nil for another site's areas.
func (g schemaGen) vocab(name string) *model.Vocab {
	if name == "area" {
		return g.areas
	}
	if v := g.vocabs[name]; v != nil {
		return v
	}
	return model.Vocabularies[name]
}

// writeCheckedJSON writes the value that make makes as JSON to name, once
// it has met the schema checker gives. One that does not is a bug in
// intkb, which the message says. Neither is called when the file is made
// from the shape the destination's was (writeFromShape).
func (s *snapshot) writeCheckedJSON(out *publish.Output, name string, make func() any, checker func() (*compiledSchema, error)) error {
	return s.writeFromShape(out, name, func() ([]byte, error) {
		checker, err := checker()
		if err != nil {
			return nil, err
		}
		data, err := encodeJSON(make())
		if err != nil {
			return nil, fmt.Errorf("writing open data %s: %w", name, err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("writing open data %s: %w", name, err)
		}
		if problems := checker.problems(doc); len(problems) > 0 {
			return nil, fmt.Errorf("open data %s does not meet its own schema, %s, a bug in intkb: %s", name, schemaFile, strings.Join(problems, "; "))
		}
		return data, nil
	})
}

// compiledSchema is a schema ready to check decoded JSON, with the vocabularies
// its messages name values from.
type compiledSchema struct {
	schema *jsonschema.Schema
	gen    schemaGen
}

// compileSchema compiles doc, a schema that g made.
func compileSchema(doc jsonObject, g schemaGen) (*compiledSchema, error) {
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // dates and links are checked, not only described
	const loc = "urn:intkb:blueprints.schema.json"
	if err := c.AddResource(loc, raw); err != nil {
		return nil, err
	}
	sch, err := c.Compile(loc)
	if err != nil {
		return nil, err
	}
	return &compiledSchema{schema: sch, gen: g}, nil
}

// problems checks v, decoded with json.Decoder.UseNumber, against the
// schema, and returns each problem as the validator would say it, one
// per key, such as `function.integration_level: "merged" is not one of
// ...`.
func (cs *compiledSchema) problems(v any) []string {
	err := cs.schema.Validate(v)
	ve, ok := err.(*jsonschema.ValidationError)
	if err == nil {
		return nil
	}
	if !ok {
		return []string{err.Error()}
	}
	var out []string
	seen := map[string]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		for _, p := range cs.describe(v, e) {
			if at, _, _ := strings.Cut(p, ": "); !seen[at] {
				seen[at] = true
				out = append(out, p)
			}
		}
	}
	walk(ve)
	return out
}

// describe says what is wrong at e, one of the schema's leaf errors.
func (cs *compiledSchema) describe(v any, e *jsonschema.ValidationError) []string {
	at := keyPath(e.InstanceLocation)
	got := valueAt(v, e.InstanceLocation)
	f, isField := fieldAt(recordLocation(e.InstanceLocation))
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		var out []string
		for _, key := range k.Missing {
			out = append(out, model.Join(at, key)+": "+model.MissingMsg)
		}
		return out
	case *kind.MinItems, *kind.Not:
		return []string{at + ": " + model.MissingMsg}
	case *kind.Type:
		return []string{at + ": " + wrongValue(k.Want[0], got)}
	case *kind.Minimum, *kind.Maximum:
		if n, ok := got.(json.Number); ok {
			i, _ := n.Int64()
			return []string{at + ": " + model.ScoreProblem(i)}
		}
	case *kind.Enum, *kind.Pattern:
		s, _ := got.(string)
		switch {
		case isField && f.Vocab != "" && cs.gen.vocab(f.Vocab) != nil:
			if f.Kind == model.KindCodes { // the validator names the list, not the item
				at = keyPath(e.InstanceLocation[:len(e.InstanceLocation)-1])
			}
			return []string{at + ": " + model.NotOneOf(s, cs.gen.vocab(f.Vocab).Values())}
		case isField && k.KeywordPath()[0] == "pattern" && strings.TrimSpace(s) == "":
			return []string{at + ": " + model.MissingMsg}
		}
	case *kind.Format:
		if k.Want == "date" {
			return []string{at + ": " + notADate(got)}
		}
	}
	return []string{at + ": " + e.ErrorKind.LocalizedString(message.NewPrinter(language.BritishEnglish))}
}

// notADate says that v is not a date, as the decoder of imports does.
func notADate(v any) string {
	return fmt.Sprintf("%q is not a date: want YYYY-MM-DD", v)
}

// jsonTypeWords names each JSON type as the messages say what they want.
var jsonTypeWords = map[string]string{
	"string": "text", "integer": "a whole number", "number": "a whole number", "boolean": "true or false",
	"object": "an object", "array": "a list", "null": "null",
}

// wrongValue says that got is not of the JSON type want.
func wrongValue(want string, got any) string {
	return fmt.Sprintf("want %s, not %s", jsonTypeWords[want], jsonKind(got))
}

// keyPath names the key at loc, an instance location, as messages do:
// form.members[2].role.
func keyPath(loc []string) string {
	var b strings.Builder
	for _, seg := range loc {
		if _, err := strconv.Atoi(seg); err == nil {
			b.WriteString("[" + seg + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// valueAt returns the value at loc in v, or nil.
func valueAt(v any, loc []string) any {
	for _, seg := range loc {
		switch x := v.(type) {
		case map[string]any:
			v = x[seg]
		case []any:
			i, _ := strconv.Atoi(seg)
			if i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// recordLocation returns loc, in a file of open data or in one record,
// from its record.
func recordLocation(loc []string) []string {
	switch {
	case len(loc) >= 2 && loc[0] == "blueprints":
		return loc[2:]
	case len(loc) >= 1 && loc[0] == "blueprint":
		return loc[1:]
	}
	return loc
}

// fieldAt returns the Blueprint field at loc, a record's instance
// location, through its tables and lists.
func fieldAt(loc []string) (model.Field, bool) {
	t := reflect.TypeFor[model.Blueprint]()
	var f model.Field
	found := false
	for _, seg := range loc {
		if _, err := strconv.Atoi(seg); err == nil {
			continue
		}
		if t == nil {
			return model.Field{}, false
		}
		if f, found = model.FieldByKey(t, seg); !found {
			return model.Field{}, false
		}
		t = f.Table
	}
	return f, found
}
