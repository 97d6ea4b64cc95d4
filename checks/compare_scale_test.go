package checks

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"intkb/bench/corpus"
	"intkb/builder"
	"intkb/builder/model"
)

// portalAreas is how many areas the portal of the checks imports: about
// as many as England has primary care networks.
const portalAreas = 1250

// writePortal writes a site importing portalAreas areas made from the
// demo's blueprints (corpus.Portal), its caps raised to take them all,
// and returns its folder.
func writePortal(t *testing.T) string {
	t.Helper()
	demo, _ := servedDemo(t)
	data, err := os.ReadFile(filepath.Join(demo, "data", "blueprints.json"))
	if err != nil {
		t.Fatal(err)
	}
	pcn, err := corpus.Portal(data, portalAreas, "pcn.example")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"site.toml": fmt.Sprintf("title = \"Regional portal\"\nbaseURL = \"https://portal.example/\"\nlicence = \"Open Government Licence v3.0\"\nattribution = \"Test portal\"\n"+
			"[imports]\nmaxAreas = %d\n[[import]]\nname = \"pcn\"\nsource = \"imports/pcn.json\"\nmaxAreas = %d\n", portalAreas, portalAreas),
		"content/_index.md": "+++\ntitle = \"Regional portal\"\n+++\nEvery area's model.\n",
		"imports/pcn.json":  string(pcn),
	})
	return dir
}

// TestCompareAtScaleInBrowser drives the filter-first comparison of a
// portal of 1,250 areas in Chromium (compare-scale.mjs): on plain
// hosting, from the keyboard, a region and an integration level choose
// the areas, whose count and summary are those the fixture says, and two
// ticked areas are set side by side from their records alone, never the
// whole data; the page passes axe-core before and after, does not
// scroll sideways on a phone, and intkb serve's page for the same
// address shows the same. Screenshots are kept in $INTKB_SHOTS when set.
func TestCompareAtScaleInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium: not with -short")
	}
	node := needBrowser(t, "axe-core/package.json")
	dir := writePortal(t)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Build(builder.Options{Source: root.FS(), Dest: out, BaseURL: "http://127.0.0.1/"}); err != nil {
		t.Fatal(err)
	}
	files := httptest.NewServer(gzipped(http.FileServer(http.Dir(out))))
	t.Cleanup(files.Close)
	srv := serve(t, "--source", dir)
	shots := os.Getenv("INTKB_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	region, level := "Region 2", model.Vocabularies["integration_level"].Terms[1].Label
	plan := map[string]any{"chromium": chromium, "static": files.URL + "/compare/", "served": srv.base + "compare/", "tags": axeTags,
		"shots": shots, "region": region, "level": level}
	type view struct {
		Count                          string
		Summary                        map[string][]string
		Listed, Columns, Rows, Differs []string
		Notices, Axe, Errors, Fetched  []string
		Address                        string
		Bytes                          int
	}
	var got struct {
		First, Filtered, Picked, Served view
		Phone                           struct {
			Overflow int
			Axe      []string
		}
		Fetched, Errors []string
	}
	runNode(t, node, []string{"compare-scale.mjs"}, plan, &got)

	if len(got.Errors) > 0 {
		t.Errorf("script errors: %v", got.Errors)
	}
	for name, v := range map[string][]string{"the first page": got.First.Axe, "with two areas side by side": got.Picked.Axe, "on a phone": got.Phone.Axe} {
		if len(v) > 0 {
			t.Errorf("axe-core, %s: %v", name, v)
		}
	}
	if got.Phone.Overflow > 0 {
		t.Errorf("on a phone the page scrolls sideways by %d px", got.Phone.Overflow)
	}
	if slices.ContainsFunc(got.First.Fetched, func(p string) bool { return strings.HasSuffix(p, ".json") }) {
		t.Errorf("the first page fetched %v before any choice", got.First.Fetched)
	}
	t.Logf("the first page and what it loads: %d bytes", got.First.Bytes)

	var want []int
	levelCode := model.Vocabularies["integration_level"].Terms[1].Value
	for i := range portalAreas {
		if a := corpus.PortalAreaOf(i); a.Region == region && a.Level == levelCode {
			want = append(want, i)
		}
	}
	if s := fmt.Sprintf("%d of %s areas chosen.", len(want), model.NumberText(portalAreas)); got.Filtered.Count != s {
		t.Errorf("%s and %s: the static page says %q; want %q", region, level, got.Filtered.Count, s)
	}
	if s := fmt.Sprintf("%s=%d", level, len(want)); strings.Join(got.Filtered.Summary["Integration level"], ",") != s {
		t.Errorf("the summary of integration levels is %v; want %s", got.Filtered.Summary["Integration level"], s)
	}
	if len(got.Filtered.Listed) != min(len(want), 100) || got.Filtered.Listed[0] != fmt.Sprintf("pcn/area-%d", want[0]) {
		t.Errorf("the static page lists %d areas starting %v; want %d from pcn/area-%d", len(got.Filtered.Listed), got.Filtered.Listed[:min(1, len(got.Filtered.Listed))], len(want), want[0])
	}
	two := []string{fmt.Sprintf("pcn/area-%d", want[0]), fmt.Sprintf("pcn/area-%d", want[1])}
	if strings.Join(got.Picked.Columns, ",") != strings.Join(two, ",") {
		t.Errorf("side by side: %v; want %v", got.Picked.Columns, two)
	}
	for _, p := range got.Fetched {
		if p != "/compare/areas.json" && !strings.HasPrefix(p, "/compare/area/pcn/") {
			t.Errorf("the static page fetched %s", p)
		}
	}
	if len(got.Fetched) != 3 {
		t.Errorf("the static page fetched %v; want the index and two records", got.Fetched)
	}
	// The server, for the address the static page ended on, shows the same.
	s, st := got.Served, got.Picked
	for _, c := range []struct {
		what      string
		srv, stat []string
	}{{"areas listed", s.Listed, st.Listed}, {"columns", s.Columns, st.Columns}, {"rows", s.Rows, st.Rows}, {"differences", s.Differs, st.Differs},
		{"integration levels", s.Summary["Integration level"], st.Summary["Integration level"]}, {"budgets", s.Summary["Budget"], st.Summary["Budget"]},
		// More places than a summary counts: the most common, the same.
		{"places", s.Summary["Place"], st.Summary["Place"]}} {
		if strings.Join(c.srv, ",") != strings.Join(c.stat, ",") {
			t.Errorf("%s: the server shows %s %v, the static page %v", st.Address, c.what, c.srv, c.stat)
		}
	}
	if n := len(st.Summary["Place"]); n != 21 {
		t.Errorf("the summary counts %d places; want the 20 most common and the others together", n)
	}
	if s.Count != st.Count {
		t.Errorf("the server says %q, the static page %q", s.Count, st.Count)
	}
}
