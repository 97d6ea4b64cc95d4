package model

import (
	"path"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// PageURL maps a content path to the page's URL: pretty URLs, with
// index.md and _index.md standing for their folder.
func PageURL(contentPath string) string {
	dir, file := path.Split(contentPath)
	name := strings.TrimSuffix(file, path.Ext(file))
	if name == "index" || name == "_index" {
		return dir
	}
	return dir + Slugify(name) + "/"
}

// Nfc returns name in Unicode Normalization Form C. The same name can
// reach the builder in two forms: macOS has long written file names
// decomposed ("e" followed by a combining accent, NFD), while keyboards,
// Windows and Linux compose them ("é", NFC). Every name that becomes part
// of a content path or a URL, a file's or a tag's, passes through here, so
// that café.md has one URL whichever way it was written.
func NFC(name string) string { return norm.NFC.String(name) }

// slugRanges are the runes a slug keeps, as inclusive ranges: ASCII
// digits and letters, and the Latin letters with accents from à (U+00E0)
// to ž (U+017E).
var slugRanges = [...][2]rune{{'0', '9'}, {'a', 'z'}, {'à', 'ž'}}

// SlugRanges returns the runes a slug keeps (see Slugify), as inclusive
// ranges [first, last] in ascending order.
func SlugRanges() [][2]rune { return slices.Clone(slugRanges[:]) }

// Slugify turns a tag or name into the URL segment the site uses for it:
// in NFC, lower case, the runes of SlugRanges kept and every run of other
// runes between two kept ones made a single hyphen. Search slugs a tag
// typed in a query by the same rule (the search page's script reads
// SlugRanges from the static index), so that tag:Café finds "café".
func Slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(NFC(s)) {
		if !inSlug(r) {
			hyphen = true
			continue
		}
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteRune(r)
	}
	return b.String()
}

// inSlug reports whether a slug keeps r.
func inSlug(r rune) bool {
	for _, rg := range slugRanges {
		if r >= rg[0] && r <= rg[1] {
			return true
		}
	}
	return false
}

// TermSlug turns a vocabulary value into a URL segment.
func TermSlug(v string) string { return strings.ReplaceAll(v, "_", "-") }
