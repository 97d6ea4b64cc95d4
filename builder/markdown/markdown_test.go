package markdown

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"intkb/builder/model"
)

// askLog is a Linker that notes what it is asked, publishes each link
// under /to/ and finds a problem with the destinations in problems.
type askLog struct {
	asked    []string
	problems map[string]string
}

func (a *askLog) Link(dest string, line int) (string, string) {
	a.asked = append(a.asked, fmt.Sprintf("link %d %q", line, dest))
	return "/to/" + dest, a.problems[dest]
}

func (a *askLog) AutoLink(url string) string {
	a.asked = append(a.asked, fmt.Sprintf("auto %q", url))
	return a.problems[url]
}

func render(t *testing.T, cfg model.MarkdownConfig, body string, l Linker) (*Doc, model.ErrorList) {
	t.Helper()
	return New(cfg).Render("content/x.md", []byte(body), 4, l)
}

// TestLinkerAsked checks what Render asks its Linker, in which order and
// with which lines, and what it does with the answers.
func TestLinkerAsked(t *testing.T) {
	body := "Intro [a](x.md) and ![i](p&amp;1.png \"t\")\n" + // line 4
		"[r] and [r] again\n" + // 5
		"\n" +
		"[r]: java&#x09;script:x\n" + // 7
		"\n" +
		"<https://example.org/a> www.example.org <me@example.org>\n" + // 9
		"\n" +
		"<a href=\"raw.md\">raw</a> <b>[in](in.md)</b>\n" // 11
	l := &askLog{problems: map[string]string{"java\tscript:x": "no scripts", "https://example.org/a": "not there"}}
	doc, errs := render(t, model.MarkdownConfig{Unsafe: true}, body, l)
	want := []string{
		`link 4 "x.md"`, `link 4 "p&1.png"`, `link 5 "java\tscript:x"`, `link 5 "java\tscript:x"`,
		`auto "https://example.org/a"`, `auto "http://www.example.org"`, `link 11 "in.md"`,
	}
	if !slices.Equal(l.asked, want) {
		t.Errorf("asked:\n%s\nwant:\n%s", strings.Join(l.asked, "\n"), strings.Join(want, "\n"))
	}
	wantErrs := "content/x.md:5: no scripts\ncontent/x.md:5: no scripts\ncontent/x.md:9: not there"
	if got := errs.Error(); got != wantErrs {
		t.Errorf("errors:\n%s\nwant:\n%s", got, wantErrs)
	}
	for _, s := range []string{
		`<a href="/to/x.md">a</a>`, `<img src="/to/p&amp;1.png" alt="i" title="t">`, `<a href="/to/java%09script:x">r</a>`,
		`<a href="https://example.org/a">`, `<a href="http://www.example.org">www.example.org</a>`,
		`<a href="raw.md">raw</a>`, `<b><a href="/to/in.md">in</a></b>`,
	} {
		if !strings.Contains(string(doc.HTML), s) {
			t.Errorf("HTML lacks %s:\n%s", s, doc.HTML)
		}
	}
}

// TestHeadingIDs checks the ids headings get, and the ids a #fragment may
// name.
func TestHeadingIDs(t *testing.T) {
	body := "# Next steps\n\n## Next steps\n\n### Next  steps\n\n## Footnotes\n\n## Café & *Crème*\n\n## ???\n\n#### _x_-y_ {#z}\n\nA note.[^n]\n\n[^n]: Text.\n"
	doc, errs := render(t, model.MarkdownConfig{}, body, &askLog{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, h := range doc.Headings {
		got = append(got, fmt.Sprintf("%d %s %s", h.Level, h.ID, h.Text))
	}
	want := []string{"2 next-steps-1 Next steps", "3 next-steps-2 Next  steps", "2 footnotes-1 Footnotes", "2 caf-crme Café & Crème", "2 section ???"}
	if !slices.Equal(got, want) {
		t.Errorf("headings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var ids []string
	for id := range doc.IDs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	wantIDs := []string{"caf-crme", "fn:1", "fnref:1", "footnotes", "footnotes-1", "main-content", "next-steps", "next-steps-1", "next-steps-2",
		"page-title", "review", "search-query", "section", "site-search", "toc", "x-y-z"}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("ids: %v\nwant %v", ids, wantIDs)
	}
	for _, s := range []string{`<h1 id="next-steps">Next steps</h1>`, `<h4 id="x-y-z"><em>x</em>-y_ {#z} <a class="heading-anchor" href="#x-y-z">`} {
		if !strings.Contains(string(doc.HTML), s) {
			t.Errorf("HTML lacks %s:\n%s", s, doc.HTML)
		}
	}
}

// TestTOCRule checks that a page gets a table of contents with at least
// TOCMinHeadings h2 and h3 headings, and never when it is 0.
func TestTOCRule(t *testing.T) {
	body := "# one\n\n## two\n\n### three\n\n#### four\n\n## five\n"
	for _, tt := range []struct{ min, want int }{{3, 3}, {4, 0}, {1, 3}, {0, 0}, {-1, 0}} {
		doc, _ := render(t, model.MarkdownConfig{TOCMinHeadings: tt.min}, body, &askLog{})
		if len(doc.Headings) != 3 || len(doc.TOC) != tt.want {
			t.Errorf("tocMinHeadings %d: %d headings, %d in the TOC; want 3, %d", tt.min, len(doc.Headings), len(doc.TOC), tt.want)
		}
	}
}

// TestParts checks the plain text of a body, split at each h2, for
// search.
func TestParts(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{"Before, with `code` and a [link](x.md).\n\n## One *h2*\n\nText\nover lines.\n\n### An h3\n\n```go\nf()\n```\n\n<div>\nraw\n</div>\n\n## Two\n",
			"[] : Before, with code and a link.\n[one-h2] One h2: Text over lines. An h3 f()\n[two] Two: \n"},
		{"## Only\n\n\"Quoted\" -- text\n", "[only] Only: “Quoted” – text\n"},
	} {
		doc, _ := render(t, model.MarkdownConfig{}, tt.body, &askLog{})
		var got strings.Builder
		for _, p := range doc.Parts {
			fmt.Fprintf(&got, "[%s] %s: %s\n", p.ID, p.Heading, p.Text)
		}
		if got.String() != tt.want {
			t.Errorf("%q:\ngot  %s\nwant %s", tt.body, got.String(), tt.want)
		}
	}
}

// TestRawHTML checks that raw HTML is left out unless the settings allow
// it.
func TestRawHTML(t *testing.T) {
	body := "<div class=\"x\">block</div>\n\nInline <b>bold</b>.\n"
	doc, _ := render(t, model.MarkdownConfig{}, body, &askLog{})
	if strings.Contains(string(doc.HTML), "<b>") || strings.Contains(string(doc.HTML), "<div") || !strings.Contains(string(doc.HTML), "<!-- raw HTML omitted -->") {
		t.Errorf("raw HTML without unsafe: %s", doc.HTML)
	}
	doc, _ = render(t, model.MarkdownConfig{Unsafe: true}, body, &askLog{})
	if !strings.Contains(string(doc.HTML), "<div class=\"x\">block</div>") || !strings.Contains(string(doc.HTML), "<b>bold</b>") {
		t.Errorf("raw HTML with unsafe: %s", doc.HTML)
	}
}

// TestRenderers checks what intkb renders differently from goldmark:
// code, task lists and tables.
func TestRenderers(t *testing.T) {
	body := "```toml\na = 1\n```\n\n    indented <code>\n\n- [x] done\n- [ ] to do\n\n| a |\n|---|\n| b |\n"
	doc, _ := render(t, model.MarkdownConfig{}, body, &askLog{})
	for _, s := range []string{
		`<pre class="chroma" tabindex="0" role="region" aria-label="Code: toml"><code class="language-toml"><span class="nx">a</span>`,
		"<pre class=\"chroma\" tabindex=\"0\" role=\"region\" aria-label=\"Code\"><code>indented &lt;code&gt;\n</code></pre>",
		`<span class="task-box task-box--done" aria-hidden="true">☑</span><span class="visually-hidden">Done: </span>done`,
		`<span class="task-box" aria-hidden="true">☐</span><span class="visually-hidden">To do: </span>to do`,
		"<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">\n<table>",
		"</table>\n</div>\n",
	} {
		if !strings.Contains(string(doc.HTML), s) {
			t.Errorf("HTML lacks %s:\n%s", s, doc.HTML)
		}
	}
	if css := ChromaCSS(); !strings.Contains(css, ".chroma .nx") {
		t.Errorf("ChromaCSS has no rule for names:\n%.300s", css)
	}
}

// TestPartial checks what a page refused before rendering gives back,
// and that the Linker is not asked about a page refused for its markup.
func TestPartial(t *testing.T) {
	l := &askLog{}
	doc, errs := render(t, model.MarkdownConfig{TOCMinHeadings: 1}, "## h\n\n[a](x.md)\n\n"+strings.Repeat("[a](", 100_000), l)
	if !doc.Partial || doc.HTML != "" || doc.Headings != nil || len(errs) != 1 || len(l.asked) != 0 {
		t.Errorf("markup cost: partial %v, HTML %d bytes, headings %v, errors %v, asked %v", doc.Partial, len(doc.HTML), doc.Headings, errs, l.asked)
	}

	longRef := "[a]: https://example.org/" + strings.Repeat("x", 99_980) + "\n\n"
	l = &askLog{}
	doc, errs = render(t, model.MarkdownConfig{TOCMinHeadings: 1}, "## h\n\n"+longRef+strings.Repeat("[a] ", 50), l)
	want := "content/x.md: body renders to more than 4.0 MB of HTML"
	if !doc.Partial || doc.HTML != "" || doc.TOC != nil || doc.Parts != nil || len(doc.Headings) != 1 || !doc.IDs["h"] ||
		len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), want) || len(l.asked) != 41 {
		t.Errorf("links past the HTML limit: partial %v, HTML %d bytes, TOC %v, parts %v, headings %v, ids %v, errors %v, asked %d times",
			doc.Partial, len(doc.HTML), doc.TOC, doc.Parts, doc.Headings, doc.IDs, errs, len(l.asked))
	}

	doc, errs = render(t, model.MarkdownConfig{TOCMinHeadings: 1}, strings.Repeat("## a\n", 30_000), &askLog{})
	if doc.Partial || len(doc.TOC) != 30_000 || len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), want) {
		t.Errorf("HTML past the limit as it is written: partial %v, TOC %d, errors %v", doc.Partial, len(doc.TOC), errs)
	}
}

// TestDocNamesLimits checks that the package doc names every limit it
// holds pages to, as declared in model.
func TestDocNamesLimits(t *testing.T) {
	data, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"MaxPageBytes", "MaxTableCells", "MaxNesting", "MaxLinkDefinitions", "MaxFootnotes", "MaxMarkupCost", "MaxPageHTML", "MaxHighlightBytes", "HighlightBlockCost"} {
		if !strings.Contains(string(data), "model."+name) {
			t.Errorf("doc.go does not name model.%s", name)
		}
	}
}

// TestIntroEnd checks where a body's introduction ends: at its first h2
// of its own, not one in a quote, and at the end of a body without one.
func TestIntroEnd(t *testing.T) {
	cases := []struct{ name, body, intro string }{
		{"intro then sections", "Why it *matters*.[^1]\n\n> ## Quoted\n\n### Small\n\n## First\n\nText.\n\n## Second\n\n[^1]: A note.\n",
			"<p>Why it <em>matters</em>."},
		{"no h2", "Only an introduction.\n\n### Small\n", "<p>Only an introduction.</p>\n<h3"},
		{"h2 first", "## First\n\nText.\n", ""},
	}
	for _, c := range cases {
		doc, errs := render(t, model.MarkdownConfig{}, c.body, &askLog{})
		if len(errs) > 0 {
			t.Fatalf("%s: %v", c.name, errs)
		}
		intro, rest := string(doc.HTML[:doc.IntroEnd]), string(doc.HTML[doc.IntroEnd:])
		if !strings.HasPrefix(intro, c.intro) || c.intro == "" && intro != "" {
			t.Errorf("%s: introduction %q, want it to start %q", c.name, intro, c.intro)
		}
		switch {
		case strings.Contains(c.body, "## First") && !strings.HasPrefix(rest, `<h2 id="first">`):
			t.Errorf("%s: the rest starts %.40q, want the first h2 of the body's own", c.name, rest)
		case !strings.Contains(c.body, "## First") && rest != "":
			t.Errorf("%s: a body without an h2 left %q after its introduction", c.name, rest)
		}
		if strings.Contains(c.body, "> ## Quoted") && !strings.Contains(intro, `<h2 id="quoted">`) {
			t.Errorf("%s: an h2 in a quote ended the introduction", c.name)
		}
		if strings.Contains(c.body, "[^1]") && !strings.Contains(rest, `class="footnotes"`) {
			t.Errorf("%s: the footnotes are not after the introduction", c.name)
		}
	}
}

// TestSectionStarts checks where each of a body's own h2s starts: not
// one in a quote or a list, and none in a body without one.
func TestSectionStarts(t *testing.T) {
	cases := []struct {
		name, body string
		want       []string // the start of HTML at each section
	}{
		{"intro then sections", "Why.\n\n> ## Quoted\n\n- item\n\n  ## Listed\n\n## First\n\nText.\n\n### Small\n\n## Second\n\nMore.[^1]\n\n[^1]: A note.\n",
			[]string{`<h2 id="first">`, `<h2 id="second">`}},
		{"no h2", "Only an introduction.\n\n### Small\n", nil},
		{"h2 first", "## First\n\nText.\n", []string{`<h2 id="first">`}},
	}
	for _, c := range cases {
		doc, errs := render(t, model.MarkdownConfig{}, c.body, &askLog{})
		if len(errs) > 0 {
			t.Fatalf("%s: %v", c.name, errs)
		}
		if len(doc.SectionStarts) != len(c.want) {
			t.Fatalf("%s: %d sections, want %d", c.name, len(doc.SectionStarts), len(c.want))
		}
		for i, at := range doc.SectionStarts {
			if got := string(doc.HTML[at:]); !strings.HasPrefix(got, c.want[i]) {
				t.Errorf("%s: section %d starts %.30q, want %q", c.name, i+1, got, c.want[i])
			}
		}
		if len(c.want) > 0 && doc.IntroEnd != doc.SectionStarts[0] {
			t.Errorf("%s: IntroEnd %d is not where the first section starts, %d", c.name, doc.IntroEnd, doc.SectionStarts[0])
		}
	}
}
