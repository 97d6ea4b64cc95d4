package builder

import (
	"slices"
	"strings"
	"time"

	"intkb/builder/compare"
	"intkb/builder/model"
	"intkb/builder/publish"
)

// This file writes the Atom feed of changes to the areas' models
// (changesFeed): an entry for each dated point of a blueprint's history
// that changed something, newest first, so that an ICB lead can follow
// every area's journey. Entries are dated by the history, never by the
// clock, so the same site builds to the same feed.

// maxChangeEntries is the most entries the changes feed holds.
const maxChangeEntries = 100

// ChangesFeed returns the address, inside the site, of the feed of
// changes to the areas' models for the pages that link to it (the
// comparison, the blueprints' list and each blueprint), or "".
func (v *View) ChangesFeed() string {
	if v.Kind == "compare" || v.SectionDir() == blueprintsDir() {
		return changesFeed
	}
	return ""
}

// blueprintsDir is the blueprints' section folder.
func blueprintsDir() string { return model.Sections[sectionIndex(model.TypeBlueprint)].Dir }

// changeEntry is one point of one area's history.
type changeEntry struct {
	area *compare.Area
	page *Page
	pt   compare.Point
}

// changeEntries lists the points that changed something, newest first,
// then by area in list order.
func (s *snapshot) changeEntries() []changeEntry {
	var out []changeEntry
	for _, p := range s.blueprintPages() {
		a := s.areaOf(p)
		if a == nil {
			continue
		}
		for _, pt := range a.History {
			if len(pt.Changes) > 0 {
				out = append(out, changeEntry{area: a, page: p, pt: pt})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b changeEntry) int { return b.pt.Date.Compare(a.pt.Date.Time) })
	return out[:min(len(out), maxChangeEntries)]
}

// writeChangesFeed writes changesFeed. The feed's updated date is its
// newest entry's or, with none, the latest blueprint's updated date.
func (s *snapshot) writeChangesFeed(out *publish.Output) error {
	f := atomFeed{Title: s.cfg.Title + ": changes to the areas' models", ID: s.absURL(changesFeed),
		Links: []atomLink{{Href: s.absURL("compare/")}, {Href: s.absURL(changesFeed), Rel: "self"}}}
	f.Author.Name = s.cfg.Title
	var updated time.Time
	for _, p := range s.blueprintPages() {
		if p.Meta.Updated.After(updated) {
			updated = p.Meta.Updated.Time
		}
	}
	entries := s.changeEntries()
	if len(entries) > 0 {
		updated = entries[0].pt.Date.Time
	}
	for _, e := range entries {
		var changes []string
		for _, c := range e.pt.Changes {
			changes = append(changes, c.Text())
		}
		summary := strings.Join(changes, ". ") + "."
		if e.pt.Note != "" {
			summary = e.pt.Note + " " + summary
		}
		anchor := s.absURL(e.page.URL) + "#history-" + e.pt.Date.String()
		f.Entries = append(f.Entries, atomEntry{Title: e.area.Name + ": " + changeTitle(e.pt.Changes), Link: atomLink{Href: anchor},
			ID: anchor, Updated: e.pt.Date.UTC().Format(time.RFC3339), Summary: summary})
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	return writeAtom(out, changesFeed, &f)
}

// changeTitle names what changed, such as "Integration level, MDT meets
// and 2 more".
func changeTitle(changes []compare.Change) string {
	var labels []string
	for _, c := range changes {
		labels = append(labels, c.Label)
	}
	if len(labels) > 3 {
		return strings.Join(labels[:2], ", ") + " and " + model.NumberText(len(labels)-2) + " more"
	}
	return joinWords(labels, "and")
}
