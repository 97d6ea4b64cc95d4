package brand

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

var nhsBlue = Palette{Background: color.RGBA{0x00, 0x5e, 0xb8, 0xff}, Band: color.RGBA{0x00, 0x30, 0x87, 0xff}, Text: color.RGBA{0xff, 0xff, 0xff, 0xff}}

func TestInitials(t *testing.T) {
	for name, want := range map[string]string{
		"Neighbourhood Teams":                "NT",
		"Neighbourhood Teams Knowledge Base": "NT",
		"Friends of the Valley":              "FV",
		"The North":                          "N",
		"saltmere":                           "S",
		"Brackenfield & Saltmere INTs":       "BS",
		"équipe nord":                        "ÉN",
		"  ":                                 "",
		"The":                                "T",
		"2030 plan":                          "2P",
	} {
		if got := Initials(name); got != want {
			t.Errorf("Initials(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestPaletteFromCSS(t *testing.T) {
	css := []byte(":root {\n  --blue: #330072;\n  --dark-blue:#000;--pale-blue: #e6eef8;\n}\n.x { --blue: #ffffff; }")
	got, n := PaletteFromCSS(css, nhsBlue)
	want := Palette{Background: color.RGBA{0x33, 0x00, 0x72, 0xff}, Band: color.RGBA{0, 0, 0, 0xff}, Text: nhsBlue.Text}
	if got != want || n != 2 {
		t.Errorf("got %v (%d found), want %v (2)", got, n, want)
	}
	if Hex(got.Background) != "#330072" {
		t.Errorf("Hex = %s", Hex(got.Background))
	}
}

// decode reads a PNG, failing the test if it is not one of w × h.
func decode(t *testing.T, data []byte, w, h int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("%d × %d, want %d × %d", b.Dx(), b.Dy(), w, h)
	}
	return img
}

// colourAt returns the colour at x, y as 8-bit RGBA.
func colourAt(img image.Image, x, y int) color.RGBA {
	return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
}

func TestShareCard(t *testing.T) {
	card := Card{Name: "Neighbourhood Teams · Knowledge Base", Title: "Neighbourhood Teams Knowledge Base",
		Description: "Playbooks, case studies and local blueprints.", Address: "kb.northshire.nhs.uk", Initials: "NT"}
	data, err := ShareCard(card, nhsBlue)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, data, ShareWidth, ShareHeight)
	if got := colourAt(img, 5, 5); got != nhsBlue.Background {
		t.Errorf("top corner is %v, want the header colour", got)
	}
	if got := colourAt(img, 5, ShareHeight-5); got != nhsBlue.Band {
		t.Errorf("foot is %v, want the band's colour", got)
	}
	// The title is drawn: some pixels across its lines are the text colour.
	white := 0
	for y := 200; y < 400; y++ {
		for x := cardMargin; x < ShareWidth-cardMargin; x++ {
			if colourAt(img, x, y) == nhsBlue.Text {
				white++
			}
		}
	}
	if white < 5000 {
		t.Errorf("only %d pixels of text where the title goes", white)
	}
	// A title of any length fits: the card is drawn, not refused.
	card.Title = strings.Repeat("Integrated neighbourhood teams ", 20)
	if data, err = ShareCard(card, nhsBlue); err != nil {
		t.Fatal(err)
	}
	decode(t, data, ShareWidth, ShareHeight)
}

func TestWrapCutsWithEllipsis(t *testing.T) {
	f, err := face(true, 40)
	if err != nil {
		t.Fatal(err)
	}
	lines := wrap(f, strings.Repeat("word ", 200), 600, 3)
	if len(lines) != 3 || !strings.HasSuffix(lines[2], "…") || strings.HasSuffix(lines[1], "…") {
		t.Errorf("lines %q", lines)
	}
	for _, l := range lines {
		if w := textWidth(f, l); w > 600 {
			t.Errorf("line %q is %d pixels wide", l, w)
		}
	}
	if lines := wrap(f, "Short title", 600, 3); len(lines) != 1 || lines[0] != "Short title" {
		t.Errorf("lines %q", lines)
	}
	if lines := wrap(f, strings.Repeat("x", 300), 600, 3); len(lines) != 1 || !strings.HasSuffix(lines[0], "…") {
		t.Errorf("a word too long for a line is not cut: %q", lines)
	}
}

func TestIcons(t *testing.T) {
	small, err := IconPNG("NT", 32, nhsBlue, true)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, small, 32, 32)
	if c := colourAt(img, 0, 0); c.A != 0 {
		t.Errorf("a rounded icon's corner is %v, want transparent", c)
	}
	if c := colourAt(img, 16, 2); c != nhsBlue.Background {
		t.Errorf("the icon's edge is %v, want the header colour", c)
	}
	touch, err := IconPNG("NT", 180, nhsBlue, false)
	if err != nil {
		t.Fatal(err)
	}
	img = decode(t, touch, 180, 180)
	if c := colourAt(img, 0, 0); c != nhsBlue.Background {
		t.Errorf("apple-touch-icon's corner is %v, want it opaque, the header colour", c)
	}

	ico, err := ICO(small)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if le.Uint16(ico[0:]) != 0 || le.Uint16(ico[2:]) != 1 || le.Uint16(ico[4:]) != 1 {
		t.Fatalf("ICONDIR % x", ico[:6])
	}
	entry := ico[6:22]
	size, offset := le.Uint32(entry[8:]), le.Uint32(entry[12:])
	if entry[0] != 32 || entry[1] != 32 || int(size) != len(small) || offset != 22 || !bytes.Equal(ico[offset:], small) {
		t.Errorf("ICONDIRENTRY % x for a PNG of %d bytes", entry, len(small))
	}
	if _, err := ICO([]byte("not a png")); err == nil {
		t.Error("ICO took what is not a PNG")
	}
	wide, _ := ShareCard(Card{Title: "x"}, nhsBlue)
	if _, err := ICO(wide); err == nil {
		t.Error("ICO took a picture that is not a square")
	}

	svg := string(IconSVG("N&T", nhsBlue))
	for _, want := range []string{`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">`, `fill="#005eb8"`, `fill="#ffffff">N&amp;T</text>`} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %s:\n%s", want, svg)
		}
	}
}
