package builder

import (
	"maps"
	"path/filepath"
	"strings"
	"testing"
)

// TestContentPageLayouts names each kind of layout from a content page:
// those it may use build, the others are an error with the file, the line
// and the layouts it may use.
func TestContentPageLayouts(t *testing.T) {
	const plain = "content/about.md"
	const pb = "content/playbooks/start-with-needs.md"
	page := func(layout string) string {
		return "+++\ntitle = \"About\"\nlayout = \"" + layout + "\"\n+++\nText.\n"
	}
	playbook := func(layout string) string {
		return strings.Replace(siteFile(t, pb), "phase = ", "layout = \""+layout+"\"\nphase = ", 1)
	}
	own := map[string]string{"layouts/special.html": "{{define \"main\"}}<p>{{.Title}}</p>{{end}}\n"}
	const plainMay = "a content page may use authoring-guide, page or special"
	const playbookMay = "a playbook may use authoring-guide, page, playbook or special"
	tests := []struct {
		name, file, text string
		want             string // "" for a layout the page may use
	}{
		{"a plain page as a page", plain, page("page"), ""},
		{"a plain page as the authoring guide", plain, page("authoring-guide"), ""},
		{"a plain page in a layout of the site's own", plain, page("special"), ""},
		{"a playbook as a page", pb, playbook("page"), ""},
		{"a playbook as a playbook", pb, playbook("playbook"), ""},
		{"a plain page as a blueprint", plain, page("blueprint"),
			plain + `:3: layout: "blueprint" is the layout of local blueprints, and this page is not one: ` + plainMay + `, or move the file into content/blueprints/`},
		{"a playbook as a case study", pb, playbook("case-study"),
			pb + `:7: layout: "case-study" is the layout of case studies, and this page is not one: ` + playbookMay + `, or move the file into content/case-studies/`},
		{"a taxonomy", plain, page("taxonomy"),
			plain + `:3: layout: "taxonomy" is the layout of the taxonomy pages (such as /cohorts/), not of a content page: ` + plainMay},
		{"a term", plain, page("term"), plain + `:3: layout: "term" is the layout of the pages of one taxonomy term`},
		{"the comparison", plain, page("compare"),
			plain + `:3: layout: "compare" is the layout of the comparison of areas, not of a content page: ` + plainMay},
		{"the open data page", pb, playbook("data"),
			pb + `:7: layout: "data" is the layout of the open data page, not of a content page: ` + playbookMay},
		{"the home page", plain, page("home"), plain + `:3: layout: "home" is the layout of the home page, not of a content page`},
		{"a section list", plain, page("list"), plain + `:3: layout: "list" is the layout of the section lists, not of a content page`},
		{"search", plain, page("search"), plain + `:3: layout: "search" is the layout of the search page, not of a content page`},
		{"the self-assessment", plain, page("self-assessment"), plain + `:3: layout: "self-assessment" is the layout of the maturity self-assessment`},
		{"not found", plain, page("404"), plain + `:3: layout: "404" is the layout of the page-not-found page`},
		{"a typing mistake", plain, page("pgae"), plain + `:3: layout: "pgae" is not a layout: ` + plainMay + ` (did you mean "page"?)`},
		{"baseof", plain, page("baseof"), plain + `:3: layout: "baseof" is not a layout: ` + plainMay},
		{"a partial", plain, page("partials/header"), plain + `:3: layout: "partials/header" is not a layout: ` + plainMay},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{tt.file: tt.text}
			maps.Copy(files, own)
			got := checkWith(t, files)
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("refused: %q", got)
			case tt.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tt.want)):
				t.Errorf("errors:\n got %q\nwant %s", got, tt.want)
			}
		})
	}
}

// TestGeneratorsDeclareTheirPages checks that every page the build
// writes, other than a content page's, comes from a generator whose kind
// and layout it has, and that every generator makes a page: the registry
// cannot drift from what is written. The comparison's prepared pages are
// made by the same site with fewer columns than areas, and the pages of
// areas like an imported area by the same site importing another's.
func TestGeneratorsDeclareTheirPages(t *testing.T) {
	res, _ := buildCompareSite(t, "", Options{})
	st := res.Site.state()
	jobs := st.snap.jobs(st.sv)
	scaled := strings.Replace(compareSite, "[[areas]]", "[compare]\nmaxColumns = 2\n[[areas]]", 1)
	dir := writeSite(t, scaled)
	res2, err := Build(Options{Source: openRoot(t, dir), Dest: filepath.Join(t.TempDir(), "public"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	st2 := res2.Site.state()
	jobs = append(jobs, st2.snap.jobs(st2.sv)...)
	res3, _ := buildLikeSite(t) // pages only an imported area has
	st3 := res3.Site.state()
	jobs = append(jobs, st3.snap.jobs(st3.sv)...)
	made := map[string]bool{}
	for _, j := range jobs {
		if j.view.Kind == "page" {
			continue
		}
		g := generatorOf(j.view.Kind)
		if g == nil {
			t.Errorf("%s: kind %q has no generator", j.rel, j.view.Kind)
			continue
		}
		if j.layout != g.layout {
			t.Errorf("%s: layout %q, but its generator declares %q", j.rel, j.layout, g.layout)
		}
		made[g.kind] = true
	}
	for _, g := range generators {
		if !made[g.kind] {
			t.Errorf("generator %q made no page", g.kind)
		}
	}
}

// TestLiveRefusesAGeneratedLayout checks that an edit under intkb serve
// is held to the same rule: the edit is refused with its line, and the
// site is kept as it was.
func TestLiveRefusesAGeneratedLayout(t *testing.T) {
	ls := newLiveSite(t, minimalSite)
	const pb = "content/playbooks/start-with-needs.md"
	ls.edit(pb, "phase = ", "layout = \"taxonomy\"\nphase = ")
	_, err := ls.live.Apply([]string{pb})
	if err == nil || !strings.Contains(err.Error(), pb+`:7: layout: "taxonomy" is the layout of the taxonomy pages`) {
		t.Fatalf("the edit gave %v", err)
	}
	ls.edit(pb, "layout = \"taxonomy\"\n", "")
	ls.apply(pb)
	ls.checkSameAsFull("layout put right")
}
