package checks

// The offline copy as a facilitator shares it: built with --zip, sent as
// one file, unzipped into a folder whose path has spaces, and opened from
// there in a browser with its ordinary settings, with no web server.

import (
	"archive/zip"
	"fmt"
	stdhtml "html"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"intkb/builder"
	"intkb/search"
)

// offlineQuery is what TestOfflineCopy searches for.
const offlineQuery = "frailty care homes"

// TestOfflineCopy builds the demo with --zip, unzips the archive under
// "off line/My Site" and checks the copy: every link of every page names
// a file of the copy (not a folder, nothing outside it); and, in Chromium
// over file: URLs, with no flag that loosens what pages may read, every
// page reachable from the home page loads with all it needs and no script
// error, search from the header finds what intkb search finds, with
// highlighted snippets, a filter narrows it and the first result opens,
// the compare page shows two chosen areas and the self-assessment scores.
// Screenshots are left in testout/offline/.
func TestOfflineCopy(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium: not with -short")
	}
	node := needBrowser(t)

	dir := filepath.Join(t.TempDir(), "off line")
	stdout, stderr, code := run(t, repo, "build", "--zip", "--dest", filepath.Join(dir, "built"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	archive := filepath.Join(dir, "neighbourhood-teams-knowledge-base.zip")
	if !strings.Contains(stdout, "Wrote "+archive+" (") {
		t.Errorf("the summary does not name the zip file:\n%s", stdout)
	}
	site := unzipSite(t, archive, filepath.Join(dir, "My Site"), "neighbourhood-teams-knowledge-base")
	links := checkOfflineLinks(t, site, 1000)
	t.Logf("%d links checked in the unzipped copy", links)

	want := firstHit(t, offlineQuery)
	root := (&url.URL{Scheme: "file", Path: filepath.ToSlash(site) + "/"}).String()
	var got struct {
		Errors, Failed, Folders, Outside   []string
		Steps                              map[string]string
		Pages                              int
		SearchURL, Count, Snippet, Filter  string
		FilteredURL, FilteredCount         string
		LandedURL, LandedTitle, CompareURL string
		Assessed, Download                 string
		TargetExists                       bool
		CompareColumns                     []string
		Results                            []struct{ Href, Title string }
	}
	plan := map[string]string{"chromium": chromium, "home": root + "index.html", "query": offlineQuery, "shots": outDir(t, "offline")}
	runNode(t, node, []string{"offline.mjs"}, plan, &got)

	for step, res := range got.Steps {
		if res != "ok" {
			t.Errorf("%s: %s", step, res)
		}
	}
	for _, l := range [][]string{got.Errors, got.Failed, got.Folders, got.Outside} {
		for _, p := range l {
			t.Error(p)
		}
	}
	if pages := countPages(t, site); got.Pages != pages-1 { // all but 404.html, which nothing leads to
		t.Errorf("the crawl reached %d pages of %d", got.Pages, pages)
	}
	if got.SearchURL != root+"search/index.html?q=frailty+care+homes" {
		t.Errorf("the header's search went to %s", got.SearchURL)
	}
	if wantCount := fmt.Sprintf("%d pages match", want.Total); !strings.HasPrefix(got.Count, wantCount) {
		t.Errorf("results: %q, want %q", got.Count, wantCount)
	}
	if len(got.Results) == 0 || got.Results[0].Title != want.Title || !strings.HasPrefix(got.Results[0].Href, root+want.URL+"index.html") {
		t.Errorf("first result %+v, want %q at %s", got.Results, want.Title, want.URL)
	}
	if !strings.Contains(got.Snippet, "<mark>") {
		t.Errorf("the first snippet highlights nothing: %q", got.Snippet)
	}
	if !strings.Contains(got.FilteredURL, got.Filter) || got.FilteredCount == got.Count {
		t.Errorf("filter %s: %s, %q", got.Filter, got.FilteredURL, got.FilteredCount)
	}
	if !strings.HasPrefix(got.LandedURL, root) || got.LandedTitle == "" || !got.TargetExists {
		t.Errorf("following a result landed at %s (%q; its fragment there: %v)", got.LandedURL, got.LandedTitle, got.TargetExists)
	}
	if !strings.HasPrefix(got.CompareURL, root+"compare/index.html?areas=") || len(got.CompareColumns) != 2 {
		t.Errorf("compare: %s shows %v", got.CompareURL, got.CompareColumns)
	}
	if !strings.HasPrefix(got.Assessed, "3 of 5") || !strings.HasPrefix(got.Download, "blob:") {
		t.Errorf("self-assessment: %q, download %q", got.Assessed, got.Download)
	}
}

// unzipSite unzips archive into dir, checking that every entry is a file
// under the folder top and none is hidden, and returns that folder.
func unzipSite(t *testing.T, archive, dir, top string) string {
	t.Helper()
	zr, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		rel, ok := strings.CutPrefix(f.Name, top+"/")
		if !ok || !fs.ValidPath(rel) || strings.HasPrefix(path.Base(rel), ".") || strings.Contains(rel, "/.") {
			t.Errorf("the zip holds %s, outside %s/ or hidden", f.Name, top)
			continue
		}
		full := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(zr.File) < 100 {
		t.Errorf("the zip holds only %d files", len(zr.File))
	}
	return filepath.Join(dir, top)
}

var (
	offlineLinkAttr = regexp.MustCompile(`\s(?:href|src|action)="([^"]*)"`)
	offlineIDAttr   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// checkOfflineLinks follows every link of every page of the copy at site
// as a browser opening it from a folder would: each must name a file of
// the copy, not a folder, and its #fragment an id there. Links to other
// sites are left alone. It returns how many links it followed, which
// must be at least least, so that a checker that reads nothing fails.
func checkOfflineLinks(t *testing.T, site string, least int) int {
	t.Helper()
	ids := map[string]map[string]bool{}
	links := 0
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		from, _ := filepath.Rel(site, p)
		for _, m := range offlineLinkAttr.FindAllStringSubmatch(string(data), -1) {
			raw := stdhtml.UnescapeString(m[1])
			u, err := url.Parse(raw)
			if err != nil || u.Scheme != "" || u.Host != "" {
				if err != nil || u.Scheme == "file" {
					t.Errorf("%s: link %q", from, raw)
				}
				continue // another site
			}
			links++
			target := p
			if u.Path != "" {
				if strings.HasPrefix(u.Path, "/") {
					t.Errorf("%s: link %q starts at the top of the disk", from, raw)
					continue
				}
				target = filepath.Join(filepath.Dir(p), filepath.FromSlash(u.Path))
			}
			if rel, err := filepath.Rel(site, target); err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("%s: link %q leads out of the copy", from, raw)
				continue
			}
			if info, err := os.Stat(target); err != nil || !info.Mode().IsRegular() {
				t.Errorf("%s: link %q names no file of the copy", from, raw)
				continue
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !idsIn(t, ids, target)[u.Fragment] {
				t.Errorf("%s: link %q: no id %q there", from, raw, u.Fragment)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if links < least {
		t.Errorf("only %d links checked: is the checker reading the pages?", links)
	}
	return links
}

// idsIn returns the ids of the page file, reading it once.
func idsIn(t *testing.T, cache map[string]map[string]bool, file string) map[string]bool {
	if m, ok := cache[file]; ok {
		return m
	}
	m := map[string]bool{}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range offlineIDAttr.FindAllStringSubmatch(string(data), -1) {
		m[stdhtml.UnescapeString(id[1])] = true
	}
	cache[file] = m
	return m
}

// countPages returns how many HTML files the copy at site holds.
func countPages(t *testing.T, site string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			n++
		}
		return err
	})
	return n
}

// firstHit is what the server's search answers for query on the demo:
// the number of pages that match, and the first one's title and URL
// (without a #section).
func firstHit(t *testing.T, query string) (want struct {
	Total      int
	Title, URL string
}) {
	t.Helper()
	root, err := os.OpenRoot(repo)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Build(builder.Options{Source: root.FS(), Dest: out, NewIndex: search.NewIndexes}); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(search.Request{Query: query})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search %q: %v, %+v", query, err, res)
	}
	want.Total, want.Title = int(res.Total), res.Hits[0].Title
	want.URL, _, _ = strings.Cut(res.Hits[0].URL, "#")
	return want
}
