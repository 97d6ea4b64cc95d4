package compare

import (
	"fmt"
	"slices"
)

// This file makes the comparison of a site with more areas than it sets
// side by side: chosen first, then compared.

// NewChosen makes the comparison for q, and its filter f, of the indexed areas, of
// which at most maxColumns are set side by side.
//
// With no more areas than maxColumns in all, it is New's comparison of
// every area, and f is not used: the page every site has had. With more,
// the comparison is filter-first: Scale is the areas f chooses, summed
// up, and the columns are
//
//   - the areas q names, when it names any, of all the areas (not only
//     those f chooses), the first maxColumns of them, with a notice when
//     more were asked;
//   - otherwise, every area f chooses, when f chooses something and at
//     most maxColumns areas;
//   - otherwise none: the reader picks from Scale.Listed.
func NewChosen(ix *Index, q Query, maxColumns int) *Comparison {
	f := q.Filter
	if len(ix.Areas) <= maxColumns {
		return New(ix.Areas, q)
	}
	sel := ix.Select(f)
	var c *Comparison
	switch {
	case len(q.Areas) > 0:
		var notice string
		if len(q.Areas) > maxColumns {
			// This says what ParseQuery's notice of a longer request would.
			q.Notices = slices.DeleteFunc(slices.Clone(q.Notices), func(n string) bool { return n == cutNotice })
			notice = fmt.Sprintf("At most %d areas are set side by side: the first %d you chose are shown.", maxColumns, maxColumns)
			q.Areas = q.Areas[:maxColumns]
		}
		c = New(ix.Areas, q)
		if notice != "" {
			c.Notices = append(c.Notices, notice)
		}
	case !f.Empty() && len(sel.Areas) > 0 && len(sel.Areas) <= maxColumns:
		c = New(sel.Areas, q)
	default:
		c = New(nil, Query{OnlyDifferences: q.OnlyDifferences, AsAt: q.AsAt, Since: q.Since, Notices: q.Notices, DayNotices: q.DayNotices})
		c.Groups, c.Charts = nil, nil
		if !f.Empty() && len(sel.Areas) == 0 {
			c.Notices = append(c.Notices, "No area matches every filter you chose: remove one to see more.")
		}
	}
	c.Choices = nil
	c.Scale, c.MaxColumns = sel, maxColumns
	// Every site's areas can be chosen, so the page says where they all
	// came from, whichever are shown.
	c.Imports, c.Sources = importsOf(ix.Areas)
	for _, a := range c.Columns {
		c.picked = append(c.picked, a.Key)
	}
	return c
}

// Picked reports whether the area is set side by side, for the list's
// boxes.
func (c *Comparison) Picked(a *Area) bool {
	for _, k := range c.picked {
		if k == a.Key {
			return true
		}
	}
	return false
}

// FilterParams returns the filter of a filter-first comparison as a query
// string, for links that keep it; empty when there is none.
func (c *Comparison) FilterParams() string {
	if c.Scale == nil {
		return ""
	}
	return c.Scale.Filter.Params().Encode()
}
