package builder

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"intkb/builder/model"
	"intkb/layouts"
)

// templates holds one parsed template set per layout name.
type templates struct {
	byName map[string]*template.Template
}

// layoutSource is where layout files come from: the site's own layouts/
// first, then the defaults.
type layoutSource struct {
	site     fs.FS // may be nil
	defaults fs.FS
	src      fs.FS // the site, to follow symbolic links in layouts/
}

func (s *snapshot) layoutSource() layoutSource {
	ls := layoutSource{defaults: s.layouts, src: s.src}
	if ls.defaults == nil {
		ls.defaults = layouts.FS
	}
	if info, err := fs.Stat(s.src, "layouts"); err == nil && info.IsDir() {
		ls.site, _ = fs.Sub(s.src, "layouts")
	}
	return ls
}

// read returns a layout file and the name to use for it in messages.
func (ls layoutSource) read(name string) ([]byte, string, error) {
	if ls.site != nil {
		if data, err := readRegular(ls.src, "layouts/"+name); err == nil {
			// A layout's text is published: it must not come from a
			// hidden file, as static files may not.
			if e := checkLink(ls.src, "layouts/"+name); e != nil {
				return nil, "layouts/" + name, e
			}
			return data, "layouts/" + name, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, "layouts/" + name, err
		}
	}
	data, err := fs.ReadFile(ls.defaults, name)
	return unindent(data), "built-in layout " + name, err
}

// unindent returns a built-in layout's text without the spaces and tabs
// that start its lines, but within <pre> and <textarea>, where a browser
// shows them. They indent the layout's source for its readers; left in,
// they were 5% of every page's bytes (9.7 MB of 196 MB of HTML on a
// generated site of 10,000 pages), and a browser shows the same: each
// line's newline stays, and outside those two elements a run of spaces
// and newlines is one space or none. Each line keeps its number, for the
// template's messages. A site's own layouts are published as written.
func unindent(src []byte) []byte {
	out := make([]byte, 0, len(src))
	lineStart := true
	for i := 0; i < len(src); i++ {
		c := src[i]
		if lineStart && (c == ' ' || c == '\t') {
			continue
		}
		lineStart = c == '\n'
		if c == '<' {
			if end := preformatted(src[i:]); end > 0 {
				out = append(out, src[i:i+end]...)
				i += end - 1
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// preformatted returns the length of the <pre> or <textarea> element
// that src starts with, up to the end of its closing tag or of src, or 0
// when src starts with neither.
func preformatted(src []byte) int {
	for _, name := range []string{"pre", "textarea"} {
		open := len(name) + 1
		if len(src) <= open || !strings.EqualFold(string(src[1:open]), name) || !strings.ContainsRune(" \t\n>", rune(src[open])) {
			continue
		}
		closing := "</" + name + ">"
		for end := open; end+len(closing) <= len(src); end++ {
			if strings.EqualFold(string(src[end:end+len(closing)]), closing) {
				return end + len(closing)
			}
		}
		return len(src)
	}
	return 0
}

// names lists the layout files matching pattern in either source.
func (ls layoutSource) names(pattern string) []string {
	set := map[string]bool{}
	for _, f := range []fs.FS{ls.site, ls.defaults} {
		if f == nil {
			continue
		}
		m, _ := fs.Glob(f, pattern)
		for _, n := range m {
			if !hidden(n) { // never read, as in content/ and static/
				set[n] = true
			}
		}
	}
	var out []string
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// loadTemplates parses baseof.html and the partials once, then each layout
// on a clone of them.
func (b *build) loadTemplates() (*templates, error) {
	ls := b.layoutSource()
	base := template.New("baseof.html").Funcs(b.settings().funcs())
	parse := func(t *template.Template, name string) error {
		data, where, err := ls.read(name)
		if e := (*model.Error)(nil); errors.As(err, &e) {
			return e
		} else if err != nil {
			return &model.Error{File: where, Msg: "cannot read: " + unwrapPathError(err)}
		}
		target := t
		if t.Name() != name {
			target = t.New(name)
		}
		if _, err := target.Parse(string(data)); err != nil {
			return &model.Error{File: where, Msg: strings.TrimPrefix(err.Error(), "template: ")}
		}
		return nil
	}
	var errs model.ErrorList
	addErr := func(err error) {
		var e *model.Error
		if errors.As(err, &e) {
			errs = append(errs, e)
		}
	}
	if err := parse(base, "baseof.html"); err != nil {
		return nil, err
	}
	for _, name := range ls.names("partials/*.html") {
		if err := parse(base, name); err != nil {
			addErr(err)
		}
	}
	t := &templates{byName: map[string]*template.Template{}}
	for _, name := range ls.names("*.html") {
		if name == "baseof.html" {
			continue
		}
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if err := parse(clone, name); err != nil {
			addErr(err)
			continue
		}
		t.byName[strings.TrimSuffix(name, ".html")] = clone
	}
	return t, errs.Err()
}

func (t *templates) has(name string) bool { return t.byName[name] != nil }

func (t *templates) names() []string {
	var out []string
	for n := range t.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// layoutOf returns the layout name for a content page.
func layoutOf(p *Page) string {
	if p.Meta.Layout != "" {
		return p.Meta.Layout
	}
	return p.Type
}

// settings is what the template functions know of a site: what stays
// the same until site.toml changes, which rebuilds the site whole. What
// depends on the pages, such as how many there are of a type, templates
// read from their view (see SiteView).
type settings struct {
	cfg      *model.Config
	vocabs   model.Vocabs
	basePath string
	now      time.Time // the day review dates are judged against
}

func (s *snapshot) settings() settings {
	return settings{cfg: s.cfg, vocabs: s.vocabs, basePath: s.basePath, now: s.now}
}

// funcs returns the functions templates can call.
func (s settings) funcs() template.FuncMap {
	return template.FuncMap{
		// url turns a URL relative to the site root into a link that
		// honours the base path; an absolute http or https URL, such as
		// a logo on another host, is returned as it is.
		"url": func(rel string) string {
			if model.IsAbsoluteHTTP(rel) {
				return rel
			}
			return s.basePath + strings.TrimPrefix(rel, "/")
		},
		// absURL turns a URL relative to the site root into an absolute URL.
		"absURL": s.absURL,
		// label returns the words for a controlled value.
		"label": s.vocabs.Label,
		// vocab returns a vocabulary's terms.
		"vocab": func(name string) []model.Term {
			if v := s.vocabs[name]; v != nil {
				return v.Terms
			}
			return nil
		},
		// termURL links to a taxonomy term page.
		"termURL": func(taxonomy, value string) (string, error) {
			d := taxonomyByKey(taxonomy)
			if d == nil {
				return "", fmt.Errorf("no taxonomy %q: %s", taxonomy, taxonomyHint(taxonomy))
			}
			return s.basePath + d.termURL(value), nil
		},
		"typeLabel":    TypeLabel,
		"sectionBlurb": sectionBlurb,
		"overdue":      func(p *Page) bool { return p.Overdue(s.now) },
		"number":       model.NumberText,
		"lower":        strings.ToLower,
		"directionMark": func(d string) string {
			switch d {
			case "improved":
				return "▲"
			case "worsened":
				return "▼"
			case "no_change":
				return "▶"
			}
			return "–"
		},
		"questionThemes": func(f *model.QuestionFramework) []ThemeQuestions { return questionThemes(s.vocabs, f) },
		"maturity":       model.MaturityScores,
		"templates":      func(p *Page) []LinkView { return p.templates },
		"schema":         func() []model.SchemaType { return s.vocabs.Schema(model.Schema()) },
		"maturityRadar":  blueprintRadar,
	}
}

// absURL returns the absolute URL of rel, as the settings' absURL does.
func (snap *snapshot) absURL(rel string) string { return snap.settings().absURL(rel) }

// absURL returns the absolute URL of rel, a path from the site root that
// may end in a ?query or #fragment; an absolute http or https URL is
// returned as it is. The path is percent-encoded: the sitemap, the feed,
// canonical links and open data carry the same plain ASCII URL for a page,
// as sitemaps.org requires, whatever its name.
func (s settings) absURL(rel string) string {
	if model.IsAbsoluteHTTP(rel) {
		return rel
	}
	origin := ""
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
		origin = (&url.URL{Scheme: u.Scheme, User: u.User, Host: u.Host}).String()
	}
	p, rest := rel, ""
	if i := strings.IndexAny(rel, "?#"); i >= 0 {
		p, rest = rel[:i], rel[i:]
	}
	return origin + escapePath(s.basePath+strings.TrimPrefix(p, "/")) + rest
}

// escapePath percent-encodes a URL path: every byte that may not stand in
// a path as it is, such as those of non-ASCII letters, "%" and spaces.
func escapePath(p string) string { return (&url.URL{Path: p}).EscapedPath() }

func sectionBlurb(typ string) string {
	switch typ {
	case model.TypePlaybook:
		return "How-to guides for each stage of building a neighbourhood team."
	case model.TypeCaseStudy:
		return "What areas did, what changed and how strong the evidence is."
	case model.TypeFramework:
		return "Questions to pick from for partnership meetings, printable as worksheets."
	case model.TypeBlueprint:
		return "Each area's model, set out field by field so areas can be compared."
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }

// ThemeQuestions is a framework's questions under one theme.
type ThemeQuestions struct {
	Theme     string
	Questions []model.Question
}

// questionThemes groups a framework's questions by theme, in the
// vocabulary's order.
func questionThemes(vs model.Vocabs, f *model.QuestionFramework) []ThemeQuestions {
	var out []ThemeQuestions
	for _, t := range vs["question_theme"].Terms {
		var qs []model.Question
		for _, q := range f.Questions {
			if q.Theme == t.Value {
				qs = append(qs, q)
			}
		}
		if len(qs) > 0 {
			out = append(out, ThemeQuestions{Theme: t.Value, Questions: qs})
		}
	}
	return out
}

// humanKey turns shared_purpose into "Shared purpose".
func humanKey(k string) string {
	s := strings.ReplaceAll(k, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// joinWords joins items as "a, b or c".
func joinWords(items []string, and string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + and + " " + items[len(items)-1]
}

// LinkView is a resolved link for a template.
type LinkView struct{ Title, URL string }
