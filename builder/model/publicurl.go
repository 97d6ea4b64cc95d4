package model

import (
	"net"
	"net/url"
	"strings"
)

// This file decides whether a baseURL is an address that people other
// than the author can reach. Only such an address may go where a page
// names itself to the world: <link rel="canonical">, og:url and og:image,
// which a search engine or a chat app reads from elsewhere. A build whose
// baseURL is not one still works, and links within the site honour its
// path; what would point at the author's computer or at an example is
// left out.

// PublicBaseURL reports whether s, a baseURL that BaseURLProblem accepts,
// is a real public address: an http or https URL whose host is neither
// this computer (LocalHost) nor a name reserved for examples and tests
// (RFC 2606 and RFC 6761: example.com, example.net, example.org and
// names under .example, .test, .invalid or .localhost). When it is not,
// why says so in words that can follow "baseURL is not a public address:".
// An intranet name, such as http://intranet.icb.nhs.uk/, is public here:
// its readers can reach it.
func PublicBaseURL(s string) (ok bool, why string) {
	u, err := url.Parse(s)
	switch {
	case err != nil || s == "":
		return false, "it is not set"
	case u.Host == "":
		return false, "it is only a path: give the full address, such as https://www.icb.nhs.uk" + basePathOf(u)
	case !strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https"):
		return false, "it is not an http or https address"
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	switch {
	case LocalHost(host):
		return false, host + " is your own computer, which only you can reach"
	case ReservedHost(host):
		return false, host + " is reserved for examples, and no site is published there"
	}
	return true, ""
}

// basePathOf returns u's path, ending in a slash: / when it has none.
func basePathOf(u *url.URL) string {
	p := u.Path
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// LocalHost reports whether host names the computer it is read on: a
// loopback or unspecified address, or localhost or a name under it (RFC
// 6761). It is what copying an address from "intkb serve" gives.
func LocalHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// ReservedHost reports whether host, in lower case, is a name reserved
// for examples and tests, which no real site uses (RFC 2606, RFC 6761):
// the one rule both the sharing tags and the build's warnings follow.
func ReservedHost(host string) bool {
	for _, name := range []string{"example.com", "example.net", "example.org"} {
		if host == name || strings.HasSuffix(host, "."+name) {
			return true
		}
	}
	for _, tld := range []string{".example", ".test", ".invalid"} {
		if strings.HasSuffix(host, tld) || host == tld[1:] {
			return true
		}
	}
	return false
}
