package builder

import (
	"fmt"
	"sort"
	"time"

	"intkb/builder/model"
)

// ReviewSoonDays is how many days before its review date a page is
// listed as due soon (see Result.Reviews): about a month, time enough to
// find whoever can check it.
const ReviewSoonDays = 30

// A Review is a reminder that a page's review date has passed, or comes
// within ReviewSoonDays: work for its authors, never a problem, so it
// fails no build, even a strict one, since a build that passed yesterday
// must not fail today with nothing changed.
type Review struct {
	File string     // the content file, such as content/playbooks/start-with-needs.md
	Line int        // the line of its review_due
	Due  model.Date // its review_due
	// Days is how many days the review date is before the day of the
	// build: more than 0 once it has passed (the page is overdue, as
	// Page.Overdue says), 0 on the day, less than 0 before it.
	Days int
}

// Overdue reports whether the review date has passed.
func (r Review) Overdue() bool { return r.Days > 0 }

// String returns the reminder as intkb check prints it, such as
//
//	content/case-studies/x.md:5: review was due on 14 March 2026 (3 weeks ago): check the page still reflects current practice, then set updated to today and review_due to the next date
func (r Review) String() string {
	tense := "is"
	if r.Overdue() {
		tense = "was"
	}
	e := model.Error{File: r.File, Line: r.Line, Msg: fmt.Sprintf("review %s due on %s (%s): check the page still reflects current practice, then set updated to today and review_due to the next date",
		tense, r.Due.Human(), relativeDays(-r.Days))}
	return e.Error()
}

// relativeDays says when a day n days from today is, roughly: "today",
// "in 12 days", "3 weeks ago", "5 months ago".
func relativeDays(n int) string {
	switch n {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	case -1:
		return "yesterday"
	}
	d := max(n, -n)
	var span string
	switch {
	case d < 14:
		span = fmt.Sprintf("%d days", d)
	case d < 61:
		span = fmt.Sprintf("%d weeks", d/7)
	case d < 730:
		span = fmt.Sprintf("%d months", d/30)
	default:
		span = fmt.Sprintf("%d years", d/365)
	}
	if n > 0 {
		return "in " + span
	}
	return span + " ago"
}

// reviewDay returns the day review dates are judged on at now: its UTC
// date, as dates in front matter are.
func reviewDay(now time.Time) time.Time { return now.Truncate(24 * time.Hour) }

// reviewDate returns the day review dates are judged on at now, as a
// date such as 2026-11-22, which sorts as the days do.
func reviewDate(now time.Time) string { return reviewDay(now).UTC().Format(time.DateOnly) }

// daysPastReview returns how many days p's review date is before the day
// of now: more than 0 once it has passed.
func (p *Page) daysPastReview(now time.Time) int { return daysPast(p.Meta.ReviewDue, now) }

// daysPast returns how many days due is before the day of now.
func daysPast(due model.Date, now time.Time) int {
	return int(reviewDay(now).Sub(due.Time).Hours() / 24)
}

// reviewDates returns the review date of each of pages that reminders
// can be about, with Days unset: pages without a review date and archived
// pages, which are no longer maintained, have none.
func reviewDates(pages []*Page) []Review {
	var out []Review
	for _, p := range pages {
		if !p.Meta.ReviewDue.IsZero() && p.Meta.Status != "archived" {
			out = append(out, Review{File: p.File, Line: p.reviewLine, Due: p.Meta.ReviewDue})
		}
	}
	return out
}

// reminders returns the reminders on the day of now, from reviewDates:
// for pages whose review date has passed or comes within ReviewSoonDays,
// the most overdue first, then by file.
func reminders(dates []Review, now time.Time) []Review {
	var out []Review
	for _, r := range dates {
		r.Days = daysPast(r.Due, now)
		if r.Days < -ReviewSoonDays {
			continue
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Days != out[j].Days {
			return out[i].Days > out[j].Days
		}
		return out[i].File < out[j].File
	})
	return out
}

// marksChange returns the first day after the day of now on which one of
// pages becomes overdue (Page.Overdue), which the layouts show, as
// reviewDate gives it; "" when none will.
func marksChange(pages []*Page, now time.Time) string {
	var first time.Time
	for _, p := range pages {
		if p.Meta.ReviewDue.IsZero() || p.Overdue(now) {
			continue
		}
		if flips := p.Meta.ReviewDue.Time.AddDate(0, 0, 1); first.IsZero() || flips.Before(first) {
			first = flips
		}
	}
	if first.IsZero() {
		return ""
	}
	return reviewDate(first)
}

// reviewedPages returns the pages a build's reminders are about: its
// content pages, drafts among them when it includes drafts, and the
// introductions of the home page and the lists.
func (s *snapshot) reviewedPages() []*Page {
	all := append([]*Page(nil), s.pages...)
	for _, p := range s.intros {
		all = append(all, p)
	}
	return all
}
