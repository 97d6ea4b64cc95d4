package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"debug/buildinfo"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// moduleRoot returns the top folder of the module being released.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := goCommand(ctx, "", nil, "list", "-m", "-f", "{{.Dir}}")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(out), nil
}

// goCommand runs the go command in dir with env added to this process's
// environment, and returns what it printed.
func goCommand(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// buildBinary builds intkb for target (GOOS/GOARCH) into file.
func buildBinary(ctx context.Context, root, target, file string) error {
	goos, goarch, _ := strings.Cut(target, "/")
	args := append([]string{"build"}, BuildFlags...)
	args = append(args, "-o", file, mainPackage)
	_, err := goCommand(ctx, root, []string{"CGO_ENABLED=0", "GOOS=" + goos, "GOARCH=" + goarch}, args...)
	return err
}

// release builds every target into a new folder dir and returns the
// text of its SHA256SUMS.
func release(ctx context.Context, root, dir string, targets []string) (string, error) {
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return "", err
	}
	var archives []string
	for _, target := range targets {
		goos, goarch, _ := strings.Cut(target, "/")
		file := filepath.Join(bin, goos+"_"+goarch, binaryName(goos))
		if err := buildBinary(ctx, root, target, file); err != nil {
			return "", err
		}
		name, err := packBinary(ctx, root, dir, file, goos, goarch)
		if err != nil {
			return "", err
		}
		archives = append(archives, name)
	}
	if err := os.RemoveAll(bin); err != nil {
		return "", err
	}
	return writeSums(dir, archives)
}

// binaryName is the file name of intkb on goos.
func binaryName(goos string) string {
	if goos == "windows" {
		return "intkb.exe"
	}
	return "intkb"
}

// packBinary packs the binary file, built for goos/goarch, into an
// archive in dir and returns the archive's name.
func packBinary(ctx context.Context, root, dir, file, goos, goarch string) (string, error) {
	info, err := buildinfo.ReadFile(file)
	if err != nil {
		return "", err
	}
	version := info.Main.Version
	if version == "" || version == "(devel)" {
		version = "devel"
	}
	date, err := sourceDate(ctx, root, info)
	if err != nil {
		return "", err
	}
	files, err := archiveFiles(ctx, root, file, binaryName(goos), info)
	if err != nil {
		return "", err
	}
	folder := fmt.Sprintf("intkb_%s_%s_%s", version, goos, goarch)
	name := folder + ".tar.gz"
	write := writeTarGz
	if goos == "windows" {
		name, write = folder+".zip", writeZip
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return "", err
	}
	if err := write(f, folder, date, files); err != nil {
		f.Close()
		return "", err
	}
	return name, f.Close()
}

// sourceDate returns the time every file of an archive is dated:
// SOURCE_DATE_EPOCH if set, else the commit's time from the build
// information, else the latest commit's time from git (a git worktree,
// whose .git is a file, gives Go no version control information).
func sourceDate(ctx context.Context, root string, info *buildinfo.BuildInfo) (time.Time, error) {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.time" {
			return time.Parse(time.RFC3339, s.Value)
		}
	}
	cmd := exec.CommandContext(ctx, "git", "log", "-1", "--format=%ct")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return time.Time{}, fmt.Errorf("no date for the archives: set SOURCE_DATE_EPOCH, or build from a git clone (%v)", err)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("git log gave %q, not a time", out)
	}
	return time.Unix(n, 0).UTC(), nil
}

// writeSums writes dir/SHA256SUMS for the archives, sorted by name, and
// returns its text.
func writeSums(dir string, archives []string) (string, error) {
	sort.Strings(archives)
	var b strings.Builder
	for _, name := range archives {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%x  %s\n", sha256.Sum256(data), name)
	}
	return b.String(), os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(b.String()), 0o644)
}
