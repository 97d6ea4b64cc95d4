package builder

import (
	"crypto/sha256"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strconv"
	"sync/atomic"

	"intkb/builder/markdown"
	"intkb/builder/model"
)

// A build keeps the page bodies it converted from Markdown, in the state
// folder (see stateshards.go), so that the next build converts only the bodies
// that changed. A body's HTML is a function of its Markdown, the file
// it is in and the line it starts on, the site's [markdown] settings, the
// program, and what the site answers for each of its links: a link's
// destination is rewritten as the site resolves it, and a link that
// cannot work is a problem. So each kept body holds, beside what
// markdown.Converter.Render gave, every question Render asked of the
// page's Linker, in order, with the answer. A body is reused only when
// its key is the same and the site, asked the same questions again in
// the same order, gives the same answers with no problem; otherwise it
// is converted again. Asking again also does again what resolving a
// link notes on the page (the pages it links to, the #fragments and the
// site links to check), so a reused body leaves the page as converting
// it would. Only bodies converted without a problem are kept, and only
// by a build that records itself for the next (Options.KeepUnchanged):
// other builds, such as "intkb serve"'s, read the bodies kept and write
// none.

// bodiesStateDir is the folder, in the state folder, of the kept
// bodies' shards (see StateShards).
const bodiesStateDir = "bodies"

// A keptBody is one page body as a build converted it.
type keptBody struct {
	Key   string // see bodyCache.key
	Doc   markdown.Doc
	Calls []linkCall        // the questions Render asked the page's Linker, in order
	Sum   [sha256.Size]byte // bodySum of the body and Doc
}

// A linkCall is one question a body's conversion asked of its Linker,
// and the answer, which had no problem.
type linkCall struct {
	Auto bool   // AutoLink(Dest), which answers only with a problem; else Link(Dest, Line)
	Dest string // the destination or the autolink's URL
	Line int
	URL  string // what Link answered
}

// bodyCache holds the bodies the last build kept, and those this build
// converted or reused, which it keeps for the next, each by its page's
// content path. Its methods may be called from many goroutines.
type bodyCache struct {
	settings string // the site's [markdown] settings, which every key includes
	shards   *StateShards[*keptBody]
	reused   atomic.Int64
}

// readBodyCache returns the cache of a build whose state is kept in
// dir: with the bodies the last build kept, read as from says. It
// returns nil when dir is "".
func readBodyCache(dir string, md model.MarkdownConfig, from StateFrom) *bodyCache {
	shards := ReadStateShards(dir, bodiesStateDir, from, encodeBody, decodeBody)
	if shards == nil {
		return nil
	}
	return &bodyCache{settings: fmt.Sprintf("%+v", md), shards: shards}
}

// key returns the key of the body of p's file: a digest of everything
// but the answers to its links that its conversion depends on. The
// body is taken by its file's digest (Page.fileSum), which the build has
// whether the file changed or not, where it has one: an edit to the
// front matter alone then converts the body again, which costs one page
// a build what hashing every body cost them all.
func (c *bodyCache) key(p *Page) string {
	h := sha256.New()
	body := p.fileSum
	if body == "" {
		body = "body " + hexDigest(p.src.Body)
	}
	for _, s := range []string{c.settings, p.File, strconv.Itoa(p.src.BodyLine), body} {
		h.Write([]byte(strconv.Itoa(len(s)) + ":" + s))
	}
	return string(h.Sum(nil))
}

// render converts p's body as b.md.Render does, reusing the body kept
// under its key when the site answers its links as before. It returns
// bodySum of the body too, for a body kept or reused, or zero.
func (c *bodyCache) render(b *build, p *Page, l markdown.Linker) (*markdown.Doc, [sha256.Size]byte, model.ErrorList) {
	key := c.key(p)
	if kept, ok := c.shards.Prior(p.Path); ok && kept.Key == key && replay(kept.Calls, l) {
		c.shards.Keep(p.Path, kept, true)
		c.reused.Add(1)
		doc := kept.Doc
		return &doc, kept.Sum, nil
	}
	// What the questions noted on the page goes, to be noted again.
	resetLinks(p)
	rec := &recordingLinker{Linker: l}
	doc, errs := b.md.Render(p.File, p.src.Body, p.src.BodyLine, rec)
	var sum [sha256.Size]byte
	if len(errs) == 0 && !doc.Partial {
		sum = bodySum(p.src.BodyLine, p.src.Body, doc.HTML, doc.IntroEnd, leadEnd(doc), doc.TOC, doc.Headings, doc.Parts)
		c.shards.Keep(p.Path, &keptBody{Key: key, Doc: *doc, Calls: rec.calls, Sum: sum}, false)
	}
	return doc, sum, errs
}

// replay asks l the questions of calls again, in order, and reports
// whether every answer is the same, with no problem. It stops at the
// first that differs.
func replay(calls []linkCall, l markdown.Linker) bool {
	for _, call := range calls {
		if call.Auto {
			if l.AutoLink(call.Dest) != "" {
				return false
			}
			continue
		}
		if url, problem := l.Link(call.Dest, call.Line); problem != "" || url != call.URL {
			return false
		}
	}
	return true
}

// A recordingLinker passes each question to its Linker, noting it and
// the answer.
type recordingLinker struct {
	markdown.Linker
	calls []linkCall
}

func (r *recordingLinker) Link(dest string, line int) (string, string) {
	url, problem := r.Linker.Link(dest, line)
	r.calls = append(r.calls, linkCall{Dest: dest, Line: line, URL: url})
	return url, problem
}

func (r *recordingLinker) AutoLink(url string) string {
	r.calls = append(r.calls, linkCall{Auto: true, Dest: url})
	return r.Linker.AutoLink(url)
}

// encodeBody writes a kept body for decodeBody.
func encodeBody(e *StateEncoder, kb *keptBody) {
	d := &kb.Doc
	e.Str(kb.Key)
	e.Str(string(d.HTML))
	e.Int(len(d.Headings))
	for _, h := range d.Headings {
		e.Int(h.Level)
		e.Str(h.ID)
		e.Str(h.Text)
	}
	e.Bool(d.TOC != nil) // the headings, or none
	e.Int(len(d.Parts))
	for _, part := range d.Parts {
		e.Str(part.ID)
		e.Str(part.Heading)
		e.Str(part.Text)
	}
	e.Int(len(d.IDs))
	for _, id := range slices.Sorted(maps.Keys(d.IDs)) {
		e.Str(id)
	}
	e.Int(d.IntroEnd)
	e.Int(len(d.SectionStarts))
	for _, at := range d.SectionStarts {
		e.Int(at)
	}
	e.Int(len(kb.Calls))
	for _, c := range kb.Calls {
		e.Bool(c.Auto)
		e.Str(c.Dest)
		e.Int(c.Line)
		e.Str(c.URL)
	}
	e.Bytes(kb.Sum[:])
}

// decodeBody reads what encodeBody wrote. Lists Render leaves nil for
// nothing found are nil.
func decodeBody(d *StateDecoder) *keptBody {
	kb := &keptBody{Key: d.Str()}
	doc := &kb.Doc
	doc.HTML = template.HTML(d.Str())
	doc.Headings = StateList[markdown.Heading](d.Count())
	for i := range doc.Headings {
		doc.Headings[i] = markdown.Heading{Level: d.Int(), ID: d.Str(), Text: d.Str()}
	}
	if d.Bool() {
		doc.TOC = doc.Headings
	}
	doc.Parts = StateList[markdown.Part](d.Count())
	for i := range doc.Parts {
		doc.Parts[i] = markdown.Part{ID: d.Str(), Heading: d.Str(), Text: d.Str()}
	}
	ids := d.Count()
	doc.IDs = make(map[string]bool, ids)
	for range ids {
		doc.IDs[d.Str()] = true
	}
	doc.IntroEnd = d.Int()
	doc.SectionStarts = StateList[int](d.Count())
	for i := range doc.SectionStarts {
		doc.SectionStarts[i] = d.Int()
	}
	kb.Calls = StateList[linkCall](d.Count())
	for i := range kb.Calls {
		kb.Calls[i] = linkCall{Auto: d.Bool(), Dest: d.Str(), Line: d.Int(), URL: d.Str()}
	}
	copy(kb.Sum[:], d.Bytes())
	return kb
}
