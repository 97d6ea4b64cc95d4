package model

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ImportListColumns are the columns a list file of sources may have, in
// the order its header usually gives them: one [[import]]'s keys. Only
// name and source are needed; a header may give them in any order, in
// any case.
var ImportListColumns = []string{"name", "source", "region", "icb", "place", "maxAreas", "maxAge"}

// ParseImportList reads a list file of sources ([imports] list), a CSV
// file such as Excel saves, with a header row naming its columns
// (ImportListColumns). Each row is one Import, with File and Line set; a
// row of empty cells is skipped. before are the imports already named,
// by site.toml: a name listed twice, there or in the file, is an error.
// Every problem is an error naming file, the line and the fix.
func ParseImportList(file string, data []byte, before []Import) ([]Import, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // Excel's "CSV UTF-8"
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	fail := func(line int, format string, args ...any) *Error {
		return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	header, err := r.Read()
	if err == io.EOF {
		return nil, fail(1, "is empty: its first row must name the columns, such as name,source,region,icb,place,maxAreas")
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	cols, err := listColumns(header)
	if err != nil {
		return nil, fail(1, "%v", err)
	}
	where := map[string]string{}
	for _, imp := range before {
		where[imp.Name] = fmt.Sprintf("site.toml:%d", imp.Line)
	}
	var out []Import
	var errs ErrorList
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvError(file, err))
			break
		}
		line, _ := r.FieldPos(0)
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // Excel keeps rows of empty cells
		}
		if len(rec) > len(header) {
			errs = append(errs, fail(line, "has %d cells, but the header names %d columns: delete the extra cells, or name their column", len(rec), len(header)))
			continue
		}
		imp, problems := listRow(rec, cols)
		imp.File, imp.Line = file, line
		if imp.Name != "" && where[imp.Name] != "" {
			problems = append(problems, fmt.Sprintf("name %q is listed twice, also at %s: give each source a name of its own", imp.Name, where[imp.Name]))
		} else if imp.Name != "" {
			where[imp.Name] = fmt.Sprintf("%s:%d", file, line)
		}
		for _, p := range problems {
			errs = append(errs, fail(line, "%s", p))
		}
		out = append(out, imp)
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	return out, nil
}

// listColumns returns each column's key, ImportListColumns spelled as
// they are, by position in header; or why header is not one.
func listColumns(header []string) ([]string, error) {
	if len(header) == 1 && strings.Contains(header[0], ";") {
		return nil, errors.New("its columns are separated by semicolons: save it as \"CSV UTF-8 (Comma delimited)\", or separate them with commas")
	}
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		for _, c := range ImportListColumns {
			if strings.EqualFold(h, c) {
				cols[i] = c
			}
		}
		switch {
		case cols[i] == "":
			return nil, fmt.Errorf("the header's column %d is %q, which is not one of %s: rename or delete it", i+1, h, strings.Join(ImportListColumns, ", "))
		case seen[cols[i]]:
			return nil, fmt.Errorf("the header names the column %q twice: delete one", cols[i])
		}
		seen[cols[i]] = true
	}
	for _, need := range []string{"name", "source"} {
		if !seen[need] {
			return nil, fmt.Errorf("the header has no %q column: its first row must name the columns, such as name,source,region,icb,place,maxAreas", need)
		}
	}
	return cols, nil
}

// listRow reads one row of a list file into an Import, checked as an
// [[import]] is, with a problem for each cell that is wrong.
func listRow(rec, cols []string) (Import, []string) {
	var imp Import
	var problems []string
	for i, cell := range rec {
		cell = strings.TrimSpace(cell)
		switch cols[i] {
		case "name":
			imp.Name = cell
		case "source":
			imp.Source = cell
		case "region":
			imp.Region = cell
		case "icb":
			imp.ICB = cell
		case "place":
			imp.Place = cell
		case "maxAge":
			imp.MaxAge = cell
		case "maxAreas":
			if cell == "" {
				continue
			}
			n, err := strconv.Atoi(cell)
			if err != nil || n < 1 {
				problems = append(problems, fmt.Sprintf("maxAreas %q must be a whole number of at least 1, or left empty for the default %d", cell, DefaultImportMaxAreas))
				continue
			}
			imp.MaxAreas = &n
		}
	}
	switch {
	case imp.Name == "":
		problems = append(problems, "has no name: give each source a short name in lower case with hyphens, such as \"northshire\"")
	case !SlugRE.MatchString(imp.Name):
		problems = append(problems, fmt.Sprintf("name %q is not a name: use lower-case letters, digits and hyphens, such as \"northshire\"", imp.Name))
	}
	if imp.Source == "" {
		problems = append(problems, "has no source: give the address of the other site's data/blueprints.json")
	} else if _, err := ImportSource(imp.Source); err != nil {
		problems = append(problems, fmt.Sprintf("source %q %v", imp.Source, err))
	}
	for _, s := range []string{imp.Name, imp.Source, imp.Region, imp.ICB, imp.Place} {
		if msg := ControlCharProblem(s); msg != "" {
			problems = append(problems, fmt.Sprintf("%q %s", s, msg))
		}
	}
	if _, err := ParseMaxAge(imp.MaxAge); err != nil {
		problems = append(problems, "maxAge "+err.Error())
	}
	return imp, problems
}

// csvError names the line of a file that is not CSV.
func csvError(file string, err error) *Error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: file, Line: pe.StartLine, Msg: fmt.Sprintf("is not valid CSV: %v: a cell with a comma or a quote in it must be in double quotes, with each quote doubled", pe.Err)}
	}
	return &Error{File: file, Msg: "cannot read: " + err.Error()}
}
