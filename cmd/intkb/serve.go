package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"intkb/builder"
	"intkb/builder/model"
	"intkb/internal/server"
	"intkb/internal/watch"
	"intkb/internal/workdir"
	"intkb/search"
)

const serveUsage = `Usage: intkb serve [--source DIR] [--addr HOST:PORT] [--base-url URL] [--no-watch] [--drafts]

Serve builds the site into a temporary folder (your publish folder is not
touched) and serves it at http://HOST:PORT/, with search. Stop it with
Ctrl+C.

While it runs it watches content/, layouts/, static/ and site.toml, and
the files the imports are read from (the list file of sources, and each
import that is a file): a saved change rebuilds what it touches and open
pages reload themselves.
An authoring mistake shows in the browser, naming the file and line,
while the last good site is kept. Use --no-watch to serve a finished site.

On a loopback address (the default) it answers only requests addressed
to localhost or a loopback address, so that no other web site can read
your drafts through DNS rebinding. On any other address, such as
0.0.0.0:1313, it answers every name. Only so many open pages are told of
changes at once (see the README); others must be reloaded by hand.

Behind a reverse proxy, give --base-url the address readers use, such as
https://example.org/neighbourhoods/: links, feeds and the open data then
name it, the site is served under its path, and the build is checked as
"intkb build" checks a site it publishes.
`

type serveCommand struct{ m *Main }

// serveFlags is what serve's command line asks for.
type serveFlags struct {
	source, addr, baseURL string
	noWatch, drafts       bool
	cpuProfile            string
}

// parseFlags reads and checks serve's command line.
func (c *serveCommand) parseFlags(args []string) (*serveFlags, error) {
	f := &serveFlags{}
	flags := c.m.newFlagSet("serve", serveUsage)
	flags.StringVar(&f.source, "source", ".", "the site's `folder`")
	flags.StringVar(&f.addr, "addr", builder.PreviewAddr, "the `address` to listen on")
	flags.BoolVar(&f.noWatch, "no-watch", false, "do not watch the files for changes")
	flags.BoolVar(&f.drafts, "drafts", false, "include pages whose status is draft")
	flags.StringVar(&f.baseURL, "base-url", "", "the `URL` readers reach the site at, such as behind a reverse proxy (default: the address it listens on)")
	flags.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of serving, from the build's end until serve stops, to `file`, for diagnosing slow searches")
	if err := parseFlags(flags, args); err != nil {
		return nil, err
	}
	if flags.NArg() > 0 {
		return nil, usageError{fmt.Sprintf("serve takes no arguments, but was given %q (see intkb serve -h)", flags.Arg(0))}
	}
	if _, _, err := net.SplitHostPort(f.addr); err != nil {
		return nil, usageError{fmt.Sprintf("--addr %q: %v: write it as HOST:PORT, such as %s", f.addr, err, builder.PreviewAddr)}
	}
	if f.baseURL != "" {
		if err := model.BaseURLProblem(f.baseURL); err != nil {
			return nil, usageError{fmt.Sprintf("--base-url %q %v", f.baseURL, err)}
		}
	}
	return f, nil
}

func (c *serveCommand) Run(ctx context.Context, args []string) error {
	f, err := c.parseFlags(args)
	if err != nil {
		return err
	}
	src, cfg, closeSrc, err := openSite(f.source)
	if err != nil {
		return err
	}
	defer closeSrc()
	if f.baseURL != "" {
		cfg = new(*cfg)
		cfg.BaseURL = f.baseURL
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", f.addr, err)
	}
	defer ln.Close()
	local := "http://" + ln.Addr().String() + cfg.BasePath()
	// Without --base-url the site is a preview on this machine, at the
	// address it listens on, which the publishing checks expect.
	base, previewing := f.baseURL, f.baseURL == ""
	if previewing {
		base = local
	}

	tmp, err := serveFolder()
	if err != nil {
		return err
	}
	defer workdir.RemoveAll(tmp.Path)
	defer tmp.Release()
	out := filepath.Join(tmp.Path, "site")
	opts := builder.Options{Source: src, Dir: f.source, StateDir: filepath.Join(f.source, builder.StateFolder), Config: cfg, Dest: out, BaseURL: base, Drafts: f.drafts, Preview: previewing, NewIndex: search.NewWriter}
	res, err := builder.BuildContext(ctx, opts)
	if errors.Is(err, builder.ErrStopped) {
		return nil
	}
	if err != nil {
		return err
	}
	printWarnings(c.m.Stderr, res.Warnings)
	fmt.Fprintf(c.m.Stdout, "Built %s\n", summary(res))
	if note := draftsNote(res.Drafts); note != "" {
		fmt.Fprintln(c.m.Stdout, note)
	}
	// The build's garbage, and the pages' text, are most of the heap:
	// drop them now, so that the server runs with a small heap and short
	// collections.
	res.Site.ReleaseText()
	debug.FreeOSMemory()
	idx, err := search.Open(out)
	if err != nil {
		return err
	}
	idx.WarmPhrases()
	var index search.Holder
	index.Swap(idx)
	defer index.Swap(nil)

	site, err := c.newSite(out, cfg.BasePath(), &index, res)
	if err != nil {
		return err
	}
	defer site.Close()
	if f.cpuProfile != "" {
		stop, err := startCPUProfile(f.cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if !f.noWatch {
		w, err := watch.New(f.source)
		if err != nil {
			return fmt.Errorf("watching %s: %w", f.source, err)
		}
		defer w.Close()
		reload := server.NewReloader()
		site.Reload(reload)
		p := &preview{out: c.m.Stdout, errs: c.m.Stderr, live: builder.NewLive(opts, res), site: site, reload: reload, index: &index, dir: out}
		go p.follow(ctx, w)
		defer reload.Close()
	}
	return c.listen(ctx, ln, site, local)
}

// newSite serves out, the site res built, under basePath, with the
// handlers that answer at request time.
func (c *serveCommand) newSite(out, basePath string, index *search.Holder, res *builder.Result) (*server.Site, error) {
	site, err := server.New(out, basePath)
	if err != nil {
		return nil, err
	}
	site.ErrorLog = func(format string, args ...any) { fmt.Fprintf(c.m.Stderr, format+"\n", args...) }
	site.Handle("search", server.SearchPageHandler(index, res.Site))
	site.Handle("api/search", server.SearchAPIHandler(index, basePath))
	site.Handle("compare", server.CompareHandler(res.Site, site.ErrorLog))
	return site, nil
}

// listen serves site on ln until ctx is done, then stops gracefully:
// requests still running after 5 s are cut short.
func (c *serveCommand) listen(ctx context.Context, ln net.Listener, site *server.Site, base string) error {
	srv := server.NewHTTPServer(ln.Addr().String(), server.LoopbackOnly(ln.Addr(), site))
	srv.RegisterOnShutdown(site.CloseStreams)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(c.m.Stdout, "Serving at %s (press Ctrl+C to stop)\n", base)
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// Requests still running after the grace period are cut short:
		// stopping was asked for.
		srv.Close()
		fmt.Fprintln(c.m.Stderr, "Stopped, cutting short requests still running after 5 s.")
		return nil
	}
	fmt.Fprintln(c.m.Stdout, "Stopped.")
	return nil
}

// serveFolder makes the temporary folder that serve builds into, after
// removing those that earlier runs of serve left when they were killed.
func serveFolder() (*workdir.Dir, error) {
	const prefix, claim = "intkb-serve-", ".intkb-serve"
	workdir.Reclaim(os.TempDir(), prefix, claim) // best effort: a leftover only costs disk
	return workdir.Create(os.TempDir(), prefix, claim, []byte("A folder intkb serve builds into, removed when it stops.\n"))
}
