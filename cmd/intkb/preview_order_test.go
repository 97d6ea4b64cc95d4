package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"intkb/builder"
	"intkb/internal/server"
	"intkb/search"
)

// TestReloadBeforeSearchUpdate checks a live rebuild's order: open pages
// are told to reload as soon as the rebuilt pages are served, before the
// search index is brought up to date, and a query asked after the event
// finds the edit all the same.
func TestReloadBeforeSearchUpdate(t *testing.T) {
	fsys := fstest.MapFS{
		"site.toml":    {Data: []byte("title = \"t\"\nbaseURL = \"/\"\n")},
		"content/a.md": {Data: []byte("+++\ntitle = \"A\"\n+++\nzebra crossing\n")},
	}
	out := filepath.Join(t.TempDir(), "site")
	opts := builder.Options{Source: fsys, Dest: out, NewIndex: search.NewWriter}
	res, err := builder.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := search.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	var index search.Holder
	index.Swap(idx)
	defer index.Swap(nil)
	site, err := server.New(out, "/")
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	reload := server.NewReloader()
	streams := httptest.NewServer(reload)
	defer streams.Close()
	defer reload.Close()
	resp, err := http.Get(streams.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	lines.Scan() // "retry: 1000": the stream is open
	evs := make(chan string, 8)
	go func() {
		for lines.Scan() {
			if d, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
				evs <- d
			}
		}
	}()

	p := &preview{out: io.Discard, errs: io.Discard, live: builder.NewLive(opts, res), site: site, reload: reload, index: &index, dir: out}
	// A page that reloads on the event and searches at once.
	seen := make(chan struct{})
	found := make(chan *search.Response, 1)
	go func() {
		ev := <-evs
		if !strings.Contains(ev, `"a/"`) {
			t.Errorf("event %s does not name a/", ev)
		}
		close(seen)
		res, err := index.Search(search.Request{Query: "quagga"})
		if err != nil {
			t.Error(err)
		}
		found <- res
	}()
	updates := 0
	p.searchUpdated = func() {
		updates++
		// On the old order the event is only sent after this returns:
		// waiting for it here would never end.
		select {
		case <-seen:
		case <-time.After(30 * time.Second):
			t.Error("the search index was updated before open pages were told to reload")
		}
	}
	fsys["content/a.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"A\"\n+++\nquagga crossing\n")}
	p.rebuild([]string{"content/a.md"})
	if updates != 1 {
		t.Fatalf("%d search updates, want 1", updates)
	}
	select {
	case got := <-found:
		if got == nil || got.Total != 1 || got.Hits[0].URL != "a/" {
			t.Errorf("a search asked on the reload event does not find the edit: %+v", got)
		}
	case <-time.After(30 * time.Second):
		t.Error("the search asked on the reload event never returned")
	}
}
