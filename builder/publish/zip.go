package publish

import (
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Zip writes the site in dir as one zip archive at file, for a copy to
// send as one attachment: every file, under one folder named top, so
// that unzipping gives a folder and not a scatter of files. Names that
// start with a dot (the marker file, a .git kept in the output) are left
// out, as they are never published. The archive is written beside file
// and renamed into place, so a reader never sees half of one. It returns
// the archive's size in bytes.
func Zip(dir, file, top string) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".new-*")
	if err != nil {
		return 0, fmt.Errorf("builder: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails once renamed, as it should
	if err := writeZip(tmp, os.DirFS(dir), top); err != nil {
		tmp.Close()
		return 0, fmt.Errorf("builder: writing %s: %w", file, err)
	}
	info, err := tmp.Stat()
	if err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		return 0, fmt.Errorf("builder: writing %s: %w", file, err)
	}
	return info.Size(), nil
}

// writeZip writes every file of site, but hidden ones, into w as a zip
// archive under the folder top. Entries are sorted and dated alike, so
// the same site gives the same archive.
func writeZip(w io.Writer, site fs.FS, top string) error {
	zw := zip.NewWriter(w)
	// 1 January 1980, the earliest date a zip entry can hold: an
	// archive's bytes then depend on the site alone.
	stamp := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	err := fs.WalkDir(site, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		h := &zip.FileHeader{Name: path.Join(top, p), Method: zip.Deflate, Modified: stamp}
		h.SetMode(0o644)
		f, err := site.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		dst, err := zw.CreateHeader(h)
		if err == nil {
			_, err = io.Copy(dst, f)
		}
		return err
	})
	if err != nil {
		return err
	}
	return zw.Close()
}
