// Package portalfixture writes a small regional portal for tests: the
// demo site, its areas placed in a region and an ICB, importing the
// blueprints of a second, invented site, Coastway, whose areas
// (Tidewater and Fellside) are in other regions and ICBs. Coastway's
// blueprints are the demo's Saltmere and Hollins Vale under new names, so
// that their words are known: "Tidewater" and "Fellside" are found only
// in what the portal imports.
package portalfixture

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"intkb/builder"
)

// Source is the [[import]] name of Coastway in the portal's site.toml.
const Source = "coastway"

// SourceURL is Coastway's published address: imported hits link under it.
const SourceURL = "https://neighbourhoods.coastway-icb.nhs.uk/"

// The regions and ICBs of the portal's areas.
const (
	DemoRegion      = "North East and Yorkshire"
	DemoICB         = "Moorvale ICB"
	TidewaterICB    = "Coastway ICB"
	TidewaterRegion = "South West"
	FellsideRegion  = "North West"
)

// sourceAreas are Coastway's blueprints: each made from a demo blueprint
// by renaming its area.
var sourceAreas = []struct{ from, fromName, slug, name, region string }{
	{"saltmere", "Saltmere", "tidewater", "Tidewater", TidewaterRegion},
	{"hollins-vale", "Hollins Vale", "fellside", "Fellside", FellsideRegion},
}

// Blueprint returns Coastway's blueprint page of the area slug (tidewater
// or fellside), as its Markdown file: the demo blueprint it is made
// from, renamed, without its [[history]] (which open data does not
// carry), and with body as its body.
func Blueprint(demoDir, slug, body string) (string, error) {
	for _, a := range sourceAreas {
		if a.slug != slug {
			continue
		}
		data, err := os.ReadFile(filepath.Join(demoDir, "content", "blueprints", a.from+".md"))
		if err != nil {
			return "", err
		}
		front, _, ok := strings.Cut(strings.TrimPrefix(string(data), "+++\n"), "\n+++\n")
		if !ok {
			return "", fmt.Errorf("%s.md: no front matter", a.from)
		}
		front, _, _ = strings.Cut(front, "\n[[history]]")
		front = strings.NewReplacer(a.fromName, a.name, a.from, a.slug).Replace(front)
		return "+++\n" + front + "\n+++\n" + body, nil
	}
	return "", fmt.Errorf("no Coastway area %q", slug)
}

// AreaTOML returns the [[areas]] table of a Coastway area, with its
// region and ICB.
func AreaTOML(slug string) string {
	for _, a := range sourceAreas {
		if a.slug == slug {
			return fmt.Sprintf("\n[[areas]]\nslug = %q\nname = %q\nsetting = \"Invented for tests\"\nregion = %q\nicb = %q\n", a.slug, a.name, a.region, TidewaterICB)
		}
	}
	return ""
}

// SourceData builds Coastway and returns its blueprints.json, using
// scratch as a working folder.
func SourceData(demoDir, scratch string) ([]byte, error) {
	src := filepath.Join(scratch, "coastway")
	toml := "title = \"Coastway neighbourhoods\"\nbaseURL = " + fmt.Sprintf("%q", SourceURL) +
		"\nlicence = \"Open Government Licence v3.0\"\nattribution = \"Coastway\"\ngitHistory = false\n"
	files := map[string]string{}
	for _, a := range sourceAreas {
		toml += AreaTOML(a.slug)
		bp, err := Blueprint(demoDir, a.slug, a.name+"'s model, as Coastway publishes it.\n")
		if err != nil {
			return nil, err
		}
		files["content/blueprints/"+a.slug+".md"] = bp
	}
	files["site.toml"] = toml
	if err := writeFiles(src, files); err != nil {
		return nil, err
	}
	out := filepath.Join(scratch, "coastway-public")
	if _, err := builder.Build(builder.Options{Source: os.DirFS(src), Dest: out, Once: true}); err != nil {
		return nil, fmt.Errorf("building Coastway: %w", err)
	}
	return os.ReadFile(filepath.Join(out, "data", "blueprints.json"))
}

// Write writes the portal's source folder into dir: the demo's content
// and site.toml from demoDir (the repository's root), the demo areas
// placed in DemoRegion and DemoICB, and an [[import]] of Coastway's
// blueprints from data/coastway.json, written there.
func Write(demoDir, dir string) error {
	data, err := SourceData(demoDir, filepath.Join(dir, ".fixture"))
	if err != nil {
		return err
	}
	if err := os.RemoveAll(filepath.Join(dir, ".fixture")); err != nil {
		return err
	}
	toml, err := PortalTOML(demoDir)
	if err != nil {
		return err
	}
	toml += fmt.Sprintf("\n[[import]]\nname = %q\nsource = \"data/coastway.json\"\n", Source)
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(demoDir, "content"))); err != nil {
		return err
	}
	return writeFiles(dir, map[string]string{"site.toml": toml, "data/coastway.json": string(data)})
}

// PortalTOML returns the demo's site.toml with each of its areas placed in
// DemoRegion and DemoICB, and no [[import]] yet.
func PortalTOML(demoDir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(demoDir, "site.toml"))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for line := range strings.SplitAfterSeq(string(data), "\n") {
		b.WriteString(line)
		if strings.HasPrefix(line, "slug = ") {
			fmt.Fprintf(&b, "region = %q\nicb = %q\n", DemoRegion, DemoICB)
		}
	}
	return b.String(), nil
}

// writeFiles writes files, by path relative to dir, into dir.
func writeFiles(dir string, files map[string]string) error {
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
