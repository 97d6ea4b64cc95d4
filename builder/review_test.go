package builder

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// reviewPage is a plain page with the given extra front matter.
func reviewPage(name, front string) string {
	return fmt.Sprintf("-- content/%s.md --\n+++\ntitle = %q\nupdated = 2026-01-01\n%s+++\nText.\n", name, name, front)
}

// TestReviews checks the reminders a build gives for review dates, on
// 4 December 2026: every page past its review date or within
// ReviewSoonDays of it, the most overdue first, with the line of its
// review_due; none for a page without one, an archived page, or a draft
// the build leaves out.
func TestReviews(t *testing.T) {
	site := "-- site.toml --\ntitle = \"T\"\nbaseURL = \"https://example.org/\"\n" +
		"-- content/_index.md --\n+++\ntitle = \"Home\"\nupdated = 2026-01-01\nreview_due = 2026-11-20\n+++\nHello.\n" +
		reviewPage("three-weeks", "review_due = 2026-11-13\n") +
		reviewPage("long-ago", "summary = \"S\"\nreview_due = 2026-03-14\n") +
		reviewPage("yesterday", "review_due = 2026-12-03\n") +
		reviewPage("today", "review_due = 2026-12-04\n") +
		reviewPage("soon", "review_due = 2026-12-16\n") +
		reviewPage("month", "review_due = 2027-01-03\n") +
		reviewPage("not-due", "review_due = 2027-01-04\n") +
		reviewPage("no-date", "") +
		reviewPage("archived", "status = \"archived\"\nreview_due = 2026-02-01\n") +
		reviewPage("draft", "status = \"draft\"\nreview_due = 2026-11-01\n")
	now := time.Date(2026, 12, 4, 15, 30, 0, 0, time.UTC)
	const tail = ": check the page still reflects current practice, then set updated to today and review_due to the next date"
	published := []string{
		"content/long-ago.md:5: review was due on 14 March 2026 (8 months ago)" + tail,
		"content/three-weeks.md:4: review was due on 13 November 2026 (3 weeks ago)" + tail,
		"content/_index.md:4: review was due on 20 November 2026 (2 weeks ago)" + tail,
		"content/yesterday.md:4: review was due on 3 December 2026 (yesterday)" + tail,
		"content/today.md:4: review is due on 4 December 2026 (today)" + tail,
		"content/soon.md:4: review is due on 16 December 2026 (in 12 days)" + tail,
		"content/month.md:4: review is due on 3 January 2027 (in 4 weeks)" + tail,
	}
	withDraft := append(published[:1:1], append([]string{"content/draft.md:5: review was due on 1 November 2026 (4 weeks ago)" + tail}, published[1:]...)...)
	for _, tc := range []struct {
		name   string
		drafts bool
		want   []string
	}{
		{"drafts left out", false, published},
		{"drafts included", true, withDraft},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Build(Options{Source: siteFS(t, site), Now: now, Drafts: tc.drafts})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range res.Reviews {
				got = append(got, r.String())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("reviews:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestReviewsNeverFailStrict checks that reminders are not warnings: a
// strict build of a site with an overdue page succeeds.
func TestReviewsNeverFailStrict(t *testing.T) {
	site := "-- site.toml --\ntitle = \"T\"\nbaseURL = \"https://kb.northshire.nhs.uk/\"\n" + reviewPage("old", "review_due = 2026-01-02\n")
	res, err := Build(Options{Source: siteFS(t, site), Now: testNow, Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Reviews) != 1 || !res.Reviews[0].Overdue() || len(res.Warnings) != 0 {
		t.Errorf("reviews %v, warnings %v: want one overdue review and no warnings", res.Reviews, res.Warnings)
	}
}

func TestRelativeDays(t *testing.T) {
	for n, want := range map[int]string{
		0: "today", 1: "tomorrow", -1: "yesterday", 2: "in 2 days", -13: "13 days ago", 14: "in 2 weeks",
		-60: "8 weeks ago", 61: "in 2 months", -729: "24 months ago", 730: "in 2 years", -1100: "3 years ago",
	} {
		if got := relativeDays(n); got != want {
			t.Errorf("relativeDays(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestReviewMarksForTheBrowser checks how pages and cards carry their
// review dates for js/review.js: a page past its date at build time has
// its notice and its card's tag in the page; one in date has them in a
// <template> with the date, for the script to show once the reader's
// today is past it; every page loads the script.
func TestReviewMarksForTheBrowser(t *testing.T) {
	dest := t.TempDir()
	if _, err := Build(Options{Source: siteFS(t, minimalSite), Dest: dest, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	const tag = ` · <strong class="tag tag--warning">Review overdue</strong>`
	overdue := readOut(t, dest, "case-studies/index.html")
	if !strings.Contains(overdue, "</time>"+tag) || strings.Contains(overdue, "<template data-review-due") {
		t.Errorf("the card of a page past its review date lacks its tag:\n%s", overdue)
	}
	inDate := readOut(t, dest, "playbooks/index.html")
	if held := `<template data-review-due="2027-03-14">` + tag + `</template>`; strings.Count(inDate, tag) != 1 || !strings.Contains(inDate, held) {
		t.Errorf("the card of a page in date does not hold its tag for the script, as %s", held)
	}
	for _, rel := range []string{"index.html", "playbooks/index.html", "case-studies/saltmere-frailty/index.html", "404.html"} {
		if page := readOut(t, dest, rel); !strings.Contains(page, `<script src="/js/review.js" defer></script>`) {
			t.Errorf("%s does not load js/review.js", rel)
		}
	}
	if script := readOut(t, dest, "js/review.js"); !strings.Contains(script, "data-review-due") {
		t.Error("js/review.js is not published")
	}
}
