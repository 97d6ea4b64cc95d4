// Command portal simulates a regional portal: 40 generated sites with
// about 1,250 blueprints between them, each built with intkb and served
// on loopback by one static file server (http.FileServer, which answers
// If-Modified-Since with 304 as a static host does), and a portal site
// importing all of them through a list file of sources. It times the
// portal's intkb build:
//
//	cold   no kept copies (.intkb/ removed) and no output: every source is fetched whole
//	warm   nothing changed since the last build: every source answers 304, and the output is kept as it is
//	down   5 sources answer 503: their last good copies are compared
//
// and prints a markdown table of medians to standard output, then the
// size of its /compare/ and of a served side by side of three areas, and
// the latency of /api/search under intkb serve --no-watch:
//
//	go run ./bench/portal -work /tmp/intkb-portal
//
// The sites are generated (bench/corpus) and built once, then reused
// from -work; -regen makes them again.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func main() {
	work := flag.String("work", "/tmp/intkb-portal", "the folder for the sites, the portal and intkb")
	sites := flag.Int("sites", 40, "how many sites")
	blueprints := flag.Int("blueprints", 1250, "about how many blueprints in all")
	reps := flag.Int("reps", 5, "builds of each kind; the median is reported")
	down := flag.Int("down", 5, "how many sources are down in the last kind of build")
	regen := flag.Bool("regen", false, "generate and build the sites again")
	flag.Parse()
	if err := run(*work, *sites, *blueprints, *reps, *down, *regen); err != nil {
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

func run(work string, sites, blueprints, reps, down int, regen bool) error {
	if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	intkb := filepath.Join(work, "intkb")
	step("building intkb")
	if out, err := exec.Command("go", "build", "-o", intkb, "./cmd/intkb").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	specs := plan(sites, blueprints)
	if err := makeSites(intkb, work, specs, regen); err != nil {
		return err
	}
	srv, err := serve(filepath.Join(work, "sites"))
	if err != nil {
		return err
	}
	defer srv.close()
	portal := filepath.Join(work, "portal")
	if err := writePortal(portal, srv.url, specs); err != nil {
		return err
	}
	var m measures
	build := func(kind string, cold bool) {
		r, err := portalBuild(intkb, portal, srv, kind, cold)
		m.add(kind, r, err)
	}
	for range reps {
		build("cold", true)
		build("warm", false)
		srv.setDown(names(specs[:down]))
		build("down", false)
		srv.setDown(nil)
	}
	if m.err != nil {
		return m.err
	}
	total := 0
	for _, s := range specs {
		total += s.blueprints
	}
	m.print(os.Stdout, len(specs), total, down, reps)
	step("serving the portal: a side by side and the benchmark queries")
	served, err := measureServed(intkb, portal)
	if err != nil {
		return err
	}
	served.print(os.Stdout)
	return nil
}

// step says what the benchmark is doing, on standard error.
func step(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "portal: "+format+"\n", args...)
}

// result is one portal build.
type result struct {
	wall      time.Duration
	cpu       time.Duration // user and system time of the build
	requests  int           // requests the sites' server answered
	notMod    int           // of them, 304 Not Modified
	sent      int64         // bytes of bodies it sent
	warnings  int           // lines of the build's standard error that are warnings
	compareKB int           // size of the portal's /compare/
	areas     int           // imported areas it compares
	stale     int           // sites whose areas come from kept copies
}

// portalBuild builds the portal once, cold (no kept copies, no output)
// or as it is.
func portalBuild(intkb, portal string, srv *server, kind string, cold bool) (result, error) {
	if cold {
		for _, d := range []string{".intkb", "public"} {
			if err := os.RemoveAll(filepath.Join(portal, d)); err != nil {
				return result{}, err
			}
		}
	}
	srv.reset()
	cmd := exec.Command(intkb, "build", "--source", portal)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("intkb build: %v\n%s", err, stderr.String())
	}
	r := result{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	r.requests, r.notMod, r.sent = srv.counts()
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.HasPrefix(line, "warning: ") {
			r.warnings++
		}
	}
	page, err := os.ReadFile(filepath.Join(portal, "public", "compare", "index.html"))
	if err != nil {
		return r, err
	}
	r.compareKB = len(page) >> 10
	// A filter-first /compare/ lists its areas in compare/areas.json and
	// the sites read from kept copies in its list of sources.
	index, err := os.ReadFile(filepath.Join(portal, "public", "compare", "areas.json"))
	if err != nil {
		return r, err
	}
	r.areas = strings.Count(string(index), `"source":`)
	r.stale = strings.Count(string(page), `<strong>kept copy</strong>`)
	step("%s build: %s (CPU %s), %d requests (%d answered 304), %d KB sent, %d warnings", kind, r.wall.Round(time.Millisecond), r.cpu.Round(time.Millisecond), r.requests, r.notMod, r.sent>>10, r.warnings)
	return r, nil
}

// measures gathers the builds of each kind.
type measures struct {
	kinds []string
	by    map[string][]result
	err   error
}

func (m *measures) add(kind string, r result, err error) {
	if m.by == nil {
		m.by = map[string][]result{}
	}
	if err != nil && m.err == nil {
		m.err = err
	}
	if !slices.Contains(m.kinds, kind) {
		m.kinds = append(m.kinds, kind)
	}
	m.by[kind] = append(m.by[kind], r)
}

// median returns the build of kind with the median wall time.
func (m *measures) median(kind string) result {
	rs := slices.Clone(m.by[kind])
	slices.SortFunc(rs, func(a, b result) int { return int(a.wall - b.wall) })
	return rs[len(rs)/2]
}
