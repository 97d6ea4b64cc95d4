package builder

import (
	"bytes"
	"encoding/xml"
	"errors"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"intkb/builder/model"
	"intkb/builder/publish"
)

// job is one HTML file to render.
type job struct {
	rel    string // output path, such as playbooks/x/index.html
	layout string
	view   *View
	file   string // the source to blame for errors
}

// publishing is a build's publishing under way: the stage beside
// opts.Dest that it renders into, and the search indexes it writes there.
type publishing struct {
	stage *publish.Stage
	// prior is what the destination holds when it is updated in place
	// (priorOutput), else nil.
	prior []publish.Prior
	// ix is the build's PageIndexer, or nil; closed, when it is not,
	// receives the error of its Close, once.
	ix     PageIndexer
	closed chan error
	// abandoned says the build ends without publishing: the pages not
	// yet given to the indexes are left out.
	abandoned atomic.Bool
}

// beginPublishing starts publishing into a stage beside opts.Dest and,
// with opts.NewIndex, the search indexes: they take every page, on every
// core, and are then closed, on goroutines of their own, while the build
// goes on to its layouts and renders the pages. Closing them (merging
// Bleve's segments, writing the static index) takes seconds at 10,000
// pages, most of it on one goroutine each. With in (a build that keeps
// its state), the stage keeps each file's key and, when the destination
// holds what the last build listed, takes only the files that differ
// from what is there (priorOutput). The build must call endPublishing
// once done with it.
func (b *build) beginPublishing(in *inputs) (*publishing, error) {
	var pub publishing
	var err error
	pub.prior = b.priorOutput(in)
	switch {
	case pub.prior != nil:
		pub.stage, err = publish.BeginUpdate(b.opts.Dest, pub.prior)
	case in != nil:
		pub.stage, err = publish.BeginKeyed(b.opts.Dest)
	default:
		pub.stage, err = publish.Begin(b.opts.Dest)
	}
	if err != nil {
		return nil, err
	}
	if pub.stage.Leftovers != nil {
		b.warn(leftoversError(pub.stage.Dest(), pub.stage.Leftovers))
	}
	if b.opts.NewIndex == nil {
		return &pub, nil
	}
	out := pub.stage.Out
	if pub.ix, err = b.opts.NewIndex(out.Dir); err != nil {
		pub.stage.Close()
		return nil, err
	}
	if o, ok := pub.ix.(OutputIndexer); ok {
		o.WriteTo(out)
	}
	pub.closed = make(chan error, 1)
	go func() {
		parallel(len(b.pages), func(i int) {
			if p := b.pages[i]; b.ctx.Err() == nil && !pub.abandoned.Load() {
				if err := pub.ix.Add(p); err != nil {
					b.fail(&model.Error{File: p.File, Msg: "indexing: " + err.Error()})
				}
			}
		})
		// The blueprints other sites publish, searched as this site's
		// own are (see imported.go).
		for _, p := range b.importedPages() {
			if pub.abandoned.Load() {
				break
			}
			if err := pub.ix.Add(p); err != nil {
				b.fail(&model.Error{File: p.File, Msg: "indexing " + p.URL + ": " + err.Error()})
			}
		}
		pub.closed <- pub.ix.Close()
	}()
	return &pub, nil
}

// closeIndex waits for the search indexes to close, and reports their
// error as the build's.
func (b *build) closeIndex(pub *publishing) {
	if pub.closed == nil {
		return
	}
	if err := <-pub.closed; err != nil {
		b.fail(&model.Error{File: "search index", Msg: err.Error()})
	}
	pub.closed = nil
}

// endPublishing waits for the search indexes, when they are not closed
// yet, and removes the stage unless it was committed. A build that ends
// before it closed them (one that failed, such as on a layout's mistake)
// gives them no more pages, so that it reports its problems without
// waiting for every page to be indexed.
func (b *build) endPublishing(pub *publishing) {
	if pub.closed != nil {
		pub.abandoned.Store(true)
		<-pub.closed
	}
	if s, ok := pub.ix.(StateIndexer); ok {
		s.Wait()
	}
	pub.stage.Close()
}

// publish renders the site's jobs into pub's stage and, if everything
// succeeded, swaps it in. With in (a build that keeps its state), it
// returns what it wrote (listWritten) with each file's key, or nil when
// that cannot be listed.
func (b *build) publish(res *Result, jobs []job, in *inputs, pub *publishing) ([]outputFile, error) {
	stage, prior := pub.stage, pub.prior
	if err := b.renderAll(res.Site, jobs, pub); err != nil {
		return nil, err
	}
	if err := b.stopped(); err != nil {
		return nil, err
	}
	var written []outputFile
	if in != nil && prior == nil {
		// Listed before the swap, which brings in the names starting
		// with a dot that the build did not write.
		written = listWritten(stage.Out.Dir, stage.Out)
	}
	if prior != nil {
		// What the last build kept no longer holds once the destination
		// starts to change: a build killed part way through the update
		// leaves none, and the next build is made in full.
		os.Remove(filepath.Join(b.opts.StateDir, lastBuildStateFile))
	}
	if err := stage.Commit(); err != nil {
		return nil, err
	}
	if prior != nil {
		written = listUpdated(stage.Dest(), in.last.Output, stage.Out)
	}
	res.Warnings = warningLines(b.warnings)
	res.Files = stage.Out.Files()
	res.Bytes = stage.Out.Bytes()
	res.Unchanged = stage.Out.Unchanged()
	return written, nil
}

// leftoversError is the warning for err, met removing what killed builds
// left beside dest.
func leftoversError(dest string, err error) *model.Error {
	if abs, e := filepath.Abs(dest); e == nil {
		dest = abs
	}
	return &model.Error{File: filepath.Dir(dest), Msg: "cannot remove the folders an interrupted build left: " + err.Error()}
}

// renderAll writes the jobs (every page of the site), lists, feeds and
// assets into pub's stage, and waits for the search indexes. A page whose
// render key (b.keys) is that of the file the destination holds is not
// rendered.
func (b *build) renderAll(site *Site, jobs []job, pub *publishing) error {
	t := site.state().t
	out := pub.stage.Out
	ix := pub.ix
	var folders map[string]bool
	if b.offline {
		folders = b.folderPages(jobs)
	}
	// The search page carries the static index's meta.json, so it is
	// rendered once the index is written.
	metaIx, _ := ix.(SearchMetaIndexer)
	first, later := jobs, []job(nil)
	if metaIx != nil {
		first, later = nil, nil
		for _, j := range jobs {
			if j.view.Kind == "search" {
				later = append(later, j)
			} else {
				first = append(first, j)
			}
		}
	}
	var done atomic.Int64
	written := func() {
		if n := done.Add(1); n%500 == 0 || int(n) == len(jobs) {
			b.progress("writing pages", int(n), len(jobs))
		}
	}
	var pool = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	write := func(j job, buf *bytes.Buffer) {
		render := func() ([]byte, error) {
			if e := renderPage(t, j, buf); e != nil {
				b.fail(e)
				return nil, errNotRendered
			}
			page := buf.Bytes()
			if b.offline {
				page = offlineLinks(page, j.rel, b.basePath, folders)
			}
			return page, nil
		}
		var err error
		if key, ok := b.keys.of(j); ok {
			err = out.WriteRendered(j.rel, key, func() ([]byte, error) {
				b.keys.rendered.Add(1)
				return render()
			})
		} else {
			var page []byte
			if page, err = render(); err == nil {
				err = out.Write(j.rel, page)
			}
		}
		if err != nil && err != errNotRendered {
			b.fail(&model.Error{File: j.file, Msg: "writing " + j.rel + ": " + err.Error()})
		}
	}
	// The files that are not pages need nothing from the pages' HTML nor
	// the search indexes, so they are written while the pages render
	// and the indexes finish: after a one-page edit at 10,000 pages,
	// written after the pages, they kept the build 0.11 to 0.16 s
	// longer, on one core.
	var files chan error
	if b.failed() == nil && b.stopped() == nil {
		files = make(chan error, 1)
		go func() { files <- b.writeSiteFiles(out) }()
	}
	parallel(len(first), func(i int) {
		if b.ctx.Err() != nil {
			return // stopping: the rest would not be published
		}
		buf := pool.Get().(*bytes.Buffer)
		buf.Reset()
		defer pool.Put(buf)
		write(first[i], buf)
		written()
	})
	b.closeIndex(pub)
	if len(later) > 0 && b.failed() == nil && b.stopped() == nil {
		// Inserted as it is, in a script element: encoding/json escapes
		// <, > and & (and U+2028, U+2029), so no text of the site's can
		// end the element.
		meta := template.JS(metaIx.SearchMeta())
		for _, j := range later {
			v := *j.view
			v.SearchMeta = meta
			j.view = &v
			write(j, new(bytes.Buffer))
			written()
		}
	}
	var filesErr error
	if files != nil {
		filesErr = <-files
	}
	if err := b.failed(); err != nil {
		return err
	}
	if err := b.stopped(); err != nil {
		return err
	}
	return filesErr
}

// errNotRendered stands for a layout's failure, which the build has
// noted, in renderAll.
var errNotRendered = errors.New("not rendered")

// writeSiteFiles writes the files of siteFiles into out.
func (b *build) writeSiteFiles(out *publish.Output) error {
	for _, step := range b.siteFiles() {
		if err := step(out); err != nil {
			return err
		}
	}
	return nil
}

// renderPage executes j's layout into buf. A failure is an error against
// the page's source.
func renderPage(t *templates, j job, buf *bytes.Buffer) *model.Error {
	if err := t.byName[j.layout].ExecuteTemplate(buf, "baseof.html", j.view); err != nil {
		return &model.Error{File: j.file, Msg: "layout " + j.layout + ".html: " + strings.TrimPrefix(err.Error(), "template: ")}
	}
	return nil
}

// siteFiles returns the writers of every file that is not a rendered
// page: those of copiedFiles and of listFiles.
func (s *snapshot) siteFiles() []func(*publish.Output) error {
	return append(s.copiedFiles(), s.listFiles()...)
}

// copiedFiles returns the writers of the files copied as they are: the
// pictures drawn for a site that brings none of its own, static files and
// content resources.
func (s *snapshot) copiedFiles() []func(*publish.Output) error {
	return []func(*publish.Output) error{s.writePictures, s.writeStatic, s.writeResources}
}

// listFiles returns the writers of the files that list pages, other than
// HTML: they are written again whenever a page's place in lists changes.
func (s *snapshot) listFiles() []func(*publish.Output) error {
	return []func(*publish.Output) error{s.writeSitemap, s.writeFeed, s.writeRobots, s.writeOpenData, s.writeHistoryCSV, s.writeWorkbook, s.writeChangesFeed, s.writeCompareData}
}

// jobs lists every HTML page of the site: the generated pages (see
// generators), then the content pages.
func (s *snapshot) jobs(sv *SiteView) []job {
	var jobs []job
	for _, g := range generators {
		jobs = append(jobs, g.jobs(s, sv)...)
	}
	for _, p := range s.pages {
		jobs = append(jobs, s.pageJob(sv, p))
	}
	return jobs
}

// newJob makes the job that renders v at rel.
func (s *snapshot) newJob(sv *SiteView, rel, layout string, v *View, file string) job {
	v.Site = sv
	v.URL = strings.TrimSuffix(rel, "index.html")
	if v.Canonical == "" && s.public && strings.HasSuffix(rel, "index.html") {
		v.Canonical = s.absURL(v.URL)
	}
	return job{rel: rel, layout: layout, view: v, file: file}
}

// pageJob makes the job that renders a content page.
func (s *snapshot) pageJob(sv *SiteView, p *Page) job {
	v := &View{Kind: "page", Title: p.Meta.Title, Summary: p.Meta.Summary, Page: p, Crumbs: []Crumb{{"Home", ""}}}
	if n, ok := sv.paths[p.Path]; ok {
		v.Prev, v.Next = n.prev, n.next
	}
	if sec := model.SectionByDir(p.Section); sec != nil {
		v.Section = sec
		v.Crumbs = append(v.Crumbs, Crumb{sec.Title, sec.Dir + "/"})
	}
	return s.newJob(sv, p.URL+"index.html", layoutOf(p), v, p.File)
}

// writeResources copies the content files that are not pages, such as a
// bundle's images.
func (s *snapshot) writeResources(out *publish.Output) error {
	var errs model.ErrorList
	var mu sync.Mutex
	parallel(len(s.files), func(i int) {
		f := s.files[i]
		if err := copyFile(out, s.src, contentDir+"/"+f, model.NFC(f)); err != nil {
			mu.Lock()
			errs = append(errs, &model.Error{File: contentDir + "/" + f, Msg: "copying: " + unwrapPathError(err)})
			mu.Unlock()
		}
	})
	return errs.Err()
}

func (s *snapshot) writeSitemap(out *publish.Output) error {
	type entry struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
	var urls []entry
	for _, g := range generators {
		if g.sitemap != nil {
			for _, rel := range g.sitemap(s) {
				urls = append(urls, entry{Loc: s.absURL(rel)})
			}
		}
	}
	for _, p := range s.pages {
		urls = append(urls, entry{Loc: s.absURL(p.URL), LastMod: p.Meta.Updated.String()})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	for _, u := range urls {
		if err := enc.EncodeElement(u, xml.StartElement{Name: xml.Name{Local: "url"}}); err != nil {
			return err
		}
	}
	enc.Flush()
	buf.WriteString("\n</urlset>\n")
	return out.Write("sitemap.xml", buf.Bytes())
}

func (s *snapshot) writeFeed(out *publish.Output) error {
	f := atomFeed{Title: s.cfg.Title, ID: s.absURL(""), Links: []atomLink{{Href: s.absURL("")}, {Href: s.absURL("feed.xml"), Rel: "self"}}}
	f.Author.Name = s.cfg.Title
	updated := time.Time{}
	for _, p := range latest(s.pages, 20) {
		t := p.Meta.Updated.Time
		if t.After(updated) {
			updated = t
		}
		f.Entries = append(f.Entries, atomEntry{Title: p.Meta.Title, Link: atomLink{Href: s.absURL(p.URL)}, ID: s.absURL(p.URL), Updated: t.Format(time.RFC3339), Summary: p.Meta.Summary})
	}
	if updated.IsZero() {
		updated = s.now
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	return writeAtom(out, "feed.xml", &f)
}

func (s *snapshot) writeRobots(out *publish.Output) error {
	return out.Write("robots.txt", []byte("User-agent: *\nAllow: /\nSitemap: "+s.absURL("sitemap.xml")+"\n"))
}
