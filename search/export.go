package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"intkb/builder"
	"intkb/builder/publish"
)

// Export writes the site's search documents, the same ones both indexes
// hold (imported blueprints among them), for an existing search engine
// such as OpenSearch or Elasticsearch: one file in their bulk format
// (NDJSON), each document an action line and a source line,
//
//	{"index":{"_id":"https://kb.example.nhs.uk/playbooks/x/"}}
//	{"url":"https://kb.example.nhs.uk/playbooks/x/","title":"…","summary":"…","headings":"…","body":"…","type":"playbook",…}
//
// which "curl -H 'Content-Type: application/x-ndjson' --data-binary
// @FILE HOST/INDEX/_bulk" loads. A document has the text fields (title,
// headings, summary, body, searched with the boosts of package search:
// title 4, headings and summary 2, body 1), each facet of builder.Facets
// under its index field, as the terms search filters by (a list for a
// facet of many values, left out when a page has none), help (true for a help page, which search lists
// last) and updated. Its url is absolute: the page's address under the
// base URL, or an imported blueprint's own. Documents are in order of
// URL, so that the same site gives the same file. Add may be called from
// many goroutines; the file is written whole by Close.
type Export struct {
	path, base string
	mu         sync.Mutex
	docs       []exported
	closed     bool
}

type exported struct {
	id   string
	line []byte // the source line, without its newline
}

// NewExport returns an Export that writes to path, with base (the site's
// base URL, ending in a slash) before the URL of each of its own pages.
func NewExport(path, base string) *Export {
	return &Export{path: path, base: base}
}

// WithExport returns a builder.Options.NewIndex that makes the indexes
// newIndex makes and feeds every page to e too.
func WithExport(newIndex func(string) (builder.PageIndexer, error), e *Export) func(string) (builder.PageIndexer, error) {
	return func(outputDir string) (builder.PageIndexer, error) {
		ix, err := newIndex(outputDir)
		if err != nil {
			return nil, err
		}
		return exportAlso{ix, e}, nil
	}
}

type exportAlso struct {
	builder.PageIndexer
	e *Export
}

func (x exportAlso) Add(p *builder.Page) error {
	if err := x.e.Add(p); err != nil {
		return err
	}
	return x.PageIndexer.Add(p)
}

func (x exportAlso) Close() error {
	return errors.Join(x.PageIndexer.Close(), x.e.Close())
}

// WriteTo is the wrapped index's (builder.OutputIndexer).
func (x exportAlso) WriteTo(out *publish.Output) {
	if o, ok := x.PageIndexer.(builder.OutputIndexer); ok {
		o.WriteTo(out)
	}
}

// SearchMeta is the wrapped index's (builder.SearchMetaIndexer), so that
// the export leaves the published site as it is; nil when it has none.
func (x exportAlso) SearchMeta() []byte {
	if m, ok := x.PageIndexer.(builder.SearchMetaIndexer); ok {
		return m.SearchMeta()
	}
	return nil
}

// Add keeps the document of a page; pages that opt out of search are
// left out.
func (e *Export) Add(p *builder.Page) error {
	if !p.Searchable() {
		return nil
	}
	d, _, err := pageDocument(p)
	if err != nil {
		return err
	}
	u := d.URL
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		u = e.base + u
	}
	src := map[string]any{"url": u, "title": d.Title, "summary": d.Summary, "headings": d.Headings, "body": d.Body, "help": d.Help}
	if !d.Updated.IsZero() {
		src["updated"] = d.Updated.Format(time.DateOnly)
	}
	for i, f := range builder.Facets {
		vals := slices.DeleteFunc(slices.Clone(d.Facets[i]), func(v string) bool { return v == "" })
		switch {
		case len(vals) == 0:
		case f.Multi:
			src[f.Field] = vals
		default:
			src[f.Field] = vals[0]
		}
	}
	line, err := json.Marshal(src)
	if err != nil {
		return fmt.Errorf("search: exporting %s: %w", d.URL, err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return errors.New("search: export: page added after Close")
	}
	e.docs = append(e.docs, exported{id: u, line: line})
	return nil
}

// Close writes the file: beside it first, then renamed into place, so
// that a reader never sees half of it.
func (e *Export) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	slices.SortFunc(e.docs, func(a, b exported) int { return strings.Compare(a.id, b.id) })
	var buf bytes.Buffer
	for _, d := range e.docs {
		action, _ := json.Marshal(map[string]any{"index": map[string]string{"_id": d.id}})
		buf.Write(action)
		buf.WriteByte('\n')
		buf.Write(d.line)
		buf.WriteByte('\n')
	}
	if err := publish.WriteReplacing(e.path, buf.Bytes()); err != nil {
		return fmt.Errorf("search: export: %w", err)
	}
	return nil
}
