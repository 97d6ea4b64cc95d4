package builder

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Live keeps a built site up to date as its files change, rebuilding only
// what a change touches, as "intkb serve" does while an author edits:
//
//   - a content page's edit renders that page again, and the pages that
//     link to it; when its place in lists changes (title, summary, dates,
//     status, tags, cohorts, area, weight, or any field of a blueprint), its
//     section's list, the taxonomy pages of its old and new terms, the home
//     and search pages, the sitemap and the feed too;
//   - a new or deleted page does the same, and a deleted page's folder is
//     removed from the output;
//   - a layout's edit renders the pages that use it (all of them for
//     baseof.html and partials);
//   - a static file or a file beside a page is copied (or removed);
//   - site.toml, or anything Live cannot follow, rebuilds everything.
//
// The result is the same as a full build. The output is changed in place,
// one whole file at a time. A change with authoring errors changes
// nothing and returns the errors; the last good site stays.
type Live struct {
	opts Options
	site *Site
	mu   sync.Mutex
}

// NewLive follows the site that res describes; res must come from Build
// with the same opts, whose Dest is the folder being served.
func NewLive(opts Options, res *Result) *Live {
	opts.Config = nil // a rebuild reads site.toml again: it may have changed
	return &Live{opts: opts, site: res.Site}
}

// Site returns the site, which stays the same *Site across rebuilds.
func (l *Live) Site() *Site { return l.site }

// Change describes what a rebuild did.
type Change struct {
	// Full reports a full rebuild: every file may have changed, and the
	// search index was written anew.
	Full bool
	// URLs are the pages written again, relative to the site root
	// (playbooks/start-with-needs/); "" is the home page.
	URLs []string
	// Styles reports that only stylesheets changed.
	Styles bool
	// Pages are the content pages rendered again, for the search index.
	Pages []*Page
	// Removed are the URLs of pages that no longer exist.
	Removed []string
}

// Apply rebuilds after the files at paths (relative to the site's root,
// with slashes, such as content/playbooks/x.md) changed, were created or
// were removed.
func (l *Live) Apply(paths []string) (*Change, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var content, layouts, static []string
	for _, p := range l.expand(paths) {
		switch {
		case hidden(p):
			continue // never published, as in a full build
		case p == "site.toml":
			return l.rebuild()
		case strings.HasPrefix(p, contentDir+"/"):
			content = append(content, strings.TrimPrefix(p, contentDir+"/"))
		case strings.HasPrefix(p, "layouts/"):
			layouts = append(layouts, strings.TrimPrefix(p, "layouts/"))
		case strings.HasPrefix(p, "static/"):
			static = append(static, strings.TrimPrefix(p, "static/"))
		}
	}
	st := l.site.state()
	nb := st.b.clone()
	out := &output{dir: l.opts.Dest, atomic: true}
	ch := &Change{}

	t := st.t
	if len(layouts) > 0 {
		var err error
		if t, err = nb.loadTemplates(); err != nil {
			return nil, err
		}
	}
	changed, lists, err := nb.applyContent(content, st.b)
	if err != nil {
		return nil, err
	}
	for _, rel := range static {
		nb.noteStatic(rel)
		nb.fail(checkChanged(nb.src, staticDir+"/"+rel)...)
	}
	// After the content: an edited page may name a layout it cannot use.
	nb.checkLayouts(t)
	if err := nb.errs.Err(); err != nil {
		return nil, err
	}
	if lists.blueprts {
		var imported []*CompareArea // fetched once, by the full build
		for _, a := range nb.compareAreas {
			if a.Imported {
				imported = append(imported, a)
			}
		}
		nb.compareAreas = nb.listCompareAreas(imported)
	}
	sv := st.sv
	if lists.any() {
		sv = nb.siteView()
		// Template functions such as count and hasPage read the build
		// they were made with.
		var err error
		if t, err = nb.loadTemplates(); err != nil {
			return nil, err
		}
		for _, url := range goneTerms(st.sv, sv) {
			lists.removed = append(lists.removed, &Page{URL: url})
		}
	}
	// A list, term or file that came or went changes where links from the
	// site's top lead, on any page.
	filesChanged := len(static) > 0 || slices.ContainsFunc(content, func(rel string) bool { return !strings.EqualFold(path.Ext(rel), ".md") })
	nb.checkSiteLinks(nb.pagesToCheck(changed, lists.any() || filesChanged), func() *SiteView { return sv })
	if err := nb.errs.Err(); err != nil {
		return nil, err
	}
	var jobs, all []job
	if lists.any() || len(layouts) > 0 {
		all = nb.jobs(sv)
		for _, j := range all {
			if j.view.Kind == "page" && changed[j.view.Page.Path] || lists.covers(j) || usesLayout(j, layouts) {
				jobs = append(jobs, j)
			}
		}
	} else {
		// Most edits change one page's body: make only its jobs.
		for rel := range changed {
			if p := nb.byPath[rel]; p != nil {
				jobs = append(jobs, nb.pageJob(sv, p))
			}
		}
	}
	if lists.any() || !slices.Equal(nb.static, st.b.static) || !slices.Equal(nb.files, st.b.files) {
		// A page, a static file or a file beside a page came or went:
		// check that no two would be published at one path.
		if all == nil {
			all = nb.jobs(sv)
		}
		nb.checkOutputs(all)
		if err := nb.errs.Err(); err != nil {
			return nil, err
		}
	}
	if err := nb.renderJobs(t, jobs, out); err != nil {
		return nil, err
	}
	for _, j := range jobs {
		ch.URLs = append(ch.URLs, j.view.URL)
		if j.view.Kind == "page" && changed[j.view.Page.Path] {
			ch.Pages = append(ch.Pages, j.view.Page)
		}
	}
	if lists.any() {
		for _, write := range nb.listFiles() {
			if err := write(out); err != nil {
				return nil, err
			}
		}
	}
	for _, p := range lists.removed {
		ch.Removed = append(ch.Removed, p.URL)
		if err := removePage(l.opts.Dest, p.URL); err != nil {
			return nil, err
		}
	}
	if err := nb.applyFiles(out, st.b, content, static, ch); err != nil {
		return nil, err
	}
	l.site.cur.Store(&siteState{b: nb, t: t, sv: sv})
	return ch, nil
}

// expand replaces folders in paths: a folder that exists is left out (its
// files are reported on their own), and one that went stands for the
// pages and files the site had under it.
func (l *Live) expand(paths []string) []string {
	b := l.site.state().b
	var out []string
	for _, p := range paths {
		info, err := fs.Stat(b.src, p)
		switch {
		case err == nil && info.IsDir():
			continue
		case err == nil && strings.HasPrefix(p, staticDir+"/"):
			out = append(out, p)
			continue
		case strings.HasPrefix(p, staticDir+"/"):
			out = append(out, goneStatic(b, p)...)
			continue
		case err == nil, !strings.HasPrefix(p, contentDir+"/"):
			out = append(out, p)
			continue
		}
		prefix := strings.TrimPrefix(p, contentDir+"/") + "/"
		known := false
		for _, pg := range b.pages {
			if strings.HasPrefix(pg.Path, nfc(prefix)) {
				out, known = append(out, contentDir+"/"+pg.Path), true
			}
		}
		for _, f := range b.files {
			if strings.HasPrefix(f, prefix) {
				out, known = append(out, contentDir+"/"+f), true
			}
		}
		for rel := range b.drafts {
			if strings.HasPrefix(rel, nfc(prefix)) {
				out, known = append(out, contentDir+"/"+rel), true
			}
		}
		if !known {
			out = append(out, p)
		}
	}
	return out
}

// goneStatic returns the static files b published under p, a path of
// static/ that went, or p itself when it was not a folder of them.
func goneStatic(b *build, p string) []string {
	prefix := strings.TrimPrefix(p, staticDir+"/") + "/"
	var out []string
	for _, f := range b.static {
		if strings.HasPrefix(f, prefix) {
			out = append(out, staticDir+"/"+f)
		}
	}
	if len(out) == 0 {
		out = append(out, p)
	}
	return out
}

// rebuild builds everything into a new folder and swaps it in.
func (l *Live) rebuild() (*Change, error) {
	res, err := Build(l.opts)
	if err != nil {
		return nil, err
	}
	l.site.cur.Store(res.Site.state())
	return &Change{Full: true}, nil
}

// goneTerms returns the URLs of taxonomy terms that before had a page and
// after do not, such as a tag no page uses any more.
func goneTerms(before, after *SiteView) []string {
	now := map[string]bool{}
	for _, tax := range after.Taxonomies {
		for _, t := range tax.Terms {
			now[t.URL] = true
		}
	}
	var gone []string
	for _, tax := range before.Taxonomies {
		for _, t := range tax.Terms {
			if !now[t.URL] {
				gone = append(gone, t.URL)
			}
		}
	}
	return gone
}

// clone returns a build that shares b's settings and pages but has maps of
// its own, so that changing it leaves b, which is being served, alone.
func (b *build) clone() *build {
	nb := &build{
		opts: b.opts, src: b.src, cfg: b.cfg, areas: b.areas, basePath: b.basePath, now: b.now, md: b.md,
		pages:   append([]*Page(nil), b.pages...),
		intros:  copyMap(b.intros),
		drafts:  copyMap(b.drafts),
		broken:  map[string]bool{},
		byPath:  map[string]*Page{},
		byURL:   map[string]*Page{},
		urls:    map[string]bool{},
		files:   append([]string(nil), b.files...),
		fileSet: copyMap(b.fileSet),
		static:  b.static, // noteStatic copies before it changes it

		compareAreas: b.compareAreas,
		warnings:     b.warnings,
	}
	return nb
}

func copyMap[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// listChange says which lists a rebuild must write again.
type listChange struct {
	sections map[string]bool // section folders whose list changed
	terms    map[string]bool // taxonomy term URLs, such as cohorts/frailty/
	home     bool
	blueprts bool // a blueprint changed: views that compare them change
	removed  []*Page
}

func (lc *listChange) any() bool { return lc.home }

// covers reports whether a list job must be written again.
func (lc *listChange) covers(j job) bool {
	if !lc.home {
		return false
	}
	switch j.view.Kind {
	case "404":
		return false
	case "section":
		return lc.sections[j.view.Section.Dir]
	case "term":
		return lc.terms[j.view.Term.URL]
	case "home", "taxonomy", "search":
		return true
	case "page":
		// Each blueprint links to comparing its area with every other.
		return lc.blueprts && j.view.Page.Type == TypeBlueprint
	}
	return lc.blueprts // views made from every blueprint, such as comparisons
}

// applyContent loads the changed content files into nb and renders the
// Markdown of every page they touch: the changed pages and the pages that
// link to them. It returns the content paths rendered and the lists to
// write again.
func (nb *build) applyContent(paths []string, old *build) (map[string]bool, *listChange, error) {
	lc := &listChange{sections: map[string]bool{}, terms: map[string]bool{}}
	touched := map[string]bool{} // content paths whose page appeared, changed or went
	byPath := map[string]*Page{}
	for _, p := range nb.pages {
		byPath[p.Path] = p
	}
	for _, name := range paths {
		if errs := checkChanged(nb.src, contentDir+"/"+name); len(errs) > 0 {
			nb.fail(errs...)
			continue
		}
		if !strings.EqualFold(path.Ext(name), ".md") {
			nb.noteFile(name)
			continue
		}
		rel := nfc(name) // pages are known by content path, read by their name on disk
		oldPage := byPath[rel]
		if oldPage == nil && old.intros[strings.TrimSuffix(path.Dir(rel), ".")] != nil && path.Base(rel) == "_index.md" {
			oldPage = old.intros[strings.TrimSuffix(path.Dir(rel), ".")]
		}
		delete(byPath, rel)
		delete(nb.drafts, rel)
		if path.Base(rel) == "_index.md" {
			delete(nb.intros, strings.TrimSuffix(path.Dir(rel), "."))
		}
		touched[rel] = true
		p, errs := nb.loadPage(name)
		switch {
		case errors.Is(errs.firstErr(), fs.ErrNotExist):
			// Deleted.
		case len(errs) > 0:
			nb.fail(errs...)
		case p.Intro:
			nb.intros[strings.TrimSuffix(path.Dir(rel), ".")] = p
		case p.Meta.Status == "draft" && !nb.opts.Drafts:
			nb.drafts[rel] = p
		default:
			byPath[rel] = p
		}
		if oldPage != nil && !oldPage.Intro && byPath[rel] == nil {
			lc.removed = append(lc.removed, oldPage)
		}
		lc.note(oldPage, byPath[rel])
		if p != nil && p.Intro {
			lc.home = true
			lc.sections[strings.TrimSuffix(path.Dir(rel), ".")] = true
		}
	}
	if err := nb.errs.Err(); err != nil {
		return nil, nil, err
	}
	// Pages that link to a page that changed are rendered again: a link
	// may now resolve differently, or not at all.
	render := map[string]*Page{}
	for rel := range touched {
		if p := byPath[rel]; p != nil {
			render[rel] = p
		} else if p := nb.intros[strings.TrimSuffix(path.Dir(rel), ".")]; p != nil && p.Path == rel {
			render[rel] = p
		}
	}
	for rel, p := range byPath {
		if render[rel] != nil {
			continue
		}
		for _, target := range p.links {
			if touched[target] {
				cp := *p
				byPath[rel], render[rel] = &cp, &cp
				break
			}
		}
	}
	if len(byPath) == len(old.byPath) && samePaths(byPath, old.byPath) {
		// The same pages: replace the changed ones where they stand.
		for i, p := range nb.pages {
			nb.pages[i] = byPath[p.Path]
		}
		nb.byPath, nb.urls = byPath, old.urls
		for _, p := range nb.pages {
			nb.byURL[p.URL] = p
		}
	} else {
		nb.pages = nb.pages[:0:0]
		for _, p := range byPath {
			nb.pages = append(nb.pages, p)
		}
		nb.indexPages() // sorts, maps, and finds URL clashes
		if err := nb.errs.Err(); err != nil {
			return nil, nil, err
		}
	}
	var list []*Page
	for _, p := range render {
		list = append(list, p)
	}
	parallel(len(list), func(i int) { nb.fail(nb.renderMarkdown(list[i])...) })
	nb.checkFragments(list)
	if err := nb.errs.Err(); err != nil {
		return nil, nil, err
	}
	rendered := map[string]bool{}
	for rel := range render {
		rendered[rel] = true
	}
	return rendered, lc, nil
}

// samePaths reports whether two maps have the same keys, given that they
// have as many.
func samePaths(a, b map[string]*Page) bool {
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

// note records the lists a page is in before and after a change, when its
// place in them changed.
func (lc *listChange) note(before, after *Page) {
	if before != nil && after != nil && listKey(before) == listKey(after) {
		return
	}
	lc.home = true
	for _, p := range []*Page{before, after} {
		if p == nil || p.Intro {
			continue
		}
		if p.Section != "" {
			lc.sections[p.Section] = true
		}
		if p.Type == TypeBlueprint {
			lc.blueprts = true
			if bp, ok := p.Front.(*Blueprint); ok {
				lc.terms["integration-levels/"+termSlug(bp.Function.IntegrationLevel)+"/"] = true
			}
		}
		for _, t := range p.Meta.Tags {
			lc.terms["tags/"+slugify(t)+"/"] = true
		}
		for _, c := range p.Meta.Cohorts {
			lc.terms["cohorts/"+termSlug(c)+"/"] = true
		}
		if p.Meta.Area != "" {
			lc.terms["areas/"+termSlug(p.Meta.Area)+"/"] = true
		}
	}
}

// listKey is what lists show of a page: its front matter.
func listKey(p *Page) string {
	data, err := json.Marshal(p.Front)
	if err != nil {
		return ""
	}
	return p.URL + string(data)
}

func usesLayout(j job, changed []string) bool {
	for _, name := range changed {
		if name == "baseof.html" || strings.HasPrefix(name, "partials/") || strings.TrimSuffix(name, ".html") == j.layout {
			return true
		}
	}
	return false
}

// renderJobs executes jobs on every core and writes them to out.
func (b *build) renderJobs(t *templates, jobs []job, out *output) error {
	parallel(len(jobs), func(i int) {
		j := jobs[i]
		var buf bytes.Buffer
		if !b.renderPage(t, j, &buf) {
			return
		}
		if err := out.write(j.rel, buf.Bytes()); err != nil {
			b.fail(&Error{File: j.file, Msg: "writing " + j.rel + ": " + err.Error()})
		}
	})
	return b.errs.Err()
}

// applyFiles copies changed files that are not pages: files beside pages
// and the site's static files. A file that went is removed from the
// output only if old, the build being served, had published it: an
// output path is otherwise another's, such as a page's.
func (b *build) applyFiles(out *output, old *build, content, static []string, ch *Change) error {
	styles := len(static) > 0
	for _, rel := range content {
		if strings.EqualFold(path.Ext(rel), ".md") {
			continue
		}
		styles = false
		if !b.fileSet[nfc(rel)] && !old.fileSet[nfc(rel)] {
			continue
		}
		if err := b.syncFile(out, b.src, contentDir+"/"+rel, nfc(rel)); err != nil {
			return err
		}
	}
	for _, rel := range static {
		if !strings.HasSuffix(rel, ".css") {
			styles = false
		}
		if !slices.Contains(b.static, rel) && !slices.Contains(old.static, rel) {
			continue
		}
		if err := b.syncFile(out, b.src, "static/"+rel, rel); err != nil {
			return err
		}
		if _, err := fs.Stat(b.src, "static/"+rel); errors.Is(err, fs.ErrNotExist) {
			// A default may stand where the site's own file was.
			ls := b.layoutSource()
			if _, err := fs.Stat(ls.defaults, "static/"+rel); err == nil {
				if err := out.copyFrom(ls.defaults, "static/"+rel, rel); err != nil {
					return err
				}
			}
		}
	}
	ch.Styles = styles && len(ch.URLs) == 0
	return nil
}

// noteFile records that the content file rel (not a page) appeared or
// went, so that links to it resolve as they would in a full build.
func (b *build) noteFile(rel string) {
	_, err := fs.Stat(b.src, contentDir+"/"+rel)
	switch {
	case err == nil && !b.fileSet[nfc(rel)]:
		b.fileSet[nfc(rel)] = true
		b.files = append(b.files, rel)
		sort.Strings(b.files)
	case err != nil && b.fileSet[nfc(rel)]:
		delete(b.fileSet, nfc(rel))
		for i, f := range b.files {
			if f == rel {
				b.files = append(b.files[:i:i], b.files[i+1:]...)
				break
			}
		}
	}
}

// syncFile copies name from fsys to rel in the output, or removes rel
// when name no longer exists.
func (b *build) syncFile(out *output, fsys fs.FS, name, rel string) error {
	if _, err := fs.Stat(fsys, name); errors.Is(err, fs.ErrNotExist) {
		err := os.Remove(filepath.Join(out.dir, filepath.FromSlash(rel)))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if err := out.copyFrom(fsys, name, rel); err != nil {
		return &Error{File: name, Msg: "copying: " + unwrapPathError(err)}
	}
	return nil
}

// removePage removes a page's output, keeping files beside it that other
// content still provides.
func removePage(dest, url string) error {
	err := os.Remove(filepath.Join(dest, filepath.FromSlash(url), "index.html"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	os.Remove(filepath.Join(dest, filepath.FromSlash(url))) // only if now empty
	return nil
}

// firstErr returns the cause of the first error in l, for errors.Is.
func (l ErrorList) firstErr() error {
	if len(l) == 0 {
		return nil
	}
	return l[0].cause
}
