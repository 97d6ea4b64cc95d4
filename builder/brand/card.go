package brand

import (
	"image"
	"image/draw"

	"golang.org/x/image/font"
)

// Card is what the share card says.
type Card struct {
	Name        string // the organisation and service, beside the initials, such as "Neighbourhood Teams · Knowledge Base"
	Title       string // the site's title, large
	Description string // a sentence about the site, below it
	Address     string // where the site is published, such as kb.northshire.nhs.uk, in the band at the foot; may be empty
	Initials    string // in the badge at the top; see Initials
}

// The share card's layout, in pixels.
const (
	cardMargin   = 80
	cardBadge    = 88 // the initials' square
	cardBand     = 96 // the band at the foot
	titleMaxSize = 76
	titleMinSize = 56
	titleLines   = 3
	descSize     = 32
	descLines    = 2
)

// ShareCard draws the share card of c in p's colours, as a PNG of
// ShareWidth × ShareHeight pixels: the initials in a badge with the name
// beside them, the title in large bold type (as large as lets it fit in
// three lines), the description below in two lines at most, and the
// address in a darker band at the foot. Text too long is cut with an
// ellipsis.
func ShareCard(c Card, p Palette) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, ShareWidth, ShareHeight))
	draw.Draw(img, img.Bounds(), image.NewUniform(p.Background), image.Point{}, draw.Src)
	band := image.Rect(0, ShareHeight-cardBand, ShareWidth, ShareHeight)
	draw.Draw(img, band, image.NewUniform(p.Band), image.Point{}, draw.Src)
	width := ShareWidth - 2*cardMargin

	if err := drawBadge(img, c.Initials, image.Rect(cardMargin, 64, cardMargin+cardBadge, 64+cardBadge), p, true); err != nil {
		return nil, err
	}
	name, err := face(true, 34)
	if err != nil {
		return nil, err
	}
	if lines := wrap(name, c.Name, width-cardBadge-28, 1); len(lines) > 0 {
		drawText(img, name, p.Text, cardMargin+cardBadge+28, 64+cardBadge/2+12, lines[0])
	}

	title, lines, err := fitTitle(c.Title, width)
	if err != nil {
		return nil, err
	}
	size := title.Metrics().Height.Ceil()
	y := 64 + cardBadge + 40 + title.Metrics().Ascent.Ceil()
	for _, l := range lines {
		drawText(img, title, p.Text, cardMargin, y, l)
		y += size
	}

	desc, err := face(false, descSize)
	if err != nil {
		return nil, err
	}
	y += 12
	for _, l := range wrap(desc, c.Description, width, descLines) {
		if y > ShareHeight-cardBand-24 {
			break
		}
		drawText(img, desc, p.Text, cardMargin, y, l)
		y += desc.Metrics().Height.Ceil() + 4
	}

	if c.Address != "" {
		addr, err := face(true, 30)
		if err != nil {
			return nil, err
		}
		if lines := wrap(addr, c.Address, width, 1); len(lines) > 0 {
			drawText(img, addr, p.Text, cardMargin, ShareHeight-cardBand/2+11, lines[0])
		}
	}
	return encodePNG(img)
}

// fitTitle returns the largest bold face, from titleMaxSize down to
// titleMinSize, in which title takes at most titleLines lines of width,
// and the lines: at the smallest size, those that fit, the last with an
// ellipsis.
func fitTitle(title string, width int) (font.Face, []string, error) {
	for size := titleMaxSize; ; size -= 4 {
		f, err := face(true, float64(size))
		if err != nil {
			return nil, nil, err
		}
		lines := wrap(f, title, width, titleLines+1)
		if len(lines) <= titleLines || size-4 < titleMinSize {
			return f, wrap(f, title, width, titleLines), nil
		}
	}
}
