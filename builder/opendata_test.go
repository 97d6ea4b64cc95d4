package builder

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"intkb/builder/model"
)

// decodeJSON decodes open data as a reuser would, keeping numbers exact.
func decodeJSON(t *testing.T, data string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(data))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("the open data is not JSON: %v", err)
	}
	return v
}

func records(t *testing.T, doc map[string]any) []map[string]any {
	t.Helper()
	list, ok := doc["blueprints"].([]any)
	if !ok {
		t.Fatalf("blueprints is %T, not a list", doc["blueprints"])
	}
	var out []map[string]any
	for _, r := range list {
		out = append(out, r.(map[string]any))
	}
	return out
}

func TestOpenDataJSON(t *testing.T) {
	res, dest := buildCompareSite(t, "", Options{})
	doc := decodeJSON(t, readOut(t, dest, "data/blueprints.json"))
	for key, want := range map[string]any{
		"schema_version": json.Number(fmt.Sprint(OpenDataVersion)),
		"licence":        "Open Government Licence v3.0",
		"licence_url":    "https://example.org/ogl",
		"attribution":    "Test Council",
		"generated":      testNow.Format(time.RFC3339),
		"schema":         "https://example.org/data/blueprints.schema.json",
	} {
		if doc[key] != want {
			t.Errorf("%s is %v, want %v", key, doc[key], want)
		}
	}
	recs := records(t, doc)
	var slugs []string
	for _, r := range recs {
		slugs = append(slugs, r["slug"].(string))
	}
	if !slices.Equal(slugs, []string{"alder", "birch", "cedar"}) {
		t.Fatalf("the records are %v, want alder, birch and cedar in list order", slugs)
	}
	for _, r := range recs {
		slug := r["slug"].(string)
		var bp *model.Blueprint
		for _, p := range res.Pages {
			if blueprintKey(p) == slug {
				bp = p.Front.(*model.Blueprint)
			}
		}
		fn := r["function"].(map[string]any)
		if fn["integration_level"] != bp.Function.IntegrationLevel || r["url"] != "https://example.org/blueprints/"+slug+"/" || r["area"] != slug {
			t.Errorf("%s: the record does not say what the front matter says: %v", slug, r)
		}
		if pop := r["needs"].(map[string]any)["population"]; pop != json.Number("100000") {
			t.Errorf("%s: needs.population is %v", slug, pop)
		}
		own := decodeJSON(t, readOut(t, dest, "data/blueprints/"+slug+".json"))
		if !reflect.DeepEqual(own["blueprint"], any(r)) || own["licence"] != doc["licence"] {
			t.Errorf("data/blueprints/%s.json is not the same record with the same licence", slug)
		}
	}
	if recs[0]["maturity"] != nil {
		t.Errorf("alder has no self-assessment, but maturity is %v", recs[0]["maturity"])
	}
	m := recs[1]["maturity"].(map[string]any)
	if m["workforce"] != json.Number("1") || m["population_health"] != nil || m["assessed"] != "2026-04-01" {
		t.Errorf("birch's maturity is %v: want workforce 1, population_health null (not scored)", m)
	}
	if name := recs[2]["area_name"]; name != "Cedar Town" {
		t.Errorf("area_name is %v", name)
	}
}

// jsonTypeOK reports whether v has the JSON type the schema gives.
func jsonTypeOK(typ string, v any) bool {
	typ = strings.TrimPrefix(typ, "array item: ")
	switch {
	case strings.HasPrefix(typ, "string: a date"):
		s, ok := v.(string)
		return ok && regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})?$`).MatchString(s)
	case strings.HasPrefix(typ, "string"):
		_, ok := v.(string)
		return ok
	case typ == "the field's type, or null":
		return true // a history's value: the type of its field
	case typ == "integer 0 to 5, or null":
		if v == nil {
			return true
		}
		n, ok := v.(json.Number)
		i, err := n.Int64()
		return ok && err == nil && i >= 0 && i <= 5
	case typ == "integer":
		n, ok := v.(json.Number)
		_, err := n.Int64()
		return ok && err == nil
	case typ == "boolean":
		_, ok := v.(bool)
		return ok
	case typ == "object, or null":
		_, ok := v.(map[string]any)
		return ok || v == nil
	case typ == "object":
		_, ok := v.(map[string]any)
		return ok
	case typ == "array of objects":
		items, ok := v.([]any)
		for _, item := range items {
			if _, isObj := item.(map[string]any); !isObj {
				return false
			}
		}
		return ok
	case typ == "array of strings", typ == "array of codes":
		items, ok := v.([]any)
		for _, item := range items {
			if _, isStr := item.(string); !isStr {
				return false
			}
		}
		return ok
	}
	return false
}

func TestOpenDataMatchesSchema(t *testing.T) {
	_, dest := buildCompareSite(t, "", Options{})
	fields := map[string]OpenDataField{}
	for _, f := range OpenDataFields() {
		if _, dup := fields[f.Key]; dup {
			t.Errorf("the schema lists %s twice", f.Key)
		}
		fields[f.Key] = f
	}
	seen := map[string]bool{}
	var walk func(slug, prefix string, obj map[string]any)
	check := func(slug, key string, v any) {
		f, ok := fields[key]
		if !ok {
			t.Errorf("%s: %s is in the JSON but not in the schema", slug, key)
			return
		}
		seen[key] = true
		if !jsonTypeOK(f.Type, v) {
			t.Errorf("%s: %s is %#v, but the schema says %s", slug, key, v, f.Type)
		}
		if len(f.Values) > 0 {
			var codes []string
			for _, term := range f.Values {
				codes = append(codes, term.Value)
			}
			vals := []any{v}
			if list, ok := v.([]any); ok {
				vals = list
			}
			for _, val := range vals {
				if s, _ := val.(string); s != "" && !slices.Contains(codes, s) {
					t.Errorf("%s: %s holds %q, not one of the codes the schema lists", slug, key, s)
				}
			}
		}
	}
	walk = func(slug, prefix string, obj map[string]any) {
		for k, v := range obj {
			key := model.Join(prefix, k)
			check(slug, key, v)
			switch v := v.(type) {
			case map[string]any:
				walk(slug, key, v)
			case []any:
				for _, item := range v {
					if o, ok := item.(map[string]any); ok {
						walk(slug, key+"[]", o)
					}
				}
			}
		}
	}
	for _, r := range records(t, decodeJSON(t, readOut(t, dest, "data/blueprints.json"))) {
		walk(r["slug"].(string), "", r)
	}
	for key := range fields {
		if !seen[key] {
			t.Errorf("the schema lists %s, but no record has it", key)
		}
	}

	// The schema covers every key of the blueprint's tables, from the
	// struct itself.
	var structKeys func(t reflect.Type, prefix string) []string
	structKeys = func(typ reflect.Type, prefix string) []string {
		var out []string
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if f.Anonymous || tomlKey(f) == "" {
				continue
			}
			if f.Tag.Get("opendata") == "-" {
				continue // said another way
			}
			key := model.Join(prefix, tomlKey(f))
			out = append(out, key)
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			switch {
			case ft == model.DateType:
			case ft.Kind() == reflect.Struct:
				out = append(out, structKeys(ft, key)...)
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
				out = append(out, structKeys(ft.Elem(), key+"[]")...)
			}
		}
		return out
	}
	for _, key := range structKeys(reflect.TypeOf(model.Blueprint{}), "") {
		if _, ok := fields[key]; !ok {
			t.Errorf("Blueprint has %s, but the open data schema does not", key)
		}
	}

	page := readOut(t, dest, "data/index.html")
	for _, want := range []string{"<code>form.members[].organisation</code>", "<code>unity_of_effort</code>: Unity of effort", "Open Government Licence v3.0", "Please credit: Test Council"} {
		if !strings.Contains(page, want) {
			t.Errorf("the /data/ page lacks %q", want)
		}
	}
}

// flatten turns a decoded JSON record into CSV columns the way the /data/
// page says: dotted keys, lists joined with "; ", each field of a list of
// tables a list of its own.
func flatten(prefix string, v any, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, val := range v {
			flatten(model.Join(prefix, k), val, out)
		}
	case []any:
		var items []string
		parts := map[string][]string{}
		for _, item := range v {
			if obj, ok := item.(map[string]any); ok {
				for k, val := range obj {
					sub := map[string]string{}
					flatten("", val, sub)
					parts[k] = append(parts[k], sub[""])
				}
				continue
			}
			sub := map[string]string{}
			flatten("", item, sub)
			items = append(items, sub[""])
		}
		if len(parts) == 0 {
			out[prefix] = strings.Join(items, "; ")
		}
		for k, vals := range parts {
			out[model.Join(prefix, k)] = strings.Join(vals, "; ")
		}
	case nil:
		out[prefix] = ""
	case bool:
		out[prefix] = fmt.Sprint(v)
	case json.Number:
		out[prefix] = v.String()
	case string:
		out[prefix] = v
	}
}

func TestOpenDataCSVRoundTripsToJSON(t *testing.T) {
	// A value with a quote, a comma, a semicolon and a line break, and one
	// a spreadsheet would run as a formula.
	src := strings.Replace(compareSite, `statement = "What matters in alder."`, `statement = "What \"matters\", here;\nand next"`, 1)
	src = strings.Replace(src, `coordinator = "Care coordinator"`, `coordinator = "=1+1"`, 1)
	dir := writeSite(t, src)
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	raw := readOut(t, dest, "data/blueprints.csv")
	if !strings.HasSuffix(raw, "\r\n") {
		t.Error("the CSV does not end its lines with CRLF, as RFC 4180 has it")
	}
	r := csv.NewReader(strings.NewReader(raw))
	r.FieldsPerRecord = 0 // every row as long as the header
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	header := rows[0]
	if header[0] != "slug" {
		t.Errorf("the first column is %q, want slug", header[0])
	}
	recs := records(t, decodeJSON(t, readOut(t, dest, "data/blueprints.json")))
	if len(rows) != len(recs)+1 {
		t.Fatalf("the CSV has %d rows, want a header and one per blueprint (%d)", len(rows), len(recs))
	}
	for i, rec := range recs {
		want := map[string]string{}
		flatten("", rec, want)
		delete(want, "form.members") // a list of tables has a column per field instead
		for col := range want {
			if strings.HasPrefix(col, "history") {
				delete(want, col) // in blueprint-history.csv, a row per change
			}
		}
		for j, col := range header {
			// The CSV is for spreadsheets: a cell that would start a
			// formula has a quote before it, as the /data/ page says.
			cell := want[col]
			if cell != "" && strings.ContainsAny(cell[:1], "=+-@\t\r") {
				cell = "'" + cell
			}
			if got := rows[i+1][j]; got != cell {
				t.Errorf("row %d, column %s: CSV has %q, JSON has %q", i+1, col, got, want[col])
			}
			delete(want, col)
		}
		for col := range want {
			if col != "maturity" { // an absent [maturity] is one null in JSON, empty columns in CSV
				t.Errorf("row %d: JSON key %s has no CSV column", i+1, col)
			}
		}
	}
	if !bytes.Contains([]byte(raw), []byte(`"What ""matters"", here;`)) {
		t.Error("a value with quotes and a comma is not quoted as RFC 4180 says")
	}
}

func TestJSONObjectKeepsOrderAndText(t *testing.T) {
	o := jsonObject{
		{"title", "Care <& support>"},
		{"area", nil},
		{"needs", jsonObject{{"population", 52000}, {"footprint", "a & b"}}},
		{"cohorts", []any{"frailty", jsonObject{{"z", true}, {"a", false}}}},
	}
	data, err := encodeJSON(jsonObject{{"schema_version", 1}, {"blueprint", o}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "schema_version": 1,
  "blueprint": {
    "title": "Care <& support>",
    "area": null,
    "needs": {
      "population": 52000,
      "footprint": "a & b"
    },
    "cohorts": [
      "frailty",
      {
        "z": true,
        "a": false
      }
    ]
  }
}
`
	if string(data) != want {
		t.Errorf("encoded as\n%s\nwant the keys in the order given and the text as written:\n%s", data, want)
	}
	if _, err := json.Marshal(jsonObject{{"bad", func() {}}}); err == nil || !strings.Contains(err.Error(), "bad: ") {
		t.Errorf("a value that cannot be encoded gave %v, want an error naming its key", err)
	}
}
