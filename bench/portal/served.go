package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"intkb/bench/corpus"
	"intkb/internal/testenv"
)

// servedResult is what the portal's pages weigh and how fast its search
// answers, from its last build and from intkb serve --no-watch.
type servedResult struct {
	compareKB   float64 // the static /compare/ a build wrote
	areas       int     // areas in its compare/areas.json
	areasKB     float64 // compare/areas.json, which the static page fetches once a reader chooses
	sideKB      float64 // a served side by side of the first three areas
	sideQuery   string
	firstP50    time.Duration // each benchmark query asked once: past the response cache
	firstP99    time.Duration
	repeatP50   time.Duration // the same queries asked again: from the cache
	repeatP99   time.Duration
	searchCount int
}

// measureServed reads the sizes of the portal's last build and starts
// intkb serve --no-watch on it to time a side by side and the benchmark
// queries (corpus.Queries) against /api/search, one at a time.
func measureServed(intkb, portal string) (servedResult, error) {
	var r servedResult
	out := filepath.Join(portal, "public")
	page, err := os.Stat(filepath.Join(out, "compare", "index.html"))
	if err != nil {
		return r, err
	}
	r.compareKB = float64(page.Size()) / 1024
	data, err := os.ReadFile(filepath.Join(out, "compare", "areas.json"))
	if err != nil {
		return r, fmt.Errorf("the portal's /compare/ is not filter-first: %w", err)
	}
	r.areasKB = float64(len(data)) / 1024
	var index struct {
		Areas []struct{ Key string } `json:"areas"`
	}
	if err := json.Unmarshal(data, &index); err != nil || len(index.Areas) < 3 {
		return r, fmt.Errorf("compare/areas.json: %v, %d areas", err, len(index.Areas))
	}
	r.areas = len(index.Areas)
	base, stop, err := startServe(intkb, portal)
	if err != nil {
		return r, err
	}
	defer stop()
	r.sideQuery = "areas=" + index.Areas[0].Key + "," + index.Areas[1].Key + "," + index.Areas[2].Key
	side, err := get(base + "compare/?" + r.sideQuery)
	if err != nil {
		return r, err
	}
	r.sideKB = float64(len(side)) / 1024
	var first, repeat []time.Duration
	for round := range 5 {
		for _, q := range corpus.Queries {
			start := time.Now()
			if _, err := get(base + "api/search?q=" + url.QueryEscape(q)); err != nil {
				return r, err
			}
			if took := time.Since(start); round == 0 {
				first = append(first, took)
			} else {
				repeat = append(repeat, took)
			}
		}
	}
	r.firstP50, r.firstP99 = percentile(first, 50), percentile(first, 99)
	r.repeatP50, r.repeatP99 = percentile(repeat, 50), percentile(repeat, 99)
	r.searchCount = len(first) + len(repeat)
	return r, nil
}

// startServe runs intkb serve --no-watch on the site and returns its
// address, once it serves, and the function that stops it.
func startServe(intkb, site string) (string, func(), error) {
	cmd := exec.Command(intkb, "serve", "--no-watch", "--source", site, "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait() }
	select {
	case base, ok := <-testenv.ServingAt(stdout):
		if !ok {
			stop()
			return "", nil, fmt.Errorf("intkb serve --source %s stopped before it served", site)
		}
		return strings.TrimSuffix(base, "/") + "/", stop, nil
	case <-time.After(5 * time.Minute):
		stop()
		return "", nil, fmt.Errorf("intkb serve --source %s did not start", site)
	}
}

// get returns the body of a 200 answer to a GET of u.
func get(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return body, err
}

// percentile returns the p-th percentile of ds, nearest rank.
func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(i-1, 0)]
}

// print writes the served figures as a markdown table.
func (r servedResult) print(w io.Writer) {
	fmt.Fprintf(w, "\n| measure | figure |\n| --- | ---: |\n")
	fmt.Fprintf(w, "| `/compare/` as built, %d areas | %.1f KB |\n", r.areas, r.compareKB)
	fmt.Fprintf(w, "| `compare/areas.json`, fetched once a reader chooses | %.1f KB |\n", r.areasKB)
	fmt.Fprintf(w, "| a served side by side of 3 areas (`?%s`) | %.1f KB |\n", r.sideQuery, r.sideKB)
	fmt.Fprintf(w, "| `/api/search`, %d queries asked once (past the cache), one at a time | p50 %s, p99 %s |\n", len(corpus.Queries), r.firstP50.Round(10*time.Microsecond), r.firstP99.Round(10*time.Microsecond))
	fmt.Fprintf(w, "| `/api/search`, the same asked 4 times more (cached) | p50 %s, p99 %s |\n", r.repeatP50.Round(10*time.Microsecond), r.repeatP99.Round(10*time.Microsecond))
}
