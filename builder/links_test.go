package builder

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"intkb/builder/model"
)

// subPathSite is minimalSite published under /icb/north/, with a file in
// static/, a file beside a page and a draft, for links to lead to.
func subPathSite(t *testing.T) fstest.MapFS {
	fsys := siteFS(t, minimalSite)
	fsys["site.toml"].Data = []byte(strings.Replace(string(fsys["site.toml"].Data), "https://example.org/", "https://example.org/icb/north/", 1))
	fsys["static/files/report.pdf"] = &fstest.MapFile{Data: []byte("%PDF-1.4")}
	fsys["content/playbooks/worksheet.pdf"] = &fstest.MapFile{Data: []byte("%PDF-1.4")}
	draft := strings.Replace(string(fsys["content/playbooks/start-with-needs.md"].Data), `title = "Start with needs"`, "title = \"Winter\"\nstatus = \"draft\"", 1)
	fsys["content/playbooks/winter.md"] = &fstest.MapFile{Data: []byte(draft)}
	return fsys
}

// withPage adds content/links.md, a plain page whose body starts on line 5.
func withPage(fsys fstest.MapFS, body string) fstest.MapFS {
	fsys["content/links.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Links\"\n+++\n\n" + body + "\n")}
	return fsys
}

func TestBadLinks(t *testing.T) {
	const fileFix = ": it names a file on one computer, which readers cannot open; put the file beside the page, under content/, and link to it by name"
	const dataFix = ": put the file beside the page, under content/, and link to it by name"
	tests := []struct {
		name, body string
		want       string
	}{
		{"file link", "[a](file:///C:/Users/me/report.pdf)",
			`content/links.md:5: link "file:///C:/Users/me/report.pdf" uses a file: URL, which is not allowed` + fileFix},
		{"file link in capitals", "[a](FILE:report.pdf)",
			`content/links.md:5: link "FILE:report.pdf" uses a file: URL, which is not allowed` + fileFix},
		{"data image", "![a](data:image/png;base64,iVBORw0KGgo=)",
			`content/links.md:5: link "data:image/png;base64,iVBORw0KGgo=" uses a data: URL, which is not allowed` + dataFix},
		{"long data link", "[a](data:text/html;base64," + strings.Repeat("PHNjcmlwdD4=", 20) + ")",
			`content/links.md:5: link "data:text/html;base64,PHNjcmlwdD4=PHNjcmlwdD4=PHNjcmlwdD4=PH…" uses a data: URL, which is not allowed` + dataFix},
		{"script autolink", "<javascript:alert(1)>",
			`content/links.md:5: link "javascript:alert(1)" uses a javascript: URL, which is not allowed`},
		{"script autolink on a later line", "Some text\nand then <javascript:alert(1)>",
			`content/links.md:6: link "javascript:alert(1)" uses a javascript: URL, which is not allowed`},
		{"file autolink", "<file:///etc/passwd>",
			`content/links.md:5: link "file:///etc/passwd" uses a file: URL, which is not allowed` + fileFix},
		{"data autolink", "<data:text/html,hi>",
			`content/links.md:5: link "data:text/html,hi" uses a data: URL, which is not allowed` + dataFix},
		{"mixed case", "[a](JaVaScRiPt:alert(1))",
			`content/links.md:5: link "JaVaScRiPt:alert(1)" uses a javascript: URL, which is not allowed`},
		{"a tab in the scheme", "[a](<java\tscript:alert(1)>)",
			`content/links.md:5: link "java\tscript:alert(1)" uses a javascript: URL, which is not allowed`},
		{"an encoded tab in the scheme", "[a](java&#x09;script:alert(1))",
			`content/links.md:5: link "java\tscript:alert(1)" uses a javascript: URL, which is not allowed`},
		{"an encoded leading space", "[a](&#32;javascript:alert(1))",
			`content/links.md:5: link " javascript:alert(1)" uses a javascript: URL, which is not allowed`},
		{"an encoded colon", "[a](javascript&colon;alert(1))",
			`content/links.md:5: link "javascript:alert(1)" uses a javascript: URL, which is not allowed`},
		{"preview link", "[a](http://127.0.0.1:1313/icb/north/playbooks/start-with-needs/#x)",
			`content/links.md:5: link "http://127.0.0.1:1313/icb/north/playbooks/start-with-needs/#x" is to your local preview, which only you can see: write "/playbooks/start-with-needs/#x" instead`},
		{"localhost", "[a](http://localhost:1313/)",
			`content/links.md:5: link "http://localhost:1313/" is to your local preview, which only you can see: write "/" instead`},
		{"loopback autolink", "<http://[::1]:8080/glossary/?q=1>",
			`content/links.md:5: link "http://[::1]:8080/glossary/?q=1" is to your local preview, which only you can see: write "/glossary/?q=1" instead`},
		{"loopback without a scheme", "[a](//localhost./x)",
			`content/links.md:5: link "//localhost./x" is to your local preview, which only you can see: write "/x" instead`},
		{"missing page from the top", "[b](/no/such/page/)",
			`content/links.md:5: link to missing page "/no/such/page/"`},
		{"mistyped page URL", "[b](/playbooks/start-with-need/)",
			`content/links.md:5: link to missing page "/playbooks/start-with-need/" (did you mean "/playbooks/start-with-needs/"?)`},
		{"mistyped content path from the top", "[c](/playbooks/start-with-need.md)",
			`content/links.md:5: link to missing page "/playbooks/start-with-need.md" (did you mean "/playbooks/start-with-needs.md"?)`},
		{"mistyped static file", "[d](/files/reprt.pdf)",
			`content/links.md:5: link to missing file "/files/reprt.pdf": put it under static/, or beside a page under content/ (did you mean "/files/report.pdf"?)`},
		{"mistyped tag", "[e](/tags/need/)",
			`content/links.md:5: link to missing page "/tags/need/" (did you mean "/tags/needs/"?)`},
		{"the base path written out", "[f](/icb/north/playbooks/start-with-needs/)",
			`content/links.md:5: link "/icb/north/playbooks/start-with-needs/" starts with the base path /icb/north/, which is added to every link: write "/playbooks/start-with-needs/"`},
		{"a draft", "[g](/playbooks/winter/)",
			`content/links.md:5: link to content/playbooks/winter.md, which is a draft: publish it, or build with --drafts`},
		{"a heading that is not there", "[h](/blueprints/saltmere/#needs-frst)",
			`content/links.md:5: link to #needs-frst, but content/blueprints/saltmere.md has no heading with that id (did you mean #needs-first?)`},
		{"climbing out from the top", "[i](/playbooks/../../x/)",
			`content/links.md:5: link "/playbooks/../../x/" climbs out of the site: write a path from the site's top, such as /playbooks/`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(Options{Source: withPage(subPathSite(t), tt.body), Now: testNow})
			if got := strings.Join(errorStrings(err), "\n"); got != tt.want {
				t.Errorf("errors:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

var hrefs = regexp.MustCompile(`<a href="([^"]*)">([^<]*)</a>`)

// TestSiteAbsoluteLinks checks that links from the site's top are
// rewritten to work under the base path, as relative ones are.
func TestSiteAbsoluteLinks(t *testing.T) {
	links := []struct{ dest, want string }{
		{"/playbooks/start-with-needs.md", "/icb/north/playbooks/start-with-needs/"},
		{"/blueprints/saltmere.md#needs-first", "/icb/north/blueprints/saltmere/#needs-first"},
		{"/playbooks/start-with-needs/", "/icb/north/playbooks/start-with-needs/"},
		{"/playbooks/start-with-needs", "/icb/north/playbooks/start-with-needs/"},
		{"/playbooks/start-with-needs/index.html", "/icb/north/playbooks/start-with-needs/"},
		{"/blueprints/saltmere/#needs-first", "/icb/north/blueprints/saltmere/#needs-first"},
		{"/playbooks/_index.md", "/icb/north/playbooks/"},
		{"/_index.md", "/icb/north/"},
		{"/", "/icb/north/"},
		{"/playbooks/", "/icb/north/playbooks/"},
		{"/compare/?areas=saltmere&diff=1", "/icb/north/compare/?areas=saltmere&amp;diff=1"},
		{"/data/", "/icb/north/data/"},
		{"/data/blueprints.csv", "/icb/north/data/blueprints.csv"},
		{"/data/blueprints.xlsx", "/icb/north/data/blueprints.xlsx"},
		{"/data/blueprints/saltmere.json", "/icb/north/data/blueprints/saltmere.json"},
		{"/tags/needs/", "/icb/north/tags/needs/"},
		{"/cohorts/frailty/", "/icb/north/cohorts/frailty/"},
		{"/search/?q=care", "/icb/north/search/?q=care"},
		{"/self-assessment/", "/icb/north/self-assessment/"},
		{"/feed.xml", "/icb/north/feed.xml"},
		{"/css/intkb.css", "/icb/north/css/intkb.css"},
		{"/files/report.pdf", "/icb/north/files/report.pdf"},
		{"/playbooks/worksheet.pdf", "/icb/north/playbooks/worksheet.pdf"},
		{"/caf%C3%A9/", "/icb/north/caf%C3%A9/"},
		{"/cafe\u0301.md", "/icb/north/caf%C3%A9/"},
	}
	var body strings.Builder
	for i, l := range links {
		body.WriteString("[" + string(rune('a'+i)) + "](" + l.dest + ")\n")
	}
	fsys := withPage(subPathSite(t), body.String())
	fsys["content/cafe\u0301.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Café\"\n+++\n")}
	res, err := Build(Options{Source: fsys, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	var page *Page
	for _, p := range res.Pages {
		if p.Path == "links.md" {
			page = p
		}
	}
	got := map[string]string{}
	for _, m := range hrefs.FindAllStringSubmatch(string(page.Content), -1) {
		got[m[2]] = m[1]
	}
	for i, l := range links {
		if g := got[string(rune('a'+i))]; g != l.want {
			t.Errorf("[%c](%s) links to %q, want %q", 'a'+i, l.dest, g, l.want)
		}
	}
	// Links to pages are known, so that a live rebuild follows them.
	if ls := strings.Join(page.Links(), " "); !strings.Contains(ls, "playbooks/start-with-needs.md") || !strings.Contains(ls, "café.md") {
		t.Errorf("the page's links are %s", ls)
	}
}

func TestSlugsAreNFC(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"cafe\u0301", "café"},
		{"café", "café"},
		{"Cafe\u0301 Society", "café-society"},
		{"Zu\u0308rich", "zürich"},
	} {
		if got := model.Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDecomposedNames builds a site whose file names and tags are written
// decomposed (NFD), as macOS writes them: the URLs are those of the
// composed (NFC) names, and links written either way lead to them.
func TestDecomposedNames(t *testing.T) {
	fsys := siteFS(t, minimalSite)
	pb := string(fsys["content/playbooks/start-with-needs.md"].Data)
	fsys["content/playbooks/cafe\u0301-mornings.md"] = &fstest.MapFile{Data: []byte(strings.NewReplacer(
		`title = "Start with needs"`, `title = "Café mornings"`,
		`tags = ["Needs", "population health"]`, "tags = [\"cafe\u0301\"]").Replace(pb))}
	fsys["content/playbooks/start-with-needs.md"].Data = []byte(strings.NewReplacer(
		`tags = ["Needs", "population health"]`, `tags = ["café"]`,
		"Read [the Saltmere model]", "See [café mornings](café-mornings.md) and the [photo](re\u0301union/photo.jpg). Read [the Saltmere model]").Replace(pb))
	fsys["content/playbooks/re\u0301union/photo.jpg"] = &fstest.MapFile{Data: []byte("jpeg")}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Source: fsys, Dest: dest, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"playbooks/café-mornings/index.html", "tags/café/index.html", "playbooks/réunion/photo.jpg"} {
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(rel))); err != nil {
			t.Errorf("%s was not written: %v", rel, err)
		}
	}
	if term := readOut(t, dest, "tags/café/index.html"); !strings.Contains(term, "Café mornings") || !strings.Contains(term, "Start with needs") {
		t.Error("the tag written two ways did not give one term page")
	}
	var content string
	for _, p := range res.Pages {
		if p.Path == "playbooks/start-with-needs.md" {
			content = string(p.Content)
		}
	}
	for _, want := range []string{`href="/playbooks/caf%C3%A9-mornings/"`, `href="/playbooks/r%C3%A9union/photo.jpg"`} {
		if !strings.Contains(content, want) {
			t.Errorf("the page lacks %s:\n%s", want, content)
		}
	}
}

// TestNamesSameOnceNormalised builds two files whose names differ only in
// their Unicode form: they would share a URL, which is an error.
func TestNamesSameOnceNormalised(t *testing.T) {
	const hint = " (their names differ only in how accented letters are encoded, as when one was written on macOS)"
	fsys := siteFS(t, minimalSite)
	page := []byte("+++\ntitle = \"Café\"\n+++\n")
	fsys["content/café.md"] = &fstest.MapFile{Data: page}
	fsys["content/cafe\u0301.md"] = &fstest.MapFile{Data: page}
	_, err := Build(Options{Source: fsys, Now: testNow})
	a, b := "content/café.md", "content/cafe\u0301.md"
	got := strings.Join(errorStrings(err), "\n")
	if got != a+": has the same URL /café/ as "+b+": rename one of them"+hint && got != b+": has the same URL /café/ as "+a+": rename one of them"+hint {
		t.Errorf("got %s", got)
	}

	fsys = siteFS(t, minimalSite)
	fsys["content/café.jpg"] = &fstest.MapFile{Data: []byte("1")}
	fsys["content/cafe\u0301.jpg"] = &fstest.MapFile{Data: []byte("2")}
	_, err = Build(Options{Source: fsys, Now: testNow})
	// fstest.MapFS lists names in byte order: the decomposed one first.
	if got, want := strings.Join(errorStrings(err), "\n"), "content/café.jpg: has the same URL as content/cafe\u0301.jpg: remove one of them"+hint; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestSitemapIsEncoded builds pages whose URLs hold a non-ASCII letter and
// an ampersand: sitemap.xml is well-formed XML whose locations are plain
// ASCII, and the feed and the canonical link give the same URL. The
// address is a public one: only then is there a canonical link.
func TestSitemapIsEncoded(t *testing.T) {
	fsys := subPathSite(t)
	pb := string(fsys["content/playbooks/start-with-needs.md"].Data)
	fsys["content/playbooks/café.md"] = &fstest.MapFile{Data: []byte(strings.Replace(pb, `title = "Start with needs"`, `title = "Café"`, 1))}
	fsys["content/r&d/index.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"R&D\"\n+++\n")}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: fsys, Dest: dest, Now: testNow, BaseURL: publicBase + "icb/north/"}); err != nil {
		t.Fatal(err)
	}
	var sitemap struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(readOut(t, dest, "sitemap.xml")), &sitemap); err != nil {
		t.Fatalf("sitemap.xml is not XML: %v", err)
	}
	locs := map[string]bool{}
	for _, u := range sitemap.URLs {
		for _, c := range u.Loc {
			if c > 0x7e || c <= ' ' {
				t.Errorf("sitemap location %q is not plain ASCII", u.Loc)
				break
			}
		}
		locs[u.Loc] = true
	}
	const cafe = publicBase + "icb/north/playbooks/caf%C3%A9/"
	for _, want := range []string{cafe, publicBase + "icb/north/r&d/"} {
		if !locs[want] {
			t.Errorf("sitemap.xml lacks %s", want)
		}
	}
	if raw := readOut(t, dest, "sitemap.xml"); !strings.Contains(raw, "<loc>"+publicBase+"icb/north/r&amp;d/</loc>") {
		t.Error("the ampersand is not written as &amp;")
	}
	if page := readOut(t, dest, "playbooks/café/index.html"); !strings.Contains(page, `<link rel="canonical" href="`+cafe+`">`) {
		t.Error("the canonical link is not the sitemap's")
	}
	if feed := readOut(t, dest, "feed.xml"); !strings.Contains(feed, `<link href="`+cafe+`"></link>`) || !strings.Contains(feed, "<id>"+cafe+"</id>") {
		t.Errorf("the feed's link is not the sitemap's:\n%s", feed)
	}
}

// TestLiveChecksSiteLinks follows a site whose pages link from the top to
// a tag and a file: when the tag or file goes, the link is an error, as in
// a full build, and the last good site stays.
func TestLiveChecksSiteLinks(t *testing.T) {
	ls := newLiveSite(t, minimalSite+"-- content/glossary.md --\n+++\ntitle = \"Glossary\"\n+++\nSee [needs](/tags/needs/) and [the report](/files/report.pdf).\n-- static/files/report.pdf --\n%PDF-1.4\n")
	const pb = "content/playbooks/start-with-needs.md"
	ls.edit(pb, `tags = ["Needs", "population health"]`, `tags = ["population health"]`)
	if _, err := ls.live.Apply([]string{pb}); err == nil || err.Error() != `content/glossary.md:4: link to missing page "/tags/needs/" (did you mean "/tags/"?)` {
		t.Fatalf("removing the tag: got %v", err)
	}
	ls.edit(pb, `tags = ["population health"]`, `tags = ["Needs", "population health"]`)
	ls.apply(pb)
	ls.checkSameAsFull("tag back")

	os.Remove(filepath.Join(ls.dir, "static/files/report.pdf"))
	if _, err := ls.live.Apply([]string{"static/files/report.pdf"}); err == nil || !strings.HasPrefix(err.Error(), `content/glossary.md:4: link to missing file "/files/report.pdf"`) {
		t.Fatalf("removing the file: got %v", err)
	}
	ls.write("static/files/report.pdf", "%PDF-1.4\n")
	ls.apply("static/files/report.pdf")

	ls.edit("content/glossary.md", "[the report]", "[the comparison](/compare/) and [the report]")
	ls.apply("content/glossary.md")
	ls.checkSameAsFull("new link from the top")
}

// TestTemplateLinkFromTheTop checks a playbook's template link written
// from the site's top as Markdown links are, naming its key.
func TestTemplateLinkFromTheTop(t *testing.T) {
	fsys := subPathSite(t)
	pb := fsys["content/playbooks/start-with-needs.md"]
	pb.Data = []byte(strings.Replace(string(pb.Data), "[[steps]]", "[[templates]]\ntitle = \"The data\"\nlink = \"/data/blueprint.csv\"\n\n[[steps]]", 1))
	_, err := Build(Options{Source: fsys, Now: testNow})
	want := `content/playbooks/start-with-needs.md:12: templates[0].link: link to missing file "/data/blueprint.csv": put it under static/, or beside a page under content/ (did you mean "/data/blueprints.csv"?)`
	if got := strings.Join(errorStrings(err), "\n"); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
