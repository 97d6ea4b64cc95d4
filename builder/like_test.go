package builder

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// likeItem is one area of a rendered "areas like" list.
type likeItem struct {
	heading string   // the h3's text
	where   string   // the line under it: setting and ICB
	href    string   // where its name links
	reasons []string // the reasons, in words
	links   []string // the links under it
}

var (
	likeHeadRE   = regexp.MustCompile(`(?s)<h3 class="like__name">(.*?)</h3>`)
	likeHrefRE   = regexp.MustCompile(`<h3 class="like__name"><a href="([^"]+)"`)
	likeWhereRE  = regexp.MustCompile(`<p class="like__setting">(.*?)</p>`)
	likeReasonRE = regexp.MustCompile(`(?s)<ul class="like__reasons"[^>]*>(.*?)</ul>`)
	liRE         = regexp.MustCompile(`(?s)<li>(.*?)</li>`)
	likeLinksRE  = regexp.MustCompile(`(?s)<p class="like__links">(.*?)</p>`)
	hrefRE       = regexp.MustCompile(`href="([^"]+)"`)
)

// likeItems reads the "areas like" list of a rendered page.
func likeItems(t *testing.T, page string) []likeItem {
	t.Helper()
	start := strings.Index(page, `<ol class="like__list">`)
	if start < 0 {
		t.Fatal("no like__list on the page")
	}
	page = page[start:]
	page = page[:strings.Index(page, "</ol>")+len("</ol>")]
	var out []likeItem
	// Each item ends where the next begins: split rather than match.
	for _, part := range strings.Split(page, `<li class="like__item">`)[1:] {
		var it likeItem
		if m := likeHeadRE.FindStringSubmatch(part); m != nil {
			it.heading = strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(m[1], ""))), " ")
		}
		if m := likeWhereRE.FindStringSubmatch(part); m != nil {
			it.where = html.UnescapeString(m[1])
		}
		if m := likeHrefRE.FindStringSubmatch(part); m != nil {
			it.href = html.UnescapeString(m[1])
		}
		if m := likeReasonRE.FindStringSubmatch(part); m != nil {
			for _, r := range liRE.FindAllStringSubmatch(m[1], -1) {
				it.reasons = append(it.reasons, html.UnescapeString(r[1]))
			}
		}
		if m := likeLinksRE.FindStringSubmatch(part); m != nil {
			for _, h := range hrefRE.FindAllStringSubmatch(m[1], -1) {
				it.links = append(it.links, html.UnescapeString(h[1]))
			}
		}
		out = append(out, it)
	}
	return out
}

// withoutAreasLike returns a blueprint page without its section of
// areas like this one, which lists at most compare.LikeCount of them
// however many there are, and how many it lists: so that a test can
// check that the rest of the page does not grow with the areas.
func withoutAreasLike(t *testing.T, page string) (rest string, likes int) {
	t.Helper()
	start := strings.Index(page, `<section class="blueprint-group like"`)
	end := strings.Index(page, `<nav class="compare-with"`)
	if start < 0 || end < start {
		t.Fatal("no section of areas like this one")
	}
	return page[:start] + page[end:], strings.Count(page[start:end], `<li class="like__item">`)
}

// likeSite is compareSite importing its own open data as "trees", so
// that each area has a twin from another site. Alder's nearest, worked
// out by the weights of package compare (setting, cohorts and
// population 2, level 1.5, budget and cadence 1, members 0.5, out of
// 10), all at 100,000 people, meeting weekly, with a GP and a social
// worker:
//
//	trees/alder  the same in all:                         10   -> 1.000
//	cedar        cohorts 1/2, level a step apart (0.75),
//	             same budget:                  1+2+0.75+1+1+0.5 -> 0.625
//	trees/cedar  the same as cedar, after it by key
//	birch        cohorts 1/2, same level, budget differs: 1+2+1.5+1+0.5 -> 0.600
//	trees/birch  the same as birch
//
// Alder alone gives a setting ("Rural").
func buildLikeSite(t *testing.T) (*Result, string) {
	t.Helper()
	data := otherSiteData(t)
	site := strings.Replace(compareSite, "-- content/", "[[import]]\nname = \"trees\"\nsource = \"imports/trees.json\"\n-- content/", 1) +
		"-- imports/trees.json --\n" + data
	res, dest, err := buildImporting(t, site, Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	return res, dest
}

func TestAreasLikeOnBlueprintPage(t *testing.T) {
	_, dest := buildLikeSite(t)
	page := readOut(t, dest, "blueprints/alder/index.html")
	for _, want := range []string{
		`<section class="blueprint-group like" aria-labelledby="bp-like">`,
		`<h2 id="bp-like">Areas like this one</h2>`,
		`<a href="/compare/?areas=alder,trees%2Falder,cedar,trees%2Fcedar,birch,trees%2Fbirch">Compare Alder Vale with all 5 side by side</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	got := likeItems(t, page)
	sizes := "similar size: 100,000 people"
	want := []likeItem{
		{"Alder Vale from trees, another site", "Rural · Alder ICB", "https://example.org/blueprints/alder/",
			[]string{"also rural", "also frailty", sizes, "also convening to coordinate"},
			[]string{"/compare/?areas=alder,trees%2Falder", "/compare/like/trees/alder/"}},
		{"Cedar Town", "", "/blueprints/cedar/",
			[]string{sizes, "also frailty", "also aligned budgets", "also weekly MDT"},
			[]string{"/compare/?areas=alder,cedar", "/blueprints/cedar/#bp-like"}},
		{"Cedar Town from trees, another site", "", "https://example.org/blueprints/cedar/",
			[]string{sizes, "also frailty", "also aligned budgets", "also weekly MDT"},
			[]string{"/compare/?areas=alder,trees%2Fcedar", "/compare/like/trees/cedar/"}},
		{"Birchwood", "", "/blueprints/birch/",
			[]string{sizes, "also convening to coordinate", "also frailty", "also weekly MDT"},
			[]string{"/compare/?areas=alder,birch", "/blueprints/birch/#bp-like"}},
		{"Birchwood from trees, another site", "", "https://example.org/blueprints/birch/",
			[]string{sizes, "also convening to coordinate", "also frailty", "also weekly MDT"},
			[]string{"/compare/?areas=alder,trees%2Fbirch", "/compare/like/trees/birch/"}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d areas listed, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.heading != w.heading || g.where != w.where || g.href != w.href || !slices.Equal(g.reasons, w.reasons) || !slices.Equal(g.links, w.links) {
			t.Errorf("area %d:\n got %+v\nwant %+v", i+1, g, w)
		}
	}
}

// TestAreasLikePages checks the page of areas like an imported area, and
// the compare page's link to each area's: an imported area's page of
// them, or the section of this site's blueprint page.
func TestAreasLikePages(t *testing.T) {
	_, dest := buildLikeSite(t)
	page := readOut(t, dest, "compare/like/trees/alder/index.html")
	for _, want := range []string{
		`<h1 id="page-title">Areas like Alder Vale (from trees)</h1>`,
		`<a href="https://example.org/blueprints/alder/">Alder Vale’s blueprint</a>: Rural. It comes from another site’s open data, trees.`,
		`<h2 id="like-heading">The nearest areas</h2>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page of areas like trees/alder lacks %s", want)
		}
	}
	items := likeItems(t, page)
	if len(items) != 5 || items[0].heading != "Alder Vale" || items[0].href != "/blueprints/alder/" {
		t.Errorf("areas like trees/alder: %+v", items)
	}
	cmp := readOut(t, dest, "compare/index.html")
	for key, href := range map[string]string{
		"alder": "/blueprints/alder/#bp-like", "birch": "/blueprints/birch/#bp-like", "cedar": "/blueprints/cedar/#bp-like",
		"trees/alder": "/compare/like/trees/alder/", "trees/birch": "/compare/like/trees/birch/", "trees/cedar": "/compare/like/trees/cedar/",
	} {
		if want := `<a class="compare-matrix__like" href="` + href + `">Areas like it<span class="visually-hidden"> (`; !strings.Contains(cmp, want) {
			t.Errorf("the compare page lacks %s, for %s", want, key)
		}
		// An area of this site lists the areas like it on its own page,
		// and has no second page of them.
		if _, err := os.Stat(filepath.Join(dest, "compare/like", key)); (err == nil) == !strings.Contains(key, "/") {
			t.Errorf("compare/like/%s: %v", key, err)
		}
	}
}

// TestAreasLikeLive checks that a live rebuild writes the areas like
// each area again when a blueprint changes, as a full build would, and
// removes the page of areas like an imported area once it has none.
func TestAreasLikeLive(t *testing.T) {
	ls := newLiveSite(t, compareSite)
	ls.edit("content/blueprints/birch.md", `cohorts = ["frailty", "care_homes"]`, `cohorts = ["frailty"]`)
	ls.apply("content/blueprints/birch.md")
	ls.checkSameAsFull("cohorts changed")
	if !strings.Contains(readOut(t, ls.dest, "blueprints/alder/index.html"), "<li>also frailty</li><li>similar size: 100,000 people</li>") {
		t.Error("alder's page does not say what birch now shares")
	}
	os.Remove(filepath.Join(ls.dir, "content/blueprints/cedar.md"))
	ls.apply("content/blueprints/cedar.md")
	ls.checkSameAsFull("a blueprint deleted")
	if strings.Contains(readOut(t, ls.dest, "blueprints/alder/index.html"), `href="/blueprints/cedar/`) {
		t.Error("alder's page still lists cedar")
	}

	// One area imported, beside this site's three: once they have gone,
	// it is like none, and its page of them goes too.
	var data map[string]any
	if err := json.Unmarshal([]byte(otherSiteData(t)), &data); err != nil {
		t.Fatal(err)
	}
	data["blueprints"] = data["blueprints"].([]any)[:1]
	one, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	ls = newLiveSite(t, strings.Replace(compareSite, "-- content/", "[[import]]\nname = \"trees\"\nsource = \"imports/trees.json\"\n-- content/", 1)+
		"-- imports/trees.json --\n"+string(one)+"\n")
	page := filepath.Join(ls.dest, "compare/like/trees/alder/index.html")
	if _, err := os.Stat(page); err != nil {
		t.Fatal(err)
	}
	var gone []string
	for _, slug := range []string{"alder", "birch", "cedar"} {
		gone = append(gone, "content/blueprints/"+slug+".md")
		os.Remove(filepath.Join(ls.dir, gone[len(gone)-1]))
	}
	ls.apply(gone...)
	if _, err := os.Stat(page); err == nil {
		t.Error("the page of areas like trees/alder is still there, with no other area")
	}
}
