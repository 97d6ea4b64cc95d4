package search

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"intkb/search/static"
)

// gzipped returns data compressed by Go's gzip at level, with header h.
func gzipped(t *testing.T, data []byte, level int, h gzip.Header) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		t.Fatal(err)
	}
	zw.Header = h
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scriptGunzip runs the search page's own gunzip, which a browser without
// DecompressionStream uses, on each of files and returns what it gives,
// or its error.
func scriptGunzip(t *testing.T, files [][]byte) (out [][]byte, errs []string) {
	t.Helper()
	in := make([]string, len(files))
	for i, f := range files {
		in[i] = base64.StdEncoding.EncodeToString(f)
	}
	var answers []any
	runEngine(t, map[string]any{"gunzip": in}, &answers)
	for _, a := range answers {
		switch a := a.(type) {
		case string:
			data, err := base64.StdEncoding.DecodeString(a)
			if err != nil {
				t.Fatal(err)
			}
			out, errs = append(out, data), append(errs, "")
		case map[string]any:
			out, errs = append(out, nil), append(errs, a["error"].(string))
		}
	}
	return out, errs
}

// TestScriptInflatesGo checks the search page's own inflate against data
// Go compressed: empty, small, large, each kind of block (stored, the
// fixed code, a dynamic code), long matches and far ones, and a header
// with a name, a comment and extra fields; and that data cut short or
// longer than its trailer says is refused.
func TestScriptInflatesGo(t *testing.T) {
	demoIndex(t)
	text, err := os.ReadFile(filepath.Join(demo.dir, "public", "playbooks", "start-with-needs", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	random := make([]byte, 150_000) // more than two stored blocks
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	far := append(append(slices.Clone(random[:200]), random[:30_000]...), random[:200]...) // a match 30,000 bytes back
	cases := []struct {
		name  string
		data  []byte
		level int
		h     gzip.Header
		block int // the first block's type: 0 stored, 1 fixed code, 2 dynamic code; -1 any
	}{
		{"empty", nil, gzip.DefaultCompression, gzip.Header{}, -1},
		{"small", []byte(`{"u":"playbooks/x/","t":"Frailty"}`), gzip.DefaultCompression, gzip.Header{}, 1},
		{"fixed code, every symbol", fixedCodeData(), gzip.DefaultCompression, gzip.Header{}, 1},
		{"large text", text, gzip.DefaultCompression, gzip.Header{}, 2},
		{"best", text, gzip.BestCompression, gzip.Header{}, 2},
		{"fastest", text, gzip.BestSpeed, gzip.Header{}, 2},
		{"huffman only", text, gzip.HuffmanOnly, gzip.Header{}, 2},
		{"stored", text, gzip.NoCompression, gzip.Header{}, 0},
		{"random", random, gzip.DefaultCompression, gzip.Header{}, 0},
		{"long runs", bytes.Repeat([]byte("a"), 100_000), gzip.DefaultCompression, gzip.Header{}, -1},
		{"far match", far, gzip.BestCompression, gzip.Header{}, -1},
		{"named", text, gzip.DefaultCompression, gzip.Header{Name: "d/3.json", Comment: "a page", Extra: []byte("xy")}, -1},
	}
	var files [][]byte
	blocks := map[int]bool{}
	for _, c := range cases {
		gz := gzipped(t, c.data, c.level, c.h)
		if c.block >= 0 {
			if got := int(gz[10]>>1) & 3; got != c.block {
				t.Errorf("%s: Go wrote a first block of type %d, want %d", c.name, got, c.block)
			}
			blocks[c.block] = true
		}
		files = append(files, gz)
	}
	// Whole files from the demo's static index, as search reads them.
	dir := static.Dir(filepath.Join(demo.dir, "public"))
	var index []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".gz") {
			index = append(index, p)
		}
		return err
	})
	if len(index) < 50 {
		t.Fatalf("%d compressed files in the demo's index", len(index))
	}
	for _, p := range index {
		gz, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, gz)
	}
	good := files[1]
	files = append(files, good[:len(good)-12], withTrailerSize(good, 3))

	got, errs := scriptGunzip(t, files)
	if len(got) != len(files) {
		t.Fatalf("%d answers for %d files", len(got), len(files))
	}
	for i, gz := range files[:len(files)-2] {
		name := "a file of the demo's index"
		if i < len(cases) {
			name = cases[i].name
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := io.ReadAll(zr)
		if errs[i] != "" || !bytes.Equal(got[i], want) {
			t.Errorf("%s: the script's gunzip gave %d bytes (%s), want %d", name, len(got[i]), errs[i], len(want))
		}
	}
	if !blocks[0] || !blocks[1] || !blocks[2] {
		t.Errorf("blocks of types %v only", blocks)
	}
	if n := len(files); !strings.Contains(errs[n-2], "ends early") || !strings.Contains(errs[n-1], "trailer") {
		t.Errorf("data cut short: %q; a trailer too small: %q", errs[n-2], errs[n-1])
	}
}

// fixedCodeData returns data that Go compresses in the fixed code, with
// a literal of every byte value and matches of every length.
func fixedCodeData() []byte {
	var b []byte
	for v := range 256 {
		b = append(b, byte(v))
	}
	for n := 3; n <= 300; n += 7 {
		b = append(b, bytes.Repeat([]byte{byte(n)}, n+1)...)
	}
	return b
}

// withTrailerSize returns gz with the size its trailer gives set to n.
func withTrailerSize(gz []byte, n byte) []byte {
	out := append([]byte(nil), gz...)
	copy(out[len(out)-4:], []byte{n, 0, 0, 0})
	return out
}

// TestScriptReadsFilesCompressedOrNot searches the demo's static index
// three ways, which must answer alike: its files decompressed by
// DecompressionStream, by the script's own inflate (a browser without
// DecompressionStream), and already decompressed, as a browser hands
// over a .gz file that a host sent with Content-Encoding: gzip.
func TestScriptReadsFilesCompressedOrNot(t *testing.T) {
	demoIndex(t)
	dir := static.Dir(filepath.Join(demo.dir, "public"))
	plain := t.TempDir()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := readIndexFile(dir, filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Join(plain, filepath.Dir(rel)), 0o755)
		return os.WriteFile(filepath.Join(plain, rel), data, 0o644) // under its own name, .gz and all
	})
	if err != nil {
		t.Fatal(err)
	}
	var reqs []map[string]any
	for _, r := range agreementQueries {
		reqs = append(reqs, map[string]any{"query": r.Query, "filters": r.Filters, "size": 10})
	}
	reqs = append(reqs, map[string]any{"query": `"unity of effort"`}, map[string]any{"query": "pharmasy"})
	type answer struct {
		Responses []any
		Fetched   []string
	}
	var stream, own, decompressed answer
	runEngine(t, map[string]any{"index": dir, "requests": reqs}, &stream)
	runEngine(t, map[string]any{"index": dir, "requests": reqs, "ownInflate": true}, &own)
	runEngine(t, map[string]any{"index": plain, "requests": reqs}, &decompressed)
	if !reflect.DeepEqual(stream.Responses, own.Responses) {
		t.Errorf("the script's own inflate answers otherwise than DecompressionStream")
	}
	if !reflect.DeepEqual(stream.Responses, decompressed.Responses) {
		t.Errorf("files already decompressed answer otherwise than compressed ones")
	}
	found := 0
	for _, r := range stream.Responses {
		if total, _ := r.(map[string]any)["total"].(float64); total > 0 {
			found++
		}
	}
	if found < len(reqs)/2 || len(stream.Fetched) < 10 {
		t.Errorf("%d of %d queries found anything, from %d files", found, len(reqs), len(stream.Fetched))
	}
}
