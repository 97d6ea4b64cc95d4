package server

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// openStream asks srv for an event stream and returns the response,
// whose body the caller closes.
func openStream(t *testing.T, url string) *http.Response {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// waitListeners waits until r has n listeners.
func waitListeners(t *testing.T, r *Reloader, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for r.Listeners() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d listeners, want %d", r.Listeners(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestStreamsAreCapped opens more event streams than the cap: the extra
// ones are answered 503 with Retry-After, and a place freed by a page
// that closes is given to the next.
func TestStreamsAreCapped(t *testing.T) {
	r := NewReloader()
	r.max = 3
	srv := httptest.NewServer(r)
	defer srv.Close()
	defer r.Close()
	var open []*http.Response
	for range r.max {
		resp := openStream(t, srv.URL)
		if resp.StatusCode != 200 {
			t.Fatalf("stream %d: %d", len(open)+1, resp.StatusCode)
		}
		open = append(open, resp)
	}
	waitListeners(t, r, r.max)
	over := openStream(t, srv.URL)
	over.Body.Close()
	if over.StatusCode != http.StatusServiceUnavailable || over.Header.Get("Retry-After") == "" {
		t.Errorf("a stream past the cap: %d, Retry-After %q", over.StatusCode, over.Header.Get("Retry-After"))
	}
	open[0].Body.Close()
	waitListeners(t, r, r.max-1)
	again := openStream(t, srv.URL)
	defer again.Body.Close()
	if again.StatusCode != 200 {
		t.Errorf("a stream after one closed: %d", again.StatusCode)
	}
	for _, resp := range open[1:] {
		resp.Body.Close()
	}
}

// TestStalledStreamIsDropped holds a stream open without reading it while
// changes are sent: once its connection can take no more, the stream is
// dropped instead of holding its place for ever.
func TestStalledStreamIsDropped(t *testing.T) {
	r := NewReloader()
	r.writeTimeout = 200 * time.Millisecond
	srv := httptest.NewServer(r)
	defer srv.Close()
	defer r.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.(*net.TCPConn).SetReadBuffer(4 << 10)
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: %s\r\n\r\n", srv.Listener.Addr())
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.Contains(status, "200") {
		t.Fatalf("stream: %q %v", status, err)
	}
	waitListeners(t, r, 1)
	// Large events fill the connection's buffers quickly; the client reads
	// nothing more.
	big := make([]string, 1000)
	for i := range big {
		big[i] = strings.Repeat("x", 1000)
	}
	deadline := time.Now().Add(10 * time.Second)
	for r.Listeners() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("a stream that is not read was still held after 10 s")
		}
		r.Notify(Event{URLs: big})
		time.Sleep(5 * time.Millisecond)
	}
}

// TestReloadTagEscapesTheBasePath checks that a base path holding a quote,
// as a baseURL may, cannot break out of the script element's attributes.
func TestReloadTagEscapesTheBasePath(t *testing.T) {
	for base, want := range map[string]string{
		"/":               `<script src="/_intkb/live.js" data-base="/"></script>`,
		`/a"b/`:           `<script src="/a%22b/_intkb/live.js" data-base="/a&#34;b/"></script>`,
		`/x" onload="x/`:  `<script src="/x%22%20onload=%22x/_intkb/live.js" data-base="/x&#34; onload=&#34;x/"></script>`,
		"/a'b/<c>/":       `<script src="/a%27b/%3Cc%3E/_intkb/live.js" data-base="/a&#39;b/&lt;c&gt;/"></script>`,
		"/caf\u00e9/?#%/": `<script src="/caf%C3%A9/%3F%23%25/_intkb/live.js" data-base="/café/?#%/"></script>`,
	} {
		page := string(inject([]byte("<html><body><p>x</p></body></html>"), base))
		if want := "<html><body><p>x</p>" + want + "</body></html>"; page != want {
			t.Errorf("base %q:\n got %s\nwant %s", base, page, want)
		}
	}
}
