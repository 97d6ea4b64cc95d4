package search

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"intkb/builder/publish"
)

// KeptIndexDir returns where "intkb build" keeps the index of the site
// whose state folder (builder.StateFolder) is stateDir.
func KeptIndexDir(stateDir string) string {
	return filepath.Join(stateDir, "search.bleve")
}

// Keep moves the index a build wrote into outputDir (IndexDir) out of it,
// to KeptIndexDir(stateDir), replacing the index kept there, so that the
// output holds only what is published. It does nothing when outputDir
// holds no index, such as an offline copy's. The kept index is replaced
// in one step where the file system can (publish.Replace): a search that
// opens it meanwhile finds the old index or the new one. When the two
// folders are on different file systems, the index is copied and then
// removed from the output.
func Keep(outputDir, stateDir string) error {
	src := IndexDir(outputDir)
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	dst := KeptIndexDir(stateDir)
	if err := os.MkdirAll(stateDir, 0o755); err != nil {
		return fmt.Errorf("keeping the search index: %w", err)
	}
	staged := dst + ".new"
	// What an earlier build stopped part way left: the staged index, the
	// old one after an exchange by renames, and the old one of intkb
	// before the exchange.
	for _, d := range []string{staged, staged + ".old", dst + ".old"} {
		if err := os.RemoveAll(d); err != nil {
			return fmt.Errorf("keeping the search index: %w", err)
		}
	}
	if err := os.Rename(src, staged); errors.Is(err, syscall.EXDEV) {
		if err := copyTree(src, staged, nil, nil); err != nil {
			os.RemoveAll(staged)
			return fmt.Errorf("keeping the search index: %w", err)
		}
		if err := os.RemoveAll(src); err != nil {
			return fmt.Errorf("keeping the search index: %w", err)
		}
	} else if err != nil {
		return fmt.Errorf("keeping the search index: %w", err)
	}
	err := publish.Replace(staged, dst)
	os.Remove(filepath.Dir(src)) // the output's .intkb/, if nothing else is in it
	if err != nil {
		return fmt.Errorf("keeping the search index: %w", err)
	}
	return nil
}

// copyTree copies the folder src, which holds only folders and regular
// files, to dst, leaving out the files skip reports (if set) and linking
// those link reports (if set) where the file system can; rel is a path
// under src.
func copyTree(src, dst string, skip, link func(rel string) bool) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case !d.Type().IsRegular():
			return fmt.Errorf("%s is not a regular file", p)
		case skip != nil && skip(rel):
			return nil
		case link != nil && link(rel) && os.Link(p, to) == nil:
			return nil
		}
		return copyFile(p, to)
	})
}

// copyFile copies the regular file src to dst, which must not exist.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
