package builder

import (
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"intkb/builder/model"
)

// This file works out what an edit to content/ changes for a live
// rebuild: the pages to load and render again, and the lists and
// generated pages their change reaches.

// listChange says which lists a rebuild must write again.
type listChange struct {
	sections map[string]bool // section folders whose list changed
	terms    map[string]bool // taxonomy term URLs, such as cohorts/frailty/
	home     bool
	blueprts bool // a blueprint changed: views that compare them change
	// paths are the content paths of pages whose neighbours on their
	// section's path changed (see pathFacets): their links to them.
	paths   map[string]bool
	removed []*Page
}

func (lc *listChange) any() bool { return lc.home }

// covers reports whether a list job must be written again.
func (lc *listChange) covers(j job) bool {
	if !lc.home {
		return false
	}
	if j.view.Kind == "page" {
		// Each blueprint links to comparing its area with every other.
		return lc.blueprts && j.view.Page.Type == model.TypeBlueprint || lc.paths[j.view.Page.Path]
	}
	return generatorOf(j.view.Kind).redo(lc, j.view)
}

// applyContent loads the changed content files into nb and renders the
// Markdown of every page they touch: the changed pages and the pages that
// link to them. It returns the content paths rendered and the lists to
// write again.
func (nb *build) applyContent(paths []string, old *snapshot) (map[string]bool, *listChange, error) {
	lc := &listChange{sections: map[string]bool{}, terms: map[string]bool{}}
	touched := map[string]bool{} // content paths whose page appeared, changed or went
	// The pages as they were, by path: nb.pages are old's, which it maps
	// (copying a map is much cheaper than filling one, on every edit).
	byPath := maps.Clone(old.byPath)
	for _, name := range paths {
		nb.reloadContent(name, old, byPath, lc, touched)
	}
	if err := nb.failed(); err != nil {
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
	for _, p := range nb.pages { // the old pages: every page not touched is one
		if touched[p.Path] {
			continue
		}
		for _, target := range p.links {
			if touched[target] {
				cp := *p
				byPath[p.Path], render[p.Path] = &cp, &cp
				break
			}
		}
	}
	if samePaths(touched, byPath, old.byPath) {
		// The same pages: replace the changed ones where they stand, in
		// nb.pages, sorted by path, and in a copy of old's map by URL.
		nb.byPath, nb.urls, nb.byURL = byPath, old.urls, maps.Clone(old.byURL)
		for rel, p := range render {
			if byPath[rel] != p {
				continue // a section's intro, which is not among the pages
			}
			if i, ok := slices.BinarySearchFunc(nb.pages, rel, func(q *Page, rel string) int { return strings.Compare(q.Path, rel) }); ok {
				nb.pages[i] = p
			}
			nb.byURL[p.URL] = p
		}
	} else {
		nb.pages = nb.pages[:0:0]
		for _, p := range byPath {
			nb.pages = append(nb.pages, p)
		}
		nb.indexPages() // sorts, maps, and finds URL clashes
		if err := nb.failed(); err != nil {
			return nil, nil, err
		}
	}
	var list []*Page
	for _, p := range render {
		list = append(list, p)
	}
	parallel(len(list), func(i int) { nb.fail(nb.renderMarkdown(list[i])...) })
	nb.checkFragments(list)
	if err := nb.failed(); err != nil {
		return nil, nil, err
	}
	rendered := map[string]bool{}
	for rel := range render {
		rendered[rel] = true
	}
	return rendered, lc, nil
}

// samePaths reports whether after has a page at the same paths as
// before, given that they differ at most at the touched paths.
func samePaths(touched map[string]bool, after, before map[string]*Page) bool {
	for rel := range touched {
		if (after[rel] == nil) != (before[rel] == nil) {
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
		if p.Type == model.TypeBlueprint {
			lc.blueprts = true
		}
		for _, f := range taxonomyFacets() {
			for _, v := range f.Values(p) {
				lc.terms[f.termURL(v)] = true
			}
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

// reloadContent loads the content file name again into nb after an edit,
// noting in byPath the page it now is (or none), in touched its content
// path and in lc the lists its change reaches. Problems go to nb.errs.
func (nb *build) reloadContent(name string, old *snapshot, byPath map[string]*Page, lc *listChange, touched map[string]bool) {
	if errs := checkChanged(nb.src, contentDir+"/"+name); len(errs) > 0 {
		nb.fail(errs...)
		return
	}
	if !strings.EqualFold(path.Ext(name), ".md") {
		nb.noteFile(name)
		return
	}
	rel := model.NFC(name) // pages are known by content path, read by their name on disk
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
	p, errs := nb.loadPage(name, nil)
	switch {
	case errors.Is(errs.FirstErr(), fs.ErrNotExist):
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
