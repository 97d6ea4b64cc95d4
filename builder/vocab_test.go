package builder

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"intkb/builder/model"
)

// addedVocabulary adds a cohort and an organisation to compareSite's
// site.toml.
const addedVocabulary = `
[[vocabulary.cohort]]
value = "children_and_families"
label = "Children and families"
description = "Families with children who need support from several services."

[[vocabulary.organisation]]
value = "fire_and_rescue"
label = "Fire and rescue service"
`

// vocabularySite is compareSite with addedVocabulary, and birch using the
// added cohort and a fire safety officer.
func vocabularySite() string {
	s := strings.Replace(compareSite, "[[areas]]", strings.TrimPrefix(addedVocabulary, "\n")+"\n[[areas]]", 1)
	s = strings.Replace(s, `cohorts = ["frailty", "care_homes"]`, `cohorts = ["frailty", "care_homes", "children_and_families"]`, 1)
	return s
}

// TestSiteAddsVocabularyValues adds values to two open vocabularies in
// site.toml and uses them: each is accepted, and shown in words in the
// taxonomy pages, the comparison, the open data and its description, the
// authoring reference and search's labels.
func TestSiteAddsVocabularyValues(t *testing.T) {
	site := vocabularySite()
	site = strings.Replace(site, "[[form.members]]\nrole = \"GP\"", `[[form.members]]
role = "Home fire safety officer"
organisation = "fire_and_rescue"
arrangement = "substantive"
commitment = "on_call"

[[form.members]]
role = "GP"`, 1)
	dir := writeSite(t, site)
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Source: openRoot(t, dir), Dest: dest, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}

	term := readOut(t, dest, "cohorts/children-and-families/index.html")
	if !strings.Contains(term, "Children and families") || !strings.Contains(term, "birch model") {
		t.Error("the added cohort's page does not list birch under its label")
	}
	if !strings.Contains(readOut(t, dest, "cohorts/index.html"), "Children and families") {
		t.Error("the cohorts page does not list the added cohort")
	}
	compare := readOut(t, dest, "compare/index.html")
	for _, want := range []string{"Children and families", "Fire and rescue service"} {
		if !strings.Contains(compare, want) {
			t.Errorf("the comparison does not show %q", want)
		}
	}
	for _, code := range []string{">children_and_families", ">fire_and_rescue", "(fire_and_rescue)"} {
		if i := strings.Index(compare, code); i >= 0 {
			t.Errorf("the comparison shows an added value's code instead of its label: …%s…", compare[max(0, i-80):i+40])
		}
	}
	data := readOut(t, dest, "data/index.html")
	if !strings.Contains(data, "children_and_families") || !strings.Contains(data, "Children and families") {
		t.Error("/data/ does not describe the added cohort")
	}
	var doc struct {
		Vocabulary map[string][]model.Term `json:"vocabulary"`
	}
	if err := json.Unmarshal([]byte(readOut(t, dest, "data/blueprints.json")), &doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Vocabulary["cohort"]; len(got) != 1 || got[0].Value != "children_and_families" || got[0].Label != "Children and families" {
		t.Errorf("blueprints.json vocabulary.cohort = %+v", got)
	}
	vs := res.Site.Vocabs()
	for _, st := range vs.Schema(model.Schema()) {
		for _, f := range st.Fields {
			if f.Key == "cohorts" && !slices.Contains(f.Values, "children_and_families") {
				t.Errorf("the authoring reference's %s.cohorts does not list the added cohort", st.ID)
			}
		}
	}
	if got := vs.Label("organisation", "fire_and_rescue"); got != "Fire and rescue service" {
		t.Errorf("Label(organisation, fire_and_rescue) = %q", got)
	}
	if got := vs["cohort"].Values(); got[len(got)-1] != "children_and_families" || !slices.Contains(got, "frailty") {
		t.Errorf("the cohort list is %v: the added value should follow the built-in ones", got)
	}
}

// TestAddedValueSuggested misspells an added value: the error suggests
// it, as it would a built-in one.
func TestAddedValueSuggested(t *testing.T) {
	site := strings.Replace(vocabularySite(), `"children_and_families"]`, `"children_and_familes"]`, 1)
	err := buildDir(t, writeSite(t, site), filepath.Join(t.TempDir(), "public"), Options{})
	if err == nil || !strings.Contains(err.Error(), `"children_and_familes" is not one of`) || !strings.Contains(err.Error(), `did you mean "children_and_families"?`) {
		t.Errorf("error: %v", err)
	}
}

// TestVocabularyErrors checks what site.toml may not add, each with its
// line.
func TestVocabularyErrors(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"a closed list", "[[vocabulary.status]]\nvalue = \"hidden\"\nlabel = \"Hidden\"\n",
			`site.toml:7: vocabulary.status[0]: values cannot be added to "status": the build gives each of its values a meaning; a site may add to case_finding, cohort, decision_sharing, evidence_type, organisation, question_theme, role_boundary, session_format, specialist_support, team_link`},
		{"no such list", "[[vocabulary.cohorts]]\nvalue = \"x\"\nlabel = \"X\"\n",
			`site.toml:7: vocabulary.cohorts[0]: there is no controlled list "cohorts" (did you mean "cohort"?)`},
		{"a value not in the lists' form", "[[vocabulary.cohort]]\nvalue = \"Children\"\nlabel = \"Children\"\n",
			`site.toml:8: vocabulary.cohort[0].value: "Children" is not a value: use lower-case letters, digits and underscores`},
		{"a built-in value", "[[vocabulary.cohort]]\nvalue = \"frailty\"\nlabel = \"Frailty again\"\n",
			`site.toml:8: vocabulary.cohort[0].value: "frailty" is already in the cohort list`},
		{"twice", "[[vocabulary.cohort]]\nvalue = \"a_b\"\nlabel = \"A\"\n[[vocabulary.cohort]]\nvalue = \"a_b\"\nlabel = \"B\"\n",
			`site.toml:11: vocabulary.cohort[1].value: "a_b" is already in the cohort list`},
		{"no label", "[[vocabulary.cohort]]\nvalue = \"a_b\"\n",
			`site.toml:7: vocabulary.cohort[0].label: is missing`},
		{"a misspelt key", "[[vocabulary.cohort]]\nvalue = \"a_b\"\nlable = \"A\"\n",
			`site.toml:9: vocabulary.cohort.lable: unknown key (did you mean "label"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := model.ParseConfig("site.toml", []byte("title = \"T\"\nbaseURL = \"https://example.org/\"\n[[areas]]\nslug = \"a\"\nname = \"A\"\n\n"+tt.toml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n got %v\nwant it to contain %s", err, tt.want)
			}
		})
	}
}

// TestOpenVocabulariesDocumented keeps the site.toml reference and the
// authoring guide naming the lists a site may add to.
func TestOpenVocabulariesDocumented(t *testing.T) {
	f, _ := model.FieldByKey(reflect.TypeOf(model.Config{}), "vocabulary")
	want := strings.Join(model.OpenVocabularies(), ", ")
	if !strings.Contains(f.Tag.Get("doc"), want) {
		t.Errorf("site.toml's vocabulary doc does not name the lists a site may add to: %s", want)
	}
	guide, err := os.ReadFile("../content/guide/authoring.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(guide), "### Adding a value to a list")
	section, _, _ = strings.Cut(section, "\n#")
	for name, v := range model.Vocabularies {
		if mentioned := strings.Contains(section, "`"+name+"`"); mentioned != v.Open && (v.Open || name != "status" && name != "integration_level") {
			t.Errorf("the guide's \"Adding a value to a list\" mentions `%s`: %v; a site may add to it: %v", name, mentioned, v.Open)
		}
	}
}

// TestImportShowsItsOwnTerms imports blueprints from a site with a cohort
// this site does not have: they are not rejected, and show the other
// site's label, or the value made readable where it gave none.
func TestImportShowsItsOwnTerms(t *testing.T) {
	_, dest := buildCompareSite(t, "", Options{})
	data, err := os.ReadFile(filepath.Join(dest, "data", "blueprints.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), `"cohorts": [
        "frailty"
      ]`, `"cohorts": [
        "frailty",
        "looked_after_children",
        "carers_of_people_with_dementia"
      ]`, 1)
	s = strings.Replace(s, `"schema":`, `"vocabulary": {"cohort": [{"value": "looked_after_children", "label": "Looked-after children", "description": ""}], "status": [{"value": "x", "label": "X"}]},
  "schema":`, 1)
	if s == string(data) || !strings.Contains(s, "looked_after_children") {
		t.Fatal("could not edit the open data")
	}
	site := strings.Replace(minimalSite, "[[areas]]", "[[import]]\nname = \"other\"\nsource = \"data/other.json\"\n\n[[areas]]", 1)
	dir := writeSite(t, site+"-- data/other.json --\n"+s)
	out := filepath.Join(t.TempDir(), "public")
	cfg, err := publishable(openRoot(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(Options{Source: openRoot(t, dir), Config: cfg, Dest: out, Now: testNow, Strict: true}); err != nil {
		t.Fatalf("the import was not accepted: %v", err)
	}
	compare := readOut(t, out, "compare/index.html")
	for _, want := range []string{"Looked-after children", "Carers of people with dementia"} {
		if !strings.Contains(compare, want) {
			t.Errorf("the comparison does not show %q", want)
		}
	}
}
