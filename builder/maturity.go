package builder

import (
	"intkb/builder/compare"
	"intkb/builder/model"
)

// This file describes the maturity scale that blueprints' [maturity]
// tables use, level by level, for the self-assessment page. The
// dimensions themselves are the score fields of model.Maturity (see
// model.MaturityDimensions); every one must have a description here for
// each of the six levels (a test checks).

// A MaturityDimension is one dimension of the self-assessment and what
// each of its levels looks like.
type MaturityDimension struct {
	Key, Label, Desc string
	Levels           []MaturityLevel
}

// A MaturityLevel is one point of the 0 to 5 scale on one dimension.
type MaturityLevel struct {
	Score int
	Name  string // the same for every dimension, such as Developing
	Desc  string // what the level looks like on this dimension
}

// maturityLevelNames names the points of the scale, 0 to 5.
var maturityLevelNames = [6]string{"Not started", "Beginning", "Developing", "In place", "Embedded", "Established"}

// maturityLevels says what each level looks like, by dimension key.
var maturityLevels = map[string][6]string{
	"shared_purpose": {
		"There is no shared statement of what the team is for; each partner has its own idea.",
		"Partners have started to talk about purpose, prompted by a gap or frustration they share.",
		"A draft purpose exists, but not every partner has agreed it or uses it.",
		"Partners have agreed a purpose rooted in local needs, and staff in some neighbourhoods can say what it is.",
		"The purpose guides decisions about cohorts, roles and money in most neighbourhoods.",
		"Every partner owns the purpose, and it is revisited each year with the people the team serves.",
	},
	"leadership": {
		"Nobody is named to lead the work on any side.",
		"An enthusiast leads informally, without a sponsor who can commit money or time.",
		"Some partners have named a sponsor or an implementer, but not both.",
		"Each main partner has a named sponsor and implementer, though gaps open when people move on.",
		"Sponsors and implementers on every side meet regularly and act on what they agree.",
		"Leadership is shared and lasting: deputies are named, and decisions hold when people change.",
	},
	"information_sharing": {
		"Team members cannot see each other's records; information moves by phone and email.",
		"Information is shared case by case, with no agreed process.",
		"A data sharing agreement is in place, but most members can see only part of the record.",
		"Core members can see a shared record or care plan; some partners are still outside it.",
		"Every core member uses and updates a shared care plan in day-to-day work.",
		"Records and data reach every member who needs them, voluntary sector partners included, with people's agreement.",
	},
	"workforce": {
		"Staff take part in their own time, on top of their existing jobs.",
		"A few people have time set aside, through goodwill rather than agreement.",
		"Time for the team is agreed for core roles, but contracts and line management stay separate.",
		"Core roles have protected time and clear responsibilities, with secondments or honorary contracts where needed.",
		"Members train together, cover for each other and share induction and supervision.",
		"The team works as one workforce: roles are simple, continuity is planned and recruitment is joint.",
	},
	"population_health": {
		"The team sees only the people referred to it; no data is used to find others.",
		"Data on the local population was gathered once, for a bid or a needs assessment.",
		"Some searches or risk lists are run, but they are not yet linked to who the team sees.",
		"Agreed searches or risk stratification find people for at least one cohort.",
		"Linked data is used routinely to find people, plan capacity and check who is missed.",
		"Population data shapes the team's cohorts, offer and evaluation, reviewed with partners and communities.",
	},
	"community_voice": {
		"People who use services and local communities are not involved.",
		"People are told about the team once decisions have been made.",
		"People are asked for their views, in a survey or at an event, and told what changed.",
		"People with lived experience have named roles, such as a seat on the steering group.",
		"Community groups and people with lived experience help design and review the service.",
		"Communities share decisions about priorities and measures, and the voluntary sector is a full partner.",
	},
}

// MaturityScale returns every dimension of the self-assessment with a
// description of each level, in order.
func MaturityScale() []MaturityDimension {
	var out []MaturityDimension
	for _, d := range model.MaturityDimensions() {
		md := MaturityDimension{Key: d.Key, Label: d.Label, Desc: d.Desc}
		descs := maturityLevels[d.Key]
		for score, name := range maturityLevelNames {
			md.Levels = append(md.Levels, MaturityLevel{Score: score, Name: name, Desc: descs[score]})
		}
		out = append(out, md)
	}
	return out
}

// SelfAssessment is what the self-assessment page shows: the scale, and a
// radar that the page's script fills in as a team scores itself.
type SelfAssessment struct {
	Dimensions []MaturityDimension
	LevelNames []string
	Radar      *compare.RadarPlot
	// CSVFormulaLeads are the characters that, at the start of a cell of
	// the CSV the script writes, get a single quote before them (see
	// CSVFormulaLeads): the page hands them to the script, so the rule is
	// kept in one place.
	CSVFormulaLeads string
}

func selfAssessmentView() *View {
	radar := compare.ScoringRadar("radar-self", "self", "Your maturity scores",
		"A radar chart with a spoke for each maturity dimension, scored from 0 at the centre to 5 at the edge, drawn from the answers chosen in the form. The table beside it gives the same.")
	return &View{Kind: "self-assessment", Title: "Maturity self-assessment",
		Summary: "Score your neighbourhood team on six dimensions of maturity, see the shape of your answers and take them away. Nothing you enter leaves your device.",
		Crumbs:  []Crumb{{"Home", ""}},
		Data: &SelfAssessment{Dimensions: MaturityScale(), LevelNames: maturityLevelNames[:], Radar: radar,
			CSVFormulaLeads: model.CSVFormulaLeads()}}
}
