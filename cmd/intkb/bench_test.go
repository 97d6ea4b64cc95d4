package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"intkb/bench/corpus"
)

// BenchmarkEditToReload measures, on a generated 10,000-page site served
// by intkb serve, the time from writing one page's body to the reload
// event for that page, and the server's memory across the edits. The
// corpus is kept in INTKB_BENCH_DIR between runs when that is set.
//
//	go test ./cmd/intkb -run XXX -bench EditToReload -benchtime 200x
func BenchmarkEditToReload(b *testing.B) {
	dir := os.Getenv("INTKB_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	site := filepath.Join(dir, "live-10000")
	if _, err := os.Stat(filepath.Join(site, "site.toml")); err != nil {
		if err := corpus.Write(site, 10000, 1); err != nil {
			b.Fatal(err)
		}
	}
	// Building the site before it serves takes about a minute on a busy
	// machine.
	cmd, base := startIntkbServe(b, nil, 10*time.Minute, "serve", "--source", site, "--addr", "127.0.0.1:0")
	if base == "" {
		b.Fatal("serve did not start")
	}
	resp, err := http.Get(base + "_intkb/events")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	evs := make(chan string, 64)
	go func() {
		r := bufio.NewScanner(resp.Body)
		for r.Scan() {
			if d, ok := strings.CutPrefix(r.Text(), "data: "); ok {
				evs <- d
			}
		}
	}()
	page := filepath.Join(site, corpus.Paths(10000)[1234])
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(page, orig, 0o644)
	rssBefore := rss(cmd.Process.Pid)
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := os.WriteFile(page, []byte(string(orig)+fmt.Sprintf("\nEdit number %d.\n", i)), 0o644); err != nil {
			b.Fatal(err)
		}
		for ev := range evs {
			if strings.Contains(ev, "playbook-01234") {
				break
			}
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "p90-ms")
	b.ReportMetric(float64(rssBefore)/1024, "rss-before-MB")
	b.ReportMetric(float64(rss(cmd.Process.Pid))/1024, "rss-after-MB")
}

// rss returns a process's resident memory in KB.
func rss(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return 0
}
