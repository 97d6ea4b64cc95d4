package brand

import (
	"image"
	"image/color"
	"image/draw"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// fonts are the Go fonts, parsed once.
var fonts = sync.OnceValues(func() ([2]*opentype.Font, error) {
	var out [2]*opentype.Font
	for i, ttf := range [][]byte{goregular.TTF, gobold.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return out, err
		}
		out[i] = f
	}
	return out, nil
})

// face returns the Go font, bold or not, at size pixels.
func face(bold bool, size float64) (font.Face, error) {
	fs, err := fonts()
	if err != nil {
		return nil, err
	}
	f := fs[0]
	if bold {
		f = fs[1]
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

// wrap breaks text into lines no wider than width in f, at spaces, at
// most max of them; text left over ends the last line with an ellipsis.
// A word wider than width on its own is cut.
func wrap(f font.Face, text string, width, max int) []string {
	limit := fixed.I(width)
	fits := func(s string) bool { return font.MeasureString(f, s) <= limit }
	var lines []string
	line := ""
	words := strings.Fields(text)
	for i, w := range words {
		next := w
		if line != "" {
			next = line + " " + w
		}
		if fits(next) {
			line = next
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = w
		if len(lines) == max {
			rest := strings.Join(append([]string{lines[max-1]}, words[i:]...), " ")
			lines[max-1] = ellipsis(f, rest, limit)
			return lines
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	for i, l := range lines {
		if !fits(l) {
			lines[i] = ellipsis(f, l, limit)
		}
	}
	return lines
}

// ellipsis cuts s, at a space where it can, so that it and "…" fit in
// limit.
func ellipsis(f font.Face, s string, limit fixed.Int26_6) string {
	r := []rune(s)
	for n := len(r); n > 0; n-- {
		cut := strings.TrimRight(string(r[:n]), " ,;:–-")
		if sp := strings.LastIndexByte(cut, ' '); sp > 0 && n < len(r) && r[n] != ' ' && sp > len(cut)/2 {
			cut = strings.TrimRight(cut[:sp], " ,;:–-")
		}
		if font.MeasureString(f, cut+"…") <= limit {
			return cut + "…"
		}
	}
	return "…"
}

// drawText draws s in f and colour c with its baseline starting at x, y.
func drawText(dst draw.Image, f font.Face, c color.Color, x, y int, s string) {
	d := font.Drawer{Dst: dst, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// textWidth returns the width of s in f, in whole pixels.
func textWidth(f font.Face, s string) int { return font.MeasureString(f, s).Ceil() }

// roundRect fills the rectangle r with corners of radius rad in c,
// antialiased: each pixel on an edge is covered in proportion to the
// 4 × 4 points within it that lie inside.
func roundRect(dst *image.RGBA, r image.Rectangle, rad float64, c color.RGBA) {
	inside := func(x, y float64) bool {
		cx := min(max(x, float64(r.Min.X)+rad), float64(r.Max.X)-rad)
		cy := min(max(y, float64(r.Min.Y)+rad), float64(r.Max.Y)-rad)
		dx, dy := x-cx, y-cy
		return dx*dx+dy*dy <= rad*rad
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			n := 0
			for sy := range 4 {
				for sx := range 4 {
					if inside(float64(x)+(float64(sx)+0.5)/4, float64(y)+(float64(sy)+0.5)/4) {
						n++
					}
				}
			}
			dst.Set(x, y, over(c, dst.RGBAAt(x, y), n))
		}
	}
}

// over returns c covering n sixteenths of under.
func over(c, under color.RGBA, n int) color.RGBA {
	mix := func(a, b uint8) uint8 { return uint8((int(a)*n + int(b)*(16-n)) / 16) }
	return color.RGBA{mix(c.R, under.R), mix(c.G, under.G), mix(c.B, under.B), mix(c.A, under.A)}
}
