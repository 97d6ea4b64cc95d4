package model

import (
	"path/filepath"
	"strings"
)

// siteFolders are the folders of a site that a build reads.
var siteFolders = []string{"content", "layouts", "static"}

// DestProblem says why a build may not publish to rel, a path relative to
// the site's folder, or returns "" if it may. Publishing replaces the
// destination whole, so it must not be, or hold, the site's own sources.
func DestProblem(rel string) string {
	rel = filepath.ToSlash(filepath.Clean(rel))
	if rel == "." {
		return "is the site's own folder, which holds its sources: publish to a folder inside it, such as public"
	}
	first, _, _ := strings.Cut(rel, "/")
	for _, f := range siteFolders {
		if first == f {
			return "is inside the site's " + f + "/ folder, which a build reads: publish to a folder of its own, such as public"
		}
	}
	if first == "site.toml" {
		return "is the site's settings file: publish to a folder of its own, such as public"
	}
	if strings.Trim(strings.ReplaceAll(rel, "..", ""), "/") == "" {
		return "holds the site's folder, which publishing would replace: publish to a folder inside the site, such as public"
	}
	return ""
}
