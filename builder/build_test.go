package builder

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// buildDir builds the site in dir into dest and returns the error.
func buildDir(t *testing.T, dir, dest string, opts Options) error {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	opts.Source, opts.Dest = RootFS(root), dest
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	_, err = Build(opts)
	return err
}

// treeHash returns a digest of every file under dir, names and contents.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	var names []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	for _, n := range names {
		data, _ := os.ReadFile(n)
		fmt.Fprintf(h, "%s %x\n", strings.TrimPrefix(n, dir), sha256.Sum256(data))
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestBuildWritesTheSite(t *testing.T) {
	dir := writeSite(t, minimalSite)
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{
		"index.html", "404.html", "sitemap.xml", "feed.xml", "robots.txt", "css/intkb.css", "css/code.css",
		"playbooks/index.html", "playbooks/start-with-needs/index.html",
		"case-studies/saltmere-frailty/index.html", "frameworks/first-conversation/index.html",
		"blueprints/saltmere/index.html", "tags/needs/index.html", "tags/population-health/index.html",
		"cohorts/frailty/index.html", "cohorts/care-homes/index.html", "areas/saltmere/index.html",
		"integration-levels/convening-to-coordinate/index.html", "search/index.html",
	} {
		if _, err := os.Stat(filepath.Join(dest, rel)); err != nil {
			t.Errorf("missing %s", rel)
		}
	}
	page := readOut(t, dest, "playbooks/start-with-needs/index.html")
	for _, want := range []string{
		`<a href="/blueprints/saltmere/#needs-first">the Saltmere model</a>`,
		`<a href="/tags/needs/">Needs</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("playbook page lacks %s", want)
		}
	}
	// The case study's review date (2026-10-01) is before testNow.
	if cs := readOut(t, dest, "case-studies/saltmere-frailty/index.html"); !strings.Contains(cs, "This page is past its review date") {
		t.Error("an overdue page shows no notice")
	}
	// A page in date holds the notice only in a <template>, for
	// js/review.js to show once the reader's today is past the date.
	pb := readOut(t, dest, "playbooks/start-with-needs/index.html")
	held := `<template data-review-due="2027-03-14"><div class="notice notice--warning" id="review" role="note">`
	if strings.Count(pb, "past its review date") != 1 || !strings.Contains(pb, held) {
		t.Errorf("a page in date shows the overdue notice, or does not hold it for the script: want it once, in %s", held)
	}
	fw := readOut(t, dest, "frameworks/first-conversation/index.html")
	if !strings.Contains(fw, "What matters most? <span class=\"required-mark\"") || strings.Contains(fw, "What next? <span class=\"required-mark\"") {
		t.Error("required questions are not marked exactly")
	}
	if !strings.Contains(fw, "<th scope=\"row\">Charity</th><td>Chief executive</td><td>Service manager</td>") {
		t.Error("the framework does not show the partner's sponsor and implementer")
	}
	bp := readOut(t, dest, "blueprints/saltmere/index.html")
	for _, want := range []string{"120,000", "Convening to coordinate", "Aligned budgets", "View-only access"} {
		if !strings.Contains(bp, want) {
			t.Errorf("blueprint lacks %q", want)
		}
	}
	if sm := readOut(t, dest, "sitemap.xml"); !strings.Contains(sm, "<loc>https://example.org/blueprints/saltmere/</loc>") {
		t.Error("sitemap lacks the blueprint")
	}
}

func TestBaseURLWithPath(t *testing.T) {
	dir := writeSite(t, minimalSite)
	dest := filepath.Join(t.TempDir(), "out")
	if err := buildDir(t, dir, dest, Options{BaseURL: "https://example.org/icb/north/"}); err != nil {
		t.Fatal(err)
	}
	attr := regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, _ := os.ReadFile(p)
		for _, m := range attr.FindAllStringSubmatch(string(data), -1) {
			link := m[1]
			if strings.HasPrefix(link, "#") || strings.HasPrefix(link, "https://") {
				continue
			}
			if !strings.HasPrefix(link, "/icb/north/") {
				t.Errorf("%s: link %q ignores the base path", strings.TrimPrefix(p, dest), link)
			}
		}
		return nil
	})
}

func TestFailedBuildLeavesThePreviousSite(t *testing.T) {
	dir := writeSite(t, minimalSite)
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	before := treeHash(t, dest)
	bad := filepath.Join(dir, "content", "playbooks", "start-with-needs.md")
	if err := os.WriteFile(bad, []byte("+++\ntitle = \"broken\n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := buildDir(t, dir, dest, Options{})
	if err == nil {
		t.Fatal("a broken page built")
	}
	if !strings.Contains(err.Error(), "content/playbooks/start-with-needs.md:2:") {
		t.Errorf("the error does not name the file and line: %v", err)
	}
	if after := treeHash(t, dest); after != before {
		t.Error("a failed build changed the published site")
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("a failed build left files beside the destination: %v", entries)
	}
}

func TestRemovedPagesDoNotLinger(t *testing.T) {
	dir := writeSite(t, minimalSite)
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	// A dotfile a user put there (such as .git for deploying) is kept.
	os.WriteFile(filepath.Join(dest, ".gitkeep"), nil, 0o644)
	os.Remove(filepath.Join(dir, "content", "frameworks", "first-conversation.md"))
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "frameworks", "first-conversation")); err == nil {
		t.Error("a removed page is still in the output")
	}
	if _, err := os.Stat(filepath.Join(dest, ".gitkeep")); err != nil {
		t.Error("the build dropped a dotfile from the destination")
	}
}

func TestRefusesToReplaceAFolderItDidNotWrite(t *testing.T) {
	dir := writeSite(t, minimalSite)
	dest := t.TempDir()
	os.WriteFile(filepath.Join(dest, "thesis.docx"), []byte("precious"), 0o644)
	err := buildDir(t, dir, dest, Options{})
	if err == nil || !strings.Contains(err.Error(), "refusing to replace it") {
		t.Fatalf("got %v, want a refusal", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dest, "thesis.docx")); string(data) != "precious" {
		t.Error("the folder was changed")
	}
}

func TestDraftsAreLeftOut(t *testing.T) {
	draft := "+++\ntitle = \"Winter\"\nsummary = \"S\"\nstatus = \"draft\"\nupdated = 2026-01-01\nreview_due = 2027-01-01\nphase = \"sustain\"\naddresses = [\"form\"]\n[[steps]]\ntitle = \"Plan\"\n+++\n"
	dir := writeSite(t, minimalSite+"-- content/playbooks/winter.md --\n"+draft)
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "playbooks", "winter")); err == nil {
		t.Error("a draft was published")
	}
	if err := buildDir(t, dir, dest, Options{Drafts: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "playbooks", "winter", "index.html")); err != nil {
		t.Error("--drafts left the draft out")
	}
}

func TestHostileContent(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"two pages with one URL", func(t *testing.T, dir string) {
			os.MkdirAll(filepath.Join(dir, "content/playbooks/start-with-needs"), 0o755)
			data, _ := os.ReadFile(filepath.Join(dir, "content/playbooks/start-with-needs.md"))
			os.WriteFile(filepath.Join(dir, "content/playbooks/start-with-needs/index.md"), data, 0o644)
		}, "content/playbooks/start-with-needs/index.md: has the same URL /playbooks/start-with-needs/ as content/playbooks/start-with-needs.md: rename one of them"},
		{"link to a missing page", func(t *testing.T, dir string) {
			appendTo(t, filepath.Join(dir, "content/glossary.md"), "+++\ntitle = \"Glossary\"\n+++\n\nSee [needs](playbooks/start-with-need.md).\n")
		}, `content/glossary.md:5: link to missing page "playbooks/start-with-need.md" (did you mean "playbooks/start-with-needs.md"?)`},
		{"link to a missing heading", func(t *testing.T, dir string) {
			appendTo(t, filepath.Join(dir, "content/glossary.md"), "+++\ntitle = \"Glossary\"\n+++\n\nSee [needs](blueprints/saltmere.md#needs-frst).\n")
		}, `content/glossary.md:5: link to #needs-frst, but content/blueprints/saltmere.md has no heading with that id (did you mean #needs-first?)`},
		{"a path that climbs out", func(t *testing.T, dir string) {
			appendTo(t, filepath.Join(dir, "content/glossary.md"), "+++\ntitle = \"Glossary\"\n+++\n\n![x](../../etc/passwd)\n")
		}, `content/glossary.md:5: link "../../etc/passwd" climbs out of the content folder: link to pages and files inside content/`},
		{"a script link", func(t *testing.T, dir string) {
			appendTo(t, filepath.Join(dir, "content/glossary.md"), "+++\ntitle = \"Glossary\"\n+++\n\n[x](javascript:alert(1))\n")
		}, `content/glossary.md:5: link "javascript:alert(1)" uses a javascript: URL, which is not allowed`},
		{"a symlink loop", func(t *testing.T, dir string) {
			os.Symlink("loop.md", filepath.Join(dir, "content/loop.md"))
		}, "content/loop.md: cannot follow symbolic link"},
		{"a symlink out of the site", func(t *testing.T, dir string) {
			os.Symlink("/etc/hostname", filepath.Join(dir, "content/host.md"))
		}, "content/host.md: cannot follow symbolic link"},
		{"a huge file", func(t *testing.T, dir string) {
			f, _ := os.Create(filepath.Join(dir, "content/huge.md"))
			f.Truncate(50 << 20)
			f.Close()
		}, "content/huge.md: file is 50.0 MB: a page may be at most 512 KB (split it into several pages; keep large files under static/)"},
		{"an empty file", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "content/empty.md"), nil, 0o644)
		}, "content/empty.md: file is empty"},
		{"a layout that does not exist", func(t *testing.T, dir string) {
			appendTo(t, filepath.Join(dir, "content/glossary.md"), "+++\ntitle = \"Glossary\"\nlayout = \"glosary\"\n+++\n")
		}, `content/glossary.md:3: layout: "glosary" is not a layout`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, minimalSite)
			dest := filepath.Join(t.TempDir(), "public")
			if err := buildDir(t, dir, dest, Options{}); err != nil {
				t.Fatal(err)
			}
			before := treeHash(t, dest)
			tt.setup(t, dir)
			err := buildDir(t, dir, dest, Options{})
			if err == nil {
				t.Fatal("built without error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n got %v\nwant it to contain %q", err, tt.want)
			}
			if treeHash(t, dest) != before {
				t.Error("the failed build changed the previous output")
			}
		})
	}
}

func appendTo(t *testing.T, name, text string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(text)
	f.Close()
}

func TestTitleWithHTMLIsEscaped(t *testing.T) {
	page := "+++\ntitle = \"<script>alert(1)</script> & <b>bold</b>\"\nsummary = \"\\\"><img src=x onerror=alert(1)>\"\n+++\n\n<script>alert(2)</script>\n\n<img src=x onerror=alert(3)>\n"
	dir := writeSite(t, minimalSite+"-- content/evil.md --\n"+page)
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	out := readOut(t, dest, "evil/index.html")
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>bold"} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q unescaped", bad)
		}
	}
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;") {
		t.Error("the title is not shown escaped")
	}
}

func TestSiteLayoutOverridesDefault(t *testing.T) {
	custom := "{{define \"main\"}}<p class=\"custom\">{{.Title}}</p>{{end}}"
	dir := writeSite(t, minimalSite+"-- layouts/playbook.html --\n"+custom+"\n-- static/css/extra.css --\nbody{}\n")
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	if out := readOut(t, dest, "playbooks/start-with-needs/index.html"); !strings.Contains(out, `<p class="custom">Start with needs</p>`) {
		t.Error("the site's playbook layout was not used")
	}
	if out := readOut(t, dest, "blueprints/saltmere/index.html"); !strings.Contains(out, "Convening to coordinate") {
		t.Error("other types lost their default layout")
	}
	readOut(t, dest, "css/extra.css")
}

func TestBrokenLayoutNamesItsFile(t *testing.T) {
	dir := writeSite(t, minimalSite+"-- layouts/blueprint.html --\n{{define \"main\"}}\n{{.Nope}\n{{end}}\n")
	err := buildDir(t, dir, filepath.Join(t.TempDir(), "p"), Options{})
	if err == nil || !strings.Contains(err.Error(), "layouts/blueprint.html: blueprint.html:2:") {
		t.Fatalf("got %v", err)
	}
}

func TestPagination(t *testing.T) {
	var b strings.Builder
	b.WriteString(minimalSite)
	for i := 0; i < 23; i++ {
		fmt.Fprintf(&b, "-- content/case-studies/c%02d.md --\n+++\ntitle = \"C%02d\"\nsummary = \"S\"\nupdated = 2026-01-01\nreview_due = 2027-01-01\narea = \"saltmere\"\ncohorts = [\"frailty\"]\nsetting = \"Town\"\nchanges = [\"One\"]\nlearnings = [\"One\", \"Two\", \"Three\"]\nevidence_type = \"descriptive\"\ncontact_role = \"Lead\"\n[[outcomes]]\nmeasure = \"M\"\ndirection = \"not_measured\"\n+++\n", i, i)
	}
	dir := writeSite(t, b.String())
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	// 24 case studies at 10 a page: three pages.
	p3 := readOut(t, dest, "case-studies/page/3/index.html")
	if !strings.Contains(p3, "24 pages, showing 21 to 24") || !strings.Contains(p3, `href="/case-studies/page/2/" rel="prev"`) {
		t.Error("page 3 of the case studies list is wrong")
	}
	if _, err := os.Stat(filepath.Join(dest, "case-studies/page/4")); err == nil {
		t.Error("an empty fourth page was written")
	}
}

// TestBuildUsesGivenConfig checks that Build takes the settings it is
// given instead of reading site.toml again, and leaves them as they were.
func TestBuildUsesGivenConfig(t *testing.T) {
	fsys := siteFS(t, minimalSite)
	cfg, err := LoadConfig(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := *cfg
	cfg.Title = "Given title"
	delete(fsys, "site.toml")
	res, err := Build(Options{Source: fsys, Config: cfg, BaseURL: "https://example.org/north/", Now: testNow})
	if err != nil {
		t.Fatalf("building with the settings given and no site.toml: %v", err)
	}
	if res.Config.Title != "Given title" || res.Config.BaseURL != "https://example.org/north/" {
		t.Errorf("built with title %q and baseURL %q, want the title given and the base URL override", res.Config.Title, res.Config.BaseURL)
	}
	if cfg.BaseURL != want.BaseURL {
		t.Errorf("the build changed the given settings' baseURL to %q", cfg.BaseURL)
	}
	if _, err := LoadConfig(fsys); err == nil || err.Error() != `site.toml: not found: point --source at a site's folder, or make one with "intkb new site DIR"` {
		t.Errorf("LoadConfig without site.toml: %v", err)
	}
}
