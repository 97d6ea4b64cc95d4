package builder

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"intkb/builder/model"
	"intkb/builder/publish"
)

// This file keeps the files of a live preview that are not pages (static
// files and files beside pages) in step with their sources.

// applyFiles copies changed files that are not pages: files beside pages
// and the site's static files. A file that went is removed from the
// output only if old, the build being served, had published it: an
// output path is otherwise another's, such as a page's.
func (b *build) applyFiles(out *publish.Output, old *snapshot, content, static []string, ch *Change) error {
	styles := len(static) > 0
	for _, rel := range content {
		if strings.EqualFold(path.Ext(rel), ".md") {
			continue
		}
		styles = false
		if !b.fileSet[model.NFC(rel)] && !old.fileSet[model.NFC(rel)] {
			continue
		}
		if err := b.syncFile(out, b.src, contentDir+"/"+rel, model.NFC(rel)); err != nil {
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
				if err := copyFile(out, ls.defaults, "static/"+rel, rel); err != nil {
					return err
				}
			}
		}
	}
	if slices.ContainsFunc(static, redrawsPictures) {
		if err := b.writePictures(out); err != nil {
			return err
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
	case err == nil && !b.fileSet[model.NFC(rel)]:
		b.fileSet[model.NFC(rel)] = true
		b.files = append(b.files, rel)
		sort.Strings(b.files)
	case err != nil && b.fileSet[model.NFC(rel)]:
		delete(b.fileSet, model.NFC(rel))
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
func (b *build) syncFile(out *publish.Output, fsys fs.FS, name, rel string) error {
	if _, err := fs.Stat(fsys, name); errors.Is(err, fs.ErrNotExist) {
		return out.Remove(rel)
	}
	if err := copyFile(out, fsys, name, rel); err != nil {
		return &model.Error{File: name, Msg: "copying: " + unwrapPathError(err)}
	}
	return nil
}
