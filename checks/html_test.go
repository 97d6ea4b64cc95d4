package checks

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"intkb/internal/testenv"
)

// vnuJar is the Nu Html Checker from npm's vnu-jar package.
const vnuJar = "node_modules/vnu-jar/build/dist/vnu.jar"

// servedPages are pages intkb serve makes on request, which a static build
// does not hold: they are checked as served.
var servedPages = map[string]string{
	"search-results.html":  "search/?q=frailty+care+homes",
	"search-filtered.html": "search/?q=frailty&type=case-study&cohort=frailty",
	"search-none.html":     "search/?q=zzzzqqqq",
	"search-error.html":    "search/?q=frailty&page=-1",
	"compare-two.html":     "compare/?areas=saltmere,kingsmoor&diff=1",
	"compare-unknown.html": "compare/?areas=saltmere,atlantis",
}

// TestHTMLValid runs every HTML page of the demo build, of its offline
// copy, the pages the server renders, and the pages of areas like an
// imported area of a site importing the demo's, through the Nu Html
// Checker: there must be no errors.
func TestHTMLValid(t *testing.T) {
	if testing.Short() {
		t.Skip("the HTML checker takes a while: not with -short")
	}
	java := testenv.LookPath(t, "java")
	testenv.NodeModules(t, "vnu-jar/build/dist/vnu.jar")

	dest := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := run(t, repo, "build", "--dest", dest); code != 0 {
		t.Fatalf("building the demo: exit %d\n%s", code, stderr)
	}
	// The offline copy too, for a public address: its links are relative
	// and its pages name their canonical URL and share image.
	offline := filepath.Join(t.TempDir(), "offline")
	if _, stderr, code := run(t, repo, "build", "--offline", "--base-url", "https://kb.northshire.nhs.uk/", "--dest", offline); code != 0 {
		t.Fatalf("building the offline copy: exit %d\n%s", code, stderr)
	}
	var files []string
	for _, dir := range []string{dest, offline} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".html") {
				files = append(files, p)
			}
			return err
		})
	}
	if len(files) < 100 {
		t.Fatalf("the demo builds have only %d HTML pages", len(files))
	}
	// A site that imports the demo's areas: the pages of areas like an
	// imported area, which only such a site has.
	importing := t.TempDir()
	data, err := os.ReadFile(filepath.Join(dest, "data", "blueprints.json"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, importing, map[string]string{
		"site.toml":         "title = \"Importing\"\nbaseURL = \"https://portal.example/\"\nlicence = \"Open Government Licence v3.0\"\nattribution = \"Test portal\"\n[[import]]\nname = \"demo\"\nsource = \"imports/demo.json\"\n",
		"content/_index.md": "+++\ntitle = \"Importing\"\n+++\nThe demo's areas.\n",
		"imports/demo.json": string(data),
	})
	imported := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := run(t, importing, "build", "--dest", imported); code != 0 {
		t.Fatalf("building a site that imports the demo: exit %d\n%s", code, stderr)
	}
	likes, _ := filepath.Glob(filepath.Join(imported, "compare", "like", "demo", "*", "index.html"))
	if len(likes) == 0 {
		t.Fatal("the site that imports the demo has no page of areas like an imported area")
	}
	files = append(files, likes...)
	s := serve(t)
	served := t.TempDir()
	for name, path := range servedPages {
		_, body := s.get(t, path)
		file := filepath.Join(served, name)
		if err := os.WriteFile(file, body, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}

	args := append([]string{"-jar", vnuJar, "--errors-only", "--format", "json", "--stdout", "--exit-zero-always"}, files...)
	out, err := exec.Command(java, args...).Output()
	if err != nil {
		t.Fatalf("vnu: %v\n%s", err, out)
	}
	var report struct {
		Messages []struct {
			Type     string `json:"type"`
			URL      string `json:"url"`
			LastLine int    `json:"lastLine"`
			Message  string `json:"message"`
			Extract  string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("reading vnu's report: %v\n%s", err, out)
	}
	errors := 0
	for _, m := range report.Messages {
		if m.Type != "error" && m.Type != "non-document-error" {
			continue
		}
		errors++
		where := strings.TrimPrefix(m.URL, "file:")
		for _, dir := range []string{dest, offline, served, imported} {
			where = strings.TrimPrefix(where, dir)
		}
		t.Errorf("%s:%d: %s\n    %s", where, m.LastLine, m.Message, strings.TrimSpace(m.Extract))
	}
	t.Logf("the Nu Html Checker read %d pages: %d errors", len(files), errors)
}
