package main

import (
	"archive/tar"
	"archive/zip"
	"compress/flate"
	"compress/gzip"
	"context"
	"debug/buildinfo"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"intkb/deploy"
)

// An archiveFile is one file of a release archive.
type archiveFile struct {
	name string // inside the archive's folder, with / between folders
	data []byte
	exec bool
}

// archiveFiles returns what an archive holds besides its folder: the
// binary, named name, README.md, LICENCES.txt and the recipes of deploy/,
// sorted by name.
func archiveFiles(ctx context.Context, root, binary, name string, info *buildinfo.BuildInfo) ([]archiveFile, error) {
	bin, err := os.ReadFile(binary)
	if err != nil {
		return nil, err
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		return nil, err
	}
	licences, err := licenceText(ctx, root, info)
	if err != nil {
		return nil, err
	}
	files := []archiveFile{{name, bin, true}, {"README.md", readme, false}, {"LICENCES.txt", licences, false}}
	err = fs.WalkDir(deploy.Recipes, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(deploy.Recipes, p)
		files = append(files, archiveFile{"deploy/" + p, data, false})
		return err
	})
	sort.Slice(files, func(i, j int) bool { return files[i].name < files[j].name })
	return files, err
}

// licenceText returns the licences of what the binary holds: the
// project's own LICENSE or LICENCE file if it has one, Go's (its
// runtime and standard library are linked in), then each module's, in
// the order of the build information, which lists every module linked.
func licenceText(ctx context.Context, root string, info *buildinfo.BuildInfo) ([]byte, error) {
	var b strings.Builder
	b.WriteString("intkb is built from the modules below; each one's licence asks that its text go with the binary.\n")
	for _, own := range []string{"LICENSE", "LICENCE", "LICENSE.md", "LICENCE.md"} {
		if data, err := os.ReadFile(filepath.Join(root, own)); err == nil {
			fmt.Fprintf(&b, "\n==== intkb ====\n\n%s", data)
			break
		}
	}
	goroot, err := goCommand(ctx, root, nil, "env", "GOROOT")
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(goroot), "LICENSE"))
	if err != nil {
		return nil, fmt.Errorf("the Go licence: %w", err)
	}
	fmt.Fprintf(&b, "\n==== Go %s (runtime and standard library) ====\n\n%s", info.GoVersion, data)
	for _, dep := range info.Deps {
		dep := dep
		if dep.Replace != nil {
			dep = dep.Replace
		}
		dir, err := goCommand(ctx, root, nil, "list", "-m", "-f", "{{.Dir}}", dep.Path+"@"+dep.Version)
		if err != nil {
			return nil, err
		}
		text, err := moduleLicences(strings.TrimSpace(dir))
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", dep.Path, dep.Version, err)
		}
		fmt.Fprintf(&b, "\n==== %s %s ====\n\n%s", dep.Path, dep.Version, text)
	}
	return []byte(b.String()), nil
}

// moduleLicences returns the licence and notice files at the top of a
// module's folder, which every module linked in has.
func moduleLicences(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, e := range entries {
		upper := strings.ToUpper(e.Name())
		if e.IsDir() || !(strings.HasPrefix(upper, "LICEN") || strings.HasPrefix(upper, "COPYING") || strings.HasPrefix(upper, "NOTICE")) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return "", err
		}
		b.Write(data)
	}
	if b.Len() == 0 {
		return "", fmt.Errorf("no licence file in %s", dir)
	}
	return b.String(), nil
}

// writeTarGz writes files into w as a gzipped tar under folder, each
// dated date, owned by no one, with fixed modes.
func writeTarGz(w io.Writer, folder string, date time.Time, files []archiveFile) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	for _, f := range files {
		mode := int64(0o644)
		if f.exec {
			mode = 0o755
		}
		hdr := &tar.Header{Typeflag: tar.TypeReg, Name: path.Join(folder, f.name), Mode: mode, Size: int64(len(f.data)), ModTime: date, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := tw.Write(f.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// writeZip writes files into w as a zip under folder, each dated date,
// with fixed modes.
func writeZip(w io.Writer, folder string, date time.Time, files []archiveFile) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	for _, f := range files {
		hdr := &zip.FileHeader{Name: path.Join(folder, f.name), Method: zip.Deflate, Modified: date}
		mode := fs.FileMode(0o644)
		if f.exec {
			mode = 0o755
		}
		hdr.SetMode(mode)
		fw, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.data); err != nil {
			return err
		}
	}
	return zw.Close()
}
