package builder

import (
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"intkb/builder/compare"
	"intkb/internal/testenv"
)

// pharmacist is the member the third commit of gitSite adds.
const pharmacist = "\n[[form.members]]\nrole = \"Community pharmacist\"\norganisation = \"community_pharmacy\"\narrangement = \"contracted\"\ncommitment = \"core\"\n"

// gitSite writes the minimal site into a new git repository and commits
// its blueprint three times, on set dates: convening to advise, meeting
// monthly, with separate budgets (15 January 2025); convening to
// coordinate, meeting weekly (10 June 2025); and with aligned budgets and
// a community pharmacist (3 February 2026), as the blueprint is now.
func gitSite(t *testing.T) string {
	t.Helper()
	testenv.LookPath(t, "git")
	dir := writeSite(t, minimalSite)
	file := filepath.Join(dir, "content", "blueprints", "saltmere.md")
	now := siteFile(t, "content/blueprints/saltmere.md")
	now = strings.Replace(now, "\n[governance]", pharmacist+"\n[governance]", 1)
	first := strings.NewReplacer(`integration_level = "convening_to_coordinate"`, `integration_level = "convening_to_advise"`,
		`mdt_cadence = "weekly"`, `mdt_cadence = "monthly"`, `budget = "aligned"`, `budget = "separate"`).Replace(siteFile(t, "content/blueprints/saltmere.md"))
	second := strings.Replace(first, `integration_level = "convening_to_advise"`, `integration_level = "convening_to_coordinate"`, 1)
	second = strings.Replace(second, `mdt_cadence = "monthly"`, `mdt_cadence = "weekly"`, 1)
	runGit(t, dir, "", "init", "-q", "-b", "main")
	for _, c := range []struct{ date, text string }{
		{"2025-01-15T10:00:00Z", first},
		{"2025-06-10T10:00:00Z", second},
		{"2026-02-03T10:00:00Z", now},
	} {
		if err := os.WriteFile(file, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		runGit(t, dir, c.date, "add", "-A")
		runGit(t, dir, c.date, "commit", "-q", "-m", "Saltmere as at "+c.date[:10])
	}
	return dir
}

// runGit runs git in dir as a test author, dating a commit date.
func runGit(t *testing.T, dir, date string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	if date != "" {
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// historyLines says a history as lines: each point's date and source,
// then its changes.
func historyLines(h []compare.Point) []string {
	var out []string
	for _, p := range h {
		out = append(out, p.Date.String()+" "+p.Source)
		for _, c := range p.Changes {
			out = append(out, "  "+c.Text())
		}
	}
	return out
}

func areaHistory(t *testing.T, res *Result, key string) []compare.Point {
	t.Helper()
	for _, a := range res.Site.state().snap.compareAreas {
		if a.Key == key {
			return a.History
		}
	}
	t.Fatalf("no area %s", key)
	return nil
}

func TestGitHistory(t *testing.T) {
	dir := gitSite(t)
	dest := filepath.Join(t.TempDir(), "out")
	res, err := Build(Options{Source: os.DirFS(dir), Dir: dir, Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"2025-01-15 git",
		"2025-06-10 git",
		"  Integration level: Convening to advise → Convening to coordinate",
		"  MDT meets: Monthly → Weekly",
		"2026-02-03 git",
		"  Budget: Separate budgets → Aligned budgets",
		"  Members: +1 (Community pharmacist)",
	}
	if got := historyLines(areaHistory(t, res, "saltmere")); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("history:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if w := gitWarnings(res); len(w) > 0 {
		t.Errorf("warnings: %q", w)
	}
	page := readOut(t, dest, "blueprints/saltmere/index.html")
	for _, want := range []string{
		`<h2 id="bp-history">How this model has changed</h2>`,
		`<time datetime="2025-01-15">15 January 2025</time> <span class="history__first">(earliest record)</span>`,
		`<time datetime="2025-06-10">10 June 2025</time></h3>`,
		`<li>Integration level: Convening to advise → Convening to coordinate</li><li>MDT meets: Monthly → Weekly</li>`,
		`<time datetime="2026-02-03">3 February 2026</time></h3>`,
		`<li>Budget: Separate budgets → Aligned budgets</li><li>Members: &#43;1 (Community pharmacist)</li>`,
		`<title id="history-level-saltmere-title">Integration level of Saltmere over time</title>`,
		`<tr><th scope="row">10 June 2025</th><td>Convening to coordinate</td></tr>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the blueprint page has no %s", want)
		}
	}

	csvWant := "date,blueprint,field,from,to,source\r\n" +
		"2025-06-10,saltmere,function.integration_level,convening_to_advise,convening_to_coordinate,git\r\n" +
		"2025-06-10,saltmere,form.mdt_cadence,monthly,weekly,git\r\n" +
		"2026-02-03,saltmere,finance.budget,separate,aligned,git\r\n" +
		"2026-02-03,saltmere,form.members,GP,GP; Community pharmacist,git\r\n"
	if got := readOut(t, dest, "data/blueprint-history.csv"); got != csvWant {
		t.Errorf("blueprint-history.csv:\n%s\nwant\n%s", got, csvWant)
	}
	doc := decodeJSON(t, readOut(t, dest, "data/blueprints.json"))
	history, _ := json.Marshal(records(t, doc)[0]["history"])
	jsonWant := `[{"changes":[],"date":"2025-01-15","note":"","source":"git"},` +
		`{"changes":[{"field":"function.integration_level","from":"convening_to_advise","to":"convening_to_coordinate"},{"field":"form.mdt_cadence","from":"monthly","to":"weekly"}],"date":"2025-06-10","note":"","source":"git"},` +
		`{"changes":[{"field":"finance.budget","from":"separate","to":"aligned"},{"field":"form.members","from":["GP"],"to":["GP","Community pharmacist"]}],"date":"2026-02-03","note":"","source":"git"}]`
	if string(history) != jsonWant {
		t.Errorf("blueprints.json's history:\n%s\nwant\n%s", history, jsonWant)
	}

	feed := readOut(t, dest, "compare/changes.xml")
	for _, want := range []string{
		"<updated>2026-02-03T00:00:00Z</updated>\n  <author>",
		"<title>Saltmere: Budget and Members</title>\n    <link href=\"https://example.org/blueprints/saltmere/#history-2026-02-03\"></link>",
		"<updated>2026-02-03T00:00:00Z</updated>\n    <summary>Budget: Separate budgets → Aligned budgets. Members: +1 (Community pharmacist).</summary>",
		"<title>Saltmere: Integration level and MDT meets</title>",
		"<updated>2025-06-10T00:00:00Z</updated>\n    <summary>Integration level: Convening to advise → Convening to coordinate. MDT meets: Monthly → Weekly.</summary>",
	} {
		if !strings.Contains(feed, want) {
			t.Errorf("the changes feed has no %s\n%s", want, feed)
		}
	}
	if n := strings.Count(feed, "<entry>"); n != 2 {
		t.Errorf("the changes feed has %d entries, want 2 (the first point changes nothing)", n)
	}
	for _, page := range []string{"compare/index.html", "blueprints/index.html", "blueprints/saltmere/index.html"} {
		if !strings.Contains(readOut(t, dest, page), `<link rel="alternate" type="application/atom+xml" title="Test site: changes to the areas' models" href="/compare/changes.xml">`) {
			t.Errorf("%s does not link the changes feed", page)
		}
	}

	// The same site without its git folder, or with gitHistory = false,
	// has only the blueprint as it is.
	if err := os.RemoveAll(filepath.Join(dir, ".git")); err != nil {
		t.Fatal(err)
	}
	res, err = Build(Options{Source: os.DirFS(dir), Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := historyLines(areaHistory(t, res, "saltmere")); strings.Join(got, "\n") != "2026-05-01 front matter" || len(gitWarnings(res)) > 0 {
		t.Errorf("without git: history %q, warnings %q", got, gitWarnings(res))
	}
}

func TestGitHistoryOff(t *testing.T) {
	dir := gitSite(t)
	site := filepath.Join(dir, "site.toml")
	data, _ := os.ReadFile(site)
	if err := os.WriteFile(site, append([]byte("gitHistory = false\n"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Build(Options{Source: os.DirFS(dir), Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := historyLines(areaHistory(t, res, "saltmere")); len(got) != 1 {
		t.Errorf("with gitHistory = false: %q", got)
	}
}

func TestShallowCloneWarns(t *testing.T) {
	dir := gitSite(t)
	clone := filepath.Join(t.TempDir(), "clone")
	runGit(t, dir, "", "clone", "-q", "--depth", "1", "file://"+dir, clone)
	res, err := Build(Options{Source: os.DirFS(clone), Dir: clone})
	if err != nil {
		t.Fatal(err)
	}
	want := "git: " + shallowWarning
	if w := gitWarnings(res); len(w) != 1 || w[0] != want {
		t.Errorf("warnings %q, want %q", w, want)
	}
	if got := historyLines(areaHistory(t, res, "saltmere")); len(got) != 1 {
		t.Errorf("a shallow clone gives history %q", got)
	}
}

// gitWarnings returns the build's warnings about git.
func gitWarnings(res *Result) []string {
	var out []string
	for _, w := range res.Warnings {
		if strings.HasPrefix(w, "git") {
			out = append(out, w)
		}
	}
	return out
}

// TestLiveKeepsGitHistory checks that a live rebuild of an edited
// blueprint joins the edit to the history the full build read, without
// reading git again: here the repository is gone by then.
func TestLiveKeepsGitHistory(t *testing.T) {
	dir := gitSite(t)
	opts := Options{Source: os.DirFS(dir), Dir: dir, Dest: filepath.Join(t.TempDir(), "out"), Now: testNow}
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	live := NewLive(opts, res)
	if err := os.RemoveAll(filepath.Join(dir, ".git")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "content", "blueprints", "saltmere.md")
	data, _ := os.ReadFile(file)
	edited := strings.Replace(strings.Replace(string(data), `budget = "aligned"`, `budget = "pooled"`, 1), "updated = 2026-05-01", "updated = 2026-06-01", 1)
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := live.Apply([]string{"content/blueprints/saltmere.md"}); err != nil {
		t.Fatal(err)
	}
	var h []compare.Point
	for _, a := range res.Site.state().snap.compareAreas {
		if a.Key == "saltmere" {
			h = a.History
		}
	}
	got := historyLines(h)
	if len(got) < 2 || got[0] != "2025-01-15 git" || got[len(got)-2] != "2026-06-01 front matter" || got[len(got)-1] != "  Budget: Aligned budgets → Pooled budget" {
		t.Errorf("history after a live edit:\n%s", strings.Join(got, "\n"))
	}
}

// TestHistoryCSVIsFormulaSafe checks that blueprint-history.csv keeps a
// value a spreadsheet would run as a formula as text, as blueprints.csv
// does.
func TestHistoryCSVIsFormulaSafe(t *testing.T) {
	site := strings.Replace(minimalSite, "+++\n\n## Needs first", "\n[[history]]\ndate = 2025-01-01\nmembers = [\"=HYPERLINK(\\\"https://example.org\\\")\"]\n+++\n\n## Needs first", 1)
	dir := writeSite(t, site)
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := Build(Options{Source: os.DirFS(dir), Dest: dest}); err != nil {
		t.Fatal(err)
	}
	want := "date,blueprint,field,from,to,source\r\n" +
		"2026-05-01,saltmere,form.members,\"'=HYPERLINK(\"\"https://example.org\"\")\",GP,front matter\r\n"
	if got := readOut(t, dest, "data/blueprint-history.csv"); got != want {
		t.Errorf("blueprint-history.csv:\n%s\nwant\n%s", got, want)
	}
}

// TestCompareOverTime checks the comparison as at a day and the changes
// since one, from gitSite's history, as a server renders them.
func TestCompareOverTime(t *testing.T) {
	dir := gitSite(t)
	res, err := Build(Options{Source: os.DirFS(dir), Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	render := func(query string) string {
		t.Helper()
		q, _ := url.ParseQuery(query)
		var b strings.Builder
		if err := res.Site.RenderCompare(&b, compare.ParseQuery(q)); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	cell := func(page, row string) string {
		m := regexp.MustCompile(`(?s)<tr data-row="` + regexp.QuoteMeta(row) + `"[^>]*>.*?<td data-col="saltmere"([^>]*)>(.*?)</td>`).FindStringSubmatch(page)
		if m == nil {
			return ""
		}
		return strings.Join(strings.Fields(m[1]+" "+m[2]), " ")
	}
	asAt := render("asat=2025-03-01")
	for row, want := range map[string]string{
		"function.integration_level": "Convening to advise",
		"form.mdt_cadence":           "Monthly",
		"finance.budget":             "Separate budgets",
	} {
		if got := cell(asAt, row); !strings.Contains(got, `<span class="compare-value">`+want+`</span>`) {
			t.Errorf("as at 1 March 2025, %s is %q, want %s", row, got, want)
		}
	}
	if !strings.Contains(asAt, "The models as they stood on <strong>1 March 2025</strong>") || strings.Contains(asAt, `data-row="needs.footprint"`) || strings.Contains(asAt, `id="pictures"`) {
		t.Error("the page as at a day does not say so, or shows descriptions or charts the history does not keep")
	}
	if got := render("asat=2024-12-31"); !strings.Contains(got, "Saltmere had no model recorded on 31 December 2024, so it is left out.") {
		t.Error("an area before its history is not left out with a notice")
	}

	since := render("since=2025-03-01")
	if got := cell(since, "function.integration_level"); !strings.Contains(got, `class=" changed"`) || !strings.Contains(got, "Changed since 1 March 2025: was Convening to advise</p>") {
		t.Errorf("since 1 March 2025, the integration level is %q", got)
	}
	if got := cell(since, "finance.budget"); !strings.Contains(got, "Changed since 1 March 2025: was Separate budgets") {
		t.Errorf("since 1 March 2025, the budget is %q", got)
	}
	if got := cell(since, "cohorts"); strings.Contains(got, "changed") {
		t.Errorf("the cohorts, which did not change, are marked: %q", got)
	}
	if got := render("since=2025-07-01&asat=2025-12-31"); !strings.Contains(cell(got, "function.integration_level"), "Convening to coordinate") || strings.Contains(got, "Changed since") {
		t.Error("as at the end of 2025, nothing changed since July 2025")
	}
	bad := render("since=01/06/2025")
	if !strings.Contains(bad, "“01/06/2025” is not a date, so the comparison is not changes since it: give a date as 2025-06-01.") || strings.Contains(bad, "Changed since") {
		t.Error("a bad date does not give today's matrix with a notice")
	}
	// The static page carries each tracked cell's history for compare.js.
	static := readOutCompare(t, dir)
	if got := cell(static, "function.integration_level"); !strings.Contains(got, `data-history="[[&#34;2025-01-15&#34;,&#34;Convening to advise&#34;,&#34;convening_to_advise&#34;],[&#34;2025-06-10&#34;,&#34;Convening to coordinate&#34;,&#34;convening_to_coordinate&#34;]]"`) {
		t.Errorf("the static page's integration level cell: %q", got)
	}
}

// readOutCompare builds the site in dir, with its git history, and
// returns its static compare page.
func readOutCompare(t *testing.T, dir string) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := Build(Options{Source: os.DirFS(dir), Dir: dir, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	return readOut(t, dest, "compare/index.html")
}
