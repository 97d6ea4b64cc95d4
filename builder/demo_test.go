package builder

import (
	"encoding/xml"
	"fmt"
	stdhtml "html"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"intkb/builder/model"
)

var (
	linkAttr = regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)
	idAttr   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// checkLinks follows every internal link and #fragment in the HTML under
// dest, and in its sitemap.xml and feed.xml, as published at base, and
// returns those that do not resolve. A link is internal when it has no
// host, or the host of base; every internal link must be under base's path.
func checkLinks(t *testing.T, dest, base string) (links int, problems []string) {
	t.Helper()
	bu, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	basePath := bu.Path
	ids := map[string]map[string]bool{} // output file -> ids
	idsOf := func(file string) map[string]bool {
		if m, ok := ids[file]; ok {
			return m
		}
		m := map[string]bool{}
		data, err := os.ReadFile(file)
		if err == nil {
			for _, id := range idAttr.FindAllStringSubmatch(string(data), -1) {
				m[id[1]] = true
			}
		}
		ids[file] = m
		return m
	}
	// check follows one link found in the output file p.
	check := func(p, from, raw string) {
		u, err := url.Parse(raw)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: bad link %q", from, raw))
			return
		}
		if u.Scheme != "" || u.Host != "" {
			if u.Scheme != bu.Scheme || u.Host != bu.Host {
				return // another site
			}
			if u.Path == "" {
				u.Path = "/"
			}
		}
		links++
		target := p
		if u.Path != "" {
			if !strings.HasPrefix(u.Path, basePath) {
				problems = append(problems, fmt.Sprintf("%s: link %q is outside the base path %s", from, raw, basePath))
				return
			}
			rel := strings.TrimPrefix(u.Path, basePath)
			if strings.HasSuffix(rel, "/") || rel == "" {
				rel = path.Join(rel, "index.html")
			}
			target = filepath.Join(dest, filepath.FromSlash(rel))
			if info, err := os.Stat(target); err != nil || info.IsDir() {
				problems = append(problems, fmt.Sprintf("%s: link %q does not resolve", from, raw))
				return
			}
		}
		if u.Fragment != "" && strings.HasSuffix(target, ".html") && !idsOf(target)[u.Fragment] {
			problems = append(problems, fmt.Sprintf("%s: link %q: no id %q in the target", from, raw, u.Fragment))
		}
	}
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		from := "/" + filepath.ToSlash(strings.TrimPrefix(p, dest+string(filepath.Separator)))
		switch {
		case strings.HasSuffix(p, ".html"):
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range linkAttr.FindAllStringSubmatch(string(data), -1) {
				check(p, from, stdhtml.UnescapeString(m[1]))
			}
		case from == "/sitemap.xml" || from == "/feed.xml":
			for _, link := range xmlLinks(t, p) {
				check(p, from, link)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return links, problems
}

// xmlLinks reads an XML file, failing the test if it is not well formed,
// and returns the URLs in it: the text of <loc> (a sitemap) and the href
// of <link> (a feed).
func xmlLinks(t *testing.T, file string) []string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := xml.NewDecoder(f)
	var links []string
	inLoc := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%s is not well-formed XML: %v", filepath.Base(file), err)
			return links
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inLoc = tok.Name.Local == "loc"
			if tok.Name.Local == "link" {
				for _, a := range tok.Attr {
					if a.Name.Local == "href" {
						links = append(links, a.Value)
					}
				}
			}
		case xml.CharData:
			if inLoc {
				links = append(links, strings.TrimSpace(string(tok)))
			}
		case xml.EndElement:
			inLoc = false
		}
	}
	return links
}

func TestCheckLinksFindsBrokenLinks(t *testing.T) {
	dest := t.TempDir()
	os.MkdirAll(filepath.Join(dest, "a"), 0o755)
	os.WriteFile(filepath.Join(dest, "a", "index.html"), []byte(`<h2 id="x">X</h2><a href="/b/">b</a><a href="/a/#x">ok</a><a href="#y">y</a><a href="/c/">c</a><a href="/a/">self</a><img src="https://elsewhere.example/i.png"><a href="https://example.org/c/">abs</a>`), 0o644)
	os.MkdirAll(filepath.Join(dest, "c"), 0o755)
	os.WriteFile(filepath.Join(dest, "c", "index.html"), []byte(`<a href="/elsewhere/">out</a>`), 0o644)
	n, problems := checkLinks(t, dest, "https://example.org/")
	want := []string{`/a/index.html: link "/b/" does not resolve`, `/a/index.html: link "#y": no id "y" in the target`, `/c/index.html: link "/elsewhere/" does not resolve`}
	if n != 7 || strings.Join(problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("checked %d links, problems:\n%s", n, strings.Join(problems, "\n"))
	}
}

// TestDemoSite builds the demo knowledge base in the repository and checks
// that it is what the README promises: every type present, every
// internal link resolving, at the root and under a sub-path, and every
// page ready to be shared (see checkShareTags).
func TestDemoSite(t *testing.T) {
	root, err := os.OpenRoot("..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, base := range []string{"http://127.0.0.1:1313/", "https://example.org/icb/north/", publicBase + "icb/north/"} {
		dest := filepath.Join(t.TempDir(), "public")
		res, err := Build(Options{Source: root.FS(), Dest: dest, BaseURL: base})
		if err != nil {
			t.Fatalf("the demo site does not build:\n%v", err)
		}
		if res.ByType[model.TypePlaybook] < 5 || res.ByType[model.TypeCaseStudy] < 4 || res.ByType[model.TypeFramework] < 3 || res.ByType[model.TypeBlueprint] < 4 {
			t.Errorf("the demo has too few pages of some type: %v", res.ByType)
		}
		areas := map[string]bool{}
		for _, p := range res.Pages {
			if p.Type == model.TypeBlueprint {
				areas[p.Meta.Area] = true
			}
		}
		if len(areas) < 4 {
			t.Errorf("the demo has blueprints for %d areas, want 4", len(areas))
		}
		checkShareTags(t, dest, base == publicBase+"icb/north/")
		if err := validateFile(t, publishedSchema(t, dest), readOut(t, dest, "data/blueprints.json")); err != nil {
			t.Errorf("the demo's blueprints.json does not meet its schema under %s:\n%v", base, err)
		}
		n, problems := checkLinks(t, dest, base)
		for _, p := range problems {
			t.Error(p)
		}
		t.Logf("%d internal links and fragments checked under %s", n, base)
		if n < 500 {
			t.Errorf("only %d internal links checked under %s: is the checker reading the pages?", n, base)
		}
		for file, root := range map[string]xml.Name{
			"sitemap.xml": {Space: "http://www.sitemaps.org/schemas/sitemap/0.9", Local: "urlset"},
			"feed.xml":    {Space: "http://www.w3.org/2005/Atom", Local: "feed"},
		} {
			if links := xmlLinks(t, filepath.Join(dest, file)); len(links) < 10 {
				t.Errorf("%s links to only %d pages", file, len(links))
			}
			var doc struct{ XMLName xml.Name }
			data, _ := os.ReadFile(filepath.Join(dest, file))
			if err := xml.Unmarshal(data, &doc); err != nil || doc.XMLName != root {
				t.Errorf("%s: root element %v (%v), want %v", file, doc.XMLName, err, root)
			}
		}
		for _, rel := range []string{"glossary/index.html", "guide/authoring/index.html"} {
			if _, err := os.Stat(filepath.Join(dest, rel)); err != nil {
				t.Errorf("the demo lacks %s", rel)
			}
		}
	}
}

// TestDemoFooterLinksEveryTaxonomy checks that the footer of the demo's
// pages links each taxonomy the site has, read from Facets, so that one
// added there is never missing.
func TestDemoFooterLinksEveryTaxonomy(t *testing.T) {
	root, err := os.OpenRoot("..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: root.FS(), Dest: dest, BaseURL: "https://example.org/icb/north/"}); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"index.html", "playbooks/start-with-needs/index.html", "404.html"} {
		page := readOut(t, dest, rel)
		_, footer, ok := strings.Cut(page, `<footer class="site-footer">`)
		if !ok {
			t.Fatalf("%s has no footer", rel)
		}
		for _, f := range taxonomyFacets() {
			want := fmt.Sprintf(`<a href="/icb/north/%s/">%s</a>`, f.Key, f.Title)
			if !strings.Contains(footer, want) {
				t.Errorf("%s: the footer lacks %s", rel, want)
			}
		}
	}
}
