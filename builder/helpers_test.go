package builder

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files and the generated part of doc.go")

// testNow is the day tests build on, so review-date notices are stable.
var testNow = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// tomlKey returns the front-matter key of a struct field, read from its
// tag here rather than through model.Fields, for tests that check the
// walk against the structs themselves.
func tomlKey(f reflect.StructField) string { return f.Tag.Get("toml") }

// siteFS turns a txtar site into an fs.FS.
func siteFS(t testing.TB, txt string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, f := range txtar.Parse([]byte(txt)).Files {
		m[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return m
}

// writeSite writes a txtar site into a new folder and returns it.
func writeSite(t testing.TB, txt string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(txt)).Files {
		full := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// readOut returns a file of a built site.
func readOut(t testing.TB, dest, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("reading output: %v", err)
	}
	return string(data)
}

// errorStrings returns the messages of an ErrorList, one a line.
func errorStrings(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

// minimalSite is a valid site with one page of each type, used as the base
// that tests add to or break.
const minimalSite = `
-- site.toml --
title = "Test site"
baseURL = "https://example.org/"
[[areas]]
slug = "saltmere"
name = "Saltmere"
[[areas]]
slug = "brackenfield"
name = "Brackenfield"
-- content/_index.md --
+++
title = "Welcome"
+++
Hello.
-- content/playbooks/start-with-needs.md --
+++
title = "Start with needs"
summary = "Find out what matters."
updated = 2026-09-14
review_due = 2027-03-14
tags = ["Needs", "population health"]
phase = "explore"
addresses = ["needs"]

[[steps]]
title = "Gather what you know"
+++

Read [the Saltmere model](../blueprints/saltmere.md#needs-first).
-- content/case-studies/saltmere-frailty.md --
+++
title = "Frailty at home in Saltmere"
summary = "A frailty team."
updated = 2026-05-01
review_due = 2026-10-01
area = "saltmere"
cohorts = ["frailty", "care_homes"]
setting = "Coastal town"
changes = ["Weekly MDT"]
learnings = ["One", "Two", "Three"]
evidence_type = "before_after"
contact_role = "Programme lead"

[[outcomes]]
measure = "Emergency admissions"
direction = "no_change"
caveat = "Small numbers"
+++

See [start with needs](../playbooks/start-with-needs.md).
-- content/frameworks/first-conversation.md --
+++
title = "First conversation"
summary = "Questions for a first meeting."
updated = 2026-05-01
review_due = 2027-05-01
session_format = "pcn_meeting"
session_minutes = 45
pick = 2
partner_types = ["vcse"]

[[sides]]
name = "PCN"
sponsor = "Clinical director"
implementer = "Care coordinator lead"

[[sides]]
name = "Charity"
sponsor = "Chief executive"
implementer = "Service manager"

[[questions]]
id = "p1"
theme = "purpose"
text = "What matters most?"
required = true

[[questions]]
id = "n1"
theme = "next_step"
text = "What next?"
+++
Pick two.
-- content/blueprints/saltmere.md --
+++
title = "Saltmere model"
summary = "A coastal model."
updated = 2026-05-01
review_due = 2027-05-01
area = "saltmere"
cohorts = ["frailty"]

[needs]
footprint = "A town"
population = 120000
neighbourhoods = 3
statement = "Older people want to stay at home."

[function]
integration_level = "convening_to_coordinate"
case_finding = ["risk_stratification"]
coordinator = "Care coordinator"

[form]
origin = "evolved"
mdt_cadence = "weekly"
mdt_mode = "hybrid"

[[form.members]]
role = "GP"
organisation = "general_practice"
arrangement = "substantive"
commitment = "core"

[governance]
accountable_body = "Place partnership board"

[finance]
budget = "aligned"

[digital]
record = "view_only"

[participation]
vcse = "partner"
community_pharmacy = "consulted"
+++

## Needs first

Text.
`

// check builds the site without writing it and returns every problem.
func check(opts Options) error {
	opts.Dest = ""
	_, err := Build(opts)
	return err
}
