package builder

import (
	"fmt"
	"io"
	"sync/atomic"

	"intkb/builder/model"
)

// Site is a built site kept in memory, so that a server can render pages
// that depend on the request, such as search results, in the site's own
// layouts. It is safe for concurrent use; a live rebuild (see Live)
// replaces what it holds in one step.
type Site struct {
	cur atomic.Pointer[siteState]
}

// siteState is one version of a site. It is never changed once made.
type siteState struct {
	snap *snapshot
	t    *templates
	sv   *SiteView

	everyArea everyAreaPages // made on first request, by RenderCompare
}

func newSite(snap *snapshot, t *templates, sv *SiteView) *Site {
	s := &Site{}
	s.cur.Store(&siteState{snap: snap, t: t, sv: sv})
	return s
}

func (s *Site) state() *siteState { return s.cur.Load() }

// Config returns the site's settings.
func (s *Site) Config() *model.Config { return s.state().snap.cfg }

// BasePath returns the path every URL of the site starts with, such as /
// or /icb/north/.
func (s *Site) BasePath() string { return s.state().snap.basePath }

// Render executes the named layout (such as "search") for v, filling in
// v.Site, and writes the page to w.
func (s *Site) Render(w io.Writer, layout string, v *View) error {
	st := s.state()
	t := st.t.byName[layout]
	if t == nil {
		return fmt.Errorf("builder: no layout %q", layout)
	}
	v.Site = st.sv
	return t.ExecuteTemplate(w, "baseof.html", v)
}

// Vocabs returns the site's vocabularies: the built-in ones with the
// values its site.toml adds, and its areas.
func (s *Site) Vocabs() model.Vocabs { return s.state().snap.vocabs }

// ReleaseText drops each page's rendered HTML and plain text, which a
// server no longer needs once the pages are written and indexed, so that
// it runs with a small heap. Front matter, headings, links and the
// Markdown source stay, for lists, rendering pages on request and
// rebuilding pages that change.
func (s *Site) ReleaseText() {
	for _, p := range s.state().snap.pages {
		p.Content = ""
		p.Parts = nil
	}
}
