package builder

import (
	"html/template"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"intkb/builder/model"
	"intkb/internal/testenv"
	"intkb/layouts"
)

func TestPagesAreRenderedAgainOnlyWhenTheirKeysChange(t *testing.T) {
	w := newWarmSite(t)
	first := w.build(Options{})
	all := first.pagesRendered // the content pages and the generated pages with keys
	if all <= len(first.Pages) {
		t.Fatalf("the first build rendered %d pages with keys, with %d content pages", all, len(first.Pages))
	}
	typed := func(typ string) int { // the pages of a type, which share a layout
		n := 0
		for _, p := range first.Pages {
			if p.Type == typ {
				n++
			}
		}
		return n
	}
	for _, tt := range []struct {
		name     string
		change   func()
		opts     Options
		rendered int
	}{
		{name: "nothing, rebuilt", opts: Options{Rebuild: true}, rendered: 0},
		{name: "a page's body", change: func() { w.edit("content/spare.md", "Spare.", "Spare, edited.") }, rendered: 1},
		{name: "the body of a page others link to", change: func() { w.edit("content/playbooks/start-with-needs.md", "Read [the", "Now read [the") }, rendered: 1},
		{name: "a link added to a body", change: func() {
			w.edit("content/spare.md", "Spare, edited.", "Spare, with [a link](playbooks/start-with-needs.md).")
		}, rendered: all},
		{name: "a page's front matter", change: func() { w.edit("content/spare.md", "title = \"Spare\"", "title = \"Spare page\"") }, rendered: all},
		// The open data and the workbook show it.
		{name: "a blueprint's front matter", change: func() {
			w.edit("content/blueprints/saltmere.md", "summary = \"A coastal model.\"", "summary = \"A coastal model, by the sea.\"")
		}, rendered: all},
		{name: "the home page's intro", change: func() { w.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHello, intro.\n") }, rendered: all},
		{name: "a static file", change: func() { w.write("static/files/other.txt", "Another note.\n") }, rendered: all},
		// The built-in layouts show the day only as which pages are
		// overdue: a new day renders again only what changed, until a
		// page becomes overdue.
		{name: "a body, the next day", change: func() { w.edit("content/spare.md", "Spare, with", "Spare, now with") }, opts: Options{Now: testNow.Add(24 * time.Hour)}, rendered: 1},
		{name: "a review date", change: func() {
			w.edit("content/spare.md", `title = "Spare page"`, "title = \"Spare page\"\nupdated = 2026-06-01\nreview_due = 2026-11-24")
		}, opts: Options{Now: testNow.Add(24 * time.Hour)}, rendered: all},
		{name: "a body, on the day that page is overdue", change: func() { w.edit("content/spare.md", "Spare, now with", "Spare, by now with") }, opts: Options{Now: testNow.Add(72 * time.Hour)}, rendered: all},
		{name: "a body, a day before", change: func() { w.edit("content/spare.md", "Spare, by now with", "Spare, now with") }, opts: Options{Now: testNow.Add(24 * time.Hour)}, rendered: all},
		{name: "a body, the same day", change: func() { w.edit("content/spare.md", "Spare, now with", "Spare, still with") }, opts: Options{Now: testNow.Add(24 * time.Hour)}, rendered: 1},
		// A layout of the site's own that shows other pages' bodies:
		// the pages it renders depend on every body.
		{name: "a layout that shows every page's opening", change: func() {
			w.write("layouts/page.html", `{{define "main"}}{{.Page.Content}}<ul>{{range .Site.Pages}}<li>{{.Opening}}</li>{{end}}</ul>{{end}}`)
		}, opts: Options{Now: testNow.Add(24 * time.Hour)}, rendered: all},
		{name: "another page's body, shown by that layout", change: func() {
			w.edit("content/playbooks/start-with-needs.md", "Now read [the", "Then read [the")
		}, opts: Options{Now: testNow.Add(24 * time.Hour)}, rendered: 1 + typed("page")},
		// The pages of areas like one show only what the shape holds,
		// unless their layout shows where an imported area was read,
		// which is read again on every build: then those that show an
		// imported area are rendered on every build.
		{name: "a layout of areas like one that shows where imports were read", change: func() {
			w.write("layouts/like.html", `{{define "main"}}{{.Data.Area.Name}}{{range .Data.Likes}} {{.Area.Name}}{{with .Area.Provenance}} [imported from {{.Site}}]{{end}}{{end}}{{end}}`)
		}, opts: Options{Now: testNow.Add(24 * time.Hour)}, rendered: all},
		{name: "a body, shown with that layout", change: func() {
			w.edit("content/spare.md", "Spare, still with", "Spare, once more with")
		}, opts: Options{Now: testNow.Add(24 * time.Hour)}, rendered: -1},
		{name: "cleaned", opts: Options{Clean: true, Now: testNow.Add(24 * time.Hour)}, rendered: all},
	} {
		if tt.change != nil {
			tt.change()
		}
		res := w.build(tt.opts)
		if tt.rendered == -1 {
			// the page edited, and the pages of areas like one that
			// show an imported area
			tt.rendered = 1 + w.filesHolding(t, "compare/like/", "[imported from ")
		}
		if res.pagesRendered != tt.rendered {
			t.Errorf("after %s: %d of %d pages rendered, want %d", tt.name, res.pagesRendered, all, tt.rendered)
		}
		w.sameAsClean(tt.opts)
	}
}

// TestOpenDataIsMadeOnlyWhenTheShapeChanges: a build makes each
// blueprint's record of the open data once, for its file, the CSV and
// the whole, and none when it keeps the files the last build made from
// the same shape, as after an edit to a body.
func TestOpenDataIsMadeOnlyWhenTheShapeChanges(t *testing.T) {
	w := newWarmSite(t)
	first := w.build(Options{})
	blueprints := first.ByType[model.TypeBlueprint]
	if blueprints == 0 || first.recordsMade != blueprints {
		t.Fatalf("the first build made %d records of %d blueprints, want one each", first.recordsMade, blueprints)
	}
	for _, tt := range []struct {
		name   string
		change func()
		made   int
	}{
		{"a page's body", func() { w.edit("content/spare.md", "Spare.", "Spare, edited.") }, 0},
		{"a blueprint's front matter", func() {
			w.edit("content/blueprints/saltmere.md", "summary = \"A coastal model.\"", "summary = \"A coastal model, by the sea.\"")
		}, blueprints},
		{"a blueprint's body", func() {
			w.edit("content/blueprints/saltmere.md", "community_pharmacy = \"consulted\"\n+++\n", "community_pharmacy = \"consulted\"\n+++\nBy the sea.\n")
		}, 0},
	} {
		tt.change()
		if res := w.build(Options{}); res.recordsMade != tt.made {
			t.Errorf("after %s: %d records made, want %d", tt.name, res.recordsMade, tt.made)
		}
		w.sameAsClean(Options{})
	}
}

// TestPicturesAreDrawnOnlyWhenTheirSourceChanges checks that the
// favicons and the share card are drawn again only when what they are
// drawn from changes: the site's title, which gives the initials and the
// card's text, or the stylesheet's colours; not after an edit to a page.
func TestPicturesAreDrawnOnlyWhenTheirSourceChanges(t *testing.T) {
	w := newWarmSite(t)
	if first := w.build(Options{}); first.picturesDrawn != len(pictures) {
		t.Fatalf("the first build drew %d pictures, want %d", first.picturesDrawn, len(pictures))
	}
	for _, tt := range []struct {
		name   string
		change func()
		drawn  int
	}{
		{"a page's body", func() { w.edit("content/spare.md", "Spare.", "Spare, edited.") }, 0},
		{"nothing", func() {}, 0},
		{"the site's title", func() { w.edit("site.toml", `title = "Test site"`, `title = "Quayside test site"`) }, len(pictures)},
		{"the stylesheet's colours", func() { w.write("static/css/intkb.css", ":root { --blue: #123456; }\n") }, len(pictures)},
	} {
		tt.change()
		if res := w.build(Options{}); res.picturesDrawn != tt.drawn {
			t.Errorf("after %s: %d pictures drawn, want %d", tt.name, res.picturesDrawn, tt.drawn)
		}
		w.sameAsClean(Options{})
	}
}

// TestBuiltInLayoutsReadOnlyTheirPagesBody checks that no built-in
// layout reads another page's body, or shows the day of the build: an
// edit to a body renders again only that page.
func TestBuiltInLayoutsReadOnlyTheirPagesBody(t *testing.T) {
	b := newBuild(Options{Source: os.DirFS(".."), Layouts: layouts.FS, Now: testNow})
	if err := b.loadConfig(); err != nil {
		t.Fatal(err)
	}
	tm, err := b.loadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	funcs := b.settings().funcs()
	// The pages of these show View.Data, which the walk cannot follow:
	// they are rendered on every build (renderKeys.of). The pages of
	// areas like one are walked knowing their Data.
	withData := map[string]bool{"data": true, "self-assessment": true, "compare": true, "like": true, "search": true}
	for name, set := range tm.byName {
		if withData[name] {
			continue
		}
		r := readsOfLayout(set, funcs, nil)
		if r.otherBodies != "" || r.showsDay || r.showsFetch {
			t.Errorf("layout %s: reads another page's body at %q, shows the day %t, when imports were read %t", name, r.otherBodies, r.showsDay, r.showsFetch)
		}
	}
	r := readsOfLayout(tm.byName["like"], funcs, reflect.TypeFor[*AreasLike]())
	if r.otherBodies != "" || r.showsDay || r.showsFetch {
		t.Errorf("layout like: reads another page's body at %q, shows the day %t, when imports were read %t", r.otherBodies, r.showsDay, r.showsFetch)
	}
	if len(tm.byName) < 15 {
		t.Errorf("only %d layouts checked", len(tm.byName))
	}
}

func TestLayoutReadsOfOtherPages(t *testing.T) {
	funcs := settings{}.funcs()
	for _, tt := range []struct {
		src    string
		bodies bool // may read another page's body
	}{
		{`{{.Page.Content}}{{.Page.TOC}}{{.Page.Opening}}`, false},
		{`{{with .Page}}{{.Content}}{{range .Headings}}{{.Text}}{{end}}{{end}}`, false},
		{`{{range .Site.Pages}}{{.Title}} {{.URL}} {{.Meta.Summary}} {{.Phase}}{{end}}`, false},
		{`{{range .Site.Sections}}{{.Title}}{{end}}`, false}, // the site's sections, not a page's
		{`{{.Page.Front.Title}}{{range .Site.Pages}}{{.Front.Phase}}{{end}}`, false},
		{`{{define "card"}}{{.Headings}}{{end}}{{template "card" .Page}}`, false},
		{`{{range .Site.Pages}}{{if overdue .}}late{{end}}{{$.Page.Label "area" .Meta.Area}}{{end}}`, false},
		{`{{with .Prev}}{{.Page.Title}}{{end}}`, false},
		{`{{range .Site.Pages}}{{range $.Site.CompareLinks .}}{{.URL}}{{end}}{{end}}`, false}, // this package's methods read no body
		{`{{range .Site.Pages}}{{.Content}}{{end}}`, true},
		{`{{with .Prev}}{{.Page.Opening}}{{end}}`, true},
		{`{{(index .Site.Pages 0).Lead}}`, true},
		{`{{range $i, $p := .List}}{{$p.Parts}}{{end}}`, true},
		{`{{define "card"}}{{.Headings}}{{end}}{{range .Site.Latest}}{{template "card" .}}{{end}}`, true},
		{`{{$p := .Page}}{{range .Site.Pages}}{{$p.Content}}{{$p = .}}{{end}}`, true},
		{`{{$x := .Page}}{{if .Next}}{{$x = .Next}}{{end}}{{$x.Rest}}`, true},
		{`{{.Prev}}`, true}, // printed whole, body and all
		{`{{printf "%v" .Site.Featured}}`, true},
		{`{{with .Intro}}{{.Content}}{{end}}`, false},             // a section's intro, which the shape holds whole
		{`{{range .Site.Pages}}{{.Front.Content}}{{end}}`, false}, // front matter, whatever its names
	} {
		set, err := template.New("baseof.html").Funcs(funcs).Parse(tt.src)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		r := readsOfLayout(set, funcs, nil)
		if got := r.otherBodies != ""; got != tt.bodies {
			t.Errorf("%s: reads another page's body: %t (%q), want %t", tt.src, got, r.otherBodies, tt.bodies)
		}
		if r.showsDay {
			t.Errorf("%s: shows the day", tt.src)
		}
	}
	set := template.Must(template.New("baseof.html").Funcs(funcs).Parse(`{{define "x"}}{{.Built}}{{end}}{{template "x" .Site}}`))
	if !readsOfLayout(set, funcs, nil).showsDay {
		t.Error("a layout showing the day of the build is not seen to")
	}
	// A page of areas like one, whose Data is known.
	like := reflect.TypeFor[*AreasLike]()
	for _, tt := range []struct {
		src           string
		data          reflect.Type
		bodies, fetch bool
	}{
		{`{{.Data.Area.Name}}{{range .Data.Likes}}{{.Area.Name}} {{.Where}} {{.Compare}}{{end}}`, like, false, false},
		{`{{.Data.Area.Name}}`, nil, true, false}, // Data not known: printed, it may be a page
		{`{{.Data}}`, like, false, false},
		{`{{.Data.Area.Provenance.Fetched}}`, like, false, true},
		{`{{range .Data.Likes}}{{with .Area.Provenance}}{{.Age}}{{end}}{{end}}`, like, false, true},
		{`{{$a := .Data.Area}}{{with $a}}{{.Provenance}}{{end}}`, nil, true, true},
		{`{{range .Site.Pages}}{{.Content}}{{end}}{{.Data.Area.Name}}`, like, true, false},
	} {
		set, err := template.New("baseof.html").Funcs(funcs).Parse(tt.src)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		r := readsOfLayout(set, funcs, tt.data)
		if got := r.otherBodies != ""; got != tt.bodies || r.showsFetch != tt.fetch {
			t.Errorf("%s with Data %v: reads another page's body %t (%q), when imports were read %t; want %t, %t", tt.src, tt.data, got, r.otherBodies, r.showsFetch, tt.bodies, tt.fetch)
		}
	}
}

// TestPageFieldsAreSorted checks that each exported field and method of
// Page is named as its body's (pageBodyFields) or not
// (pageShapeFields), and that only front matter is an interface.
func TestPageFieldsAreSorted(t *testing.T) {
	var names []string
	pt := reflect.TypeFor[*Page]()
	for _, f := range reflect.VisibleFields(pt.Elem()) {
		if !f.IsExported() {
			continue
		}
		names = append(names, f.Name)
		if f.Type.Kind() == reflect.Interface && !frontMatterFields[f.Name] {
			t.Errorf("Page.%s is an interface not known to hold only front matter", f.Name)
		}
	}
	for i := range pt.NumMethod() {
		names = append(names, pt.Method(i).Name)
	}
	for _, n := range names {
		if pageBodyFields[n] == slices.Contains(pageShapeFields, n) {
			t.Errorf("Page.%s is in both or neither of pageBodyFields and pageShapeFields", n)
		}
	}
	for _, n := range pageShapeFields {
		if !slices.Contains(names, n) {
			t.Errorf("pageShapeFields names %s, which Page has not", n)
		}
	}
	for n := range blindFuncs {
		if _, ok := (settings{}).funcs()[n]; !ok && !strings.Contains(" index slice len and or not eq ne lt le gt ge ", " "+n+" ") {
			t.Errorf("blindFuncs names %s, which is no function", n)
		}
	}
}

// TestOnlyPagesReadTheirBodies checks what layoutreads.go takes as
// known: that no code of this package reads a page's body (its Markdown,
// or what converting it gave) but the few files that convert it, give
// it to layouts or key it, and the checks that report problems in it.
// A method that did, such as a summary cut from the body, could give a
// layout another page's body where the walk cannot see it.
func TestOnlyPagesReadTheirBodies(t *testing.T) {
	allowed := map[string]string{
		"page.go":        "Page's methods that give the body",
		"markdown.go":    "converting the body",
		"bodycache.go":   "keeping bodies as converted",
		"renderkeys.go":  "keying a page by its body",
		"layoutreads.go": "naming the body's fields",
		"site.go":        "letting go of bodies (Site.ReleaseText)",
		"guards.go":      "warnings about the body's text",
		"load.go":        "the limits of a body's cost",
		"scaffold.go":    "intkb new, which writes pages",
	}
	reads := regexp.MustCompile(`\.(Content|TOC|Headings|Parts|introEnd|leadEnd)\b|\.(Opening|Sections|Lead|Rest)\(\)|src\.Body\b`)
	hits, named := testenv.SourceLines(t, reads, func(file string) bool { return allowed[file] != "" }, "*.go")
	if named < 50 {
		t.Fatalf("%d files", named)
	}
	for _, h := range hits {
		t.Errorf("%s:%d reads a page's body, which layoutreads.go takes no code here to do: %s", h.File, h.Line, h.Text)
	}
}

// TestKeptBodySumsAreTheBodiesSums checks that the digest of a page's
// body and its conversion, which a build takes from the bodies kept
// rather than reading the body and its HTML again (keptBody.Sum), is the
// one worked out from the page: in a build that converts every body, one
// that takes every body from the last, and one after an edit.
func TestKeptBodySumsAreTheBodiesSums(t *testing.T) {
	w := newWarmSite(t)
	check := func(when string, res *Result, wantKept int) {
		t.Helper()
		kept := 0
		for _, p := range res.Pages {
			if p.bodySum == ([32]byte{}) {
				continue
			}
			kept++
			fresh := *p
			fresh.bodySum = [32]byte{}
			if pageDigest(p) != pageDigest(&fresh) {
				t.Errorf("%s: %s's kept body sum is not its body's", when, p.Path)
			}
		}
		if kept != wantKept {
			t.Errorf("%s: %d of %d pages had a kept body sum, want %d", when, kept, len(res.Pages), wantKept)
		}
	}
	first := w.build(Options{})
	check("converted", first, len(first.Pages))
	w.edit("content/spare.md", "Spare.", "Spare, with [a link](playbooks/start-with-needs.md).")
	check("after an edit", w.build(Options{}), len(first.Pages))
	check("kept", w.build(Options{Rebuild: true}), len(first.Pages))
}

// filesHolding returns how many files under dir of the publish folder
// hold text.
func (w *warmSite) filesHolding(t *testing.T, dir, text string) int {
	t.Helper()
	n := 0
	for name, data := range outputTree(t, w.dest, nil) {
		if strings.HasPrefix(name, dir) && strings.Contains(data, text) {
			n++
		}
	}
	if n == 0 {
		t.Errorf("no file under %s holds %q", dir, text)
	}
	return n
}
