package markdown

import (
	"fmt"
	"strings"
	"testing"

	"intkb/builder/model"
)

// costTable returns a GFM table with a header and rows rows.
func costTable(cols, rows int) string {
	var b strings.Builder
	b.WriteString("|" + strings.Repeat(" h |", cols) + "\n")
	b.WriteString("|" + strings.Repeat("---|", cols) + "\n")
	for range rows {
		b.WriteString("|" + strings.Repeat(" c |", cols) + "\n")
	}
	return b.String()
}

// costStaircase returns a list nested one level a line, depth levels deep,
// by indentation alone.
func costStaircase(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat("  ", i) + "- a\n")
	}
	return b.String()
}

// costLines returns n lines made by line(i).
func costLines(n int, line func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(line(i))
	}
	return b.String()
}

// TestPageCostLimits checks each limit of CheckCost: a page at the
// limit passes, and one a step past it fails with the error an author
// sees. The body starts at line 4, as after three lines of front matter.
func TestPageCostLimits(t *testing.T) {
	def := func(i int) string { return fmt.Sprintf("[l%d]: /x\n", i) }
	tests := []struct {
		name     string
		at, over string
		want     string
	}{
		{"table cells", costTable(10, 999), costTable(10, 1000),
			"content/x.md:4: table has 10 columns and 1,000 rows (10,010 cells with its header); a page may have at most 10,000 table cells (split the table, or publish the data as a CSV file beside the page and link to it)"},
		{"cells of two tables", costTable(10, 499) + "\n" + costTable(10, 499), costTable(10, 499) + "\n" + costTable(10, 500),
			"content/x.md:506: table has 10 columns and 500 rows (5,010 cells with its header), 10,010 with the tables above it; a page may have at most 10,000 table cells (split the table, or publish the data as a CSV file beside the page and link to it)"},
		{"a table in a quote", "> " + strings.ReplaceAll(costTable(10, 999), "\n", "\n> "), "> " + strings.ReplaceAll(costTable(10, 1000), "\n", "\n> "),
			"content/x.md:4: table has 10 columns and 1,000 rows (10,010 cells with its header); a page may have at most 10,000 table cells (split the table, or publish the data as a CSV file beside the page and link to it)"},
		{"a wide table after a narrow one", costTable(1, 1) + "# h\n" + costTable(1000, 8), costTable(1, 1) + "# h\n" + costTable(1000, 9),
			"content/x.md:4: table has 1,000 columns and 13 rows (10,004 cells with its header); a page may have at most 10,000 table cells (split the table, or publish the data as a CSV file beside the page and link to it)"},
		{"a row that looks like a narrower delimiter", costTable(1000, 0) + "|-|\n" + strings.Repeat("|a|\n", 8), costTable(1000, 0) + "|-|\n" + strings.Repeat("|a|\n", 9),
			"content/x.md:4: table has 1,000 columns and 10 rows (11,000 cells with its header); a page may have at most 10,000 table cells (split the table, or publish the data as a CSV file beside the page and link to it)"},
		{"a table whose rows are list markers", costTable(1000, 0) + strings.Repeat("*\n", 9), costTable(1000, 0) + strings.Repeat("*\n", 10),
			"content/x.md:4: table has 1,000 columns and 10 rows (11,000 cells with its header); a page may have at most 10,000 table cells (split the table, or publish the data as a CSV file beside the page and link to it)"},
		{"list markers on a line", strings.Repeat("- ", 32) + "a\n", strings.Repeat("- ", 33) + "a\n",
			"content/x.md:4: lists and quotes are nested 33 deep; a page may nest them at most 32 deep (flatten the list, or end the quote sooner)"},
		{"a list indented a level a line", costStaircase(32), costStaircase(33),
			"content/x.md:36: lists and quotes are nested 33 deep; a page may nest them at most 32 deep (flatten the list, or end the quote sooner)"},
		{"quotes", strings.Repeat(">", 32) + " a\n", strings.Repeat(">", 33) + " a\n",
			"content/x.md:4: lists and quotes are nested 33 deep; a page may nest them at most 32 deep (flatten the list, or end the quote sooner)"},
		{"lists in quotes", strings.Repeat("> 1. ", 16) + "a\n", strings.Repeat("> 1. ", 16) + "> a\n",
			"content/x.md:4: lists and quotes are nested 33 deep; a page may nest them at most 32 deep (flatten the list, or end the quote sooner)"},
		{"link reference definitions", costLines(200, def), costLines(201, def),
			"content/x.md:204: page has 201 link reference definitions ([label]: URL); a page may have at most 200 (write the links in place, as [text](URL), or split the page)"},
		{"definitions with labels over two lines", costLines(200, func(i int) string { return fmt.Sprintf("> [l\n> %d]: /x\n", i) }), costLines(201, func(i int) string { return fmt.Sprintf("> [l\n> %d]: /x\n", i) }),
			"content/x.md:404: page has 201 link reference definitions ([label]: URL); a page may have at most 200 (write the links in place, as [text](URL), or split the page)"},
		{"definitions that are not footnotes", costLines(200, func(i int) string { return fmt.Sprintf("[^]: /x\n[^%d]: y\n", i) }), costLines(201, func(i int) string { return fmt.Sprintf("[^]: /x\n[^%d]: y\n", i) }),
			"content/x.md:404: page has 201 link reference definitions ([label]: URL); a page may have at most 200 (write the links in place, as [text](URL), or split the page)"},
		{"footnotes", costLines(500, func(i int) string { return fmt.Sprintf("a[^%d]\n", i) }) + "\n" + costLines(500, func(i int) string { return fmt.Sprintf("[^%d]: b\n", i) }),
			costLines(501, func(i int) string { return fmt.Sprintf("a[^%d]\n", i) }) + "\n" + costLines(500, func(i int) string { return fmt.Sprintf("[^%d]: b\n", i) }),
			"content/x.md:1005: page has 1,001 footnote references and definitions ([^label]); a page may have at most 1,000 (split the page)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if errs := CheckCost("content/x.md", []byte(tt.at), 4); len(errs) > 0 {
				t.Errorf("a page at the limit fails: %v", errs)
			}
			errs := CheckCost("content/x.md", []byte(tt.over), 4)
			if got := errs.Error(); got != tt.want {
				t.Errorf("a page past the limit:\ngot  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestPageCostPassesRealMarkdown checks that what looks like a costly
// construct but is not one passes.
func TestPageCostPassesRealMarkdown(t *testing.T) {
	for name, body := range map[string]string{
		"a long thematic break":               strings.Repeat("- ", 100) + "\n",
		"a long flat list":                    strings.Repeat("- [a](b.md) *c*\n", 20_000),
		"a list four spaces a level, 16 deep": costLines(16, func(i int) string { return strings.Repeat("    ", i) + "- a\n" }),
		"text indented deep in a list":        "- a\n\n" + strings.Repeat(" ", 200) + "text\n",
		"links that are not definitions":      strings.Repeat("[a](b.md): c\n\n[d] and [e]: f\n", 1000),
		"separate small tables":               strings.Repeat(costTable(5, 5)+"\n", 300),
	} {
		if errs := CheckCost("content/x.md", []byte(body), 4); len(errs) > 0 {
			t.Errorf("%s: %v", name, errs)
		}
	}
}

// TestPageCostOfTheIssue checks the pages that took minutes or gigabytes
// before these limits: each fails, naming its line.
func TestPageCostOfTheIssue(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"a 5,000 by 20,000 table", strings.Repeat("|a", 5000) + "|\n" + strings.Repeat("|-", 5000) + "|\n" + strings.Repeat("|a|\n", 20_000),
			"content/x.md:4: table has 5,000 columns and 20,000 rows (100,005,000 cells with its header)"},
		{"a 1,000 by 1,000 table", costTable(1000, 1000), "content/x.md:4: table has 1,000 columns and 1,000 rows (1,001,000 cells with its header)"},
		{"50,000 footnotes", costLines(25_000, func(i int) string { return fmt.Sprintf("a[^%d]\n", i) }) + "\n" + costLines(25_000, func(i int) string { return fmt.Sprintf("[^%d]: b\n", i) }),
			"content/x.md:1004: page has 50,000 footnote references and definitions ([^label])"},
		{"100,000 link reference definitions", costLines(100_000, func(i int) string { return fmt.Sprintf("[l%d]: /x\n", i) }),
			"content/x.md:204: page has 100,000 link reference definitions ([label]: URL)"},
		{"a list 2,000 levels deep", costStaircase(2000), "content/x.md:2003: lists and quotes are nested 2,000 deep"},
	}
	for _, tt := range tests {
		errs := CheckCost("content/x.md", []byte(tt.body), 4)
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.want) {
			t.Errorf("%s: got %v, want %s...", tt.name, errs, tt.want)
		}
	}
}

// keepLinks is a Linker that publishes every link as written.
type keepLinks struct{}

func (keepLinks) Link(dest string, line int) (string, string) { return dest, "" }
func (keepLinks) AutoLink(url string) string                  { return "" }

// costPage checks and renders body as a builder does the page
// content/x.md, whose body starts at line 4, and returns the rendered
// body or the errors.
func costPage(t testing.TB, body string) (*Doc, error) {
	t.Helper()
	if errs := CheckCost("content/x.md", []byte(body), 4); len(errs) > 0 {
		return nil, errs.Err()
	}
	doc, errs := New(model.MarkdownConfig{TOCMinHeadings: 4}).Render("content/x.md", []byte(body), 4, keepLinks{})
	return doc, errs.Err()
}

// bangs returns a line of length bytes that starts with marks !s, which
// goldmark takes for possible images.
func bangs(marks, length int) string {
	return strings.Repeat("!", marks) + strings.Repeat("a", length-marks)
}

// TestMarkupCostLimit checks model.MaxMarkupCost, which goldmark's inline
// parsing is held to: each mark counts the length of its paragraph.
func TestMarkupCostLimit(t *testing.T) {
	tests := []struct {
		name     string
		at, over string
		want     string
	}{
		{"one paragraph", bangs(1000, 200_000), bangs(1001, 200_000),
			`content/x.md:4: paragraph has 1,001 link, emphasis and code marks ([ ] ! * _ ~ ` + "`" + ` <) in 196 KB, too many to parse quickly: a page may have at most 200,000,000 marks × bytes, each mark counting the length of its paragraph (split the paragraph, or escape marks meant as text, as \[)`},
		{"two paragraphs", bangs(500, 200_000) + "\n\n" + bangs(500, 200_000), bangs(500, 200_000) + "\n\n" + bangs(501, 200_000),
			`content/x.md:6: paragraph has 501 link, emphasis and code marks`},
		{"a heading", "## " + bangs(1000, 200_000), "## " + bangs(1001, 200_000),
			`content/x.md:4: heading has 1,001 link, emphasis and code marks`},
		{"a table cell", "| h |\n|---|\n| " + bangs(1000, 200_000) + " |\n", "| h |\n|---|\n| " + bangs(1001, 200_000) + " |\n",
			`content/x.md:6: table cell has 1,001 link, emphasis and code marks`},
		{"the issue's unclosed links", strings.Repeat("[a](", 5000), strings.Repeat("[a](", 100_000),
			`content/x.md:4: paragraph has 200,000 link, emphasis and code marks ([ ] ! * _ ~ ` + "`" + ` <) in 391 KB`},
		{"emphasis that never closes", strings.Repeat("*a_ ", 5000), strings.Repeat("*a_ ", 5001),
			`content/x.md:4: paragraph has 10,002 link, emphasis and code marks`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := costPage(t, tt.at); err != nil {
				t.Errorf("a page at the limit fails: %v", err)
			}
			_, err := costPage(t, tt.over)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("a page past the limit:\ngot  %v\nwant %s", err, tt.want)
			}
		})
	}
	// Escaped marks are text to goldmark, and cost nothing.
	if _, err := costPage(t, strings.Repeat(`\!`, 1001)+strings.Repeat("a", 200_000)); err != nil {
		t.Errorf("escaped marks count: %v", err)
	}
}

// TestPageHTMLLimit checks the backstop on what a page renders to.
func TestPageHTMLLimit(t *testing.T) {
	const want = "content/x.md: body renders to more than 4.0 MB of HTML; a page may render to at most 4.0 MB (split the page; a link to a [label] repeats its URL each time it is used)"
	longRef := "[a]: https://example.org/" + strings.Repeat("x", 99_980) + "\n\n"
	if _, err := costPage(t, longRef+strings.Repeat("[a] ", 40)); err != nil {
		t.Errorf("40 uses of a 100 KB link: %v", err)
	}
	if _, err := costPage(t, longRef+strings.Repeat("[a] ", 42)); err == nil || err.Error() != want {
		t.Errorf("42 uses of a 100 KB link: got %v, want %s", err, want)
	}
	if _, err := costPage(t, strings.Repeat("## a\n", 20_000)); err != nil {
		t.Errorf("20,000 headings: %v", err)
	}
	if _, err := costPage(t, strings.Repeat("## a\n", 30_000)); err == nil || err.Error() != want {
		t.Errorf("30,000 headings: got %v, want %s", err, want)
	}
}

// TestHighlightLimit checks that code past model.MaxHighlightBytes on a page is
// shown as it is, without colour.
func TestHighlightLimit(t *testing.T) {
	code := strings.Repeat("func f() {}\n", 600) // 7.2 KB
	var body strings.Builder
	for i := range 3 {
		fmt.Fprintf(&body, "```go\n// block %d\n%s```\n\n", i, code)
	}
	p, err := costPage(t, body.String())
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(p.HTML), "<pre ")[1:]
	if len(blocks) != 3 {
		t.Fatalf("%d code blocks", len(blocks))
	}
	for i, blk := range blocks {
		coloured := strings.Contains(blk, `<span class="kd">func</span>`)
		if want := i < 2; coloured != want {
			t.Errorf("block %d highlighted: %v, want %v", i, coloured, want)
		}
		if !strings.Contains(blk, `class="language-go"`) || !coloured && !strings.Contains(blk, "\nfunc f() {}\n") {
			t.Errorf("block %d lost its code:\n%.300s", i, blk)
		}
	}
}
