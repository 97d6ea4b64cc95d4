package server

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intkb/builder/model"
)

// TestProblemPage checks the page the preview shows while the site has
// authoring errors: each error on its own, a mistake in the TOML with its
// line and the caret in a block that keeps them aligned, all escaped.
func TestProblemPage(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<html><body><p>All well.</p></body></html>"), 0o644)
	site, err := New(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	reload := NewReloader()
	defer reload.Close()
	site.Reload(reload)
	srv := httptest.NewServer(site)
	defer srv.Close()

	syntax := &model.Error{File: "content/p.md", Line: 4, Msg: `front matter: a " inside <b>`, Source: "t = \"a\t<b>\"", Col: 8, Span: 3}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"a list", model.ErrorList{syntax, {File: "content/q.md", Field: "phase", Msg: "x & y"}},
			`<div class="problems"><p>content/p.md:4: front matter: a &#34; inside &lt;b&gt;</p>` +
				"<pre>    4 | t = &#34;a\t&lt;b&gt;&#34;\n      |       \t^^^</pre>" +
				`<p>content/q.md: phase: x &amp; y</p></div>`},
		{"one error", syntax, `<div class="problems"><p>content/p.md:4: front matter: a &#34; inside &lt;b&gt;</p><pre>`},
		{"another error", errors.New("rendering <main>: failed\n"), `<div class="problems"><p>rendering &lt;main&gt;: failed</p></div>`},
		{"fixed", nil, "<p>All well.</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site.SetProblem(tt.err)
			resp, err := http.Get(srv.URL + "/")
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body := string(data)
			if !strings.Contains(body, tt.want) {
				t.Errorf("the page lacks\n%s\n%s", tt.want, body)
			}
			if broken := strings.Contains(body, "data-intkb-error"); broken != (tt.err != nil) {
				t.Errorf("the page is marked as the page of problems: %v", broken)
			}
		})
	}
}
