package checks

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestHostileLinks runs the real intkb build on a site whose playbook
// links, on line 13, in each way a link must not be published: a file:
// or data: URL, a script autolink, a scheme hidden by case, a tab or an
// entity, a path from the site's top that leads nowhere, and a link
// copied from the local preview. Each fails with exit status 1 and an
// error naming the file and line, and leaves the previous output as it
// was.
func TestHostileLinks(t *testing.T) {
	const link = "[glossary](../glossary.md)"
	tests := []struct {
		name, link string
		want       []string // each must be in stderr
	}{
		{"a file: link", "[glossary](file:///C:/Users/me/glossary.docx)",
			[]string{playbook + `:13: link "file:///C:/Users/me/glossary.docx" uses a file: URL, which is not allowed`, "put the file beside the page"}},
		{"a data: image", "![logo](data:image/png;base64,iVBORw0KGgo=)",
			[]string{playbook + `:13: link "data:image/png;base64,iVBORw0KGgo=" uses a data: URL, which is not allowed`}},
		{"a data: page", "[glossary](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
			[]string{playbook + `:13: link "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" uses a data: URL`}},
		{"a javascript: autolink", "<javascript:alert(document.cookie)>",
			[]string{playbook + `:13: link "javascript:alert(document.cookie)" uses a javascript: URL, which is not allowed`}},
		{"a file: autolink", "<file:///etc/passwd>",
			[]string{playbook + `:13: link "file:///etc/passwd" uses a file: URL`}},
		{"a data: autolink", "<data:text/html,hi>",
			[]string{playbook + `:13: link "data:text/html,hi" uses a data: URL`}},
		{"a scheme in mixed case with a tab", "[glossary](<JaVa\tScRiPt:alert(1)>)",
			[]string{playbook + `:13: link "JaVa\tScRiPt:alert(1)" uses a javascript: URL`}},
		{"a scheme behind an entity", "[glossary](&#x20;javascript&colon;alert(1))",
			[]string{playbook + `:13: link " javascript:alert(1)" uses a javascript: URL`}},
		{"a missing page from the top", "[glossary](/no/such/page/)",
			[]string{playbook + `:13: link to missing page "/no/such/page/"`}},
		{"a mistyped content path from the top", "[glossary](/glosary.md)",
			[]string{playbook + `:13: link to missing page "/glosary.md" (did you mean "/glossary.md"?)`}},
		{"a mistyped page URL from the top", "[glossary](/glosary/)",
			[]string{playbook + `:13: link to missing page "/glosary/" (did you mean "/glossary/"?)`}},
		{"a missing heading from the top", "[glossary](/glossary/#mtd)",
			[]string{playbook + `:13: link to #mtd, but content/glossary.md has no heading with that id (did you mean #mdt?)`}},
		{"a link to the local preview", "[glossary](http://127.0.0.1:1313/glossary/)",
			[]string{playbook + `:13: link "http://127.0.0.1:1313/glossary/" is to your local preview, which only you can see: write "/glossary/" instead`}},
		{"a link to localhost", "<http://localhost:8080/playbooks/start-with-needs/>",
			[]string{playbook + `:13: link "http://localhost:8080/playbooks/start-with-needs/" is to your local preview`, `write "/playbooks/start-with-needs/" instead`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, dest, before := builtGoodSite(t)
			editFile(t, dir, playbook, link, tt.link)
			r := runWithin(t, time.Minute, dir, "build", "--dest", dest)
			wantRefused(t, r, dir, dest, before, tt.want)
			if !strings.Contains(r.stderr, "1 problem found") {
				t.Errorf("want exactly one problem:\n%s", r.stderr)
			}
		})
	}
}

// TestDecomposedFileName builds a page saved as café.md in the decomposed
// form macOS writes ("cafe" and a combining accent), linked to from
// another page in the composed form a keyboard types. It is published at
// the composed name's URL, which sitemap.xml lists as percent-encoded
// ASCII in well-formed XML, and its canonical link says the same.
func TestDecomposedFileName(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	writeFiles(t, dir, map[string]string{"content/cafe\u0301.md": "+++\ntitle = \"Café\"\n+++\n\nCoffee mornings.\n"})
	editFile(t, dir, "content/glossary.md", "A multidisciplinary team.", "A multidisciplinary team. See the [café](café.md).")
	dest := filepath.Join(t.TempDir(), "public")
	// A public address: only for one does a page name its canonical URL.
	if _, stderr, code := run(t, dir, "build", "--dest", dest, "--base-url", "https://kb.northshire.nhs.uk/"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	const url = "https://kb.northshire.nhs.uk/caf%C3%A9/"
	page, err := os.ReadFile(filepath.Join(dest, "caf\u00e9", "index.html"))
	if err != nil {
		t.Fatalf("the page is not at the composed name's URL: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dest, "cafe\u0301")); err == nil {
		t.Error("the decomposed name was published too")
	}
	if !strings.Contains(string(page), `<link rel="canonical" href="`+url+`">`) {
		t.Error("the canonical link is not the percent-encoded URL")
	}
	glossary, _ := os.ReadFile(filepath.Join(dest, "glossary", "index.html"))
	if !strings.Contains(string(glossary), `<a href="/caf%C3%A9/">café</a>`) {
		t.Error("the link typed in the composed form does not lead to the page")
	}
	raw, err := os.ReadFile(filepath.Join(dest, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var sitemap struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(raw, &sitemap); err != nil {
		t.Fatalf("sitemap.xml is not XML: %v", err)
	}
	found := false
	for _, u := range sitemap.URLs {
		if strings.ContainsFunc(u.Loc, func(r rune) bool { return r > '~' || r <= ' ' }) {
			t.Errorf("sitemap location %q is not percent-encoded ASCII", u.Loc)
		}
		found = found || u.Loc == url
	}
	if !found {
		t.Errorf("sitemap.xml does not list %s:\n%s", url, raw)
	}

	// The same name written both ways is two pages with one URL.
	writeFiles(t, dir, map[string]string{"content/caf\u00e9.md": "+++\ntitle = \"Café\"\n+++\n"})
	_, stderr, code := run(t, dir, "build", "--dest", dest)
	if code != 1 || !strings.Contains(stderr, "has the same URL /café/ as content/") || !strings.Contains(stderr, "differ only in how accented letters are encoded") {
		t.Errorf("exit %d, want 1 and the same-URL error:\n%s", code, stderr)
	}
}

// TestSiteAbsoluteLinksUnderSubPath builds the site for a sub-path with
// --base-url: links written from the site's top, to content files, page
// URLs, lists, generated pages and static files, all get the base path
// and each leads to a file the build wrote.
func TestSiteAbsoluteLinksUnderSubPath(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	writeFiles(t, dir, map[string]string{"static/files/report.pdf": "%PDF-1.4\n"})
	links := map[string]string{
		"a": "/glossary.md", "b": "/glossary/#mdt", "c": "/compare/", "d": "/data/blueprints.csv", "e": "/css/intkb.css",
		"f": "/search/?q=care", "g": "/tags/", "h": "/", "i": "/files/report.pdf", "j": "/playbooks/_index.md",
	}
	var body strings.Builder
	for label, dest := range links {
		body.WriteString(" [" + label + "](" + dest + ")")
	}
	editFile(t, dir, playbook, "Read the [glossary](../glossary.md).", "Read the [glossary](../glossary.md)."+body.String())
	dest := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := run(t, dir, "build", "--dest", dest, "--base-url", "https://example.org/icb/north/"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(dest, "playbooks", "start-with-needs", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a": "/icb/north/glossary/", "b": "/icb/north/glossary/#mdt", "c": "/icb/north/compare/", "d": "/icb/north/data/blueprints.csv",
		"e": "/icb/north/css/intkb.css", "f": "/icb/north/search/?q=care", "g": "/icb/north/tags/", "h": "/icb/north/",
		"i": "/icb/north/files/report.pdf", "j": "/icb/north/playbooks/",
	}
	got := map[string]string{}
	for _, m := range regexp.MustCompile(`<a href="([^"]*)">([a-j])</a>`).FindAllStringSubmatch(string(page), -1) {
		got[m[2]] = m[1]
	}
	for label, w := range want {
		if got[label] != w {
			t.Errorf("[%s](%s) links to %q, want %q", label, links[label], got[label], w)
			continue
		}
		rel := strings.TrimPrefix(w, "/icb/north/")
		rel, _, _ = strings.Cut(rel, "?")
		rel, _, _ = strings.Cut(rel, "#")
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(rel))); err != nil {
			t.Errorf("%s leads to nothing the build wrote: %v", w, err)
		}
	}
}
