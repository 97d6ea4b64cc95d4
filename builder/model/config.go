package model

import (
	"bytes"
	"fmt"
	"maps"
	"net/url"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// Config is the site's settings, read from site.toml.
type Config struct {
	Title       string            `toml:"title" req:"true" doc:"The site's name, shown in the title bar and feeds."`
	Description string            `toml:"description" doc:"One sentence about the site, for search engines and feeds."`
	BaseURL     string            `toml:"baseURL" req:"true" doc:"Where the site is published, such as https://example.org/icb/north/. Every link honours its path. intkb build warns until it is the address readers use: not this computer's, a path alone or an example address."`
	PublishDir  string            `toml:"publishDir" doc:"The folder intkb build writes to. Default public."`
	Language    string            `toml:"language" doc:"The language of the content. Default en-GB."`
	Paginate    int               `toml:"paginate" doc:"How many pages a section list shows at a time. Default 10."`
	Licence     string            `toml:"licence" doc:"The content's licence, shown in the footer and the open data."`
	LicenceURL  string            `toml:"licenceURL" url:"true" doc:"A link to the licence text: an http or https URL, or a path inside the site."`
	Attribution string            `toml:"attribution" doc:"How reusers should credit the content."`
	ShareImage  string            `toml:"shareImage" doc:"The picture shown beside a link to the site shared in a chat app or on a social site (Open Graph's og:image): a PNG or JPEG file under static/, such as /images/share.png, best at 1200 × 630 pixels. Shown only when baseURL is a public address. Empty: the build draws share-card.png from the site's name, description and header colour."`
	ShareAlt    string            `toml:"shareImageAlt" doc:"What shareImage shows, in words, for people who cannot see it; required with shareImage."`
	GitHistory  *bool             `toml:"gitHistory" doc:"Set to false to leave the site's git history out of the blueprints' histories, as when the repository's early commits are not the areas' own changes. Default true."`
	Header      HeaderConfig      `toml:"header" doc:"The [header] table: the name and logo at the top of every page."`
	Markdown    MarkdownConfig    `toml:"markdown" doc:"The [markdown] table."`
	Areas       []Area            `toml:"areas" doc:"The areas pages can be about, as [[areas]] tables."`
	Imports     []Import          `toml:"import" doc:"Other sites' blueprints to compare with this site's, as [[import]] tables. They join the comparison, marked as from elsewhere, but get no pages here."`
	ImportLimit ImportLimit       `toml:"imports" doc:"The [imports] table: what the [[import]] tables may add together."`
	Compare     CompareConfig     `toml:"compare" doc:"The [compare] table: how /compare/ sets areas side by side."`
	Vocabulary  map[string][]Term `toml:"vocabulary" doc:"Values this site adds to a controlled list, as [[vocabulary.NAME]] tables of value, label and description, such as [[vocabulary.cohort]]. Its pages may then use them; they join the list after its own values, everywhere the list is shown. A site may add to case_finding, cohort, decision_sharing, evidence_type, organisation, question_theme, role_boundary, session_format, specialist_support, team_link."`

	src *Source // site.toml as ParseConfig read it, for LineOf; nil for settings made in code
}

// ReadsGitHistory reports whether the blueprints' history comes from the
// site's git history too: unless gitHistory = false.
func (c *Config) ReadsGitHistory() bool { return c.GitHistory == nil || *c.GitHistory }

// LineOf returns the line of site.toml that holds the key path, such as
// baseURL or areas[1].setting, for a warning to point at; 0 when the
// key is not written there or the settings were not read from a file.
func (c *Config) LineOf(path string) int {
	if c.src == nil {
		return 0
	}
	return c.src.LineOf(path)
}

// HeaderConfig is the site header. The NHS logo is a trade mark, so the
// logo is never built in: a site names its own.
type HeaderConfig struct {
	Name        string `toml:"name" doc:"The organisation name beside the logo."`
	ServiceName string `toml:"serviceName" doc:"The service name after it."`
	Logo        string `toml:"logo" url:"true" doc:"The logo image: a path to a file under static/, such as /images/logo.svg, or an http or https URL. Empty for none."`
	LogoAlt     string `toml:"logoAlt" doc:"The logo's text alternative; required with logo."`
}

// MarkdownConfig controls Markdown rendering.
type MarkdownConfig struct {
	Unsafe         bool `toml:"unsafe" doc:"When true, raw HTML in Markdown is passed through. Default false: it is escaped."`
	TOCMinHeadings int  `toml:"tocMinHeadings" doc:"Pages with at least this many h2 and h3 headings get a table of contents. Default 4."`
}

// Area is a place whose pages the site holds. Pages name it by Slug.
type Area struct {
	Slug        string `toml:"slug" req:"true" doc:"The area's identifier, in lower case with hyphens."`
	Name        string `toml:"name" req:"true" doc:"The area's name."`
	Setting     string `toml:"setting" doc:"The kind of place, such as \"Coastal, older population\"."`
	Description string `toml:"description" doc:"A sentence about the area."`
	Grouping
}

// Grouping places an area among others, so that a portal of many sites
// can group and filter them: by NHS region, integrated care board and
// place. Each is free text, such as "North East and Yorkshire"; empty when
// not known.
type Grouping struct {
	Region string `toml:"region" doc:"The NHS region, such as \"North West\". Optional; used by portals to group areas."`
	ICB    string `toml:"icb" doc:"The integrated care board, such as \"Northshire ICB\". Optional; used by portals to group areas."`
	Place  string `toml:"place" doc:"The place within the ICB, such as a borough or district. Optional; used by portals to group areas."`
}

// Import names another site's open blueprint data, as written to its
// /data/blueprints.json. A problem reading it is a warning, not an error.
type Import struct {
	Name   string `toml:"name" req:"true" doc:"A short name for the other site, in lower case with hyphens, shown beside its areas."`
	Source string `toml:"source" req:"true" doc:"Its blueprints.json: a path inside this site's folder, such as data/northshire.json, or an http or https URL. A URL is fetched at each build, waiting at most 10 seconds."`
	// MaxAreas is nil when site.toml leaves it out; see maxAreas.
	MaxAreas *int   `toml:"maxAreas" doc:"The most areas to take from it, the first in its file's order; the rest are left out with a warning. Default 200."`
	MaxAge   string `toml:"maxAge" doc:"How old the last good copy of a URL may be, such as 3d (days) or 12h (hours), before --strict fails when the source cannot be fetched. Default: [imports] maxAge."`
	// Grouping labels every area the import brings; where a label is
	// empty, the other site's own [[areas]] label is used.
	Grouping

	Line int    `toml:"-"` // of its [[import]] in site.toml, or its row in File, for warnings
	File string `toml:"-"` // the list file the import is a row of; "" for an [[import]] of site.toml
}

// ImportLimit bounds what the imports cost together: each imported area
// is a column of /compare/.
type ImportLimit struct {
	// MaxAreas is nil when site.toml leaves it out; see maxAreas.
	MaxAreas *int   `toml:"maxAreas" doc:"The most imported areas in all, taken import by import in site.toml's order; the rest are left out with a warning. Default 300."`
	List     string `toml:"list" doc:"A CSV file in this site's folder, such as data/sources.csv, listing more sources, one a row, under the header name,source,region,icb,place,maxAreas,maxAge (only name and source are needed). Each row is read as an [[import]] after those of site.toml."`
	// Concurrency is nil when site.toml leaves it out; see ConcurrencyOrDefault.
	Concurrency *int   `toml:"concurrency" doc:"How many sources are fetched at once. Default 8."`
	MaxAge      string `toml:"maxAge" doc:"How old the last good copy of a URL may be, such as 7d (days) or 36h (hours): a source that cannot be fetched is compared from its last good copy with a warning, and --strict fails only when there is no copy or it is older than this. Default 7d."`
}

// CompareConfig is how /compare/ sets areas side by side.
type CompareConfig struct {
	// MaxColumns is nil when site.toml leaves it out; see
	// MaxColumnsOrDefault.
	MaxColumns *int `toml:"maxColumns" doc:"The most areas /compare/ sets side by side, 2 to 20; with more areas than this, it shows a filter first. Default 12."`
}

// DefaultCompareColumns is how many areas /compare/ sets side by side
// when [compare] maxColumns does not say; MaxCompareColumns is the most
// it may say, the most areas one comparison request names.
const (
	DefaultCompareColumns = 12
	MaxCompareColumns     = 20
)

// MaxColumnsOrDefault returns the most areas /compare/ sets side by side.
func (c CompareConfig) MaxColumnsOrDefault() int {
	if c.MaxColumns == nil {
		return DefaultCompareColumns
	}
	return *c.MaxColumns
}

// DefaultConfig returns the settings used for keys site.toml leaves out.
func DefaultConfig() *Config {
	return &Config{
		Title:      "INT knowledge base",
		BaseURL:    "/",
		PublishDir: "public",
		Language:   "en-GB",
		Paginate:   10,
		Markdown:   MarkdownConfig{TOCMinHeadings: 4},
	}
}

var SlugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// ParseConfig reads site.toml over the defaults and validates it. file names
// the source in errors.
func ParseConfig(file string, data []byte) (*Config, error) {
	c := DefaultConfig()
	s := &Source{File: file, Front: bytes.ReplaceAll(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), []byte("\r\n"), []byte("\n")), FrontLine: 1, settings: true}
	c.src = s
	if errs, _ := DecodeFront(s, c); len(errs) > 0 {
		return nil, errs.Err()
	}
	for i := range c.Imports {
		c.Imports[i].Line = s.LineOf(fmt.Sprintf("import[%d]", i))
	}
	return c, c.validate(s).Err()
}

// AreaVocab returns the configured areas as the "area" vocabulary.
func (c *Config) AreaVocab() *Vocab {
	v := &Vocab{Name: "area"}
	for _, a := range c.Areas {
		v.Terms = append(v.Terms, Term{Value: a.Slug, Label: a.Name, Desc: a.Setting})
	}
	return v
}

// Area returns the area with the given slug, or nil.
func (c *Config) Area(slug string) *Area {
	for i := range c.Areas {
		if c.Areas[i].Slug == slug {
			return &c.Areas[i]
		}
	}
	return nil
}

// BasePath returns the path part of BaseURL, always ending in a slash, such
// as /icb/north/.
func (c *Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return "/"
	}
	return basePathOf(u)
}

func (c *Config) validate(s *Source) ErrorList {
	v := &Validator{Src: s, Areas: &Vocab{}}
	v.Walk(ReflectValue(c), "")
	if err := BaseURLProblem(c.BaseURL); err != nil {
		v.Fail("baseURL", "%q %v", c.BaseURL, err)
	}
	if c.Paginate < 1 {
		v.Fail("paginate", "must be at least 1")
	}
	if msg := DestProblem(c.PublishDir); msg != "" && !filepath.IsAbs(c.PublishDir) {
		v.Fail("publishDir", "%q %s", c.PublishDir, msg)
	}
	if c.Header.Logo != "" && c.Header.LogoAlt == "" {
		v.Fail("header.logoAlt", "a logo needs a text alternative: add logoAlt = \"...\"")
	}
	if msg := shareImageProblem(c.ShareImage); msg != "" {
		v.Fail("shareImage", "%q %s", c.ShareImage, msg)
	} else if c.ShareImage != "" && c.ShareAlt == "" {
		v.Fail("shareImage", "a share image needs a text alternative: add shareImageAlt = \"...\", saying what it shows")
	}
	seen := map[string]bool{}
	for i, a := range c.Areas {
		at := fmt.Sprintf("areas[%d].slug", i)
		if a.Slug != "" && !SlugRE.MatchString(a.Slug) {
			v.Fail(at, "%q is not a slug: use lower-case letters, digits and hyphens, such as \"north-coast\"", a.Slug)
		}
		if seen[a.Slug] {
			v.Fail(at, "area %q is listed twice", a.Slug)
		}
		seen[a.Slug] = true
	}
	validateImports(v, c.Imports, c.ImportLimit)
	if m := c.Compare.MaxColumns; m != nil && (*m < 2 || *m > MaxCompareColumns) {
		v.Fail("compare.maxColumns", "is %d: it must be 2 to %d", *m, MaxCompareColumns)
	}
	validateVocabulary(v, c.Vocabulary)
	return v.Errs
}

// Vocabs returns the site's vocabularies: the built-in ones with the
// terms of its [[vocabulary.NAME]] tables, and its areas.
func (c *Config) Vocabs() Vocabs {
	vs := Vocabs{}
	for name, v := range Vocabularies {
		vs[name] = v
	}
	vs = vs.With(c.Vocabulary)
	vs["area"] = c.AreaVocab()
	return vs
}

var termValueRE = regexp.MustCompile(`^[a-z0-9]+(?:_[a-z0-9]+)*$`)

// validateVocabulary checks the terms site.toml adds to the controlled
// lists: only to an open list, each new, with a value in the lists' own
// form and a label.
func validateVocabulary(v *Validator, add map[string][]Term) {
	open := OpenVocabularies()
	for _, name := range slices.Sorted(maps.Keys(add)) {
		at := "vocabulary." + name
		first := at + "[0]" // its first table, where the error points
		base := Vocabularies[name]
		switch {
		case base == nil:
			msg := fmt.Sprintf("there is no controlled list %q", name)
			if near := Suggest(name, open); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			v.Fail(first, "%s: a site may add to %s", msg, strings.Join(open, ", "))
			continue
		case !base.Open:
			v.Fail(first, "values cannot be added to %q: the build gives each of its values a meaning; a site may add to %s", name, strings.Join(open, ", "))
			continue
		}
		seen := map[string]bool{}
		for _, t := range base.Terms {
			seen[t.Value] = true
		}
		for i, t := range add[name] {
			f := fmt.Sprintf("%s[%d]", at, i)
			switch {
			case t.Value == "":
				v.Fail(f+".value", "is missing: the value authors write, such as \"children_and_families\"")
			case !termValueRE.MatchString(t.Value):
				v.Fail(f+".value", "%q is not a value: use lower-case letters, digits and underscores, such as \"children_and_families\"", t.Value)
			case seen[t.Value]:
				v.Fail(f+".value", "%q is already in the %s list: choose another value, or remove this one", t.Value, name)
			}
			seen[t.Value] = true
			if strings.TrimSpace(t.Label) == "" {
				v.Fail(f+".label", "is missing: the words readers see, such as \"Children and families\"")
			}
			v.checkText(reflect.ValueOf(t.Label), f+".label")
			v.checkText(reflect.ValueOf(t.Desc), f+".description")
		}
	}
}

// ShareImageFormats are the picture formats a share image may have, by
// extension: those that every link preview shows (many show no SVG).
var ShareImageFormats = map[string]string{".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg"}

// shareImageProblem returns what is wrong with shareImage, or "": it
// must be a path from the site's top to a PNG or JPEG file, as the
// builder then finds it under static/.
func shareImageProblem(p string) string {
	if p == "" {
		return ""
	}
	if err := siteLinkProblem(p); err != nil {
		return err.Error()
	}
	if u, _ := url.Parse(p); u.Scheme != "" || !strings.HasPrefix(p, "/") || u.RawQuery != "" || u.Fragment != "" {
		return "is not a path to a file under static/: write it from the site's top, such as /images/share.png for static/images/share.png"
	}
	if ShareImageFormats[strings.ToLower(path.Ext(p))] == "" {
		return "is not a PNG or JPEG file: link previews show only those; use a .png, .jpg or .jpeg file"
	}
	return ""
}
