package builder

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"time"

	"intkb/builder/model"
	"intkb/builder/publish"
)

// This file holds the open data: /data/blueprints.json, one JSON file per
// blueprint, /data/blueprints.csv and the field reference the /data/ page
// shows, all made from the Blueprint struct's tags. spreadsheet.go makes
// /data/blueprints.xlsx from the same records and fields. imports.go reads the
// same format back from other sites.
//
// A record's keys are the front-matter keys, nested as in the front
// matter, after slug, title, url and the area's slug, name and setting.
// Values are the codes authors write, not their labels; the /data/ page
// lists each code's label. Every key is always present: an absent text is
// "", an absent list [], an absent score or [maturity] table null.

// OpenDataVersion is the schema_version of blueprints.json. It changes
// only when a field is removed or changes meaning; new fields may appear
// within a version.
const OpenDataVersion = 2

// oldestOpenDataVersion is the oldest schema_version imports read.
// Version 2 added each record's history (see opendatahistory.go); a
// version 1 file reads as one without it.
const oldestOpenDataVersion = 1

// OpenDataField describes one field of a blueprint record.
type OpenDataField struct {
	Key    string // the path in the JSON record, such as form.members[].role
	Column string // the CSV column, or "" for a field that only groups others
	Type   string // the JSON type, in words
	Doc    string
	Values []model.Term // the allowed codes and their labels, for controlled fields
	// Required reports whether every record has a value for it, as the
	// validator requires (and so the schema and the CSVW metadata).
	Required bool

	url  bool // the value is a link
	list bool // its CSV cell holds a list, its items joined with "; "

	vocab string          // the vocabulary of Values
	kind  model.FieldKind // the kind of value, for the workbook's cells
	// sheet is the workbook's sheet of a field inside a list of tables
	// that has one (see the sheet tag in model/frontmatter.go), or "".
	sheet string
	// inWords is set for a code the workbook leaves out because another
	// column says it in words (see recordHead).
	inWords bool
}

// OpenData is what the /data/ page shows.
type OpenData struct {
	Version     int
	Fields      []OpenDataField
	Blueprints  []LinkView // each blueprint's own JSON file
	Licence     string
	LicenceURL  string
	Attribution string
	// CSVFormulaLeads names the characters that, at the start of a cell,
	// get a single quote before them in the CSV: "=, +, -, @, a tab or a
	// carriage return".
	CSVFormulaLeads string
	// Dataset is the open data as a schema.org Dataset, for the page's
	// JSON-LD; the template escapes it as a script's content.
	Dataset any
	// SchemaFile, CSVWFile and CatalogFile are where the files that
	// describe the data are, from the site's top.
	SchemaFile, CSVWFile, CatalogFile string
}

// recordHead lists the keys a record starts with. Those the Meta struct
// does not hold are documented here. A key with inWords is a code that
// another key gives in words, which the workbook shows in its place.
var recordHead = []struct {
	key, doc string
	inWords  bool
}{
	{"slug", "The blueprint's identifier: the last part of its URL. The first CSV column.", false},

	{"title", "", false},
	{"url", "The blueprint's page, as an absolute URL.", false},
	{"area", "", true},
	{"area_name", "The area's name, from the site's [[areas]].", false},
	{"area_setting", "The kind of place, from the site's [[areas]], or \"\".", false},
	{"area_region", "The area's NHS region, from the site's [[areas]], or \"\". Added within version 2: older files may leave it out.", false},
	{"area_icb", "The area's integrated care board, from the site's [[areas]], or \"\". Added within version 2: older files may leave it out.", false},
	{"area_place", "The area's place within its ICB, from the site's [[areas]], or \"\". Added within version 2: older files may leave it out.", false},
	{"summary", "", false},
	{"updated", "", false},
	{"review_due", "", false},
	{"tags", "", false},
	{"cohorts", "", false},
	{"cohorts_note", "", false},
}

// jsonObject is a JSON object that keeps its keys in order. Open data
// lists a blueprint's keys in the order of Blueprint's fields, found by
// walking them at run time, and the envelope's in the order its readers
// expect: encoding/json keeps the order of a struct's fields, which would
// need a struct declared for every record, and sorts a map's keys.
type jsonObject []jsonField

type jsonField struct {
	Key   string
	Value any
}

// MarshalJSON implements json.Marshaler. As encodeJSON does, it leaves
// <, > and & as they are: encoding/json compacts a Marshaler's output but
// does not undo the escaping.
func (o jsonObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		enc.Encode(f.Key) // a string always encodes
		b.Truncate(b.Len() - 1)
		b.WriteByte(':')
		if err := enc.Encode(f.Value); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Key, err)
		}
		b.Truncate(b.Len() - 1) // Encode's newline
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Value returns the value of key, or nil.
func (o jsonObject) Value(key string) any {
	for _, f := range o {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}

// metaField finds a Meta field by its key.
func metaField(key string) (model.Field, bool) {
	return model.FieldByKey(reflect.TypeFor[model.Meta](), key)
}

// tableFields returns Blueprint's own fields: its tables, in order, but
// those tagged opendata:"-" (its [[history]], which the open data gives
// as the merged timeline instead).
func tableFields() []model.Field {
	var out []model.Field
	for _, f := range model.Fields(reflect.TypeFor[model.Blueprint]()) {
		if !f.Promoted && !f.NoOpenData {
			out = append(out, f)
		}
	}
	return out
}

// areaText returns the [[areas]] text that open data gives at key, or ""
// for an area site.toml does not describe.
func areaText(a *model.Area, key string) string {
	if a == nil {
		return ""
	}
	switch key {
	case "area_setting":
		return a.Setting
	case "area_region":
		return a.Region
	case "area_icb":
		return a.ICB
	case "area_place":
		return a.Place
	}
	return ""
}

// blueprintRecord is one blueprint as open data.
func (s *snapshot) blueprintRecord(p *Page) jsonObject {
	bp := p.Front.(*model.Blueprint)
	meta := reflect.ValueOf(bp.Meta)
	var rec jsonObject
	for _, h := range recordHead {
		switch h.key {
		case "slug":
			rec = append(rec, jsonField{"slug", blueprintKey(p)})
		case "url":
			rec = append(rec, jsonField{"url", s.absURL(p.URL)})
		case "area_name":
			rec = append(rec, jsonField{"area_name", s.areas.Label(bp.Area)})
		case "area_setting", "area_region", "area_icb", "area_place":
			rec = append(rec, jsonField{h.key, areaText(s.cfg.Area(bp.Area), h.key)})
		default:
			f, _ := metaField(h.key)
			rec = append(rec, jsonField{h.key, jsonValue(meta.FieldByIndex(f.Index))})
		}
	}
	rv := reflect.ValueOf(bp).Elem()
	for _, f := range tableFields() {
		rec = append(rec, jsonField{f.Key, jsonValue(rv.FieldByIndex(f.Index))})
	}
	history := []any{}
	if a := s.areaOf(p); a != nil {
		history = historyRecord(a)
	}
	return append(rec, jsonField{"history", history})
}

// jsonValue turns a front-matter value into its open-data form.
func jsonValue(v reflect.Value) any {
	if v.Type() == model.DateType {
		return v.Interface().(model.Date).String()
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return jsonValue(v.Elem())
	case reflect.Struct:
		var o jsonObject
		for _, f := range model.Fields(v.Type()) {
			o = append(o, jsonField{f.Key, jsonValue(v.FieldByIndex(f.Index))})
		}
		return o
	case reflect.Slice:
		out := []any{}
		for i := 0; i < v.Len(); i++ {
			out = append(out, jsonValue(v.Index(i)))
		}
		return out
	case reflect.String:
		return v.String()
	case reflect.Int:
		return v.Int()
	case reflect.Bool:
		return v.Bool()
	}
	return nil
}

// OpenDataFields describes every field of a blueprint record, in order,
// from the same struct tags the builder validates with.
func OpenDataFields() []OpenDataField {
	var out []OpenDataField
	for _, h := range recordHead {
		f, ok := metaField(h.key)
		if !ok {
			out = append(out, OpenDataField{Key: h.key, Column: h.key, Type: "string", Doc: h.doc, inWords: h.inWords, Required: h.key == "slug", url: h.key == "url"})
			continue
		}
		f.Required = f.Required || model.AreaKeys[f.Key]
		fields := openFields(f, "", "", nil, true)
		fields[0].inWords = h.inWords
		out = append(out, fields...)
	}
	for _, f := range tableFields() {
		out = append(out, openFields(f, "", "", nil, true)...)
	}
	return append(out, historyFields...)
}

// openFields describes f, under the JSON path prefix and CSV column
// prefix col; list is the list of tables it is in, or nil; present says
// whether the table f is in is in every record.
func openFields(f model.Field, prefix, col string, list *model.Field, present bool) []OpenDataField {
	key := model.Join(prefix, f.Key)
	column := model.Join(col, f.Key)
	inList := list != nil
	od := OpenDataField{Key: key, Column: column, Type: jsonWords[f.Kind], Doc: f.Doc, kind: f.Kind, Required: present && f.Required,
		url: f.URL, list: inList || f.Kind == model.KindCodes || f.Kind == model.KindTexts}
	if inList {
		od.sheet = list.Sheet
		od.Type = "array item: " + od.Type
		od.Doc += " In CSV, one value per item, joined with \"; \"."
	}
	if f.Vocab != "" && model.Vocabularies[f.Vocab] != nil {
		od.Values, od.vocab = model.Vocabularies[f.Vocab].Terms, f.Vocab
	}
	subPrefix := key
	switch f.Kind {
	case model.KindTable, model.KindOptionalTable:
	case model.KindTables:
		subPrefix, list = key+"[]", &f
	default:
		return []OpenDataField{od}
	}
	od.Column = ""
	out := []OpenDataField{od}
	for _, sf := range model.Fields(f.Table) {
		out = append(out, openFields(sf, subPrefix, column, list, od.Required)...)
	}
	return out
}

// jsonWords names each kind of field as it appears in the open data.
var jsonWords = map[model.FieldKind]string{
	model.KindText: "string", model.KindCode: "string: a code", model.KindInteger: "integer", model.KindScore: "integer 0 to 5, or null",
	model.KindBool: "boolean", model.KindDate: "string: a date, YYYY-MM-DD, or \"\"", model.KindTable: "object", model.KindOptionalTable: "object, or null",
	model.KindTables: "array of objects", model.KindCodes: "array of codes", model.KindTexts: "array of strings",
}

// openDataEnvelope wraps records with the licence and provenance.
func (s *snapshot) openDataEnvelope(key string, value any) jsonObject {
	licenceURL := s.cfg.LicenceURL
	if licenceURL != "" {
		licenceURL = s.absURL(licenceURL) // a path inside the site, made absolute for reusers
	}
	env := jsonObject{
		{"schema_version", OpenDataVersion},
		{"site", jsonObject{{"title", s.cfg.Title}, {"url", s.absURL("")}}},
		{"licence", s.cfg.Licence},
		{"licence_url", licenceURL},
		{"attribution", s.cfg.Attribution},
		{"generated", s.now.UTC().Format(time.RFC3339)},
		{"schema", s.absURL(schemaFile)},
	}
	if added := s.addedTerms(); len(added) > 0 {
		env = append(env, jsonField{"vocabulary", added})
	}
	return append(env, jsonField{key, value})
}

// blueprintDataFile is the open data file of the blueprint whose key is
// key, relative to the site's root.
func blueprintDataFile(key string) string { return "data/blueprints/" + key + ".json" }

// blueprintPages returns the published blueprints in list order.
func (s *snapshot) blueprintPages() []*Page {
	var pages []*Page
	for _, p := range s.pages {
		if p.Type == model.TypeBlueprint {
			pages = append(pages, p)
		}
	}
	sortPages(pages)
	return pages
}

// writeOpenData writes data/blueprints.json, data/blueprints/SLUG.json
// and data/blueprints.csv, each JSON file checked against the schema it
// names, and the files that describe them (writeOpenDataMeta). Imported
// blueprints are not included: they are other sites' data, under their
// own licences.
//
// Each of the three is made from the site's shape (writeFromShape), so
// a build that keeps the files the destination holds, the shape being
// the same, makes no record, row or check: the records are made when a
// file first needs one. At 10,000 pages, making the 1,500 records and
// their rows took 0.12 s of CPU in every build after an edit to a body.
func (s *snapshot) writeOpenData(out *publish.Output) error {
	schema := s.blueprintSchema()
	fields := OpenDataFields()
	pages := s.blueprintPages()
	recs := make([]jsonObject, len(pages))
	record := func(i int) jsonObject {
		if recs[i] == nil {
			recs[i] = s.blueprintRecord(pages[i])
			if s.keys != nil {
				s.keys.records.Add(1)
			}
		}
		return recs[i]
	}
	var compiled *compiledSchema
	checker := func() (*compiledSchema, error) {
		if compiled == nil {
			c, err := compileSchema(schema, schemaGen{vocabs: s.vocabs, areas: s.areas})
			if err != nil {
				return nil, fmt.Errorf("builder: the open data's schema does not compile, a bug in intkb: %w", err)
			}
			compiled = c
		}
		return compiled, nil
	}
	for i, p := range pages {
		name := blueprintDataFile(blueprintKey(p))
		envelope := func() any { return s.openDataEnvelope("blueprint", record(i)) }
		if err := s.writeCheckedJSON(out, name, envelope, checker); err != nil {
			return &model.Error{File: p.File, Msg: err.Error()}
		}
	}
	err := s.writeFromShape(out, "data/blueprints.csv", func() ([]byte, error) {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.UseCRLF = true
		w.Write(csvHeader(fields))
		for i := range pages {
			w.Write(csvRow(record(i), fields))
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return nil, fmt.Errorf("builder: writing data/blueprints.csv: %w", err)
		}
		return buf.Bytes(), nil
	})
	if err != nil {
		return err
	}
	all := func() any {
		records := make([]any, len(pages))
		for i := range pages {
			records[i] = record(i)
		}
		return s.openDataEnvelope("blueprints", records)
	}
	if err := s.writeCheckedJSON(out, "data/blueprints.json", all, checker); err != nil {
		return fmt.Errorf("builder: %w", err)
	}
	return s.writeOpenDataMeta(out, schema, fields)
}

func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return buf.Bytes(), err
}

// openDataView is the /data/ page.
func (snap *snapshot) openDataView() *View {
	fields := OpenDataFields()
	for i := range fields {
		if v := snap.vocabs[fields[i].vocab]; fields[i].vocab != "" && v != nil {
			fields[i].Values = v.Terms // with the values site.toml adds
		}
	}
	d := &OpenData{Version: OpenDataVersion, Fields: fields, Licence: snap.cfg.Licence, LicenceURL: snap.cfg.LicenceURL, Attribution: snap.cfg.Attribution,
		CSVFormulaLeads: joinWords(model.CSVFormulaLeadNames(), "or"), Dataset: snap.datasetLD(),
		SchemaFile: schemaFile, CSVWFile: csvwFile, CatalogFile: catalogFile}
	for _, p := range snap.blueprintPages() {
		d.Blueprints = append(d.Blueprints, LinkView{Title: p.Meta.Title, URL: blueprintDataFile(blueprintKey(p))})
	}
	return &View{Kind: "data", Title: "Open data", Crumbs: []Crumb{{"Home", ""}}, Data: d,
		Summary: openDataSummary}
}

// addedTerms returns the values site.toml adds to the controlled lists,
// by list, for open data: a site importing it reads their labels (see
// importLabels).
func (s *snapshot) addedTerms() jsonObject {
	var out jsonObject
	for _, name := range slices.Sorted(maps.Keys(s.cfg.Vocabulary)) {
		var terms []any
		for _, t := range s.cfg.Vocabulary[name] {
			terms = append(terms, jsonObject{{"value", t.Value}, {"label", t.Label}, {"description", t.Desc}})
		}
		out = append(out, jsonField{name, terms})
	}
	return out
}
