package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// server serves every site's output folder on loopback, each under
// /NAME/, as a static host does; a site set down answers 503.
type server struct {
	url  string
	srv  *http.Server
	root string

	mu       sync.Mutex
	down     []string
	requests int
	notMod   int
	sent     int64
}

func serve(root string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{url: "http://" + ln.Addr().String(), root: root}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	s.mu.Lock()
	s.requests++
	isDown := slices.Contains(s.down, name)
	s.mu.Unlock()
	if isDown || strings.Contains(name, ".") || name == "" {
		http.Error(w, "down for the benchmark", http.StatusServiceUnavailable)
		return
	}
	cw := &countingWriter{ResponseWriter: w}
	r.URL.Path = "/" + rest
	http.FileServer(http.Dir(filepath.Join(s.root, name, "public"))).ServeHTTP(cw, r)
	s.mu.Lock()
	s.sent += cw.n
	if cw.code == http.StatusNotModified {
		s.notMod++
	}
	s.mu.Unlock()
}

func (s *server) setDown(names []string) {
	s.mu.Lock()
	s.down = names
	s.mu.Unlock()
}

func (s *server) reset() {
	s.mu.Lock()
	s.requests, s.notMod, s.sent = 0, 0, 0
	s.mu.Unlock()
}

func (s *server) counts() (requests, notMod int, sent int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests, s.notMod, s.sent
}

func (s *server) close() { s.srv.Close() }

// countingWriter counts the body bytes and keeps the status.
type countingWriter struct {
	http.ResponseWriter
	code int
	n    int64
}

func (c *countingWriter) WriteHeader(code int) {
	c.code = code
	c.ResponseWriter.WriteHeader(code)
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += int64(n)
	return n, err
}

// print writes the medians as a markdown table.
func (m *measures) print(w io.Writer, sites, blueprints, down, reps int) {
	fmt.Fprintf(w, "%d sites, %d blueprints; median of %d builds of each kind\n\n", sites, blueprints, reps)
	fmt.Fprintln(w, "| build | wall time | CPU time | requests | answered 304 | bytes sent | warnings | areas compared | sites from kept copies | /compare/ |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, k := range m.kinds {
		r := m.median(k)
		what := map[string]string{"cold": "cold (no kept copies)", "warm": "warm (nothing changed)", "down": fmt.Sprintf("%d sources down", down)}[k]
		fmt.Fprintf(w, "| %s | %.2f s | %.2f s | %d | %d | %d KB | %d | %d | %d | %d KB |\n", what, r.wall.Seconds(), r.cpu.Seconds(), r.requests, r.notMod, r.sent>>10, r.warnings, r.areas, r.stale, r.compareKB)
	}
}
