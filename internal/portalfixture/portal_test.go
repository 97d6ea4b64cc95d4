package portalfixture

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intkb/builder"
)

// TestPortalImportsCoastway checks that the portal builds with Coastway's
// two areas imported, placed by region and ICB, and linking to Coastway.
func TestPortalImportsCoastway(t *testing.T) {
	dir := t.TempDir()
	if err := Write("../..", dir); err != nil {
		t.Fatal(err)
	}
	res, err := builder.Build(builder.Options{Source: os.DirFS(dir), Dest: filepath.Join(dir, "public")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %q", res.Warnings)
	}
	pages := res.Site.ImportedPages()
	if len(pages) != 2 {
		t.Fatalf("%d imported pages, want 2", len(pages))
	}
	for _, p := range pages {
		if !strings.HasPrefix(p.URL, SourceURL+"blueprints/") || p.Origin == nil || p.Origin.Site != Source || p.Grouping.ICB != TidewaterICB {
			t.Errorf("imported page %s: origin %+v, grouping %+v", p.URL, p.Origin, p.Grouping)
		}
	}
}
