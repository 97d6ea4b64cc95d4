package model

import "fmt"

// What one page may cost to build.
//
// goldmark, like most Markdown parsers, does work that grows faster than
// the page for some inputs: unclosed link openers, emphasis marks that
// never match, footnotes, link reference definitions and deep nesting cost
// it time in the square of their number, and a short table can expand to
// millions of cells. Measured on goldmark 1.8, a 60 KB table with 5,000
// columns and 20,000 rows took 3 GB; 100,000 unclosed "[a](" took 36 s.
// Under "intkb serve" one such save would take the machine down, so a page
// is held to the limits below, which are checked before goldmark spends
// the time (package markdown's CheckCost, and its markupGuard as goldmark
// parses) and, for the HTML, as it is written. Each is tens of times what
// a real page needs, and a page at all of them renders in well under a
// second (go test ./builder/markdown -bench PageAtLimit; go run
// ./bench/pathological builds each with the search indexes).
const (
	// maxPageBytes is the largest content page, front matter and body.
	// Below the other limits goldmark's work grows with the page, but
	// dense Markdown (a list item every four bytes) still costs it about
	// 0.5 µs and 300 bytes of memory a byte: a quarter of a second and
	// 160 MB for a page this size. It is about 80,000 words, fifty times
	// the longest page of the demo site.
	MaxPageBytes = 512 << 10

	// maxTableCells is how many cells, columns times rows with the
	// header, the tables of one page may have together. goldmark pads
	// every row to the header's width, so the cells and not the bytes are
	// What a table costs: about a microsecond and 10 bytes of HTML each.
	// A large real table, 10 columns by 40 rows, has 410.
	MaxTableCells = 10_000

	// maxNesting is how deep lists and block quotes may nest. goldmark
	// checks every open list and quote on every line, and a line of many
	// list markers costs it the square of their number. Counted as the
	// markers on a line plus one for each two columns of indentation
	// before its last marker, so a list indented four spaces a level may
	// go 16 levels deep; real lists stop at four or five.
	MaxNesting = 32

	// maxFrontNesting is how deep a front matter may nest: the parts of
	// its table headers, its lists and inline tables, and its dotted keys
	// (see frontDepth). The TOML decoder copies a value's key path at each
	// level, and lists every key below one it does not take, so a front
	// matter nested n deep costs it n²: 4,000 inline tables one in another
	// took 8 s, 16,000 more than two minutes. A blueprint's deepest,
	// [[form.members]], is 2.
	MaxFrontNesting = 32

	// maxTags is how many tags a page may have. Each tag is a page of
	// the site, which lists the pages tagged with it: a page of 16,000
	// tags took 23 s to build, a millisecond and more a tag. Real pages
	// have three to eight.
	MaxTags = 100

	// maxLinkDefinitions is how many link reference definitions
	// ([label]: URL) a page may have. goldmark copies the rest of the
	// paragraph for each one it takes out, which costs the definitions
	// times the lines: 100,000 took 14.6 s, and 200 at the top of a
	// page-long paragraph add 0.15 s. Real pages use a few dozen.
	MaxLinkDefinitions = 200

	// maxFootnotes is how many footnote references and definitions
	// ([^label]) a page may have. goldmark looks each reference up by
	// walking the definitions, so the cost is their product: 50,000
	// footnotes took 15.6 s. Real pages use a few dozen.
	MaxFootnotes = 1_000

	// maxMarkupCost bounds goldmark's inline work. Each mark that starts
	// a link, an image, emphasis, code or inline HTML ([ ] ! * _ ~ ` <)
	// can make goldmark scan the rest of its paragraph, so a paragraph
	// costs its marks times its length in bytes, and the paragraphs,
	// headings and table cells of a page may cost this much together:
	// at the worst measured rate (0.8 ns per mark and byte, unclosed
	// "[a](") that is 0.16 s. A long real paragraph, 5 KB with 100
	// marks, costs 500,000; the demo site's costliest page 15,000.
	MaxMarkupCost = 200_000_000

	// maxPageHTML is the most HTML a page's Markdown may render to. It is
	// the backstop for what the limits above do not foresee: reference
	// links repeat their URL at every use, so a few bytes can stand for
	// many. A real page renders to tens of kilobytes; this is a hundred
	// times that, and it keeps what a page can hold in memory bounded.
	MaxPageHTML = 4 << 20

	// maxHighlightBytes is how much code a page may have highlighted.
	// chroma's lexers take 5 to 20 µs a byte, so this is at most about a
	// third of a second; code beyond it is shown as it is, without colour.
	// Each block counts highlightBlockCost besides its length, for the
	// lexer look-up.
	MaxHighlightBytes  = 16 << 10
	HighlightBlockCost = 256

	// maxSuggestions is how many broken links on a page get a "did you
	// mean": each compares the link with every page or heading of the
	// site, 0.2 s on a 10,000-page site, and a page can hold tens of
	// thousands of links. The rest are reported without one.
	MaxSuggestions = 10
)

// SizeText writes a size in bytes as authors read it: 600 KB, 3.1 MB.
func SizeText(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1<<10-1)>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
