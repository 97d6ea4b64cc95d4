// Command reload measures how long a development server takes to show
// an edit: it appends a sentence to a content file and polls the page's
// URL over HTTP until the served page contains it, the same way for every
// server. With an SSE URL (intkb serve's /_intkb/events) it also times the
// reload event that names the page (or every page). Targets take turns, edit by edit,
// each edit once the machine is quiet again after the one before.
//
//	go run ./bench/reload -n 20 \
//		-target 'intkb http://127.0.0.1:1414/playbooks/playbook-01234/ /tmp/a/content/playbooks/playbook-01234.md http://127.0.0.1:1414/_intkb/events' \
//		-target 'hugo http://127.0.0.1:1515/playbooks/playbook-01234/ /tmp/b/content/playbooks/playbook-01234.md'
//
// It prints one line per target:
//
//	intkb edits=20 failed=0 median_ms=31.2 p90_ms=40.1 sse_median_ms=28.0 sse_p90_ms=35.5
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// target is one server and the page edited on it.
type target struct {
	name, url, file, events string
	orig                    []byte
	sse                     chan time.Time // arrival times of reload events for the page
	shown, evented          []time.Duration
	failed                  int
}

type targetList []*target

func (l *targetList) String() string { return fmt.Sprint(len(*l), " targets") }

func (l *targetList) Set(s string) error {
	f := strings.Fields(s)
	if len(f) < 3 || len(f) > 4 {
		return fmt.Errorf("want NAME URL FILE [SSE-URL], got %q", s)
	}
	t := &target{name: f[0], url: f[1], file: f[2]}
	if len(f) == 4 {
		t.events = f[3]
	}
	*l = append(*l, t)
	return nil
}

func main() {
	var targets targetList
	flag.Var(&targets, "target", "`NAME URL FILE [SSE-URL]`: a server, a page it serves and the file it is built from (repeat)")
	n := flag.Int("n", 20, "edits per target")
	every := flag.Duration("poll", 5*time.Millisecond, "how often to fetch the page")
	limit := flag.Duration("timeout", 30*time.Second, "give up on an edit after this long")
	flag.Parse()
	if len(targets) == 0 || *n < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(targets, *n, *every, *limit); err != nil {
		fmt.Fprintln(os.Stderr, "reload:", err)
		os.Exit(1)
	}
	for _, t := range targets {
		line := fmt.Sprintf("%s edits=%d failed=%d median_ms=%s p90_ms=%s", t.name, *n, t.failed, quantile(t.shown, 0.5), quantile(t.shown, 0.9))
		if t.events != "" {
			line += fmt.Sprintf(" sse_median_ms=%s sse_p90_ms=%s", quantile(t.evented, 0.5), quantile(t.evented, 0.9))
		}
		fmt.Println(line)
	}
}

func run(targets []*target, n int, every, limit time.Duration) error {
	client := &http.Client{Timeout: 5 * time.Second}
	for _, t := range targets {
		orig, err := os.ReadFile(t.file)
		if err != nil {
			return err
		}
		t.orig = orig
		defer os.WriteFile(t.file, orig, 0o644)
		if t.events != "" {
			if err := t.listen(); err != nil {
				return err
			}
		}
		// Fetch the page once first: Hugo's fast render mode rebuilds
		// only the pages that have been visited, as a browser would have.
		if _, err := fetch(client, t.url); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	for i := 0; i < n; i++ {
		for _, t := range targets {
			t.edit(client, i, every, limit)
			// Let the server settle, as a writer pauses between saves,
			// and let every server finish what the edit set going
			// before the next is timed: a server that shows the page
			// and goes on working would otherwise slow the next one's.
			time.Sleep(300 * time.Millisecond)
			quiet(10 * time.Second)
		}
	}
	return nil
}

// quiet waits until the machine's processors are at least 90% idle over
// 100 ms, or for at most limit, reading /proc/stat (Linux); where it cannot
// read it, it returns at once.
func quiet(limit time.Duration) {
	for start := time.Now(); time.Since(start) < limit; {
		idle0, total0, ok := cpuTimes()
		time.Sleep(100 * time.Millisecond)
		idle1, total1, ok1 := cpuTimes()
		if !ok || !ok1 || total1 == total0 || float64(idle1-idle0) >= 0.9*float64(total1-total0) {
			return
		}
	}
}

// cpuTimes returns the idle and total time of all processors, in clock
// ticks, from the first line of /proc/stat.
func cpuTimes() (idle, total uint64, ok bool) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, false
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return 0, 0, false
	}
	for i, v := range f[1:] {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return 0, 0, false
		}
		total += n
		if i == 3 || i == 4 { // idle and iowait
			idle += n
		}
	}
	return idle, total, true
}

// edit appends a marker sentence to the file and waits for the page to
// show it.
func (t *target) edit(client *http.Client, i int, every, limit time.Duration) {
	marker := fmt.Sprintf("Benchmarkedit%dx%d", os.Getpid(), i)
	for len(t.sse) > 0 {
		<-t.sse
	}
	start := time.Now()
	if err := os.WriteFile(t.file, fmt.Appendf(append([]byte(nil), t.orig...), "\n%s.\n", marker), 0o644); err != nil {
		t.failed++
		return
	}
	shown := false
	for !shown && time.Since(start) < limit {
		body, err := fetch(client, t.url)
		if shown = err == nil && strings.Contains(body, marker); shown {
			t.shown = append(t.shown, time.Since(start))
		} else {
			time.Sleep(every)
		}
	}
	if !shown {
		t.failed++
		return
	}
	if t.sse != nil {
		select {
		case at := <-t.sse:
			t.evented = append(t.evented, at.Sub(start))
		case <-time.After(limit):
		}
	}
}

// listen follows the server's reload events, keeping the arrival time of
// each one that names the page's path.
func (t *target) listen() error {
	resp, err := http.Get(t.events)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return fmt.Errorf("%s: %s", t.events, resp.Status)
	}
	path := t.url[strings.Index(t.url[len("http://"):], "/")+len("http://"):]
	t.sse = make(chan time.Time, 64)
	go func() {
		defer resp.Body.Close()
		lines := bufio.NewScanner(resp.Body)
		for lines.Scan() {
			if d, ok := strings.CutPrefix(lines.Text(), "data: "); ok && (strings.Contains(d, strings.Trim(path, "/")) || strings.Contains(d, `"all":true`)) {
				t.sse <- time.Now()
			}
		}
	}()
	return nil
}

func fetch(client *http.Client, url string) (string, error) {
	resp, err := client.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: %s", url, resp.Status)
	}
	return string(data), err
}

// quantile returns the q-quantile of ds in milliseconds, or "-".
func quantile(ds []time.Duration, q float64) string {
	if len(ds) == 0 {
		return "-"
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return fmt.Sprintf("%.1f", float64(s[int(q*float64(len(s)-1))].Microseconds())/1000)
}
