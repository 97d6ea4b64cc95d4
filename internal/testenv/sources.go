package testenv

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A SourceLine is a line of a Go source that SourceLines found.
type SourceLine struct {
	File string
	Line int    // from 1
	Text string // with its leading and trailing space trimmed
}

// SourceLines returns the lines matching re of the Go sources that the
// patterns (as filepath.Glob takes them) name, leaving out tests and the
// files skip reports, and how many files the patterns name, tests and
// skipped files among them: for a test that keeps a rule of a package's
// code, such as which files may read a field.
func SourceLines(t testing.TB, re *regexp.Regexp, skip func(file string) bool, patterns ...string) ([]SourceLine, int) {
	t.Helper()
	var hits []SourceLine
	named := 0
	for _, pattern := range patterns {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		named += len(files)
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") || skip != nil && skip(file) {
				continue
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for n, line := range strings.Split(string(data), "\n") {
				if re.MatchString(line) {
					hits = append(hits, SourceLine{File: file, Line: n + 1, Text: strings.TrimSpace(line)})
				}
			}
		}
	}
	return hits, named
}
