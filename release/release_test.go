package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"debug/buildinfo"
	"debug/dwarf"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"intkb/deploy"
)

// TestReleaseIsReproducible cross-compiles every target twice, once
// in the test and once with the command the README gives ("go run
// ./release -out DIR"), and checks that the two SHA256SUMS are the same
// byte for byte, that sha256sum accepts the second, as a facilitator
// checking a download on Linux would run it, and what each archive
// holds. It is the check CI makes on every run that all six binaries
// build; it takes a minute or two once the build cache is warm, five on
// a new machine.
func TestReleaseIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles six binaries twice")
	}
	ctx := context.Background()
	root, err := moduleRoot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "") // the commit's time
	var sums [2]string
	dirs := [2]string{filepath.Join(t.TempDir(), "dist"), filepath.Join(t.TempDir(), "dist")}
	if sums[0], err = release(ctx, root, dirs[0], Targets); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, "go", "run", "./release", "-out", dirs[1])
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./release -out: %v\n%s", err, b)
	}
	for i, dir := range dirs {
		written, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
		if err != nil || i == 0 && string(written) != sums[0] {
			t.Fatalf("SHA256SUMS is %q (%v), want %q", written, err, sums[0])
		}
		sums[i] = string(written)
	}
	if sums[0] != sums[1] {
		t.Fatalf("two releases of one commit differ:\n%s\n%s", sums[0], sums[1])
	}
	if sha, err := exec.LookPath("sha256sum"); err == nil {
		check := exec.CommandContext(ctx, sha, "-c", "SHA256SUMS")
		check.Dir = dirs[1]
		if b, err := check.CombinedOutput(); err != nil || strings.Count(string(b), ": OK") != len(Targets) {
			t.Errorf("sha256sum -c SHA256SUMS: %v\n%s", err, b)
		}
	}
	line := regexp.MustCompile(`^[0-9a-f]{64}  (intkb_[^_]+_(windows|darwin|linux)_(amd64|arm64)\.(zip|tar\.gz))$`)
	lines := strings.Split(strings.TrimSuffix(sums[0], "\n"), "\n")
	if len(lines) != len(Targets) {
		t.Fatalf("SHA256SUMS has %d lines, want %d:\n%s", len(lines), len(Targets), sums[0])
	}
	var built []string
	for _, l := range lines {
		m := line.FindStringSubmatch(l)
		if m == nil || (m[2] == "windows") != (m[4] == "zip") {
			t.Errorf("SHA256SUMS line %q", l)
			continue
		}
		built = append(built, m[2]+"/"+m[3])
		checkArchive(t, root, filepath.Join(dirs[0], m[1]), m[2], m[3])
	}
	if !slices.Equal(slices.Sorted(slices.Values(built)), slices.Sorted(slices.Values(Targets))) {
		t.Errorf("built %v, want %v", built, Targets)
	}
}

// checkArchive opens one archive and checks its files, their modes and
// dates, and the binary's build information; the binary for this machine
// is run.
func checkArchive(t *testing.T, root, file, goos, goarch string) {
	t.Helper()
	files, err := readArchive(file)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	folder := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(file), ".zip"), ".tar.gz")
	want := []string{binaryName(goos), "LICENCES.txt", "README.md"}
	fs.WalkDir(deploy.Recipes, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			want = append(want, "deploy/"+p)
		}
		return err
	})
	slices.Sort(want)
	var names []string
	var date time.Time
	for _, f := range files {
		rel, ok := strings.CutPrefix(f.name, folder+"/")
		if !ok {
			t.Errorf("%s: %s is not in the folder %s", file, f.name, folder)
		}
		names = append(names, rel)
		if wantMode := fs.FileMode(0o644) | map[bool]fs.FileMode{true: 0o111}[rel == binaryName(goos)]; f.mode != wantMode {
			t.Errorf("%s: %s has mode %v, want %v", file, rel, f.mode, wantMode)
		}
		if date.IsZero() {
			date = f.date
		} else if !f.date.Equal(date) {
			t.Errorf("%s: %s is dated %v, another file %v", file, rel, f.date, date)
		}
	}
	slices.Sort(names)
	if !slices.Equal(names, want) {
		t.Errorf("%s holds %v, want %v", file, names, want)
	}
	bin := files[slices.IndexFunc(files, func(f archivedFile) bool { return path.Base(f.name) == binaryName(goos) })]
	checkBuildInfo(t, file, bin.data, goos, goarch)
	licences := files[slices.IndexFunc(files, func(f archivedFile) bool { return path.Base(f.name) == "LICENCES.txt" })]
	for _, module := range []string{"==== Go go1.", "==== github.com/blevesearch/bleve/v2 ", "==== github.com/yuin/goldmark ", "Apache License", "MIT License"} {
		if !bytes.Contains(licences.data, []byte(module)) {
			t.Errorf("%s: LICENCES.txt lacks %q", file, module)
		}
	}
	if goos == runtime.GOOS && goarch == runtime.GOARCH {
		runVersion(t, root, bin.data)
	}
}

// checkBuildInfo checks that the binary was built for its target with
// the release's flags.
func checkBuildInfo(t *testing.T, file string, bin []byte, goos, goarch string) {
	t.Helper()
	info, err := buildinfo.Read(bytes.NewReader(bin))
	if err != nil {
		t.Fatalf("%s: the binary's build information: %v", file, err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	// Go records no -ldflags with -trimpath: the binary shows them.
	for key, want := range map[string]string{"GOOS": goos, "GOARCH": goarch, "CGO_ENABLED": "0", "-trimpath": "true"} {
		if settings[key] != want {
			t.Errorf("%s: the binary was built with %s=%q, want %q", file, key, settings[key], want)
		}
	}
	if info.Path != "intkb/cmd/intkb" {
		t.Errorf("%s: the binary is %s", file, info.Path)
	}
	if err := stripped(bin, goos); err != nil {
		t.Errorf("%s: built without -ldflags \"-s -w\": %v", file, err)
	}
}

// stripped returns an error unless bin, an executable for goos, holds no
// debugging information (-w) and, for ELF, no symbol table (-s).
func stripped(bin []byte, goos string) error {
	r := bytes.NewReader(bin)
	var dwarf func() (*dwarf.Data, error)
	switch goos {
	case "linux":
		f, err := elf.NewFile(r)
		if err != nil {
			return err
		}
		if _, err := f.Symbols(); !errors.Is(err, elf.ErrNoSymbols) {
			return fmt.Errorf("it has a symbol table (%v)", err)
		}
		dwarf = f.DWARF
	case "darwin":
		f, err := macho.NewFile(r)
		if err != nil {
			return err
		}
		dwarf = f.DWARF
	case "windows":
		f, err := pe.NewFile(r)
		if err != nil {
			return err
		}
		dwarf = f.DWARF
	}
	if _, err := dwarf(); err == nil {
		return errors.New("it has DWARF debugging information")
	}
	return nil
}

// runVersion runs the binary built for this machine: "intkb version"
// names the commit when the checkout is a git clone (a worktree's .git
// is a file, which gives Go no version control information).
func runVersion(t *testing.T, root string, bin []byte) {
	t.Helper()
	exe := filepath.Join(t.TempDir(), "intkb")
	if err := os.WriteFile(exe, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(exe, "version").Output()
	if err != nil || !strings.Contains(string(out), "built with go") {
		t.Fatalf("intkb version: %v\n%s", err, out)
	}
	if fi, err := os.Stat(filepath.Join(root, ".git")); err != nil || !fi.IsDir() {
		t.Logf("not a git clone, so no commit to check: %s", out)
		return
	}
	head, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "\ncommit "+strings.TrimSpace(string(head))) || strings.HasPrefix(string(out), "intkb development build") {
		t.Errorf("intkb version of a release does not name commit %s:\n%s", head, out)
	}
}

// An archivedFile is one file read back from an archive.
type archivedFile struct {
	name string
	mode fs.FileMode
	date time.Time
	data []byte
}

// readArchive reads every file of a .zip or .tar.gz.
func readArchive(file string) ([]archivedFile, error) {
	var out []archivedFile
	if strings.HasSuffix(file, ".zip") {
		zr, err := zip.OpenReader(file)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return nil, err
			}
			out = append(out, archivedFile{f.Name, f.Mode().Perm(), f.Modified.UTC(), data})
		}
		return out, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if hdr.Uid != 0 || hdr.Gid != 0 || hdr.Uname != "" || hdr.Gname != "" {
			return nil, &fs.PathError{Op: "owner", Path: hdr.Name, Err: fs.ErrInvalid}
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		out = append(out, archivedFile{hdr.Name, hdr.FileInfo().Mode().Perm(), hdr.ModTime.UTC(), data})
	}
}
