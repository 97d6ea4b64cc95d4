// Package brand draws a site's default pictures from its name and
// colours, for sites that bring none of their own:
//
//   - the share card (ShareCard), the picture a chat app or social site
//     shows beside a shared link (Open Graph's og:image): ShareWidth ×
//     ShareHeight pixels, PNG, as those services ask, with the site's
//     initials, name, title and description, and where it is published;
//   - the favicons (IconPNG, IconSVG, ICO): the site's initials in its
//     header colour, as an SVG for browsers that take one, a PNG of any
//     size (32 pixels for favicon.ico, 180 for apple-touch-icon.png) and
//     the ICO that holds the PNGs.
//
// The colours are the stylesheet's (PaletteFromCSS), so a site that
// changes its header colour in its own css/intkb.css gets pictures that
// match. Text is set in the Go fonts (golang.org/x/image/font/gofont),
// compiled in, so every build draws the same pictures on every computer.
package brand

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strings"
	"unicode"
)

// The share card's size: what Open Graph consumers (Facebook, LinkedIn,
// Teams, WhatsApp, X) crop least, at a 1.91:1 ratio.
const (
	ShareWidth  = 1200
	ShareHeight = 630
)

// Palette is the colours of a site's pictures.
type Palette struct {
	Background color.RGBA // the header's colour, behind everything
	Band       color.RGBA // the darker band along the share card's foot
	Text       color.RGBA // on both
}

// cssColour matches a custom property set to a hex colour in a
// stylesheet, such as "--blue: #005eb8;".
var cssColour = regexp.MustCompile(`(--[a-z-]+)\s*:\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\s*[;}]`)

// paletteVars are the stylesheet's custom properties each colour of a
// Palette is read from: those of the site's header (see
// layouts/static/css/intkb.css).
var paletteVars = map[string]func(*Palette) *color.RGBA{
	"--blue":      func(p *Palette) *color.RGBA { return &p.Background },
	"--dark-blue": func(p *Palette) *color.RGBA { return &p.Band },
	"--white":     func(p *Palette) *color.RGBA { return &p.Text },
}

// PaletteFromCSS returns base with each colour the stylesheet css sets
// replaced: Background from --blue, Band from --dark-blue, Text from
// --white, each the first hex value it gives. It also returns how many
// it found.
func PaletteFromCSS(css []byte, base Palette) (Palette, int) {
	found := map[string]bool{}
	for _, m := range cssColour.FindAllSubmatch(css, -1) {
		name := string(m[1])
		field := paletteVars[name]
		if field == nil || found[name] {
			continue
		}
		found[name] = true
		*field(&base) = hexColour(string(m[2]))
	}
	return base, len(found)
}

// hexColour reads a colour of 3 or 6 hex digits, which cssColour checked.
func hexColour(h string) color.RGBA {
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	var c [3]uint8
	fmt.Sscanf(h, "%02x%02x%02x", &c[0], &c[1], &c[2])
	return color.RGBA{c[0], c[1], c[2], 0xff}
}

// Hex returns c as CSS and SVG write it: #005eb8.
func Hex(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// minorWords are left out of initials: "Friends of the Valley" is FV.
var minorWords = map[string]bool{"a": true, "an": true, "and": true, "at": true, "for": true, "in": true, "of": true, "on": true, "the": true, "to": true}

// Initials returns up to two letters for name, upper case: the first
// letters of its first two words that are not minor ones (of, the, and
// ...), such as NT for "Neighbourhood Teams", or the first letter of a
// name of one word. A name without letters or digits gives "".
func Initials(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' })
	var out []rune
	for _, w := range words {
		if minorWords[strings.ToLower(w)] && len(words) > 1 {
			continue
		}
		for _, r := range w {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				out = append(out, unicode.ToUpper(r))
				break
			}
		}
		if len(out) == 2 {
			break
		}
	}
	return string(out)
}

// encodePNG encodes img as a PNG. The encoder's best compression makes the
// share card 10% smaller at four times the time (100 ms, a third of the
// demo's build): its default is kept.
func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("brand: %w", err)
	}
	return buf.Bytes(), nil
}
