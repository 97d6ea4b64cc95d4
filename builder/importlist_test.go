package builder

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"intkb/builder/compare"
	"intkb/builder/model"
)

func TestImportListErrorsNameTheLine(t *testing.T) {
	for _, tt := range []struct {
		name, list string
		want       []string
	}{
		{"empty", "", []string{"data/sources.csv:1: is empty: its first row must name the columns"}},
		{"no source column", "name,region\nnorth,North West\n", []string{`data/sources.csv:1: the header has no "source" column`}},
		{"unknown column", "name,source,ICB name\n", []string{`data/sources.csv:1: the header's column 3 is "ICB name", which is not one of name, source, region, icb, place, maxAreas, maxAge: rename or delete it`}},
		{"semicolons", "name;source\nnorth;data/north.json\n", []string{"data/sources.csv:1: its columns are separated by semicolons"}},
		{"bad rows", "Name,Source,maxAreas,maxAge\n" +
			"north,data/north.json,,\n" +
			",data/x.json,,\n" +
			"North Side,ftp://example.org/b.json,0,a week\n" +
			"north,data/other.json,,\n" +
			"trees,data/trees.json,,\n" +
			"far,data/far.json,5,7d,extra\n",
			[]string{
				"data/sources.csv:3: has no name: give each source a short name",
				`data/sources.csv:4: name "North Side" is not a name: use lower-case letters`,
				`data/sources.csv:4: source "ftp://example.org/b.json" is not an http or https URL`,
				`data/sources.csv:4: maxAreas "0" must be a whole number of at least 1`,
				`data/sources.csv:4: maxAge "a week" is not an age: write it as whole days, such as 7d, or hours, such as 36h`,
				`data/sources.csv:5: name "north" is listed twice, also at data/sources.csv:2: give each source a name of its own`,
				`data/sources.csv:6: name "trees" is listed twice, also at site.toml:12`,
				"data/sources.csv:7: has 5 cells, but the header names 4 columns",
			}},
		{"not CSV", "name,source\nnorth,\"data/north.json\nsouth,data/south.json\n", []string{"data/sources.csv:2: is not valid CSV"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := importingSite("[imports]\nlist = \"data/sources.csv\"\n\n[[import]]\nname = \"trees\"\nsource = \"imports/trees.json\"\n", "-- data/sources.csv --\n"+tt.list)
			_, _, err := buildImporting(t, site, Options{})
			if err == nil {
				t.Fatal("a bad list file was accepted")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the errors lack\n\t%s\ngot\n%v", w, err)
				}
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		_, _, err := buildImporting(t, importingSite("[imports]\nlist = \"data/none.csv\"\n", ""), Options{})
		if err == nil || !strings.Contains(err.Error(), "site.toml: imports.list: names the list file data/none.csv, which is not there") {
			t.Errorf("a missing list file: %v", err)
		}
	})
}

// TestImportListRows checks that each row of a list file is an import
// with its labels and its own maxAreas, and that [imports] maxAreas
// counts them all, with warnings naming the row.
func TestImportListRows(t *testing.T) {
	data := otherSiteData(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.ReplaceAll(data, "https://example.org/", "https://example.org"+r.URL.Path+"/")))
	}))
	defer srv.Close()
	list := "\ufeffname,source,region,icb,place,maxAreas\r\n" +
		"north," + srv.URL + "/north,North West,Northshire ICB,Tarn,\r\n" +
		",,,,,\r\n" +
		"east," + srv.URL + "/east,,East ICB,,1\r\n" +
		"south," + srv.URL + "/south,,,,\r\n"
	site := importingSite("[imports]\nlist = \"data/sources.csv\"\nmaxAreas = 6\n", "-- data/sources.csv --\n"+list)
	res, _, err := buildImporting(t, site, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]model.Grouping{}
	for _, c := range res.Site.Compare(compare.Query{}).Columns {
		if c.Imported {
			got[c.Key] = c.Grouping
		}
	}
	want := map[string]model.Grouping{
		"north/alder": {Region: "North West", ICB: "Northshire ICB", Place: "Tarn"},
		"north/birch": {Region: "North West", ICB: "Northshire ICB", Place: "Tarn"},
		"north/cedar": {Region: "North West", ICB: "Northshire ICB", Place: "Tarn"},
		"east/alder":  {Region: "North West", ICB: "East ICB"},
		"south/alder": {Region: "North West", ICB: "Alder ICB"},
		"south/birch": {},
	}
	if len(got) != len(want) {
		t.Errorf("imported %v, want %v", got, want)
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("%s is grouped %+v (imported %t), want %+v", k, g, ok, w)
		}
	}
	for _, w := range []string{
		`data/sources.csv:4: import "east": it holds 3 areas, more than its maxAreas of 1`,
		`data/sources.csv:5: import "south": the imports give more than [imports] maxAreas, 6 areas in all: 1 of this import's areas are left out`,
	} {
		if !strings.Contains(strings.Join(res.Warnings, "\n"), w) {
			t.Errorf("the warnings lack\n\t%s\ngot %q", w, res.Warnings)
		}
	}
}
