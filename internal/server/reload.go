package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"intkb/builder/model"
)

// Reloader tells open pages that the site changed, over server-sent
// events, for live preview. Pages get a small script (see Site.Reload)
// that listens and reloads the page when it changed, or swaps the
// stylesheets when only they changed.
type Reloader struct {
	mu      sync.Mutex
	clients map[chan []byte]bool
	closed  bool

	max          int           // streams held open at once; MaxStreams
	writeTimeout time.Duration // how long one write to a stream may take; streamWriteTimeout
}

// MaxStreams is how many live-reload streams a Reloader holds open at
// once. Each open page holds one, with a connection, a file descriptor
// and a goroutine, for as long as it is open: 256 is far more than the
// tabs one author keeps open, or a room of colleagues sharing a preview
// served on a network, and far fewer than the 1,024 file descriptors a
// process is often allowed, so pages still load while all are taken. A
// page asking past the cap is answered 503 with Retry-After, and reloads
// by hand until a stream is free.
const MaxStreams = 256

// streamWriteTimeout is how long a write to an event stream may take
// before the stream is dropped: a page that stops reading, or whose
// connection died, must not hold its place for ever. A page that closes
// is dropped at once; one that vanishes without closing is found when
// the pings every 20 s can no longer be written.
const streamWriteTimeout = 10 * time.Second

// NewReloader returns a Reloader with no listeners.
func NewReloader() *Reloader {
	return &Reloader{clients: map[chan []byte]bool{}, max: MaxStreams, writeTimeout: streamWriteTimeout}
}

// Event is what open pages are told.
type Event struct {
	URLs   []string `json:"urls,omitempty"`   // pages that changed, relative to the site root
	All    bool     `json:"all,omitempty"`    // every page may have changed
	Styles bool     `json:"styles,omitempty"` // only stylesheets changed
	Error  bool     `json:"error,omitempty"`  // the site has authoring errors
}

// Notify sends ev to every open page. A page that is not keeping up
// misses the event rather than holding up the others.
func (r *Reloader) Notify(ev Event) {
	data, _ := json.Marshal(ev)
	r.mu.Lock()
	defer r.mu.Unlock()
	for c := range r.clients {
		select {
		case c <- data:
		default:
		}
	}
}

// Listeners returns how many pages are listening.
func (r *Reloader) Listeners() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.clients)
}

// Close ends every open stream, as a server shutting down must.
func (r *Reloader) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	for c := range r.clients {
		close(c)
		delete(r.clients, c)
	}
}

// ServeHTTP streams events to one page.
func (r *Reloader) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	c := make(chan []byte, 8)
	r.mu.Lock()
	switch {
	case r.closed:
		r.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	case len(r.clients) >= r.max:
		r.mu.Unlock()
		w.Header().Set("Retry-After", "10")
		http.Error(w, fmt.Sprintf("too many pages are listening for changes (the most is %d): reload this page by hand", r.max), http.StatusServiceUnavailable)
		return
	}
	r.clients[c] = true
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		if r.clients[c] {
			delete(r.clients, c)
		}
		r.mu.Unlock()
	}()
	// The stream outlives the server's write timeout, so each write gets
	// its own deadline instead.
	rc := http.NewResponseController(w)
	send := func(format string, args ...any) bool {
		rc.SetWriteDeadline(time.Now().Add(r.writeTimeout))
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if !send("retry: 1000\n\n") {
		return
	}
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		ok := true
		select {
		case <-req.Context().Done():
			return
		case data, open := <-c:
			ok = open && send("event: change\ndata: %s\n\n", data)
		case <-ping.C:
			ok = send(": ping\n\n")
		}
		if !ok {
			return
		}
	}
}

// reloadScript listens for changes. It is served at _intkb/live.js.
const reloadScript = `(function () {
  "use strict";
  var me = document.currentScript;
  var base = me.getAttribute("data-base");
  var here = location.pathname;
  try { here = decodeURI(here); } catch (e) {}
  here = here.slice(base.length);
  var source = new EventSource(new URL("events", me.src).href);
  source.addEventListener("change", function (e) {
    var ev = JSON.parse(e.data);
    if (ev.styles) {
      document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
        var url = new URL(link.href);
        url.searchParams.set("v", Date.now());
        link.href = url.toString();
      });
      return;
    }
    if (ev.all || ev.error || document.body.hasAttribute("data-intkb-error") ||
        (ev.urls || []).indexOf(here) >= 0) {
      location.reload();
    }
  });
})();
`

// reloadTag is the script element added to pages. The base path comes
// from the site's baseURL and may hold any character, a quote included:
// the script's address is escaped as a URL path, and html/template
// escapes each attribute.
var reloadTag = template.Must(template.New("reload").Parse(`<script src="{{.Src}}" data-base="{{.Base}}"></script>`))

// inject adds the reload script to an HTML page, before </body>.
func inject(page []byte, basePath string) []byte {
	var b bytes.Buffer
	src := (&url.URL{Path: basePath + "_intkb/live.js"}).EscapedPath()
	reloadTag.Execute(&b, struct{ Src, Base string }{src, basePath})
	tag := b.Bytes()
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// problem is one authoring error as the error page shows it: its one
// line, and for a mistake in the TOML itself the line it is on with a
// caret under the problem (model.Error's Excerpt).
type problem struct{ Text, Excerpt string }

// problemsOf returns the problems err holds: one for each error of a
// model.ErrorList.
func problemsOf(err error) []problem {
	var list model.ErrorList
	switch e := err.(type) {
	case model.ErrorList:
		list = e
	case *model.Error:
		list = model.ErrorList{e}
	default:
		return []problem{{Text: strings.TrimSpace(err.Error())}}
	}
	if len(list) == 0 {
		return []problem{{Text: list.Error()}}
	}
	ps := make([]problem, len(list))
	for i, e := range list {
		ps[i] = problem{Text: e.Error(), Excerpt: e.Excerpt()}
	}
	return ps
}

// errorPage shows authoring errors in the browser while the last good
// site is kept. The excerpts keep their lines as they are, so that the
// caret stays under the problem: a long one scrolls instead.
var errorPage = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Problems to fix – intkb preview</title>
<style>body{font:16px/1.5 Arial,sans-serif;margin:0;color:#212b32;background:#f0f4f5}main{max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:2rem}.problems{background:#fff;border-left:8px solid #d5281b;padding:1rem;font:15px/1.5 monospace}
.problems p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}.problems p+p,.problems pre+p{margin-top:.75rem}
.problems pre{margin:0;font:inherit;white-space:pre;overflow-x:auto}</style>
</head><body data-intkb-error><main>
<h1>Problems to fix</h1>
<p>The preview shows this page until these are fixed; the last good site is kept. Save a fix and this page will update by itself.</p>
<div class="problems">{{range .}}<p>{{.Text}}</p>{{with .Excerpt}}<pre>{{.}}</pre>{{end}}{{end}}</div>
</main></body></html>
`))

// renderError returns the page of problems showing ps.
func renderError(ps []problem) []byte {
	var b bytes.Buffer
	errorPage.Execute(&b, ps)
	return b.Bytes()
}
