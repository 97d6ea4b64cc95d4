package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReviewReminders checks what check and build print, on 4 December
// 2026, for a site with a page past its review date, one due soon, one
// not due, one without a review date and an overdue draft: the reminders
// after any warnings, apart from problems, and never a failure, even
// with --strict.
func TestReviewReminders(t *testing.T) {
	site := reviewSite(t)
	const tail = ": check the page still reflects current practice, then set updated to today and review_due to the next date\n"
	reminders := func(draft bool) string {
		s := "Due for review (3 pages: reminders, not problems):\n"
		if !draft {
			s = "Due for review (2 pages: reminders, not problems):\n"
		}
		if draft {
			s += "  content/draft.md:5: review was due on 1 October 2026 (2 months ago)" + tail
		}
		return s + "  content/overdue.md:4: review was due on 13 November 2026 (3 weeks ago)" + tail +
			"  content/soon.md:4: review is due on 16 December 2026 (in 12 days)" + tail
	}
	out := filepath.Join(t.TempDir(), "public")
	for _, tc := range []struct {
		args           []string
		stdout, stderr string
	}{
		{[]string{"check"}, "No problems found.\n", reminders(true)},
		{[]string{"check", "--strict"}, "No problems found.\n", reminders(true)},
		{[]string{"check", "--drafts=false"}, "No problems found.\n", reminders(false)},
		{[]string{"build", "--dest", out, "--strict"}, "Built ", "1 page is past its review date: run intkb check to list it.\n"},
		{[]string{"build", "--dest", out, "--drafts"}, "Built ", "2 pages are past their review date: run intkb check to list them.\n"},
	} {
		var stdout, stderr bytes.Buffer
		m := &Main{Stdout: &stdout, Stderr: &stderr, Now: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)}
		code := m.Run(context.Background(), append(tc.args, "--source", site))
		if code != 0 || !strings.HasPrefix(stdout.String(), tc.stdout) || stderr.String() != tc.stderr {
			t.Errorf("%s: exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 0, stdout starting %q and stderr:\n%s", strings.Join(tc.args, " "), code, stdout.String(), stderr.String(), tc.stdout, tc.stderr)
		}
	}
}

// reviewSite writes a site with a page past its review date on 4
// December 2026, one due on 16 December, one not due, one without a
// review date, an overdue draft and an archived page.
func reviewSite(t *testing.T) string {
	t.Helper()
	site := t.TempDir()
	files := map[string]string{
		"site.toml":                   "title = \"T\"\nbaseURL = \"https://kb.northshire.nhs.uk/\"\n",
		"content/overdue.md":          "+++\ntitle = \"Overdue\"\nupdated = 2026-01-01\nreview_due = 2026-11-13\n+++\n",
		"content/soon.md":             "+++\ntitle = \"Soon\"\nupdated = 2026-01-01\nreview_due = 2026-12-16\n+++\n",
		"content/not-due.md":          "+++\ntitle = \"Not due\"\nupdated = 2026-01-01\nreview_due = 2027-06-01\n+++\n",
		"content/no-date.md":          "+++\ntitle = \"No date\"\n+++\n",
		"content/draft.md":            "+++\ntitle = \"Draft\"\nstatus = \"draft\"\nupdated = 2026-01-01\nreview_due = 2026-10-01\n+++\n",
		"content/overdue-archived.md": "+++\ntitle = \"Old\"\nstatus = \"archived\"\nupdated = 2026-01-01\nreview_due = 2026-02-01\n+++\n",
	}
	for name, text := range files {
		if err := os.MkdirAll(filepath.Join(site, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(site, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return site
}

// TestNightlyBuildsKeepAnUnchangedSite builds a site nobody changes on
// several days, as a nightly job would: the site is kept as it was until
// the day a page becomes overdue, and each build's reminders are the
// day's.
func TestNightlyBuildsKeepAnUnchangedSite(t *testing.T) {
	site := reviewSite(t)
	out := filepath.Join(t.TempDir(), "public")
	for _, tc := range []struct {
		day            int // of December 2026
		stdout, stderr string
	}{
		{4, "Built ", "1 page is past its review date: run intkb check to list it.\n"},
		{5, "Nothing changed since the build of ", "1 page is past its review date: run intkb check to list it.\n"},
		{16, "Nothing changed since the build of ", "1 page is past its review date: run intkb check to list it.\n"},
		{17, "Built ", "2 pages are past their review date: run intkb check to list them.\n"},
		{18, "Nothing changed since the build of ", "2 pages are past their review date: run intkb check to list them.\n"},
	} {
		var stdout, stderr bytes.Buffer
		m := &Main{Stdout: &stdout, Stderr: &stderr, Now: time.Date(2026, 12, tc.day, 3, 0, 0, 0, time.UTC)}
		code := m.Run(context.Background(), []string{"build", "--source", site, "--dest", out})
		if code != 0 || !strings.HasPrefix(stdout.String(), tc.stdout) || stderr.String() != tc.stderr {
			t.Errorf("build on %d December: exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 0, stdout starting %q and stderr:\n%s", tc.day, code, stdout.String(), stderr.String(), tc.stdout, tc.stderr)
		}
	}
}
