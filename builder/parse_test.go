package builder

import (
	"strings"
	"testing"
	"testing/fstest"

	"intkb/builder/model"
)

// checkWith replaces or adds files in the minimal site and returns the
// problems Check reports.
func checkWith(t *testing.T, files map[string]string) []string {
	t.Helper()
	fsys := siteFS(t, minimalSite)
	for name, text := range files {
		if text == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
	}
	return errorStrings(check(Options{Source: fsys, Now: testNow}))
}

func TestMinimalSiteChecks(t *testing.T) {
	if errs := checkWith(t, nil); len(errs) > 0 {
		t.Fatalf("the minimal site should check cleanly, got:\n%s", strings.Join(errs, "\n"))
	}
}

func TestFrontMatterErrors(t *testing.T) {
	const pb = "content/playbooks/p.md"
	head := "+++\ntitle = \"P\"\nsummary = \"S\"\nupdated = 2026-01-01\nreview_due = 2027-01-01\n"
	steps := "\n[[steps]]\ntitle = \"Do\"\n"
	tests := []struct {
		name string
		file string
		text string
		want []string
	}{
		{"unknown key with suggestion", pb, head + "phase = \"explore\"\naddresses = [\"needs\"]\nphse = \"x\"\n" + steps + "+++\n",
			[]string{pb + `:8: phse: unknown key (did you mean "phase"?)`}},
		{"value outside the list", pb, head + "phase = \"explor\"\naddresses = [\"needs\"]\n" + steps + "+++\n",
			[]string{pb + `:6: phase: "explor" is not one of explore, design, launch, sustain (did you mean "explore"?)`}},
		{"missing required key", pb, head + "addresses = [\"needs\"]\n" + steps + "+++\n",
			[]string{pb + `:1: phase: required key is missing: add phase = one of explore, design, launch, sustain`}},
		{"missing list of tables", pb, head + "phase = \"design\"\naddresses = [\"form\"]\n+++\n",
			[]string{pb + `:1: steps: required key is missing: add at least one [[steps]] table`}},
		{"wrong type", pb, head + "phase = \"explore\"\naddresses = \"needs\"\n" + steps + "+++\n",
			[]string{pb + `:7: addresses: wrong type: expected a list in [ ], found text in quotes`}},
		{"bad quoted date", pb, "+++\ntitle = \"P\"\nsummary = \"S\"\nupdated = \"14/03/2026\"\nreview_due = 2027-01-01\nphase = \"explore\"\naddresses = [\"needs\"]\n" + steps + "+++\n",
			[]string{pb + `:4: updated: "14/03/2026" is not a date the site can read: write dates as 2026-03-14 (year-month-day)`}},
		{"impossible bare date", pb, "+++\ntitle = \"P\"\nsummary = \"S\"\nupdated = 2026-13-01\nreview_due = 2027-01-01\n+++\n",
			[]string{pb + `:4: front matter: 2026-13-01 is not a real date: there is no month 13 (did you mean 2026-01-13? dates are year-month-day)`}},
		{"toml syntax error", pb, "+++\ntitle = \"P\nsummary = \"S\"\n+++\n",
			[]string{pb + `:2: front matter: this text has no closing ": add " at its end (text on more than one line goes between """ and """)`}},
		{"review before update", pb, "+++\ntitle = \"P\"\nsummary = \"S\"\nupdated = 2026-05-01\nreview_due = 2026-01-01\nphase = \"explore\"\naddresses = [\"needs\"]\n" + steps + "+++\n",
			[]string{pb + `:5: review_due: 2026-01-01 is before updated (2026-05-01): the next review comes after the last update`}},
		{"nested value in array of tables", "content/blueprints/saltmere.md", strings.Replace(siteFile(t, "content/blueprints/saltmere.md"), `arrangement = "substantive"`, `arrangement = "secondment"`, 1),
			[]string{`content/blueprints/saltmere.md:28: form.members[0].arrangement: "secondment" is not one of substantive, honorary, seconded, contracted, volunteer (did you mean "seconded"?)`}},
		{"integration level", "content/blueprints/saltmere.md", strings.Replace(siteFile(t, "content/blueprints/saltmere.md"), `integration_level = "convening_to_coordinate"`, `integration_level = "unity"`, 1),
			[]string{`content/blueprints/saltmere.md:16: function.integration_level: "unity" is not one of convening_to_advise, convening_to_coordinate, unity_of_effort (did you mean "unity_of_effort"?)`}},
		{"unknown area", "content/blueprints/saltmere.md", strings.Replace(siteFile(t, "content/blueprints/saltmere.md"), `area = "saltmere"`, `area = "saltmer"`, 1),
			[]string{`content/blueprints/saltmere.md:6: area: "saltmer" is not one of saltmere, brackenfield (did you mean "saltmere"?)`}},
		{"blueprint needs area and cohorts", "content/blueprints/saltmere.md", strings.Replace(strings.Replace(siteFile(t, "content/blueprints/saltmere.md"), "area = \"saltmere\"\n", "", 1), "cohorts = [\"frailty\"]\n", "", 1),
			[]string{`content/blueprints/saltmere.md:1: area: required key is missing: add area = one of saltmere, brackenfield`,
				`content/blueprints/saltmere.md:1: cohorts: required key is missing: add cohorts = [...] with values from frailty, multiple_long_term_conditions, rising_risk, high_intensity_users, severe_mental_illness, care_homes, children_young_people, wider_determinants`}},
		{"too few learnings and a named contact", "content/case-studies/saltmere-frailty.md", strings.Replace(strings.Replace(siteFile(t, "content/case-studies/saltmere-frailty.md"), `learnings = ["One", "Two", "Three"]`, `learnings = ["One"]`, 1), `contact_role = "Programme lead"`, `contact_role = "Dr Jane Example"`, 1),
			[]string{`content/case-studies/saltmere-frailty.md:10: learnings: has 1 items: a case study gives three to five key learnings`,
				`content/case-studies/saltmere-frailty.md:12: contact_role: "Dr Jane Example" looks like a person's name: give a role, such as "Neighbourhood programme lead"`}},
		{"framework rules", "content/frameworks/first-conversation.md", strings.Replace(strings.Replace(siteFile(t, "content/frameworks/first-conversation.md"), `id = "n1"`, `id = "p1"`, 1), "pick = 2", "pick = 9", 1),
			[]string{`content/frameworks/first-conversation.md:8: pick: is 9: it must be between the 1 required questions and the 2 questions in all`,
				`content/frameworks/first-conversation.md:28: questions[1].id: question id "p1" is also used by question 1: ids must be unique`}},
		{"question id for a link", "content/frameworks/first-conversation.md", strings.Replace(siteFile(t, "content/frameworks/first-conversation.md"), `id = "n1"`, `id = "n 1,"`, 1),
			[]string{`content/frameworks/first-conversation.md:28: questions[1].id: question id "n 1," may hold only letters, digits, hyphens and underscores: it names the question in the link to a chosen worksheet, such as ?q=p2,c1`}},
		{"type that does not match the folder", pb, head + "type = \"blueprint\"\nphase = \"explore\"\naddresses = [\"needs\"]\n" + steps + "+++\n",
			[]string{pb + `:6: type: "blueprint" does not match the folder: a page in content/playbooks/ is a playbook; move it to content/blueprints/ or remove the type key`}},
		{"references", pb, head + "phase = \"explore\"\naddresses = [\"needs\"]\n" + steps + "\n[[references]]\ntitel = \"Fuller\"\nurl = \"javascript:alert(1)\"\nyear = 22\n\n[[references]]\ntitle = \"Guidance\"\nurl = \"/guide/\"\n+++\n",
			[]string{pb + `:12: references[0].title: required key is missing: add title = ...`,
				pb + `:13: references.titel: unknown key (did you mean "title"?)`,
				pb + `:14: references[0].url: "javascript:alert(1)" is not an http or https URL: write it in full, such as https://example.org/report, or leave the key out`,
				pb + `:15: references[0].year: 22 is not a year of publication: write it in four figures, such as 2022`,
				pb + `:19: references[1].url: "/guide/" is not an http or https URL: write it in full, such as https://example.org/report, or leave the key out`}},
		{"score out of range", "content/blueprints/saltmere.md", strings.Replace(siteFile(t, "content/blueprints/saltmere.md"), "[participation]", "[maturity]\nassessed = 2026-01-01\nleadership = 7\n\n[participation]", 1),
			[]string{`content/blueprints/saltmere.md:42: maturity.leadership: score 7 is out of range: use a whole number from 0 to 5`}},
		{"history", "content/blueprints/saltmere.md", strings.Replace(siteFile(t, "content/blueprints/saltmere.md"), "+++\n\n## Needs", "\n[[history]]\ndate = 2026-06-01\nbudget = \"pooed\"\n\n[[history]]\ndate = 2025-01-01\nnote = \"Only a note\"\n\n[[history]]\ndate = 2025-01-01\nmdt_cadence = \"monthly\"\n\n[history.maturity]\nleadership = 6\n+++\n\n## Needs", 1),
			[]string{`content/blueprints/saltmere.md:45: history[0].date: 2026-06-01 is not before updated (2026-05-01): a [[history]] entry says how the model stood before it was last updated`,
				`content/blueprints/saltmere.md:46: history[0].budget: "pooed" is not one of separate, aligned, pooled (did you mean "pooled"?)`,
				`content/blueprints/saltmere.md:48: history[1]: gives no earlier value: add a key such as integration_level = "convening_to_advise", or a [history.maturity] table`,
				`content/blueprints/saltmere.md:53: history[2].date: 2025-01-01 is also the date of [[history]] entry 2: give one entry per date`,
				`content/blueprints/saltmere.md:57: history[2].maturity.leadership: score 6 is out of range: use a whole number from 0 to 5`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkWith(t, map[string]string{tt.file: tt.text})
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
			}
		})
	}
}

// siteFile returns a file of the minimal site.
func siteFile(t *testing.T, name string) string {
	t.Helper()
	f, ok := siteFS(t, minimalSite)[name]
	if !ok {
		t.Fatalf("no %s in the minimal site", name)
	}
	return string(f.Data)
}

func TestAllProblemsReportedAtOnce(t *testing.T) {
	got := checkWith(t, map[string]string{
		"content/playbooks/a.md":    "+++\ntitle = \"A\"\n+++\n",
		"content/playbooks/b.md":    "",
		"content/glossary.md":       "+++\ntitle = \"Glossary\"\n+++\n[broken](nowhere.md)\n",
		"content/case-studies/x.md": "no front matter",
	})
	want := []string{
		"content/case-studies/x.md:1: missing front matter: the first line must be +++",
		`content/glossary.md:4: link to missing page "nowhere.md"`,
		"content/playbooks/a.md:1: summary: required key is missing: add summary = ...",
		"content/playbooks/a.md:1: updated: required key is missing: add updated = 2026-03-14 (a date)",
		"content/playbooks/a.md:1: review_due: required key is missing: add review_due = 2026-03-14 (a date)",
		"content/playbooks/a.md:1: phase: required key is missing: add phase = one of explore, design, launch, sustain",
		"content/playbooks/a.md:1: addresses: required key is missing: add addresses = [...] with values from needs, function, form",
		"content/playbooks/a.md:1: steps: required key is missing: add at least one [[steps]] table",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// FuzzFrontMatter checks that no content file, however malformed, makes
// the parser panic, and that every error names the file.
func FuzzFrontMatter(f *testing.F) {
	for _, name := range []string{"content/playbooks/start-with-needs.md", "content/blueprints/saltmere.md", "content/frameworks/first-conversation.md", "content/case-studies/saltmere-frailty.md"} {
		f.Add([]byte(siteFS(f, minimalSite)[name].Data), "blueprint")
	}
	f.Add([]byte("+++\n[[form.members]]\nrole = 1\n+++\n"), "blueprint")
	f.Add([]byte("\xef\xbb\xbf+++\r\ntitle = \"\xff\"\r\n+++\r\n"), "page")
	f.Add([]byte("+++\nupdated = \"2026-02-30\"\n[maturity]\nleadership = -1\n+++"), "blueprint")
	areas := (&model.Config{Areas: []model.Area{{Slug: "saltmere", Name: "Saltmere"}}}).AreaVocab()
	types := []string{model.TypePlaybook, model.TypeCaseStudy, model.TypeFramework, model.TypeBlueprint, model.TypePage}
	f.Fuzz(func(t *testing.T, data []byte, typ string) {
		ok := false
		for _, tt := range types {
			ok = ok || tt == typ
		}
		if !ok {
			typ = model.TypeBlueprint
		}
		src, e := model.SplitSource("f.md", data)
		if e != nil {
			if !strings.HasPrefix(e.Error(), "f.md") {
				t.Fatalf("error does not name the file: %v", e)
			}
			return
		}
		front := model.NewFront(typ)
		errs, _ := model.DecodeFront(src, front)
		v := &model.Validator{Src: src, Areas: areas}
		v.Walk(model.ReflectValue(front), "")
		v.CheckType(front)
		for _, e := range append(errs, v.Errs...) {
			if !strings.HasPrefix(e.Error(), "f.md") || e.Line < 0 || e.Line > strings.Count(string(data), "\n")+2 {
				t.Fatalf("bad error %q (line %d)", e, e.Line)
			}
		}
	})
}
