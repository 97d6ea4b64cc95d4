package model

import "testing"

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
