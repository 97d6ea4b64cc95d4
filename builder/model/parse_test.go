package model

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSplitSource(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		front     string
		body      string
		bodyLine  int
		wantError string
	}{
		{name: "plain", src: "+++\ntitle = \"x\"\n+++\nbody\n", front: "title = \"x\"\n", body: "body\n", bodyLine: 4},
		{name: "byte order mark", src: "\xef\xbb\xbf+++\ntitle = \"x\"\n+++\nbody\n", front: "title = \"x\"\n", body: "body\n", bodyLine: 4},
		{name: "crlf", src: "+++\r\ntitle = \"x\"\r\n+++\r\nbody\r\n", front: "title = \"x\"\n", body: "body\n", bodyLine: 4},
		{name: "no body", src: "+++\ntitle = \"x\"\n+++", front: "title = \"x\"\n", body: "", bodyLine: 4},
		{name: "empty front matter", src: "+++\n+++\nbody", front: "", body: "body", bodyLine: 3},
		{name: "trailing spaces on fence", src: "+++  \na = 1\n+++ \nb", front: "a = 1\n", body: "b", bodyLine: 4},
		{name: "empty", src: "", wantError: "f.md: file is empty: a page starts with front matter between +++ lines (run \"intkb new\" for an example)"},
		{name: "no fence", src: "# Title\n", wantError: "f.md:1: missing front matter: the first line must be +++"},
		{name: "yaml", src: "---\ntitle: x\n---\n", wantError: "f.md:1: front matter must be TOML between +++ lines, not YAML between --- lines"},
		{name: "unclosed", src: "+++\ntitle = \"x\"\nbody\n", wantError: "f.md:1: front matter is never closed: add a line of +++ after the last front-matter key"},
		{name: "only opening fence", src: "+++", wantError: "f.md:1: front matter is never closed: add a line of +++ after the last front-matter key"},
		{name: "invalid utf-8", src: "+++\ntitle = \"x\"\n+++\nok\nbad \xff here\n", wantError: "f.md:5: file is not valid UTF-8: save it with UTF-8 encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := SplitSource("f.md", []byte(tt.src))
			if tt.wantError != "" {
				if err == nil {
					t.Fatalf("got no error, want %q", tt.wantError)
				}
				if err.Error() != tt.wantError {
					t.Fatalf("error:\n got %q\nwant %q", err.Error(), tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(s.Front) != tt.front || string(s.Body) != tt.body || s.BodyLine != tt.bodyLine {
				t.Errorf("got front %q body %q bodyLine %d, want %q %q %d", s.Front, s.Body, s.BodyLine, tt.front, tt.body, tt.bodyLine)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		in   string
		cand []string
		want string
	}{
		{"cohrot", []string{"cohorts", "tags"}, "cohorts"},
		{"unity", []string{"convening_to_advise", "unity_of_effort"}, "unity_of_effort"},
		{"zzzzzz", []string{"explore", "design"}, ""},
		{"", []string{"a"}, "a"},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, tt.cand); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFrontDepth checks how deep frontDepth finds TOML to nest, and where.
func TestFrontDepth(t *testing.T) {
	for _, tt := range []struct {
		toml        string
		depth, line int
	}{
		{"title = \"a [b] {c} d.e\"\n", 0, 0},
		{"# [[[ { . ]\nx = 1\n", 0, 0},
		{"[form]\nrole = 1\n", 1, 0},
		{"title = \"X\"\n[[form.members]]\nrole = \"x\"\n", 2, 1},
		{"x = [[1], [2]]\n", 2, 0},
		{"x = {a = {b = 1}}\n", 2, 0},
		{"a.b.c = 1\n", 2, 0},
		{"x = \"\"\"\n[[[\n\"\"\"\ny = [{a.b = 1}]\n", 3, 3},
		{"x = [\n  [1, 2],\n]\n", 2, 1},
	} {
		if d, l := frontDepth(tt.toml); d != tt.depth || l != tt.line {
			t.Errorf("%q: depth %d at line %d, want %d at %d", tt.toml, d, l, tt.depth, tt.line)
		}
	}
}

// TestNestedUnknownKeyOnce checks that an unknown table is reported once,
// not with every key inside it, and that front matter nested past
// MaxFrontNesting is refused before it is decoded.
func TestNestedUnknownKeyOnce(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("{a = ", n) + "1" + strings.Repeat("}", n) }
	s := &Source{File: "x.md", Front: []byte("title = \"X\"\nx = " + nest(MaxFrontNesting) + "\n"), FrontLine: 2}
	errs, _ := DecodeFront(s, &Meta{})
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "x.md:3: x: unknown key") {
		t.Errorf("got %v, want one unknown key x at line 3", errs)
	}
	s = &Source{File: "x.md", Front: []byte("title = \"X\"\nx = " + nest(MaxFrontNesting+1) + "\n"), FrontLine: 2}
	errs, fatal := DecodeFront(s, &Meta{})
	if want := fmt.Sprintf("x.md:3: front matter nests %d deep", MaxFrontNesting+1); len(errs) != 1 || !fatal || !strings.HasPrefix(errs[0].Error(), want) {
		t.Errorf("got %v, want %s...", errs, want)
	}
}

// TestKeyOfLineAgreesWithTheExpression checks keyOfLine, which finding
// keys' lines uses for speed, against keyLineRE, which says what a key
// line is: on every line of the demo's pages and on lines made of the
// characters that matter to either.
func TestKeyOfLineAgreesWithTheExpression(t *testing.T) {
	var lines []string
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(p)
		lines = append(lines, strings.Split(string(data), "\n")...)
		return err
	})
	if err != nil || len(lines) < 500 {
		t.Fatalf("%d lines read: %v", len(lines), err)
	}
	for _, l := range append(lines, madeUpLines(rand.New(rand.NewPCG(3, 4)), "a_-9Z.\"' \t=[]#\\\f\r", 12)...) {
		key, ok := keyOfLine(l)
		m := keyLineRE.FindStringSubmatch(l)
		if ok != (m != nil) || ok && key != m[1] {
			t.Fatalf("keyOfLine(%q) = %q, %t; the expression gives %q", l, key, ok, m)
		}
	}
}

// TestDropIndexesAgreesWithTheExpression checks dropIndexes against
// indexRE, on strings made of the characters that matter to it.
func TestDropIndexesAgreesWithTheExpression(t *testing.T) {
	for _, s := range madeUpLines(rand.New(rand.NewPCG(5, 6)), "a.[]09x", 14) {
		if got, want := dropIndexes(s), indexRE.ReplaceAllString(s, ""); got != want {
			t.Fatalf("dropIndexes(%q) = %q, want %q", s, got, want)
		}
	}
}

// madeUpLines returns 200,000 strings of up to max-1 bytes, each one of
// chars.
func madeUpLines(r *rand.Rand, chars string, max int) []string {
	out := make([]string, 200000)
	for n := range out {
		b := make([]byte, r.IntN(max))
		for i := range b {
			b[i] = chars[r.IntN(len(chars))]
		}
		out[n] = string(b)
	}
	return out
}
