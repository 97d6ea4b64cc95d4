package checks

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"intkb/builder"
)

// reviewSite is a site of three playbooks built on 1 June 2026: one past
// its review date then (old), one whose date comes after the build but
// before 1 October 2026 (later), and one in date until 2027 (fresh).
func reviewSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"site.toml": "title = \"Reviews\"\nbaseURL = \"https://example.org/\"\n"}
	for slug, due := range map[string]string{"old": "2026-05-01", "later": "2026-09-01", "fresh": "2027-06-01"} {
		files["content/playbooks/"+slug+".md"] = fmt.Sprintf("+++\ntitle = %q\nsummary = \"S\"\nupdated = 2026-01-15\nreview_due = %s\nphase = \"explore\"\naddresses = [\"needs\"]\n[[steps]]\ntitle = \"Do it\"\n+++\nText.\n", slug, due)
	}
	for name, text := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// reviewSeen is what review-notice.mjs saw on a page.
type reviewSeen struct {
	Notice     bool     `json:"notice"`
	Focus      string   `json:"focus"`
	Tags       int      `json:"tags"`
	Violations []string `json:"violations"`
}

// TestReviewNoticeInBrowser checks that the browser decides from the date
// whether a page is past its review date: a copy built before the date
// and read after it shows the notice, and the tag on its card, as the
// build would have; a reader whose clock is behind the build still sees
// what the build showed; without JavaScript only what the build knew is
// shown. The notice takes no focus and breaks no WCAG rule axe-core
// checks.
func TestReviewNoticeInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium: not with -short")
	}
	node := needBrowser(t, "axe-core/axe.min.js")
	src, err := os.OpenRoot(reviewSite(t))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	out := filepath.Join(t.TempDir(), "public")
	built := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	if _, err := builder.Build(builder.Options{Source: src.FS(), Dest: out, Now: built}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()

	var got struct {
		Errors []string
		Seen   map[string]map[string]reviewSeen
	}
	shot := filepath.Join(outDir(t, "review-notice"), "revealed.png")
	runNode(t, node, []string{"review-notice.mjs", chromium, srv.URL + "/", shot}, nil, &got)
	for _, e := range got.Errors {
		t.Errorf("script error: %s", e)
	}
	shown := func(notice bool, tags int) reviewSeen {
		return reviewSeen{Notice: notice, Focus: "BODY", Tags: tags, Violations: []string{}}
	}
	want := map[string]map[string]reviewSeen{
		// Read after later's review date: the script shows its notice and tag.
		"2026-10-01": {"playbooks/later/": shown(true, 0), "playbooks/old/": shown(true, 0), "playbooks/fresh/": shown(false, 0), "playbooks/": shown(false, 2)},
		// A clock behind the build: what the build showed stays.
		"2026-01-01": {"playbooks/later/": shown(false, 0), "playbooks/old/": shown(true, 0), "playbooks/fresh/": shown(false, 0), "playbooks/": shown(false, 1)},
		// Without JavaScript: what the build knew.
		"off": {"playbooks/later/": shown(false, 0), "playbooks/old/": shown(true, 0), "playbooks/fresh/": shown(false, 0), "playbooks/": shown(false, 1)},
	}
	for clock, pages := range want {
		for page, w := range pages {
			if g := got.Seen[clock][page]; !reflect.DeepEqual(g, w) {
				t.Errorf("clock %s, /%s: saw %+v, want %+v", clock, page, g, w)
			}
		}
	}
}
