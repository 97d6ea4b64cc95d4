package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"intkb/builder"
	"intkb/internal/server"
)

// TestCompareRefusesUnreadableQueries checks that a query string the
// server cannot read as text is answered 400, saying why, and never
// echoed: bytes that are not UTF-8 once came back inside the page.
func TestCompareRefusesUnreadableQueries(t *testing.T) {
	root, err := os.OpenRoot("../..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	dest := filepath.Join(t.TempDir(), "site")
	res, err := builder.Build(builder.Options{Source: root.FS(), Dest: dest, BaseURL: "http://127.0.0.1/"})
	if err != nil {
		t.Fatal(err)
	}
	site, err := server.New(dest, "/")
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	site.Handle("compare", compareHandler(res.Site, t.Errorf))
	srv := httptest.NewServer(site)
	defer srv.Close()
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
