package builder

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"intkb/layouts"
)

// TestBuiltinAssetsAreMinified builds a site and checks that every
// built-in script and stylesheet is published smaller than its source,
// without its comments, and that each script still parses; a site's own
// static files are published byte for byte.
func TestBuiltinAssetsAreMinified(t *testing.T) {
	own := "// kept as written\nwindow.x = 1;\n"
	dest := filepath.Join(t.TempDir(), "public")
	fsys := siteFS(t, `-- site.toml --
title = "T"
baseURL = "/"
-- content/_index.md --
+++
title = "Home"
+++
-- static/js/own.js --
`+own)
	if _, err := Build(Options{Source: fsys, Dest: dest, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	if got := readOut(t, dest, "js/own.js"); got != own {
		t.Errorf("the site's own script was changed: %q", got)
	}
	node, _ := exec.LookPath("node")
	names, err := filepath.Glob(filepath.Join("..", "layouts", "static", "*", "*"))
	if err != nil || len(names) < 3 {
		t.Fatalf("built-in assets: %v, %v", names, err)
	}
	for _, name := range names {
		rel := filepath.ToSlash(strings.TrimPrefix(name, filepath.Join("..", "layouts", "static")+string(filepath.Separator)))
		src, err := layouts.FS.ReadFile("static/" + rel)
		if err != nil {
			t.Fatal(err)
		}
		got := readOut(t, dest, rel)
		ext := filepath.Ext(rel)
		if ext != ".js" && ext != ".css" {
			if got != string(src) {
				t.Errorf("%s: changed, though neither script nor stylesheet", rel)
			}
			continue
		}
		if len(got) >= len(src)*9/10 {
			t.Errorf("%s: %d bytes published of %d: not minified", rel, len(got), len(src))
		}
		if strings.Contains(got, "\n  ") || strings.Contains(got, "/* ") {
			t.Errorf("%s: still indented or commented", rel)
		}
		if ext == ".js" && node != "" {
			if out, err := exec.Command(node, "--check", filepath.Join(dest, filepath.FromSlash(rel))).CombinedOutput(); err != nil {
				t.Errorf("%s: minified, it does not parse: %v\n%s", rel, err, out)
			}
		}
	}
	if node == "" {
		t.Log("no node: the minified scripts were not parsed")
	}
}
