package search

import (
	"slices"
	"testing"
	"testing/fstest"

	"intkb/builder"
	"intkb/search/static"
)

// hitURLs returns the pages of hits, in order.
func hitURLs(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, pageURL(h))
	}
	return out
}

// helpLastProblem says what is wrong with the order of urls, the hits of
// an ordinary query, when help pages are the pages help names: "" when
// there is content and a help page among them and every page of content
// comes before every help page.
func helpLastProblem(urls []string, help map[string]bool) string {
	content, helpSeen := 0, false
	for _, u := range urls {
		switch {
		case help[u]:
			helpSeen = true
		case helpSeen:
			return "the content page " + u + " comes after a help page"
		default:
			content++
		}
	}
	if content == 0 || !helpSeen {
		return "the hits are not content and help pages both: the query proves nothing"
	}
	return ""
}

// TestHelpPagesComeLast checks, on the demo site, that both engines, the
// Bleve index and the search page's script on the static index, list
// every page of content an ordinary query finds before any help page
// (the authoring guide, about, the glossary), and still find help pages
// first when only they match, or when the type filter asks for them.
func TestHelpPagesComeLast(t *testing.T) {
	idx, built := demoIndex(t)
	help := map[string]bool{}
	for _, p := range built.Pages {
		if p.Help() {
			help[p.URL] = true
		}
	}
	ordinary := []Request{{Query: "frailty"}, {Query: "care homes"}, {Query: "mdt"}, {Query: "care"}}
	asked := []Request{{Query: "front matter"}, {Query: "review_due"}, {Query: "frailty", Filters: Filters{"type": {"page"}}}}
	var reqs []map[string]any
	for _, r := range append(slices.Clone(ordinary), asked...) {
		reqs = append(reqs, map[string]any{"query": r.Query, "filters": r.Filters, "size": MaxSize})
	}
	var script struct{ Responses []staticResponse }
	runEngine(t, map[string]any{"index": static.Dir(demo.dir + "/public"), "requests": reqs}, &script)
	for i, r := range append(ordinary, asked...) {
		r.Size = MaxSize
		res, err := idx.Search(r)
		if err != nil {
			t.Fatal(err)
		}
		for engine, urls := range map[string][]string{"Bleve": hitURLs(res.Hits), "the script": hitURLs(script.Responses[i].Hits)} {
			switch {
			case i < len(ordinary):
				if p := helpLastProblem(urls, help); p != "" {
					t.Errorf("%s, %q: %s: %v", engine, r.Query, p, urls)
				}
			case len(urls) == 0 || !help[urls[0]]:
				t.Errorf("%s, %q %v: the first hit is not a help page: %v", engine, r.Query, r.Filters, urls)
			case r.Query != "frailty" && urls[0] != "guide/authoring/":
				t.Errorf("%s, %q: the authoring guide is not first: %v", engine, r.Query, urls)
			}
		}
	}
}

// TestHelpKey checks that a page's help key decides whether it is a help
// page, whatever its type, in both indexes and after a live update.
func TestHelpKey(t *testing.T) {
	playbook := func(help string, text string) []byte {
		return []byte("+++\ntitle = \"P\"\nsummary = \"S\"\nupdated = 2026-01-01\nreview_due = 2027-01-01\n" + help +
			"phase = \"explore\"\naddresses = [\"needs\"]\n[[steps]]\ntitle = \"x\"\n+++\n" + text + "\n")
	}
	fsys := fstest.MapFS{
		"site.toml":                {Data: []byte("title = \"t\"\nbaseURL = \"/\"\n")},
		"content/guide.md":         {Data: []byte("+++\ntitle = \"Guide\"\n+++\nzebra zebra zebra zebra\n")},
		"content/news.md":          {Data: []byte("+++\ntitle = \"News\"\nhelp = false\n+++\nzebra\n")},
		"content/playbooks/how.md": {Data: playbook("help = true\n", "zebra zebra zebra zebra zebra")},
		"content/playbooks/do.md":  {Data: playbook("", "zebra zebra")},
	}
	// tiers says whether urls are the pages of content, then the help
	// pages, each in any order.
	tiers := func(urls []string, content, help []string) bool {
		n := len(content)
		return len(urls) == n+len(help) && sameSet(urls[:n], content) && sameSet(urls[n:], help)
	}
	out, idx := builtIndex(t, fsys, NewIndexes)
	content, help := []string{"playbooks/do/", "news/"}, []string{"playbooks/how/", "guide/"}
	res, err := idx.Search(Request{Query: "zebra"})
	if err != nil {
		t.Fatal(err)
	}
	var script struct{ Responses []staticResponse }
	runEngine(t, map[string]any{"index": static.Dir(out), "requests": []map[string]any{{"query": "zebra", "size": 10}}}, &script)
	for engine, got := range map[string][]string{"Bleve": hitURLs(res.Hits), "the script": hitURLs(script.Responses[0].Hits)} {
		if !tiers(got, content, help) {
			t.Errorf("%s: zebra finds %v, want %v, then %v", engine, got, content, help)
		}
	}

	// The news page becomes a help page, and the playbook content.
	fsys["content/news.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"News\"\n+++\nzebra\n")}
	fsys["content/playbooks/how.md"] = &fstest.MapFile{Data: playbook("", "zebra zebra zebra zebra zebra")}
	built, err := builder.Build(builder.Options{Source: fsys})
	if err != nil {
		t.Fatal(err)
	}
	var changed []*builder.Page
	for _, p := range built.Pages {
		if p.URL == "news/" || p.URL == "playbooks/how/" {
			changed = append(changed, p)
		}
	}
	next, err := idx.Update(changed, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	res, err = next.Search(Request{Query: "zebra"})
	if err != nil {
		t.Fatal(err)
	}
	content, help = []string{"playbooks/do/", "playbooks/how/"}, []string{"news/", "guide/"}
	if got := hitURLs(res.Hits); !tiers(got, content, help) {
		t.Errorf("after the update, zebra finds %v, want %v, then %v", got, content, help)
	}
}

// sameSet reports whether a and b hold the same strings.
func sameSet(a, b []string) bool {
	a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	return slices.Equal(a, b)
}
