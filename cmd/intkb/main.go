// Command intkb builds, checks and serves an Integrated Neighbourhood Team
// knowledge base: Markdown pages with TOML front matter in, a static site
// out. Run "intkb help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"intkb/builder/model"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl+C or SIGTERM asks the command to stop cleanly; a
	// second one, once this has run, ends the program at once.
	context.AfterFunc(ctx, stop)
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr}
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main is the program, with its output streams, so tests can run it.
type Main struct {
	Stdout, Stderr io.Writer
	// Now is the time check and build judge review dates against and
	// stamp their files with; zero means SOURCE_DATE_EPOCH's (see now),
	// or the time they run.
	Now time.Time
}

// now returns the time check and build run as of: Main.Now when set;
// otherwise, when the environment sets SOURCE_DATE_EPOCH (the convention
// of reproducible builds: seconds since 1970-01-01 UTC), that time, so
// that two builds of the same site write the same files; otherwise zero,
// for the time of the build.
func (m *Main) now() (time.Time, error) {
	if !m.Now.IsZero() {
		return m.Now, nil
	}
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > maxEpoch {
		return time.Time{}, usageError{fmt.Sprintf("SOURCE_DATE_EPOCH is %q, not a whole number of seconds since 1970-01-01 UTC: correct it, or unset it to build as of now", v)}
	}
	return time.Unix(n, 0).UTC(), nil
}

// maxEpoch is the last second of the year 9999, the last a date in front
// matter can name.
const maxEpoch = 253402300799

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1 // content or build errors
	exitUsage   = 2 // the command line is wrong
)

// usageError is a mistake on the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// command is one subcommand.
type command interface {
	Run(ctx context.Context, args []string) error
}

// Run runs the subcommand named by args[0] and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		m.usage(m.Stderr)
		return exitUsage
	}
	var cmd command
	switch args[0] {
	case "build":
		cmd = &buildCommand{m: m}
	case "serve":
		cmd = &serveCommand{m: m}
	case "check":
		cmd = &checkCommand{m: m}
	case "new":
		cmd = &newCommand{m: m}
	case "search":
		cmd = &searchCommand{m: m}
	case "health":
		cmd = &healthCommand{m: m}
	case "version":
		if len(args) > 1 {
			return m.report(usageError{"version takes no arguments"})
		}
		fmt.Fprint(m.Stdout, versionText(debug.ReadBuildInfo()))
		return exitOK
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[1] != "help" {
			return m.Run(ctx, []string{args[1], "-h"})
		}
		m.usage(m.Stdout)
		return exitOK
	default:
		fmt.Fprintf(m.Stderr, "intkb: unknown command %q\n\n", args[0])
		m.usage(m.Stderr)
		return exitUsage
	}
	err := cmd.Run(ctx, args[1:])
	return m.report(err)
}

// report prints err and returns its exit code. A mistake in the TOML
// itself is followed by its line, with a caret under the problem.
func (m *Main) report(err error) int {
	var ue usageError
	var list model.ErrorList
	var one *model.Error
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(m.Stderr, "intkb: %s\n", ue.msg)
		return exitUsage
	case errors.As(err, &list):
		for _, e := range list {
			fmt.Fprintln(m.Stderr, model.Explain(e))
		}
		fmt.Fprintf(m.Stderr, "%d %s found: nothing was published.\n", len(list), plural(len(list), "problem", "problems"))
		return exitContent
	case errors.As(err, &one):
		fmt.Fprintln(m.Stderr, model.Explain(one))
		return exitContent
	default:
		fmt.Fprintf(m.Stderr, "intkb: %s\n", err)
		return exitContent
	}
}

func (m *Main) usage(w io.Writer) {
	fmt.Fprint(w, `intkb builds a knowledge base for Integrated Neighbourhood Teams from
Markdown pages with TOML front matter.

Usage:

	intkb <command> [arguments]

Commands:

	build     build the site into its publish folder
	serve     build the site and serve it on this machine
	check     check every page and report all problems
	new       make a new page or a new site
	search    search the built site from the terminal
	health    check that a running intkb serve answers, for containers
	version   print intkb's version, commit and date
	help      show this help, or a command's: intkb help build

Exit status is 0 on success, 1 for problems in the content or the build,
and 2 for a mistake on the command line.
`)
}

// newFlagSet returns a flag set that reports errors as usage errors and
// prints its usage text on -h.
func (m *Main) newFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("intkb "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprint(m.Stdout, usage)
		fmt.Fprintln(m.Stdout, "\nOptions:")
		fs.SetOutput(m.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return flag.ErrHelp // Parse has printed the usage
		}
		return usageError{fmt.Sprintf("%s: %s (see %s -h)", fs.Name(), err, fs.Name())}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
