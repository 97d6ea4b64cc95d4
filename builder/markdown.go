package builder

import (
	"crypto/sha256"
	"fmt"
	"net/url"
	"path"
	"strings"

	"intkb/builder/markdown"
	"intkb/builder/model"
)

// renderMarkdown converts p's body to HTML with the site's converter,
// which asks pageLinker to resolve each link, and resolves the links of a
// playbook's templates after those of its body.
func (b *build) renderMarkdown(p *Page) model.ErrorList {
	p.Headings, p.TOC, p.templates = nil, nil, nil
	p.bodySum = [sha256.Size]byte{}
	resetLinks(p)
	var doc *markdown.Doc
	var errs model.ErrorList
	if b.bodies != nil {
		doc, p.bodySum, errs = b.bodies.render(b, p, pageLinker{b, p})
	} else {
		doc, errs = b.md.Render(p.File, p.src.Body, p.src.BodyLine, pageLinker{b, p})
	}
	p.Headings, p.ids = doc.Headings, doc.IDs
	if doc.Partial {
		return errs
	}
	p.TOC, p.Parts, p.Content, p.introEnd, p.leadEnd = doc.TOC, doc.Parts, doc.HTML, doc.IntroEnd, leadEnd(doc)
	return append(errs, b.resolveTemplates(p)...)
}

// leadEnd returns where doc's second section starts, or its length.
func leadEnd(doc *markdown.Doc) int {
	if len(doc.SectionStarts) > 1 {
		return doc.SectionStarts[1]
	}
	return len(doc.HTML)
}

// resetLinks forgets what resolving p's links noted on it, before they
// are resolved again.
func resetLinks(p *Page) {
	p.links, p.frags, p.siteLinks = nil, nil, nil
	p.suggestions = 0
}

// pageLinker resolves the links in the body of one page as it renders.
type pageLinker struct {
	b *build
	p *Page
}

// Link resolves a link's or an image's destination (see resolveLink).
func (l pageLinker) Link(dest string, line int) (string, string) {
	return l.b.resolveLink(l.p, dest, line)
}

// AutoLink returns the problem of a URL autolink (see autoLinkProblem).
func (l pageLinker) AutoLink(url string) string { return l.b.autoLinkProblem(l.p, url) }

// resolveTemplates resolves the links of a playbook's templates, as links
// in its body are.
func (b *build) resolveTemplates(p *Page) model.ErrorList {
	pb, ok := p.Front.(*model.Playbook)
	if !ok {
		return nil
	}
	var errs model.ErrorList
	for i, t := range pb.Templates {
		field := fmt.Sprintf("templates[%d].link", i)
		checkLater := len(p.siteLinks)
		dest, msg := b.resolveLink(p, t.Link, p.src.LineOf(field))
		for j := checkLater; j < len(p.siteLinks); j++ {
			p.siteLinks[j].field = field
		}
		if msg != "" {
			errs = append(errs, &model.Error{File: p.File, Line: p.src.LineOf(field), Field: field, Msg: msg})
		}
		p.templates = append(p.templates, LinkView{Title: t.Title, URL: dest})
	}
	return errs
}

// resolveLink rewrites a link destination written in a page. Links to
// content paths (../playbooks/start-with-needs.md) become the target page's
// URL; files beside a page become their published URL; site-absolute paths
// are resolved by resolveSiteLink. It returns the new destination and, for
// a link that cannot work, a message.
func (b *build) resolveLink(p *Page, dest string, line int) (string, string) {
	if dest == "" {
		return dest, ""
	}
	if msg := schemeProblem(dest); msg != "" {
		return "#", msg
	}
	u, err := url.Parse(dest)
	if err != nil {
		return "#", fmt.Sprintf("link %q is not a valid URL", dest)
	}
	if u.Scheme != "" || u.Host != "" {
		if msg := b.previewProblem(dest, u); msg != "" {
			return "#", msg
		}
		return dest, ""
	}
	query, frag := linkSuffixes(u)
	if u.Path == "" {
		if u.Fragment != "" {
			b.noteFragment(p, p, u.Fragment, line)
		}
		return dest, ""
	}
	if strings.HasPrefix(u.Path, "/") {
		return b.resolveSiteLink(p, dest, u, line)
	}
	target := model.NFC(path.Join(path.Dir(p.Path), u.Path))
	if target == ".." || strings.HasPrefix(target, "../") {
		return "#", fmt.Sprintf("link %q climbs out of the content folder: link to pages and files inside content/", dest)
	}
	if strings.HasSuffix(u.Path, "/") || path.Ext(target) == "" {
		// A folder: a section list, or a bundle.
		if t := b.pageAt(target + "/index.md"); t != nil {
			return b.linkTo(p, t, u.Fragment, query, line), ""
		}
		if model.SectionByDir(target) != nil || target == "." {
			return b.basePath + strings.TrimPrefix(target+"/", "./") + query + frag, ""
		}
	}
	if strings.EqualFold(path.Ext(target), ".md") {
		return b.resolveContentLink(p, dest, target, u, line, func(near string) string { return relPath(path.Dir(p.Path), near) })
	}
	if b.fileSet[target] {
		return b.basePath + escapePath(target) + query + frag, ""
	}
	msg := fmt.Sprintf("link to missing file %q: put it beside the page, under content/", dest)
	return "#", msg
}

// resolveContentLink resolves a link to the content file at target, a
// content path ending in .md. shown turns a content path into the form the
// author wrote, for "did you mean".
func (b *build) resolveContentLink(p *Page, dest, target string, u *url.URL, line int, shown func(string) string) (string, string) {
	query, frag := linkSuffixes(u)
	if t := b.pageAt(target); t != nil {
		return b.linkTo(p, t, u.Fragment, query, line), ""
	}
	if path.Base(target) == "_index.md" {
		dir := path.Dir(target)
		if dir == "." {
			return b.basePath + query + frag, ""
		}
		if model.SectionByDir(dir) != nil {
			return b.basePath + dir + "/" + query + frag, ""
		}
	}
	if b.broken[target] {
		return "#", ""
	}
	if d, ok := b.drafts[target]; ok {
		return "#", fmt.Sprintf("link to %s, which is a draft: publish it, or build with --drafts", d.File)
	}
	msg := fmt.Sprintf("link to missing page %q", dest)
	if near := b.suggestPage(p, target); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", shown(near))
	}
	return "#", msg
}

func (b *build) linkTo(from, to *Page, fragment, query string, line int) string {
	from.links = append(from.links, to.Path)
	dest := b.basePath + to.URL + query
	if fragment != "" {
		b.noteFragment(from, to, fragment, line)
		dest += "#" + (&url.URL{Fragment: fragment}).EscapedFragment()
	}
	return dest
}

// suggestPage returns the page path nearest to target, for the first
// maxSuggestions broken links of p.
func (b *build) suggestPage(p *Page, target string) string {
	if p.suggestions >= model.MaxSuggestions {
		return ""
	}
	p.suggestions++
	return model.Suggest(target, b.pagePaths())
}

// pageAt returns the published page at a content path, or nil.
func (s *snapshot) pageAt(contentPath string) *Page { return s.byPath[contentPath] }

func (s *snapshot) pagePaths() []string {
	out := make([]string, 0, len(s.pages))
	for _, p := range s.pages {
		out = append(out, p.Path)
	}
	return out
}

// relPath returns target relative to dir, both content paths.
func relPath(dir, target string) string {
	if dir == "." {
		return target
	}
	up := strings.Count(dir, "/") + 1
	common := ""
	for _, prefix := range prefixes(dir) {
		if strings.HasPrefix(target, prefix+"/") {
			common = prefix
			up = strings.Count(dir, "/") - strings.Count(prefix, "/")
			break
		}
	}
	rest := strings.TrimPrefix(strings.TrimPrefix(target, common), "/")
	return strings.Repeat("../", up) + rest
}

func prefixes(dir string) []string {
	var out []string
	for d := dir; d != "." && d != ""; d = path.Dir(d) {
		out = append(out, d)
	}
	return out
}
