package builder

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"intkb/builder/model"
	"intkb/internal/workdir"
)

// markerFile marks a folder as intkb's output, which a build may replace.
// A folder without it that holds files is never replaced.
const markerFile = ".intkb-output"

// markerText is the marker file's contents.
var markerText = []byte("This folder is written by intkb build and replaced whole on every build.\n")

// output writes files under a folder: a staging folder nobody reads yet,
// or, for live rebuilds, the folder being served, where each file is
// replaced in one step (atomic) so that no request sees half of it.
type output struct {
	dir    string
	atomic bool
	files  atomic.Int64
	bytes  atomic.Int64
	// record, if set, is given the path of each file instead of writing
	// it, from many goroutines: see sitePaths.
	record func(rel string)
}

func (o *output) write(rel string, data []byte) error {
	if o.record != nil {
		o.record(rel)
		return nil
	}
	full := filepath.Join(o.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	if o.atomic {
		if err := writeReplacing(full, data); err != nil {
			return err
		}
	} else if err := os.WriteFile(full, data, 0o644); err != nil {
		return err
	}
	o.files.Add(1)
	o.bytes.Add(int64(len(data)))
	return nil
}

// writeReplacing writes name by renaming a new file over it.
func writeReplacing(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

func (o *output) copyFrom(fsys fs.FS, name, rel string) error {
	if o.record != nil {
		o.record(rel)
		return nil
	}
	if o.atomic {
		data, err := readRegular(fsys, name)
		if err != nil {
			return err
		}
		return o.write(rel, data)
	}
	in, _, err := openRegular(fsys, name)
	if err != nil {
		return err
	}
	defer in.Close()
	full := filepath.Join(o.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	out, err := os.Create(full)
	if err != nil {
		return err
	}
	n, err := io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	o.files.Add(1)
	o.bytes.Add(n)
	return err
}

// job is one HTML file to render.
type job struct {
	rel    string // output path, such as playbooks/x/index.html
	layout string
	view   *View
	file   string // the source to blame for errors
}

// publish renders the site's jobs into a staging folder beside opts.Dest
// and, if everything succeeded, swaps it in.
func (b *build) publish(res *Result, jobs []job) error {
	dest, err := filepath.Abs(b.opts.Dest)
	if err != nil {
		return err
	}
	if err := checkDest(dest); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return fmt.Errorf("builder: %w", err)
	}
	// Staging folders (and replaced outputs not yet removed) are named
	// .DEST.new-*. Those left by a build that was killed are removed; a
	// build still running holds its own locked, so it keeps it.
	parent, prefix := filepath.Dir(dest), "."+filepath.Base(dest)+".new-"
	if _, err := workdir.Reclaim(parent, prefix, markerFile); err != nil {
		b.warn(&model.Error{File: parent, Msg: "cannot remove the folders an interrupted build left: " + err.Error()})
	}
	stage, err := workdir.Create(parent, prefix, markerFile, markerText)
	if err != nil {
		return fmt.Errorf("builder: %w", err)
	}
	defer stage.Release()
	staging := stage.Path
	published := false
	defer func() {
		if !published {
			os.RemoveAll(staging)
		}
	}()
	out := &output{dir: staging}
	out.files.Add(1)
	out.bytes.Add(int64(len(markerText)))
	if err := b.renderAll(res.Site, jobs, out); err != nil {
		return err
	}
	if err := b.stopped(); err != nil {
		return err
	}
	if err := swapIn(staging, dest); err != nil {
		return fmt.Errorf("builder: publishing to %s: %w", dest, err)
	}
	published = true
	res.Warnings = warningLines(b.warnings)
	res.Files = int(out.files.Load())
	res.Bytes = out.bytes.Load()
	return nil
}

// checkDest refuses to replace a folder that intkb did not write.
func checkDest(dest string) error {
	info, err := os.Stat(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("builder: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("builder: %s is a file, not a folder: choose another destination", dest)
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return fmt.Errorf("builder: %w", err)
	}
	marked, other := false, ""
	for _, e := range entries {
		if e.Name() == markerFile {
			marked = true
		} else if !strings.HasPrefix(e.Name(), ".") && other == "" {
			other = e.Name()
		}
	}
	if other != "" && !marked {
		return fmt.Errorf("builder: %s holds files intkb did not write (such as %s): refusing to replace it; empty it or choose another destination", dest, other)
	}
	return nil
}

// swapIn replaces dest with staging. Entries of dest whose names start
// with a dot (such as .git or .gitkeep) and that the build did not write
// are kept.
func swapIn(staging, dest string) error {
	if _, err := os.Stat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(staging, dest)
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || name == markerFile {
			continue
		}
		if _, err := os.Lstat(filepath.Join(staging, name)); err == nil {
			continue
		}
		if err := os.Rename(filepath.Join(dest, name), filepath.Join(staging, name)); err != nil {
			return err
		}
	}
	old, err := exchange(staging, dest)
	if err != nil {
		return err
	}
	return os.RemoveAll(old)
}

// renderAll writes the jobs (every page of the site), lists, feeds and
// assets into out.
func (b *build) renderAll(site *Site, jobs []job, out *output) error {
	t := site.state().t
	var ix PageIndexer
	if b.opts.NewIndex != nil {
		var err error
		if ix, err = b.opts.NewIndex(out.dir); err != nil {
			return err
		}
	}
	var done atomic.Int64
	var pool = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	parallel(len(jobs), func(i int) {
		if b.ctx.Err() != nil {
			return // stopping: the rest would not be published
		}
		j := jobs[i]
		buf := pool.Get().(*bytes.Buffer)
		buf.Reset()
		defer pool.Put(buf)
		if e := renderPage(t, j, buf); e != nil {
			b.fail(e)
			return
		}
		if err := out.write(j.rel, buf.Bytes()); err != nil {
			b.fail(&model.Error{File: j.file, Msg: "writing " + j.rel + ": " + err.Error()})
		}
		if ix != nil && j.view.Kind == "page" {
			if err := ix.Add(j.view.Page); err != nil {
				b.fail(&model.Error{File: j.file, Msg: "indexing: " + err.Error()})
			}
		}
		if n := done.Add(1); n%500 == 0 || int(n) == len(jobs) {
			b.progress("writing pages", int(n), len(jobs))
		}
	})
	if ix != nil {
		if err := ix.Close(); err != nil {
			b.fail(&model.Error{File: "search index", Msg: err.Error()})
		}
	}
	if err := b.errs.Err(); err != nil {
		return err
	}
	if err := b.stopped(); err != nil {
		return err
	}
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
func (s *Snapshot) siteFiles() []func(*output) error {
	return append(s.copiedFiles(), s.listFiles()...)
}

// copiedFiles returns the writers of the files copied as they are: static
// files and content resources.
func (s *Snapshot) copiedFiles() []func(*output) error {
	return []func(*output) error{s.writeStatic, s.writeResources}
}

// listFiles returns the writers of the files that list pages, other than
// HTML: they are written again whenever a page's place in lists changes.
func (s *Snapshot) listFiles() []func(*output) error {
	return []func(*output) error{s.writeSitemap, s.writeFeed, s.writeRobots, s.writeOpenData}
}

// jobs lists every HTML page of the site: the generated pages (see
// generators), then the content pages.
func (s *Snapshot) jobs(sv *SiteView) []job {
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
func (s *Snapshot) newJob(sv *SiteView, rel, layout string, v *View, file string) job {
	v.Site = sv
	v.URL = strings.TrimSuffix(rel, "index.html")
	if v.Canonical == "" && strings.HasSuffix(rel, "index.html") {
		v.Canonical = s.absURL(v.URL)
	}
	return job{rel: rel, layout: layout, view: v, file: file}
}

// pageJob makes the job that renders a content page.
func (s *Snapshot) pageJob(sv *SiteView, p *Page) job {
	v := &View{Kind: "page", Title: p.Meta.Title, Summary: p.Meta.Summary, Page: p, Crumbs: []Crumb{{"Home", ""}}}
	if sec := model.SectionByDir(p.Section); sec != nil {
		v.Section = sec
		v.Crumbs = append(v.Crumbs, Crumb{sec.Title, sec.Dir + "/"})
	}
	return s.newJob(sv, p.URL+"index.html", layoutOf(p), v, p.File)
}

// writeResources copies the content files that are not pages, such as a
// bundle's images.
func (s *Snapshot) writeResources(out *output) error {
	var errs model.ErrorList
	var mu sync.Mutex
	parallel(len(s.files), func(i int) {
		f := s.files[i]
		if err := out.copyFrom(s.src, contentDir+"/"+f, model.NFC(f)); err != nil {
			mu.Lock()
			errs = append(errs, &model.Error{File: contentDir + "/" + f, Msg: "copying: " + unwrapPathError(err)})
			mu.Unlock()
		}
	})
	return errs.Err()
}

func (s *Snapshot) writeSitemap(out *output) error {
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
	return out.write("sitemap.xml", buf.Bytes())
}

func (s *Snapshot) writeFeed(out *output) error {
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
	}
	type entry struct {
		Title   string `xml:"title"`
		Link    link   `xml:"link"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Summary string `xml:"summary,omitempty"`
	}
	type feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		Links   []link   `xml:"link"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []entry `xml:"entry"`
	}
	f := feed{Title: s.cfg.Title, ID: s.absURL(""), Links: []link{{Href: s.absURL("")}, {Href: s.absURL("feed.xml"), Rel: "self"}}}
	f.Author.Name = s.cfg.Title
	updated := time.Time{}
	for _, p := range latest(s.pages, 20) {
		t := p.Meta.Updated.Time
		if t.After(updated) {
			updated = t
		}
		f.Entries = append(f.Entries, entry{Title: p.Meta.Title, Link: link{Href: s.absURL(p.URL)}, ID: s.absURL(p.URL), Updated: t.Format(time.RFC3339), Summary: p.Meta.Summary})
	}
	if updated.IsZero() {
		updated = s.now
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return out.write("feed.xml", buf.Bytes())
}

func (s *Snapshot) writeRobots(out *output) error {
	return out.write("robots.txt", []byte("User-agent: *\nAllow: /\nSitemap: "+s.absURL("sitemap.xml")+"\n"))
}

// exchangeByRename replaces b with a by two renames.
func exchangeByRename(a, b string) (string, error) {
	old := a + ".old"
	if err := os.Rename(b, old); err != nil {
		return "", err
	}
	if err := os.Rename(a, b); err != nil {
		os.Rename(old, b)
		return "", err
	}
	return old, nil
}
