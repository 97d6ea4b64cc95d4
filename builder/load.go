package builder

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"intkb/builder/markdown"
	"intkb/builder/model"
)

// contentDir is the folder of the site that holds the pages.
const contentDir = "content"

// loadContent walks content/ and parses every page, using every core.
// Files that are not Markdown are kept as resources to copy.
func (b *build) loadContent() {
	var mdFiles []string
	if !b.walkSources(contentDir, false, func(rel string) {
		switch {
		case strings.EqualFold(path.Ext(rel), ".md"):
			mdFiles = append(mdFiles, rel)
		case b.fileSet[model.NFC(rel)]:
			b.fail(&model.Error{File: contentDir + "/" + rel, Msg: fmt.Sprintf("has the same URL as %s: remove one of them%s", contentDir+"/"+b.fileNamed(rel), sameNameHint)})
		default:
			b.files = append(b.files, rel)
			b.fileSet[model.NFC(rel)] = true
		}
	}) {
		return
	}

	pages := make([]*Page, len(mdFiles))
	files := make([]string, len(mdFiles))
	for i, rel := range mdFiles {
		files[i] = contentDir + "/" + rel
	}
	folders, closeFolders := openFolders(b.src, files)
	defer closeFolders()
	parallel(len(mdFiles), func(i int) {
		p, errs := b.loadPage(mdFiles[i], folders[path.Dir(files[i])])
		b.fail(errs...)
		pages[i] = p
	})
	for i, p := range pages {
		if p == nil {
			// Links to it are not reported too: its own error says enough.
			b.broken[model.NFC(mdFiles[i])] = true
			continue
		}
		if p.Intro {
			b.intros[strings.TrimSuffix(path.Dir(p.Path), ".")] = p
			continue
		}
		if p.Meta.Status == "draft" && !b.opts.Drafts {
			b.drafts[p.Path] = p
			continue
		}
		b.pages = append(b.pages, p)
	}
	b.indexPages()
}

// fileSum returns the SHA-256 of data, the contents of the site's file
// file, whose stamp is info's, in hex: the digest the build's inputs
// took for it when its stamp is the one they read, unread since
// (digestFiles takes no stamp of a file changed within the racy window),
// and otherwise data's. At 10,000 pages, hashing the pages' front matter
// and bodies again for their keys took 0.1 s of CPU in every build.
func (b *build) fileSum(file string, info fs.FileInfo, data []byte) string {
	if d, ok := b.sources[file]; ok {
		if stamp, ok := fileStamp(info); ok && stamp == d.Stamp {
			return d.Sum
		}
	}
	return hexDigest(data)
}

// loadPage reads and decodes one content file, opening it in folder, its
// folder's own file system, when that is not nil (openIn).
func (b *build) loadPage(rel string, folder fs.FS) (*Page, model.ErrorList) {
	file := contentDir + "/" + rel
	f, info, err := openIn(b.src, folder, file)
	if err != nil {
		return nil, model.ErrorList{{File: file, Msg: "cannot read: " + unwrapPathError(err), Cause: err}}
	}
	defer f.Close()
	if info.Size() > model.MaxPageBytes {
		return nil, model.ErrorList{{File: file, Msg: fmt.Sprintf("file is %s: a page may be at most %s (split it into several pages; keep large files under static/)", model.SizeText(info.Size()), model.SizeText(model.MaxPageBytes))}}
	}
	data, err := readOpen(f, info)
	if err != nil {
		return nil, model.ErrorList{{File: file, Msg: "cannot read: " + unwrapPathError(err)}}
	}
	src, e := model.SplitSource(file, data)
	if e != nil {
		return nil, model.ErrorList{e}
	}
	if errs := markdown.CheckCost(src.File, src.Body, src.BodyLine); len(errs) > 0 {
		return nil, errs
	}
	p := &Page{File: file, Path: model.NFC(rel), src: src, siteVocabs: b.vocabs, fileSum: b.fileSum(file, info, data)}
	base := path.Base(rel)
	p.Intro = base == "_index.md"
	p.Bundle = base == "index.md"
	first, _, nested := strings.Cut(rel, "/")
	typ := model.TypePage
	if sec := model.SectionByDir(first); sec != nil && nested && !p.Intro {
		typ = sec.Type
		p.Section = sec.Dir
	}
	p.Type = typ
	p.URL = model.PageURL(p.Path)
	p.Front = model.NewFront(typ)
	var key [sha256.Size]byte
	if b.fronts != nil {
		key = b.fronts.key(rel, p.fileSum)
		if line, text, ok := b.fronts.get(rel, key, p.Front); ok {
			// Decoded and checked by an earlier build, with no problem.
			p.Meta = model.MetaOf(p.Front)
			p.reviewLine = line
			p.frontText, p.frontTextKnown = text, true
			p.finishFront(b)
			return p, nil
		}
		p.Front = model.NewFront(typ) // get may have filled some of it
	}
	errs, fatal := model.DecodeFront(src, p.Front)
	if fatal {
		return nil, errs
	}
	p.Meta = model.MetaOf(p.Front)
	v := &model.Validator{Src: src, Areas: b.areas, Vocabs: b.vocabs}
	switch typ {
	case model.TypePage:
		v.Optional = map[string]bool{"summary": true, "updated": true, "review_due": true}
	case model.TypeCaseStudy, model.TypeBlueprint:
		v.Required = model.AreaKeys
	}
	v.Walk(model.ReflectValue(p.Front), "")
	v.CheckType(p.Front)
	if p.Meta.Type != "" && p.Meta.Type != typ && !p.Intro {
		want := []string{model.TypePage}
		for _, s := range model.Sections {
			want = append(want, s.Type)
		}
		msg := fmt.Sprintf("%q does not match the folder: a page in %s is a %s", p.Meta.Type, path.Dir(file)+"/", typ)
		if sec := model.SectionByType(p.Meta.Type); sec != nil {
			msg += fmt.Sprintf("; move it to content/%s/ or remove the type key", sec.Dir)
		} else if near := model.Suggest(p.Meta.Type, want); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		v.Fail("type", "%s", msg)
	}
	if m := p.Meta; !m.Updated.IsZero() && !m.ReviewDue.IsZero() && m.ReviewDue.Before(m.Updated.Time) {
		v.Fail("review_due", "%s is before updated (%s): the next review comes after the last update", m.ReviewDue, m.Updated)
	}
	errs = append(errs, v.Errs...)
	if len(errs) > 0 {
		return nil, errs
	}
	if !p.Meta.ReviewDue.IsZero() {
		p.reviewLine = src.LineOf("review_due")
	}
	if b.fronts != nil {
		p.frontText, p.frontTextKnown = frontText(p), true
		b.fronts.keep(rel, key, p.Front, p.reviewLine, p.frontText)
	}
	p.finishFront(b)
	return p, nil
}

// finishFront sets what follows from p's front matter, once it is
// decoded and checked: its area's grouping, and its status when the front
// matter gives none.
func (p *Page) finishFront(b *build) {
	if a := b.cfg.Area(p.Meta.Area); a != nil {
		p.Grouping = a.Grouping
	}
	if p.Meta.Status == "" {
		p.Meta.Status = "published"
	}
}

// indexPages sorts the pages and maps them by content path and URL,
// reporting pages that would share a URL. A page at the URL of a page
// intkb makes, such as /compare/, is reported with every other clash of
// outputs (see checkOutputs).
func (b *build) indexPages() {
	sort.Slice(b.pages, func(i, j int) bool { return b.pages[i].Path < b.pages[j].Path })
	byURL := map[string]*Page{}
	for _, p := range b.pages {
		b.byPath[p.Path] = p
		if other, dup := byURL[p.URL]; dup {
			hint := ""
			if p.Path == other.Path {
				hint = sameNameHint
			}
			b.fail(&model.Error{File: p.File, Msg: fmt.Sprintf("has the same URL /%s as %s: rename one of them%s", p.URL, other.File, hint)})
			continue
		}
		byURL[p.URL] = p
		b.urls[p.URL] = true
	}
	b.byURL = byURL
}

// parallel calls f(0) ... f(n-1), on every core at once, and waits for
// them. f reports its own problems, through b.fail, so that one run
// reports them all: none stops the others.
//
// A goroutine for each core takes the next i in turn. A goroutine for
// each call, as there was, starts on a small stack and grows it, copying
// it, as deep as loading a page or rendering one goes: 7% of the CPU of
// a build after a one-page edit at 10,000 pages. A worker grows its
// stack once.
func parallel(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(numWorkers(), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// unwrapPathError drops the Op and Path of a *fs.PathError, which the
// message already names.
func unwrapPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// sameNameHint ends the message about two content files whose names are
// the same once normalised (see nfc), which look the same on screen.
const sameNameHint = " (their names differ only in how accented letters are encoded, as when one was written on macOS)"

// fileNamed returns the content file that is not a page whose name is rel
// once normalised, as it is on disk.
func (b *build) fileNamed(rel string) string {
	for _, f := range b.files {
		if model.NFC(f) == model.NFC(rel) {
			return f
		}
	}
	return rel
}
