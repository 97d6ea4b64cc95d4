package builder

import (
	"bytes"
	"html"
	"io"
	"net/url"
	"strings"

	xhtml "golang.org/x/net/html"
)

// This file makes the offline copy (Options.Offline): a site that works
// opened from a folder, as it is on a shared drive or unzipped from an
// email, with no web server. There a link to a folder, such as
// ../playbooks/x/, opens a listing of its files rather than its page, and
// a link from the site's top, such as /css/intkb.css, names the top of
// the disk. So, as each page is written, every link in it that leads into
// the site becomes relative to the page, and one to a folder that holds a
// page names that page's file:
//
//	/playbooks/x/#steps      from compare/index.html   ../playbooks/x/index.html#steps
//	/compare/?areas=a,b      from playbooks/x/index.html   ../../compare/index.html?areas=a,b
//	/css/intkb.css           from index.html           css/intkb.css
//
// The links are those of the href, src, action, formaction and poster
// attributes, wherever they come from (layouts, Markdown, a site's own
// layouts), and the values of data- attributes that start at the site's
// top, which scripts read as bases to add to (search.js's
// data-search-base): those become relative too, but name no file. Links
// with a scheme or a host (https://, mailto:), a #fragment alone or
// anything already relative are left as they are. The search page tells
// its script that it is offline (SiteView.FolderFile), so that it adds
// the file to the links it makes and reads the index from scripts, which
// a page may load from a folder, where fetch may not.

// folderFile is the file a link to a folder names in an offline copy: the
// one a web server would answer with.
const folderFile = "index.html"

// linkAttrs are the attributes that hold a link a reader follows or a
// page loads.
var linkAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "poster": true}

// folderPages returns the folders, from the site's top, that hold an
// index.html the build writes (a page, a list, or a file of the site's
// own), with "" for the top.
func (s *snapshot) folderPages(jobs []job) map[string]bool {
	folders := map[string]bool{}
	add := func(rel string) {
		if rel == folderFile || strings.HasSuffix(rel, "/"+folderFile) {
			folders[strings.TrimSuffix(rel, folderFile)] = true
		}
	}
	for _, j := range jobs {
		add(j.rel)
	}
	for _, rel := range s.static {
		add(rel)
	}
	for rel := range s.fileSet {
		add(rel)
	}
	return folders
}

// offlineLinks returns page, an HTML file published at rel (such as
// playbooks/x/index.html), with its links into the site made relative, as
// the offline copy needs them (see above). basePath is the site's;
// folders are those of folderPages.
func offlineLinks(page []byte, rel, basePath string, folders map[string]bool) []byte {
	up := strings.Repeat("../", strings.Count(rel, "/"))
	var out bytes.Buffer
	out.Grow(len(page) + len(page)/16)
	z := xhtml.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			if z.Err() != io.EOF {
				return page // cannot happen reading memory with no limit; never lose a page
			}
			break
		}
		raw := z.Raw()
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		out.Write(rewriteTag(raw, func(name, value string) (string, bool) {
			isLink := linkAttrs[name]
			if !isLink && !strings.HasPrefix(name, "data-") {
				return "", false
			}
			return offlineURL(value, up, basePath, folders, isLink)
		}))
	}
	return out.Bytes()
}

// offlineURL returns the offline copy's form of the link v on a page up
// (such as "../../") below the site's top, and whether it changed. Only a
// link from the site's top, within basePath, changes. A link a reader
// follows (named) to a folder that holds a page names its file; a base
// for a script does not, and is "./" at the page's own folder.
func offlineURL(v, up, basePath string, folders map[string]bool, named bool) (string, bool) {
	if !strings.HasPrefix(v, "/") || strings.HasPrefix(v, "//") {
		return "", false
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, basePath) {
		return "", false
	}
	rel := strings.TrimPrefix(u.Path, basePath)
	switch {
	case !named:
	case (rel == "" || strings.HasSuffix(rel, "/")) && folders[rel]:
		rel += folderFile
	case folders[rel+"/"]:
		rel += "/" + folderFile
	}
	p := up + rel
	if p == "" {
		p = "./"
	} else if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ":") {
		p = "./" + p // a colon before the first slash would read as a scheme
	}
	out := (&url.URL{Path: p}).EscapedPath()
	query, frag := linkSuffixes(u)
	return out + query + frag, true
}

// rewriteTag returns raw, the text of one start tag as the page has it,
// with the value of each attribute that change returns a new one for
// replaced. change gets the attribute's name in lower case and its value
// with character references decoded; the new value is written escaped,
// in double quotes. The rest of the tag is kept byte for byte, so the
// names of SVG attributes such as viewBox keep their case.
func rewriteTag(raw []byte, change func(name, value string) (string, bool)) []byte {
	var out []byte
	done := 0
	i := 1 // past "<"
	for i < len(raw) && !isTagSpace(raw[i]) && raw[i] != '>' && raw[i] != '/' {
		i++
	}
	for i < len(raw) {
		for i < len(raw) && (isTagSpace(raw[i]) || raw[i] == '/') {
			i++
		}
		if i >= len(raw) || raw[i] == '>' {
			break
		}
		start := i
		i++ // a name may start with "=", as the tokenizer reads it
		for i < len(raw) && !isTagSpace(raw[i]) && raw[i] != '=' && raw[i] != '>' && raw[i] != '/' {
			i++
		}
		name := strings.ToLower(string(raw[start:i]))
		for i < len(raw) && isTagSpace(raw[i]) {
			i++
		}
		if i >= len(raw) || raw[i] != '=' {
			continue // no value
		}
		i++
		for i < len(raw) && isTagSpace(raw[i]) {
			i++
		}
		vStart := i
		var value []byte
		if i < len(raw) && (raw[i] == '"' || raw[i] == '\'') {
			end := bytes.IndexByte(raw[i+1:], raw[i])
			if end < 0 {
				break // unterminated: the tokenizer would not have ended the tag
			}
			value = raw[i+1 : i+1+end]
			i += end + 2
		} else {
			for i < len(raw) && !isTagSpace(raw[i]) && raw[i] != '>' {
				i++
			}
			value = raw[vStart:i]
		}
		if nv, ok := change(name, html.UnescapeString(string(value))); ok {
			out = append(append(out, raw[done:vStart]...), `"`+html.EscapeString(nv)+`"`...)
			done = i
		}
	}
	if out == nil {
		return raw
	}
	return append(out, raw[done:]...)
}

// isTagSpace reports whether c is whitespace within a tag, as HTML reads
// it.
func isTagSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
