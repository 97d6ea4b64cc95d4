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
	return root.FS(), func() { root.Close() }, nil
}

// openSite opens the site folder and reads its settings, as build and
// serve both need before building.
func openSite(dir string) (fs.FS, *builder.Config, func(), error) {
	src, closeSrc, err := openSource(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	cfg, err := siteConfig(dir)
	if err != nil {
		closeSrc()
		return nil, nil, nil, err
	}
	return src, cfg, closeSrc, nil
}

// siteConfig reads site.toml from the site folder, for the commands that
// need a setting before building.
func siteConfig(dir string) (*builder.Config, error) {
	data, err := builder.ReadSourceFile(os.DirFS(dir), "site.toml")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &builder.Error{File: filepath.Join(dir, "site.toml"), Msg: "not found: point --source at a site's folder, or make one with \"intkb new site DIR\""}
		}
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			return nil, &builder.Error{File: filepath.Join(dir, "site.toml"), Msg: "cannot read: " + pe.Err.Error()}
		}
		return nil, err
	}
	return builder.ParseConfig("site.toml", data)
}

// summary describes a finished build in one line.
func summary(res *builder.Result) string {
	var parts []string
	for _, s := range builder.Sections {
		if n := res.ByType[s.Type]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(map[bool]string{true: s.Single, false: s.Title}[n == 1])))
		}
	}
	if n := res.ByType[builder.TypePage]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, "other page", "other pages")))
	}
	return fmt.Sprintf("%d pages (%s), %d files, %.1f MB in %s", len(res.Pages), strings.Join(parts, ", "), res.Files, float64(res.Bytes)/1e6, res.Duration.Round(time.Millisecond))
}
