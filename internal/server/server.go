// Package server serves a built site over HTTP, as "intkb serve" does:
// its files, and the pages and API answered at request time.
//
// Files come from the site's output folder through an os.Root, so no path
// or symbolic link can reach outside it. A path with a ".." segment, a
// backslash or a NUL byte is answered 400; a missing file gets the site's
// 404.html with status 404; a folder is served by its index.html, and a
// folder path without its trailing slash is redirected to it. Only GET and
// HEAD are allowed. When the site's base URL has a path, such as
// /icb/north/, the site is served under that path and / redirects there.
//
// The folder can be replaced while serving (see SetRoot): requests already
// reading a file finish with the old one.
//
// A server on a loopback address is wrapped in LoopbackOnly, which
// refuses requests addressed to other names (DNS rebinding), and a
// Reloader holds at most MaxStreams live-reload streams.
//
// # Request-time handlers
//
// Some paths are answered by handlers rather than files (see
// Site.Handle), with or without a trailing slash, and, as files are, only
// for GET and HEAD. "intkb serve" routes three, which send what they
// render with Cache-Control: no-store:
//
//   - SearchAPIHandler, /api/search: the search that search.ParseRequest
//     reads from the parameters (q, page, size and each facet's filter),
//     as JSON (search.Response.EncodeJSON): query, total, took_ms, page,
//     size, hits (url, with the site's base path; title, type, area,
//     section, snippet as HTML, score) and facets (each filter's values
//     and their counts among the hits). A request it cannot read is
//     answered 400 with {"error": "..."}, and a search that fails 503.
//   - SearchPageHandler, /search/: the same search as a page in the
//     site's search layout, which gets a *SearchPageData as .Data: the
//     hits, each filter's values with the links that turn them on or off
//     (a value chosen by a filter's alias, such as level, counts as
//     chosen), the words for the values chosen, and links to the pages
//     before and after. It works without
//     JavaScript. A request it cannot read is explained on the page, with
//     status 400.
//   - CompareHandler, /compare/?areas=a,b&diff=1: the compare layout with
//     only the chosen areas (compare.ParseQuery).
//
// Handlers that read URL parameters read them with ParseQuery, so that
// all of them refuse the same malformed requests with 400.
package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Site serves one output folder.
type Site struct {
	basePath string
	reload   *Reloader                 // set for live preview
	problem  atomic.Pointer[[]problem] // authoring errors to show instead of pages; nil for none

	mu   sync.RWMutex
	root *os.Root
	// Extra handles paths the folder does not answer, such as a search
	// endpoint. It is consulted first for the paths it claims.
	routes map[string]http.Handler
	// ErrorLog receives unexpected errors; nil discards them.
	ErrorLog func(format string, args ...any)
}

// New returns a Site serving dir under basePath, which starts and ends
// with a slash.
func New(dir, basePath string) (*Site, error) {
	s := &Site{basePath: basePath, routes: map[string]http.Handler{}}
	if err := s.SetRoot(dir); err != nil {
		return nil, err
	}
	return s, nil
}

// SetRoot switches to serving dir.
func (s *Site) SetRoot(dir string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}
	s.mu.Lock()
	old := s.root
	s.root = root
	s.mu.Unlock()
	if old != nil {
		old.Close()
	}
	return nil
}

// Reload turns on live preview: HTML pages get a script that listens to
// r at _intkb/events and reloads when the site changes. Nothing is added
// to the files themselves.
func (s *Site) Reload(r *Reloader) {
	s.mu.Lock()
	s.reload = r
	s.routes["_intkb/events"] = r
	s.routes["_intkb/live.js"] = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, reloadScript)
	})
	s.mu.Unlock()
}

// SetProblem makes every HTML page show err, the authoring errors that
// stop the site from rebuilding, until it is called with nil. Each error
// of a model.ErrorList is shown as the command line prints it: its line,
// and below a mistake in the TOML itself the line it is on with a caret
// under the problem.
func (s *Site) SetProblem(err error) {
	if err == nil {
		s.problem.Store(nil)
		return
	}
	ps := problemsOf(err)
	s.problem.Store(&ps)
}

// Handle answers requests for the path p (relative to the base path, such
// as "api/search") with h instead of a file.
func (s *Site) Handle(p string, h http.Handler) {
	s.mu.Lock()
	s.routes[p] = h
	s.mu.Unlock()
}

// Close releases the folder.
func (s *Site) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.root == nil {
		return nil
	}
	err := s.root.Close()
	s.root = nil
	return err
}

func (s *Site) logf(format string, args ...any) {
	if s.ErrorLog != nil {
		s.ErrorLog(format, args...)
	}
}

// ServeHTTP implements http.Handler.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			s.logf("server: panic serving %q: %v", r.URL.Path, v)
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}()
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if !safePath(p) {
		http.Error(w, "bad request: invalid path", http.StatusBadRequest)
		return
	}
	if p+"/" == s.basePath {
		http.Redirect(w, r, s.basePath, http.StatusMovedPermanently)
		return
	}
	if !strings.HasPrefix(p, s.basePath) {
		if p == "/" {
			http.Redirect(w, r, s.basePath, http.StatusFound)
			return
		}
		s.notFound(w, r)
		return
	}
	rel := strings.TrimPrefix(p, s.basePath)
	s.mu.RLock()
	route := s.routes[strings.TrimSuffix(rel, "/")]
	s.mu.RUnlock()
	if route != nil {
		route.ServeHTTP(w, r)
		return
	}
	s.serveFile(w, r, rel)
}

// safePath reports whether p is a clean absolute URL path.
func safePath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return false
		}
	}
	return true
}

func (s *Site) serveFile(w http.ResponseWriter, r *http.Request, rel string) {
	name := strings.TrimSuffix(rel, "/")
	if name == "" {
		name = "."
	}
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") && seg != "." {
			s.notFound(w, r)
			return
		}
	}
	f, info, err := s.open(name)
	if err != nil {
		s.notFound(w, r)
		return
	}
	defer f.Close()
	if info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			target := r.URL.Path + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		f.Close()
		f, info, err = s.open(path.Join(name, "index.html"))
		if err != nil {
			s.notFound(w, r)
			return
		}
		defer f.Close()
	}
	if !info.Mode().IsRegular() {
		s.notFound(w, r)
		return
	}
	s.mu.RLock()
	reload := s.reload
	s.mu.RUnlock()
	if reload != nil && strings.HasSuffix(info.Name(), ".html") {
		s.servePreview(w, r, f, info)
		return
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		s.notFound(w, r)
		return
	}
	http.ServeContent(w, r, info.Name(), info.ModTime(), rs)
}

// maxPreviewPage is the largest HTML page the preview adds its script to.
const maxPreviewPage = 32 << 20

// servePreview serves an HTML page with the live-reload script, or the
// page of authoring errors.
func (s *Site) servePreview(w http.ResponseWriter, r *http.Request, f fs.File, info fs.FileInfo) {
	var page []byte
	if ps := s.problem.Load(); ps != nil {
		page = renderError(*ps)
	} else {
		data, err := io.ReadAll(io.LimitReader(f, maxPreviewPage))
		if err != nil {
			s.notFound(w, r)
			return
		}
		page = data
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	http.ServeContent(w, r, info.Name(), time.Time{}, bytes.NewReader(inject(page, s.basePath)))
}

func (s *Site) open(name string) (fs.File, fs.FileInfo, error) {
	s.mu.RLock()
	root := s.root
	s.mu.RUnlock()
	if root == nil {
		return nil, nil, fs.ErrNotExist
	}
	f, err := root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// notFound answers 404 with the site's own 404 page when it has one.
func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	f, _, err := s.open("404.html")
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		if _, err := io.Copy(w, f); err != nil && !errors.Is(err, io.ErrClosedPipe) {
			s.logf("server: writing 404: %v", err)
		}
	}
}

// NewHTTPServer returns an http.Server for h with timeouts that keep slow
// or stuck clients from holding connections. Its Shutdown closes at once
// the connections that have not yet sent a whole request, such as the
// spare ones browsers open to have one ready: http.Server would otherwise
// wait for them up to ReadHeaderTimeout.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	var mu sync.Mutex
	waiting := map[net.Conn]bool{}
	srv := &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ConnState: func(c net.Conn, state http.ConnState) {
			mu.Lock()
			defer mu.Unlock()
			if state == http.StateNew {
				waiting[c] = true
			} else {
				delete(waiting, c)
			}
		},
	}
	srv.RegisterOnShutdown(func() {
		mu.Lock()
		defer mu.Unlock()
		for c := range waiting {
			c.Close()
		}
	})
	return srv
}

// CloseStreams ends live-preview event streams, which would otherwise keep
// a graceful shutdown waiting.
func (s *Site) CloseStreams() {
	s.mu.RLock()
	r := s.reload
	s.mu.RUnlock()
	if r != nil {
		r.Close()
	}
}
