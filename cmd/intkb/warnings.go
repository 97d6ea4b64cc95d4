package main

import (
	"fmt"
	"io"

	"intkb/builder"
)

// printWarnings prints the problems a build went on despite, such as an
// [[import]] that could not be read. With --strict they are errors instead.
func printWarnings(w io.Writer, warnings []string) {
	for _, line := range warnings {
		fmt.Fprintf(w, "warning: %s\n", line)
	}
}

// printReviews lists the pages due for review, apart from problems and
// warnings: reminders that never fail a command.
func printReviews(w io.Writer, reviews []builder.Review) {
	if len(reviews) == 0 {
		return
	}
	fmt.Fprintf(w, "Due for review (%d %s: reminders, not problems):\n", len(reviews), plural(len(reviews), "page", "pages"))
	for _, r := range reviews {
		fmt.Fprintf(w, "  %s\n", r)
	}
}

// printOverdue says in one line how many pages are past their review
// date, for build, which leaves listing them to check.
func printOverdue(w io.Writer, reviews []builder.Review) {
	n := 0
	for _, r := range reviews {
		if r.Overdue() {
			n++
		}
	}
	if n > 0 {
		fmt.Fprintf(w, "%d %s past %s review date: run intkb check to list %s.\n", n, plural(n, "page is", "pages are"), plural(n, "its", "their"), plural(n, "it", "them"))
	}
}
