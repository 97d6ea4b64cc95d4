package builder

import (
	"errors"
	"io/fs"
	"path"

	"intkb/builder/model"
)

// This file reads the list file of sources that site.toml's [imports]
// list names: a CSV file an analyst keeps in Excel, one source a row
// (see model.ParseImportList). Its rows join site.toml's [[import]]
// tables, after them, so that everything else (limits, fetching, the
// checks before publishing) treats them alike; a warning about one names
// the list file and the row's line.

// readImportList appends the rows of cfg's list file to cfg.Imports, or
// returns the errors that name its lines. The file is read through fsys,
// so it cannot be outside the site's folder.
func readImportList(fsys fs.FS, cfg *model.Config) error {
	name := path.Clean(cfg.ImportLimit.List)
	data, err := readRegular(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return &model.Error{File: "site.toml", Field: "imports.list", Msg: "names the list file " + name + ", which is not there: check its path from the site's folder, such as data/sources.csv"}
	}
	if err != nil {
		return &model.Error{File: name, Msg: "cannot read the list of sources: " + unwrapPathError(err)}
	}
	rows, err := model.ParseImportList(name, data, cfg.Imports)
	if err != nil {
		return err
	}
	cfg.Imports = append(cfg.Imports, rows...)
	return nil
}

// importAt returns where a warning about imp points: its row of a list
// file, or its [[import]] in site.toml.
func importAt(imp model.Import) (file string, line int) {
	if imp.File != "" {
		return imp.File, imp.Line
	}
	return "site.toml", imp.Line
}
