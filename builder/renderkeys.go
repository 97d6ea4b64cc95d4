package builder

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"hash"
	"html/template"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"unsafe"

	"intkb/builder/compare"
	"intkb/builder/markdown"
	"intkb/builder/publish"
)

// A build that publishes only what changed (priorOutput) leaves a page's
// file as the destination holds it, without rendering the page, when
// that file was rendered from the same sources: the same render key
// (publish.Output.WriteRendered). A content page's render key is the
// SHA-256 of
//
//   - the site's shape (renderKeys.shape): every input of the build (see
//     unchanged.go) but the content pages' files; which pages are past
//     their review date on the day of the build, or the day itself when
//     a layout may show it; and of each content page, its
//     path, its front matter and the pages its body links to. Section
//     intros and drafts count whole;
//   - the page's own digest (pageDigest): its file, and everything its
//     body gave it, as links resolved it;
//   - its kind, its layout and the path of its file;
//   - when its layout may read another page's body (see layoutreads.go),
//     every page's own digest.
//
// Everything a layout can read of another page but its body comes from
// the inputs, the front matter and the links the shape holds. So a page
// whose key is the same renders to the same bytes, and an edit to a
// page's body renders again only that page and those that link to it
// (whose links resolve differently once a heading changes). An edit to
// front matter, links, settings, layouts, static files or imports, a
// page becoming overdue, or a new day when a layout shows the day,
// renders every page again; the output then changes only where the bytes
// do, as before.
//
// A generated page (a section's list, a taxonomy, a term, the home page)
// has a render key too, without a page's own digest: what it shows comes
// from the shape. Those that show what the shape does not hold (View.Data,
// such as the comparison, which says when each import was read, and the
// search page, which carries the static index's meta.json) are rendered
// on every build (see renderKeys.of). A page of the areas like one
// (View.Data an *AreasLike) is made from the shape (the areas, from the
// blueprints' front matter, the imports and git's history) but for
// where and when each imported area it shows was read, which its key
// holds too (writeProvenance) when its layout may show it
// (layoutReads.showsFetch): so an edit to a body renders none of them
// again.

// renderKeys are the parts of a build's render keys.
type renderKeys struct {
	shape  [sha256.Size]byte
	own    map[*Page][sha256.Size]byte
	intros map[*Page]bool         // the section intros the shape holds whole
	reads  map[string]layoutReads // by layout name
	// likeReads is what each layout may read rendering a page of the
	// areas like one, whose View.Data is an *AreasLike.
	likeReads map[string]layoutReads
	bodies    [sha256.Size]byte // of every page's own digest, for layouts that read other pages' bodies
	// rendered counts the pages with a key rendered, the others being
	// kept.
	rendered atomic.Int64
	// records counts the open data's records made (writeOpenData).
	records atomic.Int64
	// pictures counts the pictures drawn (writePictures).
	pictures atomic.Int64
}

// renderKeys works out the render keys of b's pages, given the
// inputs of a build that records itself (in.shape) and its templates. It
// returns nil when the inputs are not known.
func (b *build) renderKeys(in *inputs, t *templates) *renderKeys {
	if in == nil || in.shape == "" {
		return nil
	}
	k := &renderKeys{own: make(map[*Page][sha256.Size]byte, len(b.pages)), reads: map[string]layoutReads{}, likeReads: map[string]layoutReads{}}
	funcs := b.settings().funcs()
	for name, set := range t.byName {
		k.reads[name] = readsOfLayout(set, funcs, nil)
		k.likeReads[name] = readsOfLayout(set, funcs, reflect.TypeFor[*AreasLike]())
	}
	own := make([][sha256.Size]byte, len(b.pages))
	parallel(len(b.pages), func(i int) { own[i] = pageDigest(b.pages[i]) })
	h := sha256.New()
	writeField(h, "intkb render keys 2")
	writeField(h, in.shape)
	// What a page's render may take from the day of the build: the day
	// itself when a layout may show it (SiteView.Built), and otherwise
	// only which pages are overdue on it (Page.Overdue, the layouts'
	// overdue), so that an edit on another day renders again only what it
	// would have the same day, until a page becomes overdue.
	showsDay := k.showsDay()
	if showsDay {
		writeField(h, "day "+reviewDate(b.now))
	}
	overdue := func(p *Page) {
		if !showsDay && p.Overdue(b.now) {
			writeField(h, "overdue")
		}
	}
	for i, p := range b.pages {
		k.own[p] = own[i]
		writeField(h, "page "+p.Path)
		writeBytes(h, p.src.Front)
		overdue(p)
		for _, l := range p.links {
			writeField(h, l)
		}
		writeField(h, "end links")
	}
	whole := func(what string, p *Page) {
		writeField(h, what+" "+p.Path)
		writeBytes(h, p.src.Front)
		writeBytes(h, p.src.Body)
		overdue(p)
	}
	k.intros = map[*Page]bool{}
	for _, dir := range slices.Sorted(maps.Keys(b.intros)) {
		whole("intro", b.intros[dir])
		k.intros[b.intros[dir]] = true
	}
	for _, rel := range slices.Sorted(maps.Keys(b.drafts)) {
		whole("draft", b.drafts[rel])
	}
	h.Sum(k.shape[:0])
	if k.anyReads(func(r layoutReads) bool { return r.otherBodies != "" }) {
		all := sha256.New()
		for _, d := range own {
			all.Write(d[:])
		}
		all.Sum(k.bodies[:0])
	}
	return k
}

// anyReads reports whether a layout, walked for any page, may read what
// reads says of it.
func (k *renderKeys) anyReads(reads func(layoutReads) bool) bool {
	for _, m := range []map[string]layoutReads{k.reads, k.likeReads} {
		for _, r := range m {
			if reads(r) {
				return true
			}
		}
	}
	return false
}

// of returns the render key of j, and false when it has none: when k is
// nil, or j is a generated page that shows what the shape does not hold
// (View.Data, such as the comparison, which says when each import was
// read; the search page, which carries the static index's meta.json),
// but for a page of areas like one (an *AreasLike), whose layout is
// walked knowing its Data (likeReads).
func (k *renderKeys) of(j job) ([sha256.Size]byte, bool) {
	if k == nil || j.view.Kind == "search" {
		return [sha256.Size]byte{}, false
	}
	reads := k.reads[j.layout]
	like, isLike := j.view.Data.(*AreasLike)
	switch {
	case isLike:
		reads = k.likeReads[j.layout]
	case j.view.Data != nil:
		return [sha256.Size]byte{}, false
	}
	if j.view.Intro != nil && !k.intros[j.view.Intro] {
		return [sha256.Size]byte{}, false // an intro the shape does not hold
	}
	h := sha256.New()
	h.Write(k.shape[:])
	if j.view.Page != nil {
		own, ok := k.own[j.view.Page]
		if !ok {
			return [sha256.Size]byte{}, false
		}
		h.Write(own[:])
	}
	writeField(h, j.view.Kind)
	writeField(h, j.layout)
	writeField(h, j.rel)
	if reads.otherBodies != "" {
		h.Write(k.bodies[:])
	}
	if isLike && reads.showsFetch {
		ok := writeProvenance(h, like.Area)
		for _, l := range like.Likes {
			ok = ok && writeProvenance(h, l.Area)
		}
		if !ok {
			return [sha256.Size]byte{}, false
		}
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	return key, true
}

// writeFromShape writes the file name of out that make makes from the
// shape of the site alone, such as open data: with render keys, it is
// kept as the destination holds it, unmade, while the shape is the same
// and the day too. What such a file says of when it was made (open
// data's "generated" stamps) then says when the kept file was, as in a
// build that keeps everything (see unchanged.go), and is never a day
// old.
func (s *snapshot) writeFromShape(out *publish.Output, name string, make func() ([]byte, error)) error {
	if out.Planning() {
		return out.Write(name, nil)
	}
	if k := s.keys; k != nil {
		h := sha256.New()
		h.Write(k.shape[:])
		writeField(h, "made from the shape")
		writeField(h, "day "+reviewDate(s.now))
		writeField(h, name)
		var key [sha256.Size]byte
		h.Sum(key[:0])
		return out.WriteRendered(name, key, make)
	}
	data, err := make()
	if err != nil {
		return err
	}
	return out.Write(name, data)
}

// showsDay reports whether a layout may show the day of the build.
func (k *renderKeys) showsDay() bool {
	return k != nil && k.anyReads(func(r layoutReads) bool { return r.showsDay })
}

// pageDigest returns the digest of p's file and of everything its body
// gave it.
func pageDigest(p *Page) [sha256.Size]byte {
	h := sha256.New()
	writeField(h, p.Path)
	writeInt(h, p.src.FrontLine)
	writeBytes(h, p.src.Front)
	body := p.bodySum
	if body == ([sha256.Size]byte{}) {
		body = bodySum(p.src.BodyLine, p.src.Body, p.Content, p.introEnd, p.leadEnd, p.TOC, p.Headings, p.Parts)
	}
	h.Write(body[:])
	writeInt(h, len(p.templates))
	for _, x := range p.templates {
		writeField(h, x.Title)
		writeField(h, x.URL)
	}
	var d [sha256.Size]byte
	h.Sum(d[:0])
	return d
}

// bodySum returns the digest of a page's body, from the line it starts
// on, and of all its conversion gave the page: a function of the body's
// key (bodyCache.key) and the answers to its links, so that a body kept
// keeps it (keptBody.Sum), and the next build need not read the body
// and its HTML again to find it.
func bodySum(line int, body []byte, html template.HTML, introEnd, leadEnd int, toc, headings []markdown.Heading, parts []markdown.Part) [sha256.Size]byte {
	h := sha256.New()
	writeInt(h, line)
	writeBytes(h, body)
	writeField(h, string(html))
	writeInt(h, introEnd)
	writeInt(h, leadEnd)
	for _, hs := range [][]markdown.Heading{toc, headings} {
		writeInt(h, len(hs))
		for _, x := range hs {
			writeInt(h, x.Level)
			writeField(h, x.ID)
			writeField(h, x.Text)
		}
	}
	writeInt(h, len(parts))
	for _, x := range parts {
		writeField(h, x.ID)
		writeField(h, x.Heading)
		writeField(h, x.Text)
	}
	var d [sha256.Size]byte
	h.Sum(d[:0])
	return d
}

// writeProvenance writes to h where and when area was read, when it is
// imported: all a page of areas like one can show of it that the shape
// does not hold. Provenance's JSON holds each of its fields. It reports
// false when it cannot be written (a time JSON cannot hold).
func writeProvenance(h hash.Hash, area *compare.Area) bool {
	if area.Provenance == nil {
		writeField(h, "")
		return true
	}
	b, err := json.Marshal(area.Provenance)
	if err != nil {
		return false
	}
	writeBytes(h, b)
	return true
}

// writeField writes s to h with its length, so that no two lists of
// fields write the same bytes.
func writeField(h hash.Hash, s string) {
	writeInt(h, len(s))
	// A hash takes no strings (io.WriteString would copy s into a new
	// slice, the whole of a page's text): it is given s's bytes, which
	// a Writer must not change.
	h.Write(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// writeBytes is writeField for bytes.
func writeBytes(h hash.Hash, b []byte) {
	writeInt(h, len(b))
	h.Write(b)
}

func writeInt(h hash.Hash, n int) {
	var b [binary.MaxVarintLen64]byte
	h.Write(b[:binary.PutVarint(b[:], int64(n))])
}

// DigestField writes s to h as the builder's own digests of a page do
// (writeField), for another package's digest of what it takes from a
// page, such as search's of a page's document.
func DigestField(h hash.Hash, s string) { writeField(h, s) }

// DigestInt writes n to h as DigestField writes a field's length.
func DigestInt(h hash.Hash, n int) { writeInt(h, n) }

// isPageFile reports whether name, a path in the site's folder, is a
// content file that loads as a page: those the shape of the site holds
// in part.
func isPageFile(name string) bool {
	return strings.HasPrefix(name, contentDir+"/") && strings.EqualFold(path.Ext(name), ".md")
}
