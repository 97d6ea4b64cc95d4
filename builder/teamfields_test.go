package builder

import (
	"encoding/csv"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"intkb/builder/model"
)

// teamSite is compareSite with alder saying how decisions reach the
// person, how its members cross professional boundaries, how people and
// carers take part in its MDT, how it works with other teams and with
// specialists, and how dentistry and optometry take part, with an
// optometrist on call. birch and cedar say none of it.
var teamSite = func() string {
	s := compareSite
	for _, r := range [][2]string{
		{`coordinator = "Care coordinator"`, "coordinator = \"Care coordinator\"\ndecision_sharing = [\"written_plan\", \"coordinator_tells\"]\ndecision_sharing_note = \"Within two working days.\"\nrole_boundaries = [\"trusted_assessment\"]"},
		{`mdt_mode = "hybrid"`, "mdt_mode = \"hybrid\"\nperson_in_mdt = \"invited\"\nteam_links = [\"lead_team\", \"named_links\"]\nteam_links_note = \"With the family hub's team.\"\nspecialist_support = [\"joins_mdt\"]"},
		{"[[form.members]]\nrole = \"Social worker\"", "[[form.members]]\nrole = \"Community optometrist\"\norganisation = \"optometry\"\narrangement = \"contracted\"\ncommitment = \"on_call\"\n\n[[form.members]]\nrole = \"Social worker\""},
		{`community_pharmacy = "consulted"`, "community_pharmacy = \"consulted\"\ndentistry = \"partner\"\noptometry = \"consulted\""},
	} {
		s = strings.Replace(s, r[0], r[1], 1) // alder's, the first blueprint
	}
	return s
}()

// TestTeamFields checks that the fields for the person, the teams around
// them, specialists, dentistry and optometry reach every reader of the
// blueprint: its page, the comparison, the open data and its description,
// the workbook and the front-matter reference.
func TestTeamFields(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, writeSite(t, teamSite), dest, Options{}); err != nil {
		t.Fatal(err)
	}
	page := readOut(t, dest, "blueprints/alder/index.html")
	for _, want := range []string{
		"<dt>How the person hears the decision</dt><dd>A written plan in plain words, The coordinator tells them. <span class=\"note\">Within two working days.</span>",
		"<dt>Across professional boundaries</dt><dd>Trusted assessment</dd>",
		"<dt>People and carers in the MDT</dt><dd>Invited to their discussion</dd>",
		"<dt>Working with other teams</dt><dd>One team leads for each person, Named links. <span class=\"note\">With the family hub&#39;s team.</span>",
		"<dt>Specialist support</dt><dd>Specialists join the MDT</dd>",
		"<dt>Dentistry</dt><dd>Partner</dd>", "<dt>Optometry</dt><dd>Consulted</dd>", "<td>Optometry</td>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("alder's page lacks %s", want)
		}
	}
	if strings.Contains(readOut(t, dest, "blueprints/birch/index.html"), "People and carers in the MDT") {
		t.Error("birch's page shows a field it does not have")
	}

	m := readMatrix(t, readOut(t, dest, "compare/index.html"))
	for row, want := range map[string]string{
		"function.decision_sharing": "The coordinator tells them; A written plan in plain words; Within two working days.",
		"function.role_boundaries":  "Trusted assessment",
		"form.person_in_mdt":        "Invited to their discussion",
		"form.team_links":           "Named links; One team leads for each person; With the family hub's team.",
		"form.specialist_support":   "Specialists join the MDT",
		"participation.dentistry":   "Partner",
		"participation.optometry":   "Consulted",
	} {
		cells, ok := m[row]
		if !ok {
			t.Errorf("the comparison has no row %s", row)
			continue
		}
		if got := strings.TrimPrefix(cells["alder"].text, "◆ Differs from most areas: "); got != want {
			t.Errorf("%s: alder shows %q, want %q", row, got, want)
		}
		if _, ok := cells["birch"]; !ok {
			t.Errorf("%s: birch has no cell", row)
		}
	}

	var alder map[string]any
	for _, r := range records(t, decodeJSON(t, readOut(t, dest, "data/blueprints.json"))) {
		if r["slug"] == "alder" {
			alder = r
		}
	}
	form := alder["form"].(map[string]any)
	if form["person_in_mdt"] != "invited" || !slices.Equal(form["team_links"].([]any), []any{"lead_team", "named_links"}) {
		t.Errorf("alder's open data says %v", form)
	}
	rows, err := csv.NewReader(strings.NewReader(readOut(t, dest, "data/blueprints.csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{"function.decision_sharing", "function.role_boundaries", "form.person_in_mdt", "form.team_links", "form.specialist_support", "participation.dentistry", "participation.optometry"} {
		if !slices.Contains(rows[0], col) {
			t.Errorf("the CSV has no column %s", col)
		}
	}
	data := readOut(t, dest, "data/index.html")
	for _, want := range []string{"<code>lead_team</code>: One team leads for each person", "<code>members</code>: Members of the team", "<code>optometry</code>: Optometry"} {
		if !strings.Contains(data, want) {
			t.Errorf("/data/ does not describe %s", want)
		}
	}

	wb := readWorkbook(t, filepath.Join(dest, "data/blueprints.xlsx"))
	if got := wb.rows(t, "Blueprints")[0]["Form: team links"].String(); got != "One team leads for each person; Named links" {
		t.Errorf("the workbook's team links for alder are %q", got)
	}
	if got := wb.rows(t, "Team members")[1]["Organisation"].String(); got != "Optometry" {
		t.Errorf("the workbook's second member of alder works in %q, want Optometry", got)
	}

	var keys []string
	for _, st := range model.Schema() {
		for _, f := range st.Fields {
			if st.ID == "blueprint" && len(f.Values) > 0 {
				keys = append(keys, f.Key)
			}
		}
	}
	for _, key := range []string{"function.decision_sharing", "function.role_boundaries", "form.person_in_mdt", "form.team_links", "form.specialist_support", "participation.dentistry", "participation.optometry"} {
		if !slices.Contains(keys, key) {
			t.Errorf("the front-matter reference has no controlled key %s", key)
		}
	}
}
