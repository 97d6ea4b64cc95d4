package builder

import (
	"fmt"
	"time"

	"intkb/builder/model"
	"intkb/builder/publish"
)

// This file describes the open data for data tools, in the standards
// GOV.UK's guidance on publishing data names: the CSV's columns as CSVW
// metadata (W3C's "Metadata Vocabulary for Tabular Data"), the files as a
// DCAT catalogue, as data.gov.uk reads one, and the same as a schema.org
// Dataset on the /data/ page, which search engines read. Each is made
// from what the files themselves are made from: the CSV's columns from
// OpenDataFields, the licence and names from site.toml, and the dates
// from the blueprints' updated dates, never the clock, so that building
// the same content twice gives the same files.

const (
	csvwFile    = "data/blueprints.csv-metadata.json"
	catalogFile = "data/catalog.jsonld"
	// openDataSummary says what the open data is, on the /data/ page and
	// in the catalogue.
	openDataSummary = "Every area's blueprint as an Excel workbook to read, and as JSON and CSV to reuse, compare and import into another knowledge base."
)

// writeOpenDataMeta writes the files that describe the open data: its
// JSON Schema, the CSV's CSVW metadata and the DCAT catalogue.
func (s *snapshot) writeOpenDataMeta(out *publish.Output, schema jsonObject, fields []OpenDataField) error {
	files := []struct {
		name string
		v    any
	}{
		{schemaFile, schema},
		{csvwFile, s.csvMetadata(fields)},
		{historyCSVW, s.historyMetadata()},
		{catalogFile, s.catalog()},
	}
	for _, f := range files {
		data, err := encodeJSON(f.v)
		if err != nil {
			return fmt.Errorf("builder: writing %s: %w", f.name, err)
		}
		if err := out.Write(f.name, data); err != nil {
			return err
		}
	}
	return nil
}

// distribution is one file of the open data.
type distribution struct {
	file, title, mediaType string
	conformsTo             string // the file of the schema it meets, or ""
}

// distributions lists the open data's files, for the catalogue and the
// /data/ page's Dataset.
var distributions = []distribution{
	{"data/blueprints.json", "Blueprints as JSON", "application/json", schemaFile},
	{"data/blueprints.csv", "Blueprints as CSV", "text/csv", ""},
	{workbookFile, "Blueprints as an Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ""},
	{schemaFile, "JSON Schema of the JSON files", "application/schema+json", ""},
	{csvwFile, "CSVW metadata describing the CSV file's columns", "application/csvm+json", ""},
	{historyCSV, "How the blueprints changed, as CSV: a row per change", "text/csv", ""},
	{historyCSVW, "CSVW metadata describing the history CSV file's columns", "application/csvm+json", ""},
}

// csvMetadata describes data/blueprints.csv as CSVW metadata: one column
// for each column csvHeader names, in its order, with its type, and
// required where a value is.
func (s *snapshot) csvMetadata(fields []OpenDataField) jsonObject {
	var cols []any
	for _, f := range fields {
		if f.Column == "" {
			continue
		}
		title := columnHeading(f)
		if f.sheet != "" {
			title = f.sheet + ": " + title
		}
		col := jsonObject{{"name", f.Column}, {"titles", title}, {"datatype", csvDatatype(f)}, {"required", f.Required}}
		if f.list {
			col = append(col, jsonField{"separator", "; "})
		}
		if f.Doc != "" {
			col = append(col, jsonField{"dc:description", f.Doc})
		}
		cols = append(cols, col)
	}
	md := jsonObject{
		{"@context", "http://www.w3.org/ns/csvw"},
		{"url", "blueprints.csv"},
		{"dc:title", s.cfg.Title + ": local INT blueprints"},
		{"dc:description", "One row per area's blueprint. A list is one cell, its items joined by a semicolon and a space; a cell a spreadsheet would read as a formula begins with a single quote. Described in words at " + s.absURL("data/") + "."},
	}
	if l := s.licenceRef(); l != "" {
		md = append(md, jsonField{"dc:license", l})
	}
	return append(md, jsonField{"dc:publisher", s.publisher()}, jsonField{"tableSchema", jsonObject{{"columns", cols}, {"primaryKey", "slug"}}})
}

// csvDatatype is the CSVW datatype of f's column.
func csvDatatype(f OpenDataField) any {
	switch {
	case f.url:
		return "anyURI"
	case f.kind == model.KindInteger:
		return "integer"
	case f.kind == model.KindScore:
		return jsonObject{{"base", "integer"}, {"minimum", model.MinScore}, {"maximum", model.MaxScore}}
	case f.kind == model.KindBool:
		return "boolean"
	case f.kind == model.KindDate:
		return "date"
	}
	return "string"
}

// licenceRef is the licence as data tools read it: its URL, absolute, or
// else its name, or "" for none.
func (s *snapshot) licenceRef() string {
	if s.cfg.LicenceURL != "" {
		return s.absURL(s.cfg.LicenceURL)
	}
	return s.cfg.Licence
}

// publisher names who publishes the data: the organisation in the site's
// header, or else the site.
func (s *snapshot) publisher() string {
	if s.cfg.Header.Name != "" {
		return s.cfg.Header.Name
	}
	return s.cfg.Title
}

// openDataDates returns the first and last of the published blueprints'
// updated dates, as YYYY-MM-DD, or "" and "" for none: the catalogue's
// issued and modified.
func (s *snapshot) openDataDates() (first, last string) {
	var lo, hi time.Time
	for _, p := range s.blueprintPages() {
		t := p.Meta.Updated.Time
		if lo.IsZero() || t.Before(lo) {
			lo = t
		}
		if t.After(hi) {
			hi = t
		}
	}
	if hi.IsZero() {
		return "", ""
	}
	return lo.Format(time.DateOnly), hi.Format(time.DateOnly)
}

// dcatContext is the catalogue's JSON-LD context, given in the file so
// that no reader needs to fetch one.
var dcatContext = jsonObject{
	{"dcat", "http://www.w3.org/ns/dcat#"},
	{"dct", "http://purl.org/dc/terms/"},
	{"foaf", "http://xmlns.com/foaf/0.1/"},
	{"xsd", "http://www.w3.org/2001/XMLSchema#"},
	{"dct:issued", jsonObject{{"@type", "xsd:date"}}},
	{"dct:modified", jsonObject{{"@type", "xsd:date"}}},
	{"dct:license", jsonObject{{"@type", "@id"}}},
	{"dct:conformsTo", jsonObject{{"@type", "@id"}}},
	{"dcat:landingPage", jsonObject{{"@type", "@id"}}},
	{"dcat:downloadURL", jsonObject{{"@type", "@id"}}},
	{"dcat:accessURL", jsonObject{{"@type", "@id"}}},
}

// catalog is the DCAT catalogue of the open data: one dataset, the
// blueprints, with a distribution for each file.
func (s *snapshot) catalog() jsonObject {
	publisher := jsonObject{{"@type", "foaf:Organization"}, {"foaf:name", s.publisher()}}
	ds := jsonObject{
		{"@id", s.absURL("data/#blueprints")},
		{"@type", "dcat:Dataset"},
		{"dct:title", s.cfg.Title + ": local INT blueprints"},
		{"dct:description", openDataSummary},
		{"dcat:landingPage", s.absURL("data/")},
		{"dct:publisher", publisher},
	}
	ds = append(ds, s.licenceTerms()...)
	if first, last := s.openDataDates(); last != "" {
		ds = append(ds, jsonField{"dct:issued", first}, jsonField{"dct:modified", last})
	}
	var dists []any
	for _, d := range distributions {
		dist := jsonObject{{"@type", "dcat:Distribution"}, {"dct:title", d.title},
			{"dcat:downloadURL", s.absURL(d.file)}, {"dcat:accessURL", s.absURL(d.file)}, {"dcat:mediaType", d.mediaType}}
		if d.conformsTo != "" {
			dist = append(dist, jsonField{"dct:conformsTo", s.absURL(d.conformsTo)})
		}
		dists = append(dists, append(dist, s.licenceTerms()...))
	}
	ds = append(ds, jsonField{"dcat:distribution", dists})
	cat := jsonObject{
		{"@context", dcatContext},
		{"@id", s.absURL(catalogFile)},
		{"@type", "dcat:Catalog"},
		{"dct:title", s.cfg.Title},
	}
	if s.cfg.Description != "" {
		cat = append(cat, jsonField{"dct:description", s.cfg.Description})
	}
	cat = append(cat, jsonField{"foaf:homepage", jsonObject{{"@id", s.absURL("")}}}, jsonField{"dct:publisher", publisher})
	return append(cat, jsonField{"dcat:dataset", []any{ds}})
}

// licenceTerms are the DCAT terms of the licence: its URL as
// dct:license, or its name alone as dct:rights.
func (s *snapshot) licenceTerms() jsonObject {
	switch {
	case s.cfg.LicenceURL != "":
		return jsonObject{{"dct:license", s.absURL(s.cfg.LicenceURL)}}
	case s.cfg.Licence != "":
		return jsonObject{{"dct:rights", s.cfg.Licence}}
	}
	return nil
}

// datasetLD is the open data as a schema.org Dataset, for the /data/
// page's JSON-LD.
func (s *snapshot) datasetLD() jsonObject {
	org := jsonObject{{"@type", "Organization"}, {"name", s.publisher()}}
	ds := jsonObject{
		{"@context", "https://schema.org"},
		{"@type", "Dataset"},
		{"@id", s.absURL("data/#blueprints")},
		{"name", s.cfg.Title + ": local INT blueprints"},
		{"description", openDataSummary},
		{"url", s.absURL("data/")},
		{"isAccessibleForFree", true},
		{"creator", org},
		{"publisher", org},
	}
	if l := s.licenceRef(); l != "" {
		ds = append(ds, jsonField{"license", l})
	}
	if s.cfg.Attribution != "" {
		ds = append(ds, jsonField{"creditText", s.cfg.Attribution})
	}
	if first, last := s.openDataDates(); last != "" {
		ds = append(ds, jsonField{"datePublished", first}, jsonField{"dateModified", last})
	}
	var dists []any
	for _, d := range distributions {
		dists = append(dists, jsonObject{{"@type", "DataDownload"}, {"name", d.title}, {"encodingFormat", d.mediaType}, {"contentUrl", s.absURL(d.file)}})
	}
	return append(ds, jsonField{"distribution", dists})
}
