package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"unicode/utf8"
)

// MaxQueryString is the longest query string, in bytes, that ParseQuery
// reads: far more than a search with every filter, or a comparison of
// every area, needs.
const MaxQueryString = 8 << 10

// ParseQuery returns the parameters of r's query string, or an error, to
// be answered 400 with its text, when the query string is longer than
// MaxQueryString, malformed (a bad %-escape, which r.URL.Query would
// silently drop with its parameter) or holds a name or value that is not
// UTF-8 (which a page would otherwise echo as raw bytes). Every handler
// that reads parameters reads them through it, so that all of them refuse
// the same requests.
func ParseQuery(r *http.Request) (url.Values, error) {
	raw := r.URL.RawQuery
	if len(raw) > MaxQueryString {
		return nil, fmt.Errorf("the address is %d characters too long", len(raw)-MaxQueryString)
	}
	v, err := url.ParseQuery(raw)
	if err != nil {
		return nil, errors.New("the address is malformed: check it, or start again from the site's own links")
	}
	for k, vs := range v {
		if !utf8.ValidString(k) {
			return nil, errNotUTF8
		}
		for _, s := range vs {
			if !utf8.ValidString(s) {
				return nil, errNotUTF8
			}
		}
	}
	return v, nil
}

var errNotUTF8 = errors.New("the address holds text that is not UTF-8: check it, or start again from the site's own links")
