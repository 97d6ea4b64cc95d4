package main

import (
	"fmt"
	stdhtml "html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// newSyntaxSite makes a site with one playbook, published, and returns
// the site's folder and the playbook's file.
func newSyntaxSite(t *testing.T) (site, page string) {
	t.Helper()
	dir := t.TempDir()
	site = newSite(t, dir, "s")
	if _, stderr, code := run(t, site, "new", "playbook", "first-steps"); code != 0 {
		t.Fatal(stderr)
	}
	page = filepath.Join(site, "content", "playbooks", "first-steps.md")
	data, _ := os.ReadFile(page)
	os.WriteFile(page, []byte(strings.Replace(string(data), `status = "draft"`, `status = "published"`, 1)), 0o644)
	return site, page
}

// replaceLine replaces the line of file that matches re with line, and
// returns its number.
func replaceLine(t *testing.T, file, re, line string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if regexp.MustCompile(re).MatchString(l) {
			lines[i] = line
			os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644)
			return i + 1
		}
	}
	t.Fatalf("no line of %s matches %s", file, re)
	return 0
}

// TestSyntaxErrorShowsTheLine checks that check and build print a mistake
// in the TOML of a page or of site.toml with the line it is on and a caret
// under the problem.
func TestSyntaxErrorShowsTheLine(t *testing.T) {
	site, page := newSyntaxSite(t)
	// both says what check and build must print.
	both := func(want string) {
		t.Helper()
		for _, cmd := range []string{"check", "build"} {
			if _, stderr, code := run(t, site, cmd); code != 1 || stderr != want {
				t.Errorf("%s: exit %d, stderr:\n%s\nwant:\n%s", cmd, code, stderr, want)
			}
		}
	}
	n := replaceLine(t, page, `^updated = `, "updated = 03/12/2026")
	want := fmt.Sprintf("content/playbooks/first-steps.md:%d: front matter: 03/12/2026 is not a date the site can read: write dates as 2026-12-03 (year-month-day)\n"+
		"%5d | updated = 03/12/2026\n"+
		"      |           ^^^^^^^^^^\n"+
		"1 problem found: nothing was published.\n", n, n)
	both(want)

	n = replaceLine(t, filepath.Join(site, "site.toml"), `^baseURL = `, "baseURL = http://127.0.0.1:1313/")
	want = fmt.Sprintf("site.toml:%d: text goes in quotes: write baseURL = \"http://127.0.0.1:1313/\"\n"+
		"%5d | baseURL = http://127.0.0.1:1313/\n"+
		"      |           ^^^^^^^^^^^^^^^^^^^^^^\n"+
		"1 problem found: nothing was published.\n", n, n)
	both(want)
}

// TestLivePreviewShowsTheLine checks that the preview's page of problems
// shows a mistake in the TOML as check prints it, with its line and the
// caret, escaped, in monospace that keeps the caret under the problem.
func TestLivePreviewShowsTheLine(t *testing.T) {
	site, page := newSyntaxSite(t)
	base := startServe(t, site)
	ev := events(t, base)
	n := replaceLine(t, page, `^summary = `, `summary = "Tea & "cake" <today>"`)
	waitEvent(t, ev, `"error":true`)
	html := get(t, base+"playbooks/first-steps/")
	want := fmt.Sprintf(`<div class="problems"><p>content/playbooks/first-steps.md:%d: front matter: a &#34; inside the text ends it early: write summary = &#39;Tea &amp; &#34;cake&#34; &lt;today&gt;&#39; (single quotes around it), or write each &#34; inside it as \&#34;</p>`+
		`<pre>%5d | summary = &#34;Tea &amp; &#34;cake&#34; &lt;today&gt;&#34;`+"\n"+
		`      |                  ^</pre></div>`, n, n)
	if !strings.Contains(html, want) {
		t.Errorf("the page of problems lacks\n%s\n%s", want, html)
	}
	// The page's text is what check prints.
	m := regexp.MustCompile(`(?s)<div class="problems">(.*?)</div>`).FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no problems on the page:\n%s", html)
	}
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(strings.ReplaceAll(m[1], "</p><pre>", "\n"), "")
	if _, stderr, _ := run(t, site, "check"); stderr != stdhtml.UnescapeString(text)+"\n1 problem found: nothing was published.\n" {
		t.Errorf("the page says\n%s\ncheck says\n%s", stdhtml.UnescapeString(text), stderr)
	}
}
