package main

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"intkb/builder"
)

// buildPage builds a site whose one page is content/x.md, file, and
// returns the page's HTML or the build's error.
func buildPage(file string) (string, error) {
	res, err := builder.Build(builder.Options{Source: fstest.MapFS{
		"site.toml":    {Data: []byte(siteTOML)},
		"content/x.md": {Data: []byte(file)},
	}})
	if err != nil {
		return "", err
	}
	return string(res.Pages[0].Content), nil
}

// TestKindsAtLimit checks that each kind's page at its limit builds and
// the page one unit past it is refused, with an error that names the
// file and the line, so that the benchmark measures pages the build
// accepts, as costly as the limits allow.
func TestKindsAtLimit(t *testing.T) {
	for _, k := range kinds() {
		t.Run(k.name, func(t *testing.T) {
			html, err := buildPage(k.file(k.limit))
			if k.invalid != "" {
				if err == nil || !strings.HasPrefix(err.Error(), k.invalid) {
					t.Fatalf("%d %ss: got %.300v, want %s...", k.limit, k.unit, err, k.invalid)
				}
			} else if err != nil {
				t.Fatalf("%d %ss: %.300v", k.limit, k.unit, err)
			}
			past, err := buildPage(k.file(k.limit + 1))
			if k.accepted {
				if err != nil {
					t.Fatalf("%d %ss: %.300v", k.limit+1, k.unit, err)
				}
				if !strings.Contains(html, `<span class="kd">`) || strings.Contains(past, `<span class="kd">`) {
					t.Errorf("code is not highlighted up to the limit and shown as it is past it")
				}
				return
			}
			want := "content/x.md: " + k.refusal
			if k.line > 0 {
				want = fmt.Sprintf("content/x.md:%d: %s", k.line, k.refusal)
			}
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("%d %ss: got %.300v, want %s...", k.limit+1, k.unit, err, want)
			}
		})
	}
}
