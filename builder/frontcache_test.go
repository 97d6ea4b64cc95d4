package builder

import (
	"io/fs"
	"os"
	"path"
	"reflect"
	"slices"
	"strings"
	"testing"

	"intkb/builder/model"
)

// TestKeptFrontsDecodeAsTheirTOML keeps the front matter of every page of
// the demo site, and of pages whose values JSON could easily lose (a
// pointer to false or zero, an empty list, a date, text with markup and
// non-ASCII letters), and checks that what a later build reads back is
// what decoding the TOML gives, with the line of its review date, and
// that a key of another file or other vocabularies finds nothing.
func TestKeptFrontsDecodeAsTheirTOML(t *testing.T) {
	files := map[string][]byte{}
	demo := os.DirFS("../content")
	err := fs.WalkDir(demo, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			files[p], err = fs.ReadFile(demo, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	files["blueprints/zeros.md"] = []byte(`+++
title = "Zeros & <falses>"
summary = "Values JSON could lose: déjà vu"
updated = 2026-03-14
review_due = "2026-09-14"
search = false
help = false
tags = []
area = "saltmere"
[maturity]
assessed = 2026-03-01
shared_purpose = 0
leadership = 5
[[history]]
date = 2025-01-01
recurrent = false
collective_accountability = true
[history.maturity]
workforce = 0
+++
Body.
`)
	typeOf := func(rel string) string {
		first, _, nested := strings.Cut(rel, "/")
		if sec := model.SectionByDir(first); sec != nil && nested && path.Base(rel) != "_index.md" {
			return sec.Type
		}
		return model.TypePage
	}
	decode := func(rel string) any {
		t.Helper()
		src, e := model.SplitSource(rel, files[rel])
		if e != nil {
			t.Fatal(e)
		}
		front := model.NewFront(typeOf(rel))
		if errs, _ := model.DecodeFront(src, front); len(errs) > 0 {
			t.Fatalf("%s: %v", rel, errs)
		}
		return front
	}
	state := t.TempDir()
	vocabs := model.Vocabularies
	write := readFrontCache(state, vocabs, StateCopied)
	lineOf := func(rel string) int {
		src, _ := model.SplitSource(rel, files[rel])
		return src.LineOf("review_due")
	}
	for rel, data := range files {
		write.keep(rel, write.key(rel, hexDigest(data)), decode(rel), lineOf(rel), "The words of "+rel+".")
	}
	if err := write.shards.Write(); err != nil {
		t.Fatal(err)
	}

	read := readFrontCache(state, vocabs, StateMapped)
	for rel, data := range files {
		got := model.NewFront(typeOf(rel))
		line, text, ok := read.get(rel, read.key(rel, hexDigest(data)), got)
		if !ok {
			t.Errorf("%s: no front matter kept", rel)
			continue
		}
		if line != lineOf(rel) {
			t.Errorf("%s: review_due kept at line %d, not %d", rel, line, lineOf(rel))
		}
		if want := "The words of " + rel + "."; text != want {
			t.Errorf("%s: its front matter's text kept as %q, not %q", rel, text, want)
		}
		if want := decode(rel); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: kept front matter reads back as\n%+v\nnot as decoded\n%+v", rel, got, want)
		}
	}
	zeros := model.NewFront(model.TypeBlueprint).(*model.Blueprint)
	if _, _, ok := read.get("blueprints/zeros.md", read.key("blueprints/zeros.md", hexDigest(files["blueprints/zeros.md"])), zeros); ok &&
		(zeros.Search == nil || *zeros.Search || zeros.Maturity.SharedPurpose == nil || zeros.History[0].Recurrent == nil || zeros.Tags == nil) {
		t.Errorf("a pointer to false or zero, or an empty list, read back as none: %+v", zeros)
	}

	rel := "blueprints/saltmere.md"
	if _, _, ok := read.get(rel, read.key(rel, hexDigest(append(files[rel], '\n'))), model.NewFront(model.TypeBlueprint)); ok {
		t.Error("front matter kept for a file was taken for the file changed")
	}
	other := readFrontCache(state, model.Vocabs{"area": {Name: "area"}}, StateCopied)
	if _, _, ok := other.get(rel, other.key(rel, hexDigest(files[rel])), model.NewFront(model.TypeBlueprint)); ok {
		t.Error("front matter kept for the site's vocabularies was taken for others")
	}
	if clean := readFrontCache(state, vocabs, StateNone); func() bool {
		_, _, ok := clean.get(rel, clean.key(rel, hexDigest(files[rel])), model.NewFront(model.TypeBlueprint))
		return ok
	}() {
		t.Error("a clean build took kept front matter")
	}
}

// Kept front matter that is cut short or damaged reads back as none, or
// as some front matter, but never stops the build.
func TestKeptFrontCodecRefusesDamage(t *testing.T) {
	data, err := os.ReadFile("../content/blueprints/saltmere.md")
	if err != nil {
		t.Fatal(err)
	}
	src, e := model.SplitSource("content/blueprints/saltmere.md", data)
	if e != nil {
		t.Fatal(e)
	}
	front := model.NewFront(model.TypeBlueprint)
	if errs, _ := model.DecodeFront(src, front); len(errs) > 0 {
		t.Fatal(errs)
	}
	enc, err := encodeKeptFront(nil, front)
	if err != nil {
		t.Fatal(err)
	}
	whole := model.NewFront(model.TypeBlueprint)
	if !decodeKeptFront(enc, whole) || !reflect.DeepEqual(whole, front) {
		t.Fatalf("the front matter does not read back whole:\n%+v", whole)
	}
	for n := range len(enc) {
		if decodeKeptFront(enc[:n], model.NewFront(model.TypeBlueprint)) {
			t.Fatalf("front matter cut to %d of %d bytes read back", n, len(enc))
		}
	}
	if decodeKeptFront(append(enc, 0), model.NewFront(model.TypeBlueprint)) {
		t.Error("front matter with a byte more read back")
	}
	for i := range enc {
		for _, b := range []byte{0, 0x7f, 0x80, 0xff} {
			damaged := slices.Clone(enc)
			damaged[i] = b
			decodeKeptFront(damaged, model.NewFront(model.TypeBlueprint)) // must not panic
		}
	}
	if _, err := encodeKeptFront(nil, &struct {
		V any `toml:"v"`
	}{1}); err == nil {
		t.Error("a value of a kind front matter does not use was kept")
	}
}

// TestFrontTextIsKeptAsWorkedOut: a page whose front matter the last
// build kept has the FrontText it would work out, and one decoded has it
// too, worked out once.
func TestFrontTextIsKeptAsWorkedOut(t *testing.T) {
	w := newWarmSite(t)
	for _, build := range []string{"decoded", "kept"} {
		res := w.build(Options{Rebuild: true})
		texts := 0
		for _, p := range res.Pages {
			if !p.frontTextKnown {
				t.Errorf("%s front matter: %s has no FrontText set", build, p.File)
			}
			if got, want := FrontText(p), frontText(p); got != want {
				t.Errorf("%s front matter: %s has FrontText %q, want %q", build, p.File, got, want)
			}
			if frontText(p) != "" {
				texts++
			}
		}
		if texts == 0 {
			t.Fatalf("%s front matter: no page has any FrontText: the test shows nothing", build)
		}
	}
}
