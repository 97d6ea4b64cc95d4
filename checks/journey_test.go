package checks

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// siteAddress is where the journey's site is published: not an address
// kept for examples, which the build would warn about.
const siteAddress = "https://kb.northshire.nhs.uk/neighbourhoods/"

// TestJourney is what a facilitator does from an empty folder to a site
// ready to publish, with the real binary: make a site, add a playbook
// and a blueprint and publish them without writing their text, be told
// what is not ready (and have --strict refuse it), fix it, and build
// strictly; share it as a folder and search it there, in a browser with
// no web server; check its open data with a JSON Schema validator that
// is not intkb's. (That the prebuilt binaries they would download
// build, and pass sha256sum, is the release package's test.)
func TestJourney(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "north")

	t.Run("1 new site", func(t *testing.T) {
		if _, stderr, code := run(t, dir, "new", "site", "north"); code != 0 {
			t.Fatalf("new site: exit %d: %s", code, stderr)
		}
		for _, f := range []string{"site.toml", ".gitignore", ".github/workflows/publish.yml", "content/_index.md"} {
			if _, err := os.Stat(filepath.Join(site, f)); err != nil {
				t.Errorf("new site did not write %s", f)
			}
		}
	})

	t.Run("2 new pages, published as written", func(t *testing.T) {
		for _, kind := range []string{"playbook", "blueprint"} {
			if _, stderr, code := run(t, site, "new", kind, "our-area"); code != 0 {
				t.Fatalf("new %s: exit %d: %s", kind, code, stderr)
			}
		}
		stdout, _, code := run(t, site, "build")
		if want := "2 drafts not published: content/blueprints/our-area.md, content/playbooks/our-area.md; use --drafts to preview them"; code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("build with two drafts: exit %d, stdout:\n%s\nwant %q", code, stdout, want)
		}
		editFile(t, site, "content/playbooks/our-area.md", `status = "draft"`, `status = "published"`)
		editFile(t, site, "content/blueprints/our-area.md", `status = "draft"`, `status = "published"`)
	})

	// The warnings, with the fix each names, in file order.
	want := []string{
		`content/_index.md:7: the body still holds text that "intkb new" wrote for you to replace, "Say here what this site is and who it is for."`,
		`content/about.md:6: the body still holds text that "intkb new" wrote for you to replace, "Who publishes this site, and how to contact them (by role)."`,
		`content/blueprints/our-area.md:4: summary, needs.footprint (line 13),`,
		`content/playbooks/our-area.md:4: summary, outputs[0] (line 12),`,
		`site.toml:6: baseURL: "http://127.0.0.1:1313/" is this computer's own address`,
		`site.toml:15: licence: is not set, but 1 blueprint is published as open data`,
		`site.toml:17: attribution: is not set, but 1 blueprint is published as open data`,
		`site.toml:33: areas[0].setting and areas[0].description (line 34) still hold text that "intkb new" wrote`,
	}
	t.Run("3 default baseURL: warnings, and --strict fails", func(t *testing.T) {
		stdout, stderr, code := run(t, site, "build")
		if code != 0 || !strings.Contains(stdout, "Built 4 pages") {
			t.Errorf("build: exit %d\n%s%s", code, stdout, stderr)
		}
		if got := lineStarts(stderr, "warning: "); !startsMatch(got, want) {
			t.Errorf("build's warnings:\n%s\nwant lines starting\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		os.RemoveAll(filepath.Join(site, "public"))
		stdout, stderr, code = run(t, site, "build", "--strict")
		if got := lineStarts(stderr, ""); code != 1 || !startsMatch(got, append(want, "8 problems found: nothing was published.")) {
			t.Errorf("build --strict: exit %d, stderr:\n%s\nwant exit 1 and lines starting\n%s", code, stderr, strings.Join(want, "\n"))
		}
		if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
			t.Errorf("build --strict published despite its problems: %s", stdout)
		}
	})

	t.Run("4 fixed: build --strict passes", func(t *testing.T) {
		makeReady(t, site)
		stdout, stderr, code := run(t, site, "build", "--strict")
		if code != 0 || stderr != "" {
			t.Fatalf("build --strict of the fixed site: exit %d\n%s%s", code, stdout, stderr)
		}
		sitemap, _ := os.ReadFile(filepath.Join(site, "public", "sitemap.xml"))
		if !strings.Contains(string(sitemap), "<loc>"+siteAddress+"playbooks/our-area/</loc>") {
			t.Errorf("the sitemap does not name the site's address:\n%s", sitemap)
		}
	})

	t.Run("5 the offline copy, searched in Chromium from a folder", func(t *testing.T) {
		if testing.Short() {
			t.Skip("drives Chromium: not with -short")
		}
		checkJourneyOffline(t, site, filepath.Join(dir, "shared drive", "Our Site"))
	})

	t.Run("6 blueprints.json meets its JSON Schema, by Ajv", func(t *testing.T) {
		got := checkOpenData(t, filepath.Join(site, "public"), siteAddress)
		if got.Records != 1 {
			t.Errorf("blueprints.json holds %d blueprints, want the one the journey added", got.Records)
		}
	})

}

// checkJourneyOffline builds the offline copy of the journey's site into
// folder, whose path has spaces, checks that every link names a file of
// the copy, opens it in Chromium from file: URLs and searches from the
// header for words the journey wrote into its pages: the playbook must
// be among the results, with no script error or failed load. (The
// demo's TestOfflineCopy also crawls every page in Chromium.)
func checkJourneyOffline(t *testing.T, site, folder string) {
	t.Helper()
	node := needBrowser(t)
	if stdout, stderr, code := run(t, site, "build", "--offline", "--dest", folder); code != 0 || !strings.Contains(stdout, "It works opened from a folder") {
		t.Fatalf("build --offline: exit %d\n%s%s", code, stdout, stderr)
	}
	checkOfflineLinks(t, folder, 50)
	root := (&url.URL{Scheme: "file", Path: filepath.ToSlash(folder) + "/"}).String()
	var got struct {
		Errors, Failed []string
		Steps          map[string]string
		Count          string
		Results        []struct{ Href, Title string }
	}
	plan := map[string]any{"chromium": chromium, "home": root + "index.html", "query": "own words", "shots": outDir(t, "journey-offline"),
		"steps": []string{"search"}}
	runNode(t, node, []string{"offline.mjs"}, plan, &got)
	if got.Steps["search"] != "ok" {
		t.Errorf("search: %s", got.Steps["search"])
	}
	for _, l := range [][]string{got.Errors, got.Failed} {
		for _, p := range l {
			t.Error(p)
		}
	}
	if !slices.ContainsFunc(got.Results, func(r struct{ Href, Title string }) bool {
		return strings.HasPrefix(r.Href, root+"playbooks/our-area/index.html")
	}) {
		t.Errorf("searching the offline copy for \"own words\" found %q: %+v, want the playbook", got.Count, got.Results)
	}
}

// makeReady does what the warnings of a new site ask: its address, the
// terms of its open data, and its own words for every text that "intkb
// new" wrote, in site.toml and in the published pages.
func makeReady(t *testing.T, site string) {
	t.Helper()
	editFile(t, site, "site.toml", `baseURL = "http://127.0.0.1:1313/"`, `baseURL = "`+siteAddress+`"`)
	editFile(t, site, "site.toml", `licence = ""`, `licence = "Open Government Licence v3.0"`)
	editFile(t, site, "site.toml", `attribution = ""`, `attribution = "Contains information from Northshire ICB"`)
	editFile(t, site, "site.toml", `setting = "The kind of place"`, `setting = "Market towns and villages"`)
	editFile(t, site, "site.toml", `description = "A sentence about the area."`, `description = "Three market towns and the villages between them."`)
	editFile(t, site, "content/_index.md", "Say here what this site is and who it is for.", "How Northshire's neighbourhood teams are built, for the people who build them.")
	editFile(t, site, "content/about.md", "Who publishes this site, and how to contact them (by role).", "Published by the neighbourhood programme team; write to the programme lead.")
	for _, page := range []string{"content/playbooks/our-area.md", "content/blueprints/our-area.md"} {
		data, err := os.ReadFile(filepath.Join(site, page))
		if err != nil {
			t.Fatal(err)
		}
		// Every quoted value and body sentence the scaffold wrote, in the
		// author's own words: a sentence of their own, numbered.
		n := 0
		text := regexp.MustCompile(`"(One or two sentences[^"]*|What the reader[^"]*|The first step|What to do[^"]*|The next step|Add a \[\[steps\]\][^"]*|The area covered[^"]*|What matters[^"]*|What the team does[^"]*|The body the team[^"]*|What is measured[^"]*|How the model is evaluated[^"]*)"`).
			ReplaceAllStringFunc(string(data), func(string) string { n++; return fmt.Sprintf(`"Our own words, number %d."`, n) })
		for _, s := range []string{"Write the page here in Markdown.", "A first section", "Use ## headings for sections: each is findable in search on its own."} {
			n++
			text = strings.ReplaceAll(text, s, fmt.Sprintf("Our own sentence, number %d.", n))
		}
		if err := os.WriteFile(filepath.Join(site, page), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// lineStarts returns the lines of s that start with prefix, without it.
func lineStarts(s, prefix string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if rest, ok := strings.CutPrefix(l, prefix); ok && l != "" {
			out = append(out, rest)
		}
	}
	return out
}

// startsMatch reports whether got has as many lines as want, each
// starting with want's.
func startsMatch(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !strings.HasPrefix(got[i], want[i]) {
			return false
		}
	}
	return true
}
