package builder

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"intkb/builder/model"
)

// textFields calls visit for every text value reachable from v, a struct
// filled by fill, with its key path as the validator writes it.
func textFields(v reflect.Value, path string, visit func(path string, s reflect.Value)) {
	switch v.Kind() {
	case reflect.String:
		visit(path, v)
	case reflect.Pointer:
		if !v.IsNil() {
			textFields(v.Elem(), path, visit)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			textFields(v.Index(i), fmt.Sprintf("%s[%d]", path, i), visit)
		}
	case reflect.Struct:
		if v.Type() == model.DateType {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if f.Anonymous {
				textFields(v.Field(i), path, visit)
			} else if key := f.Tag.Get("toml"); key != "" && key != "-" { // "-": not read from the file
				textFields(v.Field(i), model.Join(path, key), visit)
			}
		}
	}
}

// fill gives every list one item and every optional table a value, so
// that textFields reaches every text field a struct can hold.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("text")
	case reflect.Pointer:
		if v.Type().Elem().Kind() == reflect.Struct && v.Type().Elem() != model.DateType {
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem())
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0))
	case reflect.Struct:
		if v.Type() == model.DateType {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() { // not Config's own bookkeeping
				fill(v.Field(i))
			}
		}
	}
}

// TestEveryTextFieldRefusesControlCharacters puts a backspace in each text
// value of each content type and of site.toml in turn: the validator
// names that key, and only that key.
func TestEveryTextFieldRefusesControlCharacters(t *testing.T) {
	for _, front := range []any{new(model.Playbook), new(model.CaseStudy), new(model.QuestionFramework), new(model.Blueprint), new(model.PlainPage), new(model.Config)} {
		rv := reflect.ValueOf(front).Elem()
		fill(rv)
		n := 0
		textFields(rv, "", func(path string, s reflect.Value) {
			n++
			old := s.String()
			s.SetString("a\bb")
			defer s.SetString(old)
			v := &model.Validator{Src: &model.Source{File: "x.md", FrontLine: 2}, Areas: &model.Vocab{}}
			v.Walk(rv, "")
			var got []string
			for _, e := range v.Errs {
				if strings.Contains(e.Msg, "control character") {
					got = append(got, e.Field+": "+e.Msg)
				}
			}
			want := path + ": contains a control character U+0008 (backspace); delete it"
			if len(got) != 1 || got[0] != want {
				t.Errorf("%T: a backspace in %s gave %q, want %q", front, path, got, want)
			}
		})
		if n < 2 {
			t.Errorf("%T: only %d text fields found", front, n)
		}
	}
}

// TestControlCharactersInFrontMatter checks the error an author sees, with
// its line, for characters written as TOML escapes, and that tabs and
// line breaks in text are still accepted.
func TestControlCharactersInFrontMatter(t *testing.T) {
	const pb = "content/playbooks/p.md"
	page := "+++\ntitle = \"Start\\bwith needs\"\nsummary = \"Line one\\nline two\\tand a tab\"\nupdated = 2026-01-01\nreview_due = 2027-01-01\n" +
		"phase = \"explore\"\naddresses = [\"needs\"]\nroles = [\"GP\", \"care\\u001bcoordinator\"]\n\n[[steps]]\ntitle = \"Do\"\ndetail = \"\"\"\nOver\ntwo lines\\u007f\"\"\"\n+++\n"
	got := checkWith(t, map[string]string{pb: page})
	want := []string{
		pb + ":2: title: contains a control character U+0008 (backspace); delete it",
		pb + ":8: roles[1]: contains a control character U+001B (escape); delete it",
		pb + ":12: steps[0].detail: contains a control character U+007F (delete); delete it",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	// Typed or pasted into the file, not escaped, TOML itself refuses it:
	// the message is the same.
	got = checkWith(t, map[string]string{"content/raw.md": "+++\ntitle = \"Raw\bpaste\"\n+++\n"})
	if len(got) != 1 || got[0] != "content/raw.md:2: front matter: contains a control character U+0008 (backspace); delete it" {
		t.Errorf("a raw backspace: %q", got)
	}
	got = checkWith(t, map[string]string{"site.toml": strings.Replace(siteFile(t, "site.toml"), `name = "Saltmere"`, `name = "Salt\fmere"`, 1)})
	if len(got) != 1 || !strings.HasPrefix(got[0], "site.toml:") || !strings.HasSuffix(got[0], ": areas[0].name: contains a control character U+000C (form feed); delete it") {
		t.Errorf("a form feed in site.toml: %q", got)
	}
}
