package builder

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"intkb/builder/model"
	"intkb/builder/publish"
)

// refusedSchemes are the URL schemes a link in a page may not use, each
// with what to do instead. javascript: and vbscript: run script in the
// reader's browser; a data: URL carries a whole file, or a page with
// script, in the link; a file: URL names a file on one computer, which no
// reader can open.
var refusedSchemes = map[string]string{
	"javascript": "",
	"vbscript":   "",
	"data":       ": put the file beside the page, under content/, and link to it by name",
	"file":       ": it names a file on one computer, which readers cannot open; put the file beside the page, under content/, and link to it by name",
}

// schemeProblem returns a message for a link whose scheme is refused, or
// "". The scheme is read as a browser reads it (the WHATWG URL standard):
// tabs and newlines anywhere are dropped, and so are leading spaces and
// control characters, and case does not matter, so " JaVa\tScript:" is
// javascript:.
func schemeProblem(dest string) string {
	s := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, dest)
	s = strings.TrimLeft(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	colon := strings.IndexByte(s, ':')
	if colon < 1 {
		return ""
	}
	for i, c := range []byte(s[:colon]) {
		letter := c|0x20 >= 'a' && c|0x20 <= 'z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return ""
		}
	}
	scheme := strings.ToLower(s[:colon])
	fix, refused := refusedSchemes[scheme]
	if !refused {
		return ""
	}
	return fmt.Sprintf("link %q uses a %s: URL, which is not allowed%s", shortLink(dest), scheme, fix)
}

// shortLink returns dest cut to a length an error message can show: a
// data: URL may be a whole file.
func shortLink(dest string) string {
	const most = 80
	if len(dest) <= most {
		return dest
	}
	cut := most - 20
	for cut > 0 && !utf8.RuneStart(dest[cut]) {
		cut--
	}
	return dest[:cut] + "…"
}

// previewProblem returns a message for an absolute link to the author's
// own computer, or "". Such links are what copying an address from the
// preview that "intkb serve" runs gives (http://127.0.0.1:1313/...), and
// they work for nobody else.
func (b *build) previewProblem(dest string, u *url.URL) string {
	if s := strings.ToLower(u.Scheme); s != "" && s != "http" && s != "https" || !model.LocalHost(u.Hostname()) {
		return ""
	}
	p := u.Path
	if rest, ok := strings.CutPrefix(p, b.basePath); ok {
		p = "/" + rest
	}
	if p == "" {
		p = "/"
	}
	instead := (&url.URL{Path: p, RawQuery: u.RawQuery, Fragment: u.Fragment}).String()
	return fmt.Sprintf("link %q is to your local preview, which only you can see: write %q instead", shortLink(dest), instead)
}

// A siteLink is a link written from the site's top to something other
// than a content page or file, such as /compare/ or /tags/frailty/. It is
// checked once every page is known (see checkSiteLinks).
type siteLink struct {
	path  string // from the site's top, without the leading slash: compare/
	dest  string // as written
	line  int
	field string // the front-matter key that holds it, if any
}

// resolveSiteLink resolves a link written from the site's top, whose path
// starts with "/". A content file's path (/about.md, /playbooks/x.md)
// becomes its page's URL; a page's URL (/playbooks/x/) and a file beside a
// page are found at once; anything else, such as a list, a taxonomy term,
// /compare/, /data/blueprints.csv or a static file, is checked by
// checkSiteLinks. Each gets the base path.
func (b *build) resolveSiteLink(p *Page, dest string, u *url.URL, line int) (string, string) {
	// "/../x" would leave a site served under a sub-path; so would "/\..",
	// since browsers and some servers read a backslash as a slash.
	if slices.Contains(strings.FieldsFunc(u.Path, isSlash), "..") {
		return "#", fmt.Sprintf("link %q climbs out of the site: write a path from the site's top, such as /playbooks/", dest)
	}
	rel := model.NFC(strings.TrimPrefix(path.Clean(u.Path), "/"))
	if rel != "" && strings.HasSuffix(u.Path, "/") {
		rel += "/"
	}
	query, frag := linkSuffixes(u)
	rest := query + frag
	if strings.EqualFold(path.Ext(rel), ".md") {
		return b.resolveContentLink(p, dest, rel, u, line, func(near string) string { return "/" + near })
	}
	if rel == "" || rel == "index.html" {
		return b.basePath + rest, ""
	}
	if b.fileSet[rel] {
		return b.basePath + escapePath(rel) + rest, ""
	}
	if t := b.byURL[dirURL(rel)]; t != nil {
		return b.linkTo(p, t, u.Fragment, query, line), ""
	}
	p.siteLinks = append(p.siteLinks, siteLink{path: rel, dest: dest, line: line})
	return b.basePath + escapePath(rel) + rest, ""
}

func isSlash(r rune) bool { return r == '/' || r == '\\' }

// dirURL returns the page URL that a path from the site's top names when
// it is a page: playbooks/x, playbooks/x/ and playbooks/x/index.html are
// all playbooks/x/.
func dirURL(rel string) string {
	if rel == "index.html" {
		return ""
	}
	return strings.TrimSuffix(strings.TrimSuffix(rel, "/index.html"), "/") + "/"
}

// checkSiteLinks reports the links in pages, written from the site's top,
// that lead to nothing the site publishes. view is called, once, only if
// there is a link to check.
func (b *build) checkSiteLinks(pages []*Page, view func() *SiteView) {
	var paths *sitePaths
	var brokenURLs map[string]bool
	for _, from := range pages {
		for _, l := range from.siteLinks {
			if paths == nil {
				paths = &sitePaths{b: b, sv: view()}
				brokenURLs = map[string]bool{}
				for rel := range b.broken {
					brokenURLs[model.PageURL(rel)] = true
				}
			}
			if paths.has(l.path) || brokenURLs[dirURL(l.path)] {
				continue // a page that failed to load has its own error
			}
			b.fail(&model.Error{File: from.File, Line: l.line, Field: l.field, Msg: b.missingSitePath(from, l, paths)})
		}
	}
}

// missingSitePath says why a link from the site's top in page from leads
// nowhere, and, for its first maxSuggestions such links, what was likely
// meant.
func (b *build) missingSitePath(from *Page, l siteLink, paths *sitePaths) string {
	if d := paths.draftAt(dirURL(l.path)); d != nil {
		return fmt.Sprintf("link to %s, which is a draft: publish it, or build with --drafts", d.File)
	}
	if rest, ok := strings.CutPrefix("/"+l.path, b.basePath); ok && b.basePath != "/" && paths.has(rest) {
		return fmt.Sprintf("link %q starts with the base path %s, which is added to every link: write %q", l.dest, b.basePath, "/"+rest)
	}
	msg := fmt.Sprintf("link to missing page %q", l.dest)
	if !strings.HasSuffix(l.path, "/") && path.Ext(l.path) != "" {
		msg = fmt.Sprintf("link to missing file %q: put it under static/, or beside a page under content/", l.dest)
	}
	if from.suggestions >= model.MaxSuggestions {
		return msg
	}
	from.suggestions++
	if s := suggestPath(l.path, paths.all()); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", "/"+s)
	}
	return msg
}

// suggestPath returns the path of the site nearest to rel, preferring one
// as deep: /playbooks/ is not what /playbooks/start-with-need/ meant.
func suggestPath(rel string, paths map[string]bool) string {
	depth := func(p string) int { return strings.Count(strings.TrimSuffix(p, "/"), "/") }
	var all, level []string
	for p := range paths {
		if strings.HasSuffix(p, "index.html") || p == "" {
			continue
		}
		all = append(all, p)
		if depth(p) == depth(rel) {
			level = append(level, p)
		}
	}
	sort.Strings(all)
	sort.Strings(level)
	if s := model.Suggest(rel, level); s != "" {
		return s
	}
	return model.Suggest(rel, all)
}

// sitePaths is every path the build writes, from the site's top: pages
// and lists both as FOLDER/ and as FOLDER/index.html, and every other
// file. It asks the stages that write them (jobs and siteFiles), so it
// cannot drift from what they write. The files that list pages (the
// sitemap, the feed, open data) cost the most to make, and are asked for
// only when a link is not found among the rest.
type sitePaths struct {
	b      *build
	sv     *SiteView
	paths  map[string]bool
	listed bool             // the files of listFiles are in paths
	drafts map[string]*Page // drafts by URL, made when first asked
}

// draftAt returns the draft left out at url, or nil.
func (s *sitePaths) draftAt(url string) *Page {
	if s.drafts == nil {
		s.drafts = make(map[string]*Page, len(s.b.drafts))
		for _, d := range s.b.drafts {
			s.drafts[d.URL] = d
		}
	}
	return s.drafts[url]
}

// has reports whether the build writes rel, or the folder rel/.
func (s *sitePaths) has(rel string) bool {
	if s.paths == nil {
		s.paths = map[string]bool{}
		for _, j := range s.b.jobs(s.sv) {
			s.add(j.rel)
		}
		s.record(s.b.copiedFiles()...)
	}
	if s.paths[rel] || s.paths[rel+"/"] {
		return true
	}
	if !s.listed {
		s.listed = true
		s.record(s.b.listFiles()...)
		return s.has(rel)
	}
	return false
}

// all returns every path, for suggestions.
func (s *sitePaths) all() map[string]bool {
	s.has("") // fills paths; the home page is always there
	if !s.listed {
		s.listed = true
		s.record(s.b.listFiles()...)
	}
	return s.paths
}

func (s *sitePaths) add(rel string) {
	s.paths[rel] = true
	if rel == "index.html" || strings.HasSuffix(rel, "/index.html") {
		s.paths[strings.TrimSuffix(rel, "index.html")] = true
	}
}

// record runs writers that note each file's path instead of writing it.
func (s *sitePaths) record(writers ...func(*publish.Output) error) {
	var mu sync.Mutex
	names := &publish.Output{Record: func(rel string) {
		mu.Lock()
		defer mu.Unlock()
		s.add(rel)
	}}
	for _, write := range writers {
		_ = write(names) // a stage that fails says so when the build writes
	}
}

// autoLinkProblem returns the problem of a URL autolink (<https://...>),
// which has no destination to rewrite: a refused scheme, or the local
// preview.
func (b *build) autoLinkProblem(p *Page, url string) string {
	_, msg := b.resolveLink(p, url, 0)
	return msg
}

// pagesToCheck returns the pages whose links from the site's top a live
// rebuild checks: those rendered again, or every page.
func (b *build) pagesToCheck(rendered map[string]bool, every bool) []*Page {
	var out []*Page
	for _, p := range b.pages {
		if every || rendered[p.Path] {
			out = append(out, p)
		}
	}
	for _, p := range b.intros {
		if every || rendered[p.Path] {
			out = append(out, p)
		}
	}
	return out
}

// linkSuffixes returns what a link keeps after its path: its ?query and
// its #fragment, each with its mark, or "" when it has none.
func linkSuffixes(u *url.URL) (query, frag string) {
	if u.RawQuery != "" {
		query = "?" + u.RawQuery
	}
	if u.Fragment != "" {
		frag = "#" + u.EscapedFragment()
	}
	return query, frag
}
