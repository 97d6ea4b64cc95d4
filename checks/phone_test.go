package checks

import (
	"strings"
	"testing"
)

// A phone's screen, phoneWidth × phoneScreen CSS px, and the limits on
// it: the header with the main navigation takes at most maxHeader px,
// leaving the rest of the screen to the page; the first search result
// starts on the first screen.
const (
	phoneWidth  = 390
	phoneScreen = 844
	maxHeader   = 120
)

// phoneLayout is what phone.mjs measured.
type phoneLayout struct {
	Pages []struct {
		Name, Path                            string
		HeaderBottom, ScrollWidth, InnerWidth int
	}
	Search map[string]searchLayout
	Menu   struct {
		Tabs         []string
		Closed, Open struct {
			Role       string
			Expanded   *bool
			LinksShown int
		}
		OpenHeaderBottom int
	}
	AxeOpen map[string][]string // by address: axe-core's violations with every <details> open
	Wide    struct {
		MenuShown      bool
		NavLinksShown  int
		Served, Static searchLayout
	}
}

type searchLayout struct {
	CountBottom, FiltersTop, FirstResultTop *int
	FiltersAfterCount, FiltersOpen          bool
	FiltersTag, Summary                     string
	FilterLinks, FilterLinksShown           int
	Counting                                bool  // the filters' values are not counted yet
	OpenedLinks, OpenedLinksShown           int   // once Enter opened the filters
	OpenAfterToggle                         *bool // after a filter was turned on, with JavaScript
	HeaderBottom, ScrollWidth, InnerWidth   int
	Errors                                  []string
}

// TestPhoneLayout measures the demo site on a 390 × 844 phone: the header
// and navigation fit in maxHeader px on every kind of page, and no page
// scrolls sideways; the Menu opens from the keyboard with JavaScript off
// and says whether it is open; on both search pages, intkb serve's and
// the static one search.js draws, the filters follow the result count in
// a closed "Filter results" disclosure that names what is chosen, so the
// first result is on the first screen; search.js counts the static
// page's filters only once they are opened, so that a phone fetches no
// facet records to count filters it does not show; opened, the menu and
// filters pass axe-core. At 1280 px the navigation and the filters show
// without opening anything, counted.
func TestPhoneLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium: not with -short")
	}
	node := needBrowser(t, "axe-core/axe.min.js")
	srv := serve(t)
	_, files := servedDemo(t)
	plan := map[string]any{
		"chromium": chromium, "served": srv.base, "static": files + prefix, "pages": browserPages,
		"query": "search/?q=frailty", "filtered": "search/?q=frailty&type=case-study", "tags": axeTags,
		"phone": map[string]int{"width": phoneWidth, "height": phoneScreen}, "wide": map[string]int{"width": 1280, "height": 900},
	}
	var got phoneLayout
	runNode(t, node, []string{"phone.mjs"}, plan, &got)

	if len(got.Pages) != len(browserPages) {
		t.Fatalf("measured %d pages, want %d", len(got.Pages), len(browserPages))
	}
	for _, p := range got.Pages {
		if p.HeaderBottom > maxHeader {
			t.Errorf("/%s: the header and navigation end %d px down, want at most %d", p.Path, p.HeaderBottom, maxHeader)
		}
		if p.ScrollWidth > p.InnerWidth {
			t.Errorf("/%s: the page is %d px wide in a %d px window: it scrolls sideways", p.Path, p.ScrollWidth, p.InnerWidth)
		}
	}
	t.Logf("header ends at %d px on the home page", got.Pages[0].HeaderBottom)

	checkMenu(t, got)
	for name, s := range got.Search {
		checkPhoneSearch(t, name, s, strings.HasSuffix(name, "Filtered"))
	}
	if len(got.Search) != 4 {
		t.Errorf("measured %d search pages, want 4", len(got.Search))
	}
	if len(got.AxeOpen) != 2 {
		t.Errorf("axe-core ran on %d pages with their menu and filters open, want 2", len(got.AxeOpen))
	}
	for url, vs := range got.AxeOpen {
		for _, v := range vs {
			t.Errorf("%s with the menu and filters open: axe %s", url, v)
		}
	}

	if got.Wide.MenuShown || got.Wide.NavLinksShown < 5 {
		t.Errorf("at 1280 px: Menu button shown %v, %d navigation links shown; want the links and no button", got.Wide.MenuShown, got.Wide.NavLinksShown)
	}
	for name, s := range map[string]searchLayout{"served": got.Wide.Served, "static": got.Wide.Static} {
		if s.FilterLinks == 0 || s.FilterLinksShown != s.FilterLinks {
			t.Errorf("%s search at 1280 px: %d of %d filters shown, want all of them beside the results", name, s.FilterLinksShown, s.FilterLinks)
		}
	}
}

// checkMenu judges the header with JavaScript off: Tab goes from the skip
// link to home, Menu and search; Menu is announced collapsed with its
// links hidden, and Enter expands it and shows them.
func checkMenu(t *testing.T, got phoneLayout) {
	t.Helper()
	m := got.Menu
	if want := []string{"skip link", "home", "summary: Menu", "search"}; strings.Join(m.Tabs, " | ") != strings.Join(want, " | ") {
		t.Errorf("Tab goes through the header as %q, want %q", m.Tabs, want)
	}
	if m.Closed.Expanded == nil || *m.Closed.Expanded || m.Closed.LinksShown != 0 {
		t.Errorf("before opening, Menu (role %q) is expanded: %v, and %d links show; want collapsed and none", m.Closed.Role, ptr(m.Closed.Expanded), m.Closed.LinksShown)
	}
	if m.Open.Expanded == nil || !*m.Open.Expanded || m.Open.LinksShown < 5 {
		t.Errorf("after Enter on Menu, without JavaScript, it is expanded: %v, and %d links show; want expanded and every link", ptr(m.Open.Expanded), m.Open.LinksShown)
	}
	t.Logf("Menu is a %q; with it open the header ends at %d px", m.Closed.Role, m.OpenHeaderBottom)
}

// checkPhoneSearch judges a search page at phone size.
func checkPhoneSearch(t *testing.T, name string, s searchLayout, filtered bool) {
	t.Helper()
	if len(s.Errors) > 0 {
		t.Errorf("%s search: script errors %v", name, s.Errors)
	}
	if s.FirstResultTop == nil || *s.FirstResultTop >= phoneScreen {
		t.Errorf("%s search: the first result starts at %v px, want within the first %d px", name, ptr(s.FirstResultTop), phoneScreen)
	} else {
		t.Logf("%s search: the first result starts at %d px", name, *s.FirstResultTop)
	}
	if s.FiltersTag != "details" || s.FiltersOpen || s.FilterLinksShown != 0 || !strings.HasPrefix(s.Summary, "Filter results") {
		t.Errorf("%s search: the filters are a %q, open %v, %d of %d shown, summary %q; want a closed details, Filter results",
			name, s.FiltersTag, s.FiltersOpen, s.FilterLinksShown, s.FilterLinks, s.Summary)
	}
	if s.OpenedLinks == 0 || s.OpenedLinksShown != s.OpenedLinks {
		t.Errorf("%s search: Enter on Filter results shows %d of %d filters", name, s.OpenedLinksShown, s.OpenedLinks)
	}
	if static := strings.HasPrefix(name, "static"); s.Counting != static || static && s.FilterLinks != 0 {
		t.Errorf("%s search: before the filters are opened, %d filters are drawn and their counting waits: %v; want it to wait (with no filter drawn) only on the static page",
			name, s.FilterLinks, s.Counting)
	}
	if strings.HasPrefix(name, "static") && (s.OpenAfterToggle == nil || !*s.OpenAfterToggle) {
		t.Errorf("%s search: after a filter is turned on the filters are open: %v, want them kept open", name, ptr(s.OpenAfterToggle))
	}
	if !s.FiltersAfterCount || s.CountBottom == nil || s.FiltersTop == nil || *s.FiltersTop < *s.CountBottom {
		t.Errorf("%s search: the filters start at %v px, the count ends at %v px: want the filters after the count", name, ptr(s.FiltersTop), ptr(s.CountBottom))
	}
	if chosen := strings.Contains(s.Summary, "1 chosen") && strings.Contains(s.Summary, "Case study"); chosen != filtered {
		t.Errorf("%s search: the summary says %q; it should name the one filter chosen: %v", name, s.Summary, filtered)
	}
	if s.ScrollWidth > s.InnerWidth {
		t.Errorf("%s search: %d px wide in a %d px window", name, s.ScrollWidth, s.InnerWidth)
	}
}

// ptr shows what p points to, or nil.
func ptr[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
