package main

import (
	"context"
	"fmt"
	"path/filepath"

	"intkb/builder"
)

const checkUsage = `Usage: intkb check [--source DIR] [--strict]

Check reads every page, its front matter and its links, and the layouts,
and reports every problem it finds in one run, each with its file and
line. It writes nothing. The exit status is 1 when there are problems.
Warnings, such as an [[import]] that cannot be read, are printed; with
--strict they count as problems.

When there are no problems, it then lists the pages whose review date
(review_due) has passed or comes within 30 days, the most overdue first.
These are reminders, not problems: they never change the exit status,
even with --strict, as a check that passes today must not fail tomorrow
with nothing changed. With SOURCE_DATE_EPOCH set in the environment
(seconds since 1970-01-01 UTC), review dates are judged by its day: to
see what will be due on a later day, for instance.
`

type checkCommand struct{ m *Main }

func (c *checkCommand) Run(ctx context.Context, args []string) error {
	flags := c.m.newFlagSet("check", checkUsage)
	source := flags.String("source", ".", "the site's `folder`")
	drafts := flags.Bool("drafts", true, "check draft pages too")
	strict := flags.Bool("strict", false, "treat warnings, such as an [[import]] that cannot be read, as problems")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError{fmt.Sprintf("check takes no arguments, but was given %q (see intkb check -h)", flags.Arg(0))}
	}
	now, err := c.m.now()
	if err != nil {
		return err
	}
	src, closeSrc, err := openSource(*source)
	if err != nil {
		return err
	}
	defer closeSrc()
	res, err := builder.Build(builder.Options{Source: src, Dir: *source, StateDir: filepath.Join(*source, builder.StateFolder), Drafts: *drafts, Strict: *strict, Now: now})
	if err != nil {
		return err
	}
	printWarnings(c.m.Stderr, res.Warnings)
	printReviews(c.m.Stderr, res.Reviews)
	fmt.Fprintln(c.m.Stdout, "No problems found.")
	return nil
}
