package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// compareServer serves the built demo's files and its request-time
// comparisons, as intkb serve does, until the test ends; what the
// comparison handler logs goes to logf.
func compareServer(tb testing.TB, logf func(string, ...any)) *httptest.Server {
	tb.Helper()
	dest, res, _ := demoSite(tb)
	site, err := New(dest, "/")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { site.Close() })
	site.Handle("compare", CompareHandler(res.Site, logf))
	srv := httptest.NewServer(site)
	tb.Cleanup(srv.Close)
	return srv
}

// TestCompareServed builds the demo site and asks the server for
// comparisons, good and bad. It never answers 500.
func TestCompareServed(t *testing.T) {
	srv := compareServer(t, t.Logf)

	columns := regexp.MustCompile(`<th scope="col" data-col="([^"]+)" class="compare-matrix__area">`)
	var names []string
	for i := range 300 { // 2.7 KB: a longer address is refused (see TestCompareRefusesUnreadableQueries)
		names = append(names, fmt.Sprintf("area-%d", i))
	}
	many := "areas=" + strings.Join(names, ",")
	tests := []struct {
		name, query string
		areas       []string
		inBody      string
	}{
		{"two, only differences", "areas=saltmere,kingsmoor&diff=1", []string{"saltmere", "kingsmoor"}, "Showing 2 areas, only where they differ."},
		{"as the form sends it", "areas=kingsmoor&areas=brackenfield", []string{"brackenfield", "kingsmoor"}, "Showing 2 areas."},
		{"no choice", "", []string{"brackenfield", "saltmere", "hollins-vale", "kingsmoor"}, "Showing 4 areas."},
		{"unknown area", "areas=saltmere,atlantis", []string{"saltmere"}, "This site has no area “atlantis” to compare"},
		// Asking only for areas that do not exist shows none, with the
		// form: a request never costs every area's column.
		{"only unknown areas", "areas=atlantis", nil, "None of the areas you asked for is here"},
		{"too many", many, nil, "At most 20 areas can be compared at once"},
		{"markup in a name", "areas=<script>alert(1)</script>", nil, "&lt;script&gt;"},
		{"odd parameters", "areas[]=saltmere&diff=maybe&diff=1&page=-1", []string{"brackenfield", "saltmere", "hollins-vale", "kingsmoor"}, "Showing 4 areas."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Get(srv.URL + "/compare/?" + tt.query)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page := string(body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", resp.StatusCode)
			}
			var got []string
			for _, m := range columns.FindAllStringSubmatch(page, -1) {
				got = append(got, m[1])
			}
			if strings.Join(got, ",") != strings.Join(tt.areas, ",") {
				t.Errorf("columns %v, want %v", got, tt.areas)
			}
			if !strings.Contains(page, tt.inBody) || len(tt.areas) > 0 && !strings.Contains(page, `data-rendered="server"`) {
				t.Errorf("the page lacks %q or is not marked as served", tt.inBody)
			}
			if strings.Contains(page, "<script>alert") {
				t.Error("a name from the request is not escaped")
			}
		})
	}

	resp, err := http.Get(srv.URL + "/compare?areas=saltmere,brackenfield")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("/compare without its slash: %v %v", resp.Status, err)
	}
	req, _ := http.NewRequest(http.MethodHead, srv.URL+"/compare/?areas=saltmere", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK || resp.ContentLength <= 0 {
		t.Errorf("HEAD: %v %v", resp, err)
	}
	if resp, err := http.Post(srv.URL+"/compare/", "text/plain", nil); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %v %v", resp, err)
	}
}
