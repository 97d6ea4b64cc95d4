package builder

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// symlink makes a symbolic link in the site, or skips the test where
// links cannot be made.
func symlink(t *testing.T, dir, target, name string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, full); err != nil {
		t.Skip("cannot make symbolic links here:", err)
	}
}

// buildWithin builds as buildDir does, failing the test rather than
// waiting when the build does not end within a few seconds: the build
// goroutine is left blocked, but the test suite goes on.
func buildWithin(t *testing.T, dir, dest string) error {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	done := make(chan error, 1)
	go func() {
		_, err := Build(Options{Source: RootFS(root), Dest: dest, Now: testNow})
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("the build did not end within 10 s")
		return nil
	}
}

func TestHiddenPathsAreNotPublished(t *testing.T) {
	dir := writeSite(t, minimalSite+`
-- static/.git/config --
[remote "origin"]
-- static/sub/.hidden/x.txt --
secret
-- static/sub/.env --
TOKEN=1
-- static/sub/shown.txt --
shown
-- content/guide/index.md --
+++
title = "Guide"
+++
A bundle.
-- content/guide/photo.txt --
shown
-- content/guide/.cache/thumb.txt --
secret
-- content/.private/notes.txt --
secret
`)
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	// A .git kept in the destination survives a rebuild.
	if err := os.MkdirAll(filepath.Join(dest, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, ".git", "HEAD"), []byte("ref: refs/heads/pages\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{".git/config", "sub/.hidden/x.txt", "sub/.env", "guide/.cache/thumb.txt", ".private/notes.txt"} {
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(rel))); err == nil {
			t.Errorf("%s was published", rel)
		}
	}
	for _, rel := range []string{"sub/shown.txt", "guide/photo.txt"} {
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(rel))); err != nil {
			t.Errorf("%s was not published: %v", rel, err)
		}
	}
	if got := readOut(t, dest, ".git/HEAD"); got != "ref: refs/heads/pages\n" {
		t.Errorf("the destination's .git was replaced: HEAD is %q", got)
	}
}

func TestLinksToHiddenFilesAreRefused(t *testing.T) {
	tests := []struct {
		name string
		link func(t *testing.T, dir string)
		want string
	}{
		{"a static file", func(t *testing.T, dir string) {
			symlink(t, dir, "../.env", "static/env.txt")
		}, "static/env.txt: is a symbolic link to .env, which is hidden: files and folders whose names start with a dot are never published; copy what should be published under a name without a dot, or remove the link"},
		{"into a hidden folder", func(t *testing.T, dir string) {
			symlink(t, dir, "../../.git/config", "static/sub/x")
		}, "static/sub/x: is a symbolic link to .git/config, which is hidden"},
		{"through another link", func(t *testing.T, dir string) {
			symlink(t, dir, ".git", "repo")
			symlink(t, dir, "../repo/config", "static/x")
		}, "static/x: is a symbolic link to .git/config, which is hidden"},
		{"a folder", func(t *testing.T, dir string) {
			symlink(t, dir, "../.git", "static/git")
		}, "static/git: is a symbolic link to .git, which is hidden"},
		{"the static folder", func(t *testing.T, dir string) {
			os.RemoveAll(filepath.Join(dir, "static"))
			symlink(t, dir, ".git", "static")
		}, "static: is a symbolic link to .git, which is hidden"},
		{"a file beside a page", func(t *testing.T, dir string) {
			symlink(t, dir, "../../.env", "content/playbooks/env.txt")
		}, "content/playbooks/env.txt: is a symbolic link to .env, which is hidden"},
		{"a page", func(t *testing.T, dir string) {
			symlink(t, dir, "../.git/notes.md", "content/notes.md")
		}, "content/notes.md: is a symbolic link to .git/notes.md, which is hidden"},
		{"a layout", func(t *testing.T, dir string) {
			symlink(t, dir, "../.env", "layouts/page.html")
		}, "layouts/page.html: is a symbolic link to .env, which is hidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, minimalSite+"-- .env --\nTOKEN=secret\n-- .git/config --\n[core]\n-- .git/notes.md --\n+++\ntitle = \"Notes\"\n+++\n-- static/ok.txt --\nok\n")
			tt.link(t, dir)
			dest := filepath.Join(t.TempDir(), "public")
			err := buildDir(t, dir, dest, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n got %v\nwant it to contain %q", err, tt.want)
			}
			if _, err := os.Stat(dest); err == nil {
				t.Error("the failed build wrote the destination")
			}
		})
	}
}

func TestOutputCollisions(t *testing.T) {
	tests := []struct {
		name  string
		files string
		want  string
	}{
		{"static home page", "-- static/index.html --\n<p>mine</p>\n",
			"static/index.html: has the same output path index.html as the home page that intkb writes: rename or remove static/index.html"},
		{"static 404 page", "-- static/404.html --\n<p>mine</p>\n",
			"static/404.html: has the same output path 404.html as the page-not-found page that intkb writes: rename or remove static/404.html"},
		{"static search index", "-- static/search/index/meta.json --\n{}\n",
			"static/search/index/meta.json: would be written inside search/index/, which holds the search index for plain hosting that intkb writes: rename or remove static/search/index/meta.json"},
		{"static robots.txt", "-- static/robots.txt --\nUser-agent: *\n",
			"static/robots.txt: has the same output path robots.txt as the robots.txt that intkb writes: rename or remove static/robots.txt"},
		{"static open data", "-- static/data/blueprints/saltmere.json --\n{}\n",
			"static/data/blueprints/saltmere.json: has the same output path data/blueprints/saltmere.json as the data/blueprints/saltmere.json that intkb writes"},
		{"static workbook", "-- static/data/blueprints.xlsx --\nnot a workbook\n",
			"static/data/blueprints.xlsx: has the same output path data/blueprints.xlsx as the data/blueprints.xlsx that intkb writes: rename or remove static/data/blueprints.xlsx"},
		{"static page", "-- static/playbooks/start-with-needs/index.html --\n<p>mine</p>\n",
			"static/playbooks/start-with-needs/index.html: has the same output path playbooks/start-with-needs/index.html as content/playbooks/start-with-needs.md: rename or remove one of them"},
		{"static file where a folder is written", "-- static/tags --\nnot a folder\n",
			"static/tags: would be written at tags, which is a folder of the \"Tags\" page that intkb writes: rename or remove static/tags"},
		{"content home page", "-- content/index.html --\n<p>mine</p>\n",
			"content/index.html: has the same output path index.html as the home page that intkb writes"},
		{"content beside its page", "-- content/about.md --\n+++\ntitle = \"About\"\n+++\n-- content/about/index.html --\n<p>mine</p>\n",
			"content/about/index.html: has the same output path about/index.html as content/about.md: rename or remove one of them"},
		{"content comparison", "-- content/compare/index.html --\n<p>mine</p>\n",
			"content/compare/index.html: has the same output path compare/index.html as the comparison of areas that intkb writes"},
		{"page at the comparison", "-- content/compare.md --\n+++\ntitle = \"Mine\"\n+++\nText.\n",
			"content/compare.md: has the same output path compare/index.html as the comparison of areas that intkb writes: rename or remove content/compare.md"},
		{"page at a taxonomy", "-- content/tags.md --\n+++\ntitle = \"Mine\"\n+++\nText.\n",
			`content/tags.md: has the same output path tags/index.html as the "Tags" page that intkb writes: rename or remove content/tags.md`},
		{"page at a section list", "-- content/playbooks.md --\n+++\ntitle = \"Mine\"\n+++\nText.\n",
			`content/playbooks.md: has the same output path playbooks/index.html as the "Playbooks" page that intkb writes: rename or remove content/playbooks.md`},
		{"content robots.txt", "-- content/robots.txt --\nUser-agent: *\n",
			"content/robots.txt: has the same output path robots.txt as the robots.txt that intkb writes"},
		{"content feed", "-- content/feed.xml --\n<feed/>\n",
			"content/feed.xml: has the same output path feed.xml as the feed.xml that intkb writes"},
		{"a page on a tag's page", "-- content/tags/needs.md --\n+++\ntitle = \"Needs\"\n+++\n",
			`content/tags/needs.md: has the same output path tags/needs/index.html as the "Needs" page that intkb writes: rename or remove content/tags/needs.md`},
		{"a static file and a file beside a page", "-- static/img/map.svg --\n<svg/>\n-- content/img/map.svg --\n<svg/>\n",
			"content/img/map.svg: has the same output path img/map.svg as static/img/map.svg: rename or remove one of them"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, minimalSite)
			dest := filepath.Join(t.TempDir(), "public")
			if err := buildDir(t, dir, dest, Options{}); err != nil {
				t.Fatal(err)
			}
			before := treeHash(t, dest)
			for _, f := range txtar.Parse([]byte(tt.files)).Files {
				full := filepath.Join(dir, filepath.FromSlash(f.Name))
				os.MkdirAll(filepath.Dir(full), 0o755)
				if err := os.WriteFile(full, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := buildDir(t, dir, dest, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n got %v\nwant it to contain %q", err, tt.want)
			}
			if treeHash(t, dest) != before {
				t.Error("the failed build changed the previous output")
			}
			// intkb check finds it too, without writing.
			root, _ := os.OpenRoot(dir)
			defer root.Close()
			if err := check(Options{Source: root.FS(), Now: testNow}); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check: %v", err)
			}
		})
	}
}

// A site's static file may replace a built-in one: that is what static/
// is for, and it is not a collision.
func TestStaticReplacesBuiltInFiles(t *testing.T) {
	dir := writeSite(t, minimalSite+"-- static/css/intkb.css --\nbody{color:red}\n-- static/css/code.css --\n.chroma{}\n")
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := readOut(t, dest, "css/intkb.css"); got != "body{color:red}\n" {
		t.Errorf("css/intkb.css is %q", got)
	}
	if got := readOut(t, dest, "css/code.css"); got != ".chroma{}\n" {
		t.Errorf("css/code.css is %q", got)
	}
}

func TestOnlyRegularFilesAreRead(t *testing.T) {
	importSite := strings.Replace(minimalSite, "[[areas]]", "[[import]]\nname = \"pipe\"\nsource = \"data/pipe.json\"\n\n[[areas]]", 1)
	tests := []struct {
		name  string
		site  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"a static file", minimalSite, func(t *testing.T, dir string) {
			mkfifo(t, dir, "static/pipe.css")
		}, "static/pipe.css: it is a named pipe (FIFO), not a regular file: only regular files are read; put the file itself there, or remove it"},
		{"a link to a pipe in static", minimalSite, func(t *testing.T, dir string) {
			mkfifo(t, dir, "pipe")
			symlink(t, dir, "../pipe", "static/app.js")
		}, "static/app.js: it is a named pipe (FIFO), not a regular file"},
		{"a page that links to a pipe", minimalSite, func(t *testing.T, dir string) {
			mkfifo(t, dir, "pipe")
			symlink(t, dir, "../pipe", "content/pipe.md")
		}, "content/pipe.md: it is a named pipe (FIFO), not a regular file"},
		{"a page in a section", minimalSite, func(t *testing.T, dir string) {
			page, _ := os.ReadFile(filepath.Join(dir, "content/playbooks/start-with-needs.md"))
			for i := range minFolderFiles { // enough for the folder to be opened (openFolders)
				os.WriteFile(filepath.Join(dir, fmt.Sprintf("content/playbooks/copy-%d.md", i)), page, 0o644)
			}
			mkfifo(t, dir, "content/playbooks/pipe.md")
		}, "content/playbooks/pipe.md: it is a named pipe (FIFO), not a regular file"},
		{"a file beside a page", minimalSite, func(t *testing.T, dir string) {
			mkfifo(t, dir, "content/playbooks/data.csv")
		}, "content/playbooks/data.csv: it is a named pipe (FIFO), not a regular file"},
		{"a layout", minimalSite, func(t *testing.T, dir string) {
			mkfifo(t, dir, "layouts/page.html")
		}, "layouts/page.html: cannot read: it is a named pipe (FIFO), not a regular file"},
		{"site.toml", minimalSite, func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "site.toml"))
			mkfifo(t, dir, "site.toml")
		}, "site.toml: cannot read: it is a named pipe (FIFO), not a regular file"},
		{"an import", importSite, func(t *testing.T, dir string) {
			mkfifo(t, dir, "data/pipe.json")
		}, `site.toml:3: import "pipe": cannot read data/pipe.json: it is a named pipe (FIFO), not a regular file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, tt.site)
			tt.setup(t, dir)
			err := buildWithin(t, dir, filepath.Join(t.TempDir(), "public"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n got %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

// Every problem with static/ is reported in one run, not only the first.
func TestStaticProblemsAreAllReported(t *testing.T) {
	dir := writeSite(t, minimalSite+"-- static/ok.css --\nbody{}\n")
	symlink(t, dir, "missing-a.css", "static/a.css")
	symlink(t, dir, "missing-b.css", "static/b.css")
	mkfifo(t, dir, "static/c.css")
	err := buildWithin(t, dir, filepath.Join(t.TempDir(), "public"))
	got := errorStrings(err)
	want := []string{
		"static/a.css: cannot follow symbolic link: no such file or directory",
		"static/b.css: cannot follow symbolic link: no such file or directory",
		"static/c.css: it is a named pipe (FIFO), not a regular file: only regular files are read; put the file itself there, or remove it",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLiveKeepsHiddenAndCollidingFilesOut(t *testing.T) {
	ls := newLiveSite(t, minimalSite)
	home := readOut(t, ls.dest, "index.html")

	ls.write("static/.git/config", "[core]\n")
	ls.write("static/sub/.hidden/x.txt", "secret\n")
	ls.write("content/playbooks/.cache/thumb.txt", "secret\n")
	ls.apply("static/.git/config", "static/sub/.hidden/x.txt", "static/.git", "static/sub/.hidden", "content/playbooks/.cache/thumb.txt")
	for _, rel := range []string{".git/config", "sub/.hidden/x.txt", "playbooks/.cache/thumb.txt"} {
		if _, err := os.Stat(filepath.Join(ls.dest, filepath.FromSlash(rel))); err == nil {
			t.Errorf("%s was published", rel)
		}
	}

	ls.write(".env", "TOKEN=secret\n")
	symlink(t, ls.dir, "../.env", "static/env.txt")
	if _, err := ls.live.Apply([]string{"static/env.txt"}); err == nil || !strings.Contains(err.Error(), "static/env.txt: is a symbolic link to .env, which is hidden") {
		t.Errorf("a link to .env: %v", err)
	}
	os.Remove(filepath.Join(ls.dir, "static", "env.txt"))
	ls.apply("static/env.txt")

	ls.write("static/index.html", "<p>mine</p>\n")
	_, err := ls.live.Apply([]string{"static/index.html"})
	if err == nil || !strings.Contains(err.Error(), "static/index.html: has the same output path index.html as the home page that intkb writes") {
		t.Errorf("a static home page: %v", err)
	}
	os.Remove(filepath.Join(ls.dir, "static", "index.html"))
	ls.apply("static/index.html")
	if got := readOut(t, ls.dest, "index.html"); got != home {
		t.Errorf("the home page changed or went:\n%s", got)
	}

	ls.write("static/about/index.html", "<p>mine</p>\n")
	ls.apply("static/about/index.html")
	ls.write("content/about.md", "+++\ntitle = \"About\"\n+++\n")
	if _, err := ls.live.Apply([]string{"content/about.md"}); err == nil || !strings.Contains(err.Error(), "static/about/index.html: has the same output path about/index.html as content/about.md") {
		t.Errorf("a page on a static file: %v", err)
	}
	os.Remove(filepath.Join(ls.dir, "content", "about.md"))
	ls.apply("content/about.md")
	ls.checkSameAsFull("after the clashes went")

	// A static folder that goes takes its files with it.
	ls.write("static/img/a.svg", "<svg/>\n")
	ls.apply("static/img/a.svg")
	os.RemoveAll(filepath.Join(ls.dir, "static", "img"))
	ls.apply("static/img")
	ls.checkSameAsFull("after a static folder went")
}

// A page is opened by its name in its folder's own root (RootFS), and by
// its path when that fails, as for a symbolic link to a page in another
// folder of the site, which its folder's root refuses: the site builds as
// it does when every page is opened by its path.
func TestPagesOpenInTheirFoldersAsByTheirPaths(t *testing.T) {
	dir := writeSite(t, minimalSite+`-- shared/linked.md --
+++
title = "Linked from elsewhere"
summary = "A page kept outside content/."
updated = 2026-09-14
review_due = 2027-03-14
phase = "explore"
addresses = ["needs"]

[[steps]]
title = "Follow the link"
+++
Words kept outside the content folder.
`)
	symlink(t, dir, "../../shared/linked.md", "content/playbooks/linked.md")
	// Enough pages in content/playbooks/ for its folder to be opened.
	page, err := os.ReadFile(filepath.Join(dir, "content/playbooks/start-with-needs.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range minFolderFiles {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("content/playbooks/copy-%d.md", i)), page, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	folders, closeFolders := openFolders(RootFS(root), []string{"content/playbooks/linked.md", "content/playbooks/start-with-needs.md"})
	closeFolders()
	if len(folders) != 0 {
		t.Errorf("folders of fewer than %d files opened: %v", minFolderFiles, folders)
	}
	var trees []string
	for _, src := range []fs.FS{RootFS(root), root.FS()} {
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Source: src, Dest: dest, Now: testNow}); err != nil {
			t.Fatal(err)
		}
		page, err := os.ReadFile(filepath.Join(dest, "playbooks/linked/index.html"))
		if err != nil || !strings.Contains(string(page), "Words kept outside the content folder.") {
			t.Errorf("the linked page was not built from its file: %v", err)
		}
		trees = append(trees, treeHash(t, dest))
	}
	if trees[0] != trees[1] {
		t.Error("opening pages in their folders' roots built another site than opening them by their paths")
	}
}

// openFolders opens only folders of many of the files, and a bounded
// number of them, so that a site of page bundles does not hold a file
// open for each page.
func TestOpenFoldersIsBounded(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for i := range maxFolders + 10 {
		for j := range minFolderFiles {
			names = append(names, fmt.Sprintf("big/%03d/%d.md", i, j))
		}
	}
	for i := range 100 {
		names = append(names, fmt.Sprintf("bundles/%03d/index.md", i))
	}
	for _, name := range names {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	folders, closeFolders := openFolders(RootFS(root), names)
	defer closeFolders()
	if len(folders) != maxFolders {
		t.Errorf("%d folders opened, want %d", len(folders), maxFolders)
	}
	for dir := range folders {
		if !strings.HasPrefix(dir, "big/") {
			t.Errorf("%s opened: it holds one file", dir)
		}
	}
	if folders, _ := openFolders(root.FS(), names); len(folders) != 0 {
		t.Error("folders opened on a file system that cannot open them")
	}
}
