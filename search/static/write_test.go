package static

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"intkb/builder"
)

// testPages returns n pages of a few words each, with a value of every
// facet, enough for every kind of file.
func testPages(n int) []*Page {
	words := strings.Fields("frailty care homes community pharmacy falls prevention discharge virtual ward team")
	var pages []*Page
	for i := range n {
		p := &Page{URL: fmt.Sprintf("playbooks/p%03d/", i), Title: fmt.Sprintf("Playbook %d", i), Type: "playbook", Area: "saltmere",
			Summary: "A summary of " + words[i%len(words)], Sections: []Section{{ID: "", Heading: "", Text: "Some text"}}}
		for _, f := range builder.Facets {
			p.Facets = append(p.Facets, []string{f.Field + "-" + fmt.Sprint(i%3)})
		}
		for f := range p.Fields {
			var terms []Term
			for j := range 3 {
				terms = append(terms, Term{Term: words[(i+j+f)%len(words)], Positions: []int32{int32(j)}})
			}
			p.Fields[f] = Field{Length: 3, Terms: terms}
		}
		pages = append(pages, p)
	}
	return pages
}

// writePages writes the static index of pages into dir, as an Index
// they are all added to.
func writePages(dir string, pages []*Page, r *Rules, o Options) error {
	x := NewIndex()
	for _, p := range pages {
		x.Add(p)
	}
	return x.Write(dir, r, o)
}

func testRules() *Rules {
	return &Rules{Fields: []string{"title", "headings", "summary", "body"}, Boosts: []float64{4, 2, 2, 1},
		TypoLetters: 5, TypoMaxLetters: 16, PrefixTerms: 10, Snippet: 160, Stop: []string{"a", "of"}, Query: map[string]string{"type": "type"}}
}

// readTree returns every file under dir by its path relative to dir.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestWriteCompressesEveryFileButMeta checks format 8 on disk: meta.json
// plain JSON of this format, every other file X.json.gz, gzip with no
// name and no time in its header, holding JSON; and two writes of the
// same pages give the same bytes.
func TestWriteCompressesEveryFileButMeta(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	for _, dir := range []string{first, second} {
		if err := writePages(dir, testPages(300), testRules(), Options{}); err != nil {
			t.Fatal(err)
		}
	}
	files, again := readTree(t, first), readTree(t, second)
	kinds := map[string]int{}
	for rel, data := range files {
		if !bytes.Equal(data, again[rel]) {
			t.Errorf("%s: two writes of the same pages differ", rel)
		}
		if rel == "meta.json" {
			var meta Meta
			if err := json.Unmarshal(data, &meta); err != nil || meta.Version != Format {
				t.Errorf("meta.json: version %d, %v; want plain JSON of format %d", meta.Version, err, Format)
			}
			continue
		}
		if rel == "build.json" {
			var meta Meta
			if err := json.Unmarshal(files["meta.json"], &meta); err != nil || string(data) != `{"build":"`+meta.Build+`"}` {
				t.Errorf("build.json: %s, want plain JSON naming meta.json's build (%v)", data, err)
			}
			continue
		}
		if strings.HasSuffix(rel, ".bin") && strings.HasPrefix(rel, "d/") {
			kinds["records"]++
			if _, err := readRecordPack(data, recordUnit); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			continue
		}
		if !strings.HasSuffix(rel, ".json.gz") {
			t.Errorf("%s: want only meta.json, build.json, X.json.gz files and record packs", rel)
			continue
		}
		kinds[strings.Split(rel, "/")[0]]++
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		if zr.Name != "" || zr.Comment != "" || !zr.ModTime.IsZero() || zr.Extra != nil {
			t.Errorf("%s: the gzip header holds name %q, comment %q, time %v, extra %q", rel, zr.Name, zr.Comment, zr.ModTime, zr.Extra)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || !json.Valid(plain) {
			t.Errorf("%s: %v, or not JSON: %.80s", rel, err, plain)
		}
	}
	if _, err := records(files); err != nil {
		t.Error(err)
	}
	for _, kind := range []string{"t", "p", "d", "f", "records"} {
		if kinds[kind] == 0 {
			t.Errorf("no %s/ files: %v", kind, kinds)
		}
	}
	if len(again) != len(files) {
		t.Errorf("%d files, then %d", len(files), len(again))
	}
}

// TestWriteScriptsOnly checks the offline copy's index: each file as its
// script alone, whose JSON is what the compressed file holds.
func TestWriteScriptsOnly(t *testing.T) {
	web, offline := t.TempDir(), t.TempDir()
	if err := writePages(web, testPages(300), testRules(), Options{}); err != nil {
		t.Fatal(err)
	}
	if err := writePages(offline, testPages(300), testRules(), Options{Scripts: true}); err != nil {
		t.Fatal(err)
	}
	files, scripts := readTree(t, web), readTree(t, offline)
	// The records: a script each, where the web's are in record packs.
	recs, err := records(files)
	if err != nil {
		t.Fatal(err)
	}
	for rel := range files {
		if strings.HasPrefix(rel, "d/") {
			delete(files, rel)
		}
	}
	for n, rec := range recs {
		files["d/"+fmt.Sprint(n)+".json"] = rec
	}
	if len(scripts) != len(files) {
		t.Errorf("%d files, %d scripts", len(files), len(scripts))
	}
	// meta.json says the records are not in packs; its build, and so
	// build.json, differ with it.
	var webMeta, offlineMeta Meta
	if err := json.Unmarshal(files["meta.json"], &webMeta); err != nil {
		t.Fatal(err)
	}
	js := scripts["meta.js"]
	if err := json.Unmarshal(bytes.TrimSuffix(js[bytes.Index(js, []byte("] = "))+4:], []byte(";\n")), &offlineMeta); err != nil {
		t.Fatalf("meta.js: %v", err)
	}
	if offlineMeta.RecordPack != 0 || offlineMeta.RecordUnit != 0 {
		t.Errorf("meta.js: recordPack %d, recordUnit %d, want 0 for records of their own", offlineMeta.RecordPack, offlineMeta.RecordUnit)
	}
	webMeta.RecordPack, webMeta.RecordUnit, webMeta.Build = 0, 0, offlineMeta.Build
	files["meta.json"], _ = json.Marshal(webMeta)
	files["build.json"] = []byte(`{"build":"` + offlineMeta.Build + `"}`)
	for rel, data := range files {
		name := strings.TrimSuffix(rel, ".gz")
		if rel != name {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			data, _ = io.ReadAll(zr)
		}
		js := strings.TrimSuffix(name, ".json") + ".js"
		if got := scripts[js]; !bytes.Equal(got, Script(name, data)) {
			t.Errorf("%s: %.80q, want its JSON handed over as %s", js, got, name)
		}
	}
}

// variedPages returns n pages whose terms have many positions, some far
// into a long field, so that packed postings take several bytes each.
func variedPages(n int) []*Page {
	pages := testPages(n)
	for i, p := range pages {
		for f := range p.Fields {
			length := 3 + i*97%20000
			p.Fields[f].Length = length
			for j := range p.Fields[f].Terms {
				var pos []int32
				for q := int32(j); q < int32(length); q += int32(1 + (i+j)*31%5000) {
					pos = append(pos, q)
				}
				p.Fields[f].Terms[j].Positions = pos
			}
		}
	}
	return pages
}

// TestIndexTakesPagesInAnyOrder checks that pages added to an Index from
// many goroutines, in any order, give the same files as the same pages
// written in URL order: the Index numbers pages by URL whatever order
// they came in, and its postings list them so.
func TestIndexTakesPagesInAnyOrder(t *testing.T) {
	inOrder, shuffled := t.TempDir(), t.TempDir()
	if err := writePages(inOrder, variedPages(300), testRules(), Options{}); err != nil {
		t.Fatal(err)
	}
	pages := variedPages(300)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(pages), func(i, j int) { pages[i], pages[j] = pages[j], pages[i] })
	x := NewIndex()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < len(pages); i += 8 {
				x.Add(pages[i])
			}
		})
	}
	wg.Wait()
	for _, p := range pages {
		for f := range p.Fields {
			if p.Fields[f].Terms != nil {
				t.Fatalf("%s: field %d keeps its terms once added", p.URL, f)
			}
		}
	}
	if err := x.Write(shuffled, testRules(), Options{}); err != nil {
		t.Fatal(err)
	}
	want, got := readTree(t, inOrder), readTree(t, shuffled)
	if len(got) != len(want) {
		t.Errorf("%d files, want %d", len(got), len(want))
	}
	for rel, data := range want {
		if !bytes.Equal(got[rel], data) {
			t.Errorf("%s differs when the pages come out of order", rel)
		}
	}
}

// TestBuildNamesTheRules writes the same pages with two sets of rules,
// which change meta.json alone: the builds differ, so that a search page
// carrying one meta.json is not taken for the other's.
func TestBuildNamesTheRules(t *testing.T) {
	var builds []string
	var others []map[string][]byte
	for _, snippet := range []int{160, 200} {
		dir := t.TempDir()
		r := testRules()
		r.Snippet = snippet
		if err := writePages(dir, testPages(20), r, Options{}); err != nil {
			t.Fatal(err)
		}
		files := readTree(t, dir)
		var meta Meta
		if err := json.Unmarshal(files["meta.json"], &meta); err != nil {
			t.Fatal(err)
		}
		builds = append(builds, meta.Build)
		delete(files, "meta.json")
		delete(files, "build.json")
		others = append(others, files)
	}
	if !reflect.DeepEqual(others[0], others[1]) {
		t.Fatal("the rules changed files other than meta.json: the test shows nothing")
	}
	if builds[0] == builds[1] {
		t.Errorf("meta.json's rules changed and the build did not: %s", builds[0])
	}
}

// records returns the JSON of every page's record in an index's files
// (ReadRecords), checking that meta.json gives the packs' shape.
func records(files map[string][]byte) ([][]byte, error) {
	var meta Meta
	if err := json.Unmarshal(files["meta.json"], &meta); err != nil {
		return nil, err
	}
	if meta.RecordPack != recordPack || meta.RecordUnit != recordUnit {
		return nil, fmt.Errorf("meta.json: recordPack %d, recordUnit %d", meta.RecordPack, meta.RecordUnit)
	}
	return ReadRecords(func(rel string) ([]byte, error) {
		if data, ok := files[rel]; ok {
			return data, nil
		}
		return nil, fmt.Errorf("%s: no such file", rel)
	})
}
