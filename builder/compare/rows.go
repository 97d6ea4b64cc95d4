package compare

import (
	"slices"
	"strconv"
	"strings"

	"intkb/builder/model"
)

// This file declares the rows of the comparison's matrix, grouped as the
// blueprint is, and how each field's value is shown in words.

// rowSpec says how to show one field of the blueprint.
type rowSpec struct {
	key, label string
	compared   bool
	cell       func(vs model.Vocabs, bp *model.Blueprint) Cell
}

type groupSpec struct {
	id, title string
	rows      []rowSpec
}

// compareLayout is the matrix: the blueprint's comparison fields, grouped
// as the blueprint is, in the order a reader meets them.
var compareLayout = []groupSpec{
	{"needs", "Needs", []rowSpec{
		{"needs.footprint", "Footprint", false, func(vs model.Vocabs, bp *model.Blueprint) Cell { return textCell(bp.Needs.Footprint) }},
		{"needs.population", "Population", false, func(vs model.Vocabs, bp *model.Blueprint) Cell { return numberCell(bp.Needs.Population) }},
		{"needs.neighbourhoods", "Neighbourhoods", false, func(vs model.Vocabs, bp *model.Blueprint) Cell { return numberCell(bp.Needs.Neighbourhoods) }},
		{"needs.neighbourhood_size", "Neighbourhood size", false, func(vs model.Vocabs, bp *model.Blueprint) Cell { return sizeCell(bp.Needs) }},
		{"needs.statement", "Needs statement", false, func(vs model.Vocabs, bp *model.Blueprint) Cell { return textCell(bp.Needs.Statement) }},
		{"cohorts", "Cohorts served", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return listCell(vs, "cohort", bp.Cohorts, bp.CohortsNote)
		}},
	}},
	{"function", "Function", []rowSpec{
		{"function.integration_level", "Integration level", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return valueCell(vs, "integration_level", bp.Function.IntegrationLevel, bp.Function.IntegrationLevelNote)
		}},
		{"function.case_finding", "Case finding", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return listCell(vs, "case_finding", bp.Function.CaseFinding, bp.Function.CaseFindingNote)
		}},
		{"function.coordinator", "Care coordinator", false, func(vs model.Vocabs, bp *model.Blueprint) Cell { return textCell(bp.Function.Coordinator) }},
		{"function.activities", "What the team does", false, func(vs model.Vocabs, bp *model.Blueprint) Cell { return textsCell(bp.Function.Activities) }},
		{"function.decision_sharing", "How the person hears the decision", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return listCell(vs, "decision_sharing", bp.Function.DecisionSharing, bp.Function.DecisionSharingNote)
		}},
		{"function.role_boundaries", "Across professional boundaries", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return listCell(vs, "role_boundary", bp.Function.RoleBoundaries, bp.Function.RoleBoundariesNote)
		}},
	}},
	{"form", "Form", []rowSpec{
		{"form.origin", "Origin", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return valueCell(vs, "origin", bp.Form.Origin, bp.Form.OriginNote)
		}},
		{"form.mdt_cadence", "MDT meets", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return valueCell(vs, "mdt_cadence", bp.Form.MDTCadence, "")
		}},
		{"form.mdt_mode", "MDT mode", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return valueCell(vs, "mdt_mode", bp.Form.MDTMode, bp.Form.MDTNote)
		}},
		{"form.members.organisation", "Organisations in the team", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return listCell(vs, "organisation", memberValues(bp.Form.Members, func(m model.Member) string { return m.Organisation }), "")
		}},
		{"form.members.arrangement", "How members join", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return listCell(vs, "arrangement", memberValues(bp.Form.Members, func(m model.Member) string { return m.Arrangement }), "")
		}},
		{"form.members.core", "Core members", false, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return membersCell(vs, bp.Form.Members, "core")
		}},
		{"form.members.on_call", "On-call members", false, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return membersCell(vs, bp.Form.Members, "on_call")
		}},
		{"form.members_note", "About membership", false, func(vs model.Vocabs, bp *model.Blueprint) Cell { return textCell(bp.Form.MembersNote) }},
		{"form.person_in_mdt", "People and carers in the MDT", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return valueCell(vs, "person_in_mdt", bp.Form.PersonInMDT, bp.Form.PersonInMDTNote)
		}},
		{"form.team_links", "Working with other teams", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return listCell(vs, "team_link", bp.Form.TeamLinks, bp.Form.TeamLinksNote)
		}},
		{"form.specialist_support", "Specialist support", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return listCell(vs, "specialist_support", bp.Form.SpecialistSupport, bp.Form.SpecialistSupportNote)
		}},
	}},
	{"governance", "Governance", []rowSpec{
		{"governance.accountable_body", "Accountable body", false, func(vs model.Vocabs, bp *model.Blueprint) Cell { return textCell(bp.Governance.AccountableBody) }},
		{"governance.collective_accountability", "Collective accountability", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return yesNoCell(bp.Governance.CollectiveAccountability, bp.Governance.Note)
		}},
	}},
	{"finance", "Finance", []rowSpec{
		{"finance.budget", "Budget", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return valueCell(vs, "budget", bp.Finance.Budget, bp.Finance.Note)
		}},
		{"finance.recurrent", "Recurrent funding", true, func(vs model.Vocabs, bp *model.Blueprint) Cell { return yesNoCell(bp.Finance.Recurrent, "") }},
	}},
	{"digital", "Digital", []rowSpec{
		{"digital.record", "Shared record", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return valueCell(vs, "record", bp.Digital.Record, bp.Digital.Note)
		}},
	}},
	{"participation", "Participation", []rowSpec{
		{"participation.vcse", "Voluntary sector (VCSE)", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return valueCell(vs, "participation", bp.Participation.VCSE, "")
		}},
		{"participation.community_pharmacy", "Community pharmacy", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return valueCell(vs, "participation", bp.Participation.CommunityPharmacy, "")
		}},
		{"participation.dentistry", "Dentistry", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return valueCell(vs, "participation", bp.Participation.Dentistry, "")
		}},
		{"participation.optometry", "Optometry", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return valueCell(vs, "participation", bp.Participation.Optometry, "")
		}},
		{"participation.lived_experience", "Lived-experience roles", false, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return textsCell(bp.Participation.LivedExperience)
		}},
		{"participation.note", "About participation", false, func(vs model.Vocabs, bp *model.Blueprint) Cell { return textCell(bp.Participation.Note) }},
	}},
	{"measures", "Measures and evaluation", []rowSpec{
		{"measures.measures", "Measures", false, func(vs model.Vocabs, bp *model.Blueprint) Cell { return textsCell(bp.Measures.Measures) }},
		{"measures.evaluation", "Evaluation", false, func(vs model.Vocabs, bp *model.Blueprint) Cell { return textCell(bp.Measures.Evaluation) }},
		{"measures.evaluation_type", "Kind of evaluation", true, func(vs model.Vocabs, bp *model.Blueprint) Cell {
			return valueCell(vs, "evidence_type", bp.Measures.EvaluationType, "")
		}},
	}},
}

func textCell(s string) Cell {
	if s = strings.TrimSpace(s); s == "" {
		return Cell{}
	}
	return Cell{Values: []string{s}, Match: s}
}

func textsCell(items []string) Cell {
	return Cell{Values: slices.Clone(items), List: true, Match: strings.Join(items, "\n")}
}

func numberCell(n int) Cell {
	if n == 0 {
		return Cell{}
	}
	return Cell{Values: []string{model.NumberText(n)}, Match: strconv.Itoa(n)}
}

func sizeCell(n model.BlueprintNeeds) Cell {
	switch {
	case n.NeighbourhoodLo > 0 && n.NeighbourhoodHi > 0 && n.NeighbourhoodLo != n.NeighbourhoodHi:
		return Cell{Values: []string{model.NumberText(n.NeighbourhoodLo) + " to " + model.NumberText(n.NeighbourhoodHi) + " people"}}
	case n.NeighbourhoodLo > 0:
		return Cell{Values: []string{"From " + model.NumberText(n.NeighbourhoodLo) + " people"}}
	case n.NeighbourhoodHi > 0:
		return Cell{Values: []string{"Up to " + model.NumberText(n.NeighbourhoodHi) + " people"}}
	}
	return Cell{}
}

// valueCell shows one controlled value in words.
func valueCell(vs model.Vocabs, vocab, value, note string) Cell {
	c := Cell{Note: strings.TrimSpace(note), Match: value}
	if value != "" {
		c.Values = []string{vs.Label(vocab, value)}
	}
	return c
}

// listCell shows a list of controlled values in words, in the
// vocabulary's order so that areas line up.
func listCell(vs model.Vocabs, vocab string, values []string, note string) Cell {
	v := vs[vocab]
	ordered := slices.Clone(values)
	slices.SortStableFunc(ordered, func(a, b string) int { return termIndex(v, a) - termIndex(v, b) })
	c := Cell{List: true, Note: strings.TrimSpace(note), Match: strings.Join(ordered, " ")}
	for _, val := range ordered {
		c.Values = append(c.Values, v.Label(val))
	}
	return c
}

// termIndex is value's place in v, with unknown values last.
func termIndex(v *model.Vocab, value string) int {
	for i, t := range v.Terms {
		if t.Value == value {
			return i
		}
	}
	return len(v.Terms)
}

func yesNoCell(b bool, note string) Cell {
	c := Cell{Values: []string{"No"}, Note: strings.TrimSpace(note), Match: "false"}
	if b {
		c.Values, c.Match = []string{"Yes"}, "true"
	}
	return c
}

// memberValues returns the distinct values of one member field.
func memberValues(members []model.Member, field func(model.Member) string) []string {
	var out []string
	for _, m := range members {
		if v := field(m); !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// membersCell lists the roles with one commitment, each with the kind of
// organisation that employs them.
func membersCell(vs model.Vocabs, members []model.Member, commitment string) Cell {
	c := Cell{List: true}
	for _, m := range members {
		if m.Commitment == commitment {
			c.Values = append(c.Values, m.Role+" ("+vs.Label("organisation", m.Organisation)+")")
		}
	}
	if len(c.Values) == 0 {
		return Cell{}
	}
	return c
}
