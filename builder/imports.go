package builder

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// This file reads other sites' open data, named by [[import]] tables in
// site.toml, into areas for the comparison. A file is read through the
// site's fs.FS, so it cannot be outside the site's folder; a URL is
// fetched with a time limit. Anything that goes wrong is a warning naming
// the import, and the build goes on with what it could read, except a
// source that is not a regular file (a named pipe would block the build
// for ever): that is never data, so it is an error.

// importTimeout bounds how long a build waits for another site's data.
const importTimeout = 10 * time.Second

// readImports reads every [[import]] at once and returns the areas they
// hold, in site.toml's order, within the limits importlimits.go sets.
// What cannot be read, and what is left out, becomes a warning that names
// the import; the build goes on without it.
func (b *build) readImports() []*compare.Area {
	imports := b.cfg.Imports
	if len(imports) == 0 {
		return nil
	}
	checker, err := compileSchema(importSchema(b.vocabs), schemaGen{vocabs: b.vocabs})
	if err != nil {
		b.fail(&model.Error{File: "site.toml", Msg: "the schema imports are checked against does not compile, a bug in intkb: " + err.Error()})
		return nil
	}
	areas := make([][]*compare.Area, len(imports))
	problems := make([][]string, len(imports))
	notFile := make([]bool, len(imports)) // a source that is not a regular file is an error
	var wg sync.WaitGroup
	for i, imp := range imports {
		wg.Go(func() {
			data, err := b.readImport(imp)
			if err != nil {
				problems[i] = []string{err.Error()}
				notFile[i] = errors.As(err, new(*notRegularError))
				return
			}
			areas[i], problems[i] = parseImport(imp, data, time.Now().UTC(), b.vocabs, checker)
		})
	}
	wg.Wait()
	var out []*compare.Area
	admit := newAreaAdmitter(b.cfg.ImportLimit)
	for i, imp := range imports {
		kept, notes := admit.admit(imp, areas[i])
		for _, p := range shortenProblems(problems[i]) {
			e := &model.Error{File: "site.toml", Line: imp.Line, Msg: fmt.Sprintf("import %q: %s", imp.Name, p)}
			if notFile[i] {
				b.fail(e)
			} else {
				b.warn(e)
			}
		}
		for _, p := range notes {
			b.warn(&model.Error{File: "site.toml", Line: imp.Line, Msg: fmt.Sprintf("import %q: %s", imp.Name, p)})
		}
		out = append(out, kept...)
	}
	return out
}

// readImport returns the bytes of an import: a file through the site's
// fs.FS, so it cannot leave the site's folder, or a URL fetched with a
// time limit. Either may be at most MaxFileSize.
func (b *build) readImport(imp model.Import) ([]byte, error) {
	isURL, err := model.ImportSource(imp.Source)
	if err != nil {
		return nil, fmt.Errorf("source %q %v", imp.Source, err)
	}
	limit := fmt.Sprintf("it is larger than %d MB, the most an import may be", model.MaxFileSize>>20)
	if !isURL {
		name := path.Clean(imp.Source)
		info, err := statRegular(b.src, name)
		if nr := (*notRegularError)(nil); errors.As(err, &nr) {
			return nil, fmt.Errorf("cannot read %s: %w", name, nr)
		} else if err != nil {
			return nil, fmt.Errorf("cannot read %s: %s", name, unwrapPathError(err))
		}
		if info.Size() > model.MaxFileSize {
			return nil, fmt.Errorf("cannot read %s: %s", name, limit)
		}
		data, err := readRegular(b.src, name)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %s", name, unwrapPathError(err))
		}
		return data, nil
	}
	client := b.opts.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: importTimeout}
	}
	req, err := http.NewRequest(http.MethodGet, imp.Source, nil)
	if err != nil {
		return nil, fmt.Errorf("cannot fetch %s: %v", imp.Source, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "intkb")
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			if ue.Timeout() {
				return nil, fmt.Errorf("cannot fetch %s: no answer within %s", imp.Source, client.Timeout)
			}
			err = ue.Err
		}
		return nil, fmt.Errorf("cannot fetch %s: %v", imp.Source, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("cannot fetch %s: the server answered %s", imp.Source, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, model.MaxFileSize+1))
	if err != nil {
		var te interface{ Timeout() bool }
		if errors.As(err, &te) && te.Timeout() {
			return nil, fmt.Errorf("cannot fetch %s: the answer did not arrive within %s", imp.Source, client.Timeout)
		}
		return nil, fmt.Errorf("cannot fetch %s: %v", imp.Source, err)
	}
	if len(data) > model.MaxFileSize {
		return nil, fmt.Errorf("cannot fetch %s: %s", imp.Source, limit)
	}
	return data, nil
}

// parseImport reads another site's blueprints.json (or one blueprint's
// file). A blueprint that does not meet the schema (checker), decode or
// validate is left out with a problem; a file that is not open data at
// all gives one problem and no areas.
func parseImport(imp model.Import, data []byte, fetchedAt time.Time, vs model.Vocabs, checker *compiledSchema) (areas []*compare.Area, problems []string) {
	doc, records, problem := decodeOpenData(data)
	if problem != "" {
		return nil, []string{problem}
	}
	theirs, bad := model.ImportLabels(doc["vocabulary"], vs)
	problems = append(problems, bad...)
	vs = vs.With(theirs)
	base, _ := url.Parse(imp.Source)
	prov := &compare.Provenance{Site: imp.Name, URL: imp.Source, FetchedAt: fetchedAt}
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
		a.Provenance = prov
		areas = append(areas, a)
	}
	return areas, problems
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
