package builder

import (
	"path/filepath"
	"strings"
	"testing"

	"intkb/builder/model"
)

// TestLinkSettings checks every way a link setting in site.toml can go
// wrong, with the error an author sees, and the ways it can be right.
func TestLinkSettings(t *testing.T) {
	const head = "title = \"T\"\nbaseURL = \"https://example.org/\"\nlicence = \"OGL\"\n"
	tests := []struct {
		name, value string
		want        string // "" for a value that is accepted
	}{
		{"https", "https://example.org/ogl", ""},
		{"http", "http://example.org/ogl?v=3#text", ""},
		{"upper-case scheme", "HTTPS://example.org/ogl", ""},
		{"site path", "/licence/", ""},
		{"path without a slash", "licence/", ""},
		{"javascript", "javascript:alert(1)", `site.toml:4: licenceURL: "javascript:alert(1)" is a javascript: URL, which is not allowed here: write an http or https URL, or a path inside the site that starts with /`},
		{"javascript in capitals", "JavaScript:alert(1)", `site.toml:4: licenceURL: "JavaScript:alert(1)" is a javascript: URL, which is not allowed here`},
		{"data", "data:text/html,<script>alert(1)</script>", `site.toml:4: licenceURL: "data:text/html,<script>alert(1)</script>" is a data: URL, which is not allowed here`},
		{"file", "file:///etc/passwd", `site.toml:4: licenceURL: "file:///etc/passwd" is a file: URL, which is not allowed here`},
		{"mailto", "mailto:a@example.org", `site.toml:4: licenceURL: "mailto:a@example.org" is a mailto: URL, which is not allowed here`},
		{"protocol-relative", "//evil.example/x", `site.toml:4: licenceURL: "//evil.example/x" leaves out its scheme: write it in full, as https://evil.example/x`},
		{"backslashes", `/\\evil.example/x`, `site.toml:4: licenceURL: "/\\evil.example/x" holds a backslash, which browsers read as /: write / instead`},
		{"no host", "https:/ogl", `site.toml:4: licenceURL: "https:/ogl" has no host: write it in full, such as https://example.org/page`},
		{"climbs out", "/../../other/", `site.toml:4: licenceURL: "/../../other/" climbs out of the site: write a path from the site's top, such as /images/logo.svg, or an http or https URL`},
		{"climbs out, encoded", "/%2e%2e/other/", `site.toml:4: licenceURL: "/%2e%2e/other/" climbs out of the site`},
		{"relative climb", "../other/", `site.toml:4: licenceURL: "../other/" climbs out of the site`},
		{"leading space", " javascript:alert(1)", `site.toml:4: licenceURL: " javascript:alert(1)" begins or ends with a space: remove it`},
		{"control character", "java\\tscript:alert(1)", `site.toml:4: licenceURL: "java\tscript:alert(1)" is not a link (invalid control character in URL): write an http or https URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toml := head + "licenceURL = \"" + tt.value + "\"\n"
			_, err := model.ParseConfig("site.toml", []byte(toml))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("%q was refused: %v", tt.value, err)
			case tt.want != "" && err == nil:
				t.Errorf("%q was accepted", tt.value)
			case tt.want != "" && !strings.HasPrefix(err.Error(), tt.want):
				t.Errorf("error:\n got %v\nwant %s", err, tt.want)
			}
		})
	}

	// The logo is a link setting too, checked by the same rule, with its
	// own line.
	_, err := model.ParseConfig("site.toml", []byte(head+"[header]\nlogoAlt = \"Logo\"\nlogo = \"javascript:alert(1)\"\n"))
	if err == nil || !strings.HasPrefix(err.Error(), `site.toml:6: header.logo: "javascript:alert(1)" is a javascript: URL`) {
		t.Errorf("a javascript: logo: %v", err)
	}
}

func TestBaseURLMustBeHTTP(t *testing.T) {
	for _, base := range []string{"file://host/site/", "javascript://x/", "ftp://example.org/", "//example.org/", "example.org/", `/a\b/`, "/icb/../north/"} {
		_, err := model.ParseConfig("site.toml", []byte("title = \"T\"\nbaseURL = \""+strings.ReplaceAll(base, `\`, `\\`)+"\"\n"))
		if err == nil || !strings.Contains(err.Error(), "site.toml:2: baseURL: ") || !strings.Contains(err.Error(), "is not a URL: write it as https://example.org/") {
			t.Errorf("baseURL %q: %v", base, err)
		}
	}
	for _, base := range []string{"https://example.org/", "http://127.0.0.1:1313/", "/icb/north/", "/"} {
		if _, err := model.ParseConfig("site.toml", []byte("title = \"T\"\nbaseURL = \""+base+"\"\n")); err != nil {
			t.Errorf("baseURL %q was refused: %v", base, err)
		}
	}
	dir := writeSite(t, minimalSite)
	err := buildDir(t, dir, filepath.Join(t.TempDir(), "public"), Options{BaseURL: "file://host/site/"})
	if err == nil || err.Error() != `--base-url "file://host/site/" is not a URL: write it as https://example.org/ or as a path such as /icb/north/` {
		t.Errorf("--base-url file://host/site/: %v", err)
	}
}

// TestLinkSettingsArePublished checks where each kind of link setting
// ends up: an absolute URL as it is, a path under the base path.
func TestLinkSettingsArePublished(t *testing.T) {
	for _, tt := range []struct {
		name, logo, licence          string
		wantLogo, wantHref, wantJSON string
	}{
		{"absolute URLs", "https://cdn.example.org/logo.svg", "https://example.org/ogl?v=3",
			`src="https://cdn.example.org/logo.svg"`, `href="https://example.org/ogl?v=3"`, `"licence_url": "https://example.org/ogl?v=3"`},
		{"site paths", "/images/logo.svg", "/licence/",
			`src="/icb/north/images/logo.svg"`, `href="/icb/north/licence/"`, `"licence_url": "https://example.org/icb/north/licence/"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := strings.Replace(compareSite, `licenceURL = "https://example.org/ogl"`, `licenceURL = "`+tt.licence+`"`, 1)
			site = strings.Replace(site, "[[areas]]", "[header]\nlogo = \""+tt.logo+"\"\nlogoAlt = \"The council\"\n\n[[areas]]", 1)
			dir := writeSite(t, site)
			dest := filepath.Join(t.TempDir(), "public")
			if err := buildDir(t, dir, dest, Options{BaseURL: "https://example.org/icb/north/"}); err != nil {
				t.Fatal(err)
			}
			for _, page := range []string{"index.html", "data/index.html", "blueprints/alder/index.html"} {
				out := readOut(t, dest, page)
				if !strings.Contains(out, tt.wantLogo) || !strings.Contains(out, tt.wantHref) {
					t.Errorf("%s: want the logo as %s and the licence link as %s", page, tt.wantLogo, tt.wantHref)
				}
			}
			if data := readOut(t, dest, "data/blueprints.json"); !strings.Contains(data, tt.wantJSON) {
				t.Errorf("blueprints.json lacks %s", tt.wantJSON)
			}
		})
	}
}

func TestSiteTomlSyntaxErrorSaysSiteToml(t *testing.T) {
	_, err := model.ParseConfig("site.toml", []byte("title = \"T\"\nbaseURL = https://example.org/\n"))
	if err == nil || err.Error() != `site.toml:2: text goes in quotes: write baseURL = "https://example.org/"` {
		t.Errorf("got %v, want site.toml:2: and the problem", err)
	}
	if strings.Contains(err.Error(), "front matter") {
		t.Errorf("a site.toml error speaks of front matter: %v", err)
	}
	errs := checkWith(t, map[string]string{"site.toml": "title = \"T\"\n\n[header]\nname = \"x\n"})
	if len(errs) != 1 || !strings.HasPrefix(errs[0], `site.toml:4: this text has no closing ": add " at its end`) {
		t.Errorf("check reports %q", errs)
	}
}
