package builder

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
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
