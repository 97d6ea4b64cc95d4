package builder

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	linkAttr = regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)
	idAttr   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// checkLinks follows every internal link and #fragment in the HTML under
// dest, as served under basePath, and returns those that do not resolve.
func checkLinks(t *testing.T, dest, basePath string) (links int, problems []string) {
	t.Helper()
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
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		from := "/" + filepath.ToSlash(strings.TrimPrefix(p, dest+string(filepath.Separator)))
		for _, m := range linkAttr.FindAllStringSubmatch(string(data), -1) {
			raw := strings.ReplaceAll(m[1], "&amp;", "&")
			u, err := url.Parse(raw)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: bad link %q", from, raw))
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue
			}
			links++
			target := p
			if u.Path != "" {
				if !strings.HasPrefix(u.Path, basePath) {
					problems = append(problems, fmt.Sprintf("%s: link %q is outside the base path %s", from, raw, basePath))
					continue
				}
				rel := strings.TrimPrefix(u.Path, basePath)
				if rel == "search/" || strings.HasSuffix(rel, "/") || rel == "" {
					rel = path.Join(rel, "index.html")
				}
				target = filepath.Join(dest, filepath.FromSlash(rel))
				if info, err := os.Stat(target); err != nil || info.IsDir() {
					problems = append(problems, fmt.Sprintf("%s: link %q does not resolve", from, raw))
					continue
				}
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !idsOf(target)[u.Fragment] {
				problems = append(problems, fmt.Sprintf("%s: link %q: no id %q in the target", from, raw, u.Fragment))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return links, problems
}

func TestCheckLinksFindsBrokenLinks(t *testing.T) {
	dest := t.TempDir()
	os.MkdirAll(filepath.Join(dest, "a"), 0o755)
	os.WriteFile(filepath.Join(dest, "a", "index.html"), []byte(`<h2 id="x">X</h2><a href="/b/">b</a><a href="/a/#x">ok</a><a href="#y">y</a><a href="/c/">c</a><a href="/a/">self</a><img src="https://example.org/i.png">`), 0o644)
	os.MkdirAll(filepath.Join(dest, "c"), 0o755)
	os.WriteFile(filepath.Join(dest, "c", "index.html"), []byte(`<a href="/elsewhere/">out</a>`), 0o644)
	n, problems := checkLinks(t, dest, "/")
	want := []string{`/a/index.html: link "/b/" does not resolve`, `/a/index.html: link "#y": no id "y" in the target`, `/c/index.html: link "/elsewhere/" does not resolve`}
	if n != 6 || strings.Join(problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("checked %d links, problems:\n%s", n, strings.Join(problems, "\n"))
	}
}

// TestDemoSite builds the demo knowledge base in the repository and checks
// that it is what the README promises: every type present and every
// internal link resolving, at the root and under a sub-path.
func TestDemoSite(t *testing.T) {
	root, err := os.OpenRoot("..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, base := range []string{"http://127.0.0.1:1313/", "https://example.org/icb/north/"} {
		dest := filepath.Join(t.TempDir(), "public")
		res, err := Build(Options{Source: root.FS(), Dest: dest, BaseURL: base})
		if err != nil {
			t.Fatalf("the demo site does not build:\n%v", err)
		}
		if res.ByType[TypePlaybook] < 5 || res.ByType[TypeCaseStudy] < 4 || res.ByType[TypeFramework] < 3 || res.ByType[TypeBlueprint] < 4 {
			t.Errorf("the demo has too few pages of some type: %v", res.ByType)
		}
		areas := map[string]bool{}
		for _, p := range res.Pages {
			if p.Type == TypeBlueprint {
				areas[p.Meta.Area] = true
			}
		}
		if len(areas) < 4 {
			t.Errorf("the demo has blueprints for %d areas, want 4", len(areas))
		}
		u, _ := url.Parse(base)
		n, problems := checkLinks(t, dest, u.Path)
		for _, p := range problems {
			t.Error(p)
		}
		if n < 500 {
			t.Errorf("only %d internal links checked under %s: is the checker reading the pages?", n, base)
		}
		for _, rel := range []string{"glossary/index.html", "guide/authoring/index.html"} {
			if _, err := os.Stat(filepath.Join(dest, rel)); err != nil {
				t.Errorf("the demo lacks %s", rel)
			}
		}
	}
}
