package builder

import (
	"bytes"
	"fmt"
	"io"
	"sync"

	"intkb/builder/compare"
)

// This file answers /compare/ requests for a server. A request that
// chooses areas renders only those columns (at most compare.MaxAreas); one
// that chooses none (and no day: see compare.Query's AsAt and Since)
// shows every area, the same page for every such request, so it is
// rendered once per version of the site and kept. So no
// request renders every area, however many there are.

// everyAreaPages holds the compare page of every area, with all rows
// ([0]) and with only the differences ([1]), once made.
type everyAreaPages [2]struct {
	once sync.Once
	page []byte
	err  error
}

// RenderCompare writes the compare page for q, as a server answers
// /compare/?areas=...: the same page as Render with the "compare" layout
// and CompareView(q), made once for a request that chooses nothing.
func (s *Site) RenderCompare(w io.Writer, q compare.Query) error {
	st := s.state()
	if len(q.Areas) > 0 || len(q.Notices) > 0 || len(q.DayNotices) > 0 || !q.AsAt.IsZero() || !q.Since.IsZero() || !q.Filter.Empty() {
		return s.renderCompare(st, w, q)
	}
	i := 0
	if q.OnlyDifferences {
		i = 1
	}
	e := &st.everyArea[i]
	e.once.Do(func() {
		var buf bytes.Buffer
		e.err = s.renderCompare(st, &buf, compare.Query{OnlyDifferences: q.OnlyDifferences})
		e.page = buf.Bytes()
	})
	if e.err != nil {
		return e.err
	}
	_, err := w.Write(e.page)
	return err
}

// renderCompare renders the compare page for q from one version of the
// site, so that a rebuild between its steps cannot mix two.
func (s *Site) renderCompare(st *siteState, w io.Writer, q compare.Query) error {
	c := st.snap.compare(q)
	c.Served = true
	v := compareView(c)
	v.Site = st.sv
	t := st.t.byName["compare"]
	if t == nil {
		return fmt.Errorf("builder: no layout %q", "compare")
	}
	return t.ExecuteTemplate(w, "baseof.html", v)
}
