package builder

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"intkb/builder/model"
	"intkb/builder/publish"
	"intkb/internal/workdir"
)

// warmSite is a site on disk, with an import from a test server and one
// from a file, built again and again into the same folder with
// KeepUnchanged, as "intkb build" builds it.
type warmSite struct {
	t       *testing.T
	dir     string  // the site's folder, a git repository when made with git
	dest    string  // its publish folder, inside the site's folder as by default
	src     *source // the server of the imported blueprints
	url     string  // their URL
	opts    Options // what every build is given besides the folders
	renders int     // how many builds made a search index: those that rendered
}

// newWarmSite writes minimalSite with an extra page, a static file, an
// import of a URL and one of a file, and returns it unbuilt.
func newWarmSite(t *testing.T) *warmSite {
	t.Helper()
	w := &warmSite{t: t, src: &source{data: otherSiteData(t), etag: `"v1"`}}
	srv := httptest.NewServer(w.src)
	t.Cleanup(srv.Close)
	w.url = srv.URL + "/data/blueprints.json"
	imports := "[[import]]\nname = \"trees\"\nsource = \"" + w.url + "\"\n\n[[import]]\nname = \"files\"\nsource = \"imports/files.json\"\n"
	w.dir = writeSite(t, importingSite(imports, "-- imports/files.json --\n"+strings.ReplaceAll(w.src.data, "trees", "files")+
		"\n-- content/spare.md --\n+++\ntitle = \"Spare\"\n+++\nSpare.\n"+
		"-- static/files/note.txt --\nA note.\n"))
	w.dest = filepath.Join(w.dir, "public")
	return w
}

// build builds the site with KeepUnchanged and opts (besides the
// folders) and returns the result.
func (w *warmSite) build(opts Options) *Result {
	w.t.Helper()
	res, err := w.buildTo(w.dest, filepath.Join(w.dir, StateFolder), true, opts)
	if err != nil {
		w.t.Fatal(err)
	}
	return res
}

// buildTo builds the site into dest with the state folder state.
func (w *warmSite) buildTo(dest, state string, keep bool, opts Options) (*Result, error) {
	root, err := os.OpenRoot(w.dir)
	if err != nil {
		w.t.Fatal(err)
	}
	defer root.Close()
	opts.Source, opts.Dir, opts.Dest, opts.StateDir, opts.KeepUnchanged = root.FS(), w.dir, dest, state, keep
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	if opts.Config, err = publishable(opts.Source); err != nil {
		return nil, err
	}
	opts.NewIndex = func(string) (PageIndexer, error) {
		w.renders++
		return noIndex{}, nil
	}
	return Build(opts)
}

// sameAsClean checks that the publish folder holds what a build from
// nothing kept, into a new folder, writes with the same options.
func (w *warmSite) sameAsClean(opts Options) {
	w.t.Helper()
	clean := filepath.Join(w.t.TempDir(), "public")
	if _, err := w.buildTo(clean, w.t.TempDir(), false, opts); err != nil {
		w.t.Fatal(err)
	}
	sameTrees(w.t, outputTree(w.t, w.dest, nil), outputTree(w.t, clean, nil))
}

// sameTrees reports each file of got (outputTree) that differs from
// want's or that want has not.
func sameTrees(t *testing.T, got, want map[string]string) {
	t.Helper()
	for name := range want {
		if got[name] != want[name] {
			t.Errorf("%s differs from a clean build's", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is not in a clean build", name)
		}
	}
}

// listedAsWalked checks that what the last build listed of its output,
// for the next build to check the output by, is what a walk of the
// output finds, file by file: an update in place lists only what it
// changed afresh (listUpdated).
func (w *warmSite) listedAsWalked() {
	w.t.Helper()
	last := readLastBuild(filepath.Join(w.dir, StateFolder), StateCopied)
	if last == nil {
		w.t.Fatal("the build kept no listing of its output")
	}
	walked := listWritten(w.dest, &publish.Output{})
	type entry struct {
		Path          string
		Mode          fs.FileMode
		Size, ModTime int64
	}
	entries := func(list []outputFile) []entry {
		out := make([]entry, len(list))
		for i, f := range list {
			out[i] = entry{f.Path, f.Mode, f.Size, f.ModTime}
		}
		return out
	}
	if got, want := entries(last.Output), entries(walked); !reflect.DeepEqual(got, want) {
		w.t.Errorf("the build listed its output as\n%v\nbut a walk of it finds\n%v", got, want)
	}
}

func (w *warmSite) write(name, text string) {
	w.t.Helper()
	full := filepath.Join(w.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

func (w *warmSite) edit(name, old, new string) {
	w.t.Helper()
	data, err := os.ReadFile(filepath.Join(w.dir, filepath.FromSlash(name)))
	if err != nil {
		w.t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		w.t.Fatalf("%s has no %q", name, old)
	}
	w.write(name, strings.Replace(string(data), old, new, 1))
}

// fetchedMinute is when the compare page says an import was fetched,
// which differs between two builds a minute apart.
var fetchedMinute = regexp.MustCompile(`fetched \d+ \w+ \d{4} \d\d:\d\d UTC`)

// outputTree returns every file and folder under dir, by its path, with
// its contents, the minute imports were fetched left out, and read by
// text when it is not nil.
func outputTree(t *testing.T, dir string, text func(name string, data []byte) string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			m[rel+"/"] = ""
			return nil
		}
		data, err := os.ReadFile(p)
		s := string(data)
		if text != nil {
			s = text(rel, data)
		}
		m[rel] = fetchedMinute.ReplaceAllString(s, "fetched (minute)")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// noIndex is a search index that keeps nothing.
type noIndex struct{}

func (noIndex) Add(*Page) error { return nil }
func (noIndex) Close() error    { return nil }

// outputTimes returns each file of dir with its modification time and
// contents.
func outputTimes(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		m[p] = info.ModTime().Format(time.RFC3339Nano) + " " + string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestUnchangedBuildKeepsTheOutput(t *testing.T) {
	w := newWarmSite(t)
	first := w.build(Options{})
	if !first.Kept.IsZero() || w.renders != 1 {
		t.Fatalf("the first build kept an output (%v), or rendered %d times", first.Kept, w.renders)
	}
	before := outputTimes(t, w.dest)
	var stages []string
	second := w.build(Options{Progress: func(stage string, done, total int) { stages = append(stages, stage) }})
	if second.Kept.IsZero() {
		t.Fatal("a build with nothing changed built the site again")
	}
	if w.renders != 1 {
		t.Error("a build with nothing changed rendered the pages")
	}
	if strings.Join(stages, ",") != "reading" {
		t.Errorf("a build with nothing changed went through the stages %q", stages)
	}
	if !reflect.DeepEqual(outputTimes(t, w.dest), before) {
		t.Error("a build with nothing changed touched the output")
	}
	if _, code := w.src.last(); code != 304 {
		t.Errorf("the import was answered %d, want 304: it must still be asked for", code)
	}
	if second.Pages != nil || second.Site != nil {
		t.Error("a kept build returned pages")
	}
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"ByType", second.ByType, first.ByType},
		{"Files", second.Files, first.Files},
		{"Bytes", second.Bytes, first.Bytes},
		{"Warnings", second.Warnings, first.Warnings},
		{"Reviews", second.Reviews, first.Reviews},
		{"Drafts", second.Drafts, first.Drafts},
	} {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("the kept build's %s is %v, want the last build's %v", f.name, f.got, f.want)
		}
	}
	if len(first.Reviews) == 0 || len(first.Warnings) == 0 {
		t.Errorf("the site should have reviews and warnings to give again: %q, %v", first.Warnings, first.Reviews)
	}
	// Names at the top of the output starting with a dot, which the
	// build did not write and publishing keeps, do not count.
	if err := os.Mkdir(filepath.Join(w.dest, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if w.build(Options{}).Kept.IsZero() {
		t.Error("a .git folder in the output made the build build again")
	}
}

// byTimes runs test twice: as builds are, where what was written just
// before a listing is checked by its contents; and with nothing so
// checked, after waiting longer than a tick of the file system's clock,
// where a change must show in its times alone.
func byTimes(t *testing.T, test func(t *testing.T, settle func())) {
	t.Run("as built", func(t *testing.T) { test(t, func() {}) })
	t.Run("by times", func(t *testing.T) {
		was := racyWindow
		racyWindow = 0
		t.Cleanup(func() { racyWindow = was })
		test(t, func() { time.Sleep(20 * time.Millisecond) })
	})
}

func TestChangedInputsBuildInFull(t *testing.T) {
	byTimes(t, testChangedInputs)
}

func testChangedInputs(t *testing.T, settle func()) {
	for _, tt := range []struct {
		name   string
		change func(w *warmSite)
		opts   Options // of the build after the change
		// noClean leaves out the comparison with a clean build, which
		// would have no kept copy to stand in for a failed import.
		noClean bool
	}{
		{name: "a page's body", change: func(w *warmSite) { w.edit("content/spare.md", "Spare.", "Spare, edited.") }},
		{name: "a page's title", change: func(w *warmSite) { w.edit("content/spare.md", `"Spare"`, `"Spare page"`) }},
		{name: "a deleted page", change: func(w *warmSite) { os.Remove(filepath.Join(w.dir, "content/spare.md")) }},
		{name: "an added page", change: func(w *warmSite) { w.write("content/added.md", "+++\ntitle = \"Added\"\n+++\nAdded.\n") }},
		{name: "a layout", change: func(w *warmSite) {
			w.write("layouts/playbook.html", `{{define "main"}}<p class="custom">{{.Title}}</p>{{end}}`)
		}},
		{name: "site.toml", change: func(w *warmSite) { w.edit("site.toml", `title = "Test site"`, `title = "Test site renamed"`) }},
		{name: "a static file", change: func(w *warmSite) { w.write("static/files/note.txt", "A note, edited.\n") }},
		{name: "a data file", change: func(w *warmSite) { w.edit("imports/files.json", "Alder", "Elder") }},
		{name: "an import's answer", change: func(w *warmSite) {
			w.src.mu.Lock()
			w.src.data, w.src.etag = strings.Replace(w.src.data, "Alder", "Elder", 1), `"v2"`
			w.src.mu.Unlock()
		}},
		{name: "an import that fails", change: func(w *warmSite) { w.src.set("down") }, noClean: true},
		{name: "the program", change: func(w *warmSite) {
			was := programDigest
			programDigest = func() string { return strings.Repeat("0", 64) }
			w.t.Cleanup(func() { programDigest = was })
		}},
		{name: "drafts", opts: Options{Drafts: true}},
		{name: "the base URL", opts: Options{BaseURL: "https://kb.example.org/north/"}},
		{name: "offline", opts: Options{Offline: true}},
		{name: "a new file anywhere", change: func(w *warmSite) { w.write("notes/todo.txt", "later") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWarmSite(t)
			w.build(Options{})
			if w.build(Options{}).Kept.IsZero() {
				t.Fatal("a build with nothing changed built the site again")
			}
			settle()
			if tt.change != nil {
				tt.change(w)
			}
			res := w.build(tt.opts)
			if !res.Kept.IsZero() || w.renders != 2 {
				t.Fatalf("after the change, the output was kept (renders: %d)", w.renders)
			}
			// The destination is updated in place, but after another
			// program, whose state is not trusted. Some changes change
			// no file (drafts when there are none, a file the site does
			// not use); a page's body changes its page.
			if inPlace := tt.name != "the program"; inPlace != (res.Unchanged > 0) || tt.name == "a page's body" && res.Unchanged >= res.Files {
				t.Errorf("after the change, %d of %d files were left as they were", res.Unchanged, res.Files)
			}
			if !tt.noClean {
				w.sameAsClean(tt.opts)
			}
			w.listedAsWalked()
			if w.build(tt.opts).Kept.IsZero() {
				t.Error("a second build after the change built the site again")
			}
		})
	}
}

// TestTheDayKeepsTheOutputUntilAPageIsOverdue builds the site on
// several days, the same site each time: the output is kept on every day
// but the one on which a page's review date has just passed (minimalSite's
// next after testNow is 2027-03-14) and a day before the last build's, and
// each time it is what a clean build writes that day, with the reminders
// a clean build gives.
func TestTheDayKeepsTheOutputUntilAPageIsOverdue(t *testing.T) {
	on := func(date string, zone *time.Location) time.Time {
		d, err := time.Parse(time.DateOnly, date)
		if err != nil {
			t.Fatal(err)
		}
		return time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, zone)
	}
	auckland := time.FixedZone("NZDT", 13*3600) // noon on the 15th there is 23:00 on the 14th in UTC
	w := newWarmSite(t)
	first := w.build(Options{})
	renders := w.renders
	for _, tt := range []struct {
		now  time.Time
		kept bool
	}{
		{testNow.Add(24 * time.Hour), true},
		{on("2027-02-20", time.UTC), true},  // 2027-03-14 is now due soon
		{on("2027-03-14", time.UTC), true},  // due, not yet overdue
		{on("2027-03-15", auckland), true},  // the 14th in UTC
		{on("2027-03-15", time.UTC), false}, // overdue
		{on("2027-03-16", time.UTC), true},
		{on("2027-03-14", time.UTC), false}, // before the last build's day
	} {
		day := reviewDate(tt.now)
		res := w.build(Options{Now: tt.now})
		if kept := !res.Kept.IsZero(); kept != tt.kept {
			t.Fatalf("on %s (%s), kept = %t, want %t", day, tt.now, kept, tt.kept)
		}
		if rendered := w.renders > renders; rendered == tt.kept {
			t.Errorf("on %s, rendered = %t with kept = %t", day, rendered, tt.kept)
		}
		cleanDest := filepath.Join(t.TempDir(), "public")
		clean, err := w.buildTo(cleanDest, t.TempDir(), false, Options{Now: tt.now})
		if err != nil {
			t.Fatal(err)
		}
		renders = w.renders
		sameTrees(t, outputTree(t, w.dest, withoutStamps), outputTree(t, cleanDest, withoutStamps))
		if !reflect.DeepEqual(res.Reviews, clean.Reviews) {
			t.Errorf("on %s, the reminders are %v, want a clean build's %v", day, res.Reviews, clean.Reviews)
		}
		if day == "2027-02-20" && len(res.Reviews) <= len(first.Reviews) {
			t.Errorf("on %s, the reminders %v leave out the page due on 2027-03-14", day, res.Reviews)
		}
	}
}

// TestALayoutShowingTheDayBuildsEachDay builds a site whose own footer
// shows the day of the build (.Site.Built): kept later the same day, built
// in full the next, and then what a clean build writes.
func TestALayoutShowingTheDayBuildsEachDay(t *testing.T) {
	w := newWarmSite(t)
	w.write("layouts/partials/footer.html", `{{define "footer"}}<footer>Built on {{.Site.Built}}.</footer>{{end}}`)
	w.build(Options{})
	page, err := os.ReadFile(filepath.Join(w.dest, "index.html"))
	if err != nil || !strings.Contains(string(page), "Built on 22 November 2026.") {
		t.Fatalf("the footer does not show the day (%v):\n%.2000s", err, page)
	}
	if w.build(Options{Now: testNow.Add(20 * time.Hour)}).Kept.IsZero() {
		t.Error("later the same day, the site was built again")
	}
	next := Options{Now: testNow.Add(24 * time.Hour)}
	if !w.build(next).Kept.IsZero() {
		t.Fatal("the next day, the output that shows the day was kept")
	}
	w.sameAsClean(next)
}

// withoutStamps masks the times in a file that say when it was written
// (the open data's and the workbook's "generated", the feed's updated
// time of a site without dated pages), which a kept output keeps from the
// build that wrote it: every time to the second (RFC 3339), which masks
// the feed's entries' times too, though they come from the pages' dates.
// A workbook is compared by the files it holds.
func withoutStamps(name string, data []byte) string {
	if strings.HasSuffix(name, ".xlsx") {
		z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return "not a workbook: " + err.Error()
		}
		var b strings.Builder
		for _, f := range z.File {
			r, err := f.Open()
			if err != nil {
				return "not a workbook: " + err.Error()
			}
			text, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				return "not a workbook: " + err.Error()
			}
			b.WriteString("-- " + f.Name + " --\n" + writtenAt.ReplaceAllString(string(text), "(written)") + "\n")
		}
		return b.String()
	}
	return writtenAt.ReplaceAllString(string(data), "(written)")
}

// writtenAt is a time to the second, as the output's stamps give it.
var writtenAt = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

func TestGitCommitBuildsInFull(t *testing.T) {
	w := &warmSite{t: t, dir: gitSite(t)}
	w.dest = filepath.Join(w.dir, "public")
	// The edit is built before it is committed: only the commit changes.
	appendTo(t, filepath.Join(w.dir, "content/blueprints/saltmere.md"), "\nMore text.\n")
	w.build(Options{})
	if w.build(Options{}).Kept.IsZero() {
		t.Fatal("a build with nothing changed built the site again")
	}
	runGit(t, w.dir, "2026-03-01T10:00:00Z", "add", "content")
	runGit(t, w.dir, "2026-03-01T10:00:00Z", "commit", "-q", "-m", "More text")
	if !w.build(Options{}).Kept.IsZero() {
		t.Fatal("after a commit, the output was kept")
	}
	w.sameAsClean(Options{})
}

func TestBrokenStateBuildsInFull(t *testing.T) {
	for _, tt := range []struct {
		name   string
		break_ func(file string) error
	}{
		{"corrupt", func(file string) error {
			data, err := os.ReadFile(file)
			if err == nil {
				data[len(data)-10] ^= 0xff
				err = os.WriteFile(file, data, 0o644)
			}
			return err
		}},
		{"cut short", func(file string) error {
			data, err := os.ReadFile(file)
			if err == nil {
				err = os.WriteFile(file, data[:len(data)/2], 0o644)
			}
			return err
		}},
		{"another program's", func(file string) error {
			data, err := os.ReadFile(file)
			if err == nil {
				digest := programDigest()
				err = os.WriteFile(file, bytes.Replace(data, []byte(digest), []byte(strings.Repeat("f", len(digest))), 1), 0o644)
			}
			return err
		}},
		{"empty", func(file string) error { return os.WriteFile(file, nil, 0o644) }},
		{"removed", os.Remove},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWarmSite(t)
			w.build(Options{})
			if err := tt.break_(filepath.Join(w.dir, StateFolder, lastBuildStateFile)); err != nil {
				t.Fatal(err)
			}
			if res := w.build(Options{}); !res.Kept.IsZero() || res.Unchanged != 0 {
				t.Fatalf("on the word of a broken state file, the output was kept (%v) or %d files taken as they were", !res.Kept.IsZero(), res.Unchanged)
			}
			w.sameAsClean(Options{})
			if w.build(Options{}).Kept.IsZero() {
				t.Error("the state was not made again")
			}
		})
	}
}

func TestChangedOutputBuildsInFull(t *testing.T) {
	byTimes(t, testChangedOutput)
}

func testChangedOutput(t *testing.T, settle func()) {
	for _, tt := range []struct {
		name   string
		tamper func(dest string) error
	}{
		{"a page edited", func(dest string) error {
			return os.WriteFile(filepath.Join(dest, "index.html"), []byte("<p>Defaced</p>"), 0o644)
		}},
		{"a page edited, same size", func(dest string) error {
			file := filepath.Join(dest, "robots.txt")
			data, err := os.ReadFile(file)
			if err == nil {
				err = os.WriteFile(file, bytes.ToUpper(data), 0o644)
			}
			return err
		}},
		{"a file added", func(dest string) error {
			return os.WriteFile(filepath.Join(dest, "extra.html"), []byte("<p>Extra</p>"), 0o644)
		}},
		{"a folder added", func(dest string) error { return os.Mkdir(filepath.Join(dest, "empty"), 0o755) }},
		{"a file added in a folder", func(dest string) error {
			return os.WriteFile(filepath.Join(dest, "playbooks", "extra.html"), []byte("<p>Extra</p>"), 0o644)
		}},
		{"a file removed from a folder", func(dest string) error { return os.Remove(filepath.Join(dest, "css", "intkb.css")) }},
		{"a file removed", func(dest string) error { return os.Remove(filepath.Join(dest, "feed.xml")) }},
		{"a page's folder removed", func(dest string) error { return os.RemoveAll(filepath.Join(dest, "spare")) }},
		{"a file made read-only", func(dest string) error { return os.Chmod(filepath.Join(dest, "sitemap.xml"), 0o400) }},
		{"all of it removed", os.RemoveAll},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWarmSite(t)
			w.build(Options{})
			settle()
			if err := tt.tamper(w.dest); err != nil {
				t.Fatal(err)
			}
			res := w.build(Options{})
			if !res.Kept.IsZero() {
				t.Fatal("a changed output was kept")
			}
			if res.Unchanged != 0 {
				t.Errorf("a changed output was updated in place, %d files taken as they were", res.Unchanged)
			}
			w.sameAsClean(Options{})
		})
	}
}

func TestCleanIgnoresKeptState(t *testing.T) {
	w := newWarmSite(t)
	w.build(Options{})
	if !w.build(Options{Clean: true}).Kept.IsZero() {
		t.Fatal("a clean build kept the output")
	}
	if h, code := w.src.last(); code != 200 || h.Get("If-None-Match") != "" {
		t.Errorf("a clean build asked for the import with If-None-Match %q and got %d: want it fetched whole", h.Get("If-None-Match"), code)
	}
	w.sameAsClean(Options{})
	if w.build(Options{}).Kept.IsZero() {
		t.Error("a clean build did not record itself for the next build")
	}
	// With Rebuild, too, the output is built again and recorded.
	if !w.build(Options{Rebuild: true}).Kept.IsZero() {
		t.Error("a build with Rebuild kept the output")
	}
	if w.build(Options{}).Kept.IsZero() {
		t.Error("a build with Rebuild did not record itself for the next build")
	}
}

// TestDigestReadsEverySiteFile checks that every file the site's folder
// holds counts, and what is left out: git's folder, the state folder,
// the publish folder and its stages.
func TestDigestReadsEverySiteFile(t *testing.T) {
	dir := writeSite(t, minimalSite+"-- .git/HEAD --\nref: refs/heads/main\n-- .intkb/x.gob --\nx\n-- public/index.html --\nx\n-- .public.new-1/index.html --\nx\n-- anywhere/deep/file.bin --\nx\n")
	b := newBuild(Options{Dir: dir, Dest: filepath.Join(dir, "public"), StateDir: filepath.Join(dir, StateFolder)})
	sums, _, ok := digestFiles(os.DirFS(dir), b.excluded(), nil)
	if !ok {
		t.Fatal("the site's files could not be read")
	}
	var names, shape []string
	for _, f := range sums {
		names = append(names, f.name)
		if !isPageFile(f.name) {
			shape = append(shape, f.name)
		}
	}
	want := []string{"anywhere/deep/file.bin", "content/_index.md", "content/blueprints/saltmere.md", "content/case-studies/saltmere-frailty.md", "content/frameworks/first-conversation.md", "content/playbooks/start-with-needs.md", "site.toml"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("the digest reads %q, want %q", names, want)
	}
	// The pages' files are left out of the shape of the site, which
	// render keys add from the pages as loaded.
	if want := []string{"anywhere/deep/file.bin", "site.toml"}; !reflect.DeepEqual(shape, want) {
		t.Errorf("the shape of the site reads %q, want %q", shape, want)
	}
	if err := os.Symlink(filepath.Join(dir, "content"), filepath.Join(dir, "linked")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if _, _, ok := digestFiles(os.DirFS(dir), b.excluded(), nil); ok {
		t.Error("a link to a folder, which the digest cannot follow, counted as known")
	}
}

func TestUnchangedBuildRemovesWhatKilledBuildsLeft(t *testing.T) {
	w := newWarmSite(t)
	w.build(Options{})
	// The stage of a build killed part way: made as publishing makes
	// one, and no longer held by any process.
	left, err := workdir.Create(filepath.Dir(w.dest), publish.StagePrefix(w.dest), publish.MarkerFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(left.Path, "index.html"), []byte("<p>half a site"), 0o644); err != nil {
		t.Fatal(err)
	}
	left.Release()
	if w.build(Options{}).Kept.IsZero() {
		t.Fatal("a build with nothing changed built the site again")
	}
	if _, err := os.Stat(left.Path); !os.IsNotExist(err) {
		t.Errorf("the stage a killed build left is still there after a build that kept the output (%v)", err)
	}
}

// TestRacyWindowFollowsTheFileSystemsTicks checks the racy window: short
// for a listing whose times have parts of a second, as this machine's
// file system gives them, and FAT's 3 seconds for one whose times are
// all whole seconds; and what a listing marks racy by each.
func TestRacyWindowFollowsTheFileSystemsTicks(t *testing.T) {
	sec := int64(time.Second)
	if got := racyWindowOf([]outputFile{{ModTime: 1_700_000_000 * sec}, {ModTime: 1_700_000_002 * sec}}); got != racyWindow {
		t.Errorf("whole seconds: window %v, want %v", got, racyWindow)
	}
	if got := racyWindowOf([]outputFile{{ModTime: 1_700_000_000 * sec}, {ModTime: 1_700_000_002*sec + 4_000_000}}); got != fineRacyWindow {
		t.Errorf("parts of a second: window %v, want %v", got, fineRacyWindow)
	}

	dir := t.TempDir()
	// Written a second and a half ago, and (so that the test never
	// depends on how soon the listing follows) a second from now.
	touch := func(name string, at time.Time) {
		t.Helper()
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, at, at); err != nil {
			t.Fatal(err)
		}
	}
	racy := func() map[string]bool {
		t.Helper()
		if err := os.Chtimes(dir, time.Now().Add(-time.Hour), time.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		list := listWritten(dir, &publish.Output{})
		if list == nil {
			t.Fatal("cannot list")
		}
		out := map[string]bool{}
		for _, f := range list {
			out[f.Path] = f.Racy
			if f.Racy && f.Sum == "" {
				t.Errorf("%s is racy with no digest", f.Path)
			}
		}
		return out
	}
	now := time.Now()
	touch("old.html", now.Add(-1500*time.Millisecond).Truncate(time.Second).Add(123456789))
	touch("new.html", now.Add(time.Second).Truncate(time.Second).Add(123456789))
	coarse := false
	if info, err := os.Stat(filepath.Join(dir, "new.html")); err != nil {
		t.Fatal(err)
	} else if info.ModTime().UnixNano()%sec == 0 {
		coarse = true // this file system keeps whole seconds
	}
	if got := racy(); !got["new.html"] || got["old.html"] != coarse {
		t.Errorf("racy: %v; want new.html, and old.html only where times are whole seconds (%v here)", got, coarse)
	}
	// The same files with their times in whole seconds, as FAT keeps
	// them: both are racy for 3 seconds.
	touch("old.html", now.Add(-time.Second).Truncate(time.Second))
	touch("new.html", now.Add(time.Second).Truncate(time.Second))
	if got := racy(); !got["old.html"] || !got["new.html"] {
		t.Errorf("whole seconds: racy %v, want both", got)
	}
}

// TestLastBuildReadsBackWhole encodes a record of a build with every
// field set and reads it back the same; cut short anywhere, it reads as
// none. A field added to lastBuild fails here until the sample sets it,
// and then until encode and decodeLastBuild carry it.
func TestLastBuildReadsBackWhole(t *testing.T) {
	due := model.Date{Time: time.Date(2027, 3, 4, 0, 0, 0, 0, time.UTC)}
	last := &lastBuild{
		Inputs: "inputs", Dest: "/srv/site",
		Output: []outputFile{
			{Path: "index.html", Mode: 0o644, Size: 1 << 33, ModTime: -12345, Racy: true, Sum: "sum", Key: []byte("key"), From: true, Source: []byte("source")},
			{Path: "css", Mode: fs.ModeDir | 0o755},
		},
		Finished: time.Unix(0, 1796115600123456789).UTC(),
		Day:      "2026-12-01", Until: "2026-12-02",
		Sources:     map[string]keptDigest{"content/a.md": {Stamp: "stamp", Sum: "sum"}, "site.toml": {Stamp: "s2", Sum: "x"}},
		ByType:      map[string]int{"playbook": 3, "blueprint": 1},
		Files:       9,
		Bytes:       5 << 32,
		Warnings:    []string{"a warning"},
		Drafts:      []string{"content/draft.md"},
		ReviewDates: []Review{{File: "content/a.md", Line: 4, Due: due, Days: -30}},
	}
	v := reflect.ValueOf(last).Elem()
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Errorf("the sample leaves lastBuild.%s unset", v.Type().Field(i).Name)
		}
	}
	data := last.encode()
	got := decodeLastBuild(data)
	if got == nil {
		t.Fatal("the record does not read back")
	}
	if !reflect.DeepEqual(got, last) {
		t.Errorf("the record reads back as\n%+v\nnot\n%+v", got, last)
	}
	for n := range len(data) {
		if decodeLastBuild(data[:n]) != nil {
			t.Errorf("the record cut to %d of its %d bytes reads back", n, len(data))
			break
		}
	}
}

// TestFileSumTakesTheInputsDigestOnlyByItsStamp checks that a page's file
// is taken by the digest the build's inputs read for it, unread, only
// while its stamp is the one they read: a file written since is hashed
// as loaded, as is one the inputs have no digest of.
func TestFileSumTakesTheInputsDigestOnlyByItsStamp(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "page.md")
	if err := os.WriteFile(name, []byte("+++\ntitle = \"One\"\n+++\nOne.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	stamp, ok := fileStamp(info)
	if !ok {
		t.Skip("no file stamps on this system")
	}
	b := &build{sources: map[string]keptDigest{"content/page.md": {Stamp: stamp, Sum: "the digest the inputs read"}}}
	data := []byte("what the build loaded")
	sum := sha256.Sum256(data)
	if got := b.fileSum("content/page.md", info, data); got != "the digest the inputs read" {
		t.Errorf("a file of the stamp the inputs read: %q, want their digest", got)
	}
	if err := os.WriteFile(name, []byte("+++\ntitle = \"Two\"\n+++\nTwo, longer.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	since, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.fileSum("content/page.md", since, data); got != hex.EncodeToString(sum[:]) {
		t.Errorf("a file written since: %q, want the SHA-256 of what was loaded", got)
	}
	if got := b.fileSum("content/other.md", info, data); got != hex.EncodeToString(sum[:]) {
		t.Errorf("a file the inputs have no digest of: %q, want the SHA-256 of what was loaded", got)
	}
}
