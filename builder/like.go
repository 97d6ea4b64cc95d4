package builder

import (
	"net/url"
	"strings"

	"intkb/builder/compare"
)

// This file joins "areas like this one" (compare.Nearest) to the site:
// each blueprint page lists the areas most like its own, under
// "Areas like this one" (#bp-like), and each imported area, which has no
// page here, has a small page of them at compare/like/IMPORT/SLUG/. Links
// to the areas like an area go to the one or the other (LikeURL). A page
// lists only compare.LikeCount areas, so no page grows with the number of
// areas.

// AreasLike is one area and the areas most like it.
type AreasLike struct {
	Area  *compare.Area
	Likes []LikeItem // most alike first
	// Compare links the comparison of the area with them all, side by
	// side, and URL the areas like it (LikeURL); both start with the
	// site's base path.
	Compare, URL string
}

// A LikeItem is one of the areas most like another, with its links.
type LikeItem struct {
	compare.Like
	// Compare links the comparison of the two areas side by side, and
	// LikeURL the areas like this one (SiteView.LikeURL), or is empty
	// when it has none; both start with the site's base path.
	Compare, LikeURL string
}

// Where says what kind of place the area is and where it is, as known:
// its setting, then its ICB, or its region when no ICB is given, such as
// "Rural, dispersed · Northshire ICB".
func (it LikeItem) Where() string {
	a := it.Area
	var parts []string
	if a.Setting != "" {
		parts = append(parts, a.Setting)
	}
	if g := a.Grouping; g.ICB != "" {
		parts = append(parts, g.ICB)
	} else if g.Region != "" {
		parts = append(parts, g.Region)
	}
	return strings.Join(parts, " · ")
}

// likePage returns the page of areas like a, relative to the site root,
// or "" for an area of this site, whose blueprint page lists them: an
// imported area's is compare/like/IMPORT/SLUG/.
func likePage(a *compare.Area) string {
	if !a.Imported {
		return ""
	}
	return "compare/like/" + a.Key + "/"
}

// likesByKey holds the areas most like each area, by its key.
type likesByKey map[string][]compare.Like

// nearestAreas works out the areas most like each of the areas of
// /compare/, once per version of them.
func nearestAreas(areas []*compare.Area) likesByKey {
	return compare.Nearest(areas, compare.LikeCount)
}

// Like returns a blueprint page's area and those most like it, or nil.
func (sv *SiteView) Like(p *Page) *AreasLike {
	return sv.LikeOf(blueprintKey(p))
}

// LikeOf returns the area with key and those most like it, or nil when
// there is no such area or no other.
func (sv *SiteView) LikeOf(key string) *AreasLike {
	for _, a := range sv.compareAreas {
		if a.Key == key {
			return sv.likeOf(a)
		}
	}
	return nil
}

// likeOf returns area and those most like it, or nil when there is no
// other.
func (sv *SiteView) likeOf(area *compare.Area) *AreasLike {
	key := area.Key
	likes := sv.likes[key]
	if len(likes) == 0 {
		return nil
	}
	keys := []string{url.QueryEscape(key)}
	items := make([]LikeItem, len(likes))
	for i, l := range likes {
		keys = append(keys, url.QueryEscape(l.Area.Key))
		items[i] = LikeItem{Like: l, LikeURL: sv.LikeURL(l.Area),
			Compare: sv.basePath + "compare/?areas=" + url.QueryEscape(key) + "," + url.QueryEscape(l.Area.Key)}
	}
	return &AreasLike{Area: area, Likes: items, URL: sv.LikeURL(area),
		Compare: sv.basePath + "compare/?areas=" + strings.Join(keys, ",")}
}

// LikeURL returns the link to the areas like a, or "" when it has none (a
// site with one area): the "Areas like this one" section of its blueprint
// page, or, for an imported area, its page of them (likePage).
func (sv *SiteView) LikeURL(a *compare.Area) string {
	if len(sv.likes[a.Key]) == 0 {
		return ""
	}
	if page := likePage(a); page != "" {
		return sv.basePath + page
	}
	return a.Href + "#" + likeSection
}

// likeSection is the id of the "Areas like this one" section of a
// blueprint page: the layouts read it as AreasLike.Section, and links
// to the areas like one of the site's own areas end with it.
const likeSection = "bp-like"

// Section returns the id of the section of a blueprint page that lists
// the areas like its area, for layouts to give the section and to link
// to it.
func (l *AreasLike) Section() string { return likeSection }

// likeJobs makes the page of areas like each imported area that has any.
func likeJobs(s *snapshot, sv *SiteView) []job {
	var jobs []job
	for _, a := range s.compareAreas {
		page := likePage(a)
		if page == "" {
			continue
		}
		like := sv.likeOf(a)
		if like == nil {
			continue
		}
		v := &View{Kind: "like", Title: "Areas like " + a.Name + " (from " + a.Source + ")",
			Summary: "The areas whose models are most like " + a.Name + "'s, and why.",
			Crumbs:  []Crumb{{"Home", ""}, {"Compare", "compare/"}}, Data: like}
		jobs = append(jobs, s.newJob(sv, page+"index.html", "like", v, "layouts/like.html"))
	}
	return jobs
}

// goneLikePages returns the pages of areas like an imported area that
// before had one and after has none, for a live rebuild to remove.
func goneLikePages(before, after *SiteView) []string {
	var gone []string
	for _, a := range before.compareAreas {
		if page := likePage(a); page != "" && len(before.likes[a.Key]) > 0 && len(after.likes[a.Key]) == 0 {
			gone = append(gone, page)
		}
	}
	return gone
}
