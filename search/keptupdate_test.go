package search

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"intkb/builder"
	"intkb/internal/testenv"
)

// keptSite is a small site whose pages share words, with one word each
// of its own.
func keptSite(pages map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"site.toml": {Data: []byte("title = \"t\"\nbaseURL = \"/\"\n")}}
	for name, body := range pages {
		title := strings.TrimSuffix(filepath.Base(name), ".md")
		fsys["content/"+name] = &fstest.MapFile{Data: []byte("+++\ntitle = \"" + title + "\"\n+++\n" + body + "\n")}
	}
	return fsys
}

// keptPages returns the pages of a keptSite: four that share words, one
// with a word of its own (quokka).
func keptPages() map[string]string {
	return map[string]string{
		"alder.md":  "Alder ward runs a frailty huddle every week with the care coordinator.",
		"birch.md":  "Birch neighbourhood team shares one record for frailty and falls.",
		"cedar.md":  "Cedar keeps a quokka register, and a frailty huddle too.",
		"damson.md": "Damson care coordinator calls each patient after discharge.",
	}
}

// buildKept builds fsys into a new folder with newIndex, moves its Bleve
// index to the state folder state (Keep), as intkb build does, and
// returns the output folder.
func buildKept(t *testing.T, fsys fstest.MapFS, newIndex func(string) (builder.PageIndexer, error), state string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Build(builder.Options{Source: fsys, Dest: out, NewIndex: newIndex}); err != nil {
		t.Fatal(err)
	}
	if state != "" {
		if err := Keep(out, state); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// zapInodes returns the inode of each segment file of the index at dir.
func zapInodes(t *testing.T, dir string) map[uint64]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, indexStore, "*.zap"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no segment files in %s (%v)", dir, err)
	}
	out := map[uint64]bool{}
	for _, f := range files {
		out[testenv.Inode(t, f)] = true
	}
	return out
}

// results runs each query on the index at dir and returns what it
// finds: each hit's URL and snippet by score, hits of the same score in
// URL order. Scores are given to 12 digits: two indexes made from
// nothing of the same pages differ in the last bits of a score that sums
// several terms' (in the 17th digit, as measured), since the pages come
// to the index in the order they render in, and the sum follows it.
func results(t *testing.T, dir string, queries []string) string {
	t.Helper()
	idx, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	n, err := idx.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	out := fmt.Sprintf("%d documents\n", n)
	for _, q := range queries {
		res, err := idx.Search(Request{Query: q, Size: 50})
		if err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%q: %d\n", q, res.Total)
		hits := res.Hits
		for i := 0; i < len(hits); {
			j := i + 1
			for j < len(hits) && fmt.Sprintf("%.12g", hits[j].Score) == fmt.Sprintf("%.12g", hits[i].Score) {
				j++
			}
			var urls []string
			for _, h := range hits[i:j] {
				urls = append(urls, h.URL+" "+h.Snippet)
			}
			slices.Sort(urls)
			out += fmt.Sprintf("  %.12g %s\n", hits[i].Score, strings.Join(urls, " | "))
			i = j
		}
	}
	return out
}

// TestKeptIndexIsUpdated builds a site, keeps its index, and builds it
// again from the kept index: with no document changed, the new index is
// the kept one's segments, linked, not made again; after pages are
// edited, deleted and added, it finds and scores exactly as an index
// made from nothing does, and holds no trace of the deleted page's own
// word. A table of documents that is damaged, or another program's,
// makes the index from nothing.
func TestKeptIndexIsUpdated(t *testing.T) {
	v1 := keptPages()
	queries := []string{"frailty", "huddle", "quokka", "care coordinator", "\"frailty huddle\"", "falls", "elder", "coord", "fraity", "neighborhood"}
	state := t.TempDir()
	kept := KeptIndexDir(state)
	buildKept(t, keptSite(v1), NewIndexesFrom(kept), state)
	if !builder.ReadState(kept, docTableFile, &docTable{}) {
		t.Fatal("the kept index has no table of its documents")
	}
	before := zapInodes(t, kept)

	// The same pages: the index is the kept one's segments.
	out := buildKept(t, keptSite(v1), NewIndexesFrom(kept), "")
	for ino := range zapInodes(t, IndexDir(out)) {
		if !before[ino] {
			t.Error("with no page changed, the index was made again rather than taken from the kept one")
		}
	}
	if err := Keep(out, state); err != nil {
		t.Fatal(err)
	}

	v2 := map[string]string{
		"alder.md":  v1["alder.md"],
		"birch.md":  "Birch neighbourhood team shares one record for frailty, falls and elder care.",
		"damson.md": v1["damson.md"],
		"elder.md":  "Elder practice joins the frailty huddle from March.",
	}
	updated := buildKept(t, keptSite(v2), NewIndexesFrom(kept), "")
	fresh := buildKept(t, keptSite(v2), NewIndexes, "")
	got, want := results(t, IndexDir(updated), queries), results(t, IndexDir(fresh), queries)
	if got != want {
		t.Errorf("the updated index finds\n%s\nwhere one made from nothing finds\n%s", got, want)
	}
	idx, err := OpenDir(IndexDir(updated))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	for _, field := range []string{"body", "title"} {
		fd, err := idx.idx.FieldDict(field)
		for _, e := range dictEntries(t, fd, err) {
			if e.Term == "quokka" || e.Term == "cedar" {
				t.Errorf("the deleted page's word %q is still in the %s field's dictionary (%d documents)", e.Term, field, e.Count)
			}
		}
	}

	// A page deleted and nothing else changed: the merge that drops it
	// needs a second segment, which the last page indexed again makes.
	if err := Keep(updated, state); err != nil {
		t.Fatal(err)
	}
	v3 := map[string]string{"alder.md": v2["alder.md"], "birch.md": v2["birch.md"], "elder.md": v2["elder.md"]}
	updated = buildKept(t, keptSite(v3), NewIndexesFrom(kept), "")
	if got, want := results(t, IndexDir(updated), queries), results(t, IndexDir(buildKept(t, keptSite(v3), NewIndexes, "")), queries); got != want {
		t.Errorf("a page deleted: the updated index finds\n%s\nwhere one made from nothing finds\n%s", got, want)
	}
	updated = buildKept(t, keptSite(v2), NewIndexesFrom(kept), "") // v2 again, from v2's kept index

	// A table that cannot be trusted: made from nothing, and right.
	for name, damage := range map[string]func(file string) error{
		"damaged": func(file string) error {
			data, err := os.ReadFile(file)
			if err == nil {
				data[len(data)-5] ^= 0xff
				err = os.WriteFile(file, data, 0o644)
			}
			return err
		},
		"removed": os.Remove,
	} {
		if err := Keep(updated, state); err != nil {
			t.Fatal(err)
		}
		before := zapInodes(t, kept)
		if err := damage(filepath.Join(kept, docTableFile)); err != nil {
			t.Fatal(err)
		}
		again := buildKept(t, keptSite(v2), NewIndexesFrom(kept), "")
		for ino := range zapInodes(t, IndexDir(again)) {
			if before[ino] {
				t.Errorf("%s table: the kept index was taken", name)
			}
		}
		if got := results(t, IndexDir(again), queries); got != want {
			t.Errorf("%s table: the index finds\n%s\nwant\n%s", name, got, want)
		}
		updated = again
	}
}

// TestDocDigestReadsEveryField changes each field of a document, and
// each of its sections' fields, in turn: each must change the page's
// digest, but the Body and Parts, which are made from the sections and
// the Tail. A field added to the document fails here until docDigest
// reads it.
func TestDocDigestReadsEveryField(t *testing.T) {
	page := func() *analysedPage {
		return &analysedPage{
			doc: document{URL: "/a/", Title: "Title", Summary: "Summary", Headings: "Heading", Tail: "Tail.",
				Facets: [][]string{{"a"}, {"b", "c"}}, Help: false, Updated: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
			parts: []part{{ID: "one", Heading: "One", Text: "First."}, {Text: "Second."}},
		}
	}
	base := docDigest(page())
	changes := func(what string, change func(p *analysedPage), want bool) {
		t.Helper()
		p := page()
		change(p)
		if got := docDigest(p) != base; got != want {
			t.Errorf("changing %s changes the digest: %v, want %v", what, got, want)
		}
	}
	derived := map[string]bool{"Body": true, "Parts": true}
	dt := reflect.TypeOf(document{})
	for i := range dt.NumField() {
		f := dt.Field(i)
		changes(f.Name, func(p *analysedPage) {
			v := reflect.ValueOf(&p.doc).Elem().Field(i)
			switch x := v.Addr().Interface().(type) {
			case *string:
				*x += "!"
			case *bool:
				*x = !*x
			case *time.Time:
				*x = x.Add(time.Second)
			case *[][]string:
				(*x)[1] = append((*x)[1], "d")
			default:
				t.Fatalf("document.%s is a %s: give docDigest and this test a case for it", f.Name, f.Type)
			}
		}, !derived[f.Name])
	}
	pt := reflect.TypeOf(part{})
	for i := range pt.NumField() {
		changes("a section's "+pt.Field(i).Name, func(p *analysedPage) {
			*reflect.ValueOf(&p.parts[0]).Elem().Field(i).Addr().Interface().(*string) += "!"
		}, true)
	}
	changes("a section's place", func(p *analysedPage) { p.parts[0], p.parts[1] = p.parts[1], p.parts[0] }, true)
	changes("a facet's place", func(p *analysedPage) { p.doc.Facets = [][]string{{"b", "c"}, {"a"}} }, true)
	changes("where a facet's values end", func(p *analysedPage) { p.doc.Facets = [][]string{{"a", "b"}, {"c"}} }, true)
	changes("the body's sum, known", func(p *analysedPage) { p.body, p.bodyParts = [sha256.Size]byte{1}, 1 }, true)

	// With the BodySum of the last section, the body gave it: the sum
	// stands for it, and the section before it, from the front matter,
	// is read.
	summed := func(p *analysedPage) { p.body, p.bodyParts = [sha256.Size]byte{1}, 1 }
	p := page()
	summed(p)
	base = docDigest(p)
	changes("the body's sum", func(p *analysedPage) { summed(p); p.body[0] = 2 }, true)
	changes("a section before the body's", func(p *analysedPage) { summed(p); p.parts[0].Text += "!" }, true)
	changes("how many sections the body gave", func(p *analysedPage) { summed(p); p.bodyParts = 2 }, true)
	changes("a section the body's sum stands for", func(p *analysedPage) { summed(p); p.parts[1].Text += "!" }, false)
}

// keptSegments returns how many segments the index at dir holds, how
// many of their documents are deleted, and how many they hold in all.
func keptSegments(t *testing.T, dir string) (int, uint64, uint64) {
	t.Helper()
	idx, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	n, deleted, all, err := segmentStats(adv.(*scorch.Scorch))
	if err != nil {
		t.Fatal(err)
	}
	return n, deleted, all
}

func storeSumsOf(t *testing.T, dir string) map[string]uint32 {
	t.Helper()
	sums, err := storeSums(dir)
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// TestKeptIndexIsMergedWhenSearched edits one page of a site of 100 at
// a time, building each time from the index the last build kept. A
// build leaves the edit in a segment of its own and the page's old
// document deleted, rather than merging; the first search merges the
// index, in its folder, and finds and scores as an index made from
// nothing does; the next build takes the merged index. Builds that are
// not searched between them merge once the index would hold more than
// maxKeptSegments segments.
func TestKeptIndexIsMergedWhenSearched(t *testing.T) {
	pages := map[string]string{}
	for i := range 100 {
		pages[fmt.Sprintf("p%03d.md", i)] = fmt.Sprintf("Page %d of the notes, for ward %d.", i, i%7)
		if i%4 == 0 {
			pages[fmt.Sprintf("p%03d.md", i)] += " The frailty huddle meets."
		}
	}
	edit := func(i int) {
		pages[fmt.Sprintf("p%03d.md", i)] += fmt.Sprintf(" Edit %d: the care coordinator joins.", i)
	}
	// Each finds fewer pages than results shows: of pages with the same
	// score, those shown past that depend on the order they were indexed.
	queries := []string{"frailty", "care coordinator", "\"care coordinator\"", "edit", "ward 3", "coord", "huddel"}
	state := t.TempDir()
	kept := KeptIndexDir(state)
	buildKept(t, keptSite(pages), NewIndexesFrom(kept), state)

	edit(3)
	buildKept(t, keptSite(pages), NewIndexesFrom(kept), state)
	if n, deleted, _ := keptSegments(t, kept); n != 2 || deleted != 1 {
		t.Fatalf("after one edit the kept index holds %d segments and %d deleted documents, want 2 and 1: the build merged it", n, deleted)
	}
	// A copy of it with a segment's byte changed is not merged, nor
	// searched: Bleve might read its postings wrong.
	damaged := filepath.Join(t.TempDir(), "damaged")
	if err := copyTree(kept, damaged, nil, nil); err != nil {
		t.Fatal(err)
	}
	zaps, _ := filepath.Glob(filepath.Join(damaged, indexStore, "*.zap"))
	damageFile(t, zaps[0])
	if idx, err := OpenDir(damaged); err == nil {
		idx.Close()
		t.Error("a damaged index, left unmerged, was opened")
	} else if !strings.Contains(err.Error(), "build the site again") {
		t.Errorf("opening a damaged index: %v, want advice to build again", err)
	}

	fresh := results(t, IndexDir(buildKept(t, keptSite(pages), NewIndexes, "")), queries)
	if got := results(t, kept, queries); got != fresh {
		t.Errorf("the edited index, searched, finds\n%s\nwhere one made from nothing finds\n%s", got, fresh)
	}
	if n, deleted, _ := keptSegments(t, kept); n != 1 || deleted != 0 {
		t.Errorf("once searched, the kept index holds %d segments and %d deleted documents, want 1 and 0", n, deleted)
	}
	if table := readTable(kept); table == nil || !maps.Equal(storeSumsOf(t, kept), table.Store) {
		t.Fatal("the merged index's table of documents cannot be trusted, so the next build would index every page again")
	}
	if left, err := filepath.Glob(filepath.Join(state, "*merge*")); err != nil || len(left) > 0 {
		t.Errorf("the merge left %v in the state folder (%v)", left, err)
	}
	before := zapInodes(t, kept)
	edit(4)
	out := buildKept(t, keptSite(pages), NewIndexesFrom(kept), "")
	taken := 0
	for ino := range zapInodes(t, IndexDir(out)) {
		if before[ino] {
			taken++
		}
	}
	if taken != 1 {
		t.Errorf("the build after the search took %d of the merged index's segments, want 1", taken)
	}
	if err := Keep(out, state); err != nil {
		t.Fatal(err)
	}

	// At 100 pages, the share of deleted documents passes
	// maxKeptDeleted percent before the segments pass maxKeptSegments:
	// at the 11th edit.
	merged := 0
	i := 5
	for ; i < 5+maxKeptSegments && merged == 0; i++ {
		edit(i)
		buildKept(t, keptSite(pages), NewIndexesFrom(kept), state)
		n, deleted, all := keptSegments(t, kept)
		if n > maxKeptSegments || deleted*100 > all*maxKeptDeleted {
			t.Fatalf("after edit %d the kept index holds %d segments and %d deleted documents, more than %d and %d%% of its documents", i, n, deleted, maxKeptSegments, maxKeptDeleted)
		}
		if n == 1 && deleted == 0 {
			merged = i
		} else if n != i-2 {
			t.Errorf("after edit %d the kept index holds %d segments, want %d: one for each edit since the search merged it", i, n, i-2)
		}
	}
	if merged == 0 {
		t.Errorf("%d builds in a row never merged the kept index", i-5)
	}
	fresh = results(t, IndexDir(buildKept(t, keptSite(pages), NewIndexes, "")), queries)
	if got := results(t, kept, queries); got != fresh {
		t.Errorf("after %d edits, the kept index finds\n%s\nwhere one made from nothing finds\n%s", i-3, got, fresh)
	}
}
