package model

import (
	"strings"
	"testing"
)

func TestDestProblem(t *testing.T) {
	for rel, want := range map[string]string{
		"public":           "",
		"out/site":         "",
		"../north-public":  "",
		"contents":         "",
		".":                "the site's own folder",
		"./":               "the site's own folder",
		"content":          "inside the site's content/ folder",
		"content/out":      "inside the site's content/ folder",
		"layouts":          "inside the site's layouts/ folder",
		"static/x/../y":    "inside the site's static/ folder",
		"public/../static": "inside the site's static/ folder",
		"site.toml":        "settings file",
		"..":               "holds the site's folder",
		"../..":            "holds the site's folder",
	} {
		got := DestProblem(rel)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("DestProblem(%q) = %q, want %q", rel, got, want)
		}
	}
}
