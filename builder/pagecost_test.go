package builder

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"intkb/builder/model"
)

// The limits on what a page may cost are tested with package markdown,
// which checks them; these tests check that a build applies them.

// costPage builds a site with one page, content/x.md, whose body starts
// at line 4, and returns the page or the error.
func costPage(t testing.TB, body string) (*Page, error) {
	t.Helper()
	fsys := fstest.MapFS{
		"site.toml":    {Data: []byte("title = \"T\"\nbaseURL = \"/\"\n")},
		"content/x.md": {Data: []byte("+++\ntitle = \"X\"\n+++\n" + body)},
	}
	res, err := Build(Options{Source: fsys, Now: testNow})
	if err != nil {
		return nil, err
	}
	for _, p := range res.Pages {
		if p.Path == "x.md" {
			return p, nil
		}
	}
	t.Fatal("no page x.md")
	return nil, nil
}

// TestCostLimitsInBuild checks that a build refuses a page past each kind
// of limit, before parsing, while parsing and while rendering, with the
// error naming the page's file and line.
func TestCostLimitsInBuild(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"table cells", "text\n\n" + strings.Repeat("|a", 1000) + "|\n" + strings.Repeat("|-", 1000) + "|\n" + strings.Repeat("|a|\n", 10),
			"content/x.md:6: table has 1,000 columns and 10 rows (11,000 cells with its header); a page may have at most 10,000 table cells"},
		{"markup", "text\n\n" + strings.Repeat("[a](", 100_000), "content/x.md:6: paragraph has 200,000 link, emphasis and code marks"},
		{"HTML", strings.Repeat("## a\n", 30_000), "content/x.md: body renders to more than 4.0 MB of HTML"},
	}
	for _, tt := range tests {
		if _, err := costPage(t, tt.body); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %s...", tt.name, err, tt.want)
		}
	}
}

// TestSuggestionsLimit checks that only the first maxSuggestions broken
// links of a page are compared with every page and heading.
func TestSuggestionsLimit(t *testing.T) {
	for name, link := range map[string]string{"pages": "glosary.md", "headings": "#intoduction"} {
		body := "## Introduction\n\n" + strings.Repeat("[a]("+link+")\n\n", 25)
		fsys := fstest.MapFS{
			"site.toml":           {Data: []byte("title = \"T\"\nbaseURL = \"/\"\n")},
			"content/x.md":        {Data: []byte("+++\ntitle = \"X\"\n+++\n" + body)},
			"content/glossary.md": {Data: []byte("+++\ntitle = \"G\"\n+++\n")},
		}
		_, err := Build(Options{Source: fsys, Now: testNow})
		lines := errorStrings(err)
		if len(lines) != 25 {
			t.Fatalf("%s: %d errors, want 25:\n%v", name, len(lines), err)
		}
		if n := strings.Count(err.Error(), "(did you mean"); n != model.MaxSuggestions {
			t.Errorf("%s: %d suggestions, want %d", name, n, model.MaxSuggestions)
		}
	}
}

// TestPageSizeLimit checks maxPageBytes.
func TestPageSizeLimit(t *testing.T) {
	head := "+++\ntitle = \"X\"\n+++\n"
	if _, err := costPage(t, strings.Repeat("a", model.MaxPageBytes-len(head))); err != nil {
		t.Errorf("a page of 512 KB: %v", err)
	}
	_, err := costPage(t, strings.Repeat("a", 600<<10))
	if want := "content/x.md: file is 601 KB: a page may be at most 512 KB (split it into several pages; keep large files under static/)"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestLiveRejectsCostlyPage is a costly page saved under "intkb serve":
// the rebuild fails at once with the page's error, the site served is
// left as it was, and the next good save is taken.
func TestLiveRejectsCostlyPage(t *testing.T) {
	ls := newLiveSite(t, minimalSite)
	before := treeHash(t, ls.dest)
	const page = "content/big.md"
	ls.write(page, "+++\ntitle = \"Big\"\n+++\n"+strings.Repeat("|a", 5000)+"|\n"+strings.Repeat("|-", 5000)+"|\n"+strings.Repeat("|a|\n", 20_000))
	_, err := ls.live.Apply([]string{page})
	if err == nil || !strings.HasPrefix(err.Error(), page+":4: table has 5,000 columns and 20,000 rows") {
		t.Fatalf("got %v", err)
	}
	if treeHash(t, ls.dest) != before {
		t.Error("a failed rebuild changed the output")
	}
	ls.write(page, "+++\ntitle = \"Big\"\n+++\n"+strings.Repeat("[a](", 100_000))
	if _, err := ls.live.Apply([]string{page}); err == nil || !strings.HasPrefix(err.Error(), page+":4: paragraph has 200,000 link, emphasis and code marks") {
		t.Fatalf("got %v", err)
	}
	if treeHash(t, ls.dest) != before {
		t.Error("a failed rebuild changed the output")
	}
	if err := os.Remove(filepath.Join(ls.dir, filepath.FromSlash(page))); err != nil {
		t.Fatal(err)
	}
	ls.apply(page)
	ls.checkSameAsFull("removed")
}

// TestLimitsDocumented checks that the package doc, the README and the
// authoring guide give the limits as limits.go has them.
func TestLimitsDocumented(t *testing.T) {
	phrases := []string{
		model.SizeText(model.MaxPageBytes),
		model.NumberText(model.MaxTableCells) + " table cells",
		fmt.Sprintf("quotes %d", model.MaxNesting),
		fmt.Sprintf("%d link reference definitions", model.MaxLinkDefinitions),
		model.NumberText(model.MaxFootnotes) + " footnotes",
		fmt.Sprintf("dotted keys %d deep", model.MaxFrontNesting), // of front matter,
		fmt.Sprintf("%d tags", model.MaxTags),
		model.NumberText(model.MaxMarkupCost),
		fmt.Sprintf("%d MB of HTML", model.MaxPageHTML>>20),
		fmt.Sprintf("%d KB of code", model.MaxHighlightBytes>>10),
	}
	for _, file := range []string{"doc.go", "../README.md", "../content/guide/authoring.md"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(strings.ReplaceAll(string(data), "\n// ", " ")), " ")
		for _, p := range phrases {
			if file == "../content/guide/authoring.md" && p == model.NumberText(model.MaxMarkupCost) {
				continue // authors are told what to do, not the sum
			}
			if !strings.Contains(text, p) {
				t.Errorf("%s does not say %q", file, p)
			}
		}
	}
}
