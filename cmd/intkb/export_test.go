package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intkb/internal/portalfixture"
)

// TestBuildExportsSearchDocuments builds the test portal (see
// internal/portalfixture) with --export-search and checks the file:
// action and document lines in the bulk format, each page under its
// address at the base URL, imported blueprints under theirs; intkb
// search finding an imported blueprint; and that an export inside the
// publish folder, which the build replaces, is refused.
func TestBuildExportsSearchDocuments(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "portal")
	if err := portalfixture.Write("../..", site); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "docs.ndjson")
	if _, stderr, code := run(t, site, "build", "--base-url", "https://kb.northshire.nhs.uk/", "--export-search", file); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) < 40 || len(lines)%2 != 0 || !strings.HasPrefix(lines[0], `{"index":{"_id":"https://`) ||
		!strings.Contains(string(data), `"url":"https://kb.northshire.nhs.uk/blueprints/saltmere/"`) ||
		!strings.Contains(string(data), `{"index":{"_id":"`+portalfixture.SourceURL+`blueprints/tidewater/"}}`) {
		t.Errorf("export of %d lines:\n%.600s", len(lines), data)
	}
	// intkb search on the portal: the imported blueprint, under its own
	// address, from its site.
	out, stderr, code := run(t, site, "search", "--site", portalfixture.Source, "tidewater")
	if code != 0 || !strings.Contains(out, "(blueprint, from coastway)\n   "+portalfixture.SourceURL+"blueprints/tidewater/\n") {
		t.Errorf("intkb search --site coastway tidewater: exit %d\n%s%s", code, out, stderr)
	}
	_, stderr, code = run(t, site, "build", "--export-search", "public/docs.ndjson")
	if code != 2 || !strings.Contains(stderr, "inside the publish folder") {
		t.Errorf("an export inside public/: exit %d\n%s", code, stderr)
	}
}
