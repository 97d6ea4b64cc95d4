package checks

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	intkbserver "intkb/internal/server"
)

// rawRequest sends one request to the server at base, written as given,
// with the Host header host and the extra header lines, and returns the
// response with its body read (at most 1 MB).
func rawRequest(t *testing.T, base, method, target, host string, headers ...string) (*http.Response, string) {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", method, target, host)
	for _, h := range headers {
		fmt.Fprintf(conn, "%s\r\n", h)
	}
	fmt.Fprint(conn, "\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%s %q: %v", method, target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp, string(body)
}

// hostOf returns the host:port of a base URL.
func hostOf(base string) string {
	host, _, _ := strings.Cut(strings.TrimPrefix(base, "http://"), "/")
	return host
}

// TestHostileServerRequests sends intkb serve the requests that once
// made it answer 500 and log a panic (page numbers whose offset
// overflows), bytes that are not UTF-8 for /compare/ to echo, and
// requests in every method and shape a client can send. None is
// answered 5xx, each bad one is answered 400 in the shape its endpoint
// uses, and the server logs no panic (checked when it stops).
func TestHostileServerRequests(t *testing.T) {
	s := serve(t)
	host := hostOf(s.base)
	bad := []string{
		"/api/search?q=care&page=4611686018427387905&size=2",
		"/api/search?q=care&page=9223372036854775807",
		"/api/search?q=care&page=10001&size=100",
		"/search/?q=care&page=4611686018427387905&size=2",
		"/search/?q=care&page=9223372036854775807",
		"/compare/?areas=%ff%fe",
		"/compare/?areas=saltmere&diff=%c0%ae",
		"/compare/?areas=%zz",
	}
	for _, target := range bad {
		resp, body := rawRequest(t, s.base, "GET", target, host)
		if resp.StatusCode != 400 {
			t.Errorf("GET %s: %d, want 400", target, resp.StatusCode)
		}
		switch {
		case strings.HasPrefix(target, "/api/") && !strings.Contains(body, `"error":`):
			t.Errorf("GET %s: the JSON does not say what is wrong: %.200s", target, body)
		case strings.HasPrefix(target, "/search/") && !strings.Contains(body, "There is a problem"):
			t.Errorf("GET %s: the page does not say what is wrong", target)
		case strings.ContainsAny(body, "\xff\xfe\xc0"):
			t.Errorf("GET %s: the answer echoes bytes that are not UTF-8: %.200q", target, body)
		}
	}

	// Any method, any repeated key, any Range: never a 5xx.
	ranges := "Range: bytes=" + strings.TrimSuffix(strings.Repeat("0-,", 2000), ",")
	for _, tt := range []struct {
		method, target string
		headers        []string
	}{
		{"HEAD", "/api/search?q=care&page=4611686018427387905&size=2", nil},
		{"HEAD", "/compare/?areas=%ff%fe", nil},
		{"POST", "/api/search?q=care", nil},
		{"OPTIONS", "/search/", nil},
		{"OPTIONS", "*", nil},
		{"PUT", "/index.html", nil},
		{"DELETE", "/", nil},
		{"GET", "/api/search?q=care&page=1&page=99999999999999999999&size=1&size=101", nil},
		{"GET", "/search/?q=care&q=%ff&type=blueprint&type=blueprint", nil},
		{"GET", "/compare/?areas=saltmere&areas=saltmere&diff=1&diff=0", nil},
		{"GET", "/css/intkb.css", []string{ranges}},
		{"GET", "/css/intkb.css", []string{"Range: bytes=99999999999999999999-"}},
		{"GET", "/css/intkb.css", []string{"Range: bytes=-99999999999999999999"}},
		{"GET", "/", []string{"Range: bytes=0-0,-1,1-"}},
		{"GET", "/%ff%fe/", nil},
		{"GET", "/search/%zz", nil},
		{"GET", "/_intkb/events", nil}, // no stream without watching
	} {
		resp, body := rawRequest(t, s.base, tt.method, tt.target, host, tt.headers...)
		if resp.StatusCode >= 500 {
			t.Errorf("%s %s: %d %.200s", tt.method, tt.target, resp.StatusCode, body)
		}
	}
	if status, _ := s.get(t, "search/?q=frailty"); status != 200 {
		t.Errorf("after the hostile requests, a search answers %d", status)
	}
}

// TestServeAnswersOnlyItsOwnHost checks the guard against DNS rebinding:
// on a loopback address, a request addressed to another name, as a
// rebinding page's is, is refused, and one to localhost or the address
// itself is answered.
func TestServeAnswersOnlyItsOwnHost(t *testing.T) {
	s := serve(t, "--drafts")
	_, port, _ := net.SplitHostPort(hostOf(s.base))
	for _, host := range []string{"localhost:" + port, "127.0.0.1:" + port, "localhost", "preview.localhost:" + port} {
		if resp, body := rawRequest(t, s.base, "GET", "/", host); resp.StatusCode != 200 || !strings.Contains(body, "Recently updated") {
			t.Errorf("Host: %s: %d, want the home page", host, resp.StatusCode)
		}
	}
	for _, host := range []string{"evil.example", "evil.example:" + port, "localhost.evil.example:" + port, "127.0.0.1.nip.io:" + port} {
		for _, target := range []string{"/", "/api/search?q=care", "/blueprints/saltmere/", "/css/intkb.css"} {
			resp, body := rawRequest(t, s.base, "GET", target, host)
			if resp.StatusCode != http.StatusMisdirectedRequest || strings.Contains(body, "Saltmere") || !strings.Contains(body, "loopback") {
				t.Errorf("Host: %s, GET %s: %d %.100q, want 421 and a short explanation", host, target, resp.StatusCode, body)
			}
		}
	}
	// An absolute-form request names its host in the request line.
	if resp, _ := rawRequest(t, s.base, "GET", "http://evil.example/", "evil.example"); resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("GET http://evil.example/: %d, want 421", resp.StatusCode)
	}
}

// TestLiveReloadStreamsAreCapped opens more live-reload streams than
// intkb serve keeps: the extra ones get 503 with Retry-After, pages are
// still served meanwhile, and a stream whose page closes frees its place.
func TestLiveReloadStreamsAreCapped(t *testing.T) {
	s := serve(t, "--no-watch=false") // the streams exist only while watching
	host := hostOf(s.base)
	opened := 0
	open := func() (net.Conn, *http.Response) {
		opened++
		conn, err := net.DialTimeout("tcp", host, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		fmt.Fprintf(conn, "GET /_intkb/events HTTP/1.1\r\nHost: %s\r\n\r\n", host)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			conn.Close()
			t.Fatalf("stream %d: %v", opened, err)
		}
		return conn, resp
	}
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range intkbserver.MaxStreams {
		conn, resp := open()
		conns = append(conns, conn)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
			t.Fatalf("stream %d of %d: %d", len(conns), intkbserver.MaxStreams, resp.StatusCode)
		}
	}
	for range 3 {
		conn, resp := open()
		conn.Close()
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Errorf("a stream past the cap of %d: %d, Retry-After %q", intkbserver.MaxStreams, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	if status, body := s.get(t, "blueprints/saltmere/"); status != 200 || !strings.Contains(string(body), "Saltmere") {
		t.Errorf("with every stream taken, a page answers %d", status)
	}
	// A page that goes away frees its place.
	conns[0].Close()
	conns = conns[1:]
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, resp := open()
		if resp.StatusCode == 200 {
			conns = append(conns, conn)
			break
		}
		conn.Close()
		if time.Now().After(deadline) {
			t.Fatalf("10 s after a page closed its stream, a new one still gets %d", resp.StatusCode)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBaseURLWithAQuote serves a site whose baseURL holds a quote, which
// once broke out of the live-reload script's src attribute: the script
// element is well-formed, its attributes say what they mean, and the
// script it names is served.
func TestBaseURLWithAQuote(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, goodSite)
	editFile(t, dir, "site.toml", `baseURL = "https://example.org/"`, `baseURL = 'https://example.org/a"b/'`)
	if _, stderr, code := run(t, dir, "build", "--dest", t.TempDir()); code != 0 {
		// Refusing such a baseURL, clearly, is as good as escaping it.
		if code != 1 || !strings.Contains(stderr, "site.toml") || !strings.Contains(stderr, "baseURL") {
			t.Fatalf("a baseURL with a quote: exit %d without naming it:\n%s", code, stderr)
		}
		t.Skipf("baseURL with a quote is refused: %s", stderr)
	}
	s := serve(t, "--source", dir, "--no-watch=false")
	if !strings.HasSuffix(s.base, "/a%22b/") && !strings.HasSuffix(s.base, `/a"b/`) {
		t.Fatalf("serving at %s, not under the base path", s.base)
	}
	host := hostOf(s.base)
	resp, page := rawRequest(t, s.base, "GET", "/a%22b/", host)
	if resp.StatusCode != 200 {
		t.Fatalf("GET /a%%22b/: %d", resp.StatusCode)
	}
	if strings.Contains(page, `src="/a"b`) {
		t.Error(`the page holds src="/a"b: the quote ends the attribute`)
	}
	tags := regexp.MustCompile(`<script src="([^"<>]*)" data-base="([^"<>]*)"></script>\s*</body>`).FindStringSubmatch(page)
	if tags == nil {
		i := strings.LastIndex(page, "<script")
		t.Fatalf("no well-formed live-reload script before </body>: %.200q", page[max(i, 0):])
	}
	src, base := html.UnescapeString(tags[1]), html.UnescapeString(tags[2])
	if src != "/a%22b/_intkb/live.js" || base != `/a"b/` {
		t.Errorf("src %q, data-base %q; want /a%%22b/_intkb/live.js and /a\"b/", src, base)
	}
	if resp, body := rawRequest(t, s.base, "GET", src, host); resp.StatusCode != 200 || !strings.Contains(body, "EventSource") {
		t.Errorf("GET %s: %d, want the live-reload script", src, resp.StatusCode)
	}
	if resp, _ := rawRequest(t, s.base, "HEAD", "/a%22b/_intkb/events", host); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("the events stream under the base path: %d", resp.StatusCode)
	}
}
