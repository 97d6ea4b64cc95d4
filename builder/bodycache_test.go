package builder

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"intkb/builder/markdown"
)

// bodies returns how many page bodies a build of w converts or reuses:
// every page's and every list's text.
func (w *warmSite) bodies(res *Result) int {
	w.t.Helper()
	return len(res.Pages) + len(res.Site.cur.Load().snap.intros)
}

func TestBodiesAreReusedOnlyWhenTheSiteAnswersAsBefore(t *testing.T) {
	w := newWarmSite(t)
	w.write("content/spare.md", "+++\ntitle = \"Spare\"\n+++\nSpare, with [a link](playbooks/start-with-needs.md) and <https://example.org/a>.\n")
	first := w.build(Options{})
	if first.bodiesReused != 0 {
		t.Fatalf("the first build reused %d bodies", first.bodiesReused)
	}
	all := w.bodies(first)

	for _, tt := range []struct {
		name   string
		change func()
		opts   Options
		reused int // bodies reused, out of all
	}{
		{name: "a page's body", change: func() { w.edit("content/playbooks/start-with-needs.md", "Read [the", "Now read [the") }, reused: all - 1},
		{name: "a page's front matter moves its body down a line", change: func() {
			w.edit("content/spare.md", "title = \"Spare\"\n", "title = \"Spare\"\nsummary = \"A spare page.\"\n")
		}, reused: all - 1},
		// Every link to a page is answered with another URL: three
		// bodies have one.
		{name: "the base URL", opts: Options{BaseURL: "https://kb.example.org/north/"}, reused: all - 3},
		{name: "nothing", opts: Options{BaseURL: "https://kb.example.org/north/", Rebuild: true}, reused: all},
		{name: "the Markdown settings", change: func() { w.edit("site.toml", "[[areas]]", "[markdown]\ntocMinHeadings = 9\n\n[[areas]]") }, opts: Options{BaseURL: "https://kb.example.org/north/"}, reused: 0},
	} {
		if tt.change != nil {
			tt.change()
		}
		res := w.build(tt.opts)
		if res.bodiesReused != tt.reused {
			t.Errorf("after %s: %d of %d bodies reused, want %d", tt.name, res.bodiesReused, all, tt.reused)
		}
		w.sameAsClean(tt.opts)
	}

	// A link whose target has gone is reported, though the page that
	// has it is as it was.
	if err := os.Remove(filepath.Join(w.dir, "content/playbooks/start-with-needs.md")); err != nil {
		t.Fatal(err)
	}
	_, err := w.buildTo(w.dest, filepath.Join(w.dir, StateFolder), true, Options{BaseURL: "https://kb.example.org/north/"})
	if err == nil || !strings.Contains(err.Error(), "content/spare.md:5:") || !strings.Contains(err.Error(), "start-with-needs.md") {
		t.Errorf("a link to a page removed: got %v, want the problem at content/spare.md:5", err)
	}
}

func TestDamagedBodiesAreConvertedAgain(t *testing.T) {
	for _, damage := range []struct {
		name string
		do   func(data []byte) []byte
	}{
		{"a byte changed", func(data []byte) []byte { data[len(data)/2] ^= 1; return data }},
		{"cut short", func(data []byte) []byte { return data[:len(data)-40] }},
		{"emptied", func([]byte) []byte { return nil }},
	} {
		t.Run(damage.name, func(t *testing.T) {
			w := newWarmSite(t)
			w.build(Options{})
			files, err := filepath.Glob(filepath.Join(w.dir, StateFolder, bodiesStateDir, "*"))
			if err != nil || len(files) == 0 {
				t.Fatalf("no bodies kept: %v", err)
			}
			for _, file := range files {
				data, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, damage.do(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			w.edit("content/spare.md", "Spare.", "Spare, edited.")
			if res := w.build(Options{}); res.bodiesReused != 0 {
				t.Errorf("%d bodies reused from a damaged file", res.bodiesReused)
			}
			w.sameAsClean(Options{})
			if res := w.build(Options{Rebuild: true}); res.bodiesReused != w.bodies(res) {
				t.Errorf("the build after: %d of %d bodies reused", res.bodiesReused, w.bodies(res))
			}
		})
	}
}

// TestOnlyRecordedBuildsKeepBodies builds as "intkb serve" does, with
// the state folder to read from but not recording the build
// (KeepUnchanged off): it writes nothing there, and reuses the bodies an
// earlier build kept.
func TestOnlyRecordedBuildsKeepBodies(t *testing.T) {
	w := newWarmSite(t)
	state := filepath.Join(w.dir, StateFolder)
	if _, err := w.buildTo(t.TempDir(), state, false, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(state, bodiesStateDir)); !os.IsNotExist(err) {
		t.Errorf("a build not recorded kept bodies: %v", err)
	}
	w.build(Options{})
	res, err := w.buildTo(t.TempDir(), state, false, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.bodiesReused != w.bodies(res) {
		t.Errorf("a build not recorded reused %d of %d bodies kept", res.bodiesReused, w.bodies(res))
	}
}

func TestCleanBuildsConvertEveryBody(t *testing.T) {
	w := newWarmSite(t)
	w.build(Options{})
	if res := w.build(Options{Clean: true}); res.bodiesReused != 0 {
		t.Errorf("--clean reused %d bodies", res.bodiesReused)
	}
}

// TestKeptBodiesDecodeAsRendered encodes the demo site's bodies and
// decodes them, and checks that damaged encodings are refused, not
// trusted and not a panic.
func TestKeptBodiesDecodeAsRendered(t *testing.T) {
	res, err := Build(Options{Source: os.DirFS(".."), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]*keptBody{}
	for i, p := range res.Pages {
		doc := markdown.Doc{HTML: p.Content, Headings: p.Headings, TOC: p.TOC, Parts: p.Parts, IDs: p.ids, IntroEnd: p.introEnd}
		if p.leadEnd < len(p.Content) {
			doc.SectionStarts = []int{p.introEnd, p.leadEnd}
		}
		kb := &keptBody{Doc: doc}
		if i%2 == 0 {
			kb.Calls = []linkCall{{Dest: "../a.md#b", Line: i, URL: "/a/#b"}, {Auto: true, Dest: "https://example.org/"}}
		}
		kb.Key = strings.Repeat("k", i%40)
		kb.Sum[i%32] = byte(i + 1)
		kept[p.Path] = kb
	}
	data := encodeShard(kept, encodeBody)
	got := decodeShard(data, decodeBody)
	if got == nil {
		t.Fatal("the encoding does not decode")
	}
	if !reflect.DeepEqual(got, kept) {
		t.Error("the bodies decoded are not those encoded")
	}
	if again := encodeShard(got, encodeBody); string(again) != string(data) {
		t.Error("the bodies decoded encode differently")
	}
	for _, bad := range [][]byte{nil, data[:len(data)-1], append(append([]byte(nil), data...), 0)} {
		if decodeShard(bad, decodeBody) != nil {
			t.Errorf("an encoding of %d bytes, of %d, decoded", len(bad), len(data))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		bad := append([]byte(nil), data[:r.IntN(len(data))]...)
		for range 1 + r.IntN(4) {
			if len(bad) > 0 {
				bad[r.IntN(len(bad))] = byte(r.Uint32())
			}
		}
		decodeShard(bad, decodeBody) // must not panic, nor allocate past the data
	}
}
