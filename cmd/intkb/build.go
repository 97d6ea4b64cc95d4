package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"intkb/builder"
	"intkb/builder/model"
	"intkb/builder/publish"
	"intkb/search"
)

const buildUsage = `Usage: intkb build [--source DIR] [--dest DIR] [--base-url URL] [--drafts] [--strict] [--offline] [--zip] [--export-search FILE] [--clean]

Build reads the site in DIR (site.toml, content/, and optional layouts/
and static/) and writes the finished site to its publish folder. The
folder is replaced only when the whole build succeeds; otherwise the
previous site is left as it was and every problem is listed. Warnings,
such as an [[import]] that cannot be read, are printed and the build goes
on; with --strict they fail it. When pages are past their review date,
it says how many in one line, and "intkb check" lists them; they never
fail a build, even with --strict.

Two search indexes are written. search/index/, in the site, is for the
search page on static hosting: copy it with the rest, and the page
searches in the browser, fetching only what each query needs. Its files
are compressed already (.json.gz): a web server sends them as they are. The Bleve
index, for "intkb search", is kept in the site's own .intkb/ folder, out
of what is published ("intkb serve" writes its own).

With --export-search FILE the same search documents are written to FILE
too, in the bulk format of OpenSearch and Elasticsearch (NDJSON), for an
existing search engine: one for each page and imported blueprint, with
its absolute URL. "go doc intkb/search.Export" describes the fields.

With --offline the site is written to be opened from a folder, with no
web server: on a shared drive, in SharePoint or unzipped from an email.
Every link names its file (../playbooks/x/index.html), and search reads
its index from scripts, which a browser loads from a folder where it will
not fetch files. Such a copy works on a web server too, with index.html
in its addresses. It keeps no Bleve index: "intkb search" needs an
ordinary build.

With --zip the offline copy is also written as one zip file beside the
publish folder, named after the site's title, to send as one attachment:
unzipped, it is a folder whose index.html is the home page.

When nothing has changed since the last build (no file in the site's
folder, no option, not the commit git is at, not what any [[import]]
gives, not intkb itself, and no page past its review date since) and the
publish folder still holds exactly what that build wrote, the build says
so and leaves the folder as it is, rendering nothing:
"nothing changed since the build of TIME". The imports are still
fetched, each with a request that an unchanged source answers in a few
bytes. After a change, every page is read again, but only the pages
whose sources changed are rendered (an edit to a page's body renders that
page; an edit to front matter, a layout or site.toml renders them all),
and only the files whose bytes changed are written. A build with
--export-search is always built in full. What builds keep for the next
build (this check, the last good copy of each import, the blueprints'
history read from git, converted page bodies and search's terms and
index) is in the site's .intkb/ folder, which CI may keep between runs.
With --clean the build ignores all of it: it renders every page,
fetches every import whole and reads the history from git again.

With SOURCE_DATE_EPOCH set in the environment (seconds since 1970-01-01
UTC, the convention of reproducible builds), the build runs as of that
time: review dates are judged by its day, and the open data, the
workbook and the feed are stamped with it, so that two builds of the
same site from nothing kept (--clean) write the same files. A build that
keeps an unchanged output keeps its stamps. When each import was fetched
is still the time it was. A value that never changes keeps every page's
review as it was on its day: set it for each build.
`

type buildCommand struct{ m *Main }

func (c *buildCommand) Run(ctx context.Context, args []string) error {
	flags := c.m.newFlagSet("build", buildUsage)
	source := flags.String("source", ".", "the site's `folder`")
	dest := flags.String("dest", "", "where to write the site (default: publishDir in site.toml, or public)")
	baseURL := flags.String("base-url", "", "the `URL` the site will be published at, overriding baseURL in site.toml")
	drafts := flags.Bool("drafts", false, "include pages whose status is draft")
	strict := flags.Bool("strict", false, "treat warnings, such as an [[import]] that cannot be read, as errors")
	offline := flags.Bool("offline", false, "write a copy that works opened from a folder, with no web server")
	zipped := flags.Bool("zip", false, "write the offline copy as one zip file too, beside the publish folder (implies --offline)")
	exportSearch := flags.String("export-search", "", "write the search documents to `file` too, in the OpenSearch bulk format")
	clean := flags.Bool("clean", false, "ignore what earlier builds kept in the site's .intkb/ folder: build everything again")
	cpuProfile := flags.String("cpuprofile", "", "write a CPU profile of the build to `file`, for diagnosing a slow build")
	memProfile := flags.String("memprofile", "", "write a heap profile at the end of the build to `file`")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *memProfile != "" {
		defer writeHeapProfile(*memProfile, c.m.Stderr)
	}
	if flags.NArg() > 0 {
		return usageError{fmt.Sprintf("build takes no arguments, but was given %q (see intkb build -h)", flags.Arg(0))}
	}
	src, cfg, closeSrc, err := openSite(*source)
	if err != nil {
		return err
	}
	defer closeSrc()
	if *dest == "" {
		*dest = cfg.PublishDir
		if !filepath.IsAbs(*dest) {
			*dest = filepath.Join(*source, *dest)
		}
	}
	if err := checkDest(*source, *dest); err != nil {
		return err
	}
	opts := builder.Options{Source: src, Dir: *source, StateDir: filepath.Join(*source, builder.StateFolder), Config: cfg, Dest: *dest, BaseURL: *baseURL, Drafts: *drafts, Strict: *strict, NewIndex: search.NewIndexes, Once: true, Clean: *clean}
	if *offline || *zipped {
		opts.Offline, opts.NewIndex = true, search.NewOfflineIndex
	}
	// The output is kept only with the Bleve index its build kept (an
	// offline build keeps none); the export is written outside it.
	opts.KeepUnchanged = true
	opts.Rebuild = *exportSearch != "" || (!opts.Offline && !exists(search.KeptIndexDir(opts.StateDir)))
	switch {
	case opts.Offline:
	case *clean:
		// Both indexes are made from nothing, and the static index is
		// kept for the next build.
		opts.NewIndex = search.NewIndexesAfresh(search.KeptIndexDir(opts.StateDir))
	default:
		// Only the pages whose documents changed are analysed and
		// indexed again; the kept indexes are read while the pages load.
		kept := search.OpenKept(search.KeptIndexDir(opts.StateDir))
		opts.NewIndex, opts.Prepare = kept.NewIndexes, kept.Read
	}
	if *exportSearch != "" {
		if inside(*exportSearch, *dest) {
			return usageError{fmt.Sprintf("--export-search %s is inside the publish folder %s, which the build replaces: write it elsewhere", *exportSearch, *dest)}
		}
		base := cmp.Or(*baseURL, cfg.BaseURL)
		opts.NewIndex = search.WithExport(opts.NewIndex, search.NewExport(*exportSearch, strings.TrimSuffix(base, "/")+"/"))
	}
	if opts.Now, err = c.m.now(); err != nil {
		return err
	}
	prog := startProgress(c.m.Stderr)
	opts.Progress = prog.callback()
	res, err := builder.BuildContext(ctx, opts)
	prog.end()
	if errors.Is(err, builder.ErrStopped) {
		return fmt.Errorf("build stopped (%v): nothing was published, and %s is as it was", context.Cause(ctx), *dest)
	}
	if err != nil {
		return err
	}
	if res.Kept.IsZero() {
		keepIndex(c.m, *dest, opts.StateDir)
	}
	printWarnings(c.m.Stderr, res.Warnings)
	printOverdue(c.m.Stderr, res.Reviews)
	if res.Kept.IsZero() {
		fmt.Fprintf(c.m.Stdout, "Built %s into %s%s\n", summary(res), *dest, updated(res))
	} else {
		fmt.Fprintf(c.m.Stdout, "Nothing changed since the build of %s: kept %s as it was (%s)\n", res.Kept.UTC().Format("2 Jan 2006 15:04:05 UTC"), *dest, summary(res))
	}
	if note := draftsNote(res.Drafts); note != "" {
		fmt.Fprintln(c.m.Stdout, note)
	}
	if opts.Offline {
		fmt.Fprintf(c.m.Stdout, "It works opened from a folder: open %s\n", filepath.Join(*dest, "index.html"))
	}
	if *zipped {
		return writeZip(c.m, cfg, *dest)
	}
	return nil
}

// updated says how much of the destination an update in place changed
// (Result.Unchanged), or nothing for a site written whole.
func updated(res *builder.Result) string {
	if res.Unchanged == 0 {
		return ""
	}
	n := res.Files - res.Unchanged
	return fmt.Sprintf(", updating %d %s and keeping %d as %s", n, plural(n, "file", "files"), res.Unchanged, plural(res.Unchanged, "it was", "they were"))
}

// keepIndex moves the Bleve index out of the site published at dest, to
// the site's state folder (search.Keep). When it cannot, the site stays
// published without it, and only intkb search goes without; the index
// kept before is removed too, so that the next build does not keep this
// output as it is (see exists).
func keepIndex(m *Main, dest, stateDir string) {
	if err := search.Keep(dest, stateDir); err != nil {
		os.RemoveAll(filepath.Dir(search.IndexDir(dest)))
		os.RemoveAll(search.KeptIndexDir(stateDir))
		fmt.Fprintf(m.Stderr, "warning: %v: intkb search will not find this build's pages\n", err)
	}
}

// exists reports whether there is a file or folder at name.
func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// writeZip archives the offline copy at dest as one zip file beside it,
// named after the site's title, and says where it is.
func writeZip(m *Main, cfg *model.Config, dest string) error {
	name := model.Slugify(cfg.Title)
	if name == "" {
		name = "site"
	}
	file := filepath.Join(filepath.Dir(dest), name+".zip")
	size, err := publish.Zip(dest, file, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Wrote %s (%.1f MB): send it as it is; unzipped, it is a folder %s/ whose index.html is the home page\n", file, float64(size)/1e6, name)
	return nil
}

// checkDest refuses a destination that is, holds or lies inside the
// site's own sources, which publishing would replace.
func checkDest(source, dest string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(src, abs)
	if err != nil {
		return nil // on another volume: it cannot overlap the site
	}
	if msg := model.DestProblem(rel); msg != "" {
		return usageError{fmt.Sprintf("--dest %s %s", dest, msg)}
	}
	return nil
}

// inside reports whether path is dir or lies inside it.
func inside(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
