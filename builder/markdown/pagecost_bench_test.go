package markdown

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"intkb/builder/model"
)

// pagesAtLimit returns, for each limit on what a page may cost, the
// costliest body that is still within it: what an author, or an
// attacker, can make goldmark do at most. Each body fits in a page of
// model.MaxPageBytes after the front matter "+++\ntitle = \"X\"\n+++\n".
func pagesAtLimit() map[string]string {
	const head = len("+++\ntitle = \"X\"\n+++\n")
	upTo := func(n int, unit string) string { return strings.Repeat(unit, n/len(unit)) }
	fill := func(unit string) string { return upTo(model.MaxPageBytes-head, unit) } // as much as a page holds
	var defs, notes strings.Builder
	for i := range model.MaxLinkDefinitions {
		fmt.Fprintf(&defs, "[l%d]: /x\n", i)
	}
	for i := range model.MaxFootnotes / 2 {
		fmt.Fprintf(&notes, "a[^%d]\n", i)
	}
	notes.WriteString("\n")
	for i := range model.MaxFootnotes / 2 {
		fmt.Fprintf(&notes, "[^%d]: b\n", i)
	}
	// One paragraph at maxMarkupCost, of links never closed: each makes
	// goldmark scan to the end of the line.
	unclosed := strings.Repeat("[a](", 500)
	unclosed += strings.Repeat("a", model.MaxMarkupCost/1000-len(unclosed))
	// Code highlighted up to the limit, then small blocks shown as they
	// are.
	code := "```go\n" + upTo(model.MaxHighlightBytes-model.HighlightBlockCost, "func f() { return g(1, \"a\") }\n") + "```\n\n"
	return map[string]string{
		// The size limit, filled with what costs goldmark the most a byte.
		"size/list-items": fill("- a\n"),
		"size/lines":      fill("a\n"),
		"size/headings":   strings.Repeat("## a\n", model.MaxPageHTML/200), // as many as the HTML limit allows
		"size/emphasis":   fill("*a* b\n\n"),
		"table-cells":     costTable(10, model.MaxTableCells/10-1),
		"nesting":         fill(costStaircase(model.MaxNesting)),
		// The definitions, then a paragraph as long as fits under them:
		// goldmark copies the rest of the paragraph for each definition.
		"link-definitions": defs.String() + strings.Repeat("a\n", (model.MaxPageBytes-head-defs.Len())/2),
		"footnotes":        notes.String(),
		"markup":           unclosed,
		"html":             "[a]: https://example.org/" + strings.Repeat("x", 99_980) + "\n\n" + strings.Repeat("[a] ", model.MaxPageHTML/100_000-2),
		"highlight":        code + strings.Repeat("```go\nf()\n```\n", model.MaxPageHTML/150), // as many as the HTML limit allows
	}
}

// BenchmarkPageAtLimit checks and renders each page of pagesAtLimit, as
// costPage does, to report what the limits let a page cost:
//
//	go test ./builder/markdown -run '^$' -bench PageAtLimit -benchmem
func BenchmarkPageAtLimit(b *testing.B) {
	pages := pagesAtLimit()
	for _, name := range sortedKeys(pages) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(pages[name])))
			for b.Loop() {
				if _, err := costPage(b, pages[name]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestPagesAtLimit checks that the pages BenchmarkPageAtLimit measures
// render, so that it measures what it says.
func TestPagesAtLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("renders eleven pages of up to 512 KB")
	}
	pages := pagesAtLimit()
	for _, name := range sortedKeys(pages) {
		if len(pages[name]) > model.MaxPageBytes {
			t.Errorf("%s: %d bytes", name, len(pages[name]))
		}
		if _, err := costPage(t, pages[name]); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
