package builder

import (
	"bytes"
	"context"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"intkb/builder/compare"
	"intkb/builder/model"
	"intkb/builder/publish"
)

// Live keeps a built site up to date as its files change, rebuilding only
// what a change touches, as "intkb serve" does while an author edits:
//
//   - a content page's edit renders that page again, and the pages that
//     link to it; when its place in lists changes (title, summary, dates,
//     status, tags, cohorts, area, weight, or any field of a blueprint), its
//     section's list, the taxonomy pages of its old and new terms, the home
//     and search pages, the sitemap and the feed too, and the pages next
//     to it on its section's path, before and after the change (a
//     playbook's phase, title or weight moves it among the playbooks);
//   - a new or deleted page does the same, and a deleted page's folder is
//     removed from the output, as is a list's page it no longer needs;
//   - a layout's edit renders the pages that use it (all of them for
//     baseof.html and partials);
//   - a static file or a file beside a page is copied (or removed);
//   - site.toml, a file the imports are read from (Followed), or anything
//     Live cannot follow, rebuilds everything.
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
// with the same opts, whose Dest is the folder being served, and without
// Options.Once, which lets go of what a rebuild needs: NewLive panics if
// it is set.
func NewLive(opts Options, res *Result) *Live {
	if opts.Once {
		panic("builder: NewLive of a build made with Options.Once")
	}
	opts.Config = nil // a rebuild reads site.toml again: it may have changed
	return &Live{opts: opts, site: res.Site}
}

// Followed returns the files, besides content/, layouts/, static/ and
// site.toml, whose change Apply rebuilds the whole site for: those the
// imports are read from (model.Config.ImportFiles). They change when
// site.toml does.
func (l *Live) Followed() []string {
	return l.site.state().snap.cfg.ImportFiles()
}

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
	st := l.site.state()
	ed, whole := l.sortEdits(paths, st.snap.shareImageRel(), st.snap.cfg.ImportFiles())
	if whole {
		return l.rebuild()
	}
	nb := &build{snapshot: st.snap.clone(), ctx: context.Background(), opts: l.opts, broken: map[string]bool{}}
	next, err := nb.load(st, ed)
	if err != nil {
		return nil, err
	}
	jobs, err := nb.liveJobs(st, next, ed)
	if err != nil {
		return nil, err
	}
	out := &publish.Output{Dir: l.opts.Dest, Atomic: true}
	ch := &Change{}
	if err := nb.renderJobs(next.t, jobs, out); err != nil {
		return nil, err
	}
	for _, j := range jobs {
		ch.URLs = append(ch.URLs, j.view.URL)
		if j.view.Kind == "page" && next.changed[j.view.Page.Path] {
			ch.Pages = append(ch.Pages, j.view.Page)
		}
	}
	if next.lists.any() {
		for _, write := range nb.listFiles() {
			if err := write(out); err != nil {
				return nil, err
			}
		}
	}
	for _, p := range next.lists.removed {
		ch.Removed = append(ch.Removed, p.URL)
		if err := publish.RemovePage(l.opts.Dest, p.URL); err != nil {
			return nil, err
		}
	}
	if err := nb.applyFiles(out, st.snap, ed.content, ed.static, ch); err != nil {
		return nil, err
	}
	if len(ed.content) > 0 { // only a content edit changes which blueprints there are
		if err := removeBlueprintData(l.opts.Dest, st.snap, nb.snapshot); err != nil {
			return nil, err
		}
	}
	l.site.cur.Store(&siteState{snap: nb.snapshot, t: next.t, sv: next.sv})
	return ch, nil
}

// edits are the changed paths of one live rebuild, by the folder they are
// in, relative to it.
type edits struct {
	content, layouts, static []string
}

// sortEdits sorts paths by folder, leaving out hidden ones, which are
// never published. whole is set when the site must be built again whole:
// site.toml changed, or the share image at share (under static/), whose
// size every page gives.
func (l *Live) sortEdits(paths []string, share string, imports []string) (ed edits, whole bool) {
	for _, p := range l.expand(paths) {
		switch {
		case hidden(p):
			continue // never published, as in a full build
		case p == "site.toml" || p == staticDir+"/"+share || slices.Contains(imports, p):
			return edits{}, true
		case strings.HasPrefix(p, contentDir+"/"):
			ed.content = append(ed.content, strings.TrimPrefix(p, contentDir+"/"))
		case strings.HasPrefix(p, "layouts/"):
			ed.layouts = append(ed.layouts, strings.TrimPrefix(p, "layouts/"))
		case strings.HasPrefix(p, "static/"):
			ed.static = append(ed.static, strings.TrimPrefix(p, "static/"))
		}
	}
	return ed, false
}

// loaded is what a live rebuild learned from its edits.
type loaded struct {
	t       *templates
	sv      *SiteView
	changed map[string]bool // content paths rendered again
	lists   *listChange
}

// load applies the edits to nb, a clone of st's build, and checks them
// as a full build would: the pages, layouts and static files they touch,
// and links from the site's top.
func (nb *build) load(st *siteState, ed edits) (*loaded, error) {
	next := &loaded{t: st.t, sv: st.sv}
	var err error
	if len(ed.layouts) > 0 {
		if next.t, err = nb.loadTemplates(); err != nil {
			return nil, err
		}
	}
	if next.changed, next.lists, err = nb.applyContent(ed.content, st.snap); err != nil {
		return nil, err
	}
	for _, rel := range ed.static {
		nb.noteStatic(rel)
		nb.fail(checkChanged(nb.src, staticDir+"/"+rel)...)
	}
	// After the content: an edited page may name a layout it cannot use,
	// and after a layout's edit any page may.
	checked := nb.pages
	if len(ed.layouts) == 0 {
		checked = nil
		for rel := range next.changed {
			if p := nb.byPath[rel]; p != nil {
				checked = append(checked, p)
			}
		}
		slices.SortFunc(checked, func(a, b *Page) int { return strings.Compare(a.Path, b.Path) })
	}
	nb.checkLayouts(next.t, checked)
	if err := nb.failed(); err != nil {
		return nil, err
	}
	if next.lists.blueprts {
		var imported []*compare.Area // fetched once, by the full build
		for _, a := range nb.compareAreas {
			if a.Imported {
				imported = append(imported, a)
			}
		}
		nb.setCompareAreas(nb.listCompareAreas(imported))
	}
	if next.lists.any() {
		if next.lists.blueprts {
			nb.likes = nearestAreas(nb.compareAreas)
		}
		next.sv = nb.siteView()
		for _, url := range slices.Concat(goneTerms(st.sv, next.sv), goneListPages(st.sv, next.sv), goneLikePages(st.sv, next.sv)) {
			next.lists.removed = append(next.lists.removed, &Page{URL: url})
		}
		next.lists.paths = movedNeighbours(st.sv, next.sv)
	}
	// A list, term or file that came or went changes where links from the
	// site's top lead, on any page.
	filesChanged := len(ed.static) > 0 || slices.ContainsFunc(ed.content, func(rel string) bool { return !strings.EqualFold(path.Ext(rel), ".md") })
	nb.checkSiteLinks(nb.pagesToCheck(next.changed, next.lists.any() || filesChanged), func() *SiteView { return next.sv })
	if err := nb.failed(); err != nil {
		return nil, err
	}
	return next, nil
}

// liveJobs returns the pages a live rebuild writes again: the pages that
// changed, the lists and generated pages their change reaches (see
// generators) and those made with a changed layout. When pages or files
// came or went, it first checks that no two would be published at one
// path.
func (nb *build) liveJobs(st *siteState, next *loaded, ed edits) ([]job, error) {
	var jobs, all []job
	if next.lists.any() || len(ed.layouts) > 0 {
		all = nb.jobs(next.sv)
		for _, j := range all {
			if j.view.Kind == "page" && next.changed[j.view.Page.Path] || next.lists.covers(j) || usesLayout(j, ed.layouts) {
				jobs = append(jobs, j)
			}
		}
	} else {
		// Most edits change one page's body: make only its jobs.
		for rel := range next.changed {
			if p := nb.byPath[rel]; p != nil {
				jobs = append(jobs, nb.pageJob(next.sv, p))
			}
		}
	}
	if next.lists.any() || !slices.Equal(nb.static, st.snap.static) || !slices.Equal(nb.files, st.snap.files) {
		if all == nil {
			all = nb.jobs(next.sv)
		}
		nb.checkOutputs(all)
		if err := nb.failed(); err != nil {
			return nil, err
		}
	}
	return jobs, nil
}

// expand replaces folders in paths: a folder that exists is left out (its
// files are reported on their own), and one that went stands for the
// pages and files the site had under it.
func (l *Live) expand(paths []string) []string {
	b := l.site.state().snap
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
			if strings.HasPrefix(pg.Path, model.NFC(prefix)) {
				out, known = append(out, contentDir+"/"+pg.Path), true
			}
		}
		for _, f := range b.files {
			if strings.HasPrefix(f, prefix) {
				out, known = append(out, contentDir+"/"+f), true
			}
		}
		for rel := range b.drafts {
			if strings.HasPrefix(rel, model.NFC(prefix)) {
				out, known = append(out, contentDir+"/"+rel), true
			}
		}
		if !known {
			out = append(out, p)
		}
	}
	return out
}

// goneStatic returns the static files snapshot b published under p, a path of
// static/ that went, or p itself when it was not a folder of them.
func goneStatic(b *snapshot, p string) []string {
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

// goneListPages returns the URLs of the pages of section lists that
// before had more of them, such as /playbooks/page/2/ when the playbooks
// fit on one page again.
func goneListPages(before, after *SiteView) []string {
	var gone []string
	for _, sec := range model.Sections {
		for n := len(after.lists[sec.Dir].chunks) + 1; n <= len(before.lists[sec.Dir].chunks); n++ {
			gone = append(gone, pagerURL(sec.Dir+"/", n))
		}
	}
	return gone
}

// clone returns a copy of s that shares its settings and pages but has
// maps of its own, for a live rebuild to load its edits into while s is
// being served. The page indexes (byPath, byURL, urls) start empty: the
// rebuild makes them again.
func (s *snapshot) clone() *snapshot {
	return &snapshot{
		src: s.src, layouts: s.layouts, cfg: s.cfg, areas: s.areas, vocabs: s.vocabs, basePath: s.basePath, public: s.public, offline: s.offline, now: s.now, md: s.md,
		pages:   append([]*Page(nil), s.pages...),
		intros:  copyMap(s.intros),
		drafts:  copyMap(s.drafts),
		byPath:  map[string]*Page{},
		byURL:   map[string]*Page{},
		urls:    map[string]bool{},
		files:   append([]string(nil), s.files...),
		fileSet: copyMap(s.fileSet),
		static:  s.static, // noteStatic copies before it changes it
		share:   s.share,

		compareAreas: s.compareAreas,
		compareIndex: s.compareIndex,
		git:          s.git,
		warnings:     s.warnings,
		likes:        s.likes,
	}
}

func copyMap[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// usesLayout reports whether job j is made with one of the changed
// layouts, or with a layout every page uses (baseof.html, partials).
func usesLayout(j job, changed []string) bool {
	for _, name := range changed {
		if name == "baseof.html" || strings.HasPrefix(name, "partials/") || strings.TrimSuffix(name, ".html") == j.layout {
			return true
		}
	}
	return false
}

// renderJobs executes jobs on every core and writes them to out.
func (b *build) renderJobs(t *templates, jobs []job, out *publish.Output) error {
	parallel(len(jobs), func(i int) {
		j := jobs[i]
		var buf bytes.Buffer
		if e := renderPage(t, j, &buf); e != nil {
			b.fail(e)
			return
		}
		if err := out.Write(j.rel, buf.Bytes()); err != nil {
			b.fail(&model.Error{File: j.file, Msg: "writing " + j.rel + ": " + err.Error()})
		}
	})
	return b.failed()
}

// removeBlueprintData removes from dest the open data file of each
// blueprint that was before but is not now: deleted, made a draft, or
// moved to another key.
func removeBlueprintData(dest string, before, now *snapshot) error {
	keep := map[string]bool{}
	for _, p := range now.blueprintPages() {
		keep[blueprintKey(p)] = true
	}
	for _, p := range before.blueprintPages() {
		if key := blueprintKey(p); !keep[key] {
			if err := publish.RemoveFile(dest, blueprintDataFile(key)); err != nil {
				return err
			}
		}
	}
	return nil
}
