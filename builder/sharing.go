package builder

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	_ "image/jpeg" // a share image may be a JPEG
	"io/fs"
	"net/url"
	"slices"
	"strings"

	"intkb/builder/brand"
	"intkb/builder/model"
	"intkb/builder/publish"
)

// This file gives a site what a shared link and a browser tab show: the
// favicons, and the share image that link previews (Open Graph) show
// beside a page's title and summary. Each picture a site does not bring
// in static/ (or beside its pages) is drawn at build time by package
// brand, from the site's name and the header colour of its stylesheet.
// Like the built-in static files, any of them is replaced by a site's own
// file of the same name.

// ShareCardFile is where the drawn share image is published, when
// site.toml names none.
const ShareCardFile = "share-card.png"

// An IconLink is a favicon as a page links it, in <head>.
type IconLink struct {
	Rel   string // icon or apple-touch-icon
	Href  string // from the site's top, for the url function
	Type  string // its media type, when browsers need it to choose
	Sizes string // such as 32x32, when known
}

// A picture is a file the build draws when the site brings none.
type picture struct {
	rel  string
	link IconLink // how every page links it; Rel is "" for none
	draw func(a *artist) ([]byte, error)
}

// pictures are the favicons and the share card, in the order pages link
// them: favicon.ico for browsers that take nothing else, favicon.svg
// for those that prefer it, and the phone's home-screen icon.
var pictures = []picture{
	{rel: "favicon.ico", link: IconLink{Rel: "icon", Href: "favicon.ico", Sizes: "32x32"}, draw: func(a *artist) ([]byte, error) {
		small, err := brand.IconPNG(a.initials, 32, a.palette, true)
		if err != nil {
			return nil, err
		}
		return brand.ICO(small)
	}},
	{rel: "favicon.svg", link: IconLink{Rel: "icon", Href: "favicon.svg", Type: "image/svg+xml"}, draw: func(a *artist) ([]byte, error) {
		return brand.IconSVG(a.initials, a.palette), nil
	}},
	{rel: "apple-touch-icon.png", link: IconLink{Rel: "apple-touch-icon", Href: "apple-touch-icon.png"}, draw: func(a *artist) ([]byte, error) {
		return brand.IconPNG(a.initials, 180, a.palette, false)
	}},
	{rel: ShareCardFile, draw: func(a *artist) ([]byte, error) { return brand.ShareCard(a.card, a.palette) }},
}

// iconLinks are the favicons every page links, from pictures.
var iconLinks = func() []IconLink {
	var out []IconLink
	for _, p := range pictures {
		if p.link.Rel != "" {
			out = append(out, p.link)
		}
	}
	return out
}()

// artist is what the pictures are drawn from.
type artist struct {
	initials string
	palette  brand.Palette
	card     brand.Card
}

// source returns the digest of everything a's pictures are drawn from,
// for publish.Output.WriteFrom.
func (a *artist) source() [sha256.Size]byte {
	return sha256.Sum256(fmt.Appendf(nil, "%q %v %#v", a.initials, a.palette, a.card))
}

// ShareImage is the picture that link previews show for every page, as
// og:image gives it.
type ShareImage struct {
	URL           string // absolute: consumers fetch it from elsewhere
	Width, Height int
	Alt           string
}

// shareImageRel returns where the site's share image is published: the
// file site.toml names, or the drawn card.
func (s *snapshot) shareImageRel() string {
	if s.cfg.ShareImage != "" {
		return strings.TrimPrefix(s.cfg.ShareImage, "/")
	}
	return ShareCardFile
}

// provided reports whether the site publishes its own file at rel, from
// static/ or beside its pages, which a drawn picture must not replace.
func (s *snapshot) provided(rel string) bool {
	_, found := slices.BinarySearch(s.static, rel)
	return found || s.fileSet[rel]
}

// loadShareImage finds the share image: the file site.toml names, which
// must be a PNG or JPEG in static/, or the card the build draws, unless
// static/ holds its own share-card.png; a file beside a page at that path
// is not looked at, as it is not what site.toml means. Pages name it only when baseURL
// is a public address (see model.PublicBaseURL), as og:image must be an
// absolute URL that consumers elsewhere can fetch.
func (b *build) loadShareImage() *ShareImage {
	rel := b.shareImageRel()
	img := &ShareImage{URL: b.absURL(rel), Width: brand.ShareWidth, Height: brand.ShareHeight, Alt: b.cfg.ShareAlt}
	if img.Alt == "" {
		img.Alt = b.cfg.Title
	}
	_, inStatic := slices.BinarySearch(b.static, rel)
	if b.cfg.ShareImage != "" && !inStatic {
		b.fail(&model.Error{File: "site.toml", Line: b.cfg.LineOf("shareImage"), Field: "shareImage",
			Msg: fmt.Sprintf("%q is not a file in static/: put the picture at %s/%s", b.cfg.ShareImage, staticDir, rel)})
		return nil
	}
	if inStatic {
		data, err := readRegular(b.src, staticDir+"/"+rel)
		cfg, format, derr := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || derr != nil || !slices.Contains([]string{"png", "jpeg"}, format) {
			b.fail(&model.Error{File: staticDir + "/" + rel, Msg: "the share image is not a PNG or JPEG picture that can be read: link previews show only those"})
			return nil
		}
		img.Width, img.Height = cfg.Width, cfg.Height
	}
	if !b.public {
		return nil
	}
	return img
}

// newArtist gathers what the pictures are drawn from: the initials of
// the header's name (or the title), the stylesheet's colours, and the
// card's words.
func (s *snapshot) newArtist() (*artist, error) {
	name := s.cfg.Header.Name
	if name == "" {
		name = s.cfg.Title
	}
	palette, err := s.palette()
	if err != nil {
		return nil, err
	}
	card := brand.Card{Title: s.cfg.Title, Description: s.cfg.Description, Initials: brand.Initials(name)}
	if line := strings.Join(nonEmpty(s.cfg.Header.Name, s.cfg.Header.ServiceName), " · "); line != s.cfg.Title {
		card.Name = line
	}
	if s.public {
		if u, err := url.Parse(s.cfg.BaseURL); err == nil {
			card.Address = strings.TrimSuffix(u.Host+u.Path, "/")
		}
	}
	return &artist{initials: card.Initials, palette: palette, card: card}, nil
}

// palette returns the header's colours, as the stylesheet gives them:
// the built-in css/intkb.css's, with those of the site's own
// static/css/intkb.css over them.
func (s *snapshot) palette() (brand.Palette, error) {
	const css = "css/intkb.css"
	builtin, err := fs.ReadFile(s.layoutSource().defaults, staticDir+"/"+css)
	if err != nil {
		return brand.Palette{}, err
	}
	p, found := brand.PaletteFromCSS(builtin, brand.Palette{})
	if found != 3 {
		return p, fmt.Errorf("the built-in %s sets %d of the header's 3 colours", css, found)
	}
	if s.provided(css) {
		if own, err := readRegular(s.src, staticDir+"/"+css); err == nil {
			p, _ = brand.PaletteFromCSS(own, p)
		}
	}
	return p, nil
}

// writePictures draws and writes each of pictures that the site does not
// publish itself.
func (s *snapshot) writePictures(out *publish.Output) error {
	var todo []picture
	for _, p := range pictures {
		if !s.provided(p.rel) && (p.rel != ShareCardFile || s.cfg.ShareImage == "") {
			todo = append(todo, p)
		}
	}
	if out.Record != nil {
		for _, p := range todo {
			out.Record(p.rel)
		}
		return nil
	}
	a, err := s.newArtist()
	if err != nil {
		return &model.Error{File: "built-in " + staticDir, Msg: "drawing the icons: " + err.Error()}
	}
	errs := make(model.ErrorList, len(todo))
	source := a.source()
	parallel(len(todo), func(i int) {
		// Drawn only when the destination's picture was drawn from
		// another artist: drawing them took 0.03 to 0.05 s of every
		// build at the end, when little else is left to do.
		err := out.WriteFrom(todo[i].rel, source, func(use func([]byte) error) error {
			data, err := todo[i].draw(a)
			if err != nil {
				return err
			}
			if s.keys != nil {
				s.keys.pictures.Add(1)
			}
			return use(data)
		})
		if err != nil {
			errs[i] = &model.Error{File: todo[i].rel, Msg: "drawing: " + err.Error()}
		}
	})
	return slices.DeleteFunc(errs, func(e *model.Error) bool { return e == nil }).Err()
}

// redrawsPictures reports whether a change to the static file rel
// changes what writePictures writes: one of pictures, which the site may
// have brought or taken away, or the stylesheet, whose colours they use.
func redrawsPictures(rel string) bool {
	return rel == "css/intkb.css" || slices.ContainsFunc(pictures, func(p picture) bool { return p.rel == rel })
}

// nonEmpty returns the strings that are not empty.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
