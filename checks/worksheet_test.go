package checks

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/unicode/norm"

	"intkb/builder/model"
	"intkb/internal/testenv"
)

// worksheetFramework is the demo framework the print check uses, and
// worksheetChoice the link a facilitator shares: two questions, one twice,
// and ids that are not the page's, which are ignored.
const (
	worksheetFramework = "frameworks/first-conversation-with-a-partner"
	worksheetChoice    = "?q=c2,r1,%3Cscript%3E,r1,nosuch"
	// worksheetGarbage names no question of the page: it is ignored, and
	// every question is ticked.
	worksheetGarbage = "?q=%22%3E%3Cimg%20src%3Dx%3E,,nosuch&q=%E2%80%AE"
)

// TestWorksheetPrints prints a question framework to PDF in Chromium from
// a link with a choice of questions, and reads the PDF: it holds the
// chosen and the required questions and no other, on A4 pages, with the
// framework's first section ("Before the meeting") before the first
// question and none of the screen's chrome. The Print button shows, and
// calls window.print, only with JavaScript; a box ticked on the page is
// kept in the address. Printed without JavaScript, the same link gives
// every question. The PDFs are left in testout/worksheet/.
func TestWorksheetPrints(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium: not with -short")
	}
	node := needBrowser(t)
	pdftotext, pdfinfo := testenv.LookPath(t, "pdftotext"), testenv.LookPath(t, "pdfinfo")
	fw := demoFramework(t, worksheetFramework+".md")

	out := outDir(t, "worksheet")
	srv := serve(t)
	var got struct {
		Questions []struct {
			ID, Text                              string
			Required, Checked, Disabled, BoxShown bool
		}
		Button struct {
			Shown   bool
			Printed int
		}
		Ticked struct {
			ID, Search string
			Kept       bool
		}
		NoScriptButton bool
		GarbageTicked  int
		Errors         []string
	}
	plan := map[string]any{"chromium": chromium, "page": srv.base + worksheetFramework + "/", "choice": worksheetChoice, "garbage": worksheetGarbage, "out": out}
	runNode(t, node, []string{"worksheet-print.mjs"}, plan, &got)
	if len(got.Errors) > 0 {
		t.Errorf("script errors: %v", got.Errors)
	}
	if !got.Button.Shown || got.Button.Printed != 1 || got.NoScriptButton {
		t.Errorf("the Print button: shown %v, called window.print %d times, shown without JavaScript %v; want shown, once, not without", got.Button.Shown, got.Button.Printed, got.NoScriptButton)
	}
	if len(got.Questions) != len(fw.Questions) {
		t.Fatalf("the page shows %d questions, the framework has %d", len(got.Questions), len(fw.Questions))
	}
	var chosen, every []string
	for i, q := range got.Questions {
		want := fw.Questions[i]
		if q.ID != want.ID || q.Text != want.Text || q.Required != want.Required || !q.BoxShown {
			t.Errorf("question %d on the page: %+v, want %s %q, required %v, with its box", i+1, q, want.ID, want.Text, want.Required)
		}
		if q.Required && !(q.Checked && q.Disabled) {
			t.Errorf("required question %s: ticked %v, disabled %v; want both", q.ID, q.Checked, q.Disabled)
		}
		if q.Checked != (q.Required || q.ID == "c2" || q.ID == "r1") {
			t.Errorf("question %s ticked %v from %s", q.ID, q.Checked, worksheetChoice)
		}
		if q.Checked {
			chosen = append(chosen, want.Text)
		}
		every = append(every, want.Text)
	}
	if got.Ticked.ID == "" || !got.Ticked.Kept || !strings.Contains(got.Ticked.Search, got.Ticked.ID) {
		t.Errorf("ticking a box: %+v; want the address to keep it over a reload", got.Ticked)
	}
	if got.GarbageTicked != len(fw.Questions) {
		t.Errorf("%s ticks %d questions, want all %d: a link naming no question is ignored", worksheetGarbage, got.GarbageTicked, len(fw.Questions))
	}

	for _, c := range []struct {
		pdf  string
		want []string
	}{{"chosen.pdf", chosen}, {"all.pdf", every}} {
		file := filepath.Join(out, c.pdf)
		text := pdfText(t, pdftotext, file)
		var printed []string
		first := len(text)
		for _, q := range every {
			if i := strings.Index(text, flatten(q)); i >= 0 {
				printed = append(printed, q)
				first = min(first, i)
			}
		}
		if !slices.Equal(printed, c.want) {
			t.Errorf("%s holds %d questions, want %d:\n got %q\nwant %q", c.pdf, len(printed), len(c.want), printed, c.want)
		}
		if at := strings.Index(text, "Before the meeting"); at < 0 || at > first {
			t.Errorf("%s: \"Before the meeting\" at %d, the first question at %d: want the advice first", c.pdf, at, first)
		}
		for _, chrome := range []string{"Include when printing", "Print the worksheet", "Skip to main content", "Untick all"} {
			if strings.Contains(text, chrome) {
				t.Errorf("%s prints the screen's %q", c.pdf, chrome)
			}
		}
		pages, w, h := pdfPages(t, pdfinfo, file)
		if w < 594 || w > 597 || h < 840 || h > 843 {
			t.Errorf("%s: pages of %.1f x %.1f pt, want A4 (595.3 x 841.9)", c.pdf, w, h)
		}
		t.Logf("%s: %d questions on %d A4 pages", c.pdf, len(printed), pages)
	}
}

// demoFramework reads a framework of the demo site.
func demoFramework(t *testing.T, rel string) *model.QuestionFramework {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repo, "content", rel))
	if err != nil {
		t.Fatal(err)
	}
	src, perr := model.SplitSource(rel, data)
	if perr != nil {
		t.Fatal(perr)
	}
	var fw model.QuestionFramework
	if _, err := toml.Decode(string(src.Front), &fw); err != nil {
		t.Fatal(err)
	}
	return &fw
}

// flatten puts text the way it is compared with a PDF's: ligatures and
// other compatibility forms as plain letters, every run of spaces and
// line breaks one space.
func flatten(s string) string { return strings.Join(strings.Fields(norm.NFKC.String(s)), " ") }

// pdfText returns the text of a PDF, flattened.
func pdfText(t *testing.T, pdftotext, file string) string {
	t.Helper()
	out, err := exec.Command(pdftotext, file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	return flatten(string(out))
}

var pdfSize = regexp.MustCompile(`(?m)^Page size:\s+([\d.]+) x ([\d.]+) pts`)
var pdfCount = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// pdfPages returns a PDF's number of pages and the size of its first, in
// points.
func pdfPages(t *testing.T, pdfinfo, file string) (n int, w, h float64) {
	t.Helper()
	out, err := exec.Command(pdfinfo, file).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", file, err)
	}
	size, count := pdfSize.FindSubmatch(out), pdfCount.FindSubmatch(out)
	if size == nil || count == nil {
		t.Fatalf("pdfinfo %s says no page size or count:\n%s", file, out)
	}
	n, _ = strconv.Atoi(string(count[1]))
	w, _ = strconv.ParseFloat(string(size[1]), 64)
	h, _ = strconv.ParseFloat(string(size[2]), 64)
	return n, w, h
}
