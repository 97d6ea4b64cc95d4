package model

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// ImportSource reports whether an [[import]] source is a URL, and checks
// it or the path.
func ImportSource(src string) (isURL bool, err error) {
	if strings.Contains(src, "://") {
		u, err := url.Parse(src)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return true, errors.New("is not an http or https URL")
		}
		return true, nil
	}
	if !fs.ValidPath(path.Clean(src)) || strings.Contains(src, `\`) {
		return false, errors.New("must be a path inside the site's folder, such as data/northshire.json, or an http(s) URL")
	}
	return false, nil
}

// ImportFiles returns the files of the site that its imports are read
// from: the list file of sources, if any, and every import whose source
// is a path, not a URL; relative to the site's root, with slashes.
func (c *Config) ImportFiles() []string {
	var files []string
	if c.ImportLimit.List != "" {
		files = append(files, path.Clean(c.ImportLimit.List))
	}
	for _, imp := range c.Imports {
		if isURL, err := ImportSource(imp.Source); !isURL && err == nil {
			files = append(files, path.Clean(imp.Source))
		}
	}
	return files
}

// validateImports checks the [[import]] tables of site.toml and the
// [imports] table.
func validateImports(v *Validator, imports []Import, limit ImportLimit) {
	if limit.MaxAreas != nil && *limit.MaxAreas < 1 {
		v.Fail("imports.maxAreas", "is %d: it must be at least 1 (to import nothing, remove the [[import]] tables)", *limit.MaxAreas)
	}
	if limit.Concurrency != nil && (*limit.Concurrency < 1 || *limit.Concurrency > MaxImportConcurrency) {
		v.Fail("imports.concurrency", "is %d: it must be from 1 to %d", *limit.Concurrency, MaxImportConcurrency)
	}
	if _, err := ParseMaxAge(limit.MaxAge); err != nil {
		v.Fail("imports.maxAge", "%v", err)
	}
	if limit.List != "" {
		if isURL, err := ImportSource(limit.List); isURL || err != nil {
			v.Fail("imports.list", "%q must be a CSV file inside the site's folder, such as data/sources.csv", limit.List)
		}
	}
	seen := map[string]bool{}
	for i, imp := range imports {
		at := fmt.Sprintf("import[%d]", i)
		if imp.Name != "" && !SlugRE.MatchString(imp.Name) {
			v.Fail(at+".name", "%q is not a name: use lower-case letters, digits and hyphens, such as \"northshire\"", imp.Name)
		}
		if seen[imp.Name] {
			v.Fail(at+".name", "import %q is listed twice", imp.Name)
		}
		seen[imp.Name] = true
		if imp.Source != "" {
			if _, err := ImportSource(imp.Source); err != nil {
				v.Fail(at+".source", "%q %v", imp.Source, err)
			}
		}
		if imp.MaxAreas != nil && *imp.MaxAreas < 1 {
			v.Fail(at+".maxAreas", "is %d: it must be at least 1 (to import nothing, remove this [[import]])", *imp.MaxAreas)
		}
		if _, err := ParseMaxAge(imp.MaxAge); err != nil {
			v.Fail(at+".maxAge", "%v", err)
		}
	}
}

const (
	// DefaultImportMaxAreas is how many areas one [[import]] gives when
	// it does not say: room for a region's neighbourhoods.
	DefaultImportMaxAreas = 200
	// DefaultMaxImportedAreas is how many areas all the imports give
	// together when [imports] does not say.
	DefaultMaxImportedAreas = 300
	// DefaultImportConcurrency is how many sources are fetched at once
	// when [imports] does not say.
	DefaultImportConcurrency = 8
	// MaxImportConcurrency is the most [imports] concurrency may be.
	MaxImportConcurrency = 64
	// DefaultImportMaxAge is how old a source's last good copy may be
	// before --strict fails, when neither its [[import]] nor [imports]
	// says: a week of nightly builds.
	DefaultImportMaxAge = 7 * 24 * time.Hour
)

// ConcurrencyOrDefault returns how many sources are fetched at once.
func (l ImportLimit) ConcurrencyOrDefault() int {
	if l.Concurrency == nil {
		return DefaultImportConcurrency
	}
	return *l.Concurrency
}

// MaxAgeOrDefault returns how old imp's last good copy may be before
// --strict fails: its own maxAge, else [imports] maxAge, else
// DefaultImportMaxAge. Both were checked by ParseConfig.
func (imp Import) MaxAgeOrDefault(l ImportLimit) time.Duration {
	for _, s := range []string{imp.MaxAge, l.MaxAge} {
		if d, err := ParseMaxAge(s); err == nil && d > 0 {
			return d
		}
	}
	return DefaultImportMaxAge
}

// ParseMaxAge reads a maxAge: whole days such as "7d", or a Go duration
// such as "36h" or "90m". "" is 0, meaning not set.
func ParseMaxAge(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	bad := fmt.Errorf("%q is not an age: write it as whole days, such as 7d, or hours, such as 36h", s)
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n > 3650 {
			return 0, bad
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, bad
		}
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q must be more than nothing, such as 7d", s)
	}
	return d, nil
}

// MaxAreasOrDefault returns the most areas imp may give.
func (imp Import) MaxAreasOrDefault() int {
	if imp.MaxAreas == nil {
		return DefaultImportMaxAreas
	}
	return *imp.MaxAreas
}

// MaxAreasOrDefault returns the most areas the imports may give together.
func (l ImportLimit) MaxAreasOrDefault() int {
	if l.MaxAreas == nil {
		return DefaultMaxImportedAreas
	}
	return *l.MaxAreas
}
