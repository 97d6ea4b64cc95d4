package corpus

import (
	"encoding/json"
	"fmt"

	"intkb/builder/model"
)

// A portal is a site importing many areas' blueprints, as a region's or
// an ICB's would. Portal makes the open data of such areas from one
// site's: the benchmarks and the tests of the comparison at scale import
// it.

// PortalRegions, PortalICBs and PortalPlaces are how many of each
// Portal spreads its areas over: area I is in place I mod PortalPlaces,
// ICB I mod PortalICBs, and the region of its ICB, ICB mod
// PortalRegions. England has 7 NHS regions and 42 ICBs.
const PortalRegions, PortalICBs, PortalPlaces = 7, 42, 250

// PortalArea is where area i of a portal is and what its model says,
// each controlled value taken in turn from its list, at its own pace.
type PortalArea struct {
	Name, Region, ICB, Place, Setting         string
	Level, Origin, MDTCadence, Budget, Cohort string
}

// PortalAreaOf returns area i.
func PortalAreaOf(i int) PortalArea {
	nth := func(list string, k int) string {
		terms := model.Vocabularies[list].Terms
		return terms[k%len(terms)].Value
	}
	icb := i % PortalICBs
	place := fmt.Sprintf("Place %03d", i%PortalPlaces)
	return PortalArea{
		Name: fmt.Sprintf("Network %04d of %s", i, place), Region: fmt.Sprintf("Region %d", icb%PortalRegions),
		ICB: fmt.Sprintf("Integrated Care Board %02d", icb), Place: place, Setting: []string{"Rural", "Urban", "Coastal", "Market towns"}[i%4],
		Level: nth("integration_level", i), Origin: nth("origin", i/3), MDTCadence: nth("mdt_cadence", i/5), Budget: nth("budget", i/7), Cohort: nth("cohort", i/2),
	}
}

// Portal returns a blueprints.json of n areas, area-0 to area-N, at
// https://HOST/blueprints/area-I/, made from data, another site's
// blueprints.json: each a copy of its first blueprint, placed and varied
// as PortalAreaOf says.
func Portal(data []byte, n int, host string) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("corpus: reading the blueprints to copy: %w", err)
	}
	bps, _ := doc["blueprints"].([]any)
	if len(bps) == 0 {
		return nil, fmt.Errorf("corpus: the blueprints to copy hold none")
	}
	first, err := json.Marshal(bps[0])
	if err != nil {
		return nil, err
	}
	records := make([]any, n)
	for i := range records {
		var r map[string]any
		if err := json.Unmarshal(first, &r); err != nil {
			return nil, err
		}
		a := PortalAreaOf(i)
		r["slug"] = fmt.Sprintf("area-%d", i)
		r["title"] = fmt.Sprintf("Primary care network %d model", i)
		r["url"] = fmt.Sprintf("https://%s/blueprints/area-%d/", host, i)
		r["area"] = fmt.Sprintf("area-%d", i)
		r["area_name"], r["area_region"], r["area_icb"], r["area_place"], r["area_setting"] = a.Name, a.Region, a.ICB, a.Place, a.Setting
		r["cohorts"] = []string{a.Cohort}
		set := func(table, key, value string) {
			if m, ok := r[table].(map[string]any); ok {
				m[key] = value
			}
		}
		set("function", "integration_level", a.Level)
		set("form", "origin", a.Origin)
		set("form", "mdt_cadence", a.MDTCadence)
		set("finance", "budget", a.Budget)
		delete(r, "history")
		delete(r, "maturity")
		records[i] = r
	}
	doc["blueprints"] = records
	return json.Marshal(doc)
}
