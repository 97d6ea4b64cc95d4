package builder

import (
	"bytes"
	"fmt"
	"net"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"intkb/builder/model"
)

// This file holds the checks that keep a site from going live with what
// suits only a draft, or only its author's computer. Each problem is a
// warning that names the file, line and key, and the fix; with
// Options.Strict it fails the build.
//
// On every build and check except a preview (Options.Preview, "intkb
// serve" without --base-url, whose base URL is its own local address):
//
//   - baseURL, or --base-url, must be the address readers will use: not
//     this computer's (a loopback address or localhost), not a path
//     alone (the sitemap, feed and open data need a full address), and
//     not one kept for examples: example.com, example.net and
//     example.org and the names under them, and names ending in
//     .example, .test, .invalid or .localhost (RFC 2606, RFC 6761).
//
// On every build, previews included:
//
//   - an [[import]] must not be this site's own local preview: a
//     loopback address on the port of a loopback baseURL, or on
//     PreviewAddr's;
//   - published blueprints (status other than draft) are open data, so
//     site.toml must give them a licence and an attribution;
//   - no published page, and not site.toml, may still hold a text that
//     "intkb new" wrote for its author to replace: a key's whole value,
//     or a sentence of a page's body (see templateTexts).

// PreviewAddr is the address "intkb serve" listens on unless told
// another.
const PreviewAddr = "127.0.0.1:1313"

// checkPublishing runs the checks above.
func (b *build) checkPublishing() {
	if !b.opts.Preview {
		b.checkBaseURL()
	}
	b.checkSelfImports()
	b.checkOpenDataTerms()
	b.checkTemplateText()
}

// checkBaseURL warns when the site's base URL is not one readers can
// reach.
func (b *build) checkBaseURL() {
	problem := baseURLWarning(b.cfg.BaseURL)
	if problem == "" {
		return
	}
	e := &model.Error{File: "site.toml", Line: b.cfg.LineOf("baseURL"), Field: "baseURL",
		Msg: fmt.Sprintf("%q %s: set it to the full address readers will use, such as https://www.<your organisation>/neighbourhoods/, or build with --base-url", b.cfg.BaseURL, problem)}
	if b.opts.BaseURL != "" {
		e = &model.Error{File: "--base-url", Msg: fmt.Sprintf("%q %s: give the full address readers will use", b.cfg.BaseURL, problem)}
	}
	b.warn(e)
}

// baseURLWarning returns why readers could not reach a site published at
// base, a URL BaseURLProblem accepts, or "".
func baseURLWarning(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return "" // refused with the settings
	}
	host := u.Hostname()
	switch {
	case u.Host == "":
		return "has no host, so the sitemap, feed and open data cannot give the site's full address"
	case model.LocalHost(host):
		return "is this computer's own address, so the published site's links, sitemap, feed and open data would send each reader to their own computer"
	case model.ReservedHost(strings.TrimSuffix(strings.ToLower(host), ".")):
		return "is an address kept for examples, so the published site's links, sitemap, feed and open data would lead nowhere"
	}
	return ""
}

// checkSelfImports warns of an [[import]] of this site's own local
// preview, which a published site cannot reach and would only compare
// its areas with themselves.
func (b *build) checkSelfImports() {
	_, previewPort, _ := net.SplitHostPort(PreviewAddr)
	own := map[string]bool{previewPort: true}
	if u, err := url.Parse(b.cfg.BaseURL); err == nil && u.Host != "" && model.LocalHost(u.Hostname()) {
		own[portOf(u)] = true
	}
	for i, imp := range b.cfg.Imports {
		u, err := url.Parse(imp.Source)
		if err != nil || !model.IsAbsoluteHTTP(imp.Source) || !model.LocalHost(u.Hostname()) || !own[portOf(u)] {
			continue
		}
		file, line := importAt(imp)
		if imp.File == "" {
			line = b.cfg.LineOf(fmt.Sprintf("import[%d].source", i))
		}
		b.warn(&model.Error{File: file, Line: line,
			Msg: fmt.Sprintf("import %q: source %q is this site's own local preview, which no published site can reach, and which holds this site's own areas: name the other site's published open data, such as https://<its address>/data/blueprints.json", imp.Name, imp.Source)})
	}
}

// portOf returns u's port, or its scheme's.
func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// checkOpenDataTerms warns when blueprints are published as open data
// without the terms others may reuse them on.
func (b *build) checkOpenDataTerms() {
	n := 0
	for _, p := range b.pages {
		if p.Type == model.TypeBlueprint && p.Meta.Status != "draft" {
			n++
		}
	}
	if n == 0 {
		return
	}
	published := fmt.Sprintf("%d blueprints are", n)
	if n == 1 {
		published = "1 blueprint is"
	}
	published += " published as open data (data/blueprints.json and data/blueprints.csv)"
	if strings.TrimSpace(b.cfg.Licence) == "" {
		b.warn(&model.Error{File: "site.toml", Line: b.cfg.LineOf("licence"), Field: "licence",
			Msg: "is not set, but " + published + ", which no one may reuse without a licence: name one, such as licence = \"Open Government Licence v3.0\", and give the address of its text in licenceURL"})
	}
	if strings.TrimSpace(b.cfg.Attribution) == "" {
		b.warn(&model.Error{File: "site.toml", Line: b.cfg.LineOf("attribution"), Field: "attribution",
			Msg: "is not set, but " + published + ": say how those who reuse them should credit you, such as attribution = \"Contains information from <your organisation>\""})
	}
}

// checkTemplateText warns of each published page, and site.toml, that
// still holds texts that "intkb new" wrote for its author to replace:
// one warning a file, at the first, naming every key and body line.
func (b *build) checkTemplateText() {
	texts := templateTexts()
	pages := slices.Clone(b.pages)
	for _, p := range b.intros {
		pages = append(pages, p)
	}
	body := make([][]byte, len(texts.body))
	for i, s := range texts.body {
		body[i] = []byte(s)
	}
	hits := make([][]templateHit, len(pages))
	parallel(len(pages), func(i int) {
		p := pages[i]
		if p.Meta.Status == "draft" || p.src == nil {
			return
		}
		hits[i] = templateValues(reflect.ValueOf(p.Front), p.src.LineOf, texts.values)
		for j, s := range body {
			if at := bytes.Index(p.src.Body, s); at >= 0 {
				hits[i] = append(hits[i], templateHit{line: p.src.BodyLine + bytes.Count(p.src.Body[:at], []byte("\n")), text: texts.body[j]})
			}
		}
	})
	for i, p := range pages {
		b.warnTemplate(p.File, hits[i], "write this page's own, or keep status = \"draft\" until it is ready")
	}
	b.warnTemplate("site.toml", templateValues(reflect.ValueOf(b.cfg), b.cfg.LineOf, texts.values), "write your own")
}

// A templateHit is a text that "intkb new" wrote, found in a file.
type templateHit struct {
	line int
	key  string // the key that holds it, or "" for the body
	text string
}

// templateValues returns the text values of the struct v that are one of
// texts.
func templateValues(v reflect.Value, lineOf func(string) int, texts map[string]bool) []templateHit {
	var hits []templateHit
	model.WalkValues(v, "", func(f model.Field, fv reflect.Value, path string) bool {
		fv = reflect.Indirect(fv)
		switch {
		case f.Kind == model.KindText && fv.Kind() == reflect.String && texts[fv.String()]:
			hits = append(hits, templateHit{lineOf(path), path, fv.String()})
		case f.Kind == model.KindTexts:
			for i := range fv.Len() {
				if s := fv.Index(i).String(); texts[s] {
					at := fmt.Sprintf("%s[%d]", path, i)
					hits = append(hits, templateHit{lineOf(at), at, s})
				}
			}
		}
		return true
	})
	return hits
}

// warnTemplate warns once of the hits in file, at the first, naming the
// keys and lines of the others: such as
//
//	content/playbooks/x.md:4: summary, steps[0].title (line 15) and the body (lines 23 and 29) still hold text that "intkb new" wrote for you to replace, such as "One or two sentences for lists and search results.": write ...
func (b *build) warnTemplate(file string, hits []templateHit, fix string) {
	if len(hits) == 0 {
		return
	}
	slices.SortStableFunc(hits, func(x, y templateHit) int { return x.line - y.line })
	var places, bodyLines []string
	for i, h := range hits {
		switch {
		case h.key == "":
			bodyLines = append(bodyLines, strconv.Itoa(h.line))
		case i == 0:
			places = append(places, h.key)
		default:
			places = append(places, fmt.Sprintf("%s (line %d)", h.key, h.line))
		}
	}
	switch {
	case len(bodyLines) == 1 && len(places) == 0 && len(hits) == 1:
		places = append(places, "the body")
	case len(bodyLines) == 1:
		places = append(places, "the body (line "+bodyLines[0]+")")
	case len(bodyLines) > 1:
		places = append(places, "the body (lines "+andList(bodyLines)+")")
	}
	msg := andList(places) + " still holds text that \"intkb new\" wrote for you to replace, " + strconv.Quote(hits[0].text)
	if len(hits) > 1 {
		msg = andList(places) + " still hold text that \"intkb new\" wrote for you to replace, such as " + strconv.Quote(hits[0].text)
	}
	b.warn(&model.Error{File: file, Line: hits[0].line, Msg: msg + ": " + fix})
}

// andList joins items as "a", "a and b" or "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// draftFiles returns the files of the drafts a build left out, sorted.
func draftFiles(drafts map[string]*Page) []string {
	var files []string
	for _, p := range drafts {
		files = append(files, p.File)
	}
	slices.Sort(files)
	return files
}
