package builder

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestFrameworkPageIsItsWorksheet builds a framework whose body has
// three sections: the introduction and the first section come before the
// four key people and the questions, on screen and on paper, and the
// others after them. Each question carries what worksheet.js needs to
// choose what prints: its id, a box (ticked and disabled, with the reason,
// for a required one) and a Print button, all hidden until the script
// shows them.
func TestFrameworkPageIsItsWorksheet(t *testing.T) {
	body := "Why these questions.\n\n## Before the meeting\n\nPick two.\n\n## During the meeting\n\nListen.\n\n## After the meeting\n\nWrite it up.\n"
	site := strings.Replace(minimalSite, "+++\nPick two.\n", "+++\n"+body, 1)
	if site == minimalSite {
		t.Fatal("the minimal site's framework body has changed: update this test")
	}
	dir := writeSite(t, site)
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, dir, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	page := readOut(t, dest, "frameworks/first-conversation/index.html")
	order := []string{"Why these questions.", `<h2 id="before-the-meeting">`, `<h2 id="people-title">`, `<h2 id="questions-title">`,
		`data-question="p1"`, `data-question="n1"`, `<h2 id="during-the-meeting">`, `<h2 id="after-the-meeting">`}
	at := -1
	for _, s := range order {
		i := strings.Index(page, s)
		if i < at {
			t.Errorf("%s is not after %s: want the order %q", s, order[0], order)
		}
		at = i
	}
	for _, want := range []string{
		`<article class="article worksheet" data-worksheet>`,
		`2 in all, counting the required ones`,
		`data-worksheet-controls hidden`,
		`<li class="question question--required" id="question-p1" data-question="p1" data-required>`,
		`<input type="checkbox" id="include-p1" value="p1" checked disabled aria-describedby="include-p1-why">`,
		`<p class="question__why" id="include-p1-why" data-worksheet-include hidden>Always printed: this question is required.</p>`,
		`<input type="checkbox" id="include-n1" value="n1">`,
		`<button type="button" data-worksheet-print>`,
		`<script src="/js/worksheet.js" defer></script>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the framework page lacks %s", want)
		}
	}
	if readOut(t, dest, "js/worksheet.js") == "" {
		t.Error("the worksheet script is not published")
	}
}
