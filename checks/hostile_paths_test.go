package checks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// link makes a symbolic link in the site, or skips the test.
func link(t *testing.T, dir, target, name string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, full); err != nil {
		t.Skip("cannot make symbolic links here:", err)
	}
}

// TestHiddenFilesAreNotPublished builds a site whose static/ and content/
// hold hidden folders, as a site kept in git or edited in place does:
// none of them is published, and a .git kept in the destination (a site
// published from a git checkout) survives the build.
func TestHiddenFilesAreNotPublished(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	writeFiles(t, dir, map[string]string{
		".env":                           "TOKEN=secret\n",
		"static/.git/config":             "[remote \"origin\"]\n\turl = https://token@example.org/\n",
		"static/sub/.hidden/x":           "secret\n",
		"static/sub/shown.txt":           "shown\n",
		"content/playbooks/.drafts/x.md": "+++\ntitle = \"Draft\"\n+++\n",
		"content/.cache/thumb.png":       "secret\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := run(t, dir, "build", "--dest", dest); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	writeFiles(t, dest, map[string]string{".git/HEAD": "ref: refs/heads/gh-pages\n"})
	if _, stderr, code := run(t, dir, "build", "--dest", dest); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel(dest, p)
		if err == nil && !d.IsDir() && strings.Contains(rel, ".") && rel != ".git/HEAD" && rel != ".intkb-output" && !strings.HasPrefix(rel, ".intkb/") {
			for _, seg := range strings.Split(rel, string(filepath.Separator)) {
				if strings.HasPrefix(seg, ".") {
					t.Errorf("%s was published", rel)
					break
				}
			}
		}
		return nil
	})
	if data, err := os.ReadFile(filepath.Join(dest, ".git", "HEAD")); err != nil || string(data) != "ref: refs/heads/gh-pages\n" {
		t.Errorf("the destination's .git did not survive: %q, %v", data, err)
	}
	if _, err := os.Stat(filepath.Join(dest, "sub", "shown.txt")); err != nil {
		t.Errorf("a static file beside a hidden folder was not published: %v", err)
	}
}

// TestHostilePaths runs the real intkb build on sites whose files would
// publish a secret, be silently replaced by intkb's own or replace them,
// or block the build for ever. Each must end, rather than hang, with exit
// status 1 and an error naming the file (and what it clashes with),
// leaving the previous output as it was.
func TestHostilePaths(t *testing.T) {
	importSite := map[string]string{"site.toml": goodSite["site.toml"] + "\n[[import]]\nname = \"pipe\"\nsource = \"data/pipe.json\"\n"}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  []string // each must be in stderr
	}{
		{"a link to .env", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{".env": "TOKEN=secret\n"})
			link(t, dir, "../.env", "static/env.txt")
		}, []string{"static/env.txt: is a symbolic link to .env, which is hidden"}},
		{"a link into .git", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{".git/config": "[core]\n"})
			link(t, dir, "../.git/config", "static/x")
		}, []string{"static/x: is a symbolic link to .git/config, which is hidden"}},
		{"static/index.html", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"static/index.html": "<p>mine</p>"})
		}, []string{"static/index.html: has the same output path index.html as the home page that intkb writes"}},
		{"static/404.html", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"static/404.html": "<p>mine</p>"})
		}, []string{`static/404.html: has the same output path 404.html as the page-not-found page that intkb writes`}},
		{"static/search/index/meta.json", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"static/search/index/meta.json": "{}"})
		}, []string{"static/search/index/meta.json: would be written inside search/index/, which holds the search index for plain hosting"}},
		{"static/robots.txt", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"static/robots.txt": "User-agent: *\nDisallow: /\n"})
		}, []string{"static/robots.txt: has the same output path robots.txt as the robots.txt that intkb writes"}},
		{"content/index.html", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"content/index.html": "<p>mine</p>"})
		}, []string{"content/index.html: has the same output path index.html as the home page that intkb writes"}},
		{"content/about/index.html beside about.md", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"content/about.md": "+++\ntitle = \"About\"\n+++\n", "content/about/index.html": "<p>mine</p>"})
		}, []string{"content/about/index.html: has the same output path about/index.html as content/about.md"}},
		{"content/compare/index.html", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"content/compare/index.html": "<p>mine</p>"})
		}, []string{"content/compare/index.html: has the same output path compare/index.html as the comparison of areas that intkb writes"}},
		{"content/robots.txt", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"content/robots.txt": "User-agent: *\n"})
		}, []string{"content/robots.txt: has the same output path robots.txt as the robots.txt that intkb writes"}},
		{"content/feed.xml", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"content/feed.xml": "<feed/>"})
		}, []string{"content/feed.xml: has the same output path feed.xml as the feed.xml that intkb writes"}},
		{"a named pipe in static", func(t *testing.T, dir string) {
			fifo(t, dir, "static/pipe.css")
		}, []string{"static/pipe.css: it is a named pipe (FIFO), not a regular file"}},
		{"a page that is a link to a named pipe", func(t *testing.T, dir string) {
			fifo(t, dir, "pipe")
			link(t, dir, "../pipe", "content/pipe.md")
		}, []string{"content/pipe.md: it is a named pipe (FIFO), not a regular file"}},
		{"an import that is a named pipe", func(t *testing.T, dir string) {
			writeFiles(t, dir, importSite)
			fifo(t, dir, "data/pipe.json")
		}, []string{`site.toml:7: import "pipe": cannot read data/pipe.json: it is a named pipe (FIFO), not a regular file`}},
		{"every problem in static", func(t *testing.T, dir string) {
			link(t, dir, "missing-a.css", "static/a.css")
			link(t, dir, "missing-b.css", "static/b.css")
			fifo(t, dir, "static/c.css")
		}, []string{"static/a.css: ", "static/b.css: ", "static/c.css: ", "3 problems found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, dest, before := builtGoodSite(t)
			tt.setup(t, dir)
			// A build that blocks (on a named pipe, say) is a hang, not
			// a slow build: runWithin kills it and fails the test. How
			// long a build that ends takes is not checked here.
			r := runWithin(t, 20*time.Second, dir, "build", "--dest", dest)
			wantRefused(t, r, dir, dest, before, tt.want)
		})
	}
}
