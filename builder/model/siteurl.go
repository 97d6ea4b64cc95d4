package model

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// This file holds the rules for settings that are links, such as
// licenceURL and header.logo in site.toml: a field tagged url:"true" takes
// an absolute http or https URL, which is published as it is, or a path
// inside the site, which gets the base path (see the url and absURL
// template functions). Anything else, such as a javascript:, data: or
// file: URL, a //host link without its scheme, or a path that climbs out
// of the site, is an error naming the key and the fix: such a value would
// reach every page and the open data.

// IsAbsoluteHTTP reports whether s is an absolute http or https URL with a
// host, which links publish as it is.
func IsAbsoluteHTTP(s string) bool {
	if len(s) < len("http://x") || s[0] != 'h' && s[0] != 'H' {
		return false // most calls, from templates linking within the site, end here
	}
	u, err := url.Parse(s)
	return err == nil && (strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")) && u.Host != ""
}

// siteLinkProblem returns what is wrong with s as the value of a link
// setting, or nil when it is an http or https URL or a path inside the
// site. The message follows the quoted value.
func siteLinkProblem(s string) error {
	fix := "write an http or https URL, or a path inside the site that starts with /"
	if strings.TrimSpace(s) != s {
		return errors.New("begins or ends with a space: remove it")
	}
	if strings.Contains(s, `\`) {
		// Browsers read \ as /, so /\host is a link to another host.
		return errors.New("holds a backslash, which browsers read as /: write / instead")
	}
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("is not a link (%s): %s", strings.TrimPrefix(err.Error(), "net/url: "), fix)
	}
	switch {
	case u.Scheme != "" && !strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https"):
		return fmt.Errorf("is a %s: URL, which is not allowed here: %s", strings.ToLower(u.Scheme), fix)
	case u.Scheme != "" && u.Host == "":
		return fmt.Errorf("has no host: write it in full, such as %s://example.org/page", strings.ToLower(u.Scheme))
	case u.Scheme == "" && u.Host != "":
		return fmt.Errorf("leaves out its scheme: write it in full, as https:%s", s)
	case u.Scheme == "" && slices.Contains(strings.Split(u.Path, "/"), ".."):
		return errors.New("climbs out of the site: write a path from the site's top, such as /images/logo.svg, or an http or https URL")
	}
	return nil
}

// checkLink reports a link setting at fpath that siteLinkProblem refuses,
// or, for an external link (url:"external"), one that is not an absolute
// http or https URL.
func (v *Validator) checkLink(fpath, s string, external bool) {
	if s == "" {
		return
	}
	if external {
		if !IsAbsoluteHTTP(s) || strings.TrimSpace(s) != s {
			v.Fail(fpath, "%q is not an http or https URL: write it in full, such as https://example.org/report, or leave the key out", s)
		}
		return
	}
	if err := siteLinkProblem(s); err != nil {
		v.Fail(fpath, "%q %v", s, err)
	}
}

// BaseURLProblem returns what is wrong with s as the site's baseURL (from
// site.toml or --base-url), or nil: it must be an absolute http or https
// URL, or a path from the top of a host, such as /icb/north/. The message
// follows the quoted value.
func BaseURLProblem(s string) error {
	u, err := url.Parse(s)
	ok := err == nil && !strings.Contains(s, `\`) &&
		(IsAbsoluteHTTP(s) || u.Scheme == "" && u.Host == "" && strings.HasPrefix(s, "/"))
	if ok && !slices.Contains(strings.Split(u.Path, "/"), "..") {
		return nil
	}
	return errors.New("is not a URL: write it as https://example.org/ or as a path such as /icb/north/")
}
