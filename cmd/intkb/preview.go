package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"intkb/builder"
	"intkb/builder/model"
	"intkb/internal/server"
	"intkb/internal/watch"
	"intkb/search"
)

// preview rebuilds the served site as its files change and tells open
// pages to reload.
type preview struct {
	out, errs io.Writer
	live      *builder.Live
	site      *server.Site
	reload    *server.Reloader
	index     *search.Holder
	dir       string // the folder being served
	broken    bool   // the last rebuild failed
}

func (p *preview) follow(ctx context.Context, w *watch.Watcher) {
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.Errors:
			if ok {
				fmt.Fprintf(p.errs, "intkb: watching: %v\n", err)
			}
		case paths, ok := <-w.Changes:
			if !ok {
				return
			}
			p.rebuild(paths)
		}
	}
}

// rebuild applies one batch of changes.
func (p *preview) rebuild(paths []string) {
	start := time.Now()
	ch, err := p.live.Apply(paths)
	if err != nil {
		p.broken = true
		p.site.SetProblem(err)
		p.reload.Notify(server.Event{Error: true})
		fmt.Fprintf(p.errs, "%s\nThe last good site is still being served.\n", model.Explain(err))
		return
	}
	fixed := p.broken
	p.broken = false
	p.site.SetProblem(nil)
	switch {
	case ch.Full:
		if err := p.site.SetRoot(p.dir); err != nil {
			fmt.Fprintf(p.errs, "intkb: %v\n", err)
		}
		if idx, err := search.Open(p.dir); err != nil {
			fmt.Fprintf(p.errs, "intkb: %v\n", err)
		} else {
			p.index.Swap(idx)
		}
	case len(ch.Pages) > 0 || len(ch.Removed) > 0:
		if cur := p.index.Index(); cur != nil {
			next, err := cur.Update(ch.Pages, ch.Removed)
			if err != nil {
				fmt.Fprintf(p.errs, "intkb: updating search: %v\n", err)
			} else {
				p.index.Swap(next)
			}
		}
	}
	p.reload.Notify(server.Event{URLs: ch.URLs, All: ch.Full || fixed, Styles: ch.Styles})
	what := fmt.Sprintf("%d %s", len(ch.URLs), plural(len(ch.URLs), "page", "pages"))
	if ch.Full {
		what = "everything"
	}
	fmt.Fprintf(p.out, "Rebuilt %s in %s after changes to %s\n", what, time.Since(start).Round(time.Millisecond), strings.Join(paths, ", "))
}
