package watch

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

var t0 = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

func ms(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }

// testWatcher is a Watcher whose events come from the test, with no
// goroutine reading the file system's.
func testWatcher(t *testing.T) (*Watcher, string) {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"content/playbooks", "layouts"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fsw.Close() })
	return &Watcher{root: root, fsw: fsw, batch: &Batcher{Quiet: DefaultQuiet, MaxWait: DefaultMaxWait}}, root
}

func TestEditorSavePatterns(t *testing.T) {
	const page = "content/playbooks/x.md"
	type ev struct {
		name string
		op   fsnotify.Op
	}
	tests := []struct {
		name   string
		events []ev
	}{
		{"write in place", []ev{{page, fsnotify.Write}}},
		{"several writes in a burst", []ev{{page, fsnotify.Write}, {page, fsnotify.Write}, {page, fsnotify.Chmod}, {page, fsnotify.Write}}},
		{"temporary file renamed over the page", []ev{
			{"content/playbooks/.x.md.tmp-1234", fsnotify.Create}, {"content/playbooks/.x.md.tmp-1234", fsnotify.Write},
			{"content/playbooks/.x.md.tmp-1234", fsnotify.Rename}, {page, fsnotify.Create},
		}},
		{"vim with a backup", []ev{
			{"content/playbooks/4913", fsnotify.Create}, {"content/playbooks/4913", fsnotify.Remove},
			{page, fsnotify.Rename}, {"content/playbooks/x.md~", fsnotify.Create},
			{page, fsnotify.Create}, {page, fsnotify.Write}, {page, fsnotify.Chmod},
			{"content/playbooks/x.md~", fsnotify.Remove}, {"content/playbooks/.x.md.swp", fsnotify.Write},
		}},
		{"permissions alone do nothing", []ev{{page, fsnotify.Chmod}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, root := testWatcher(t)
			for i, e := range tt.events {
				w.handle(fsnotify.Event{Name: filepath.Join(root, e.name), Op: e.op}, ms(i))
			}
			got := w.batch.Due(ms(len(tt.events) + 100))
			want := []string{page}
			if tt.name == "permissions alone do nothing" {
				want = nil
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func TestNewFoldersAreWatchedAndReported(t *testing.T) {
	w, root := testWatcher(t)
	dir := filepath.Join(root, "content", "playbooks", "map")
	os.MkdirAll(filepath.Join(dir, "img"), 0o755)
	os.WriteFile(filepath.Join(dir, "index.md"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "img", "a.svg"), []byte("x"), 0o644)
	w.handle(fsnotify.Event{Name: dir, Op: fsnotify.Create}, ms(0))
	got := w.batch.Due(ms(100))
	want := []string{"content/playbooks/map", "content/playbooks/map/img/a.svg", "content/playbooks/map/index.md"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	watched := map[string]bool{}
	for _, p := range w.fsw.WatchList() {
		watched[p] = true
	}
	if !watched[filepath.Join(dir, "img")] {
		t.Errorf("the new folder's subfolder is not watched: %v", w.fsw.WatchList())
	}
}

func TestOutsideFilesAreIgnored(t *testing.T) {
	w, root := testWatcher(t)
	for _, name := range []string{"public/index.html", "notes.txt", "content/.git/HEAD", "site.toml"} {
		w.handle(fsnotify.Event{Name: filepath.Join(root, name), Op: fsnotify.Write}, ms(0))
	}
	if got := w.batch.Due(ms(100)); !reflect.DeepEqual(got, []string{"site.toml"}) {
		t.Errorf("got %v", got)
	}
}

func TestBatcher(t *testing.T) {
	b := &Batcher{Quiet: 15 * time.Millisecond, MaxWait: 100 * time.Millisecond}
	if _, ok := b.Next(); ok {
		t.Error("an empty batcher has something due")
	}
	b.Add("a", ms(0))
	b.Add("b", ms(10))
	if got := b.Due(ms(20)); got != nil {
		t.Errorf("due 10 ms after the last event: %v", got)
	}
	if at, _ := b.Next(); !at.Equal(ms(25)) {
		t.Errorf("next at %v, want 25 ms", at.Sub(t0))
	}
	if got := b.Due(ms(25)); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("got %v", got)
	}
	// A steady stream of events is still reported after MaxWait.
	for i := 0; i <= 100; i += 10 {
		b.Add("c", ms(1000+i))
	}
	if got := b.Due(ms(1100)); !reflect.DeepEqual(got, []string{"c"}) {
		t.Errorf("a stream was not reported after MaxWait: %v", got)
	}
	if got := b.Due(ms(2000)); got != nil {
		t.Errorf("a reported batch came again: %v", got)
	}
}

// TestFollowedFiles checks that files named with Follow are reported,
// and their folders watched, and that other files in those folders, and
// files no longer followed, are not.
func TestFollowedFiles(t *testing.T) {
	w, root := testWatcher(t)
	os.MkdirAll(filepath.Join(root, "data"), 0o755)
	if err := w.Follow([]string{"data/sources.csv", "data/north.json", "../outside.csv"}); err != nil {
		t.Fatal(err)
	}
	watched := map[string]bool{}
	for _, p := range w.fsw.WatchList() {
		watched[p] = true
	}
	if !watched[filepath.Join(root, "data")] {
		t.Errorf("the followed file's folder is not watched: %v", w.fsw.WatchList())
	}
	for _, name := range []string{"data/sources.csv", "data/other.csv", "data/north.json", "outside.csv"} {
		w.handle(fsnotify.Event{Name: filepath.Join(root, filepath.FromSlash(name)), Op: fsnotify.Write}, ms(0))
	}
	if got, want := w.batch.Due(ms(100)), []string{"data/north.json", "data/sources.csv"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	w.Follow([]string{"data/other.csv"})
	for _, name := range []string{"data/sources.csv", "data/other.csv"} {
		w.handle(fsnotify.Event{Name: filepath.Join(root, filepath.FromSlash(name)), Op: fsnotify.Write}, ms(200))
	}
	if got, want := w.batch.Due(ms(300)), []string{"data/other.csv"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after following another file: got %v, want %v", got, want)
	}
}
