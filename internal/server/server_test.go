package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompressedFileServedAsItIs checks that a file compressed already,
// as the static search index's X.json.gz are, is sent byte for byte, as
// gzip data, to a client that accepts gzip: never compressed again, and
// without Content-Encoding, so that the page's script gets the bytes on
// disk.
func TestCompressedFileServedAsItIs(t *testing.T) {
	dir := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`[["frailty",[1,0,0,3],[0,0]]]`))
	zw.Close()
	os.MkdirAll(filepath.Join(dir, "search", "index", "t"), 0o755)
	os.WriteFile(filepath.Join(dir, "search", "index", "t", "0.json.gz"), gz.Bytes(), 0o644)
	srv := servedFolder(t, dir)

	req, _ := http.NewRequest("GET", srv.URL+"/search/index/t/0.json.gz?v=abc", nil)
	req.Header.Set("Accept-Encoding", "gzip") // set by hand, so that the client hands over the body as sent
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, gz.Bytes()) {
		t.Errorf("%d, %d bytes: want the %d bytes on disk", resp.StatusCode, len(body), gz.Len())
	}
	if enc := resp.Header.Get("Content-Encoding"); enc != "" {
		t.Errorf("sent with Content-Encoding %q", enc)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, "gzip") {
		t.Errorf("sent as %q, want a gzip type", ct)
	}
}

// TestRecordPackServedByRange checks that a range of a file, as the
// search page reads a page's record from a record pack
// (search/index/d/K.bin), is answered with those bytes alone, 206.
func TestRecordPackServedByRange(t *testing.T) {
	dir := t.TempDir()
	pack := bytes.Repeat([]byte("0123456789abcdef"), 64)
	os.MkdirAll(filepath.Join(dir, "search", "index", "d"), 0o755)
	os.WriteFile(filepath.Join(dir, "search", "index", "d", "0.bin"), pack, 0o644)
	srv := servedFolder(t, dir)

	req, _ := http.NewRequest("GET", srv.URL+"/search/index/d/0.bin?v=abc", nil)
	req.Header.Set("Range", "bytes=256-511")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, pack[256:512]) || resp.Header.Get("Content-Range") != "bytes 256-511/1024" {
		t.Errorf("%d, %d bytes, Content-Range %q: want 206 and bytes 256 to 511", resp.StatusCode, len(body), resp.Header.Get("Content-Range"))
	}
}

// servedFolder serves the built site in dir over HTTP until the test ends.
func servedFolder(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	site, err := New(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site)
	t.Cleanup(func() {
		srv.Close()
		site.Close()
	})
	return srv
}
