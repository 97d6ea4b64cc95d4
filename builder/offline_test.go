package builder

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	xhtml "golang.org/x/net/html"
)

// offlineFolders are the folders with a page of the tests' small site.
var offlineFolders = map[string]bool{"": true, "playbooks/": true, "playbooks/x/": true, "compare/": true, "café/": true, "a:b/": true}

func TestOfflineLinks(t *testing.T) {
	for _, c := range []struct {
		name, rel, base, in, want string
	}{
		{"folder", "playbooks/x/index.html", "/", `<a href="/playbooks/">P</a>`, `<a href="../../playbooks/index.html">P</a>`},
		{"home from home", "index.html", "/", `<a href="/">Home</a>`, `<a href="index.html">Home</a>`},
		{"home from below", "compare/index.html", "/", `<a class="x" href="/">Home</a>`, `<a class="x" href="../index.html">Home</a>`},
		{"fragment and query", "compare/index.html", "/", `<a href="/playbooks/x/?a=1&amp;b=2#steps">x</a>`, `<a href="../playbooks/x/index.html?a=1&amp;b=2#steps">x</a>`},
		{"folder without slash", "index.html", "/", `<a href="/playbooks/x">x</a>`, `<a href="playbooks/x/index.html">x</a>`},
		{"file", "playbooks/x/index.html", "/", `<link rel="stylesheet" href="/css/intkb.css">`, `<link rel="stylesheet" href="../../css/intkb.css">`},
		{"base path", "playbooks/x/index.html", "/icb/north/", `<img src="/icb/north/playbooks/x/map.png" alt="">`, `<img src="../../playbooks/x/map.png" alt="">`},
		{"outside the base path", "index.html", "/icb/north/", `<a href="/elsewhere/">e</a>`, `<a href="/elsewhere/">e</a>`},
		{"form", "index.html", "/", `<form action="/compare/" method="get">`, `<form action="compare/index.html" method="get">`},
		{"encoded name", "index.html", "/", `<a href="/caf%C3%A9/">c</a>`, `<a href="caf%C3%A9/index.html">c</a>`},
		{"colon first", "index.html", "/", `<a href="/a:b/">c</a>`, `<a href="./a:b/index.html">c</a>`},
		{"base for a script", "search/index.html", "/", `<div data-search-index="/search/index/" data-search-base="/">`, `<div data-search-index="../search/index/" data-search-base="../">`},
		{"base at the top", "index.html", "/", `<div data-search-base="/">`, `<div data-search-base="./">`},
		{"other data", "index.html", "/", `<td data-col="a/b" data-v="/">`, `<td data-col="a/b" data-v="./">`},
		{"single quotes, no quotes, case", "index.html", "/", `<A HREF='/compare/' title=x>c</A><img src=/css/a.png alt=''>`, `<A HREF="compare/index.html" title=x>c</A><img src="css/a.png" alt=''>`},
		{"svg keeps its case", "index.html", "/", `<svg viewBox="0 0 1 1"><image href="/i.png" preserveAspectRatio="none"/></svg>`, `<svg viewBox="0 0 1 1"><image href="i.png" preserveAspectRatio="none"/></svg>`},
		{"left alone", "index.html", "/", `<a href="#top">t</a><a href="https://example.org/x/">e</a><a href="//cdn.example/x">c</a><a href="mailto:a@b">m</a><a href="x/">r</a><a href="">e</a>`, `<a href="#top">t</a><a href="https://example.org/x/">e</a><a href="//cdn.example/x">c</a><a href="mailto:a@b">m</a><a href="x/">r</a><a href="">e</a>`},
		{"not a link", "index.html", "/", `<p title="/compare/">/compare/</p><script>var u = "/compare/";</script><!-- <a href="/"> -->`, `<p title="/compare/">/compare/</p><script>var u = "/compare/";</script><!-- <a href="/"> -->`},
		{"escaped value", "index.html", "/", `<a href="&#47;compare&#47;?x=&quot;">q</a>`, `<a href="compare/index.html?x=&#34;">q</a>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := string(offlineLinks([]byte(c.in), c.rel, c.base, offlineFolders))
			if got != c.want {
				t.Errorf("\n got %s\nwant %s", got, c.want)
			}
		})
	}
}

// FuzzOfflineLinks checks that rewriting never loses or adds a token: the
// page that comes out has the same tags and text, in the same order, as
// the one that went in, whatever HTML (Markdown may pass raw HTML
// through) it is given.
func FuzzOfflineLinks(f *testing.F) {
	for _, s := range []string{`<a href="/x/">x</a>`, `<div data-a='/' data-b=/c/>`, `<a href=/ >`, `<a href="/`, `<script>"<a href='/'>"</script>`,
		`<a href ="/x/" href= '/y/' href=/z/>`, `<svg><a href="/"/></svg>`, `<textarea><a href="/"></textarea>`, `<a =href="/x/">`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		out := offlineLinks([]byte(page), "a/index.html", "/", offlineFolders)
		before, after := tokens(page), tokens(string(out))
		if len(before) != len(after) {
			t.Fatalf("%d tokens became %d:\n%q\n%q", len(before), len(after), page, out)
		}
		for i := range before {
			if before[i] != after[i] {
				t.Fatalf("token %d %q became %q", i, before[i], after[i])
			}
		}
	})
}

// tokens returns the kinds and tag names of page's tokens, and its text.
// A self-closing tag counts as a start tag: the tokenizer calls one so
// when its last unquoted value ends in a slash (href=/x/>), which HTML
// reads as part of the value, and a rewritten value is quoted.
func tokens(page string) []string {
	var out []string
	z := xhtml.NewTokenizer(strings.NewReader(page))
	for tt := z.Next(); tt != xhtml.ErrorToken; tt = z.Next() {
		if tt == xhtml.SelfClosingTagToken {
			tt = xhtml.StartTagToken
		}
		name, _ := z.TagName()
		if tt == xhtml.TextToken || tt == xhtml.CommentToken {
			name = z.Text()
		}
		out = append(out, tt.String()+" "+string(name))
	}
	return out
}

// TestOfflineBuild builds a small site for a sub-path as an offline copy:
// no link, source or form on any page starts at the top of the disk, a
// link to a folder with a page, from Markdown too, names its index.html,
// a static page is copied as it is, and the search page tells its script
// the file a folder's link names; a copy for the web does not.
func TestOfflineBuild(t *testing.T) {
	fsys := siteFS(t, minimalSite)
	pb := "content/playbooks/start-with-needs.md"
	fsys[pb].Data = []byte(string(fsys[pb].Data) + "\n[Compare two](/compare/?areas=saltmere,brackenfield), [home](/) and [the docs](/docs/).\n")
	fsys["static/docs/index.html"] = &fstest.MapFile{Data: []byte(`<a href="/icb/north/docs/">docs</a>`)}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: fsys, Dest: dest, BaseURL: "https://example.org/icb/north/", Offline: true, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	pages := htmlPages(t, dest)
	for rel, page := range pages {
		if rel == "docs/index.html" {
			continue // static: copied as it is
		}
		for _, m := range linkAttr.FindAllStringSubmatch(page, -1) {
			if strings.HasPrefix(m[1], "/") {
				t.Errorf("%s: %s", rel, m[0])
			}
		}
	}
	playbook := pages["playbooks/start-with-needs/index.html"]
	for _, want := range []string{`<a href="../../compare/index.html?areas=saltmere,brackenfield">Compare two</a>`, `<a href="../../index.html">home</a>`,
		`<a href="../../docs/index.html">the docs</a>`, `<link rel="stylesheet" href="../../css/intkb.css">`} {
		if !strings.Contains(playbook, want) {
			t.Errorf("the playbook lacks %s", want)
		}
	}
	if s := pages["search/index.html"]; !strings.Contains(s, `data-search-index="../search/index/" data-search-base="../" data-folder-file="index.html"`) {
		t.Errorf("the search page does not say it is offline:\n%.600s", s[strings.Index(s, "search-page"):])
	}
	// The files that describe the open data are in the copy, linked from
	// the /data/ page by relative links; they name the published site,
	// as the feed does.
	data := pages["data/index.html"]
	for _, f := range []string{schemaFile, csvwFile, catalogFile} {
		if !strings.Contains(data, `href="../`+f+`"`) {
			t.Errorf("the offline /data/ page does not link %s relatively", f)
		}
		if got := readOut(t, dest, f); !strings.Contains(got, "https://example.org/icb/north/") {
			t.Errorf("%s does not name the published site", f)
		}
	}
	if m := ldScript.FindStringSubmatch(data); m == nil || !strings.Contains(m[1], `"contentUrl":"https://example.org/icb/north/data/blueprints.json"`) {
		t.Errorf("the offline /data/ page's JSON-LD lost its addresses: %v", m)
	}
	// A static index.html is a folder's page too; it is copied as it is.
	if got := readOut(t, dest, "docs/index.html"); got != `<a href="/icb/north/docs/">docs</a>` {
		t.Errorf("a static file was changed: %s", got)
	}
	web := filepath.Join(t.TempDir(), "web")
	if _, err := Build(Options{Source: fsys, Dest: web, BaseURL: "https://example.org/icb/north/", Now: testNow}); err != nil {
		t.Fatal(err)
	}
	if s := readOut(t, web, "search/index.html"); strings.Contains(s, "data-folder-file") {
		t.Error("a copy for the web says it is offline")
	}
}
