package brand

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"html"
	"image"
	"image/png"
)

// drawBadge draws initials, centred, in a square r of p's Background, or
// of its Text colour with the initials in Background when inverse is
// set. The square's corners are rounded by a sixth of its side.
func drawBadge(img *image.RGBA, initials string, r image.Rectangle, p Palette, inverse bool) error {
	fill, ink := p.Background, p.Text
	if inverse {
		fill, ink = p.Text, p.Background
	}
	side := r.Dx()
	roundRect(img, r, float64(side)/6, fill)
	if initials == "" {
		return nil
	}
	// Two letters fill about three fifths of the width; one is as tall.
	f, err := face(true, float64(side)*0.5)
	if err != nil {
		return err
	}
	if w := textWidth(f, initials); w > side*3/4 {
		if f, err = face(true, float64(side)*0.5*float64(side*3/4)/float64(w)); err != nil {
			return err
		}
	}
	m := f.Metrics()
	x := r.Min.X + (side-textWidth(f, initials))/2
	// The capitals' height is about 0.72 of the ascent in the Go fonts.
	capHeight := m.Ascent.Ceil() * 72 / 100
	y := r.Min.Y + (side+capHeight)/2
	drawText(img, f, ink, x, y, initials)
	return nil
}

// IconPNG draws the site's initials in a square of p's Background of
// size pixels, as a PNG. Rounded, its corners are transparent, as a
// favicon's may be; square, it fills the picture, as an
// apple-touch-icon.png must, which the phone rounds itself.
func IconPNG(initials string, size int, p Palette, rounded bool) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	r := img.Bounds()
	if !rounded {
		for i := range img.Pix {
			img.Pix[i] = []uint8{p.Background.R, p.Background.G, p.Background.B, 0xff}[i%4]
		}
		// The badge with no corners to round: the same square, inset, so
		// the letters sit where a phone's rounding leaves room.
		r = r.Inset(size / 8)
	}
	if err := drawBadge(img, initials, r, p, false); err != nil {
		return nil, err
	}
	return encodePNG(img)
}

// IconSVG returns the site's initials in a rounded square of p's
// Background, as SVG, for browsers that take favicon.svg. The letters are
// set in the reader's sans-serif font.
func IconSVG(initials string, p Palette) []byte {
	size := 0.5 * 32
	if len([]rune(initials)) > 1 {
		size = 0.44 * 32
	}
	return fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">`+
		`<rect width="32" height="32" rx="5.3" fill="%s"/>`+
		`<text x="16" y="16" dy="0.35em" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-weight="700" font-size="%g" fill="%s">%s</text>`+
		"</svg>\n", Hex(p.Background), size, Hex(p.Text), html.EscapeString(initials))
}

// ICO returns a Windows icon file holding the PNGs, each a square of at
// most 256 pixels, as browsers read favicon.ico and Windows has since
// Vista: the ICONDIR header, one ICONDIRENTRY for each picture, then the
// PNGs as they are.
func ICO(pngs ...[]byte) ([]byte, error) {
	var buf bytes.Buffer
	le := binary.LittleEndian
	buf.Write(le.AppendUint16(le.AppendUint16(le.AppendUint16(nil, 0), 1), uint16(len(pngs))))
	offset := 6 + 16*len(pngs)
	for _, data := range pngs {
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("brand: icon: %w", err)
		}
		if cfg.Width != cfg.Height || cfg.Width > 256 || cfg.Width < 1 {
			return nil, errors.New("brand: icon: each picture must be a square of 1 to 256 pixels")
		}
		side := uint8(cfg.Width) // 256 is written as 0
		e := []byte{side, side, 0, 0}
		e = le.AppendUint16(e, 1)  // colour planes
		e = le.AppendUint16(e, 32) // bits per pixel
		e = le.AppendUint32(e, uint32(len(data)))
		e = le.AppendUint32(e, uint32(offset))
		buf.Write(e)
		offset += len(data)
	}
	for _, data := range pngs {
		buf.Write(data)
	}
	return buf.Bytes(), nil
}
