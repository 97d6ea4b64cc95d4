package builder

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"path"
	"reflect"
	"strings"

	"intkb/builder/compare"
	"intkb/builder/model"
	"intkb/builder/publish"
)

// This file holds the blueprints' history as open data: the history
// array of each record in blueprints.json (from schema_version 2), and
// /data/blueprint-history.csv, one row per change. Values are codes, as
// in the rest of the open data: a controlled value as written, a list as
// an array, yes or no as a boolean, a maturity score as a number (or
// null), and the team as the array of its roles.

// historyFields documents a record's history for the /data/ page, after
// the blueprint's own fields. The CSV of the blueprints has no column of
// it: blueprint-history.csv has a row per change.
var historyFields = []OpenDataField{
	{Key: "history", Type: "array of objects", Doc: "How the model changed, oldest first: one object per date, from the site's git history and the blueprint's [[history]] entries. The first is the earliest record, with no changes; a blueprint without history has one. Also in data/blueprint-history.csv, a row per change."},
	{Key: "history[].date", Type: "string: a date, YYYY-MM-DD", Doc: "From when the model stood so."},
	{Key: "history[].source", Type: "string: git or front matter", Doc: "Where the point comes from: a commit to the site (git), or the blueprint's own [[history]] entry or its present front matter."},
	{Key: "history[].note", Type: "string", Doc: "What happened, from the [[history]] entry, or \"\"."},
	{Key: "history[].changes", Type: "array of objects", Doc: "What changed since the point before."},
	{Key: "history[].changes[].field", Type: "string", Doc: "The key that changed, such as function.integration_level, form.members (the roles in the team) or maturity.leadership."},
	{Key: "history[].changes[].from", Type: "the field's type, or null", Doc: "Its value before, as the field gives it; for form.members, the array of roles."},
	{Key: "history[].changes[].to", Type: "the field's type, or null", Doc: "Its value after."},
}

// historySchema is the JSON Schema of a record's history, described in
// historyFields' words.
func historySchema() jsonObject {
	doc := func(key string) string {
		for _, f := range historyFields {
			if f.Key == key {
				return f.Doc
			}
		}
		panic("builder: no history field " + key)
	}
	change := jsonObject{{"type", "object"}, {"required", []string{"field", "from", "to"}}, {"properties", jsonObject{
		{"field", jsonObject{{"type", "string"}, {"minLength", 1}, {"description", doc("history[].changes[].field")}}},
		{"from", jsonObject{{"description", doc("history[].changes[].from")}}},
		{"to", jsonObject{{"description", doc("history[].changes[].to")}}},
	}}}
	point := jsonObject{{"type", "object"}, {"required", []string{"date", "source", "note", "changes"}}, {"properties", jsonObject{
		{"date", jsonObject{{"type", "string"}, {"format", "date"}, {"description", doc("history[].date")}}},
		{"source", jsonObject{{"enum", []string{compare.SourceGit, compare.SourceFrontMatter}}, {"description", doc("history[].source")}}},
		{"note", jsonObject{{"type", "string"}, {"description", doc("history[].note")}}},
		{"changes", jsonObject{{"type", "array"}, {"items", change}, {"description", doc("history[].changes")}}},
	}}}
	return jsonObject{{"type", "array"}, {"items", point}, {"description", doc("history")}}
}

// historyCSV is data/blueprint-history.csv, and historyCSVW its CSVW
// metadata.
const (
	historyCSV  = "data/blueprint-history.csv"
	historyCSVW = "data/blueprint-history.csv-metadata.json"
)

// historyColumns are the columns of data/blueprint-history.csv, in order,
// with their CSVW datatypes and meaning.
var historyColumns = []struct{ name, title, datatype, doc string }{
	{"date", "Date", "date", "The day of the change, YYYY-MM-DD."},
	{"blueprint", "Blueprint", "string", "The blueprint's slug, as in blueprints.csv."},
	{"field", "Field", "string", "The key that changed, as in blueprints.json's history, such as function.integration_level."},
	{"from", "From", "string", "Its value before, as a code; a list's items joined by a semicolon and a space; empty for none."},
	{"to", "To", "string", "Its value after, written the same way."},
	{"source", "Source", "string", "git (a commit to the site) or front matter (a [[history]] entry)."},
}

// historyMetadata describes data/blueprint-history.csv as CSVW metadata.
func (s *snapshot) historyMetadata() jsonObject {
	var cols []any
	for _, c := range historyColumns {
		cols = append(cols, jsonObject{{"name", c.name}, {"titles", c.title}, {"datatype", c.datatype}, {"required", c.name != "from" && c.name != "to"}, {"dc:description", c.doc}})
	}
	md := jsonObject{
		{"@context", "http://www.w3.org/ns/csvw"},
		{"url", path.Base(historyCSV)},
		{"dc:title", s.cfg.Title + ": how the local INT blueprints changed"},
		{"dc:description", "One row per change to a blueprint's model, oldest first within each blueprint. Described in words at " + s.absURL("data/") + "."},
	}
	if l := s.licenceRef(); l != "" {
		md = append(md, jsonField{"dc:license", l})
	}
	return append(md, jsonField{"dc:publisher", s.publisher()}, jsonField{"tableSchema", jsonObject{{"columns", cols}}})
}

// historyRecord is an area's history as open data.
func historyRecord(a *compare.Area) []any {
	out := []any{}
	var prev *model.Blueprint
	for _, p := range a.History {
		changes := []any{}
		for _, c := range p.Changes {
			changes = append(changes, jsonObject{{"field", c.Key}, {"from", changeValue(prev, c.Key)}, {"to", changeValue(p.Blueprint, c.Key)}})
		}
		out = append(out, jsonObject{{"date", p.Date.String()}, {"source", p.Source}, {"note", p.Note}, {"changes", changes}})
		prev = p.Blueprint
	}
	return out
}

// changeValue is the value of a changed field of bp, as open data.
func changeValue(bp *model.Blueprint, key string) any {
	if score, ok := strings.CutPrefix(key, "maturity."); ok {
		if s := model.MaturityValue(bp.Maturity, score); s != nil {
			return *s
		}
		return nil
	}
	if key == compare.MembersKey {
		roles := []any{}
		for _, m := range bp.Form.Members {
			roles = append(roles, m.Role)
		}
		return roles
	}
	return jsonValue(model.ValueAt(reflect.ValueOf(bp).Elem(), key))
}

// areaOf returns the compare.Area of one of the site's blueprint pages.
func (s *snapshot) areaOf(p *Page) *compare.Area {
	key := blueprintKey(p)
	for _, a := range s.compareAreas {
		if a.Key == key && !a.Imported {
			return a
		}
	}
	return nil
}

// writeHistoryCSV writes data/blueprint-history.csv: a row per change of
// every blueprint, oldest first within each, in list order, with values
// as the JSON gives them (lists joined with "; ") and every cell safe
// from being read as a formula (model.CSVCell).
func (s *snapshot) writeHistoryCSV(out *publish.Output) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	header := make([]string, len(historyColumns))
	for i, c := range historyColumns {
		header[i] = c.name
	}
	w.Write(header)
	for _, p := range s.blueprintPages() {
		a := s.areaOf(p)
		if a == nil {
			continue
		}
		for _, rec := range historyRecord(a) {
			pt := rec.(jsonObject)
			for _, c := range pt.Value("changes").([]any) {
				ch := c.(jsonObject)
				row := []string{pt.Value("date").(string), a.Key, ch.Value("field").(string), csvValue(ch.Value("from")), csvValue(ch.Value("to")), pt.Value("source").(string)}
				for i := range row {
					row[i] = model.CSVCell(row[i])
				}
				w.Write(row)
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("builder: writing %s: %w", historyCSV, err)
	}
	return out.Write(historyCSV, buf.Bytes())
}

// csvValue is one value of the history as a CSV cell: a list joined
// with "; ", null as empty.
func csvValue(v any) string {
	items, ok := v.([]any)
	if !ok {
		return csvScalar(v)
	}
	parts := make([]string, len(items))
	for i, item := range items {
		parts[i] = csvScalar(item)
	}
	return strings.Join(parts, "; ")
}
