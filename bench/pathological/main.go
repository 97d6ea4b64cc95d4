// Command pathological measures what the costliest pages the build
// accepts cost it: for each kind of page whose cost can grow faster than
// its size (deep nesting, footnotes, unclosed links, wide tables, HTML
// that outgrows its Markdown, and more; see kinds.go), a page at the
// limit that bounds it, and at a quarter and a half of that limit, each
// built alone in a one-page site with both search indexes, as "intkb
// build" does:
//
//	go run ./bench/pathological            # about two minutes on two cores
//	go run ./bench/pathological -reps 1 -kinds 'table|nesting'
//
// Each build runs in a process of its own, so that its peak memory
// (VmHWM, on Linux) is its own; the cases take turns, and each figure is the median of
// -reps builds. A site whose page is an ordinary one of the same size
// (bench/corpus's prose, lists and tables) is measured beside each, and a
// site whose page is one line, whose time is taken off the others: what
// is left is what the page costs.
//
// It prints a Markdown table: the page at the limit (its units and
// size), the CPU time (user and system) over the one-line site's at a
// quarter, a half and the whole of the limit, that time per unit, the
// ratio of the whole to the half (2 when the cost grows with the page, 4
// when with its square), the wall time and peak memory of the build at
// the limit, and how many times the ordinary page's of the same size its
// CPU time is. CPU time is what the ratios use: on a shared machine it
// varies less than wall time.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"intkb/bench/corpus"
	"intkb/builder"
	"intkb/builder/model"
	"intkb/search"
)

// siteTOML is the settings of every site measured.
const siteTOML = "title = \"T\"\nbaseURL = \"/\"\n"

func main() {
	reps := flag.Int("reps", 2, "builds of each page; each figure is their median, the lesser of the middle two")
	only := flag.String("kinds", "", "measure only the kinds whose names match this regular expression")
	site := flag.String("build", "", "build the site in this folder, print how long it took (wall and CPU, in nanoseconds) and the peak memory in bytes, and exit (what each measurement runs)")
	refused := flag.Bool("refused", false, "with -build: the build is to refuse the site")
	flag.Parse()
	if *site != "" {
		before := cpuTime()
		d, err := build(*site)
		cpu := cpuTime() - before
		switch {
		case *refused && err == nil:
			err = fmt.Errorf("%s: the build accepted the site", *site)
		case *refused:
			err = nil
		}
		if err == nil {
			var peak int64
			peak, err = peakMemory()
			fmt.Println(d.Nanoseconds(), cpu.Nanoseconds(), peak)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "pathological:", err)
			os.Exit(1)
		}
		return
	}
	match, err := regexp.Compile(*only)
	if err != nil || *reps < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(os.Stdout, match, *reps); err != nil {
		fmt.Fprintln(os.Stderr, "pathological:", err)
		os.Exit(1)
	}
}

// build builds the site in dir into dir/public with both search indexes,
// as "intkb build" does, and returns how long that took.
func build(dir string) (time.Duration, error) {
	start := time.Now()
	_, err := builder.Build(builder.Options{Source: os.DirFS(dir), Dest: filepath.Join(dir, "public"), NewIndex: search.NewIndexes, Once: true})
	return time.Since(start), err
}

// cpuTime returns the CPU time, user and system, the process has spent.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakMemory returns the most memory the process has held, its VmHWM:
// the child's own, where the rusage of a process started by one as large
// as this counts the parent's too.
func peakMemory() (int64, error) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(status)) {
		if kb, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")), 10, 64)
			return n << 10, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}

// A measured site: its folder, and its builds' times and peak memory.
type measured struct {
	dir        string
	refused    bool // the build refuses the site, and is timed all the same
	wall, cpu  []time.Duration
	peakMemory []int64 // bytes
}

func (m *measured) median() time.Duration { return median(m.cpu) }
func (m *measured) peak() int64           { return median(m.peakMemory) }

func median[T int64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[(len(s)-1)/2] // the lesser of the middle two
}

// fractions are the parts of each limit measured, the whole last.
var fractions = []struct {
	num, den int
}{{1, 4}, {1, 2}, {1, 1}}

// A row is one kind's three pages and the ordinary page as large as the
// one at the limit.
type row struct {
	kind     kind
	pages    []*measured // at each of fractions
	size     int         // of the page at the limit
	ordinary *measured
}

func run(out *os.File, match *regexp.Regexp, reps int) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "pathological-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	newSite := func(name, page string, refused bool) (*measured, error) {
		dir := filepath.Join(work, name)
		if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(siteTOML), 0o644); err != nil {
			return nil, err
		}
		return &measured{dir: dir, refused: refused}, os.WriteFile(filepath.Join(dir, "content", "x.md"), []byte(page), 0o644)
	}

	empty, err := newSite("empty", head+"One line.\n", false)
	if err != nil {
		return err
	}
	all := []*measured{empty}
	ordinary := map[int]*measured{} // by size
	var rows []*row
	for i, k := range kinds() {
		if !match.MatchString(k.name) {
			continue
		}
		r := &row{kind: k}
		for _, f := range fractions {
			page := k.file(k.limit * f.num / f.den)
			m, err := newSite(fmt.Sprintf("%02d-%d-%d", i, f.num, f.den), page, k.invalid != "")
			if err != nil {
				return err
			}
			r.pages = append(r.pages, m)
			r.size = len(page)
		}
		all = append(all, r.pages...)
		if ordinary[r.size] == nil {
			m, err := newSite(fmt.Sprintf("ordinary-%d", r.size), head+corpus.Body(max(r.size-len(head), 1), 1), false)
			if err != nil {
				return err
			}
			ordinary[r.size] = m
			all = append(all, m)
		}
		r.ordinary = ordinary[r.size]
		rows = append(rows, r)
	}

	start := time.Now()
	for rep := range reps {
		fmt.Fprintf(os.Stderr, "pathological: round %d of %d, %d builds\n", rep+1, reps, len(all))
		for _, m := range all {
			if err := m.measure(self); err != nil {
				return err
			}
		}
	}
	write(out, rows, empty, reps, time.Since(start))
	return nil
}

// measure builds m's site once, in a process of its own.
func (m *measured) measure(self string) error {
	cmd := exec.Command(self, "-build", m.dir, "-refused="+strconv.FormatBool(m.refused))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("building %s: %v: %.500s", m.dir, err, stderr.String())
	}
	var wall, cpu time.Duration
	var peak int64
	if _, err := fmt.Sscan(string(stdout), &wall, &cpu, &peak); err != nil {
		return fmt.Errorf("building %s: %v", m.dir, err)
	}
	m.wall = append(m.wall, wall)
	m.cpu = append(m.cpu, cpu)
	m.peakMemory = append(m.peakMemory, peak)
	return nil
}

func write(out *os.File, rows []*row, empty *measured, reps int, took time.Duration) {
	base := empty.median()
	over := func(m *measured) time.Duration { return max(m.median()-base, 0) }
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/1e6) }
	mb := func(b int64) string {
		if b == 0 {
			return "–"
		}
		return fmt.Sprintf("%d", b>>20)
	}
	fmt.Fprintf(out, "A one-page site with both search indexes: %s ms of CPU time, %s ms wall, peak %s MB. CPU times below are over it, in ms; medians of %d (%s in all).\n\n", ms(base), ms(median(empty.wall)), mb(empty.peak()), reps, took.Round(time.Second))
	fmt.Fprintln(out, "| kind | at the limit | size | ¼ | ½ | whole | per unit | whole ÷ ½ | wall ms | peak MB | ordinary page, same size | × ordinary |")
	fmt.Fprintln(out, "| --- | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |")
	for _, r := range rows {
		k, whole, half := r.kind, over(r.pages[2]), over(r.pages[1])
		ratio, times := "–", "–"
		if half >= 20*time.Millisecond { // below, it is mostly noise
			ratio = fmt.Sprintf("%.1f", float64(whole)/float64(half))
		}
		if o := over(r.ordinary); o > 0 {
			times = fmt.Sprintf("%.1f", float64(whole)/float64(o))
		}
		perUnit := float64(whole) / float64(k.limit) / 1e3 // µs
		per := fmt.Sprintf("%.2f µs/%s", perUnit, k.unit)
		if k.unit == "byte" {
			per = fmt.Sprintf("%.0f µs/KB", perUnit*1024)
		}
		fmt.Fprintf(out, "| %s | %s %ss | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			k.name, model.NumberText(k.limit), k.unit, model.SizeText(int64(r.size)),
			ms(over(r.pages[0])), ms(half), ms(whole), per, ratio, ms(median(r.pages[2].wall)), mb(r.pages[2].peak()), ms(over(r.ordinary)), times)
	}
}
