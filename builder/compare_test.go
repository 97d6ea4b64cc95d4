package builder

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"intkb/builder/compare"
	"intkb/builder/model"
	"intkb/layouts"
)

// compareBlueprint writes a blueprint for the comparison fixture. Only
// the fields the tests vary are parameters.
func compareBlueprint(area, level, budget, record, vcse, pharmacy, cohorts, extra string) string {
	return fmt.Sprintf(`-- content/blueprints/%[1]s.md --
+++
title = "%[1]s model"
summary = "A model."
updated = 2026-05-01
review_due = 2027-05-01
area = "%[1]s"
cohorts = %[7]s

[needs]
footprint = "The %[1]s footprint"
population = 100000
neighbourhoods = 3
statement = "What matters in %[1]s."

[function]
integration_level = "%[2]s"
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

[[form.members]]
role = "Social worker"
organisation = "social_care"
arrangement = "seconded"
commitment = "on_call"

[governance]
accountable_body = "The %[1]s board"

[finance]
budget = "%[3]s"

[digital]
record = "%[4]s"

[participation]
vcse = "%[5]s"
community_pharmacy = "%[6]s"
%[8]s+++
Body.
`, area, level, budget, record, vcse, pharmacy, cohorts, extra)
}

// compareSite has three areas whose models differ in known ways:
//
//	field                 alder           birch                  cedar
//	integration level     coordinate      coordinate             unity      -> cedar differs
//	budget                aligned         pooled                 aligned    -> birch differs
//	record                view only       view only              single     -> cedar differs
//	VCSE                  partner         partner                consulted  -> cedar differs
//	community pharmacy    consulted       core member            not involved -> all differ: row only
//	cohorts               frailty         frailty, care homes    care homes, frailty -> alder differs
//
// Birch alone has a maturity self-assessment, and a history: its budget
// was aligned until it was pooled (updated, 2026-05-01).
var compareSite = `
-- site.toml --
title = "Compare test"
baseURL = "https://example.org/"
licence = "Open Government Licence v3.0"
licenceURL = "https://example.org/ogl"
attribution = "Test Council"
[[areas]]
slug = "alder"
name = "Alder Vale"
setting = "Rural"
region = "North West"
icb = "Alder ICB"
[[areas]]
slug = "birch"
name = "Birchwood"
[[areas]]
slug = "cedar"
name = "Cedar Town"
` + compareBlueprint("alder", "convening_to_coordinate", "aligned", "view_only", "partner", "consulted", `["frailty"]`, "") +
	compareBlueprint("birch", "convening_to_coordinate", "pooled", "view_only", "partner", "core_member", `["frailty", "care_homes"]`,
		"\n[maturity]\nassessed = 2026-04-01\nshared_purpose = 3\nleadership = 2\ninformation_sharing = 4\nworkforce = 1\ncommunity_voice = 5\n"+
			"\n[[history]]\ndate = 2025-09-01\nbudget = \"aligned\"\n") +
	compareBlueprint("cedar", "unity_of_effort", "aligned", "single_record", "consulted", "not_involved", `["care_homes", "frailty"]`, "")

// buildCompareSite builds compareSite (plus extra txtar files) and returns
// the result and the output folder.
func buildCompareSite(t *testing.T, extra string, opts Options) (*Result, string) {
	t.Helper()
	dir := writeSite(t, compareSite+extra)
	dest := filepath.Join(t.TempDir(), "public")
	root := openRoot(t, dir)
	opts.Source, opts.Dest, opts.Now = root, dest, testNow
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	return res, dest
}

func openRoot(t *testing.T, dir string) fs.FS {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root.FS()
}

var (
	rowRE  = regexp.MustCompile(`(?s)<tr data-row="([^"]+)"[^>]*>(.*?)</tr>`)
	cellRE = regexp.MustCompile(`(?s)<td data-col="([^"]+)"([^>]*)>(.*?)</td>`)
	tagRE  = regexp.MustCompile(`<[^>]+>`)
)

// matrixCell is one cell of the rendered matrix.
type matrixCell struct {
	text    string
	differs bool
}

// readMatrix returns the rendered matrix as row key -> area key -> cell.
func readMatrix(t *testing.T, page string) map[string]map[string]matrixCell {
	t.Helper()
	m := map[string]map[string]matrixCell{}
	for _, row := range rowRE.FindAllStringSubmatch(page, -1) {
		cells := map[string]matrixCell{}
		for _, c := range cellRE.FindAllStringSubmatch(row[2], -1) {
			text := tagRE.ReplaceAllString(strings.ReplaceAll(c[3], "</li>", "; "), " ")
			text = strings.Join(strings.Fields(html.UnescapeString(text)), " ")
			cells[c[1]] = matrixCell{text: strings.TrimSuffix(text, ";"), differs: strings.Contains(c[2], `class="differs"`)}
		}
		m[row[1]] = cells
	}
	if len(m) == 0 {
		t.Fatal("the page has no matrix rows")
	}
	return m
}

func TestMatrixShowsTheFrontMatter(t *testing.T) {
	res, dest := buildCompareSite(t, "", Options{})
	m := readMatrix(t, readOut(t, dest, "compare/index.html"))
	for _, p := range res.Pages {
		bp := p.Front.(*model.Blueprint)
		key := blueprintKey(p)
		vocabLabel := func(vocab, v string) string { return model.Vocabularies[vocab].Label(v) }
		want := map[string]string{
			"needs.footprint":                  bp.Needs.Footprint,
			"needs.population":                 model.NumberText(bp.Needs.Population),
			"needs.statement":                  bp.Needs.Statement,
			"function.integration_level":       vocabLabel("integration_level", bp.Function.IntegrationLevel),
			"function.coordinator":             bp.Function.Coordinator,
			"form.origin":                      vocabLabel("origin", bp.Form.Origin),
			"form.mdt_cadence":                 vocabLabel("mdt_cadence", bp.Form.MDTCadence),
			"governance.accountable_body":      bp.Governance.AccountableBody,
			"finance.budget":                   vocabLabel("budget", bp.Finance.Budget),
			"finance.recurrent":                "No",
			"digital.record":                   vocabLabel("record", bp.Digital.Record),
			"participation.vcse":               vocabLabel("participation", bp.Participation.VCSE),
			"participation.community_pharmacy": vocabLabel("participation", bp.Participation.CommunityPharmacy),
			"form.members.core":                "GP (General practice)",
			"form.members.on_call":             "Social worker (Social care)",
		}
		var cohorts []string
		for _, c := range model.Vocabularies["cohort"].Terms {
			if slices.Contains(bp.Cohorts, c.Value) {
				cohorts = append(cohorts, c.Label)
			}
		}
		want["cohorts"] = strings.Join(cohorts, "; ")
		for row, text := range want {
			cell, ok := m[row][key]
			if !ok {
				t.Errorf("%s: no cell for %s", row, key)
				continue
			}
			got := strings.TrimPrefix(cell.text, "◆ Differs from most areas: ")
			if got != text {
				t.Errorf("%s, %s: the matrix shows %q, the front matter says %q", row, key, got, text)
			}
		}
	}
	page := readOut(t, dest, "compare/index.html")
	for _, code := range []string{">convening_to_coordinate<", ">view_only<", ">core_member<"} {
		if strings.Contains(page, code) {
			t.Errorf("the matrix shows the code %s instead of words", code)
		}
	}
	for _, want := range []string{`<th scope="col" data-col="alder"`, `<th scope="rowgroup"`, `<caption id="matrix-caption">`, `name="areas" value="birch"`, `name="diff" value="1"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the compare page lacks %s", want)
		}
	}
}

func TestDifferencesAreMarked(t *testing.T) {
	_, dest := buildCompareSite(t, "", Options{})
	m := readMatrix(t, readOut(t, dest, "compare/index.html"))
	tests := []struct {
		row    string
		marked []string // the areas whose cell is marked
	}{
		{"function.integration_level", []string{"cedar"}},
		{"finance.budget", []string{"birch"}},
		{"digital.record", []string{"cedar"}},
		{"participation.vcse", []string{"cedar"}},
		{"participation.community_pharmacy", nil}, // all different: no one stands out
		{"cohorts", []string{"alder"}},            // birch and cedar list the same cohorts in another order
		{"form.mdt_cadence", nil},
		{"needs.footprint", nil}, // descriptions are never marked
	}
	for _, tt := range tests {
		var got []string
		for _, area := range []string{"alder", "birch", "cedar"} {
			cell := m[tt.row][area]
			if cell.differs {
				got = append(got, area)
			}
			if cell.differs != strings.Contains(cell.text, "Differs from most areas") {
				t.Errorf("%s, %s: the mark is not said in words", tt.row, area)
			}
		}
		if !slices.Equal(got, tt.marked) {
			t.Errorf("%s: marked %v, want %v", tt.row, got, tt.marked)
		}
	}
}

func TestSiteCompare(t *testing.T) {
	res, _ := buildCompareSite(t, "", Options{})
	keys := func(c *compare.Comparison) []string {
		var out []string
		for _, a := range c.Columns {
			out = append(out, a.Key)
		}
		return out
	}

	all := res.Site.Compare(compare.Query{})
	if got := keys(all); !slices.Equal(got, []string{"alder", "birch", "cedar"}) || all.Chosen || len(all.Notices) > 0 {
		t.Errorf("with no choice: columns %v, chosen %v, notices %q", got, all.Chosen, all.Notices)
	}

	two := res.Site.Compare(compare.Query{Areas: []string{"cedar", "nowhere", "alder"}, OnlyDifferences: true})
	if got := keys(two); !slices.Equal(got, []string{"alder", "cedar"}) {
		t.Errorf("columns %v, want alder and cedar in list order", got)
	}
	if len(two.Notices) != 1 || !strings.Contains(two.Notices[0], "“nowhere”") {
		t.Errorf("an unknown area is not explained: %q", two.Notices)
	}
	var rows []string
	for _, g := range two.Groups {
		for _, r := range g.Rows {
			rows = append(rows, r.Key)
			if !r.Compared || !r.Varies {
				t.Errorf("only differences shows %s, which is not a varying set value", r.Key)
			}
		}
	}
	want := []string{"cohorts", "function.integration_level", "digital.record", "participation.vcse", "participation.community_pharmacy"}
	if !slices.Equal(rows, want) {
		t.Errorf("only differences shows %v, want %v", rows, want)
	}
	checked := 0
	for _, ch := range two.Choices {
		if ch.Checked {
			checked++
		}
	}
	if checked != 2 || len(two.Choices) != 3 {
		t.Errorf("the form offers %d areas with %d ticked, want 3 and 2", len(two.Choices), checked)
	}

	// Asking only for unknown areas shows none, not every area: a
	// request costs no more than what it names.
	none := res.Site.Compare(compare.Query{Areas: []string{"x", "y"}})
	if len(none.Columns) != 0 || len(none.Choices) != 3 || len(none.Notices) != 2 || len(none.Charts) != 0 {
		t.Errorf("asking only for unknown areas: %d columns, %d choices, %d charts, notices %q; want none, every area to choose from and two notices",
			len(none.Columns), len(none.Choices), len(none.Charts), none.Notices)
	}

	v := res.Site.CompareView(compare.Query{Areas: []string{"birch"}})
	var b strings.Builder
	if err := res.Site.Render(&b, "compare", v); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if !strings.Contains(page, `data-rendered="server"`) || strings.Contains(page, `data-col="alder"`) || !strings.Contains(page, "Choose at least one more area") {
		t.Error("the server-rendered page does not show just the chosen area with its notice")
	}
}

func TestChartsAreAccessible(t *testing.T) {
	_, dest := buildCompareSite(t, "", Options{})
	svgRE := regexp.MustCompile(`(?s)<svg [^>]*role="img" aria-labelledby="([^" ]+) ([^"]+)"[^>]*>(.*?)</svg>`)
	for _, tt := range []struct {
		page string
		svgs int
	}{{"compare/index.html", 3}, {"self-assessment/index.html", 1},
		// Birch's maturity radar, its integration level over time and its
		// five scored dimensions over time.
		{"blueprints/birch/index.html", 7}} {
		page := readOut(t, dest, tt.page)
		found := svgRE.FindAllStringSubmatch(page, -1)
		// Besides the charts, only the maturity radars' one grid, hidden.
		hidden := strings.Count(page, `<svg class="radar-multiples__grid" width="0" height="0" aria-hidden="true"`)
		if len(found) != tt.svgs || strings.Count(page, "<svg")-hidden != tt.svgs || hidden > 1 {
			t.Errorf("%s: %d accessible charts of %d, want %d", tt.page, len(found), strings.Count(page, "<svg"), tt.svgs)
		}
		for _, s := range found {
			if !strings.Contains(s[3], `<title id="`+s[1]+`">`) || !strings.Contains(s[3], `<desc id="`+s[2]+`">`) {
				t.Errorf("%s: chart %s lacks the title or description it is labelled by", tt.page, s[1])
			}
		}
	}
	page := readOut(t, dest, "compare/index.html")
	for _, caption := range []string{"Integration level of each area", "Maturity scores of Birchwood, 0 to 5", "Roles in each area"} {
		if !strings.Contains(page, caption) {
			t.Errorf("the compare page has no table %q beside its chart", caption)
		}
	}
	// Maturity is one small radar per area, in the areas' order, never
	// shapes overlaid: only birch has a self-assessment; the others say so.
	multiples := regexp.MustCompile(`(?s)<li class="radar-multiple" data-col="([^"]+)">(.*?)</li>`).FindAllStringSubmatch(page, -1)
	var order []string
	for _, m := range multiples {
		order = append(order, m[1])
		if n := strings.Count(m[2], `class="chart__series"`); n > 1 {
			t.Errorf("%s's radar has %d shapes, want one", m[1], n)
		}
	}
	if strings.Join(order, " ") != "alder birch cedar" || strings.Count(page, `class="chart__series"`) != 1 {
		t.Fatalf("maturity multiples %v, with %d shapes in all; want alder birch cedar, one shape (birch's)", order, strings.Count(page, `class="chart__series"`))
	}
	if !strings.Contains(multiples[1][2], `<use href="#chart-maturity-grid"/>`) {
		t.Error("birch's radar is not drawn on the radars' one grid")
	}
	if !strings.Contains(multiples[1][2], `<th scope="row">Information sharing</th><td>4 of 5</td>`) || !strings.Contains(multiples[0][2], "No self-assessment published") {
		t.Error("the maturity multiples do not give each area's scores")
	}
	for _, banned := range []string{"Total", "total score", "Rank", "League"} {
		if strings.Contains(page, banned) {
			t.Errorf("the compare page ranks or totals areas: %q", banned)
		}
	}
	if alder := readOut(t, dest, "blueprints/alder/index.html"); strings.Contains(alder, "<svg") {
		t.Error("a blueprint without a self-assessment has a radar")
	}
}

func TestBlueprintLinksToComparison(t *testing.T) {
	_, dest := buildCompareSite(t, "", Options{})
	page := readOut(t, dest, "blueprints/alder/index.html")
	for _, want := range []string{`href="/compare/?areas=alder,birch"`, `href="/compare/?areas=alder,cedar"`, `href="/compare/"`, `href="/self-assessment/"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the blueprint page lacks the link %s", want)
		}
	}
}

func TestSelfAssessment(t *testing.T) {
	for _, d := range MaturityScale() {
		if len(d.Levels) != 6 {
			t.Fatalf("%s has %d levels, want 0 to 5", d.Key, len(d.Levels))
		}
		for _, l := range d.Levels {
			if strings.TrimSpace(l.Desc) == "" || l.Name == "" {
				t.Errorf("%s level %d has no description: add it to maturityLevels", d.Key, l.Score)
			}
		}
	}
	if len(maturityLevels) != len(model.MaturityDimensions()) {
		t.Errorf("maturityLevels describes %d dimensions, Maturity has %d", len(maturityLevels), len(model.MaturityDimensions()))
	}
	_, dest := buildCompareSite(t, "", Options{})
	page := readOut(t, dest, "self-assessment/index.html")
	dims := len(model.MaturityDimensions())
	if n := strings.Count(page, `<fieldset class="sa-dimension" id="dimension-`); n != dims {
		t.Errorf("%d dimension fieldsets, want %d", n, dims)
	}
	if n := strings.Count(page, `type="radio"`); n != dims*6 {
		t.Errorf("%d radio buttons, want %d", n, dims*6)
	}
	if n := strings.Count(page, "<legend>"); n != dims+1 {
		t.Errorf("%d legends, want one per fieldset", n)
	}
	if !strings.Contains(page, `data-sa-results hidden`) || !strings.Contains(page, "js/self-assessment.js") {
		t.Error("the scores and downloads are not left to the script")
	}
	if strings.Contains(page, `method="post"`) {
		t.Error("the self-assessment form posts somewhere")
	}
}

func TestCompareWithoutBlueprints(t *testing.T) {
	dir := writeSite(t, `
-- site.toml --
title = "Empty"
baseURL = "https://example.org/"
-- content/about.md --
+++
title = "About"
+++
Nothing yet.
`)
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	if page := readOut(t, dest, "compare/index.html"); !strings.Contains(page, "There are no blueprints to compare yet") || strings.Contains(page, "<svg") {
		t.Error("the compare page of a site without blueprints does not say so")
	}
	if csv := readOut(t, dest, "data/blueprints.csv"); strings.Count(csv, "\r\n") != 1 || !strings.HasPrefix(csv, "slug,") {
		t.Errorf("the CSV of no blueprints is not just its header: %q", csv)
	}
	if doc := decodeJSON(t, readOut(t, dest, "data/blueprints.json")); len(records(t, doc)) != 0 {
		t.Error("blueprints.json of no blueprints is not an empty list")
	}
}

// TestSiteOverridesChartMarkup replaces the charts' SVG markup in a
// site's own layouts/partials/svg.html: the comparison is drawn with it,
// from the builder's geometry.
func TestSiteOverridesChartMarkup(t *testing.T) {
	builtin, err := fs.ReadFile(layouts.FS, "partials/svg.html")
	if err != nil {
		t.Fatal(err)
	}
	const dot = `r="9" fill="#005eb8"`
	if !bytes.Contains(builtin, []byte(dot)) {
		t.Fatalf("the built-in integration chart draws no %s", dot)
	}
	mine := bytes.Replace(builtin, []byte(dot), []byte(`r="9" fill="#ffb81c" data-mine`), 1)
	_, dest := buildCompareSite(t, "-- layouts/partials/svg.html --\n"+string(mine), Options{})
	page := readOut(t, dest, "compare/index.html")
	if !strings.Contains(page, `fill="#ffb81c" data-mine`) || strings.Contains(page, dot) {
		t.Error("the comparison does not draw the integration chart with the site's markup")
	}
	if !strings.Contains(page, `<svg class="chart__svg"`) || !strings.Contains(page, `data-chart="radar"`) {
		t.Error("the other charts are missing")
	}
}

// TestCompareLinksStopWhenTheSiteIsLarge checks that a blueprint page
// links to a comparison with each other area only while /compare/ sets
// them all side by side: past [compare] maxColumns, every page listing
// every area would make the site grow with its square, so the page sends
// its reader to the areas like it and to /compare/'s filter instead.
func TestCompareLinksStopWhenTheSiteIsLarge(t *testing.T) {
	for _, tt := range []struct {
		maxColumns int
		links      bool
	}{{12, true}, {2, false}} {
		dir := writeSite(t, compareSite)
		src := openRoot(t, dir)
		cfg, err := LoadConfig(src)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Compare.MaxColumns = &tt.maxColumns
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Source: src, Config: cfg, Dest: dest, Now: testNow}); err != nil {
			t.Fatal(err)
		}
		page := readOut(t, dest, "blueprints/alder/index.html")
		nav := page[strings.Index(page, `<nav class="compare-with"`):]
		hasLinks := strings.Contains(nav, `href="/compare/?areas=alder,birch"`) && strings.Contains(nav, `href="/compare/?areas=alder,cedar"`)
		pointsOn := strings.Contains(nav, `<a href="#bp-like">the areas most like it</a>`) && strings.Contains(page, `id="bp-like"`)
		if hasLinks != tt.links || pointsOn == tt.links {
			t.Errorf("maxColumns %d: links to each area %v, to the areas like it %v:\n%s", tt.maxColumns, hasLinks, pointsOn, nav[:min(len(nav), 900)])
		}
	}
}
