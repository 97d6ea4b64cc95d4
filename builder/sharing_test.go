package builder

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"intkb/builder/brand"
)

// publicBase is a baseURL that model.PublicBaseURL takes for a real
// public address, unlike example.org: pages built for it name their
// absolute URL.
const publicBase = "https://kb.northshire.nhs.uk/"

var (
	metaTag = regexp.MustCompile(`<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)">`)
	linkTag = regexp.MustCompile(`<link rel="(canonical|icon|apple-touch-icon)" href="([^"]*)"`)
)

// shareTags returns a page's Open Graph and Twitter card tags, and its
// canonical and icon links (as "canonical" and "icon NAME"), by name.
func shareTags(page string) map[string]string {
	tags := map[string]string{}
	for _, m := range metaTag.FindAllStringSubmatch(page, -1) {
		tags[m[1]] = m[2]
	}
	for _, m := range linkTag.FindAllStringSubmatch(page, -1) {
		key := m[1]
		if key != "canonical" {
			key += " " + m[2]
		}
		tags[key] = m[2]
	}
	return tags
}

// htmlPages returns every HTML file under dest, by its path there.
func htmlPages(t *testing.T, dest string) map[string]string {
	t.Helper()
	pages := map[string]string{}
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dest, p)
			pages[filepath.ToSlash(rel)] = string(data)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// checkShareTags checks every page under dest for the tags a link
// preview reads: title, description and card always; the absolute URL,
// the canonical link and the share image only when public.
func checkShareTags(t *testing.T, dest string, public bool) {
	t.Helper()
	pages := htmlPages(t, dest)
	if len(pages) < 10 {
		t.Fatalf("only %d pages", len(pages))
	}
	for rel, page := range pages {
		tags := shareTags(page)
		for _, need := range []string{"og:title", "og:description", "og:type", "og:site_name", "twitter:card"} {
			if tags[need] == "" {
				t.Errorf("%s has no %s", rel, need)
			}
		}
		card := map[bool]string{true: "summary_large_image", false: "summary"}[public]
		if tags["twitter:card"] != card {
			t.Errorf("%s: twitter:card %q, want %q", rel, tags["twitter:card"], card)
		}
		if got := tags["og:image"] != ""; got != public {
			t.Errorf("%s: og:image %q, want one: %v", rel, tags["og:image"], public)
		}
		named := strings.HasSuffix(rel, "index.html") // 404.html has no address of its own
		if got := tags["og:url"] != "" && tags["canonical"] == tags["og:url"]; got != (public && named) {
			t.Errorf("%s: og:url %q and canonical %q, want them: %v", rel, tags["og:url"], tags["canonical"], public && named)
		}
		var icons []string
		for k, href := range tags {
			if strings.HasPrefix(k, "icon ") || strings.HasPrefix(k, "apple-touch-icon ") {
				icons = append(icons, path.Base(href))
			}
		}
		if sort.Strings(icons); strings.Join(icons, " ") != "apple-touch-icon.png favicon.ico favicon.svg" {
			t.Errorf("%s links the icons %v", rel, icons)
		}
	}
}

// TestShareTagsOnlyNameAPublicAddress builds a site for a public address
// and for addresses nobody else can reach: every page has a title,
// description (its summary, or the site's) and card for link previews, and the absolute URL, canonical
// link and share image only for the public one.
func TestShareTagsOnlyNameAPublicAddress(t *testing.T) {
	for base, public := range map[string]bool{
		publicBase + "icb/north/":  true,
		"http://127.0.0.1:1313/":   false,
		"https://example.org/x/":   false,
		"/icb/north/":              false,
		"http://localhost:8080/a/": false,
	} {
		t.Run(base, func(t *testing.T) {
			fsys := siteFS(t, minimalSite)
			fsys["site.toml"].Data = append([]byte("description = \"Pages for testing.\"\n"), fsys["site.toml"].Data...)
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := Build(Options{Source: fsys, Dest: dest, BaseURL: base, Now: testNow}); err != nil {
				t.Fatal(err)
			}
			checkShareTags(t, dest, public)
			if !public {
				return
			}
			tags := shareTags(readOut(t, dest, "playbooks/start-with-needs/index.html"))
			for name, want := range map[string]string{
				"og:url":         publicBase + "icb/north/playbooks/start-with-needs/",
				"og:type":        "article",
				"og:title":       "Start with needs",
				"og:image":       publicBase + "icb/north/" + ShareCardFile,
				"og:image:width": "1200", "og:image:height": "630", "og:image:alt": "Test site",
				"icon /icb/north/favicon.svg": "/icb/north/favicon.svg",
			} {
				if tags[name] != want {
					t.Errorf("%s = %q, want %q", name, tags[name], want)
				}
			}
			if home := shareTags(readOut(t, dest, "index.html")); home["og:type"] != "website" || home["og:title"] != "Test site" {
				t.Errorf("the home page's tags: %v", home)
			}
		})
	}
}

// TestDrawnPictures checks the pictures a site that brings none gets:
// the share card, a PNG of 1200 × 630; favicon.ico holding a 32-pixel
// PNG; apple-touch-icon.png of 180; and favicon.svg; all in the header's
// colour, which the site's own stylesheet sets.
func TestDrawnPictures(t *testing.T) {
	fsys := siteFS(t, minimalSite)
	fsys["static/css/intkb.css"] = &fstest.MapFile{Data: []byte(":root { --blue: #330072; --white: #fff; }\n")}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: fsys, Dest: dest, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	purple := color.RGBA{0x33, 0x00, 0x72, 0xff}
	for rel, size := range map[string][2]int{ShareCardFile: {brand.ShareWidth, brand.ShareHeight}, "apple-touch-icon.png": {180, 180}} {
		img, err := png.Decode(strings.NewReader(readOut(t, dest, rel)))
		if err != nil {
			t.Fatalf("%s is not a PNG: %v", rel, err)
		}
		if b := img.Bounds(); b.Dx() != size[0] || b.Dy() != size[1] {
			t.Errorf("%s is %v, want %d × %d", rel, b.Size(), size[0], size[1])
		}
		if c := color.RGBAModel.Convert(img.At(2, 2)); c != purple {
			t.Errorf("%s is %v at the top, want the stylesheet's --blue", rel, c)
		}
	}
	ico := []byte(readOut(t, dest, "favicon.ico"))
	if len(ico) < 22 || binary.LittleEndian.Uint16(ico[2:]) != 1 || ico[6] != 32 {
		t.Fatalf("favicon.ico is not an icon of 32 pixels: % x", ico[:min(22, len(ico))])
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(ico[binary.LittleEndian.Uint32(ico[18:]):]))
	if err != nil || cfg.Width != 32 {
		t.Errorf("favicon.ico holds no PNG of 32 pixels: %v %v", cfg, err)
	}
	if svg := readOut(t, dest, "favicon.svg"); !strings.Contains(svg, `fill="#330072"`) || !strings.Contains(svg, ">TS</text>") {
		t.Errorf("favicon.svg:\n%s", svg)
	}
}

// pngOf returns a PNG of w × h pixels.
func pngOf(t *testing.T, w, h int) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSitesOwnPictures checks that a site's own files replace the drawn
// ones, and that the share image site.toml names is read for its size and
// must be a PNG or JPEG in static/.
func TestSitesOwnPictures(t *testing.T) {
	fsys := siteFS(t, minimalSite)
	// At the top of site.toml: further down, the keys would be in a table.
	fsys["site.toml"].Data = append([]byte("shareImage = \"/images/share.png\"\nshareImageAlt = \"Three people round a table\"\n"), fsys["site.toml"].Data...)
	fsys["static/images/share.png"] = &fstest.MapFile{Data: pngOf(t, 800, 418)}
	fsys["static/favicon.svg"] = &fstest.MapFile{Data: []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: fsys, Dest: dest, BaseURL: publicBase, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	tags := shareTags(readOut(t, dest, "index.html"))
	for name, want := range map[string]string{"og:image": publicBase + "images/share.png", "og:image:width": "800", "og:image:height": "418", "og:image:alt": "Three people round a table"} {
		if tags[name] != want {
			t.Errorf("%s = %q, want %q", name, tags[name], want)
		}
	}
	if svg := readOut(t, dest, "favicon.svg"); svg != `<svg xmlns="http://www.w3.org/2000/svg"/>` {
		t.Errorf("the site's favicon.svg was replaced: %s", svg)
	}
	if _, err := os.Stat(filepath.Join(dest, ShareCardFile)); err == nil {
		t.Errorf("%s was drawn, though site.toml names its own", ShareCardFile)
	}
	readOut(t, dest, "favicon.ico") // the ones it does not bring are drawn

	for name, c := range map[string]struct {
		file []byte
		want string
	}{
		"missing":    {nil, `site.toml:1: shareImage: "/images/share.png" is not a file in static/: put the picture at static/images/share.png`},
		"not a PNG":  {[]byte("GIF89a"), "static/images/share.png: the share image is not a PNG or JPEG picture that can be read: link previews show only those"},
		"PNG as GIF": {pngOf(t, 10, 10)[:20], "static/images/share.png: the share image is not a PNG or JPEG picture that can be read: link previews show only those"},
	} {
		if c.file == nil {
			delete(fsys, "static/images/share.png")
		} else {
			fsys["static/images/share.png"] = &fstest.MapFile{Data: c.file}
		}
		_, err := Build(Options{Source: fsys, Now: testNow})
		if got := strings.Join(errorStrings(err), "\n"); got != c.want {
			t.Errorf("%s: got\n%s\nwant\n%s", name, got, c.want)
		}
	}
}

// TestLivePictures follows a preview as the site changes its colours and
// brings, then takes away, its own favicon: the output is what a full
// build makes each time.
func TestLivePictures(t *testing.T) {
	ls := newLiveSite(t, minimalSite)
	ls.write("static/css/intkb.css", ":root { --blue: #330072; }\n")
	ls.apply("static/css/intkb.css")
	ls.checkSameAsFull("stylesheet added")
	if svg := readOut(t, ls.dest, "favicon.svg"); !strings.Contains(svg, "#330072") {
		t.Errorf("the favicon keeps the old colour:\n%s", svg)
	}
	ls.write("static/favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
	ls.apply("static/favicon.svg")
	ls.checkSameAsFull("favicon added")
	os.Remove(filepath.Join(ls.dir, "static", "favicon.svg"))
	ls.apply("static/favicon.svg")
	ls.checkSameAsFull("favicon removed")
	if _, err := os.Stat(filepath.Join(ls.dest, "favicon.svg")); err != nil {
		t.Error("the drawn favicon.svg is not back")
	}
}
