package builder

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// validator checks decoded front matter against the rules in its struct tags
// and collects every problem with its line.
type validator struct {
	src    *source
	areas  *Vocab
	vocabs Vocabs // nil: the built-in vocabularies
	// foreign is set for another site's blueprints: a value it gives for
	// an open vocabulary is accepted even when this site does not have it.
	foreign  bool
	optional map[string]bool // required keys that this page type may leave out
	required map[string]bool // keys that this page type must have although others need not
	errs     ErrorList
}

func (v *validator) fail(field, format string, args ...any) {
	v.errs = append(v.errs, &Error{File: v.src.file, Line: v.src.lineOf(field), Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) vocab(name string) *Vocab {
	if name == "area" {
		return v.areas
	}
	if v.vocabs != nil {
		return v.vocabs[name]
	}
	return Vocabularies[name]
}

var dateType = reflect.TypeOf(Date{})

// walk validates the struct rv, whose keys sit under path.
func (v *validator) walk(rv reflect.Value, path string) {
	t := rv.Type()
	for i := 0; i < t.NumField(); i++ {
		f, fv := t.Field(i), rv.Field(i)
		if f.Anonymous {
			v.walk(fv, path)
			continue
		}
		key := f.Tag.Get("toml")
		if key == "" {
			continue
		}
		fpath := join(path, key)
		req := f.Tag.Get("req") == "true" && !v.optional[fpath] || v.required[fpath]
		if req && isEmpty(fv) {
			v.missing(fpath, f)
			continue
		}
		if v.checkText(fv, fpath) {
			continue
		}
		switch {
		case f.Type == dateType:
			if d := fv.Interface().(Date); d.bad != "" {
				v.fail(fpath, "%s is not a date: write it as YYYY-MM-DD, such as 2026-03-14", d.bad)
			}
		case f.Tag.Get("vocab") != "":
			v.checkVocab(fv, fpath, v.vocab(f.Tag.Get("vocab")))
		case f.Tag.Get("url") == "true":
			v.checkLink(fpath, fv.String())
		case f.Tag.Get("score") == "true":
			if !fv.IsNil() {
				if n := fv.Elem().Int(); n < 0 || n > 5 {
					v.fail(fpath, "score %d is out of range: use a whole number from 0 to 5", n)
				}
			}
		case f.Type.Kind() == reflect.Struct:
			v.walk(fv, fpath)
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct:
			if !fv.IsNil() {
				v.walk(fv.Elem(), fpath)
			}
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			for j := 0; j < fv.Len(); j++ {
				v.walk(fv.Index(j), fmt.Sprintf("%s[%d]", fpath, j))
			}
		}
	}
}

func (v *validator) missing(fpath string, f reflect.StructField) {
	key := fpath[strings.LastIndexByte(fpath, '.')+1:]
	hint := ""
	switch {
	case f.Tag.Get("vocab") != "":
		vals := v.vocab(f.Tag.Get("vocab")).Values()
		if f.Type.Kind() == reflect.Slice {
			hint = fmt.Sprintf("add %s = [...] with values from %s", key, strings.Join(vals, ", "))
		} else {
			hint = fmt.Sprintf("add %s = one of %s", key, strings.Join(vals, ", "))
		}
	case f.Type == dateType:
		hint = fmt.Sprintf("add %s = 2026-03-14 (a date)", key)
	case f.Type.Kind() == reflect.Struct:
		hint = fmt.Sprintf("add a [%s] table", fpath)
	case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
		hint = fmt.Sprintf("add at least one [[%s]] table", fpath)
	default:
		hint = "add " + key + " = ..."
	}
	v.fail(fpath, "required key is missing: %s", hint)
}

func (v *validator) checkVocab(fv reflect.Value, fpath string, vocab *Vocab) {
	check := func(val, at string) {
		if val == "" || vocab.Has(val) {
			return
		}
		if v.foreign && vocab.Open && termValueRE.MatchString(val) {
			return // another site's own term: it says what it means (see importLabels)
		}
		msg := fmt.Sprintf("%q is not one of %s", val, strings.Join(vocab.Values(), ", "))
		if near := suggest(val, vocab.Values()); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		v.fail(at, "%s", msg)
	}
	if fv.Kind() == reflect.Slice {
		seen := map[string]bool{}
		for j := 0; j < fv.Len(); j++ {
			val := fv.Index(j).String()
			check(val, fpath)
			if seen[val] {
				v.fail(fpath, "%q is listed twice", val)
			}
			seen[val] = true
		}
		return
	}
	check(fv.String(), fpath)
}

func isEmpty(fv reflect.Value) bool {
	switch fv.Kind() {
	case reflect.String:
		return strings.TrimSpace(fv.String()) == ""
	case reflect.Slice, reflect.Map:
		return fv.Len() == 0
	case reflect.Pointer:
		return fv.IsNil()
	case reflect.Struct:
		if d, ok := fv.Interface().(Date); ok {
			return d.IsZero() && d.bad == ""
		}
		return fv.IsZero()
	}
	return fv.IsZero()
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var (
	keyLineRE   = regexp.MustCompile(`^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*=`)
	tableLineRE = regexp.MustCompile(`^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$`)
	indexRE     = regexp.MustCompile(`\[\d+\]`)
)

// lineOf returns the line in the file where the key path (such as
// form.members[2].role) is written. A key that is not there, such as a
// missing required key, points at its table's header or, failing that, at
// the opening fence.
func (s *source) lineOf(path string) int {
	if s == nil {
		return 0
	}
	lines := strings.Split(string(s.front), "\n")
	table := ""
	counts := map[string]int{}
	headers := map[string]int{}
	keys := map[string]int{}
	bare := map[string]int{} // keys with table indexes left out, as TOML's own key paths are
	for i, l := range lines {
		if m := tableLineRE.FindStringSubmatch(l); m != nil && !keyLineRE.MatchString(l) {
			name := strings.ReplaceAll(m[2], " ", "")
			if m[1] == "[[" {
				counts[name]++
				table = fmt.Sprintf("%s[%d]", name, counts[name]-1)
			} else {
				table = name
			}
			if _, ok := headers[table]; !ok {
				headers[table] = i
			}
			continue
		}
		if m := keyLineRE.FindStringSubmatch(l); m != nil {
			k := strings.Trim(strings.ReplaceAll(m[1], " ", ""), `"'`)
			full := join(table, k)
			if _, ok := keys[full]; !ok {
				keys[full] = i
			}
			if b := indexRE.ReplaceAllString(full, ""); b != full {
				if _, ok := bare[b]; !ok {
					bare[b] = i
				}
			}
		}
	}
	if i, ok := bare[path]; ok && !strings.Contains(path, "[") {
		return s.frontLine + i // a key of an array of tables, named without its index: its first use
	}
	for p := path; p != ""; {
		if i, ok := keys[p]; ok {
			return s.frontLine + i
		}
		if i, ok := headers[p]; ok {
			return s.frontLine + i
		}
		// An element of an inline array: point at the array's key.
		if q := indexRE.ReplaceAllString(p, ""); q != p {
			if i, ok := keys[q]; ok {
				return s.frontLine + i
			}
		}
		cut := strings.LastIndexAny(p, ".[")
		if cut < 0 {
			break
		}
		p = p[:cut]
	}
	return s.frontLine - 1
}

var personTitle = regexp.MustCompile(`(?i)^(dr|mr|mrs|ms|miss|mx|prof|professor)\.?\s`)

// checkType applies the rules that struct tags cannot say.
func (v *validator) checkType(fm any) {
	switch p := fm.(type) {
	case *CaseStudy:
		if n := len(p.Learnings); n > 0 && (n < 3 || n > 5) {
			v.fail("learnings", "has %d items: a case study gives three to five key learnings", n)
		}
		if personTitle.MatchString(p.ContactRole) {
			v.fail("contact_role", "%q looks like a person's name: give a role, such as \"Neighbourhood programme lead\"", p.ContactRole)
		}
	case *QuestionFramework:
		if len(p.Sides) > 0 && len(p.Sides) != 2 {
			v.fail("sides", "has %d [[sides]]: a partnership has exactly two, each with a sponsor and an implementer", len(p.Sides))
		}
		ids := map[string]int{}
		required := 0
		for i, q := range p.Questions {
			at := fmt.Sprintf("questions[%d].id", i)
			if j, dup := ids[q.ID]; dup && q.ID != "" {
				v.fail(at, "question id %q is also used by question %d: ids must be unique", q.ID, j+1)
			}
			ids[q.ID] = i
			if q.Required {
				required++
			}
		}
		if p.Pick != 0 && len(p.Questions) > 0 && (p.Pick < required || p.Pick > len(p.Questions)) {
			v.fail("pick", "is %d: it must be between the %d required questions and the %d questions in all", p.Pick, required, len(p.Questions))
		}
		if p.SessionMinutes < 0 {
			v.fail("session_minutes", "must be a positive number of minutes")
		}
	case *Blueprint:
		n := p.Needs
		if n.Population < 0 || n.Neighbourhoods < 0 || n.NeighbourhoodLo < 0 || n.NeighbourhoodHi < 0 {
			v.fail("needs", "population figures must not be negative")
		}
		if n.NeighbourhoodLo > 0 && n.NeighbourhoodHi > 0 && n.NeighbourhoodLo > n.NeighbourhoodHi {
			v.fail("needs.neighbourhood_min", "%s is larger than neighbourhood_max (%s)", strconv.Itoa(n.NeighbourhoodLo), strconv.Itoa(n.NeighbourhoodHi))
		}
	}
}

func reflectValue(p any) reflect.Value { return reflect.ValueOf(p).Elem() }
