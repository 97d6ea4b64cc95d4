package checks

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// addedCohort is what a site adds to the cohort list in site.toml.
const addedCohort = `
[[vocabulary.cohort]]
value = "carers_of_people_with_dementia"
label = "Carers of people with dementia"
description = "Family and friends who look after someone living with dementia."
`

// TestAddedVocabularyEverywhere adds a cohort to the demo in site.toml
// alone, tags two pages with it and builds with the real binary: the
// cohort is shown in words in its taxonomy page, on the blueprint, in the
// comparison, the open data, the authoring guide and search's filters,
// both from intkb serve and from the static index in Chromium.
func TestAddedVocabularyEverywhere(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(repo, "content"))); err != nil {
		t.Fatal(err)
	}
	toml, err := os.ReadFile(filepath.Join(repo, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"site.toml": string(toml) + addedCohort})
	tag := func(rel, from, to string) {
		full := filepath.Join(dir, filepath.FromSlash(rel))
		data, err := os.ReadFile(full)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), from) {
			t.Fatalf("%s has no %s", rel, from)
		}
		writeFiles(t, dir, map[string]string{rel: strings.Replace(string(data), from, to, 1)})
	}
	tag("content/blueprints/saltmere.md", `cohorts = ["frailty", "care_homes"]`, `cohorts = ["frailty", "care_homes", "carers_of_people_with_dementia"]`)
	tag("content/case-studies/saltmere-frailty-home-first.md", `cohorts = [`, `cohorts = ["carers_of_people_with_dementia", `)

	if _, stderr, code := run(t, dir, "build"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	out := filepath.Join(dir, "public")
	const label = "Carers of people with dementia"
	for _, rel := range []string{
		"cohorts/carers-of-people-with-dementia/index.html", "cohorts/index.html", "blueprints/saltmere/index.html",
		"compare/index.html", "data/index.html", "guide/authoring/index.html",
	} {
		data, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), label) && !(rel == "guide/authoring/index.html" && strings.Contains(string(data), "carers_of_people_with_dementia")) {
			t.Errorf("%s does not show the added cohort", rel)
		}
	}

	// Search's filters, on the server.
	srv := serve(t, "--source", dir)
	code, body := srv.get(t, "search/?q=dementia")
	if code != 200 || !strings.Contains(string(body), "cohort=carers_of_people_with_dementia") || !strings.Contains(string(body), label+` <span class="search-filters__count">`) {
		t.Errorf("/search/?q=dementia on the server: %d, no filter for the added cohort in words", code)
	}

	// And from the static index, in Chromium.
	node := needBrowser(t)
	files := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer files.Close()
	var got struct {
		Failed, Errors, Results []string
		Filters                 []struct{ Param, Value, Text string }
	}
	runNode(t, node, []string{"static-facets.mjs", chromium, files.URL + "/search/?q=dementia"}, nil, &got)
	if len(got.Failed) > 0 || len(got.Errors) > 0 {
		t.Errorf("failed requests %v, script errors %v", got.Failed, got.Errors)
	}
	found := false
	for _, f := range got.Filters {
		if f.Value == "carers_of_people_with_dementia" {
			found = true
			if f.Text != label {
				t.Errorf("the static search shows the added cohort as %q, want %q", f.Text, label)
			}
		}
	}
	if !found {
		t.Errorf("the static search has no filter for the added cohort: %+v", got.Filters)
	}
}
