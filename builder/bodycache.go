package builder

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"html/template"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"intkb/builder/markdown"
	"intkb/builder/model"
)

// A build keeps the page bodies it converted from Markdown, in the state
// folder (see state.go), so that the next build converts only the bodies
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
// it would. Only bodies converted without a problem are kept.

// The kept bodies are in bodyShards files in the state folder's
// bodiesStateDir, each page's in the one its content path falls in, so
// that a build that converts a few bodies writes only their files, and
// the files are read and decoded on every core.
const (
	bodiesStateDir = "bodies"
	bodyShards     = 64
)

// A keptBody is one page body as a build converted it.
type keptBody struct {
	Key   string // see bodyCache.key
	Doc   markdown.Doc
	Calls []linkCall // the questions Render asked the page's Linker, in order
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
// content path, in shards. Its methods may be called from many
// goroutines.
type bodyCache struct {
	settings string // the site's [markdown] settings, which every key includes
	prior    [bodyShards]map[string]*keptBody

	mu      sync.Mutex
	next    [bodyShards]map[string]*keptBody
	changed [bodyShards]bool // next differs from prior, besides bodies left out
	reused  int
}

// readBodyCache returns the cache of a build whose state is kept in
// dir: with the bodies the last build kept unless clean, which starts
// from none. It returns nil when dir is "".
func readBodyCache(dir string, md model.MarkdownConfig, clean bool) *bodyCache {
	if dir == "" {
		return nil
	}
	c := &bodyCache{settings: fmt.Sprintf("%+v", md)}
	for i := range c.next {
		c.next[i] = map[string]*keptBody{}
	}
	if clean {
		return c
	}
	parallel(bodyShards, func(i int) {
		if data, ok := readStateBytes(dir, shardFile(i)); ok {
			c.prior[i], _ = decodeBodies(data)
		}
	})
	return c
}

// shardFile returns the name, in the state folder, of shard i's file.
func shardFile(i int) string {
	return filepath.Join(bodiesStateDir, fmt.Sprintf("%02x", i))
}

// shard returns the shard of the body of the page at content path.
func shard(path string) int {
	h := fnv.New32a()
	h.Write([]byte(path))
	return int(h.Sum32() % bodyShards)
}

// key returns the key of the body of p's file: a digest of everything
// but the answers to its links that its conversion depends on.
func (c *bodyCache) key(p *Page) string {
	h := sha256.New()
	for _, s := range []string{c.settings, p.File, strconv.Itoa(p.src.BodyLine)} {
		h.Write([]byte(strconv.Itoa(len(s)) + ":" + s))
	}
	h.Write(p.src.Body)
	return string(h.Sum(nil))
}

// render converts p's body as b.md.Render does, reusing the body kept
// under its key when the site answers its links as before.
func (c *bodyCache) render(b *build, p *Page, l markdown.Linker) (*markdown.Doc, model.ErrorList) {
	key, sh := c.key(p), shard(p.Path)
	if kept := c.prior[sh][p.Path]; kept != nil && kept.Key == key && replay(kept.Calls, l) {
		c.keep(sh, p.Path, kept, true)
		doc := kept.Doc
		return &doc, nil
	}
	// What the questions noted on the page goes, to be noted again.
	resetLinks(p)
	rec := &recordingLinker{Linker: l}
	doc, errs := b.md.Render(p.File, p.src.Body, p.src.BodyLine, rec)
	if len(errs) == 0 && !doc.Partial {
		c.keep(sh, p.Path, &keptBody{Key: key, Doc: *doc, Calls: rec.calls}, false)
	}
	return doc, errs
}

// keep notes that this build has kb as the body of the page at path.
func (c *bodyCache) keep(sh int, path string, kb *keptBody, reused bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next[sh][path] = kb
	if reused {
		c.reused++
	} else {
		c.changed[sh] = true
	}
}

// write keeps this build's bodies in dir for the next build: the shards
// that differ from those the last build kept.
func (c *bodyCache) write(dir string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs [bodyShards]error
	parallel(bodyShards, func(i int) {
		if c.changed[i] || len(c.next[i]) != len(c.prior[i]) {
			errs[i] = writeStateBytes(dir, shardFile(i), encodeBodies(c.next[i]))
		}
	})
	return errors.Join(errs[:]...)
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

// The bodies are kept in an encoding of their own, which reads and
// writes a 10,000-page site's in a tenth of the time gob takes: a count,
// then each body by its page's content path, its strings and lists each
// led by their length, as uvarints. encodeBodies writes the bodies in
// path order, so that the same bodies make the same file.

// encodeBodies returns the encoding of bodies, by content path.
func encodeBodies(bodies map[string]*keptBody) []byte {
	e := bodyEncoder{b: make([]byte, 0, encodedSize(bodies))}
	e.int(len(bodies))
	for _, key := range slices.Sorted(maps.Keys(bodies)) {
		kb := bodies[key]
		d := &kb.Doc
		e.str(key)
		e.str(kb.Key)
		e.str(string(d.HTML))
		e.headings(d.Headings)
		e.bool(d.TOC != nil)
		e.int(len(d.Parts))
		for _, part := range d.Parts {
			e.str(part.ID)
			e.str(part.Heading)
			e.str(part.Text)
		}
		e.int(len(d.IDs))
		for _, id := range slices.Sorted(maps.Keys(d.IDs)) {
			e.str(id)
		}
		e.int(d.IntroEnd)
		e.int(len(d.SectionStarts))
		for _, at := range d.SectionStarts {
			e.int(at)
		}
		e.int(len(kb.Calls))
		for _, c := range kb.Calls {
			e.bool(c.Auto)
			e.str(c.Dest)
			e.int(c.Line)
			e.str(c.URL)
		}
	}
	return e.b
}

// encodedSize returns at least the size of the encoding of bodies, so
// that it is made in one piece.
func encodedSize(bodies map[string]*keptBody) int {
	const most = binary.MaxVarintLen64 // of a number, or a string's length
	n := most
	for key, kb := range bodies {
		d := &kb.Doc
		n += len(key) + len(kb.Key) + len(d.HTML) + 9*most
		for _, h := range d.Headings {
			n += len(h.ID) + len(h.Text) + 3*most
		}
		for _, part := range d.Parts {
			n += len(part.ID) + len(part.Heading) + len(part.Text) + 3*most
		}
		for id := range d.IDs {
			n += len(id) + most
		}
		n += len(d.SectionStarts) * most
		for _, c := range kb.Calls {
			n += len(c.Dest) + len(c.URL) + 4*most
		}
	}
	return n
}

// decodeBodies returns the bodies data encodes, by content path, and
// reports whether it is an encoding encodeBodies made, to its end.
func decodeBodies(data []byte) (map[string]*keptBody, bool) {
	d := bodyDecoder{b: data}
	n := d.int()
	bodies := make(map[string]*keptBody, min(n, len(data)))
	for range n {
		if d.bad {
			return nil, false
		}
		kb := &keptBody{}
		doc := &kb.Doc
		path := d.str()
		kb.Key = d.str()
		doc.HTML = template.HTML(d.str())
		doc.Headings = d.headings()
		if d.bool() {
			doc.TOC = doc.Headings
		}
		doc.Parts = list[markdown.Part](d.count())
		for i := range doc.Parts {
			doc.Parts[i] = markdown.Part{ID: d.str(), Heading: d.str(), Text: d.str()}
		}
		ids := d.count()
		doc.IDs = make(map[string]bool, ids)
		for range ids {
			doc.IDs[d.str()] = true
		}
		doc.IntroEnd = d.int()
		doc.SectionStarts = list[int](d.count())
		for i := range doc.SectionStarts {
			doc.SectionStarts[i] = d.int()
		}
		kb.Calls = list[linkCall](d.count())
		for i := range kb.Calls {
			kb.Calls[i] = linkCall{Auto: d.bool(), Dest: d.str(), Line: d.int(), URL: d.str()}
		}
		bodies[path] = kb
	}
	if d.bad || len(d.b) != 0 {
		return nil, false
	}
	return bodies, true
}

type bodyEncoder struct{ b []byte }

func (e *bodyEncoder) int(n int) { e.b = binary.AppendUvarint(e.b, uint64(n)) }

func (e *bodyEncoder) bool(v bool) {
	if v {
		e.int(1)
	} else {
		e.int(0)
	}
}

func (e *bodyEncoder) str(s string) {
	e.int(len(s))
	e.b = append(e.b, s...)
}

func (e *bodyEncoder) headings(hs []markdown.Heading) {
	e.int(len(hs))
	for _, h := range hs {
		e.int(h.Level)
		e.str(h.ID)
		e.str(h.Text)
	}
}

// A bodyDecoder reads what a bodyEncoder wrote. Once what it reads does
// not fit, it is bad, and reads zeros from then on.
type bodyDecoder struct {
	b   []byte
	bad bool
}

func (d *bodyDecoder) int() int {
	n, k := binary.Uvarint(d.b)
	if k <= 0 || n > math.MaxInt32 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[k:]
	return int(n)
}

// count reads a list's length, which cannot be more than the bytes
// left, since each item takes one at least.
func (d *bodyDecoder) count() int {
	n := d.int()
	if n > len(d.b) {
		d.bad, d.b = true, nil
		return 0
	}
	return n
}

func (d *bodyDecoder) bool() bool { return d.int() == 1 }

func (d *bodyDecoder) str() string {
	n := d.int()
	if n > len(d.b) {
		d.bad, d.b = true, nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *bodyDecoder) headings() []markdown.Heading {
	hs := list[markdown.Heading](d.count())
	for i := range hs {
		hs[i] = markdown.Heading{Level: d.int(), ID: d.str(), Text: d.str()}
	}
	return hs
}

// list returns a list of n items, nil for none, as Render leaves a list
// it found nothing for.
func list[T any](n int) []T {
	if n == 0 {
		return nil
	}
	return make([]T, n)
}
