package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"intkb/builder"
	"intkb/builder/model"
)

const newUsage = `Usage:
	intkb new playbook|case-study|framework|blueprint SLUG [--source DIR]
	intkb new site DIR

New writes a page of the given type to content/<section>/SLUG.md, with
every front-matter key filled in and explained, as a draft. Preview drafts
with "intkb serve --drafts"; set status = "published" to publish.

"intkb new site DIR" writes a new site that builds as it is, using the
built-in layouts.
`

type newCommand struct{ m *Main }

func (c *newCommand) Run(ctx context.Context, args []string) error {
	flags := c.m.newFlagSet("new", newUsage)
	source := flags.String("source", ".", "the site's `folder`, for new pages")
	// Flags may come after the arguments: intkb new playbook x --source site.
	var positional []string
	for len(args) > 0 {
		if err := parseFlags(flags, args); err != nil {
			return err
		}
		if flags.NArg() == 0 {
			break
		}
		positional = append(positional, flags.Arg(0))
		args = flags.Args()[1:]
	}
	if len(positional) != 2 {
		return usageError{"new needs a type and a name, such as: intkb new playbook start-with-needs (see intkb new -h)"}
	}
	kind, name := positional[0], positional[1]
	today := time.Now()
	if kind == "site" {
		if err := builder.NewSite(name, today); err != nil {
			return err
		}
		fmt.Fprintf(c.m.Stdout, "Created a new site in %s. Build it with: intkb build --source %s\n", name, name)
		return nil
	}
	typ, ok := builder.NewPageTypes[kind]
	if !ok {
		var kinds []string
		for k := range builder.NewPageTypes {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		return usageError{fmt.Sprintf("new: %q is not a type: use one of %s, or site", kind, strings.Join(kinds, ", "))}
	}
	if !builder.ValidSlug(name) {
		return usageError{fmt.Sprintf("new: %q is not a valid name: use lower-case letters, digits and hyphens, such as start-with-needs", name)}
	}
	cfg, err := siteConfig(*source)
	if err != nil {
		return err
	}
	text, err := builder.NewPage(typ, name, today, cfg.Areas)
	if err != nil {
		return err
	}
	var dir string
	for _, s := range model.Sections {
		if s.Type == typ {
			dir = s.Dir
		}
	}
	rel := filepath.Join("content", dir, name+".md")
	full := filepath.Join(*source, rel)
	for _, other := range []string{full, filepath.Join(*source, "content", dir, name, "index.md")} {
		if _, err := os.Stat(other); err == nil {
			return fmt.Errorf("%s already exists: choose another name", other)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(text); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(c.m.Stdout, "Created %s as a draft. Preview it with: intkb serve --drafts\n", full)
	return nil
}
