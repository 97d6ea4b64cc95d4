package search

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"intkb/builder"
)

// ParseRequest reads a Request from URL parameters: q, page (1 to
// MaxPage), size (1 to MaxSize) and each facet's filter, by its name or
// an alias (builder.Facet.Params): type, area, cohort, integration_level
// (or level), tag. A filter may repeat or hold values separated by
// commas; 20 values of each are read.
func ParseRequest(v url.Values) (Request, error) {
	r := Request{Query: strings.TrimSpace(v.Get("q"))}
	list := func(names ...string) []string {
		var out []string
		for _, n := range names {
			for _, s := range v[n] {
				for _, part := range strings.Split(s, ",") {
					if part = strings.TrimSpace(part); part != "" && len(out) < 20 {
						out = append(out, part)
					}
				}
			}
		}
		return out
	}
	for _, f := range builder.Facets {
		if vs := list(f.Params()...); len(vs) > 0 {
			if r.Filters == nil {
				r.Filters = Filters{}
			}
			r.Filters[f.Param] = vs
		}
	}
	for _, p := range []struct {
		name string
		to   *int
	}{{"page", &r.Page}, {"size", &r.Size}} {
		s := v.Get(p.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return r, fmt.Errorf("%s %q is not a whole number", p.name, s)
		}
		*p.to = n
	}
	return r, r.Validate()
}
