package builder

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"intkb/builder/model"
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

// TestFacetsAreWellFormed checks each entry of Facets for what its
// readers rely on: names that no other facet uses, a way to read and
// slug its values, a known rule for typed values, and labels the search
// index can read without a site.
func TestFacetsAreWellFormed(t *testing.T) {
	names, keys, fields := map[string]string{}, map[string]bool{}, map[string]bool{}
	for _, f := range Facets {
		if f.Field == "" || f.Param == "" || f.Title == "" || f.Single == "" || f.Values == nil {
			t.Errorf("%+v: a facet needs a Field, Param, Title, Single and Values", f)
		}
		if fields[f.Field] {
			t.Errorf("two facets have the field %q", f.Field)
		}
		fields[f.Field] = true
		for _, n := range f.Names() {
			if other, ok := names[n]; ok {
				t.Errorf("%q names both %s and %s", n, other, f.Field)
			}
			names[n] = f.Field
		}
		if f.Key != "" {
			if keys[f.Key] {
				t.Errorf("two facets have the taxonomy key %q", f.Key)
			}
			keys[f.Key] = true
		}
		if (f.Key != "" || f.Vocab == nil) && f.Slug == nil {
			t.Errorf("%s: has taxonomy pages or no vocabulary, but no Slug", f.Field)
		}
		if !slices.Contains([]TypedRule{TypedLower, TypedSnake, TypedSlug}, f.Typed) {
			t.Errorf("%s: unknown rule for typed values %q", f.Field, f.Typed)
		}
		if f.BodyLabels && (f.Vocab == nil || f.Vocab(model.Vocabs(model.Vocabularies)) == nil) {
			t.Errorf("%s: BodyLabels needs a vocabulary that does not depend on the site", f.Field)
		}
	}
}

// TestEveryTaxonomyFacetHasPages checks that each facet with a Key gets
// its taxonomy page, in Facets' order, and that termURL links to its
// terms by its slug rule.
func TestEveryTaxonomyFacetHasPages(t *testing.T) {
	var layout strings.Builder
	layout.WriteString(`{{define "main"}}<ol>{{range .Site.Taxonomies}}<li>{{.Key}} {{.Param}}</li>{{end}}</ol>`)
	var want strings.Builder
	want.WriteString("<ol>")
	for _, f := range taxonomyFacets() {
		fmt.Fprintf(&layout, `<p>{{termURL %q "x_y"}}</p>`, f.Key)
		fmt.Fprintf(&want, "<li>%s %s</li>", f.Key, f.Param)
	}
	layout.WriteString("{{end}}")
	want.WriteString("</ol>")
	dir := writeSite(t, minimalSite+"-- layouts/404.html --\n"+layout.String()+"\n")
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	got := readOut(t, dest, "404.html")
	if !strings.Contains(got, want.String()) {
		t.Errorf("404.html lists the taxonomies as %s; want %s", got, want.String())
	}
	for _, f := range taxonomyFacets() {
		readOut(t, dest, f.Key+"/index.html")
		if u := "/" + f.Key + "/" + f.Slug("x_y") + "/"; !strings.Contains(got, "<p>"+u+"</p>") {
			t.Errorf("termURL %q: want %s in %s", f.Key, u, got)
		}
	}
}
