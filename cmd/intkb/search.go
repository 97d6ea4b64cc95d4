package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"intkb/builder"
	"intkb/search"
)

// searchUsage is the search command's help: a filter flag for each
// facet (builder.Facets), named as in search URLs.
var searchUsage = func() string {
	var flags, names strings.Builder
	for _, f := range builder.Facets {
		fmt.Fprintf(&flags, " [--%s V]", f.Param)
		names.WriteString(strings.Join(f.Params(), ", ") + ", ")
	}
	return `Usage: intkb search [--source DIR] [--json]` + flags.String() + ` [--limit N] QUERY

Search queries the index that "intkb build" keeps in the site's .intkb
folder and prints the best pages, with their URLs and the matching
passage. A query is words, "quoted phrases", -excluded words and
field:value terms (` + names.String() + `title, summary, heading, body).
`
}()

type searchCommand struct{ m *Main }

func (c *searchCommand) Run(ctx context.Context, args []string) error {
	flags := c.m.newFlagSet("search", searchUsage)
	source := flags.String("source", ".", "the site's `folder`")
	asJSON := flags.Bool("json", false, "print the results as JSON")
	filters := make([]*string, len(builder.Facets))
	for i, f := range builder.Facets {
		filters[i] = flags.String(f.Param, "", "only pages with this `"+strings.ToLower(f.Single)+"` (its value in the index; values separated by commas are alternatives)")
	}
	limit := flags.Int("limit", 10, "show at most `N` results")
	// Flags may follow the query words: intkb search frailty --type case-study.
	var words []string
	for len(args) > 0 {
		if err := parseFlags(flags, args); err != nil {
			return err
		}
		if flags.NArg() == 0 {
			break
		}
		words = append(words, flags.Arg(0))
		args = flags.Args()[1:]
	}
	if len(words) == 0 {
		return usageError{"search needs a query, such as: intkb search frailty care homes (see intkb search -h)"}
	}
	if *limit < 1 || *limit > search.MaxSize {
		return usageError{fmt.Sprintf("--limit %d is out of range: use 1 to %d", *limit, search.MaxSize)}
	}
	req := search.Request{Query: strings.Join(words, " "), Size: *limit}
	for i, f := range builder.Facets {
		if *filters[i] != "" {
			if req.Filters == nil {
				req.Filters = search.Filters{}
			}
			req.Filters[f.Param] = strings.Split(*filters[i], ",")
		}
	}
	if err := req.Validate(); err != nil {
		return usageError{err.Error()}
	}
	cfg, err := siteConfig(*source)
	if err != nil {
		return err
	}
	idx, err := search.OpenDir(search.KeptIndexDir(filepath.Join(*source, builder.StateFolder)))
	if err != nil {
		return fmt.Errorf("%w (run intkb build --source %s)", err, *source)
	}
	defer idx.Close()
	res, err := idx.Search(req)
	if err != nil {
		return err
	}
	base := cfg.BasePath()
	for i := range res.Hits {
		res.Hits[i].URL = res.Hits[i].Link(base) // res is ours: the index is closed after this
	}
	if *asJSON {
		enc := json.NewEncoder(c.m.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	if res.Total == 0 {
		fmt.Fprintf(c.m.Stdout, "No pages match %q.\n", req.Query)
		return nil
	}
	fmt.Fprintf(c.m.Stdout, "%d %s %q:\n", res.Total, plural(int(res.Total), "page matches", "pages match"), req.Query)
	printHits(c.m.Stdout, res.Hits, boldsText(c.m.Stdout))
	return nil
}

// boldsText reports whether matches are shown in bold on w: a terminal,
// unless NO_COLOR is set (no-color.org), and not on Windows, whose
// console shows the escape codes as they are unless told otherwise.
// Written to a file or a pipe, the answer is plain text.
func boldsText(w io.Writer) bool {
	return isTerminal(w) && os.Getenv("NO_COLOR") == "" && runtime.GOOS != "windows"
}

// printHits prints hits for a terminal: each one's title, section, type
// (and site, for an imported blueprint), URL and snippet, its matches in
// bold when bold is set.
func printHits(w io.Writer, hits []search.Hit, bold bool) {
	for i, h := range hits {
		title := h.Title
		if h.Section != "" {
			title += ": " + h.Section
		}
		kind := h.Type
		if h.Source != "" {
			kind += ", from " + h.Source
		}
		fmt.Fprintf(w, "\n%d. %s (%s)\n   %s\n   %s\n", i+1, title, kind, h.URL, terminalSnippet(h.Snippet, bold))
	}
}

var markTag = regexp.MustCompile(`</?mark>`)

// terminalSnippet turns a snippet's HTML into text, with matches in bold
// when bold is set.
func terminalSnippet(s string, bold bool) string {
	if bold {
		s = strings.NewReplacer("<mark>", "\x1b[1m", "</mark>", "\x1b[0m").Replace(s)
	}
	s = markTag.ReplaceAllString(s, "")
	return html.UnescapeString(s)
}
