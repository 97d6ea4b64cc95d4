package builder

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"intkb/builder/model"
)

// guardedSite is minimalSite as a site ready to publish: its own
// address, and the terms of its open data.
var guardedSite = strings.Replace(minimalSite, `baseURL = "https://example.org/"`, `baseURL = "https://kb.northshire.nhs.uk/"
licence = "Open Government Licence v3.0"
attribution = "Northshire ICB"`, 1)

// buildWarnings builds site (with opts) and returns its warnings, failing
// the test on an error.
func buildWarnings(t *testing.T, site string, opts Options) []string {
	t.Helper()
	opts.Source, opts.Now = siteFS(t, site), testNow
	opts.HTTPClient = &http.Client{Transport: refuseAll{}}
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	return res.Warnings
}

// refuseAll is a transport that reaches nothing, so that no test
// fetches from this machine's port 1313.
type refuseAll struct{}

func (refuseAll) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in tests")
}

func TestReadySiteHasNoPublishingWarnings(t *testing.T) {
	if w := buildWarnings(t, guardedSite, Options{}); len(w) != 0 {
		t.Errorf("a site ready to publish got warnings: %q", w)
	}
}

func TestBaseURLWarnings(t *testing.T) {
	const local = "is this computer's own address"
	const example = "is an address kept for examples"
	for _, tt := range []struct {
		base, want string
	}{
		{"http://127.0.0.1:1313/", local},
		{"http://localhost:8080/icb/", local},
		{"http://[::1]/", local},
		{"http://0.0.0.0:1313/", local},
		{"http://preview.localhost/", local},
		{"/", "has no host"},
		{"/icb/north/", "has no host"},
		{"https://example.org/", example},
		{"https://www.example.com/icb/", example},
		{"https://EXAMPLE.NET./", example},
		{"https://kb.icb.example/", example},
		{"https://site.test/", example},
		{"https://site.invalid/", example},
		{"https://kb.northshire.nhs.uk/", ""},
		{"https://example.org.uk/", ""},
		{"https://myexample.org/", ""},
		{"http://intranet/neighbourhoods/", ""},
	} {
		t.Run(tt.base, func(t *testing.T) {
			site := strings.Replace(guardedSite, `"https://kb.northshire.nhs.uk/"`, `"`+tt.base+`"`, 1)
			w := buildWarnings(t, site, Options{})
			if tt.want == "" {
				if len(w) != 0 {
					t.Errorf("warnings %q, want none", w)
				}
				return
			}
			want := `site.toml:2: baseURL: "` + tt.base + `" ` + tt.want
			if len(w) != 1 || !strings.HasPrefix(w[0], want) || !strings.HasSuffix(w[0], "set it to the full address readers will use, such as https://www.<your organisation>/neighbourhoods/, or build with --base-url") {
				t.Errorf("warnings %q, want one starting %q", w, want)
			}
			// intkb serve previews at its own address: no warning.
			if w := buildWarnings(t, site, Options{Preview: true}); len(w) != 0 {
				t.Errorf("a preview got warnings: %q", w)
			}
			// --base-url is named when it gives the address.
			w = buildWarnings(t, guardedSite, Options{BaseURL: tt.base})
			if want := `--base-url: "` + tt.base + `" ` + tt.want; len(w) != 1 || !strings.HasPrefix(w[0], want) || !strings.HasSuffix(w[0], ": give the full address readers will use") {
				t.Errorf("with --base-url: warnings %q, want one starting %q", w, want)
			}
		})
	}
	// A real --base-url mends a site.toml that names this computer.
	site := strings.Replace(guardedSite, `"https://kb.northshire.nhs.uk/"`, `"http://127.0.0.1:1313/"`, 1)
	if w := buildWarnings(t, site, Options{BaseURL: "https://kb.northshire.nhs.uk/"}); len(w) != 0 {
		t.Errorf("--base-url https://kb.northshire.nhs.uk/: warnings %q", w)
	}
}

func TestOpenDataNeedsALicenceAndAttribution(t *testing.T) {
	site := strings.Replace(guardedSite, "licence = \"Open Government Licence v3.0\"\nattribution = \"Northshire ICB\"", "licence = \" \"", 1)
	w := buildWarnings(t, site, Options{})
	want := []string{
		`site.toml:3: licence: is not set, but 1 blueprint is published as open data (data/blueprints.json and data/blueprints.csv), which no one may reuse without a licence: name one, such as licence = "Open Government Licence v3.0", and give the address of its text in licenceURL`,
		`site.toml: attribution: is not set, but 1 blueprint is published as open data (data/blueprints.json and data/blueprints.csv): say how those who reuse them should credit you, such as attribution = "Contains information from <your organisation>"`,
	}
	slices.Sort(want)
	if !slices.Equal(w, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(w, "\n"), strings.Join(want, "\n"))
	}
	// A site whose blueprints are all drafts publishes no open data.
	draft := strings.Replace(site, "title = \"Saltmere model\"\n", "title = \"Saltmere model\"\nstatus = \"draft\"\n", 1)
	if w := buildWarnings(t, draft, Options{Drafts: true}); len(w) != 0 {
		t.Errorf("with the blueprint a draft: warnings %q", w)
	}
}

// TestTemplateTextIsNamed publishes a page of each type as "intkb new"
// wrote it: each gets one warning naming every key and body line that
// still holds the scaffold's text, and a page whose author wrote their
// own gets none.
func TestTemplateTextIsNamed(t *testing.T) {
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	areas := []model.Area{{Slug: "saltmere", Name: "Saltmere"}}
	want := map[string]string{
		"playbook":   `content/playbooks/new-one.md:4: summary, outputs[0] (line 12), steps[0].title (line 15), steps[0].detail (line 16), steps[1].title (line 19), steps[1].detail (line 20) and the body (lines 32, 36 and 38) still hold text that "intkb new" wrote for you to replace, such as "One or two sentences for lists and search results.": write this page's own, or keep status = "draft" until it is ready`,
		"case-study": `content/case-studies/new-one.md:4: summary, setting (line 11), changes[0] (line 13), governance (line 14), learnings[0] (line 15), learnings[1] (line 15), learnings[2] (line 15), outcomes[0].measure (line 25) and the body (lines 40, 44 and 46) still hold text`,
		"framework":  `content/frameworks/new-one.md:4: summary and the body (lines 42, 49 and 54) still hold text`,
		"blueprint":  `content/blueprints/new-one.md:4: summary, needs.footprint (line 13), needs.statement (line 18), function.activities[0] (line 25), governance.accountable_body (line 51), measures.measures[0] (line 69), measures.evaluation (line 70) and the body (lines 82, 86 and 88) still hold text`,
	}
	for kind, typ := range NewPageTypes {
		t.Run(kind, func(t *testing.T) {
			text, err := NewPage(typ, "new-one", day, areas)
			if err != nil {
				t.Fatal(err)
			}
			page := strings.Replace(string(text), `status = "draft"`, `status = "published"`, 1)
			dir := map[string]string{model.TypePlaybook: "playbooks", model.TypeCaseStudy: "case-studies", model.TypeFramework: "frameworks", model.TypeBlueprint: "blueprints"}[typ]
			site := guardedSite + "-- content/" + dir + "/new-one.md --\n" + page
			w := buildWarnings(t, site, Options{})
			if len(w) != 1 || !strings.HasPrefix(w[0], want[kind]) {
				t.Errorf("warnings\n%s\nwant one starting\n%s", strings.Join(w, "\n"), want[kind])
			}
			// As a draft it is not published, so not warned about.
			if w := buildWarnings(t, guardedSite+"-- content/"+dir+"/new-one.md --\n"+string(text), Options{Drafts: true}); len(w) != 0 {
				t.Errorf("the draft got warnings: %q", w)
			}
			// Every text the scaffold marks, once replaced, is no longer
			// named.
			for _, s := range append(slices.Sorted(mapKeys(templateTexts().values)), templateTexts().body...) {
				page = strings.ReplaceAll(page, s, "Our own words "+kind)
			}
			if w := buildWarnings(t, guardedSite+"-- content/"+dir+"/new-one.md --\n"+page, Options{}); len(w) != 0 {
				t.Errorf("with its own text: warnings %q", w)
			}
		})
	}
}

func mapKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestNewSiteTemplateText builds a site just as "intkb new site" wrote
// it: its home page, about page and area are named, and nothing else.
func TestNewSiteTemplateText(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "north")
	if err := NewSite(dir, testNow); err != nil {
		t.Fatal(err)
	}
	res, err := Build(Options{Source: os.DirFS(dir), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`content/_index.md:7: the body still holds text that "intkb new" wrote for you to replace, "Say here what this site is and who it is for.": write this page's own, or keep status = "draft" until it is ready`,
		`content/about.md:6: the body still holds text that "intkb new" wrote for you to replace, "Who publishes this site, and how to contact them (by role).": write this page's own, or keep status = "draft" until it is ready`,
		`site.toml:6: baseURL: "http://127.0.0.1:1313/" is this computer's own address, so the published site's links, sitemap, feed and open data would send each reader to their own computer: set it to the full address readers will use, such as https://www.<your organisation>/neighbourhoods/, or build with --base-url`,
		`site.toml:33: areas[0].setting and areas[0].description (line 34) still hold text that "intkb new" wrote for you to replace, such as "The kind of place": write your own`,
	}
	if !slices.Equal(res.Warnings, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(res.Warnings, "\n"), strings.Join(want, "\n"))
	}
	// What it writes holds no marks.
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if strings.ContainsAny(string(data), markOpen+markClose) {
			t.Errorf("%s holds a mark", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestImportOfOwnPreview(t *testing.T) {
	for _, tt := range []struct {
		base, source string
		warned       bool
	}{
		{"https://kb.northshire.nhs.uk/", "http://127.0.0.1:1313/data/blueprints.json", true},
		{"https://kb.northshire.nhs.uk/", "http://localhost:1313/icb/data/blueprints.json", true},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080/data/blueprints.json", true},
		{"https://kb.northshire.nhs.uk/", "http://127.0.0.1:8080/data/blueprints.json", false},
		{"https://kb.northshire.nhs.uk/", "https://other.nhs.uk:1313/data/blueprints.json", false},
	} {
		site := strings.Replace(guardedSite, "[[areas]]", "[[import]]\nname = \"self\"\nsource = \""+tt.source+"\"\n\n[[areas]]", 1)
		w := buildWarnings(t, site, Options{BaseURL: tt.base, Preview: true})
		want := `site.toml:7: import "self": source "` + tt.source + `" is this site's own local preview, which no published site can reach, and which holds this site's own areas: name the other site's published open data, such as https://<its address>/data/blueprints.json`
		if got := slices.Contains(w, want); got != tt.warned {
			t.Errorf("base %s, import %s: warnings %q; want the warning: %v", tt.base, tt.source, w, tt.warned)
		}
	}
	// A row of a list file is warned of at its line.
	site := strings.Replace(guardedSite, "[[areas]]", "[imports]\nlist = \"sources.csv\"\n\n[[areas]]", 1) +
		"-- sources.csv --\nname,source\nself,http://127.0.0.1:1313/data/blueprints.json\n"
	w := buildWarnings(t, site, Options{BaseURL: "https://kb.northshire.nhs.uk/", Preview: true})
	if want := `sources.csv:2: import "self": source "http://127.0.0.1:1313/data/blueprints.json" is this site's own local preview`; !strings.HasPrefix(strings.Join(w, "\n"), want) && !strings.Contains(strings.Join(w, "\n"), "\n"+want) {
		t.Errorf("a list file's import of the preview: warnings %q, want one starting %s", w, want)
	}
}

func TestStrictFailsOnPublishingWarnings(t *testing.T) {
	site := strings.Replace(guardedSite, `"https://kb.northshire.nhs.uk/"`, `"https://example.org/"`, 1)
	_, err := Build(Options{Source: siteFS(t, site), Now: testNow, Strict: true})
	if err == nil || !strings.Contains(err.Error(), `site.toml:2: baseURL: "https://example.org/" is an address kept for examples`) {
		t.Errorf("Strict with an example address: %v", err)
	}
}

func TestDraftsAreListed(t *testing.T) {
	fsys := siteFS(t, guardedSite)
	for _, name := range []string{"content/frameworks/first-conversation.md", "content/case-studies/saltmere-frailty.md"} {
		fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[name].Data), "+++\ntitle", "+++\nstatus = \"draft\"\ntitle", 1))}
	}
	res, err := Build(Options{Source: fsys, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"content/case-studies/saltmere-frailty.md", "content/frameworks/first-conversation.md"}; !slices.Equal(res.Drafts, want) {
		t.Errorf("Drafts %q, want %q", res.Drafts, want)
	}
	if res, err := Build(Options{Source: fsys, Now: testNow, Drafts: true}); err != nil || len(res.Drafts) != 0 {
		t.Errorf("with Drafts: %v, Drafts %q", err, res.Drafts)
	}
}

// TestDemoIsReadyToPublish builds the demo as it is, with Strict: it
// names an address readers could reach, the terms of its open data, and
// no text of a scaffold's.
func TestDemoIsReadyToPublish(t *testing.T) {
	root, err := os.OpenRoot("..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if _, err := Build(Options{Source: root.FS(), Strict: true}); err != nil {
		t.Errorf("the demo is not ready to publish:\n%v", err)
	}
}
