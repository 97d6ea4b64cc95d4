package builder

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"intkb/bench/corpus"
	"intkb/builder/model"
	"intkb/builder/publish"
)

// The build's stages, each timed alone over a corpus made by bench/corpus
// with the timer stopped:
//
//	parse   front matter and Markdown of every page, to each page's HTML body
//	render  every HTML page of the site through its layout, in memory
//	write   the rendered pages, static files, feeds and open data, to disk
//
// (The fourth stage, search indexing, is in the search package.) Each has
// a twin test that checks the corpus is what the benchmark says it is, so
// that a benchmark never quietly times a site that failed to build.
//
//	go test ./builder -run Stage -bench Stage -benchmem
//	go test ./builder -run Stage -bench Stage -stage.pages 10000

var stagePages = flag.Int("stage.pages", 1000, "how many generated pages the stage benchmarks and their twin tests use")

// stageCorpus returns the generated site of n pages, in memory.
func stageCorpus(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range corpus.Files(n, 1) {
		fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return fsys
}

// parseStage runs the parse stage over fsys.
func parseStage(fsys fs.FS) (*build, error) {
	b := newBuild(Options{Source: fsys, Now: testNow})
	if err := b.loadConfig(); err != nil {
		return nil, err
	}
	b.loadContent()
	b.renderBodies()
	return b, b.errs.Err()
}

// stageSite is a built site of *stagePages pages and its HTML pages,
// rendered once and shared by the render and write benchmarks and tests.
type stageSite struct {
	snap  *snapshot
	t     *templates
	jobs  []job
	pages [][]byte // pages[i] is jobs[i] rendered
}

var (
	stageOnce sync.Once
	stageMemo *stageSite
	stageErr  error
)

func builtStageSite() (*stageSite, error) {
	stageOnce.Do(func() {
		res, err := Build(Options{Source: stageCorpus(*stagePages), Now: testNow})
		if err != nil {
			stageErr = err
			return
		}
		st := res.Site.state()
		s := &stageSite{snap: st.snap, t: st.t, jobs: st.snap.jobs(st.sv)}
		s.pages = make([][]byte, len(s.jobs))
		stageErr = s.renderAll(func(i int, buf *bytes.Buffer) { s.pages[i] = bytes.Clone(buf.Bytes()) })
		stageMemo = s
	})
	return stageMemo, stageErr
}

// renderAll is the render stage: every page through its layout, on every
// core, as renderAll in publish.go does, handing each result to keep.
func (s *stageSite) renderAll(keep func(i int, buf *bytes.Buffer)) error {
	pool := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	var mu sync.Mutex
	var errs model.ErrorList
	parallel(len(s.jobs), func(i int) {
		buf := pool.Get().(*bytes.Buffer)
		buf.Reset()
		if e := renderPage(s.t, s.jobs[i], buf); e != nil {
			mu.Lock()
			errs = append(errs, e)
			mu.Unlock()
		} else {
			keep(i, buf)
		}
		pool.Put(buf)
	})
	return errs.Err()
}

// writeAll is the write stage: the rendered pages and every other file of
// the site, into dir.
func (s *stageSite) writeAll(dir string) (*publish.Output, error) {
	out := &publish.Output{Dir: dir}
	var mu sync.Mutex
	var first error
	parallel(len(s.jobs), func(i int) {
		if err := out.Write(s.jobs[i].rel, s.pages[i]); err != nil {
			mu.Lock()
			first = err
			mu.Unlock()
		}
	})
	if first != nil {
		return nil, first
	}
	for _, step := range s.snap.siteFiles() {
		if err := step(out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func BenchmarkStageParse(b *testing.B) {
	fsys := stageCorpus(*stagePages)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := parseStage(fsys); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(*stagePages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func TestStageParseCorpus(t *testing.T) {
	n := *stagePages
	b, err := parseStage(stageCorpus(n))
	if err != nil {
		t.Fatalf("the corpus does not parse: %.2000v", err)
	}
	if len(b.pages) != n {
		t.Fatalf("%d pages, want %d", len(b.pages), n)
	}
	byType := map[string]int{}
	links, tables := 0, 0
	for _, p := range b.pages {
		byType[p.Type]++
		if p.Content == "" || len(p.Headings) < 3 {
			t.Fatalf("%s: %d bytes of HTML and %d headings: the body did not render", p.File, len(p.Content), len(p.Headings))
		}
		tables += strings.Count(string(p.Content), "<table")
		for _, to := range p.Links() {
			if b.byPath[to] == nil {
				t.Errorf("%s links to %s, which is not a page", p.File, to)
			}
			links++
		}
	}
	total := 0
	for _, m := range corpus.Mix[1:] {
		if want := n * m.Percent / 100; byType[m.Type] != want {
			t.Errorf("%d pages of type %s, want %d", byType[m.Type], m.Type, want)
		}
		total += byType[m.Type]
	}
	if want := n - total; byType[corpus.Mix[0].Type] != want {
		t.Errorf("%d pages of type %s, want %d", byType[corpus.Mix[0].Type], corpus.Mix[0].Type, want)
	}
	if links < n || tables < n/10 {
		t.Errorf("%d links and %d tables in %d pages: the corpus has too few to be realistic", links, tables, n)
	}
}

func BenchmarkStageRender(b *testing.B) {
	b.StopTimer()
	s, err := builtStageSite()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		s.renderAll(func(int, *bytes.Buffer) {})
	}
	b.ReportMetric(float64(len(s.jobs))*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func TestStageRenderCorpus(t *testing.T) {
	s, err := builtStageSite()
	if err != nil {
		t.Fatalf("the corpus does not build: %.2000v", err)
	}
	kinds, byType, byPhase := map[string]int{}, map[string]int{}, map[string]int{}
	for i, j := range s.jobs {
		kinds[j.view.Kind]++
		if j.view.Page != nil {
			byType[j.view.Page.Type]++
			byPhase[j.view.Page.Phase()]++
		}
		if !bytes.Contains(s.pages[i], []byte("</html>")) {
			t.Fatalf("%s: rendered %d bytes with no </html>", j.rel, len(s.pages[i]))
		}
	}
	n := *stagePages
	if kinds["page"] != n {
		t.Errorf("%d content pages rendered, want %d", kinds["page"], n)
	}
	// Every section lists its pages 20 to a page, the playbooks whole
	// phases to a page, and every tag, cohort and area has its own list.
	want := 0
	for _, sec := range model.Sections {
		if sec.Type != model.TypePlaybook {
			want += (byType[sec.Type] + s.snap.cfg.Paginate - 1) / s.snap.cfg.Paginate
			continue
		}
		pages, onPage := 0, 0
		for _, phase := range model.Vocabularies["phase"].Values() {
			if byPhase[phase] == 0 {
				continue
			}
			if pages == 0 || onPage > 0 && onPage+byPhase[phase] > s.snap.cfg.Paginate {
				pages, onPage = pages+1, 0
			}
			onPage += byPhase[phase]
		}
		want += max(pages, 1)
	}
	if kinds["section"] != want {
		t.Errorf("%d section list pages, want %d", kinds["section"], want)
	}
	if kinds["term"] < corpus.Areas+len(model.Vocabularies["cohort"].Terms) {
		t.Errorf("%d taxonomy term pages, want at least one per area and cohort", kinds["term"])
	}
}

func BenchmarkStageWrite(b *testing.B) {
	b.StopTimer()
	s, err := builtStageSite()
	if err != nil {
		b.Fatal(err)
	}
	bytesOut := int64(0)
	for i := 0; i < b.N; i++ {
		dir := filepath.Join(b.TempDir(), "out")
		b.StartTimer()
		out, err := s.writeAll(dir)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		bytesOut = out.Bytes()
		os.RemoveAll(dir)
	}
	b.SetBytes(bytesOut)
}

func TestStageWriteCorpus(t *testing.T) {
	s, err := builtStageSite()
	if err != nil {
		t.Fatalf("the corpus does not build: %.2000v", err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	out, err := s.writeAll(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		return err
	})
	if files != out.Files() || files < len(s.jobs)+4 {
		t.Errorf("%d files on disk, %d counted, for %d pages: want every page plus the sitemap, feed, robots and open data", files, out.Files(), len(s.jobs))
	}
	for _, p := range []string{s.jobs[len(s.jobs)/2].rel, "sitemap.xml", "feed.xml", "data/blueprints.json"} {
		if info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil || info.Size() == 0 {
			t.Errorf("%s: not written (%v)", p, err)
		}
	}
}
