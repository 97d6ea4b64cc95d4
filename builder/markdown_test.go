package builder

import (
	stdhtml "html"
	"net"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"intkb/builder/model"
)

// TestMarkdownGolden renders a page using every Markdown feature and
// compares it with testdata/markdown.golden (go test -update rewrites it).
func TestMarkdownGolden(t *testing.T) {
	data, err := os.ReadFile("testdata/markdown.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys := siteFS(t, string(data))
	res, err := Build(Options{Source: fsys, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	var page *Page
	for _, p := range res.Pages {
		if p.Path == "features.md" {
			page = p
		}
	}
	var got strings.Builder
	got.WriteString(string(page.Content))
	got.WriteString("\n-- toc --\n")
	for _, h := range page.TOC {
		got.WriteString(strings.Repeat("  ", h.Level-2) + h.ID + " " + h.Text + "\n")
	}
	got.WriteString("-- parts --\n")
	for _, p := range page.Parts {
		got.WriteString("[" + p.ID + "] " + p.Heading + ": " + p.Text + "\n")
	}
	golden := "testdata/markdown.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("rendered Markdown differs from %s (run go test -update after checking):\n%s", golden, got.String())
	}
}

func TestRawHTMLWhenAllowed(t *testing.T) {
	fsys := siteFS(t, "-- site.toml --\ntitle = \"x\"\nbaseURL = \"/\"\n[markdown]\nunsafe = true\n-- content/a.md --\n+++\ntitle = \"A\"\n+++\n<b>kept</b>\n")
	res, err := Build(Options{Source: fsys})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.Pages[0].Content), "<b>kept</b>") {
		t.Errorf("unsafe = true did not keep raw HTML: %s", res.Pages[0].Content)
	}
	_ = fstest.MapFS{}
}

// FuzzLinkRewrite checks that no link an author writes, however odd, makes
// the builder panic, comes out as a URL that runs script, or points
// outside the site's base path: not through resolveLink, and not through
// Markdown, whose parser decodes escapes and entities first. A file: or
// data: URL, or a link to the local preview, may come out only with an
// error, which stops the build.
func FuzzLinkRewrite(f *testing.F) {
	for _, s := range []string{
		"../blueprints/saltmere.md#needs-first", "../glossary.md", "saltmere.md", "worksheet.pdf", "./", "../", "/playbooks/",
		"/../../etc/passwd", "../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "/%2e%2e/x", "/a/../../b", "..%2f..%2fx",
		"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "java&#x09;script:alert(1)",
		"&#106;avascript:alert(1)", "vbscript:x", "data:text/html,<script>alert(1)</script>", "data:image/png;base64,AA",
		"https://example.org/x", "//evil.example/x", "#needs-first", "?q=1", "", "\x00", "a b.md", "/a%3Fb", "\\..\\..\\x",
		"file:///etc/passwd", "FILE:///C:/x.pdf", " file:x", "fi\nle:x", "\x01javascript:alert(1)", "javascript&colon;alert(1)", "data:,x",
		"/glossary.md", "/playbooks/start-with-needs/", "/playbooks/start-with-needs.md#x", "/compare/?areas=a,b&diff=1", "/data/blueprints.csv",
		"/icb/north/playbooks/", "/caf%C3%A9/", "/cafe\u0301.md", "/x\\y", "/a&amp;b/", "/\\..", "/%5C..", "/a\\..\\..\\b",
		"http://127.0.0.1:1313/playbooks/x/", "http://localhost:1313/", "//[::1]:8080/x", "HTTP://LOCALHOST./", "http://0.0.0.0:1313/",
	} {
		f.Add(s)
	}
	b := linkBuild(f)
	orig := b.byPath["playbooks/start-with-needs.md"]
	f.Fuzz(func(t *testing.T, dest string) {
		p := *orig
		got, msg := b.resolveLink(&p, dest, 1)
		if problem := unsafeLink(got, b.basePath); problem != "" {
			t.Fatalf("resolveLink(%q) = %q: %s", dest, got, problem)
		}
		if problem := refusedLink(got); problem != "" && msg == "" {
			t.Fatalf("resolveLink(%q) = %q without an error: %s", dest, got, problem)
		}
		for _, body := range []string{"[x](" + dest + ")", "[x](<" + dest + ">)", "![x](" + dest + ")", "<" + dest + ">", "[x]\n\n[x]: " + dest} {
			p := *orig
			p.src = &model.Source{File: p.File, Body: []byte(body + "\n"), BodyLine: 1}
			errs := b.renderMarkdown(&p)
			for _, m := range linkAttr.FindAllStringSubmatch(string(p.Content), -1) {
				link := stdhtml.UnescapeString(m[1])
				if problem := unsafeLink(link, b.basePath); problem != "" {
					t.Fatalf("%q renders as %s: %s", body, m[0], problem)
				}
				if problem := refusedLink(link); problem != "" && len(errs) == 0 {
					t.Fatalf("%q renders as %s without an error: %s", body, m[0], problem)
				}
			}
		}
	})
}

// linkBuild loads minimalSite, published under /icb/north/, with a file
// beside a page, ready to resolve links.
func linkBuild(t testing.TB) *build {
	fsys := siteFS(t, minimalSite)
	fsys["site.toml"].Data = []byte(strings.Replace(string(fsys["site.toml"].Data), "https://example.org/", "https://example.org/icb/north/", 1))
	fsys["content/playbooks/worksheet.pdf"] = &fstest.MapFile{Data: []byte("%PDF-1.4")}
	b := newBuild(Options{Source: fsys, Now: testNow})
	if err := b.loadConfig(); err != nil {
		t.Fatal(err)
	}
	b.loadContent()
	if err := b.errs.Err(); err != nil {
		t.Fatal(err)
	}
	if b.basePath != "/icb/north/" || b.byPath["playbooks/start-with-needs.md"] == nil {
		t.Fatalf("the site did not load as expected: base path %q", b.basePath)
	}
	return b
}

var urlScheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// asBrowserReads returns a link as a browser reads it before looking for
// its scheme: without tabs and newlines anywhere, and without leading
// spaces and control characters.
func asBrowserReads(link string) string {
	s := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, link)
	return strings.TrimLeft(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
}

// refusedLink says why a link may not be published, though a browser
// would not run it, or returns "": a file: or data: URL, or a link to a
// server on the author's own computer.
func refusedLink(link string) string {
	s := strings.ToLower(asBrowserReads(link))
	if strings.HasPrefix(s, "file:") || strings.HasPrefix(s, "data:") {
		return "it is a file: or data: URL"
	}
	if u, err := url.Parse(s); err == nil && (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "" && u.Host != "") {
		host := strings.TrimSuffix(u.Hostname(), ".")
		if ip := net.ParseIP(host); host == "localhost" || ip != nil && (ip.IsLoopback() || ip.IsUnspecified()) {
			return "it leads to the author's own computer"
		}
	}
	return ""
}

// unsafeLink says what is wrong with a link in a page under basePath, as a
// browser would read it, or returns "".
func unsafeLink(link, basePath string) string {
	s := asBrowserReads(link)
	lower := strings.ToLower(s)
	for _, scheme := range []string{"javascript:", "vbscript:"} {
		if strings.HasPrefix(lower, scheme) {
			return "it runs script"
		}
	}
	if strings.HasPrefix(lower, "data:") && !strings.HasPrefix(lower, "data:image/") {
		return "it is a data: URL that is not an image"
	}
	if s == "" || strings.HasPrefix(s, "#") || strings.HasPrefix(s, "?") {
		return ""
	}
	if urlScheme.MatchString(s) || strings.HasPrefix(s, "//") || strings.HasPrefix(s, `\\`) || strings.HasPrefix(s, `/\`) {
		return "" // another site
	}
	p, _, _ := strings.Cut(s, "#")
	p, _, _ = strings.Cut(p, "?")
	if d, err := url.PathUnescape(p); err == nil {
		p = d
	}
	// Browsers read backslashes as slashes.
	p = strings.ReplaceAll(p, `\`, "/")
	if !strings.HasPrefix(p, "/") {
		return "it is relative to the page, which moves with it"
	}
	if clean := path.Clean(p) + "/"; !strings.HasPrefix(clean, basePath) {
		return "it leads out of the base path " + basePath
	}
	return ""
}
