package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileTargets are requests that once made a handler answer 500 or
// echo bytes that are not UTF-8, or that try the edges of every
// parameter: they seed the fuzz targets below.
var hostileTargets = map[string][]string{
	"api/search": {
		"/api/search?q=care&page=4611686018427387905&size=2",
		"/api/search?q=care&page=9223372036854775807",
		"/api/search?q=care&page=10000&size=100",
		"/api/search?q=care&page=10001",
		"/api/search?q=care&page=-9223372036854775808&size=-1",
		"/api/search?q=care&size=100&page=2&page=3&size=1",
		"/api/search?q=frailty&type=case-study&area=saltmere,,kingsmoor&cohort=frailty&tag=x&level=unity_of_effort",
		"/api/search?q=%ff%fe",
		"/api/search?q=a%zz",
		"/api/search?q=care;type=blueprint",
		"/api/search/?q=care",
		"/api/search?q=\"unclosed -\"x y\" tag: a:b:c",
	},
	"search": {
		"/search/?q=care&page=4611686018427387905&size=2",
		"/search/?q=care&page=9223372036854775807",
		"/search/?q=care&page=10000&size=1",
		"/search/?q=frailty&type=case-study&type=blueprint&area=saltmere&page=2&size=1",
		"/search/?q=%3Cscript%3Ealert(1)%3C/script%3E",
		"/search/?q=%c0%ae",
		"/search/?q=care&tag=%ff",
		"/search?q=care",
		"/search/%2e%2e/?q=care",
	},
	"compare": {
		"/compare/?areas=%ff%fe",
		"/compare/?%ff=saltmere",
		"/compare/?areas=saltmere,kingsmoor&diff=1",
		"/compare/?areas=saltmere&areas=saltmere&diff=1&diff=0",
		"/compare/?areas=%zz&diff=1",
		"/compare/?areas=%3Cscript%3E&diff=%E2%9C%93",
		"/compare/?areas=" + strings.Repeat("a,", 300),
		"/compare?areas=brackenfield",
	},
}

// servedDemo returns the demo site wired as intkb serve wires it: its
// files, search, the search API and request-time comparisons, behind the
// loopback guard. Panics a handler recovers from are written to *logged.
func servedDemo(f *testing.F, logged *strings.Builder) http.Handler {
	dest, res, idx := demoSite(f)
	site, err := New(dest, "/")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { site.Close() })
	site.ErrorLog = func(format string, args ...any) { fmt.Fprintf(logged, format+"\n", args...) }
	site.Handle("search", SearchPageHandler(idx, res.Site))
	site.Handle("api/search", SearchAPIHandler(idx, "/"))
	site.Handle("compare", CompareHandler(res.Site, site.ErrorLog))
	return LoopbackOnly(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1313}, site)
}

// fuzzRequests sends method and target, as a client could write them in a
// request line, through h, and checks what every answer must be: never a
// 5xx or a panic, text that is UTF-8, JSON that parses wherever JSON is
// promised, and an HTML page that is whole.
func fuzzRequests(f *testing.F, route string) {
	for _, target := range hostileTargets[route] {
		f.Add(uint8(0), target)
	}
	f.Add(uint8(1), hostileTargets[route][0])
	var logged strings.Builder
	h := servedDemo(f, &logged)
	methods := []string{"GET", "HEAD", "POST", "OPTIONS"}
	f.Fuzz(func(t *testing.T, method uint8, target string) {
		line := methods[int(method)%len(methods)] + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:1313\r\n\r\n"
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(line)))
		if err != nil {
			return // the server answers 400 before any handler sees it
		}
		logged.Reset()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		checkResponse(t, req, rec, route)
		if logged.Len() > 0 {
			t.Errorf("%s %q logged: %s", req.Method, target, logged.String())
		}
	})
}

// checkResponse fails t unless rec is an answer a client can use.
func checkResponse(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder, route string) {
	t.Helper()
	what := fmt.Sprintf("%s %q", req.Method, req.RequestURI)
	if rec.Code >= 500 {
		t.Fatalf("%s: %d %.300s", what, rec.Code, rec.Body)
	}
	body := rec.Body.Bytes()
	ct := rec.Header().Get("Content-Type")
	if strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") {
		if !utf8.Valid(body) {
			t.Fatalf("%s: %d: the answer is not UTF-8: %.300q", what, rec.Code, body)
		}
	}
	if req.Method != http.MethodGet || strings.TrimSuffix(strings.TrimPrefix(req.URL.Path, "/"), "/") != route {
		return
	}
	switch route {
	case "api/search":
		var v map[string]any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("%s: %d: not JSON: %v: %.300s", what, rec.Code, err, body)
		}
		if _, ok := v["error"].(string); rec.Code == 400 && !ok {
			t.Fatalf("%s: 400 without an error: %.300s", what, body)
		}
	default:
		if !strings.HasPrefix(ct, "text/html") && rec.Code == 200 {
			t.Fatalf("%s: 200 with Content-Type %q", what, ct)
		}
		if rec.Code == 200 && !strings.HasSuffix(strings.TrimSpace(string(body)), "</html>") {
			t.Fatalf("%s: the page is cut short: %.300s", what, body[max(0, len(body)-300):])
		}
	}
}

// FuzzAPISearchRequest sends /api/search any query string, and paths
// near it, through the server and the handler.
func FuzzAPISearchRequest(f *testing.F) { fuzzRequests(f, "api/search") }

// FuzzSearchPageRequest does the same for the search page, /search/.
func FuzzSearchPageRequest(f *testing.F) { fuzzRequests(f, "search") }

// FuzzCompareRequest does the same for request-time comparisons,
// /compare/.
func FuzzCompareRequest(f *testing.F) { fuzzRequests(f, "compare") }
