package builder

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestUnindent(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"<ul>\n  <li>a</li>\n\t\t<li>b</li>\n</ul>\n", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"},
		{"  first line\n", "first line\n"},
		{"a  b\n", "a  b\n"}, // only what starts a line
		{"<div>\n  <pre class=\"x\">\n  kept\n    too</pre>\n  <p>\n</div>", "<div>\n<pre class=\"x\">\n  kept\n    too</pre>\n<p>\n</div>"},
		{"<PRE>\n  kept</PRE>\n  gone", "<PRE>\n  kept</PRE>\ngone"},
		{"<textarea name=n>\n  kept\n</textarea>\n  <p>", "<textarea name=n>\n  kept\n</textarea>\n<p>"},
		{"<pre>\n  unclosed\n  to the end", "<pre>\n  unclosed\n  to the end"},
		{"<preface>\n  not pre\n</preface>", "<preface>\nnot pre\n</preface>"},
		{"<p>é\n  <pre>\n  x</pre>\n  İ\n", "<p>é\n<pre>\n  x</pre>\nİ\n"},
		{"{{if .X}}\n  {{.Y}}\n{{end}}\n", "{{if .X}}\n{{.Y}}\n{{end}}\n"},
		{"", ""},
	} {
		got := string(unindent([]byte(c.in)))
		if got != c.want {
			t.Errorf("unindent(%q) = %q, want %q", c.in, got, c.want)
		}
		if strings.Count(got, "\n") != strings.Count(c.in, "\n") {
			t.Errorf("unindent(%q) changed the number of lines", c.in)
		}
	}
}

// TestPagesAreNotIndented builds a site and checks that its pages carry
// none of the built-in layouts' indentation, while a Markdown code
// block's indentation, the open-data page's <pre> and a site's own
// layout are published as written.
func TestPagesAreNotIndented(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	fsys := siteFS(t, `-- site.toml --
title = "T"
baseURL = "/"
-- content/_index.md --
+++
title = "Home"
+++
-- content/notes.md --
+++
title = "Notes"
layout = "special"
+++
Some text.

    indented code
      more indented
-- layouts/special.html --
{{define "main"}}
    <div class="own">{{.Page.Content}}</div>
{{end}}
`)
	if _, err := Build(Options{Source: fsys, Dest: dest, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	indented := regexp.MustCompile(`\n[ \t]+<`)
	home := readOut(t, dest, "index.html")
	if m := indented.FindString(home); m != "" {
		t.Errorf("the home page is still indented: %q", m)
	}
	if !strings.Contains(home, "\n<header class=\"site-header\">\n<div class=\"site-header__inner container\">") {
		t.Errorf("the header is not as the layout has it, without indentation:\n%.2000s", home)
	}
	notes := readOut(t, dest, "notes/index.html")
	if !strings.Contains(notes, "\n    <div class=\"own\">") {
		t.Errorf("the site's own layout was changed:\n%s", notes)
	}
	if !strings.Contains(notes, "<code>indented code\n  more indented\n</code>") {
		t.Errorf("the code block lost its indentation:\n%s", notes)
	}
	data := readOut(t, dest, "data/index.html")
	if !regexp.MustCompile(`<pre[^>]*><code>\[\[import\]\]\nname = "a-short-name"\nsource = "[^"]+"</code></pre>`).MatchString(data) {
		t.Errorf("the open-data page's import settings are not as written:\n%s", data)
	}
}
