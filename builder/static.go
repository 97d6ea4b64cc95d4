package builder

import (
	"errors"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"intkb/builder/markdown"
	"intkb/builder/model"
	"intkb/builder/publish"
)

// staticDir is the folder of the site whose files are published as they
// are, replacing built-in ones of the same name.
const staticDir = "static"

// loadStatic lists the files of static/ to publish, leaving out hidden
// ones, and reports every file that cannot be: one that is not a regular
// file, or a symbolic link that checkLink refuses.
func (b *build) loadStatic() {
	b.walkSources(staticDir, true, func(rel string) { b.static = append(b.static, rel) })
	sort.Strings(b.static)
}

// writeStatic copies the default static files, then the site's static/,
// which replaces defaults of the same name. Every file that cannot be
// copied is reported, not only the first.
func (s *snapshot) writeStatic(out *publish.Output) error {
	var errs model.ErrorList
	ls := s.layoutSource()
	err := fs.WalkDir(ls.defaults, staticDir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			if !errors.Is(err, fs.ErrNotExist) || p != staticDir {
				errs = append(errs, &model.Error{File: "built-in " + p, Msg: "cannot read: " + unwrapPathError(err)})
			}
			return nil
		case p != staticDir && strings.HasPrefix(d.Name(), "."):
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case d.IsDir():
			return nil
		}
		if err := copyBuiltin(out, ls.defaults, p, strings.TrimPrefix(p, staticDir+"/")); err != nil {
			errs = append(errs, &model.Error{File: "built-in " + p, Msg: "copying: " + unwrapPathError(err)})
		}
		return nil
	})
	if err != nil {
		errs = append(errs, &model.Error{File: "built-in " + staticDir, Msg: "cannot read: " + unwrapPathError(err)})
	}
	if err := out.Write("css/code.css", []byte(markdown.ChromaCSS())); err != nil {
		errs = append(errs, &model.Error{File: "built-in css/code.css", Msg: "writing: " + err.Error()})
	}
	if len(errs) > 0 {
		return errs.Err()
	}
	var mu sync.Mutex
	parallel(len(s.static), func(i int) {
		name := staticDir + "/" + s.static[i]
		if err := copyFile(out, s.src, name, s.static[i]); err != nil {
			mu.Lock()
			errs = append(errs, &model.Error{File: name, Msg: "copying: " + unwrapPathError(err)})
			mu.Unlock()
		}
	})
	return errs.Err()
}

// noteStatic records that the static file rel appeared or went, for a
// live rebuild.
func (b *build) noteStatic(rel string) {
	i := sort.SearchStrings(b.static, rel)
	was := i < len(b.static) && b.static[i] == rel
	info, err := fs.Lstat(b.src, staticDir+"/"+rel)
	switch {
	case err == nil && info.IsDir():
	case err == nil && !was:
		b.static = append(b.static[:i:i], append([]string{rel}, b.static[i:]...)...)
	case err != nil && was:
		b.static = append(b.static[:i:i], b.static[i+1:]...)
	}
}
