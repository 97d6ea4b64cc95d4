package builder

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"intkb/builder/model"
)

// liveSite is a built site followed by a Live, with helpers to edit it.
type liveSite struct {
	t    *testing.T
	dir  string // the source
	dest string // the output being served
	live *Live
	root *os.Root
}

func newLiveSite(t *testing.T, txt string) *liveSite {
	t.Helper()
	ls := &liveSite{t: t, dir: writeSite(t, txt), dest: filepath.Join(t.TempDir(), "out")}
	root, err := os.OpenRoot(ls.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	ls.root = root
	// As intkb serve does: site.toml read once, before the first build.
	cfg, err := LoadConfig(root.FS())
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Source: root.FS(), Config: cfg, Dest: ls.dest, Now: testNow}
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	ls.live = NewLive(opts, res)
	return ls
}

func (ls *liveSite) write(name, text string) {
	full := filepath.Join(ls.dir, filepath.FromSlash(name))
	os.MkdirAll(filepath.Dir(full), 0o755)
	if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
		ls.t.Fatal(err)
	}
}

func (ls *liveSite) edit(name, old, new string) {
	full := filepath.Join(ls.dir, filepath.FromSlash(name))
	data, err := os.ReadFile(full)
	if err != nil {
		ls.t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		ls.t.Fatalf("%s has no %q", name, old)
	}
	ls.write(name, strings.Replace(string(data), old, new, 1))
}

func (ls *liveSite) apply(paths ...string) *Change {
	ls.t.Helper()
	ch, err := ls.live.Apply(paths)
	if err != nil {
		ls.t.Fatalf("apply %v: %v", paths, err)
	}
	return ch
}

// checkSameAsFull builds the source afresh and compares every file.
func (ls *liveSite) checkSameAsFull(step string) {
	ls.t.Helper()
	full := filepath.Join(ls.t.TempDir(), "full")
	if _, err := Build(Options{Source: ls.root.FS(), Dest: full, Now: testNow}); err != nil {
		ls.t.Fatalf("%s: full build: %v", step, err)
	}
	a, b := fileMap(ls.t, ls.dest), fileMap(ls.t, full)
	var diffs []string
	for name, data := range b {
		if got, ok := a[name]; !ok {
			diffs = append(diffs, "missing "+name)
		} else if got != data {
			diffs = append(diffs, "differs "+name)
		}
	}
	for name := range a {
		if _, ok := b[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		ls.t.Errorf("%s: incremental output differs from a full build:\n%s", step, strings.Join(diffs, "\n"))
	}
}

func fileMap(t *testing.T, dir string) map[string]string {
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			m[strings.TrimPrefix(p, dir)] = string(data)
		}
		return nil
	})
	return m
}

func TestLiveEqualsFull(t *testing.T) {
	ls := newLiveSite(t, minimalSite+"-- content/glossary.md --\n+++\ntitle = \"Glossary\"\n+++\nSee [needs](playbooks/start-with-needs.md).\n")
	const pb = "content/playbooks/start-with-needs.md"

	ls.edit(pb, "Read [the Saltmere model]", "First read [the Saltmere model]")
	ch := ls.apply(pb)
	sort.Strings(ch.URLs)
	if strings.Join(ch.URLs, " ") != "case-studies/saltmere-frailty/ glossary/ playbooks/start-with-needs/" {
		t.Errorf("a body edit wrote %v, want the page and the pages linking to it", ch.URLs)
	}
	ls.checkSameAsFull("body edit")

	ls.edit("content/case-studies/saltmere-frailty.md", `title = "Frailty at home in Saltmere"`, `title = "Home first in Saltmere"`)
	ls.apply("content/case-studies/saltmere-frailty.md")
	ls.checkSameAsFull("title edit")

	ls.write("content/playbooks/new-one.md", "+++\ntitle = \"A new one\"\nsummary = \"S\"\nupdated = 2026-11-01\nreview_due = 2027-05-01\ntags = [\"fresh\"]\ncohorts = [\"rising_risk\"]\nphase = \"design\"\naddresses = [\"form\"]\n[[steps]]\ntitle = \"x\"\n+++\n## Part one\n")
	ls.apply("content/playbooks/new-one.md")
	ls.checkSameAsFull("new page")

	ls.edit("content/glossary.md", "See [needs]", "See [the new one](playbooks/new-one.md#part-one) and [needs]")
	ls.apply("content/glossary.md")
	ls.checkSameAsFull("new link")

	os.Remove(filepath.Join(ls.dir, "content/frameworks/first-conversation.md"))
	ch = ls.apply("content/frameworks/first-conversation.md")
	if len(ch.Removed) != 1 || ch.Removed[0] != "frameworks/first-conversation/" {
		t.Errorf("removed %v", ch.Removed)
	}
	ls.checkSameAsFull("deleted page")

	ls.write("layouts/playbook.html", "{{define \"main\"}}<p class=\"mine\">{{.Title}}</p>{{end}}\n")
	ch = ls.apply("layouts/playbook.html")
	for _, u := range ch.URLs {
		if !strings.HasPrefix(u, "playbooks/") {
			t.Errorf("a playbook layout edit wrote %s", u)
		}
	}
	ls.checkSameAsFull("layout edit")

	ls.write("static/css/extra.css", "body { color: black }\n")
	if ch = ls.apply("static/css/extra.css"); !ch.Styles {
		t.Error("a stylesheet change is not reported as styles only")
	}
	ls.checkSameAsFull("stylesheet")

	ls.edit("content/playbooks/new-one.md", `title = "A new one"`, "status = \"draft\"\ntitle = \"A new one\"")
	ls.edit("content/glossary.md", "[the new one](playbooks/new-one.md#part-one) and ", "")
	ls.apply("content/playbooks/new-one.md", "content/glossary.md")
	ls.checkSameAsFull("page made a draft")

	ls.write("content/playbooks/map/index.md", "+++\ntitle = \"Map\"\nsummary = \"S\"\nupdated = 2026-11-01\nreview_due = 2027-05-01\nphase = \"explore\"\naddresses = [\"needs\"]\n[[steps]]\ntitle = \"x\"\n+++\n![A map](map.svg)\n")
	ls.write("content/playbooks/map/map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
	ls.apply("content/playbooks/map/map.svg", "content/playbooks/map/index.md")
	ls.checkSameAsFull("bundle")

	ls.write("content/blueprints/brackenfield.md", strings.NewReplacer(`area = "saltmere"`, `area = "brackenfield"`, `title = "Saltmere model"`, `title = "Brackenfield model"`, `integration_level = "convening_to_coordinate"`, `integration_level = "unity_of_effort"`).Replace(siteFile(&testing.T{}, "content/blueprints/saltmere.md")))
	ls.apply("content/blueprints/brackenfield.md")
	ls.checkSameAsFull("new blueprint")
	ls.edit("content/blueprints/saltmere.md", `budget = "aligned"`, `budget = "pooled"`)
	ls.apply("content/blueprints/saltmere.md")
	ls.checkSameAsFull("blueprint edit")

	os.RemoveAll(filepath.Join(ls.dir, "content/playbooks/map"))
	ls.apply("content/playbooks/map")
	ls.checkSameAsFull("deleted bundle folder")

	// A deleted blueprint takes its open data and its area's pages with it.
	os.Remove(filepath.Join(ls.dir, "content/blueprints/brackenfield.md"))
	ls.apply("content/blueprints/brackenfield.md")
	ls.checkSameAsFull("deleted blueprint")

	ls.edit("site.toml", `title = "Test site"`, `title = "Renamed site"`)
	if ch = ls.apply("site.toml"); !ch.Full {
		t.Error("a site.toml edit did not rebuild everything")
	}
	ls.checkSameAsFull("site.toml")
}

func TestLiveKeepsTheLastGoodSite(t *testing.T) {
	ls := newLiveSite(t, minimalSite)
	before := treeHash(t, ls.dest)
	const pb = "content/playbooks/start-with-needs.md"
	ls.edit(pb, `phase = "explore"`, `phase = "explor"`)
	_, err := ls.live.Apply([]string{pb})
	if err == nil || !strings.Contains(err.Error(), pb+":7: phase: \"explor\" is not one of") {
		t.Fatalf("got %v", err)
	}
	if treeHash(t, ls.dest) != before {
		t.Error("a failed rebuild changed the output")
	}
	// Deleting a page others link to is an error too, with their lines.
	os.Remove(filepath.Join(ls.dir, "content/blueprints/saltmere.md"))
	ls.edit(pb, `phase = "explor"`, `phase = "explore"`)
	_, err = ls.live.Apply([]string{pb, "content/blueprints/saltmere.md"})
	if err == nil || !strings.Contains(err.Error(), pb+":14: link to missing page") {
		t.Fatalf("got %v", err)
	}
	if treeHash(t, ls.dest) != before {
		t.Error("a failed rebuild changed the output")
	}
	ls.write("content/blueprints/saltmere.md", siteFile(&testing.T{}, "content/blueprints/saltmere.md"))
	ls.apply(pb, "content/blueprints/saltmere.md")
	ls.checkSameAsFull("fixed")
}

// TestLivePlaybookPath checks that a live rebuild writes again the
// playbooks whose neighbours on the path change, and only those, when a
// playbook's phase, title or weight changes or one comes or goes, and
// removes a list page a grouped list no longer needs.
func TestLivePlaybookPath(t *testing.T) {
	ls := newLiveSite(t, strings.Replace(pathSite, `title = "Test site"`, "title = \"Test site\"\npaginate = 2", 1))
	wrote := func(ch *Change, want ...string) {
		t.Helper()
		for _, u := range want {
			if !slices.Contains(ch.URLs, u) {
				t.Errorf("%s was not written again; wrote %v", u, ch.URLs)
			}
		}
	}

	const zebra = "content/playbooks/zebra.md"
	ls.edit(zebra, `phase = "explore"`, `phase = "sustain"`)
	ch := ls.apply(zebra)
	// Zebra leaves Start with needs and Able, and comes between Launch it
	// and Aardvark.
	wrote(ch, "playbooks/start-with-needs/", "playbooks/able/", "playbooks/launch-it/", "playbooks/aardvark/", "playbooks/")
	ls.checkSameAsFull("phase edit")

	ls.edit("content/playbooks/design-a.md", `title = "Design A"`, `title = "Design Z"`)
	ch = ls.apply("content/playbooks/design-a.md")
	wrote(ch, "playbooks/able/", "playbooks/design-b/", "playbooks/launch-it/")
	ls.checkSameAsFull("title edit")

	ls.edit("content/playbooks/aardvark.md", "weight = 1", "weight = -1")
	ch = ls.apply("content/playbooks/aardvark.md")
	wrote(ch, "playbooks/launch-it/", "playbooks/zebra/")
	ls.checkSameAsFull("weight edit")

	ls.write("content/playbooks/design-c.md", strings.TrimPrefix(playbookFile("design-c", "Design C", "design", 6), "-- content/playbooks/design-c.md --\n"))
	ch = ls.apply("content/playbooks/design-c.md")
	// Design B, Design Z (design-a), then Design C, then Launch it.
	wrote(ch, "playbooks/design-a/", "playbooks/launch-it/")
	ls.checkSameAsFull("new playbook")

	ls.edit("content/playbooks/design-b.md", "Why Design B matters.", "Why Design B matters a lot.")
	ch = ls.apply("content/playbooks/design-b.md")
	if !slices.Equal(ch.URLs, []string{"playbooks/design-b/"}) {
		t.Errorf("a body edit wrote %v, want only the page", ch.URLs)
	}
	ls.checkSameAsFull("body edit")

	// Two playbooks a page: explore (2), design (3), launch (1), sustain
	// (2) take four list pages, three when design has gone.
	for _, f := range []string{"design-a", "design-b", "design-c"} {
		os.Remove(filepath.Join(ls.dir, "content/playbooks/"+f+".md"))
	}
	ch = ls.apply("content/playbooks/design-a.md", "content/playbooks/design-b.md", "content/playbooks/design-c.md")
	wrote(ch, "playbooks/able/", "playbooks/launch-it/")
	if !slices.Contains(ch.Removed, "playbooks/page/4/") {
		t.Errorf("removed %v, want the fourth page of the playbooks among them", ch.Removed)
	}
	ls.checkSameAsFull("deleted playbooks")
}

// TestLiveChecksLayouts checks the layout a page names on a live
// rebuild: an edited page's, and every page's when a layout goes.
func TestLiveChecksLayouts(t *testing.T) {
	ls := newLiveSite(t, minimalSite+"-- layouts/wide.html --\n{{define \"main\"}}<div class=\"wide\">{{.Title}}</div>{{end}}\n-- content/glossary.md --\n+++\ntitle = \"Glossary\"\nlayout = \"wide\"\n+++\nWords.\n")
	before := treeHash(t, ls.dest)
	const pb = "content/playbooks/start-with-needs.md"
	ls.edit(pb, `title = "Start with needs"`, "title = \"Start with needs\"\nlayout = \"wdie\"")
	_, err := ls.live.Apply([]string{pb})
	if err == nil || !strings.Contains(err.Error(), pb+`:3: layout: "wdie" is not a layout`) {
		t.Fatalf("an edited page naming a missing layout: got %v", err)
	}
	ls.edit(pb, "\nlayout = \"wdie\"", "")
	ls.apply(pb)
	// The glossary is not edited, but the layout it names goes.
	os.Remove(filepath.Join(ls.dir, "layouts/wide.html"))
	_, err = ls.live.Apply([]string{"layouts/wide.html"})
	if err == nil || !strings.Contains(err.Error(), `content/glossary.md:3: layout: "wide" is not a layout`) {
		t.Fatalf("a page naming a layout that went: got %v", err)
	}
	if treeHash(t, ls.dest) != before {
		t.Error("failed rebuilds changed the output")
	}
}

// TestLiveFollowsImportFiles checks that the files the imports are read
// from are followed, and that a change to one rebuilds the whole site
// while a change to another file beside it does nothing.
func TestLiveFollowsImportFiles(t *testing.T) {
	site := strings.Replace(minimalSite, "[[areas]]", "[imports]\nlist = \"data/sources.csv\"\n\n[[areas]]", 1) +
		"-- data/sources.csv --\nname,source\n"
	ls := newLiveSite(t, site)
	if got := ls.live.Followed(); !slices.Equal(got, []string{"data/sources.csv"}) {
		t.Fatalf("followed %v, want the list file", got)
	}
	ls.write("data/notes.txt", "not read by a build\n")
	if ch := ls.apply("data/notes.txt"); ch.Full || len(ch.URLs) > 0 {
		t.Errorf("a file no build reads rebuilt %v (full %v)", ch.URLs, ch.Full)
	}
	ls.write("data/sources.csv", "name,source\r\n")
	if ch := ls.apply("data/sources.csv"); !ch.Full {
		t.Error("an edit of the list file of sources did not rebuild everything")
	}
	ls.checkSameAsFull("list file")

	cfg := &model.Config{
		Imports:     []model.Import{{Name: "a", Source: "data/./a.json"}, {Name: "b", Source: "https://b.example.org/data/blueprints.json"}},
		ImportLimit: model.ImportLimit{List: "data/sources.csv"},
	}
	if got, want := cfg.ImportFiles(), []string{"data/sources.csv", "data/a.json"}; !slices.Equal(got, want) {
		t.Errorf("ImportFiles: %v, want %v", got, want)
	}
}
