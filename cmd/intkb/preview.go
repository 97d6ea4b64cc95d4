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
	// searchUpdated, if set, is called after each rebuild's search
	// update, for tests.
	searchUpdated func()
}

// follow rebuilds after each batch of changes w reports, until ctx is
// done. w follows the files the site's imports are read from too, as
// site.toml names them (builder.Live.Followed).
func (p *preview) follow(ctx context.Context, w *watch.Watcher) {
	p.followImports(w)
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
			if p.rebuild(paths) {
				p.followImports(w)
			}
		}
	}
}

// followImports has w follow the files the site's imports are read from.
func (p *preview) followImports(w *watch.Watcher) {
	if err := w.Follow(p.live.Followed()); err != nil {
		fmt.Fprintf(p.errs, "intkb: watching: %v\n", err)
	}
}

// rebuild applies one batch of changes. Open pages are told to reload as
// soon as the rebuilt pages are served; the search index is brought up
// to date after, while search queries wait for it (search.Holder.Hold).
// It reports whether the whole site was built again.
func (p *preview) rebuild(paths []string) (full bool) {
	start := time.Now()
	ch, err := p.live.Apply(paths)
	if err != nil {
		p.broken = true
		p.site.SetProblem(err)
		p.reload.Notify(server.Event{Error: true})
		fmt.Fprintf(p.errs, "%s\nThe last good site is still being served.\n", model.Explain(err))
		return false
	}
	fixed := p.broken
	p.broken = false
	p.site.SetProblem(nil)
	if ch.Full {
		if err := p.site.SetRoot(p.dir); err != nil {
			fmt.Fprintf(p.errs, "intkb: %v\n", err)
		}
	}
	release := p.index.Hold()
	p.reload.Notify(server.Event{URLs: ch.URLs, All: ch.Full || fixed, Styles: ch.Styles})
	shown := time.Since(start)
	p.updateSearch(ch)
	release()
	if p.searchUpdated != nil {
		p.searchUpdated()
	}
	what := fmt.Sprintf("%d %s", len(ch.URLs), plural(len(ch.URLs), "page", "pages"))
	if ch.Full {
		what = "everything"
	}
	fmt.Fprintf(p.out, "Rebuilt %s in %s (search %s) after changes to %s\n", what, shown.Round(time.Millisecond), (time.Since(start) - shown).Round(time.Millisecond), strings.Join(paths, ", "))
	return ch.Full
}

// updateSearch swaps in a search index that holds the change.
func (p *preview) updateSearch(ch *builder.Change) {
	switch {
	case ch.Full:
		if idx, err := search.Open(p.dir); err != nil {
			fmt.Fprintf(p.errs, "intkb: %v\n", err)
		} else {
			idx.WarmPhrases()
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
}
