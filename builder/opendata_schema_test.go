package builder

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"intkb/builder/model"
)

// publishedSchema compiles the schema a build wrote, as a reuser would:
// from the file, with format assertions on.
func publishedSchema(t *testing.T, dest string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(readOut(t, dest, schemaFile)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("blueprints.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("blueprints.schema.json")
	if err != nil {
		t.Fatalf("the published schema does not compile: %v", err)
	}
	return sch
}

func validateFile(t *testing.T, sch *jsonschema.Schema, data string) error {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(doc)
}

// schemaAt returns the part of the schema at the keys path, through
// properties, items and the blueprint definition.
func schemaAt(t *testing.T, schema map[string]any, path ...string) map[string]any {
	t.Helper()
	s := schema["$defs"].(map[string]any)["blueprint"].(map[string]any)
	for _, key := range path {
		if items, ok := s["items"].(map[string]any); ok {
			s = items
		}
		next, ok := s["properties"].(map[string]any)[key].(map[string]any)
		if !ok {
			t.Fatalf("the schema has no %s", strings.Join(path, "."))
		}
		s = next
	}
	return s
}

func TestOpenDataMeetsItsSchema(t *testing.T) {
	vocab := "\n[[vocabulary.cohort]]\nvalue = \"young_carers\"\nlabel = \"Young carers\"\n"
	site := strings.Replace(compareSite, "[[areas]]", vocab+"[[areas]]", 1)
	dir := writeSite(t, site)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: openRoot(t, dir), Dest: dest, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	sch := publishedSchema(t, dest)
	all := readOut(t, dest, "data/blueprints.json")
	for _, file := range []string{"data/blueprints.json", "data/blueprints/alder.json", "data/blueprints/birch.json"} {
		if err := validateFile(t, sch, readOut(t, dest, file)); err != nil {
			t.Errorf("%s does not meet the schema:\n%v", file, err)
		}
	}
	if doc := decodeJSON(t, all); doc["schema"] != "https://example.org/"+schemaFile {
		t.Errorf("blueprints.json names its schema as %v", doc["schema"])
	}
	// The schema checks, not only describes: each of these breaks it.
	for name, bad := range map[string]string{
		"an unknown code":    strings.Replace(all, `"integration_level": "unity_of_effort"`, `"integration_level": "merged"`, 1),
		"a date that is not": strings.Replace(all, `"updated": "2026-05-01"`, `"updated": "2026-13-01"`, 1),
		"a number as text":   strings.Replace(all, `"population": 100000`, `"population": "100000"`, 1),
		"a missing required": strings.Replace(all, `"footprint": "The alder footprint",`, ``, 1),
		"a score too high":   strings.Replace(all, `"leadership": 2`, `"leadership": 6`, 1),
		"a history source":   strings.Replace(all, `"source": "front matter"`, `"source": "rumour"`, 1),
		"a history date":     regexp.MustCompile(`("history": \[\s*\{\s*"date": ")`).ReplaceAllString(all, "${1}1 May "),
		"a change unnamed":   strings.Replace(all, `"changes": []`, `"changes": [{"from": 1, "to": 2}]`, 1),
	} {
		if bad == all {
			t.Fatalf("%s: the fixture did not change", name)
		}
		if validateFile(t, sch, bad) == nil {
			t.Errorf("%s meets the schema", name)
		}
	}

	var schema map[string]any
	if err := json.Unmarshal([]byte(readOut(t, dest, schemaFile)), &schema); err != nil {
		t.Fatal(err)
	}
	enum := func(path ...string) []string {
		var out []string
		s := schemaAt(t, schema, path...)
		if items, ok := s["items"].(map[string]any); ok {
			s = items
		}
		for _, v := range s["enum"].([]any) {
			out = append(out, v.(string))
		}
		return out
	}
	if got, want := enum("function", "integration_level"), model.Vocabularies["integration_level"].Values(); !slices.Equal(got, want) {
		t.Errorf("integration_level's enum is %q, want the vocabulary's %q", got, want)
	}
	if got := enum("cohorts"); !slices.Contains(got, "young_carers") || !slices.Contains(got, "frailty") {
		t.Errorf("cohorts' enum %q lacks the value site.toml adds or a built-in one", got)
	}
	if got := enum("area"); !slices.Equal(got, []string{"alder", "birch", "cedar"}) {
		t.Errorf("area's enum is %q, want the site's areas", got)
	}
	if got := enum("finance", "budget"); slices.Contains(got, "") {
		t.Error("a required code may be empty")
	}
	if got := enum("participation", "dentistry"); !slices.Contains(got, "") {
		t.Error("an optional code may not be empty, though the validator lets it be")
	}
	if d := schemaAt(t, schema, "updated"); d["format"] != "date" || d["description"] == "" {
		t.Errorf("updated is %v, want a date with its doc tag", d)
	}
	if schema["$id"] != "https://example.org/"+schemaFile {
		t.Errorf("the schema's $id is %v", schema["$id"])
	}
	if u := schemaAt(t, schema, "url"); u["format"] != "uri" {
		t.Errorf("url is %v, want a uri: baseURL is absolute", u)
	}
	req := schemaAt(t, schema, "needs")["required"].([]any)
	if !slices.Contains(req, any("footprint")) || slices.Contains(req, any("neighbourhood_min")) {
		t.Errorf("needs requires %v: want its req tags", req)
	}
}

// TestOwnOpenDataOffSchemaIsABug: a file the build would publish that
// does not meet its own schema stops the build, as a bug.
func TestOwnOpenDataOffSchemaIsABug(t *testing.T) {
	g := schemaGen{vocabs: model.Vocabularies, areas: &model.Vocab{Terms: []model.Term{{Value: "alder"}}}, urlFormat: "uri"}
	checker, err := compileSchema(append(jsonObject{{"$schema", "https://json-schema.org/draft/2020-12/schema"}}, g.record()...), g)
	if err != nil {
		t.Fatal(err)
	}
	rec := func() any { return jsonObject{{"slug", "alder"}, {"area", "elm"}} }
	err = (&snapshot{}).writeCheckedJSON(nil, "data/blueprints.json", rec, func() (*compiledSchema, error) { return checker, nil })
	if err == nil || !strings.Contains(err.Error(), `data/blueprints.json does not meet its own schema`) || !strings.Contains(err.Error(), `area: "elm" is not one of alder`) || !strings.Contains(err.Error(), "title: required key is missing") {
		t.Errorf("err = %v", err)
	}
}

// TestImportSchemaAgreesWithTheValidator: an imported record that breaks
// a rule gets one problem naming the key, from the schema, in the words
// the validator uses for the same rule; what the validator accepts from
// another site, the schema accepts too.
func TestImportSchemaAgreesWithTheValidator(t *testing.T) {
	var doc struct{ Blueprints []map[string]any }
	dec := json.NewDecoder(strings.NewReader(otherSiteData(t)))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	checker, err := compileSchema(importSchema(model.Vocabularies), schemaGen{vocabs: model.Vocabularies})
	if err != nil {
		t.Fatal(err)
	}
	table := func(rec map[string]any, key string) map[string]any { return rec[key].(map[string]any) }
	tests := []struct {
		name   string
		change func(rec map[string]any)
		want   string // the one problem, or "" for none
	}{
		{"as written", func(map[string]any) {}, ""},
		{"an unknown code", func(r map[string]any) { table(r, "function")["integration_level"] = "merged" },
			`function.integration_level: "merged" is not one of ` + strings.Join(model.Vocabularies["integration_level"].Values(), ", ")},
		{"a near code", func(r map[string]any) { table(r, "function")["integration_level"] = "unity_of_efort" }, `(did you mean "unity_of_effort"?)`},
		{"a number as text", func(r map[string]any) { table(r, "needs")["population"] = "many" }, `needs.population: want a whole number, not text "many"`},
		{"a table as text", func(r map[string]any) { r["needs"] = "lots" }, `needs: want an object, not text "lots"`},
		{"a missing key", func(r map[string]any) { delete(table(r, "needs"), "footprint") }, "needs.footprint: required key is missing"},
		{"a blank text", func(r map[string]any) { table(r, "needs")["footprint"] = "  " }, "needs.footprint: required key is missing"},
		{"a zero count", func(r map[string]any) { table(r, "needs")["population"] = json.Number("0") }, "needs.population: required key is missing"},
		{"an empty list", func(r map[string]any) { r["cohorts"] = []any{} }, "cohorts: required key is missing"},
		{"a wrong date", func(r map[string]any) { r["updated"] = "2026-13-01" }, `updated: "2026-13-01" is not a date: want YYYY-MM-DD`},
		{"a score out of range", func(r map[string]any) {
			r["maturity"] = map[string]any{"assessed": "2026-04-01", "leadership": json.Number("7")}
		}, "maturity.leadership: score 7 is out of range: use a whole number from 0 to 5"},
		{"a member's closed code", func(r map[string]any) {
			table(r, "form")["members"].([]any)[1].(map[string]any)["commitment"] = "sometimes"
		}, `form.members[1].commitment: "sometimes" is not one of core, on_call`},
		{"another site's own term", func(r map[string]any) { r["cohorts"] = []any{"frailty", "young_carers"} }, ""},
		{"another site's own area", func(r map[string]any) { r["area"] = "elm-town" }, ""},
		{"a term that is not one", func(r map[string]any) { r["cohorts"] = []any{"Young carers"} }, `cohorts: "Young carers" is not one of`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec map[string]any
			data, _ := json.Marshal(doc.Blueprints[0])
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.UseNumber()
			if err := dec.Decode(&rec); err != nil {
				t.Fatal(err)
			}
			tt.change(rec)
			got := checker.problems(rec)
			_, byModel := validateImported(model.Import{Name: "north", Source: "north.json"}, rec, model.Vocabularies)
			if tt.want == "" {
				if len(got) > 0 || len(byModel) > 0 {
					t.Errorf("the schema says %q and the validator %q, want no problem", got, byModel)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], tt.want) {
				t.Fatalf("the schema says %q, want one problem with %q", got, tt.want)
			}
			if !slices.ContainsFunc(byModel, func(m string) bool { return strings.HasPrefix(m, got[0]) }) {
				t.Errorf("the schema says %q, but the validator says %q", got[0], byModel)
			}
		})
	}
}
