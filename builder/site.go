package builder

import (
	"fmt"
	"io"
)

// Site is a built site kept in memory, so that a server can render pages
// that depend on the request, such as search results, in the site's own
// layouts. It is safe for concurrent use.
type Site struct {
	b  *build
	t  *templates
	sv *SiteView
}

// Config returns the site's settings.
func (s *Site) Config() *Config { return s.b.cfg }

// BasePath returns the path every URL of the site starts with, such as /
// or /icb/north/.
func (s *Site) BasePath() string { return s.b.basePath }

// Pages returns the published content pages, by content path.
func (s *Site) Pages() []*Page { return s.b.pages }

// View returns the site-wide data templates see as .Site.
func (s *Site) View() *SiteView { return s.sv }

// Render executes the named layout (such as "search") for v, filling in
// v.Site, and writes the page to w.
func (s *Site) Render(w io.Writer, layout string, v *View) error {
	t := s.t.byName[layout]
	if t == nil {
		return fmt.Errorf("builder: no layout %q", layout)
	}
	v.Site = s.sv
	return t.ExecuteTemplate(w, "baseof.html", v)
}

// AbsURL returns the absolute URL of a path relative to the site root.
func (s *Site) AbsURL(rel string) string { return s.b.absURL(rel) }

// ReleaseText drops each page's Markdown source, rendered HTML and plain
// text, which a server no longer needs once the pages are written and
// indexed, so that it runs with a small heap. Front matter, headings and
// links stay, for lists and for rendering pages on request.
func (s *Site) ReleaseText() {
	for _, p := range s.b.pages {
		p.Content = ""
		p.Parts = nil
		if p.src != nil {
			p.src.body = nil
			p.src.front = nil
		}
	}
}
