package builder

import (
	"fmt"
	"strings"

	"intkb/builder/model"
)

// This file writes open data's records as rows of blueprints.csv.

// flatRecord flattens a record into its CSV columns, each with its
// values: a table's keys by dotted keys, a list's items and each field of
// a list of tables one value per item, in order. A null is one value, nil.
func flatRecord(rec jsonObject) map[string][]any {
	flat := map[string][]any{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case jsonObject:
			for _, f := range v {
				walk(model.Join(prefix, f.Key), f.Value)
			}
		case []any:
			flat[prefix] = []any{}
			for _, item := range v {
				obj, ok := item.(jsonObject)
				if !ok {
					flat[prefix] = append(flat[prefix], item)
					continue
				}
				for _, f := range obj {
					col := model.Join(prefix, f.Key)
					flat[col] = append(flat[col], f.Value)
				}
			}
		default:
			flat[prefix] = []any{v}
		}
	}
	walk("", rec)
	return flat
}

// csvRow flattens a record into the CSV columns: lists (and each field of
// a list of tables) joined with "; ", null as empty, and a cell a
// spreadsheet would take for a formula made text (see model.CSVCell).
func csvRow(rec jsonObject, fields []OpenDataField) []string {
	flat := flatRecord(rec)
	var row []string
	for _, f := range fields {
		if f.Column != "" {
			items := make([]string, len(flat[f.Column]))
			for i, v := range flat[f.Column] {
				items[i] = csvScalar(v)
			}
			row = append(row, model.CSVCell(strings.Join(items, "; ")))
		}
	}
	return row
}

func csvScalar(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return fmt.Sprint(v)
}

// csvHeader returns the CSV's header: the column of each field that has
// one, in order. The CSVW metadata names the same columns.
func csvHeader(fields []OpenDataField) []string {
	var header []string
	for _, f := range fields {
		if f.Column != "" {
			header = append(header, f.Column)
		}
	}
	return header
}
