package builder

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"intkb/builder/model"
)

// playbookFile returns a txtar file of a playbook.
func playbookFile(slug, title, phase string, weight int) string {
	return fmt.Sprintf("-- content/playbooks/%s.md --\n+++\ntitle = %q\nsummary = \"S\"\nupdated = 2026-01-01\nreview_due = 2027-01-01\nweight = %d\nphase = %q\naddresses = [\"needs\"]\n[[steps]]\ntitle = \"x\"\n+++\nWhy %s matters.\n", slug, title, weight, phase, title)
}

// pathSite is minimalSite with playbooks in every phase, written in no
// phase's order, whose titles and weights would put them in other orders
// if the list were sorted by either alone.
var pathSite = minimalSite +
	playbookFile("aardvark", "Aardvark", "sustain", 1) +
	playbookFile("design-b", "Design B", "design", 5) +
	playbookFile("able", "Able", "explore", 10) +
	playbookFile("launch-it", "Launch it", "launch", 2) +
	playbookFile("design-a", "Design A", "design", 5) +
	playbookFile("zebra", "Zebra", "explore", 0)

// pathOrder is pathSite's playbooks as their path takes them: phase by
// phase, in the phase vocabulary's order, then by weight, then by title.
var pathOrder = []struct{ slug, title, phase string }{
	{"start-with-needs", "Start with needs", "Explore"},
	{"zebra", "Zebra", "Explore"},
	{"able", "Able", "Explore"},
	{"design-a", "Design A", "Design"},
	{"design-b", "Design B", "Design"},
	{"launch-it", "Launch it", "Launch"},
	{"aardvark", "Aardvark", "Sustain"},
}

var (
	groupTitleRE = regexp.MustCompile(`<h2 class="path-group__title">.*?</span> ([^<]+)</h2>`)
	cardTitleRE  = regexp.MustCompile(`<h3 class="card__title"><a href="[^"]*">([^<]+)</a>`)
	pathLinkRE   = regexp.MustCompile(`<a href="/playbooks/([^/"]+)/" rel="(prev|next)">.*?<span class="path-nav__phase">([^<]+) phase</span></a>`)
)

func buildPathSite(t *testing.T, txt string) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, writeSite(t, txt), dest, Options{}); err != nil {
		t.Fatal(err)
	}
	return dest
}

func submatches(re *regexp.Regexp, s string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestPlaybookListGroupsByPhase checks that /playbooks/ groups the
// playbooks by phase in the vocabulary's order, not alphabetically, each
// with the phase's description, keeping weight then title within each,
// and that each card names and links its phase.
func TestPlaybookListGroupsByPhase(t *testing.T) {
	out := readOut(t, buildPathSite(t, pathSite), "playbooks/index.html")
	var want []string
	for _, term := range model.Vocabularies["phase"].Terms {
		want = append(want, term.Label)
		if !strings.Contains(out, `<p class="path-group__desc">`+term.Desc+`</p>`) {
			t.Errorf("the %s group lacks the phase's description", term.Label)
		}
	}
	if got := submatches(groupTitleRE, out); !slices.Equal(got, want) {
		t.Errorf("groups %q, want %q", got, want)
	}
	var titles []string
	for _, p := range pathOrder {
		titles = append(titles, p.title)
	}
	if got := submatches(cardTitleRE, out); !slices.Equal(got, titles) {
		t.Errorf("cards %q, want %q", got, titles)
	}
	if n := strings.Count(out, `<a href="/phases/explore/">Explore phase</a>`); n != 3 {
		t.Errorf("%d cards link to the explore phase, want 3", n)
	}
	if strings.Contains(out, "Pages in this list") {
		t.Error("the grouped list still has the heading of an ungrouped one")
	}
}

// TestPlaybookPrevNext checks each playbook's previous and next links:
// along the path, across phases, naming the neighbour's phase, with none
// before the first or after the last.
func TestPlaybookPrevNext(t *testing.T) {
	dest := buildPathSite(t, pathSite)
	for i, p := range pathOrder {
		out := readOut(t, dest, "playbooks/"+p.slug+"/index.html")
		var got []string
		for _, m := range pathLinkRE.FindAllStringSubmatch(out, -1) {
			got = append(got, m[2]+" "+m[1]+" "+m[3])
		}
		var want []string
		if i > 0 {
			want = append(want, "prev "+pathOrder[i-1].slug+" "+pathOrder[i-1].phase)
		}
		if i < len(pathOrder)-1 {
			want = append(want, "next "+pathOrder[i+1].slug+" "+pathOrder[i+1].phase)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s links to %q, want %q", p.slug, got, want)
		}
		if !strings.Contains(out, `<nav class="path-nav" aria-label="Playbooks in order">`) {
			t.Errorf("%s: no labelled navigation for the path", p.slug)
		}
	}
	if out := readOut(t, dest, "case-studies/saltmere-frailty/index.html"); strings.Contains(out, `rel="next"`) {
		t.Error("a case study has a path's links")
	}
}

// TestGroupPagesFollowsVocabulary checks that groups take the order of
// the vocabulary they are given, whatever it is, and where pages with
// values it lacks go.
func TestGroupPagesFollowsVocabulary(t *testing.T) {
	vs := model.Vocabs{"phase": {Name: "phase", Terms: []model.Term{
		{Value: "sustain", Label: "Sustain"}, {Value: "explore", Label: "Explore"}, {Value: "design", Label: "Design"},
	}}}
	page := func(title, phase string) *Page {
		return &Page{Path: "playbooks/" + title + ".md", Meta: &model.Meta{Title: title}, Front: &model.Playbook{Phase: phase}}
	}
	pages := []*Page{page("a", "explore"), page("b", "elsewhere"), page("c", "sustain"), page("d", ""), page("e", "explore")}
	var got []string
	for i, g := range groupPages(pathFacet(model.TypePlaybook), vs, pages) {
		var titles []string
		for _, p := range g.Pages {
			titles = append(titles, p.Meta.Title)
		}
		got = append(got, fmt.Sprintf("%d %s %s", g.Number, g.Label, strings.Join(titles, ",")))
		if g.Number != i+1 {
			t.Errorf("group %d is numbered %d", i+1, g.Number)
		}
	}
	want := []string{"1 Sustain c", "2 Explore a,e", "3 Elsewhere b", "4 Other d"}
	if !slices.Equal(got, want) {
		t.Errorf("groups %q, want %q", got, want)
	}
}

// TestGroupedListPagination checks that a grouped list is split into
// pages of whole groups: about paginate playbooks a page, a phase never
// split, one larger than paginate on a page of its own.
func TestGroupedListPagination(t *testing.T) {
	dest := buildPathSite(t, strings.Replace(pathSite, `title = "Test site"`, "title = \"Test site\"\npaginate = 2", 1))
	pages := []struct {
		rel, count string
		groups     []string
	}{
		{"playbooks/index.html", "7 pages, showing 1 to 3.", []string{"Explore"}},
		{"playbooks/page/2/index.html", "7 pages, showing 4 to 5.", []string{"Design"}},
		{"playbooks/page/3/index.html", "7 pages, showing 6 to 7.", []string{"Launch", "Sustain"}},
	}
	for i, p := range pages {
		out := readOut(t, dest, p.rel)
		if !strings.Contains(out, p.count) {
			t.Errorf("%s does not say %q", p.rel, p.count)
		}
		if got := submatches(groupTitleRE, out); !slices.Equal(got, p.groups) {
			t.Errorf("%s has groups %q, want %q", p.rel, got, p.groups)
		}
		if start := fmt.Sprintf(`<ol class="path-groups" start="%d">`, []int{1, 2, 3}[i]); !strings.Contains(out, start) {
			t.Errorf("%s: the groups are not numbered on from the page before", p.rel)
		}
	}
	if out := readOut(t, dest, "playbooks/page/3/index.html"); !strings.Contains(out, `href="/playbooks/page/2/" rel="prev"`) {
		t.Error("the last page of the playbooks does not link to the one before")
	}
}

// TestPlaybookPageOrder checks that a playbook opens with why it matters,
// then "On this page", then its steps, then its other sections, each
// once.
func TestPlaybookPageOrder(t *testing.T) {
	body := "Why it matters: people first.[^1]\n\n## What it is\n\nA.\n\n## Who to involve\n\nB.\n\n### Small\n\nC.\n\n## Pitfalls\n\nD.\n\n[^1]: A note.\n"
	site := strings.Replace(pathSite, "Read [the Saltmere model](../blueprints/saltmere.md#needs-first).\n", body, 1)
	out := readOut(t, buildPathSite(t, site), "playbooks/start-with-needs/index.html")
	marks := []string{"Why it matters: people first.", `<h2 class="toc__title" id="toc-title">On this page</h2>`,
		`<h2 id="steps-title">Steps</h2>`, `<h2 id="what-it-is">`, `<h2 id="pitfalls">`, `class="footnotes"`, `<nav class="path-nav"`}
	at := -1
	for _, m := range marks {
		if n := strings.Count(out, m); n != 1 {
			t.Errorf("%q is on the page %d times, want once", m, n)
			continue
		}
		i := strings.Index(out, m)
		if i < at {
			t.Errorf("%q comes before what should precede it", m)
		}
		at = i
	}
	toc := out[strings.Index(out, `id="toc-title"`):strings.Index(out, `<section class="steps"`)]
	if got := regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(toc, -1); len(got) != 5 || got[0][1] != "steps-title" {
		t.Errorf("the table of contents links to %q, want the steps first, then the body's headings", got)
	}
}
