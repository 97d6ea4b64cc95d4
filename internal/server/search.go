package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"intkb/builder"
	"intkb/search"
)

// Searcher is what the search handlers query: a *search.Index or a
// *search.Holder.
type Searcher interface {
	Search(search.Request) (*search.Response, error)
}

// SearchAPIHandler answers GET /api/search with JSON. Hit URLs include
// basePath.
func SearchAPIHandler(s Searcher, basePath string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		q, err := ParseQuery(r)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		req, err := search.ParseRequest(q)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		start := time.Now()
		res, err := s.Search(req)
		if err != nil {
			status := http.StatusServiceUnavailable
			writeJSON(w, status, map[string]string{"error": "search is not available right now"})
			return
		}
		head, tail, err := res.EncodeJSON(basePath)
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "encoding the response"})
			return
		}
		var took [24]byte
		t := search.AppendTookMS(took[:0], time.Since(start))
		w.Header().Set("Content-Length", strconv.Itoa(len(head)+len(t)+len(tail)))
		w.WriteHeader(http.StatusOK)
		w.Write(head)
		w.Write(t)
		w.Write(tail)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":"encoding the response"}`, http.StatusInternalServerError)
		return
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// SearchPageHandler answers GET /search/ with a page in the site's own
// search layout, working without JavaScript. The layout gets a
// *SearchPageData as .Data.
func SearchPageHandler(s Searcher, site *builder.Site) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q, err := ParseQuery(r)
		var req search.Request
		if err == nil {
			req, err = search.ParseRequest(q)
		}
		data := &SearchPageData{Query: req.Query}
		status := http.StatusOK
		if err != nil {
			data.Error = err.Error()
			status = http.StatusBadRequest
		} else if req.Query != "" {
			res, err := s.Search(req)
			if err != nil {
				data.Error = "Search is not available right now. Please try again in a moment."
				status = http.StatusServiceUnavailable
			} else {
				fillPage(data, req, res, q, site)
			}
		}
		var buf bytes.Buffer
		v := &builder.View{Kind: "search", Title: "Search", URL: "search/", Query: req.Query, Data: data,
			Crumbs: []builder.Crumb{{Title: "Home", URL: ""}}}
		if req.Query != "" {
			v.Title = fmt.Sprintf("Search results for “%s”", req.Query)
		}
		if err := site.Render(&buf, "search", v); err != nil {
			http.Error(w, "the search page could not be shown", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		w.Write(buf.Bytes())
	})
}
