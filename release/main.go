// Command release builds intkb's prebuilt binaries, the same bytes each
// time from the same commit and Go toolchain:
//
//	go run ./release                  # every target, into dist/
//	go run ./release -out DIR -targets linux/amd64,windows/arm64
//	go run ./release -binary FILE     # one binary for this machine, as the Dockerfile builds it
//
// For each target (Windows, macOS and Linux, each on amd64 and arm64) it
// runs go build with CGO_ENABLED=0, so that the binary needs no C
// library, -trimpath, so that no folder of the machine that built it is
// in it, -buildvcs=true, so that "intkb version" reports the commit from
// the build information, and -ldflags "-s -w", which leaves out the
// symbol table and debugging information (a third of the size). It then
// packs the binary with README.md, LICENCES.txt (the licences of Go and
// of every module linked in, which each of them asks to be passed on)
// and the publishing recipes of deploy/ into a folder named
// intkb_VERSION_OS_ARCH, as a .zip for Windows and a .tar.gz for the
// others, and writes SHA256SUMS, one line an archive, as sha256sum
// -c and certutil read it.
//
// VERSION is the module version the Go toolchain gives the build: the
// tag of the commit, such as v1.2.0, or a pseudo-version such as
// v0.0.0-20261204121552-a4c15a32c334 (with +dirty for uncommitted
// changes), or "devel" without version control information. Every file
// in an archive is dated SOURCE_DATE_EPOCH when it is set (seconds since
// 1970, as reproducible-builds.org defines it), or else the commit's time,
// and archives hold no owner, so the same commit gives the same
// archives: release_test.go builds twice and compares SHA256SUMS.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
)

// Targets are the platforms a release is built for, as GOOS/GOARCH.
var Targets = []string{"windows/amd64", "windows/arm64", "darwin/arm64", "darwin/amd64", "linux/amd64", "linux/arm64"}

// BuildFlags are the go build flags of every release binary, after
// "go build" (see the package doc).
var BuildFlags = []string{"-trimpath", "-buildvcs=true", "-ldflags=-s -w"}

// mainPackage is the package built, from the module's top folder.
const mainPackage = "./cmd/intkb"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:])
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	default:
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	flags := flag.NewFlagSet("release", flag.ContinueOnError)
	out := flags.String("out", "dist", "the `folder` to write the archives and SHA256SUMS into; it is emptied first")
	targets := flags.String("targets", strings.Join(Targets, ","), "the `platforms` to build, as GOOS/GOARCH separated by commas")
	binary := flags.String("binary", "", "build only the binary for the one target of -targets (default: this machine's) into `file`, without an archive")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("release takes no arguments, but was given %q", flags.Arg(0))
	}
	root, err := moduleRoot(ctx)
	if err != nil {
		return err
	}
	if *binary != "" {
		target := runtime.GOOS + "/" + runtime.GOARCH
		if isSet(flags, "targets") {
			target = *targets
		}
		if err := checkTargets([]string{target}); err != nil {
			return err
		}
		abs, err := filepath.Abs(*binary)
		if err != nil {
			return err
		}
		return buildBinary(ctx, root, target, abs)
	}
	list := strings.Split(*targets, ",")
	if err := checkTargets(list); err != nil {
		return err
	}
	dir, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	sums, err := release(ctx, root, dir, list)
	if err != nil {
		return err
	}
	fmt.Print(sums)
	return nil
}

// isSet reports whether the flag name was given on the command line.
func isSet(flags *flag.FlagSet, name string) bool {
	set := false
	flags.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// checkTargets refuses a target that is not one of Targets.
func checkTargets(list []string) error {
	for _, t := range list {
		ok := false
		for _, known := range Targets {
			ok = ok || t == known
		}
		if !ok {
			return fmt.Errorf("-targets: %q is not one of %s", t, strings.Join(Targets, ", "))
		}
	}
	return nil
}
