package builder

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"

	"intkb/builder/model"
	"intkb/builder/publish"
)

// This file holds the rules for reading a site's own files. Two keep a
// build safe on a folder nobody checked:
//
//   - Only regular files are read. Opening a named pipe (FIFO) for reading
//     waits for a writer, for ever, and a socket or a device is never
//     what an author meant.
//   - A path with a segment starting with a dot is hidden, and nothing
//     hidden is published: not static/.git/config, not content/x/.env,
//     and not a file a symbolic link leads to, such as static/env.txt ->
//     ../.env. Version control, editors and secrets live in such places.

// RootFS returns root's file system, for Options.Source: root.FS(), which
// refuses paths and symbolic links leading out of root, and which can
// also open a folder of itself as a root of its own (openFolder), in
// which a build opens each page by its name alone. An os.Root opens a
// file by opening each folder of its path in turn: reading a page of
// content/playbooks/ took 14 system calls, where its folder's root
// takes 6.
func RootFS(root *os.Root) fs.FS { return rootFS{root.FS().(rootFiles), root} }

// rootFiles is what an os.Root's file system does.
type rootFiles interface {
	fs.StatFS
	fs.ReadFileFS
	fs.ReadDirFS
	fs.ReadLinkFS
}

type rootFS struct {
	rootFiles
	root *os.Root
}

// A folderOpener is a file system that opens a folder of itself as a
// file system confined to it.
type folderOpener interface {
	openFolder(name string) (fs.FS, func(), error)
}

func (r rootFS) openFolder(name string) (fs.FS, func(), error) {
	sub, err := r.root.OpenRoot(name)
	if err != nil {
		return nil, nil, err
	}
	return sub.FS(), func() { sub.Close() }, nil
}

// openFolders opens the folders of the files names of fsys (paths in it)
// that hold many of them, each as a file system of its own, when fsys can
// (folderOpener), and returns them by folder, with a function that closes
// them. Each holds a file open until then, so only folders of at least
// minFolderFiles of the files are opened, at most maxFolders of them: a
// site of page bundles (a folder for each page) would otherwise hold a
// file open for each page, past what a system allows a program. A folder
// left out, or that cannot be opened so, has its files opened by their
// paths.
func openFolders(fsys fs.FS, names []string) (map[string]fs.FS, func()) {
	folders := map[string]fs.FS{}
	fo, ok := fsys.(folderOpener)
	if !ok {
		return folders, func() {}
	}
	count := map[string]int{}
	var dirs []string
	for _, name := range names {
		dir := path.Dir(name)
		if count[dir] == 0 {
			dirs = append(dirs, dir)
		}
		count[dir]++
	}
	var closers []func()
	for _, dir := range dirs {
		if count[dir] < minFolderFiles || len(closers) == maxFolders {
			continue
		}
		if sub, closeSub, err := fo.openFolder(dir); err == nil {
			folders[dir] = sub
			closers = append(closers, closeSub)
		}
	}
	return folders, func() {
		for _, closeSub := range closers {
			closeSub()
		}
	}
}

// minFolderFiles and maxFolders bound the folders openFolders opens:
// opening one costs about what opening a file by its path does, and it
// stays open while the pages load.
const (
	minFolderFiles = 8
	maxFolders     = 64
)

// openIn opens name, a regular file of fsys, as openRegular does: by its
// base name in folder, its folder's own file system, when there is one
// and that succeeds, and by its path otherwise, so that what is opened,
// and any error, is what opening it by its path gives. (A folder's root
// refuses a symbolic link that leads out of the folder, which its path
// may follow inside the site.)
func openIn(fsys, folder fs.FS, name string) (fs.File, fs.FileInfo, error) {
	if folder != nil {
		if f, info, err := openRegular(folder, path.Base(name)); err == nil {
			return f, info, nil
		}
	}
	return openRegular(fsys, name)
}

// hidden reports whether a slash-separated path has a segment that
// starts with a dot, such as .git/config or static/sub/.hidden/x.
func hidden(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if strings.HasPrefix(seg, ".") && seg != "." && seg != ".." {
			return true
		}
	}
	return false
}

// notRegularError says that a source is not a regular file.
type notRegularError struct {
	mode fs.FileMode
}

func (e *notRegularError) Error() string {
	what := "a special file"
	switch t := e.mode.Type(); {
	case t&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case t&fs.ModeSocket != 0:
		what = "a socket"
	case t&fs.ModeDevice != 0:
		what = "a device"
	case t&fs.ModeDir != 0:
		what = "a folder"
	}
	return "it is " + what + ", not a regular file: only regular files are read; put the file itself there, or remove it"
}

// statRegular returns what fs.Stat does, following a symbolic link, and an
// error naming the kind of file when it is not a regular file. It does
// not open the file, which fs.Stat does on a file system that is not an
// fs.StatFS (such as one from fs.Sub).
func statRegular(fsys fs.FS, name string) (fs.FileInfo, error) {
	var info fs.FileInfo
	var err error
	if sfs, ok := fsys.(fs.StatFS); ok {
		info, err = sfs.Stat(name)
	} else if _, ok := fsys.(fs.ReadLinkFS); ok {
		var real string
		if real, err = realPath(fsys, name); err != nil {
			return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
		}
		info, err = fs.Lstat(fsys, real)
	} else {
		info, err = fs.Stat(fsys, name)
	}
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: &notRegularError{info.Mode()}}
	}
	return info, nil
}

// openRegular opens a regular file of fsys, and refuses anything else
// before opening it, so that a named pipe cannot block the build. The
// file is checked again once open. (An fs.FS cannot open with O_NONBLOCK:
// a regular file swapped for a pipe between the two steps would still
// block, but that needs someone changing the site during the build.)
func openRegular(fsys fs.FS, name string) (fs.File, fs.FileInfo, error) {
	if _, err := statRegular(fsys, name); err != nil {
		return nil, nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = &fs.PathError{Op: "open", Path: name, Err: &notRegularError{info.Mode()}}
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// readRegular reads a whole regular file of fsys, as openRegular allows.
func readRegular(fsys fs.FS, name string) ([]byte, error) {
	f, info, err := openRegular(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpen(f, info)
}

// readOpen reads the rest of f, whose size info gives.
func readOpen(f fs.File, info fs.FileInfo) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(info.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ReadSourceFile reads the file name of a site, such as site.toml. Only
// regular files are read: a named pipe, a socket or a device is an error
// naming what it is, where reading it could otherwise wait for ever.
func ReadSourceFile(fsys fs.FS, name string) ([]byte, error) {
	return readRegular(fsys, name)
}

// maxLinks is how many symbolic links realPath follows before it gives up,
// as the kernel does (ELOOP).
const maxLinks = 40

// realPath returns name with every symbolic link in it followed, as a
// path inside fsys. A link that leaves fsys, is absolute or goes round
// in a loop is an error.
func realPath(fsys fs.FS, name string) (string, error) {
	var done []string
	todo := strings.Split(name, "/")
	links := 0
	for len(todo) > 0 {
		seg := todo[0]
		todo = todo[1:]
		switch seg {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return "", errors.New("it leads out of the site's folder")
			}
			done = done[:len(done)-1]
			continue
		}
		cur := path.Join(append(done, seg)...)
		info, err := fs.Lstat(fsys, cur)
		if err != nil {
			return "", pathErrorCause(err)
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			done = append(done, seg)
			continue
		}
		if links++; links > maxLinks {
			return "", errors.New("too many symbolic links (a loop?)")
		}
		target, err := fs.ReadLink(fsys, cur)
		if err != nil {
			return "", pathErrorCause(err)
		}
		if strings.HasPrefix(target, "/") || strings.Contains(target, `\`) {
			return "", fmt.Errorf("it points to %s, outside the site's folder", target)
		}
		todo = append(strings.Split(target, "/"), todo...)
	}
	return path.Join(done...), nil
}

// pathErrorCause returns the error inside a *fs.PathError, whose Op and
// Path the caller's message already gives.
func pathErrorCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkLink reports a problem with the symbolic link name, or with a link
// on its way: one that cannot be followed, one that leads to a hidden
// file or folder, or one to a folder, which is not followed.
func checkLink(fsys fs.FS, name string) *model.Error {
	real, err := realPath(fsys, name)
	if err != nil {
		return &model.Error{File: name, Msg: "cannot follow symbolic link: " + err.Error()}
	}
	if hidden(real) {
		return &model.Error{File: name, Msg: fmt.Sprintf("is a symbolic link to %s, which is hidden: files and folders whose names start with a dot are never published; copy what should be published under a name without a dot, or remove the link", real)}
	}
	info, err := fs.Stat(fsys, name)
	switch {
	case err != nil:
		return &model.Error{File: name, Msg: "cannot follow symbolic link: " + unwrapPathError(err) + " (a link that points to itself or out of the site?)"}
	case info.IsDir():
		return &model.Error{File: name, Msg: "symbolic links to folders are not followed: move or copy the folder into " + strings.SplitN(name, "/", 2)[0] + "/"}
	case !info.Mode().IsRegular():
		return &model.Error{File: name, Msg: (&notRegularError{info.Mode()}).Error()}
	}
	return nil
}

// checkEntry reports why a file found by walking the site must not be
// read or published: it is a link that checkLink refuses, or it is not a
// regular file. Hidden paths are left out before this is asked.
func checkEntry(fsys fs.FS, name string, typ fs.FileMode) *model.Error {
	switch {
	case typ&fs.ModeSymlink != 0:
		return checkLink(fsys, name)
	case !typ.IsRegular():
		return &model.Error{File: name, Msg: (&notRegularError{typ}).Error()}
	}
	return nil
}

// checkRoot reports a top folder of the site, such as static, that is a
// symbolic link to a hidden folder. Files under it are walked as if they
// were the folder's own, so this is asked once, before the walk.
func checkRoot(fsys fs.FS, dir string) *model.Error {
	info, err := fs.Lstat(fsys, dir)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	real, err := realPath(fsys, dir)
	if err != nil {
		return &model.Error{File: dir, Msg: "cannot follow symbolic link: " + err.Error()}
	}
	if hidden(real) {
		return &model.Error{File: dir, Msg: fmt.Sprintf("is a symbolic link to %s, which is hidden: files and folders whose names start with a dot are never published; move the folder to a name without a dot", real)}
	}
	return nil
}

// checkChanged reports why a file that a live rebuild was told of must
// not be read or published, as checkEntry does in a full build; a file
// that went is no problem.
func checkChanged(fsys fs.FS, name string) []*model.Error {
	if _, err := fs.Lstat(fsys, name); err != nil {
		return nil
	}
	if e := checkLink(fsys, name); e != nil {
		return []*model.Error{e}
	}
	return nil
}

// walkSources walks dir, a top folder of the site such as content or
// static, and calls file with the path, relative to dir, of each file in
// it that may be read and published. Hidden files and folders are left
// out; a file that may not be read (a symbolic link checkLink refuses, a
// file that is not regular, one that cannot be read) is reported, and the
// walk goes on. A missing dir is no problem when optional is set. It
// reports whether the folder could be walked.
func (b *build) walkSources(dir string, optional bool, file func(rel string)) bool {
	if e := checkRoot(b.src, dir); e != nil {
		b.fail(e)
		return false
	}
	err := fs.WalkDir(b.src, dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil && p == dir && optional && errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			b.fail(&model.Error{File: p, Msg: "cannot read: " + unwrapPathError(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case p == dir && !d.IsDir():
			b.fail(&model.Error{File: p, Msg: fmt.Sprintf("is not a folder: %s files go in a folder named %s", dir, dir)})
			return nil
		case p != dir && strings.HasPrefix(d.Name(), "."):
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case d.IsDir():
			return nil
		}
		if e := checkEntry(b.src, p, d.Type()); e != nil {
			b.fail(e)
			return nil
		}
		file(strings.TrimPrefix(p, dir+"/"))
		return nil
	})
	if err != nil {
		b.fail(&model.Error{File: dir, Msg: "cannot read: " + unwrapPathError(err)})
		return false
	}
	return true
}

// copyFile copies the regular file name of fsys to rel in out.
func copyFile(out *publish.Output, fsys fs.FS, name, rel string) error {
	if out.Record != nil {
		out.Record(rel)
		return nil
	}
	f, _, err := openRegular(fsys, name)
	if err != nil {
		return err
	}
	defer f.Close()
	return out.Copy(rel, f)
}
