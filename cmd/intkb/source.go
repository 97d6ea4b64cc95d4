package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"intkb/builder"
	"intkb/builder/model"
)

// openSource opens the site folder as a file system that refuses paths
// and symbolic links leading out of it.
func openSource(dir string) (fs.FS, func(), error) {
	info, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, usageError{fmt.Sprintf("--source %s: no such folder", dir)}
		}
		return nil, nil, err
	}
	if !info.IsDir() {
		return nil, nil, usageError{fmt.Sprintf("--source %s: not a folder", dir)}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	return builder.RootFS(root), func() { root.Close() }, nil
}

// openSite opens the site folder and reads its settings through it, as
// build and serve both need before building. The settings go to the
// builder in Options.Config, so site.toml is read once.
func openSite(dir string) (fs.FS, *model.Config, func(), error) {
	src, closeSrc, err := openSource(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	cfg, err := builder.LoadConfig(src)
	if err != nil {
		closeSrc()
		return nil, nil, nil, nameSiteToml(dir, err)
	}
	return src, cfg, closeSrc, nil
}

// siteConfig reads site.toml from the site folder, for the commands that
// need a setting but do not build.
func siteConfig(dir string) (*model.Config, error) {
	_, cfg, closeSrc, err := openSite(dir)
	if err != nil {
		return nil, err
	}
	closeSrc()
	return cfg, nil
}

// nameSiteToml puts the site folder in front of site.toml in an error
// that it is missing or cannot be read, which is a mistake in --source.
func nameSiteToml(dir string, err error) error {
	var e *model.Error
	if errors.As(err, &e) && e.File == "site.toml" && e.Line == 0 {
		return &model.Error{File: filepath.Join(dir, "site.toml"), Msg: e.Msg}
	}
	return err
}

// summary describes a finished build in one line.
func summary(res *builder.Result) string {
	var parts []string
	for _, s := range model.Sections {
		if n := res.ByType[s.Type]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(map[bool]string{true: s.Single, false: s.Title}[n == 1])))
		}
	}
	if n := res.ByType[model.TypePage]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, "other page", "other pages")))
	}
	pages := 0
	for _, n := range res.ByType {
		pages += n
	}
	return fmt.Sprintf("%d pages (%s), %d files, %.1f MB in %s", pages, strings.Join(parts, ", "), res.Files, float64(res.Bytes)/1e6, res.Duration.Round(time.Millisecond))
}

// mostDraftsNamed is how many drafts draftsNote names: enough to find a
// page left out by mistake, few enough to read on one screen.
const mostDraftsNamed = 10

// draftsNote returns a line naming the drafts a build left out, the
// first mostDraftsNamed of them by file, or "" when there are none.
func draftsNote(drafts []string) string {
	if len(drafts) == 0 {
		return ""
	}
	named := strings.Join(drafts[:min(len(drafts), mostDraftsNamed)], ", ")
	if more := len(drafts) - mostDraftsNamed; more > 0 {
		named += fmt.Sprintf(" and %d more", more)
	}
	return fmt.Sprintf("%d %s not published: %s; use --drafts to preview %s", len(drafts), plural(len(drafts), "draft", "drafts"), named, plural(len(drafts), "it", "them"))
}
