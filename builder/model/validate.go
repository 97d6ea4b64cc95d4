package model

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// Validator checks decoded front matter against the rules in its struct tags
// and collects every problem with its line.
type Validator struct {
	Src    *Source
	Areas  *Vocab
	Vocabs Vocabs // nil: the built-in vocabularies
	// foreign is set for another site's blueprints: a value it gives for
	// an open vocabulary is accepted even when this site does not have it.
	Foreign  bool
	Optional map[string]bool // required keys that this page type may leave out
	Required map[string]bool // keys that this page type must have although others need not
	Errs     ErrorList
}

func (v *Validator) Fail(field, format string, args ...any) {
	v.Errs = append(v.Errs, &Error{File: v.Src.File, Line: v.Src.LineOf(field), Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (v *Validator) vocab(name string) *Vocab {
	if name == "area" {
		return v.Areas
	}
	if v.Vocabs != nil {
		return v.Vocabs[name]
	}
	return Vocabularies[name]
}

var DateType = reflect.TypeOf(Date{})

// Walk validates the struct rv, whose keys sit under path.
func (v *Validator) Walk(rv reflect.Value, path string) {
	WalkValues(rv, path, v.check)
}

// check validates one key's value at fpath. It reports whether to go on
// into the key's table: not when the table is missing.
func (v *Validator) check(f Field, fv reflect.Value, fpath string) bool {
	req := f.Required && !v.Optional[fpath] || v.Required[fpath]
	if req && isEmpty(fv) {
		v.missing(fpath, f)
		return false
	}
	if v.checkText(fv, fpath) {
		return false
	}
	switch {
	case f.Kind == KindDate:
		if d := fv.Interface().(Date); d.bad != "" {
			v.Fail(fpath, "%s", d.bad)
		}
	case f.Vocab != "":
		v.checkVocab(fv, fpath, v.vocab(f.Vocab))
	case f.URL:
		v.checkLink(fpath, fv.String(), f.External)
	case f.Kind == KindScore:
		if !fv.IsNil() {
			if n := fv.Elem().Int(); n < MinScore || n > MaxScore {
				v.Fail(fpath, "%s", ScoreProblem(n))
			}
		}
	default:
		return true
	}
	return false
}

func (v *Validator) missing(fpath string, f Field) {
	key := fpath[strings.LastIndexByte(fpath, '.')+1:]
	hint := ""
	switch {
	case f.Vocab != "":
		vals := v.vocab(f.Vocab).Values()
		if f.Kind == KindCodes {
			hint = fmt.Sprintf("add %s = [...] with values from %s", key, strings.Join(vals, ", "))
		} else {
			hint = fmt.Sprintf("add %s = one of %s", key, strings.Join(vals, ", "))
		}
	case f.Kind == KindDate:
		hint = fmt.Sprintf("add %s = 2026-03-14 (a date)", key)
	case f.Kind == KindTable:
		hint = fmt.Sprintf("add a [%s] table", fpath)
	case f.Kind == KindTables:
		hint = fmt.Sprintf("add at least one [[%s]] table", fpath)
	default:
		hint = "add " + key + " = ..."
	}
	v.Fail(fpath, "%s: %s", MissingMsg, hint)
}

func (v *Validator) checkVocab(fv reflect.Value, fpath string, vocab *Vocab) {
	check := func(val, at string) {
		if val == "" || vocab.Has(val) {
			return
		}
		if v.Foreign && vocab.Open && termValueRE.MatchString(val) {
			return // another site's own term: it says what it means (see importLabels)
		}
		v.Fail(at, "%s", NotOneOf(val, vocab.Values()))
	}
	if fv.Kind() == reflect.Slice {
		seen := map[string]bool{}
		for j := 0; j < fv.Len(); j++ {
			val := fv.Index(j).String()
			check(val, fpath)
			if seen[val] {
				v.Fail(fpath, "%q is listed twice", val)
			}
			seen[val] = true
		}
		return
	}
	check(fv.String(), fpath)
}

// NotOneOf says that val is not one of a controlled key's values, with
// the nearest as a suggestion. The open data's schema checks say it in
// the same words (builder/opendata_schema.go).
func NotOneOf(val string, values []string) string {
	msg := fmt.Sprintf("%q is not one of %s", val, strings.Join(values, ", "))
	if near := Suggest(val, values); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", near)
	}
	return msg
}

// ScoreProblem says that n is not a maturity score.
func ScoreProblem(n int64) string {
	return fmt.Sprintf("score %d is out of range: use a whole number from %d to %d", n, MinScore, MaxScore)
}

// MinScore and MaxScore bound a maturity score.
const (
	MinScore = 0
	MaxScore = 5
)

// MissingMsg is what the validator says of a required key that is
// missing or empty, before its hint.
const MissingMsg = "required key is missing"

// AreaKeys are the keys that case studies and blueprints must have,
// though other pages need not: each is about one area and its people.
var AreaKeys = map[string]bool{"area": true, "cohorts": true}

// TermValuePattern is the pattern of a value a site adds to a controlled
// list, as a regular expression that Go and ECMAScript read alike.
func TermValuePattern() string { return termValueRE.String() }

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

func Join(path, key string) string {
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

// LineOf returns the line in the file where the key path (such as
// form.members[2].role) is written. A key that is not there, such as a
// missing required key, points at its table's header or, failing that, at
// the opening fence. The front matter is read once, at the first call,
// so that a page with many errors costs its keys, not their product.
func (s *Source) LineOf(path string) int {
	if s == nil {
		return 0
	}
	s.keyLinesOnce.Do(func() { s.keyLines = readKeyLines(s.Front) })
	headers, keys, bare := s.keyLines.headers, s.keyLines.keys, s.keyLines.bare
	if i, ok := bare[path]; ok && !strings.Contains(path, "[") {
		return s.FrontLine + i // a key of an array of tables, named without its index: its first use
	}
	for p := path; p != ""; {
		if i, ok := keys[p]; ok {
			return s.FrontLine + i
		}
		if i, ok := headers[p]; ok {
			return s.FrontLine + i
		}
		// An element of an inline array: point at the array's key.
		if q := dropIndexes(p); q != p {
			if i, ok := keys[q]; ok {
				return s.FrontLine + i
			}
		}
		cut := strings.LastIndexAny(p, ".[")
		if cut < 0 {
			break
		}
		p = p[:cut]
	}
	return s.FrontLine - 1
}

// keyLines is where each table header and key of a front matter is
// written, by line from 0, for LineOf.
type keyLines struct {
	headers, keys map[string]int
	bare          map[string]int // keys with table indexes left out, as TOML's own key paths are
}

// keyOfLine returns what keyLineRE's first group matches in line, and
// whether it matches: the key a line sets, read without the expression,
// which finding every key's line of every page would spend most of its
// time in.
func keyOfLine(line string) (string, bool) {
	space := func(i int) int { // past regexp's \s
		for i < len(line) && strings.IndexByte("\t\n\f\r ", line[i]) >= 0 {
			i++
		}
		return i
	}
	bare := func(i int) int { // past [A-Za-z0-9_\-]+, or i
		for i < len(line) {
			c := line[i]
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' {
				i++
				continue
			}
			break
		}
		return i
	}
	start := space(0)
	end := start
	switch {
	case end < len(line) && (line[end] == '"' || line[end] == '\''):
		q := strings.IndexByte(line[end+1:], line[end]) // the closing quote
		if q < 0 {
			return "", false
		}
		end += q + 2
	default:
		if end = bare(start); end == start {
			return "", false
		}
		for {
			dot := space(end)
			if dot >= len(line) || line[dot] != '.' {
				break
			}
			next := space(dot + 1)
			after := bare(next)
			if after == next {
				break
			}
			end = after
		}
	}
	if eq := space(end); eq < len(line) && line[eq] == '=' {
		return line[start:end], true
	}
	return "", false
}

// dropIndexes returns s without its indexes: what indexRE matches
// replaced by nothing.
func dropIndexes(s string) string {
	var b strings.Builder
	from := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '[' {
			continue
		}
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j > i+1 && j < len(s) && s[j] == ']' {
			b.WriteString(s[from:i])
			from, i = j+1, j
		}
	}
	if from == 0 {
		return s
	}
	b.WriteString(s[from:])
	return b.String()
}

func readKeyLines(front []byte) *keyLines {
	kl := &keyLines{headers: map[string]int{}, keys: map[string]int{}, bare: map[string]int{}}
	table := ""
	counts := map[string]int{}
	for i, l := range strings.Split(string(front), "\n") {
		// A table line starts with "[" after any space, and a key line
		// holds "=": the table expression runs only on the first, and
		// keys are read by keyOfLine.
		header := strings.HasPrefix(strings.TrimLeft(l, "\t\n\f\r "), "[") // regexp's \s
		hasKey := strings.Contains(l, "=")
		if !header && !hasKey {
			continue
		}
		var m []string
		if header {
			m = tableLineRE.FindStringSubmatch(l)
		}
		key, isKey := "", false
		if hasKey {
			key, isKey = keyOfLine(l)
		}
		if m != nil && !isKey {
			name := strings.ReplaceAll(m[2], " ", "")
			if m[1] == "[[" {
				counts[name]++
				table = fmt.Sprintf("%s[%d]", name, counts[name]-1)
			} else {
				table = name
			}
			if _, ok := kl.headers[table]; !ok {
				kl.headers[table] = i
			}
			continue
		}
		if isKey {
			k := strings.Trim(strings.ReplaceAll(key, " ", ""), `"'`)
			full := Join(table, k)
			if _, ok := kl.keys[full]; !ok {
				kl.keys[full] = i
			}
			if !strings.Contains(full, "[") {
				continue // no index to leave out
			}
			if b := dropIndexes(full); b != full {
				if _, ok := kl.bare[b]; !ok {
					kl.bare[b] = i
				}
			}
		}
	}
	return kl
}

var personTitle = regexp.MustCompile(`(?i)^(dr|mr|mrs|ms|miss|mx|prof|professor)\.?\s`)

// questionID is what a framework's question id may be: it names the
// question in a worksheet's address (?q=p2,c1) and in element ids.
var questionID = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// CheckType applies the rules that struct tags cannot say.
func (v *Validator) CheckType(fm any) {
	if m := MetaOf(fm); m != nil && len(m.Tags) > MaxTags {
		v.Fail("tags", "has %s tags: a page may have at most %d (each tag is a page of the site: keep the few readers browse by)", NumberText(len(m.Tags)), MaxTags)
	}
	switch p := fm.(type) {
	case *Playbook:
		v.checkReferences(p.References)
	case *CaseStudy:
		v.checkReferences(p.References)
		if n := len(p.Learnings); n > 0 && (n < 3 || n > 5) {
			v.Fail("learnings", "has %d items: a case study gives three to five key learnings", n)
		}
		if personTitle.MatchString(p.ContactRole) {
			v.Fail("contact_role", "%q looks like a person's name: give a role, such as \"Neighbourhood programme lead\"", p.ContactRole)
		}
	case *QuestionFramework:
		if len(p.Sides) > 0 && len(p.Sides) != 2 {
			v.Fail("sides", "has %d [[sides]]: a partnership has exactly two, each with a sponsor and an implementer", len(p.Sides))
		}
		ids := map[string]int{}
		required := 0
		for i, q := range p.Questions {
			at := fmt.Sprintf("questions[%d].id", i)
			if j, dup := ids[q.ID]; dup && q.ID != "" {
				v.Fail(at, "question id %q is also used by question %d: ids must be unique", q.ID, j+1)
			}
			if q.ID != "" && !questionID.MatchString(q.ID) {
				v.Fail(at, "question id %q may hold only letters, digits, hyphens and underscores: it names the question in the link to a chosen worksheet, such as ?q=p2,c1", q.ID)
			}
			ids[q.ID] = i
			if q.Required {
				required++
			}
		}
		if p.Pick != 0 && len(p.Questions) > 0 && (p.Pick < required || p.Pick > len(p.Questions)) {
			v.Fail("pick", "is %d: it must be between the %d required questions and the %d questions in all", p.Pick, required, len(p.Questions))
		}
		if p.SessionMinutes < 0 {
			v.Fail("session_minutes", "must be a positive number of minutes")
		}
	case *Blueprint:
		n := p.Needs
		if n.Population < 0 || n.Neighbourhoods < 0 || n.NeighbourhoodLo < 0 || n.NeighbourhoodHi < 0 {
			v.Fail("needs", "population figures must not be negative")
		}
		if n.NeighbourhoodLo > 0 && n.NeighbourhoodHi > 0 && n.NeighbourhoodLo > n.NeighbourhoodHi {
			v.Fail("needs.neighbourhood_min", "%s is larger than neighbourhood_max (%s)", strconv.Itoa(n.NeighbourhoodLo), strconv.Itoa(n.NeighbourhoodHi))
		}
		v.checkHistory(p)
	}
}

// checkReferences reports a reference's year that cannot be one.
func (v *Validator) checkReferences(refs []Reference) {
	for i, r := range refs {
		if r.Year != 0 && (r.Year < minReferenceYear || r.Year > maxReferenceYear) {
			v.Fail(fmt.Sprintf("references[%d].year", i), "%d is not a year of publication: write it in four figures, such as 2022", r.Year)
		}
	}
}

// The years a reference may be from: wide enough for any source a page
// cites, narrow enough to catch a slip of the keyboard.
const (
	minReferenceYear = 1800
	maxReferenceYear = 2200
)

func ReflectValue(p any) reflect.Value { return reflect.ValueOf(p).Elem() }
