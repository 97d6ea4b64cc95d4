package builder

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// This file reads another site's open data, once it has been read
// (importfetch.go), into areas for the comparison: each blueprint is
// checked against the import schema and validated as this site's own
// are, and one that is not right is left out with a problem naming it.

// parseImport reads another site's blueprints.json (or one blueprint's
// file), read as prov says (when, and whether from a kept copy). A
// blueprint that does not meet the schema (checker), decode or validate
// is left out with a problem; a file that is not open data at all gives
// one problem, no areas and not ok.
func parseImport(imp model.Import, data []byte, prov compare.Provenance, vs model.Vocabs, checker *compiledSchema) (areas []*compare.Area, problems []string, ok bool) {
	doc, records, problem := decodeOpenData(data)
	if problem != "" {
		return nil, []string{problem}, false
	}
	theirs, bad := model.ImportLabels(doc["vocabulary"], vs)
	problems = append(problems, bad...)
	vs = vs.With(theirs)
	base, _ := url.Parse(imp.Source)
	prov.Site, prov.URL = imp.Name, imp.Source
	prov.Generated, _ = doc["generated"].(string)
	seen := map[string]bool{}
	for i, r := range records {
		at := fmt.Sprintf("blueprints[%d]", i)
		obj, ok := r.(map[string]any)
		if !ok {
			problems = append(problems, at+": not an object, left out")
			continue
		}
		slug, _ := obj["slug"].(string)
		if !model.SlugRE.MatchString(slug) {
			problems = append(problems, fmt.Sprintf("%s: slug %q is not a slug, left out", at, slug))
			continue
		}
		at += " (" + slug + ")"
		if seen[slug] {
			problems = append(problems, at+": slug listed twice, left out")
			continue
		}
		seen[slug] = true
		a, problem := importedArea(imp, obj, vs, base, checker)
		if problem != "" {
			problems = append(problems, fmt.Sprintf("%s: %s; left out", at, problem))
			continue
		}
		a.Provenance = &prov
		areas = append(areas, a)
	}
	return areas, problems, true
}

// decodeOpenData decodes another site's blueprints.json, or one
// blueprint's file, and returns it with its blueprint records; or, for
// what is not intkb's open data of the version this build reads, a
// problem.
func decodeOpenData(data []byte) (doc map[string]any, records []any, problem string) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		var se *json.SyntaxError
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, nil, "not valid JSON: it ends before it is complete"
		}
		if errors.As(err, &se) {
			line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
			return nil, nil, fmt.Sprintf("not valid JSON: line %d: %v", line, err)
		}
		return nil, nil, fmt.Sprintf("not blueprint open data: %v", err)
	}
	rawVersion, present := doc["schema_version"]
	version, ok := rawVersion.(json.Number)
	switch {
	case !present:
		return nil, nil, "no schema_version: is it a blueprints.json written by intkb?"
	case !ok:
		return nil, nil, fmt.Sprintf("schema_version is %s: it must be a number, such as %d, without quotes", jsonKind(rawVersion), OpenDataVersion)
	case !knownVersion(version):
		return nil, nil, fmt.Sprintf("schema_version is %s, but this version of intkb reads versions %d to %d", version, oldestOpenDataVersion, OpenDataVersion)
	}
	switch {
	case doc["blueprints"] != nil:
		if records, ok = doc["blueprints"].([]any); !ok {
			return nil, nil, "blueprints is not a list"
		}
	case doc["blueprint"] != nil:
		records = []any{doc["blueprint"]}
	default:
		return nil, nil, "has no blueprints list"
	}
	return doc, records, ""
}

// importedArea reads one blueprint record of an import, checked against
// the import schema (checker), then validated as this site's own are (but
// for the other site's areas and terms), or says why it is left out. The
// schema says in the validator's words what they both check; the
// validator checks what a schema cannot, such as control characters. Its
// link is made absolute against base, the import's address.
func importedArea(imp model.Import, obj map[string]any, vs model.Vocabs, base *url.URL, checker *compiledSchema) (*compare.Area, string) {
	if problems := checker.problems(obj); len(problems) > 0 {
		return nil, strings.Join(problems, "; ")
	}
	bp, errs := validateImported(imp, obj, vs)
	if len(errs) > 0 {
		return nil, strings.Join(errs, "; ")
	}
	slug, _ := obj["slug"].(string)
	a := &compare.Area{Key: imp.Name + "/" + slug, Title: bp.Title, Imported: true, Source: imp.Name, Blueprint: bp, Vocabs: vs}
	a.Name, _ = obj["area_name"].(string)
	a.Setting, _ = obj["area_setting"].(string)
	a.Grouping = importedGrouping(imp.Grouping, obj)
	if bad := importedTextProblems(obj, "area_name", "area_setting", "area_region", "area_icb", "area_place"); bad != "" {
		return nil, bad
	}
	if a.Name == "" {
		a.Name = bp.Title
	}
	a.History = importedHistory(obj["history"], bp, vs)
	if raw, _ := obj["url"].(string); raw != "" {
		if u, err := url.Parse(raw); err == nil {
			if base != nil && base.Scheme != "" {
				u = base.ResolveReference(u)
			}
			if u.Scheme == "http" || u.Scheme == "https" {
				a.Href = u.String()
			}
		}
	}
	return a, ""
}

// importedGrouping returns where an imported area sits: the [[import]]'s
// labels where site.toml gives them, so that a portal names its regions
// and ICBs one way, and otherwise what the other site says of its area.
func importedGrouping(labels model.Grouping, obj map[string]any) model.Grouping {
	g := labels
	for _, f := range []struct {
		dst *string
		key string
	}{{&g.Region, "area_region"}, {&g.ICB, "area_icb"}, {&g.Place, "area_place"}} {
		if *f.dst == "" {
			*f.dst, _ = obj[f.key].(string)
		}
	}
	return g
}

// validateImported decodes an imported record and validates it as this
// site's own blueprints are, but for the other site's areas and terms.
func validateImported(imp model.Import, obj map[string]any, vs model.Vocabs) (*model.Blueprint, []string) {
	bp := new(model.Blueprint)
	errs := decodeJSONInto(reflect.ValueOf(bp).Elem(), obj, "")
	if len(errs) == 0 {
		// The area is the other site's: any slug will do.
		v := &model.Validator{Src: &model.Source{File: imp.Source, FrontLine: 1}, Areas: &model.Vocab{Terms: []model.Term{{Value: bp.Area}}}, Vocabs: vs, Foreign: true,
			Required: model.AreaKeys}
		v.Walk(reflect.ValueOf(bp).Elem(), "")
		v.CheckType(bp)
		for _, e := range v.Errs {
			errs = append(errs, e.Field+": "+e.Msg)
		}
	}
	return bp, errs
}

// importedTextProblems checks the texts at keys of an imported record that
// are not front matter, as the validator checks those that are: a
// control character in one is a problem.
func importedTextProblems(obj map[string]any, keys ...string) string {
	var out []string
	for _, k := range keys {
		if s, _ := obj[k].(string); s != "" {
			if msg := model.ControlCharProblem(s); msg != "" {
				out = append(out, k+": "+msg)
			}
		}
	}
	return strings.Join(out, "; ")
}

// decodeJSONInto sets the fields of the struct rv from obj by their
// front-matter keys (model.Fields). Keys the struct does not have are
// ignored, so that newer files within a schema version still read. Every
// value of the wrong kind is a problem naming its key, such as
// "needs.population: want a whole number, not text". encoding/json cannot
// say these: it would match keys to field names, case-insensitively,
// rather than to the toml tags, which are the one place the keys are
// declared; it reports only the first wrong value, by its JSON type
// rather than by what it is; and it takes null for text or a number
// silently.
func decodeJSONInto(rv reflect.Value, obj map[string]any, prefix string) []string {
	var errs []string
	for _, f := range model.Fields(rv.Type()) {
		if raw, ok := obj[f.Key]; ok && !f.NoOpenData {
			errs = append(errs, decodeJSONValue(rv.FieldByIndex(f.Index), raw, model.Join(prefix, f.Key))...)
		}
	}
	return errs
}

func decodeJSONValue(v reflect.Value, raw any, at string) []string {
	wrong := func(want string) []string {
		return []string{at + ": " + wrongValue(want, raw)}
	}
	if v.Type() == model.DateType {
		s, ok := raw.(string)
		if !ok {
			return wrong("string")
		}
		if s == "" {
			return nil
		}
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return []string{at + ": " + notADate(s)}
		}
		v.Set(reflect.ValueOf(model.Date{Time: d}))
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if raw == nil {
			return nil
		}
		p := reflect.New(v.Type().Elem())
		if errs := decodeJSONValue(p.Elem(), raw, at); errs != nil {
			return errs
		}
		v.Set(p)
	case reflect.Struct:
		obj, ok := raw.(map[string]any)
		if !ok {
			return wrong("object")
		}
		return decodeJSONInto(v, obj, at)
	case reflect.Slice:
		if raw == nil {
			return nil
		}
		items, ok := raw.([]any)
		if !ok {
			return wrong("array")
		}
		s := reflect.MakeSlice(v.Type(), len(items), len(items))
		var errs []string
		for i, item := range items {
			errs = append(errs, decodeJSONValue(s.Index(i), item, fmt.Sprintf("%s[%d]", at, i))...)
		}
		v.Set(s)
		return errs
	case reflect.String:
		s, ok := raw.(string)
		if !ok {
			return wrong("string")
		}
		v.SetString(s)
	case reflect.Int:
		n, ok := raw.(json.Number)
		if !ok {
			return wrong("integer")
		}
		i, err := n.Int64()
		if err != nil {
			return wrong("integer")
		}
		v.SetInt(i)
	case reflect.Bool:
		b, ok := raw.(bool)
		if !ok {
			return wrong("boolean")
		}
		v.SetBool(b)
	}
	return nil
}

// jsonKind names the JSON type of a decoded value, for messages.
func jsonKind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("text %q", v)
	case json.Number:
		return "the number " + v.String()
	case bool:
		return fmt.Sprint(v)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// warn records a problem that does not stop the build, unless
// Options.Strict.
func (b *build) warn(e *model.Error) {
	b.mu.Lock()
	b.warnings = append(b.warnings, e)
	b.mu.Unlock()
}

// warnForgiven records a warning that even Options.Strict lets pass: the
// only one is that an import's last good copy, within its maxAge, stands
// in for a source that could not be read (importfetch.go).
func (b *build) warnForgiven(e *model.Error) {
	b.mu.Lock()
	b.warnings = append(b.warnings, e)
	if b.forgiven == nil {
		b.forgiven = map[*model.Error]bool{}
	}
	b.forgiven[e] = true
	b.mu.Unlock()
}

// strictFailures returns the warnings that fail a build with
// Options.Strict: every one but those warnForgiven recorded.
func (b *build) strictFailures() []*model.Error {
	var out []*model.Error
	for _, e := range b.warnings {
		if !b.forgiven[e] {
			out = append(out, e)
		}
	}
	return out
}

// warningLines returns the warnings as lines, by file and line.
func warningLines(ws []*model.Error) []string {
	l := model.ErrorList(slices.Clone(ws))
	l.Sort()
	out := make([]string, len(l))
	for i, e := range l {
		out[i] = e.Error()
	}
	return out
}
