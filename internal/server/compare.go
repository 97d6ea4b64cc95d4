package server

import (
	"bytes"
	"fmt"
	"net/http"

	"intkb/builder"
	"intkb/builder/compare"
)

// CompareHandler answers /compare/?areas=a,b&diff=1 by rendering the
// compare layout with only the chosen areas, so the page works without
// JavaScript under "intkb serve". A request naming unknown areas, too
// many, or nonsense still gets the page, with a notice saying what was
// left out. A query string the server cannot read as text, such as a bad
// %-escape or bytes that are not UTF-8, is answered 400. Errors in
// rendering go to logf.
func CompareHandler(site *builder.Site, logf func(format string, args ...any)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := ParseQuery(r); err != nil {
			http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
			return
		}
		q := compare.ParseQuery(r.URL.Query())
		var buf bytes.Buffer
		if err := site.RenderCompare(&buf, q); err != nil {
			logf("compare: %v", err)
			http.Error(w, "the comparison could not be shown", http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Length", fmt.Sprint(buf.Len()))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(buf.Bytes())
		}
	})
}
