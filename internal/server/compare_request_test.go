package server

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestCompareRefusesUnreadableQueries checks that a query string the
// server cannot read as text is answered 400, saying why, and never
// echoed: bytes that are not UTF-8 once came back inside the page.
func TestCompareRefusesUnreadableQueries(t *testing.T) {
	srv := compareServer(t, t.Errorf)
	for query, why := range map[string]string{
		"areas=%ff%fe":                        "not UTF-8",
		"areas=saltmere,%c0%ae":               "not UTF-8",
		"%ff=saltmere":                        "not UTF-8",
		"areas=%zz&diff=1":                    "malformed",
		"areas=saltmere;diff=1":               "malformed",
		"areas=" + strings.Repeat("a,", 5000): "too long",
	} {
		resp, err := http.Get(srv.URL + "/compare/?" + query)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), why) || !utf8.Valid(body) {
			t.Errorf("%.40s: %d %.120q, want 400 saying %q", query, resp.StatusCode, body, why)
		}
	}
}
