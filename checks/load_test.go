package checks

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"intkb/internal/testenv"
)

// wrkResult is what load.lua's done() prints.
type wrkResult struct {
	Requests   int `json:"requests"`
	DurationUS int `json:"duration_us"`
	Bytes      int `json:"bytes"`
	Connect    int `json:"connect"`
	Read       int `json:"read"`
	Write      int `json:"write"`
	Status     int `json:"status"` // responses of 400 and up
	Timeout    int `json:"timeout"`
	P50US      int `json:"p50_us"`
	P99US      int `json:"p99_us"`
	MaxUS      int `json:"max_us"`
}

func (r wrkResult) errors() int { return r.Connect + r.Read + r.Write + r.Status + r.Timeout }

// rssKB returns the resident memory of a process, in KB.
func rssKB(t *testing.T, pid int) int {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skip("no /proc here to read memory from:", err)
	}
	m := regexp.MustCompile(`VmRSS:\s+(\d+) kB`).FindSubmatch(data)
	if m == nil {
		t.Fatal("no VmRSS in /proc status")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// TestLoad serves the demo site and runs wrk against it on loopback: two
// rounds of 5 s with 32 connections over a mix of pages, search and the
// API. There must be no socket errors and no response of 400 or more, and
// the server's memory must not keep growing: the second round may not
// leave it much larger than the first did.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("the load test takes 15 s: not with -short")
	}
	wrk := testenv.LookPath(t, "wrk")
	s := serve(t)
	pid := s.cmd.Process.Pid
	for _, p := range []string{"", "search/?q=frailty+care+homes", "api/search?q=frailty", "compare/?areas=saltmere,kingsmoor&diff=1"} {
		if status, _ := s.get(t, p); status != 200 {
			t.Fatalf("GET /%s: %d before the load test", p, status)
		}
	}
	settle := func() int {
		time.Sleep(2 * time.Second)
		return rssKB(t, pid)
	}
	before := settle()
	var after []int
	var total wrkResult
	for round := 1; round <= 2; round++ {
		out, err := exec.Command(wrk, "-t2", "-c32", "-d5s", "--timeout", "5s", "-s", "load.lua", s.base).CombinedOutput()
		if err != nil {
			t.Fatalf("wrk: %v\n%s", err, out)
		}
		_, line, ok := strings.Cut(string(out), "RESULT ")
		var r wrkResult
		if !ok || json.Unmarshal([]byte(strings.TrimSpace(line)), &r) != nil {
			t.Fatalf("wrk printed no result:\n%s", out)
		}
		t.Logf("round %d: %d requests in %.1f s (%.0f a second), %d errors, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
			round, r.Requests, float64(r.DurationUS)/1e6, float64(r.Requests)/(float64(r.DurationUS)/1e6), r.errors(),
			float64(r.P50US)/1e3, float64(r.P99US)/1e3, float64(r.MaxUS)/1e3)
		if r.errors() > 0 {
			t.Errorf("round %d: %d errors (connect %d, read %d, write %d, status 400 or more %d, timeout %d)\n%s",
				round, r.errors(), r.Connect, r.Read, r.Write, r.Status, r.Timeout, out)
		}
		if r.Requests < 1000 {
			t.Errorf("round %d: only %d requests: is the server answering?", round, r.Requests)
		}
		total.Requests += r.Requests
		after = append(after, settle())
	}
	t.Logf("server memory (VmRSS): %d MB before, %d MB after round 1, %d MB after round 2", before>>10, after[0]>>10, after[1]>>10)
	if growth := after[1] - after[0]; growth > after[0]/5+(16<<10) {
		t.Errorf("memory grew by %d MB in the second round, to %d MB: a leak?", growth>>10, after[1]>>10)
	}
	if after[1] > before+(512<<10) {
		t.Errorf("memory grew from %d MB to %d MB under load", before>>10, after[1]>>10)
	}
	if status, _ := s.get(t, ""); status != 200 {
		t.Errorf("after the load test the home page answers %d", status)
	}
}
