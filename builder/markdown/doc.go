// Package markdown renders the Markdown body of a content page as HTML,
// with its headings, its text for search and the element ids its links
// may name, and holds the page to what it may cost to build. It knows
// nothing of the site: the links of a page are resolved by a Linker the
// caller gives, one per page.
//
// A Converter is made once for a site's Markdown settings
// (model.MarkdownConfig, the markdown table of site.toml) with New, and
// its Render converts one body:
//
//	doc, errs := markdown.New(cfg.Markdown).Render(file, body, bodyLine, linker)
//
// file names the page in errors and bodyLine is the line of the file on
// which the body starts, after the front matter, so that every error names
// the line of the file an author sees. Render returns a Doc and the
// problems found, each a *model.Error with the file and, but for the HTML
// limit, a line; one page's problems are all reported together.
//
// # What Markdown is accepted
//
// Bodies are CommonMark with GitHub's extensions (tables, task lists,
// strikethrough, and autolinks of URLs written without marks, such as
// www.example.org), footnotes ([^1]), definition lists and typographic
// punctuation ("quotes", -- and ... become curly quotes, an en dash and an
// ellipsis). Heading attributes ({#id}) are not read. What intkb renders
// differently from goldmark's defaults (renderers.go):
//
//   - every heading carries its id; an h2, h3 or h4 also ends with a
//     visible link to itself (a.heading-anchor);
//   - code blocks, fenced or indented, are a focusable region (pre.chroma)
//     labelled with their language, whose code carries class
//     language-NAME;
//   - a task list's box is a printed mark (☐, ☑) with words for screen
//     readers ("To do: ", "Done: "), not a disabled form control;
//   - a table is wrapped in a focusable div.table-wrap that scrolls
//     sideways on a narrow screen.
//
// # Raw HTML
//
// HTML written in a body, as a block or inline, is left out ("<!-- raw
// HTML omitted -->") unless site.toml sets markdown.unsafe = true, when
// it is passed through as written. It is never checked: links in it (an
// <a href> or <img src>) are not given to the Linker and not rewritten. A
// site that allows raw HTML trusts its authors, whose HTML could hold a
// script anyway. Markdown links between HTML tags are Markdown, and are
// resolved as any other. Search text (Parts) leaves raw HTML blocks out.
//
// # Heading ids
//
// Every heading gets an id made from its text: ASCII letters, in lower
// case, and digits are kept, each run of spaces, tabs, hyphens and
// underscores becomes one hyphen, everything else (punctuation, accented
// and other non-ASCII letters) is left out, and hyphens at either end are
// trimmed; a heading left with nothing gets "section". An id already
// taken on the page gets the next free number after it: the second
// "Next steps" is next-steps-1, the third next-steps-2. The ids the
// layouts use for their own elements (main-content, search-query,
// site-search, toc, footnotes, review, page-title) count as taken, so a
// heading "Footnotes" is footnotes-1.
//
// Doc.IDs holds every id a link's #fragment may name on the page: the
// headings' ids, each footnote's fn:N and fnref:N, and the layouts' own.
//
// # Headings, table of contents and search text
//
// Doc.Headings is every h2 and h3, in order, each with its level, id and
// plain text (emphasis, links and code reduced to their text, entities
// decoded). Doc.TOC is the same list when there are at least
// model.MarkdownConfig.TOCMinHeadings of them (site.toml's
// markdown.tocMinHeadings, 4 unless set), and empty otherwise or when that setting
// is 0 or less; h1 and h4 to h6 never count.
//
// Doc.IntroEnd splits Doc.HTML the same way, for layouts that show a
// body's introduction apart from the rest, as a playbook's does:
// HTML[:IntroEnd] is what comes before the body's first h2 of its own
// (one not inside a list or quote), and the rest starts with that h2;
// footnotes, which come last, are in the rest. A body without such an h2
// is all introduction. Doc.SectionStarts goes on: where each h2 of the
// body's own starts, IntroEnd first, for layouts that show a body's
// sections apart, as a question framework's shows its first section
// (such as "Before the meeting") before the questions and the others
// after them.
//
// Doc.Parts is the body's plain text split at each h2, for search: a
// first part, without an id or heading, for the text before the first h2
// (left out when there is none), then one part per h2 with its id, its
// heading's text and the text up to the next h2. The text of code blocks
// is kept; raw HTML blocks are left out; whitespace runs are one space.
//
// # Highlighting
//
// Code is highlighted by chroma, as CSS classes in the "github" style;
// ChromaCSS returns the stylesheet, which the builder publishes as
// css/code.css. The lexer is the one chroma has for the block's language
// (```toml); a block without a language, or with one chroma does not
// know, gets its plain-text lexer. Highlighting costs chroma time for
// each byte, so a page has a budget: each code block counts its length
// plus model.HighlightBlockCost, and once the page's total passes
// model.MaxHighlightBytes that block and every later one are shown as
// written, without colour. A block chroma cannot read is shown as written
// too.
//
// # What a page may cost
//
// goldmark's work grows faster than the page for some inputs (see
// builder/model/limits.go for each limit, its value and why), so a page
// is refused, with an error naming its line, before goldmark spends the
// time:
//
//   - model.MaxPageBytes, the size of the whole file, is for the caller,
//     which knows it before reading the file;
//   - CheckCost reads the body once, before it is parsed, for
//     model.MaxTableCells (the cells of all its tables, counted as
//     columns times rows, the header among them),
//     model.MaxNesting (list and quote markers on a line, plus one for
//     each two columns of indentation before the last),
//     model.MaxLinkDefinitions ([label]: URL) and model.MaxFootnotes
//     (references and definitions, [^label]). It errs on the side of
//     counting: lines inside code blocks count too. Each limit is
//     reported once, at the line where the page passes it;
//   - while goldmark parses, each mark that can start a link, image,
//     emphasis, code or inline HTML ([ ] ! * _ ~ ` <) adds the length in
//     bytes of the paragraph, heading or table cell it is in to the
//     page's cost, which may be at most model.MaxMarkupCost. Past it the
//     rest of the page is parsed as plain text, and Render reports only
//     that error, at the block where the cost passed the limit, with its
//     marks and size. Escaped marks (\[) are text, and cost nothing;
//   - the HTML may be at most model.MaxPageHTML. The destinations and
//     titles of links and images are counted first, at each use, as a
//     link to a [label] repeats its URL wherever it is used; a page whose
//     links alone pass the limit is refused before it is rendered, and
//     one whose HTML passes it while being written is refused then. This
//     error names the file only.
//
// A page refused before rendering (the markup cost, or its links passing
// the HTML limit) comes back with Doc.Partial set: no HTML, table of
// contents or parts, and the headings and ids found before the refusal.
//
// # What the Linker is asked
//
// Render asks its Linker about every link on the page after parsing and
// before writing any HTML, from one goroutine, in the order the links
// appear. It is not asked at all on a page refused for its markup cost,
// and no more once the page's link destinations pass the HTML limit.
//
//   - Link, for each link's and image's destination, inline or from a
//     [label]: URL definition, once at each use. dest comes as a browser
//     will read it, with Markdown's backslash escapes and HTML entities
//     decoded (java&#x09;script: arrives as "java\tscript:"), and line is
//     the line of the file where the link's text starts. The URL it
//     returns replaces the destination, written as goldmark writes URLs
//     (what a URL may not hold percent-encoded, & as &amp;); a problem it
//     returns is an error at that line, and the URL it returned (such as
//     "#") is published all the same.
//   - AutoLink, for each autolink of a URL (<https://...>, or a URL
//     GitHub's rules link, such as www.example.org, which comes with
//     "http://" before it), with the URL it links to. The URL is
//     published as written; a problem it returns is an error at the
//     autolink's line. Autolinks of e-mail addresses are not asked about.
//
// Links in raw HTML are never asked about (see Raw HTML above).
package markdown
