package checks

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"intkb/internal/testenv"
)

// chromium is Debian's Chromium, which the checks drive; Playwright's own
// browser downloads are never used.
const chromium = "/usr/bin/chromium"

// needBrowser checks that Chromium and playwright-core, with any other
// node modules named, are installed (skipping, or failing in CI, as
// testenv.Need does), and returns the node_modules folder.
func needBrowser(t *testing.T, modules ...string) string {
	t.Helper()
	_, err := os.Stat(chromium)
	testenv.Need(t, err == nil, "Chromium is not at %s", chromium)
	return testenv.NodeModules(t, append([]string{"playwright-core/package.json"}, modules...)...)
}

// axeTags are the axe-core rule tags for WCAG 2.0, 2.1 and 2.2, levels A
// and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// browserPage is a page of the demo site the browser visits: one of each
// kind the site makes.
type browserPage struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	Status int    `json:"status"`
	Focus  bool   `json:"focus"` // tab through it, checking focus shows
}

var browserPages = []browserPage{
	{"home", "", 200, true},
	{"section-list", "playbooks/", 200, true},
	{"playbook", "playbooks/start-with-needs/", 200, true},
	{"case-study", "case-studies/saltmere-frailty-home-first/", 200, false},
	{"framework", "frameworks/first-conversation-with-a-partner/", 200, false},
	{"blueprint", "blueprints/saltmere/", 200, true},
	{"taxonomy", "cohorts/", 200, false},
	{"term", "cohorts/frailty/", 200, false},
	{"areas", "areas/", 200, false},
	{"area", "areas/saltmere/", 200, false},
	{"compare", "compare/", 200, true},
	{"compare-two", "compare/?areas=saltmere,kingsmoor&diff=1", 200, false},
	{"compare-since", "compare/?since=2025-01-01", 200, true},
	{"compare-asat", "compare/?areas=saltmere,brackenfield&asat=2025-05-01", 200, false},
	{"search", "search/?q=frailty+care+homes", 200, true},
	{"search-empty", "search/", 200, false},
	{"self-assessment", "self-assessment/", 200, true},
	{"data", "data/", 200, false},
	{"glossary", "glossary/", 200, false},
	{"authoring-guide", "guide/authoring/", 200, true},
	{"not-found", "no/such/page/", 404, true},
}

type browserReport struct {
	Pages []struct {
		Name       string `json:"name"`
		Path       string `json:"path"`
		Width      string `json:"width"`
		Status     int    `json:"status"`
		Overflow   int    `json:"overflow"`
		Errors     []string
		Violations []struct {
			ID    string `json:"id"`
			Help  string `json:"help"`
			Count int    `json:"count"`
			Nodes []struct {
				Target  string `json:"target"`
				HTML    string `json:"html"`
				Summary string `json:"summary"`
			} `json:"nodes"`
		} `json:"violations"`
	} `json:"pages"`
	Keyboard []struct {
		Name     string   `json:"name"`
		Problems []string `json:"problems"`
		Checked  int      `json:"checked"` // elements whose focus was checked
	} `json:"keyboard"`
}

// TestBrowser serves the demo site and checks every kind of page in
// headless Chromium at desktop and phone widths: no axe-core violations of
// WCAG 2.2 A and AA, no horizontal scrolling of the page, no script
// errors, and the keyboard checks of browser.mjs. Screenshots are left in
// testout/screenshots/.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser checks take a minute: not with -short")
	}
	node := needBrowser(t, "axe-core/axe.min.js")

	s := serve(t)
	shots := outDir(t, "screenshots")
	plan := map[string]any{
		"base": s.base, "chromium": chromium, "screenshots": shots, "tags": axeTags,
		"widths": map[string]int{"desktop": 1280, "phone": phoneWidth}, "pages": browserPages,
	}
	dir := t.TempDir()
	planFile, reportFile := filepath.Join(dir, "plan.json"), filepath.Join(filepath.Dir(shots), "browser-report.json")
	data, _ := json.Marshal(plan)
	if err := os.WriteFile(planFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "browser.mjs", planFile, reportFile)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("browser.mjs: %v\n%s", err, out)
	}
	data, err := os.ReadFile(reportFile)
	if err != nil {
		t.Fatal(err)
	}
	var report browserReport
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatal(err)
	}
	if want := 2 * len(browserPages); len(report.Pages) != want {
		t.Fatalf("the browser checked %d pages, want %d", len(report.Pages), want)
	}
	violations := 0
	for _, p := range report.Pages {
		where := "/" + p.Path + " at " + p.Width + " width"
		want := 200
		for _, bp := range browserPages {
			if bp.Name == p.Name {
				want = bp.Status
			}
		}
		if p.Status != want {
			t.Errorf("%s: status %d, want %d", where, p.Status, want)
		}
		for _, e := range p.Errors {
			t.Errorf("%s: %s", where, e)
		}
		if p.Overflow > 0 {
			t.Errorf("%s: the page scrolls sideways by %d px", where, p.Overflow)
		}
		for _, v := range p.Violations {
			violations += v.Count
			var nodes []string
			for _, n := range v.Nodes {
				nodes = append(nodes, "    "+n.Target+": "+n.HTML)
			}
			t.Errorf("%s: axe %s (%d elements): %s\n%s", where, v.ID, v.Count, v.Help, strings.Join(nodes, "\n"))
		}
	}
	t.Logf("axe-core checked %d page views: %d violations", len(report.Pages), violations)
	if len(report.Keyboard) < 6 {
		t.Errorf("only %d keyboard checks ran", len(report.Keyboard))
	}
	for _, k := range report.Keyboard {
		if k.Checked > 0 {
			t.Logf("keyboard, %s: %d elements reached by Tab", k.Name, k.Checked)
		}
		for _, p := range k.Problems {
			t.Errorf("keyboard, %s: %s", k.Name, p)
		}
	}
}
