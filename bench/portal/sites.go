package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"intkb/bench/corpus"
)

// siteSpec is one generated site: its name, how many blueprints it has,
// and where it sits.
type siteSpec struct {
	name       string
	blueprints int
	region     string
	icb        string
}

// regions are NHS England's seven regions, for the portal's groups.
var regions = []string{"North East and Yorkshire", "North West", "Midlands", "East of England", "London", "South East", "South West"}

// plan shares about blueprints among n sites, each an ICB's site in one
// of the regions.
func plan(n, blueprints int) []siteSpec {
	specs := make([]siteSpec, n)
	for i := range specs {
		specs[i] = siteSpec{
			name:       fmt.Sprintf("site-%02d", i),
			blueprints: blueprints / n,
			region:     regions[i%len(regions)],
			icb:        fmt.Sprintf("Bench ICB %02d", i),
		}
		if i < blueprints%n {
			specs[i].blueprints++
		}
	}
	return specs
}

func names(specs []siteSpec) []string {
	var out []string
	for _, s := range specs {
		out = append(out, s.name)
	}
	return out
}

// pagesFor is how many corpus pages give a site b blueprints (the
// corpus makes corpus.Mix's share of them blueprints).
func pagesFor(b int) int {
	share := 0
	for _, m := range corpus.Mix {
		if m.Type == "blueprint" {
			share = m.Percent
		}
	}
	n := b * 100 / share
	for n*share/100 < b {
		n++
	}
	return n
}

var baseURLLine = regexp.MustCompile(`(?m)^baseURL = .*$`)

// makeSites generates and builds each site under work/sites, two at a
// time, unless it is there already.
func makeSites(intkb, work string, specs []siteSpec, regen bool) error {
	var wg sync.WaitGroup
	errs := make([]error, len(specs))
	slots := make(chan struct{}, 2)
	for i, s := range specs {
		dir := filepath.Join(work, "sites", s.name)
		if _, err := os.Stat(filepath.Join(dir, "public", "data", "blueprints.json")); err == nil && !regen {
			continue
		}
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			errs[i] = makeSite(intkb, dir, s, int64(i+1))
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// makeSite writes one generated site at its own published address, and
// builds it.
func makeSite(intkb, dir string, s siteSpec, seed int64) error {
	step("generating and building %s (%d blueprints)", s.name, s.blueprints)
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := corpus.Write(dir, pagesFor(s.blueprints), seed); err != nil {
		return err
	}
	toml := filepath.Join(dir, "site.toml")
	b, err := os.ReadFile(toml)
	if err != nil {
		return err
	}
	// Each site's blueprints are at its own address, so that the portal
	// does not take them for the same areas.
	b = baseURLLine.ReplaceAll(b, []byte(fmt.Sprintf("baseURL = \"https://%s.bench-portal.nhs.uk/\"\nlicence = \"Open Government Licence v3.0\"\nattribution = \"Generated for the portal benchmark\"", s.name)))
	if err := os.WriteFile(toml, b, 0o644); err != nil {
		return err
	}
	if out, err := exec.Command(intkb, "build", "--source", dir).CombinedOutput(); err != nil {
		return fmt.Errorf("building %s: %v\n%s", s.name, err, out)
	}
	return nil
}

// writePortal writes the portal site: one page, and every site as a
// row of its list of sources, at url.
func writePortal(dir, url string, specs []siteSpec) error {
	var list strings.Builder
	list.WriteString("name,source,region,icb,place,maxAreas\n")
	for _, s := range specs {
		fmt.Fprintf(&list, "%s,%s/%s/data/blueprints.json,%s,%s,,\n", s.name, url, s.name, s.region, s.icb)
	}
	files := map[string]string{
		"site.toml": `title = "Regional portal"
baseURL = "https://portal.bench-portal.nhs.uk/"
licence = "Open Government Licence v3.0"
attribution = "Generated for the portal benchmark"

[imports]
list = "data/sources.csv"
maxAreas = 2000
`,
		"data/sources.csv":  list.String(),
		"content/_index.md": "+++\ntitle = \"Regional portal\"\n+++\nEvery area's model, from the sites of the region.\n",
	}
	for name, text := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
