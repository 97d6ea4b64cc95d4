package builder

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestTermURL checks the layouts' termURL against the taxonomy
// registry: each taxonomy's own slug rule, and an error naming the layout
// for a taxonomy that does not exist, rather than a link to nowhere.
func TestTermURL(t *testing.T) {
	layout := `{{define "main"}}<p>{{termURL "cohorts" "care_homes"}} {{termURL "tags" "Café Huddle"}} {{termURL "integration-levels" "unity_of_effort"}}</p>{{end}}`
	dir := writeSite(t, minimalSite+"-- layouts/404.html --\n"+layout+"\n")
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	got := readOut(t, dest, "404.html")
	want := "<p>/cohorts/care-homes/ /tags/café-huddle/ /integration-levels/unity-of-effort/</p>"
	if !strings.Contains(got, want) {
		t.Errorf("404.html does not contain %s", want)
	}

	dir = writeSite(t, minimalSite+"-- layouts/404.html --\n{{define \"main\"}}{{termURL \"cohort\" \"frailty\"}}{{end}}\n")
	err := buildDir(t, dir, filepath.Join(t.TempDir(), "public"), Options{})
	if err == nil || !strings.Contains(err.Error(), `no taxonomy "cohort"`) || !strings.Contains(err.Error(), "404") {
		t.Errorf("error: %v; want one naming the layout and the taxonomy", err)
	}
}
