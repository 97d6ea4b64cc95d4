package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"intkb/builder"
)

// keptSpec is a page of the kept index's tests, from which a Page is made
// afresh for each index (Add takes a page's terms).
type keptSpec struct {
	url, title string
	facet      int      // the value of every facet
	words      []string // the body's words, in order; the title's are its words
	long       bool     // the body is long, so that its terms' positions need files of their own
	length     int      // the body's length, when not its count of words: as package search keeps it, the same after a few words more
}

func (s keptSpec) page() *Page {
	p := &Page{URL: s.url, Title: s.title, Type: "playbook", Area: "saltmere", Summary: "A summary",
		Sections: []Section{{Text: strings.Join(s.words, " ")}}}
	for _, f := range builder.Facets {
		p.Facets = append(p.Facets, []string{fmt.Sprintf("%s-%d", f.Field, s.facet)})
	}
	field := func(words []string, repeat int) Field {
		at := map[string][]int32{}
		var order []string
		n := int32(0)
		for range repeat {
			for _, w := range words {
				if at[w] == nil {
					order = append(order, w)
				}
				at[w] = append(at[w], n)
				n++
			}
		}
		f := Field{Length: int(n)}
		for _, w := range order {
			f.Terms = append(f.Terms, Term{Term: w, Positions: at[w]})
		}
		return f
	}
	p.Fields[0] = field(strings.Fields(strings.ToLower(s.title)), 1)
	repeat := 1
	if s.long {
		repeat = 400
	}
	p.Fields[3] = field(s.words, repeat)
	if s.length > 0 {
		p.Fields[3].Length = s.length
	}
	b, _ := json.Marshal(p)
	p.Key = sha256.Sum256(b)
	return p
}

// keptSpecs returns n pages of words from a small vocabulary, so that
// terms are shared by many pages, with words of five letters or more for
// the typos' deletions.
func keptSpecs(n int) []keptSpec {
	vocab := strings.Fields("frailty care homes community pharmacy falls prevention discharge virtual ward team nurse district social prescribing carers housing health")
	var specs []keptSpec
	for i := range n {
		s := keptSpec{url: fmt.Sprintf("playbooks/p%03d/", i*2), title: fmt.Sprintf("Playbook %s", vocab[i%len(vocab)]), facet: i % 3, long: i%17 == 0}
		for j := range 5 + i%7 {
			s.words = append(s.words, vocab[(i*7+j*3)%len(vocab)])
		}
		specs = append(specs, s)
	}
	return specs
}

// writeFromKept writes the index of specs into dir as a build that keeps its
// index in state does: a page the kept index has comes as Kept. It
// returns how many did.
func writeFromKept(t *testing.T, dir, state string, specs []keptSpec) int {
	t.Helper()
	k := ReadKept(state, builder.StateMapped)
	x := NewIndex()
	x.Keep(state, k)
	kept := 0
	for _, s := range specs {
		p := s.page()
		if k.Has(p.URL, p.Key) {
			p.Kept, p.Fields = true, [fieldCount]Field{}
			kept++
		}
		x.Add(p)
	}
	if err := x.Write(dir, testRules(), Options{}); err != nil {
		t.Fatal(err)
	}
	x.Wait()
	return kept
}

// sameTree reports where the files under dir differ from those under want.
func sameTree(t *testing.T, dir, want string) {
	t.Helper()
	got, exp := readTree(t, dir), readTree(t, want)
	for rel, data := range exp {
		if !bytes.Equal(got[rel], data) {
			t.Errorf("%s differs from a build from nothing", rel)
		}
	}
	for rel := range got {
		if _, ok := exp[rel]; !ok {
			t.Errorf("%s: a build from nothing has no such file", rel)
		}
	}
}

// TestKeptIndexGivesWhatABuildFromNothingGives takes a site through a
// sequence of edits, each build taking the pages that did not change from
// the index the one before it kept, and checks that each writes the files
// a build of the same pages from nothing writes, byte for byte, and that
// the pages that did not change were taken as kept.
func TestKeptIndexGivesWhatABuildFromNothingGives(t *testing.T) {
	// Chunks of 8 pages' facet records, so that the common words' files
	// carry union counts (union.go), which edits change.
	// Record packs of 8 pages, so that an edit changes some and not others.
	defer func(chunk, pack int) { facetChunk, recordPack = chunk, pack }(facetChunk, recordPack)
	facetChunk, recordPack = 8, 8
	state := t.TempDir()
	specs := keptSpecs(120)
	steps := []struct {
		name string
		edit func([]keptSpec) []keptSpec
		kept int // pages taken as kept
	}{
		{"from nothing", func(s []keptSpec) []keptSpec { return s }, 0},
		{"nothing changed", func(s []keptSpec) []keptSpec { return s }, 120},
		{"a body changed", func(s []keptSpec) []keptSpec {
			s[10].words = append(slices.Clone(s[10].words), "geriatrics", "care")
			return s
		}, 119},
		{"a long body changed", func(s []keptSpec) []keptSpec {
			s[17].words = append(slices.Clone(s[17].words), "frailty")
			return s
		}, 119},
		{"a title changed", func(s []keptSpec) []keptSpec {
			s[20].title = "Playbook of reablement"
			return s
		}, 119},
		{"the only page with a term lost it", func(s []keptSpec) []keptSpec {
			s[10].words = s[10].words[:len(s[10].words)-2]
			return s
		}, 119},
		// A word that was a deletion of another's ("frailty") comes, then
		// goes: its entry gains the term, then keeps only the deletion.
		{"a word that was a deletion came", func(s []keptSpec) []keptSpec {
			s[12].words = append(slices.Clone(s[12].words), "frailt", "homecare")
			return s
		}, 119},
		{"the word that was a deletion went", func(s []keptSpec) []keptSpec {
			s[12].words = s[12].words[:len(s[12].words)-2]
			return s
		}, 119},
		// A word comes to a page without the common word it begins, or
		// is a typo from: the common word's file is as kept but for its
		// union counts, which gain the page.
		{"a word a common word begins came", func(s []keptSpec) []keptSpec {
			i := pageWithout(s, 1, func(w string) bool { return strings.HasPrefix(w, "care") })
			s[i].words = append(slices.Clone(s[i].words), "carefully")
			return s
		}, 119},
		{"a typo of a common word came", func(s []keptSpec) []keptSpec {
			i := pageWithout(s, 2, func(w string) bool { return w == "homes" || w == "homed" })
			s[i].words = append(slices.Clone(s[i].words), "homed")
			return s
		}, 119},
		{"a typo of a common word, a letter more, came", func(s []keptSpec) []keptSpec {
			i := pageWithout(s, 6, func(w string) bool { return w == "homes" || w == "homed" || w == "hhomes" })
			s[i].words = append(slices.Clone(s[i].words), "hhomes")
			return s
		}, 119},
		{"the word a common word begins went", func(s []keptSpec) []keptSpec {
			for i := range s {
				if j := slices.Index(s[i].words, "carefully"); j >= 0 {
					s[i].words = slices.Delete(slices.Clone(s[i].words), j, j+1)
				}
			}
			return s
		}, 119},
		{"a page removed", func(s []keptSpec) []keptSpec { return slices.Delete(s, 30, 31) }, 119},
		{"a page added", func(s []keptSpec) []keptSpec {
			return slices.Insert(s, 5, keptSpec{url: "playbooks/p009a/", title: "Playbook anticipatory", words: strings.Fields("anticipatory care planning frailty")})
		}, 119},
		{"a facet's values renumbered", func(s []keptSpec) []keptSpec {
			s[0].facet = -1 // a value before every other: each is renumbered
			return s
		}, 119},
		{"several at once", func(s []keptSpec) []keptSpec {
			s[40].words = []string{"hospital"}
			s[41].title = "Playbook hospital"
			s = slices.Delete(s, 60, 62)
			return append(s, keptSpec{url: "playbooks/zz/", title: "Last", words: []string{"care"}, long: true})
		}, 116},
		{"every page changed", func(s []keptSpec) []keptSpec {
			for i := range s {
				s[i].words = append(slices.Clone(s[i].words), "integrated")
			}
			return s
		}, 0},
	}
	for i, step := range steps {
		specs = step.edit(specs)
		fresh := filepath.Join(t.TempDir(), "fresh")
		if err := writePages(fresh, pagesOf(specs), testRules(), Options{}); err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), fmt.Sprint(i))
		kept := writeFromKept(t, dir, state, specs)
		if kept != step.kept {
			t.Errorf("%s: %d pages taken as kept, want %d", step.name, kept, step.kept)
		}
		sameTree(t, dir, fresh)
		if n := unionFiles(t, fresh); n == 0 {
			t.Errorf("%s: no term's file carries union counts: the test says nothing of them", step.name)
		}
		if t.Failed() {
			t.Fatalf("after %q", step.name)
		}
	}
}

// pageWithout returns the number of the first of specs from the chunk
// of facet records numbered chunk on none of whose words match.
func pageWithout(specs []keptSpec, chunk int, match func(string) bool) int {
	for i := chunk * facetChunk; i < len(specs); i++ {
		if !slices.ContainsFunc(append(strings.Fields(strings.ToLower(specs[i].title)), specs[i].words...), match) {
			return i
		}
	}
	panic("every page has such a word")
}

func pagesOf(specs []keptSpec) []*Page {
	var pages []*Page
	for _, s := range specs {
		pages = append(pages, s.page())
	}
	return pages
}

// TestKeptIndexIsNotTrustedWhenDamaged checks that a kept index that is
// damaged, cut short, or whose terms' files do not read back, is none:
// no page is taken from it, and the build writes what a build from
// nothing does.
func TestKeptIndexIsNotTrustedWhenDamaged(t *testing.T) {
	specs := keptSpecs(40)
	fresh := filepath.Join(t.TempDir(), "fresh")
	if err := writePages(fresh, pagesOf(specs), testRules(), Options{}); err != nil {
		t.Fatal(err)
	}
	damage := map[string]func(t *testing.T, file string){
		"a byte changed": func(t *testing.T, file string) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)/2] ^= 0x20
			os.WriteFile(file, data, 0o644)
		},
		"cut short": func(t *testing.T, file string) {
			data, _ := os.ReadFile(file)
			os.WriteFile(file, data[:len(data)-100], 0o644)
		},
		"a term's postings wrong, the file's digest right": func(t *testing.T, file string) {
			body, ok := builder.ReadStateBytes(filepath.Dir(file), keptFile, builder.StateCopied)
			if !ok {
				t.Fatal("the kept index does not read")
			}
			// The first term's first posting names a page past the last.
			i := bytes.Index(body, []byte(`{"f":["`))
			if i < 0 {
				t.Fatal("no term's file found")
			}
			body = slices.Concat(body[:i+7], []byte("zzzzzz1"), body[i+7:])
			// Its length grew by 7: the length before it is one byte
			// when short.
			body[i-1] += 7
			if err := builder.WriteStateBytes(filepath.Dir(file), keptFile, body); err != nil {
				t.Fatal(err)
			}
			if _, ok := builder.ReadStateBytes(filepath.Dir(file), keptFile, builder.StateCopied); !ok {
				t.Fatal("the damaged index does not read as a state file: the test shows nothing")
			}
		},
	}
	for name, harm := range damage {
		t.Run(name, func(t *testing.T) {
			state := t.TempDir()
			writeFromKept(t, filepath.Join(t.TempDir(), "first"), state, specs)
			if k := ReadKept(state, builder.StateMapped); !k.Has(specs[0].page().URL, specs[0].page().Key) {
				t.Fatal("the kept index does not have its pages before it is damaged")
			}
			harm(t, filepath.Join(state, keptFile))
			dir := filepath.Join(t.TempDir(), "again")
			if kept := writeFromKept(t, dir, state, specs); kept != 0 {
				t.Errorf("%d pages taken from a damaged kept index", kept)
			}
			sameTree(t, dir, fresh)
		})
	}
}

// TestIndexIsKeptOnlyWithEveryKey checks that an index some of whose
// pages have no key is not kept: a page with none would be taken for
// any other with none.
func TestIndexIsKeptOnlyWithEveryKey(t *testing.T) {
	state := t.TempDir()
	pages := pagesOf(keptSpecs(10))
	pages[3].Key = [sha256.Size]byte{}
	x := NewIndex()
	x.Keep(state, ReadKept(state, builder.StateMapped))
	for _, p := range pages {
		x.Add(p)
	}
	if err := x.Write(t.TempDir(), testRules(), Options{}); err != nil {
		t.Fatal(err)
	}
	x.Wait()
	if _, err := os.Stat(filepath.Join(state, keptFile)); !os.IsNotExist(err) {
		t.Errorf("an index with a page of no key was kept (%v)", err)
	}
}

// madeFiles is a destination for Options.Files that keeps, like a build
// publishing only what changed, the files made from a source whose
// digest is the one given again, and counts the page files (d/) it made.
type madeFiles struct {
	dir     string
	mu      sync.Mutex
	from    map[string][sha256.Size]byte // by path: the source each file was made from
	written map[string]bool              // this build's files
	docs    []string                     // the page files made by this build
	packs   []string                     // the packs and positions files made by this build
}

func (m *madeFiles) begin() {
	m.written, m.docs, m.packs = map[string]bool{}, nil, nil
}

func (m *madeFiles) Write(rel string, data []byte) error {
	m.mu.Lock()
	m.written[rel] = true
	delete(m.from, rel)
	m.mu.Unlock()
	return m.put(rel, data)
}

func (m *madeFiles) WriteFrom(rel string, source [sha256.Size]byte, make func(use func([]byte) error) error) error {
	m.mu.Lock()
	m.written[rel] = true
	same := m.from[rel] == source
	m.mu.Unlock()
	if same {
		return nil
	}
	return make(func(data []byte) error {
		m.mu.Lock()
		m.from[rel] = source
		if strings.HasPrefix(rel, Path+"d/") && strings.HasSuffix(rel, ".bin") {
			m.docs = append(m.docs, strings.TrimPrefix(rel, Path))
		}
		if strings.HasPrefix(rel, Path+"p/") || strings.HasPrefix(rel, Path+"x/") {
			m.packs = append(m.packs, strings.TrimPrefix(rel, Path))
		}
		m.mu.Unlock()
		return m.put(rel, data)
	})
}

func (m *madeFiles) put(rel string, data []byte) error {
	file := filepath.Join(m.dir, filepath.FromSlash(strings.TrimPrefix(rel, Path)))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, data, 0o644)
}

// end removes the files this build did not write, as publishing does.
func (m *madeFiles) end(t *testing.T) {
	t.Helper()
	for rel := range readTree(t, m.dir) {
		if !m.written[Path+rel] {
			os.Remove(filepath.Join(m.dir, filepath.FromSlash(rel)))
			delete(m.from, Path+rel)
		}
	}
	slices.Sort(m.docs)
	slices.Sort(m.packs)
}

// writeIntoDest writes the index of specs into dest as a build that
// keeps its index in state does (a page the kept index has comes as
// Kept), checks that dest then holds what a build of specs from nothing
// writes, and returns the index and where that build wrote. i numbers
// the step.
func writeIntoDest(t *testing.T, state string, dest *madeFiles, specs []keptSpec, i int) (*Index, string) {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), "fresh")
	if err := writePages(fresh, pagesOf(specs), testRules(), Options{}); err != nil {
		t.Fatal(err)
	}
	k := ReadKept(state, builder.StateMapped)
	x := NewIndex()
	x.Keep(state, k)
	for _, s := range specs {
		p := s.page()
		if k.Has(p.URL, p.Key) {
			p.Kept, p.Fields = true, [fieldCount]Field{}
		}
		x.Add(p)
	}
	dest.begin()
	if err := x.Write(filepath.Join(t.TempDir(), fmt.Sprint(i)), testRules(), Options{Files: dest}); err != nil {
		t.Fatal(err)
	}
	x.Wait()
	dest.end(t)
	sameTree(t, dest.dir, fresh)
	return x, fresh
}

// A page the kept index holds with the same key has the same record,
// and a record pack (d/K.bin) whose pages are all so is made again only
// when the destination does not hold it: what is published is still what
// a build from nothing publishes, and its build stamp with it.
func TestKeptPagesFilesAreMadeOnlyWhenNeeded(t *testing.T) {
	defer func(pack int) { recordPack = pack }(recordPack)
	recordPack = 8
	state := t.TempDir()
	dest := &madeFiles{dir: t.TempDir(), from: map[string][sha256.Size]byte{}}
	specs := keptSpecs(40)
	steps := []struct {
		name string
		edit func([]keptSpec) []keptSpec
		made []string // the page files made
	}{
		{"from nothing", func(s []keptSpec) []keptSpec { return s }, nil},
		{"nothing changed", func(s []keptSpec) []keptSpec { return s }, []string{}},
		{"a title changed", func(s []keptSpec) []keptSpec {
			s[20].title = "Playbook of reablement"
			return s
		}, []string{"d/2.bin"}},
		{"a page removed", func(s []keptSpec) []keptSpec { return slices.Delete(s, 37, 38) }, []string{"d/4.bin"}},
		{"a body changed", func(s []keptSpec) []keptSpec {
			s[3].words = append(slices.Clone(s[3].words), "geriatrics")
			return s
		}, []string{"d/0.bin"}},
	}
	for i, step := range steps {
		specs = step.edit(specs)
		writeIntoDest(t, state, dest, specs, i)
		if step.made != nil && !slices.Equal(dest.docs, step.made) {
			t.Errorf("%s: made %v, want %v", step.name, dest.docs, step.made)
		}
		if t.Failed() {
			t.Fatalf("after %q", step.name)
		}
	}
}

// TestKeptPacksAreMadeOnlyWhenNeeded edits a site whose terms fill
// several packs: a pack or positions file whose terms all have the files
// the kept index has for them, under the same number, is made again only
// when the destination does not hold it, by the sums kept for it; the
// dictionary's entries are the kept index's while its terms stay the
// same; and what is published is still what a build from nothing
// publishes.
func TestKeptPacksAreMadeOnlyWhenNeeded(t *testing.T) {
	state := t.TempDir()
	dest := &madeFiles{dir: t.TempDir(), from: map[string][sha256.Size]byte{}}
	var specs []keptSpec
	for i := range 200 {
		s := keptSpec{url: fmt.Sprintf("playbooks/p%03d/", i), title: fmt.Sprintf("Playbook %d", i), facet: i % 3, long: i%41 == 0}
		for j := range 50 {
			w := (i*37 + j*11) % 200
			if s.long {
				w = 200 + j // the long pages share words of their own, whose positions need files of their own
			}
			s.words = append(s.words, fmt.Sprintf("term%03d", w))
		}
		specs = append(specs, s)
	}
	all := 0
	for i, step := range []struct {
		name string
		edit func([]keptSpec) []keptSpec
	}{
		{"from nothing", func(s []keptSpec) []keptSpec { return s }},
		{"nothing changed", func(s []keptSpec) []keptSpec { return s }},
		// A page of two words, numbered last: it changes the files of
		// its title's and body's terms, and no other page's number.
		{"a page added", func(s []keptSpec) []keptSpec {
			return append(s, keptSpec{url: "playbooks/zzz/", title: "Playbook", facet: 1, words: []string{"term005", "term006"}})
		}},
		{"its body changed", func(s []keptSpec) []keptSpec {
			s[len(s)-1].words = []string{"term005", "term007"}
			return s
		}},
		// A word of its own, in a long page, has a file in a pack; once
		// gone, the pack it was in holds a term fewer.
		{"a word of its own", func(s []keptSpec) []keptSpec {
			s[len(s)-1].words, s[len(s)-1].long = []string{"term005", "term2000"}, true
			return s
		}},
		// The page's title edited: it still holds the word no other
		// page does, and no term came or went.
		{"its word kept", func(s []keptSpec) []keptSpec {
			s[len(s)-1].title = "Playbook term005"
			return s
		}},
		{"the word gone", func(s []keptSpec) []keptSpec {
			s[len(s)-1].words, s[len(s)-1].long = []string{"term005"}, false
			return s
		}},
		{"a page removed", func(s []keptSpec) []keptSpec { return slices.Delete(s, 10, 11) }},
	} {
		specs = step.edit(specs)
		x, fresh := writeIntoDest(t, state, dest, specs, i)
		made := int(x.made) // whose JSON was made, not only those the destination lacked (dest.packs)
		// The dictionary's entries are the kept index's, with the terms
		// that came and went.
		if want := step.name != "from nothing"; x.listed != want {
			t.Errorf("%s: the dictionary's entries taken from the kept index: %v, want %v", step.name, x.listed, want)
		}
		switch step.name {
		case "from nothing":
			all = made
			packs, _ := filepath.Glob(filepath.Join(fresh, "p", "*"))
			xs, _ := filepath.Glob(filepath.Join(fresh, "x", "*"))
			if len(packs) < 5 || len(xs) == 0 || all != len(packs)+len(xs) || len(dest.packs) != all {
				t.Fatalf("the site has %d packs and %d positions files, and the build made %d: the test needs several of each", len(packs), len(xs), all)
			}
		case "nothing changed":
			if made != 0 || len(dest.packs) != 0 {
				t.Errorf("%s: made the JSON of %d files, and %v", step.name, made, dest.packs)
			}
		case "a page removed":
			// Every page after it is numbered again, and so every term
			// that any of them holds: most files are made again.
		default:
			if made == 0 || made > 4 || len(dest.packs) > made {
				t.Errorf("%s: made the JSON of %d of %d packs and positions files (%v)", step.name, made, all, dest.packs)
			}
		}
		if t.Failed() {
			t.Fatalf("after %q", step.name)
		}
	}
}

// TestUnchangedPostingsAreKept checks that after an edit to a page whose
// body keeps its length (as package search keeps lengths, a word or two
// more mostly leave it), the files of the page's terms whose postings
// did not change are not made again: only those of the words edited.
// A word moved, its count the same, moves its positions, and a page's
// facets changed change its terms' facet counts: each is a change, and
// every build writes what a build from nothing writes.
func TestUnchangedPostingsAreKept(t *testing.T) {
	state := t.TempDir()
	dest := &madeFiles{dir: t.TempDir(), from: map[string][sha256.Size]byte{}}
	var specs []keptSpec
	for i := range 200 {
		s := keptSpec{url: fmt.Sprintf("playbooks/p%03d/", i), title: fmt.Sprintf("Playbook %d", i), facet: i % 3, length: 80}
		for j := range 50 {
			s.words = append(s.words, fmt.Sprintf("term%03d", (i*37+j*11)%200))
		}
		specs = append(specs, s)
	}
	const edited = 70
	steps := []struct {
		name     string
		edit     func([]keptSpec) []keptSpec
		min, max int // packs and positions files made
	}{
		{"from nothing", func(s []keptSpec) []keptSpec { return s }, 1, 1000},
		// A word of its own added at the end: its term's file is new
		// (and short, so in the dictionary, not a pack), and the page's
		// 50 others are as they were. Were they made again, the page's
		// terms would take every pack of the 10.
		{"a word added", func(s []keptSpec) []keptSpec {
			s[edited].words = append(slices.Clone(s[edited].words), "termnew")
			return s
		}, 0, 1},
		{"a word's count changed", func(s []keptSpec) []keptSpec {
			s[edited].words = append(slices.Clone(s[edited].words), s[edited].words[0])
			return s
		}, 1, 1},
		{"two words swapped", func(s []keptSpec) []keptSpec {
			w := slices.Clone(s[edited].words)
			w[10], w[11] = w[11], w[10]
			s[edited].words = w
			return s
		}, 1, 2},
		{"its facets changed", func(s []keptSpec) []keptSpec {
			s[edited].facet = (s[edited].facet + 1) % 3
			return s
		}, 5, 1000},
		{"its length changed", func(s []keptSpec) []keptSpec {
			s[edited].length = 96
			return s
		}, 5, 1000},
	}
	for i, step := range steps {
		specs = step.edit(specs)
		x, _ := writeIntoDest(t, state, dest, specs, i)
		if made := int(x.made); made < step.min || made > step.max {
			t.Errorf("%s: made the JSON of %d packs and positions files, want %d to %d (%v)", step.name, made, step.min, step.max, dest.packs)
		}
		if t.Failed() {
			t.Fatalf("after %q", step.name)
		}
	}
}

// TestMergeRunsSortsAndDedupes checks mergeRuns against sorting and
// compacting, for runs of every field empty or not, overlapping, and
// holding a page twice.
func TestMergeRunsSortsAndDedupes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for turn := range 2000 {
		var docs []int32
		var runs [fieldCount + 1]int
		for f := range fieldCount {
			runs[f] = len(docs)
			n := r.IntN(6)
			if turn%7 == 0 && f != fieldCount-1 {
				n = 0 // the body alone
			}
			run := make([]int32, n)
			for i := range run {
				run[i] = int32(r.IntN(12))
			}
			slices.Sort(run)
			docs = append(docs, run...)
		}
		runs[fieldCount] = len(docs)
		want := slices.Compact(slices.Sorted(slices.Values(docs)))
		if got := mergeRuns(nil, docs, runs); !slices.Equal(got, want) {
			t.Fatalf("mergeRuns(%v, %v) = %v, want %v", docs, runs, got, want)
		}
	}
}

// unionFiles returns how many terms' files in the static index in dir
// carry union counts: in packs, or inline in the dictionary.
func unionFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	for rel, data := range readTree(t, dir) {
		if !strings.HasPrefix(rel, "p/") && !strings.HasPrefix(rel, "t/") {
			continue
		}
		r, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		n += bytes.Count(plain, []byte(unionKey))
	}
	return n
}
