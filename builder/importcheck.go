package builder

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"
)

// importSource reports whether an [[import]] source is a URL, and checks
// it or the path.
func importSource(src string) (isURL bool, err error) {
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

// validateImports checks the [[import]] tables of site.toml and the
// [imports] table.
func validateImports(v *validator, imports []Import, limit ImportLimit) {
	if limit.MaxAreas != nil && *limit.MaxAreas < 1 {
		v.fail("imports.maxAreas", "is %d: it must be at least 1 (to import nothing, remove the [[import]] tables)", *limit.MaxAreas)
	}
	seen := map[string]bool{}
	for i, imp := range imports {
		at := fmt.Sprintf("import[%d]", i)
		if imp.Name != "" && !slugRE.MatchString(imp.Name) {
			v.fail(at+".name", "%q is not a name: use lower-case letters, digits and hyphens, such as \"northshire\"", imp.Name)
		}
		if seen[imp.Name] {
			v.fail(at+".name", "import %q is listed twice", imp.Name)
		}
		seen[imp.Name] = true
		if imp.Source != "" {
			if _, err := importSource(imp.Source); err != nil {
				v.fail(at+".source", "%q %v", imp.Source, err)
			}
		}
		if imp.MaxAreas != nil && *imp.MaxAreas < 1 {
			v.fail(at+".maxAreas", "is %d: it must be at least 1 (to import nothing, remove this [[import]])", *imp.MaxAreas)
		}
	}
}
