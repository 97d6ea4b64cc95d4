package checks

import (
	"crypto/sha256"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// goodSite is a small site that builds; each hostile case breaks it.
var goodSite = map[string]string{
	"site.toml": `title = "Test site"
baseURL = "https://example.org/"
[[areas]]
slug = "saltmere"
name = "Saltmere"
`,
	"content/_index.md": "+++\ntitle = \"Welcome\"\n+++\nHello.\n",
	"content/playbooks/start-with-needs.md": `+++
title = "Start with needs"
summary = "Find out what matters."
updated = 2026-09-14
review_due = 2027-03-14
phase = "explore"
addresses = ["needs"]

[[steps]]
title = "Gather what you know"
+++

Read the [glossary](../glossary.md).
`,
	"content/glossary.md": "+++\ntitle = \"Glossary\"\n+++\n\n## MDT\n\nA multidisciplinary team.\n",
}

const playbook = "content/playbooks/start-with-needs.md"

// writeFiles writes files into dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// editFile replaces old with new in a file of the site, once.
func editFile(t *testing.T, dir, name, old, new string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(name))
	data, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not hold %q", name, old)
	}
	if err := os.WriteFile(full, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// treeHash is a digest of every file under dir, names and contents.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %x\n", strings.TrimPrefix(n, dir), sha256.Sum256(data))
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// builtGoodSite writes goodSite into a new folder and builds it into a
// new destination, as the site a hostile change is then made to. before
// is the digest of what that build published (see treeHash).
func builtGoodSite(t *testing.T) (dir, dest, before string) {
	t.Helper()
	dir = t.TempDir()
	writeFiles(t, dir, goodSite)
	dest = filepath.Join(t.TempDir(), "public")
	if _, stderr, code := run(t, dir, "build", "--dest", dest); code != 0 {
		t.Fatalf("the good site does not build: exit %d\n%s", code, stderr)
	}
	return dir, dest, treeHash(t, dest)
}

// wantRefused checks r, a build of the site in dir into dest after a
// hostile change: it failed with exit status 1, its stderr holds every
// one of want and no panic, and dest is as the good build left it
// (before). intkb check must fail the same way, naming want[0].
func wantRefused(t *testing.T, r ran, dir, dest, before string, want []string) {
	t.Helper()
	if r.code != 1 {
		t.Errorf("exit %d, want 1\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "goroutine ") {
		t.Errorf("intkb panicked:\n%s", r.stderr)
	}
	if treeHash(t, dest) != before {
		t.Error("the failed build changed the previous output")
	}
	if c := runWithin(t, 20*time.Second, dir, "check"); c.code != 1 || !strings.Contains(c.stderr, want[0]) {
		t.Errorf("intkb check: exit %d, stderr:\n%s", c.code, c.stderr)
	}
}

// TestHostileContent runs the real intkb build on broken sites. Each must
// fail with exit status 1 and an error naming the file (and the line,
// where there is one), without a panic, leaving the previous good output
// exactly as it was.
func TestHostileContent(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  []string // each must be in stderr
	}{
		{"malformed TOML", func(t *testing.T, dir string) {
			editFile(t, dir, playbook, `title = "Start with needs"`, `title = "Start with needs`)
		}, []string{playbook + ":2: "}},
		{"unclosed front matter fence", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"content/about.md": "+++\ntitle = \"About\"\n\nNo closing fence.\n"})
		}, []string{"content/about.md:1: ", "+++"}},
		{"invalid UTF-8", func(t *testing.T, dir string) {
			editFile(t, dir, playbook, "Read the", "Read \xc3\x28 the")
		}, []string{playbook + ":13: ", "UTF-8"}},
		{"missing required field", func(t *testing.T, dir string) {
			editFile(t, dir, playbook, "phase = \"explore\"\n", "")
		}, []string{playbook + ":", "phase"}},
		{"unknown controlled value", func(t *testing.T, dir string) {
			editFile(t, dir, playbook, `phase = "explore"`, `phase = "explor"`)
		}, []string{playbook + `:6: phase: "explor" is not one of`, `(did you mean "explore"?)`}},
		{"two pages with one URL", func(t *testing.T, dir string) {
			data, _ := os.ReadFile(filepath.Join(dir, playbook))
			writeFiles(t, dir, map[string]string{"content/playbooks/start-with-needs/index.md": string(data)})
		}, []string{"content/playbooks/start-with-needs/index.md", "content/playbooks/start-with-needs.md", "same URL"}},
		{"link to a missing page", func(t *testing.T, dir string) {
			editFile(t, dir, playbook, "../glossary.md", "../glosary.md")
		}, []string{playbook + `:13: link to missing page "../glosary.md"`, `did you mean "../glossary.md"`}},
		{"a path that climbs out", func(t *testing.T, dir string) {
			editFile(t, dir, playbook, "../glossary.md", "../../../../etc/passwd")
		}, []string{playbook + `:13: link "../../../../etc/passwd" climbs out of the content folder`}},
		{"a site-absolute path that climbs out", func(t *testing.T, dir string) {
			editFile(t, dir, playbook, "../glossary.md", "/../../etc/passwd")
		}, []string{playbook + `:13: link "/../../etc/passwd" climbs out of the site`}},
		{"a symlink loop", func(t *testing.T, dir string) {
			if err := os.Symlink("loop.md", filepath.Join(dir, "content", "loop.md")); err != nil {
				t.Skip("cannot make symbolic links here:", err)
			}
		}, []string{"content/loop.md: cannot follow symbolic link"}},
		{"a 50 MB file", func(t *testing.T, dir string) {
			f, err := os.Create(filepath.Join(dir, "content", "huge.md"))
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("+++\ntitle = \"Huge\"\n+++\n")
			f.Truncate(50 << 20)
			f.Close()
		}, []string{"content/huge.md: file is 50.0 MB"}},
		{"an empty file", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"content/empty.md": ""})
		}, []string{"content/empty.md: file is empty"}},
		{"a script link", func(t *testing.T, dir string) {
			editFile(t, dir, playbook, "../glossary.md", "javascript:alert(document.cookie)")
		}, []string{playbook + `:13: link "javascript:alert(document.cookie)" uses a javascript: URL`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, dest, before := builtGoodSite(t)
			tt.setup(t, dir)
			r := runWithin(t, time.Minute, dir, "build", "--dest", dest)
			wantRefused(t, r, dir, dest, before, tt.want)
			if len(r.stderr) > 4096 {
				t.Errorf("the error is %d bytes long: an author cannot read that", len(r.stderr))
			}
		})
	}
}

var (
	// startTag is an HTML start tag with its attributes. Text never holds
	// a bare "<" (it is escaped), so every match is a real tag.
	startTag  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+))?)*)\s*/?>`)
	attribute = regexp.MustCompile(`([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>` + "`" + `]+)))?`)
)

// scriptsIn returns what in an HTML page could run script: script
// elements other than the site's own (a JSON-LD data block, which a
// browser never runs, is not one), event-handler attributes, and
// javascript: URLs.
func scriptsIn(page string) []string {
	var found []string
	for _, tag := range startTag.FindAllStringSubmatch(page, -1) {
		name := strings.ToLower(tag[1])
		if name == "script" && !strings.Contains(tag[2], `src="/js/`) && !dataBlock(tag[2]) {
			found = append(found, tag[0])
		}
		for _, a := range attribute.FindAllStringSubmatch(tag[2], -1) {
			key := strings.ToLower(a[1])
			value := strings.ToLower(strings.TrimSpace(html.UnescapeString(a[2] + a[3] + a[4])))
			if strings.HasPrefix(key, "on") || (key == "href" || key == "src" || key == "action") && strings.HasPrefix(value, "javascript:") {
				found = append(found, tag[0])
			}
		}
	}
	return found
}

// dataBlock reports whether a script element's attributes make it the
// site's own data, which no browser runs: schema.org's JSON-LD, or the
// search page's meta.json.
func dataBlock(attrs string) bool {
	attrs = strings.TrimSpace(attrs)
	return attrs == `type="application/ld+json"` || attrs == `type="application/json" id="search-meta"`
}

func TestScriptsIn(t *testing.T) {
	page := `<meta content="&#34;&gt;&lt;img src=x onerror=alert(2)&gt;"><p>&lt;script&gt;</p><script src="/js/compare.js" defer></script>` +
		`<img src=x onerror=alert(1)><a href=" JavaScript:x">a</a><script>alert(3)</script><svg onload='x'>` +
		`<script type="application/ld+json">{}</script><script type="module">alert(7)</script>` +
		`<script type="application/json" id="search-meta">{}</script><script type="application/json" id="other">{}</script>`
	got := scriptsIn(page)
	want := []string{`<img src=x onerror=alert(1)>`, `<a href=" JavaScript:x">`, `<script>`, `<svg onload='x'>`, `<script type="module">`, `<script type="application/json" id="other">`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("scriptsIn found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestHostileTitle builds a page whose title, summary, tags and body hold
// HTML and script: it builds, and the output shows them as text, with no
// script but the site's own.
func TestHostileTitle(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	writeFiles(t, dir, map[string]string{"content/evil.md": `+++
title = "<script>alert(1)</script> & <b>bold</b>"
summary = "\"><img src=x onerror=alert(2)>"
tags = ["<svg onload=alert(3)>"]
+++

<script>alert(4)</script>

<img src=x onerror=alert(5)>

[click](JaVaScRiPt:alert(6))
`})
	dest := filepath.Join(t.TempDir(), "public")
	_, stderr, code := run(t, dir, "build", "--dest", dest)
	if code != 1 || !strings.Contains(stderr, "content/evil.md:11: ") {
		t.Fatalf("a javascript: link built: exit %d\n%s", code, stderr)
	}
	editFile(t, dir, "content/evil.md", "[click](JaVaScRiPt:alert(6))", "")
	if _, stderr, code := run(t, dir, "build", "--dest", dest); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(dest, "evil", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;") {
		t.Error("the title is not shown as text")
	}
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".xml") && !strings.HasSuffix(p, ".json") && !strings.HasSuffix(p, ".json.gz") {
			return err
		}
		data := readFile(t, p)
		for _, m := range scriptsIn(string(data)) {
			t.Errorf("%s holds %q", strings.TrimPrefix(p, dest), m)
		}
		return nil
	})
}
