package model

import "testing"

func TestPublicBaseURL(t *testing.T) {
	for _, c := range []struct {
		url string
		ok  bool
		why string
	}{
		{"https://neighbourhoods.icb.nhs.uk/", true, ""},
		{"https://www.icb.nhs.uk/teams/north/", true, ""},
		{"http://intranet/int/", true, ""},
		{"http://10.2.3.4/int/", true, ""},
		{"", false, "it is not set"},
		{"/", false, "it is only a path: give the full address, such as https://www.icb.nhs.uk/"},
		{"/icb/north", false, "it is only a path: give the full address, such as https://www.icb.nhs.uk/icb/north/"},
		{"http://127.0.0.1:1313/", false, "127.0.0.1 is your own computer, which only you can reach"},
		{"http://localhost:1313/", false, "localhost is your own computer, which only you can reach"},
		{"http://LOCALHOST./", false, "localhost is your own computer, which only you can reach"},
		{"http://preview.localhost/", false, "preview.localhost is your own computer, which only you can reach"},
		{"http://[::1]:1313/", false, "::1 is your own computer, which only you can reach"},
		{"http://0.0.0.0/", false, "0.0.0.0 is your own computer, which only you can reach"},
		{"https://example.org/icb/north/", false, "example.org is reserved for examples, and no site is published there"},
		{"https://www.Example.COM/", false, "www.example.com is reserved for examples, and no site is published there"},
		{"https://site.test/", false, "site.test is reserved for examples, and no site is published there"},
		{"https://site.invalid/", false, "site.invalid is reserved for examples, and no site is published there"},
		{"https://icb.example/", false, "icb.example is reserved for examples, and no site is published there"},
		{"https://example.nhs.uk/", true, ""},
		{"https://notexample.org/", true, ""},
	} {
		ok, why := PublicBaseURL(c.url)
		if ok != c.ok || why != c.why {
			t.Errorf("PublicBaseURL(%q) = %v, %q; want %v, %q", c.url, ok, why, c.ok, c.why)
		}
	}
}
