package model

// This file holds the typed front matter of every content type. Struct tags
// carry the rules that validate.go enforces and that the authoring guide
// prints:
//
//	toml:"key"      the key authors write
//	req:"true"      the key must be present and not empty
//	vocab:"name"    a value (or each value of a list) must be in Vocabularies[name]
//	url:"true"      a link: an http or https URL or a path inside the site (siteurl.go)
//	url:"external"  a link to another site: an http or https URL only
//	doc:"..."       one line for the authoring guide
//	sheet:"NAME"    a list of tables that the open data's workbook
//	                (data/blueprints.xlsx) gives a sheet of its own, one row per table
//	field:"PATH"    a key of a [[history]] entry: the blueprint key, such as
//	                function.integration_level, whose earlier value it gives
//	opendata:"-"    left out of the open data as written: the open data
//	                says it another way (a blueprint's history is its timeline)
//
// Every text value, tagged or not, must be free of control characters
// (controlchars.go).

// Meta is the front matter every page has, whatever its type.
type Meta struct {
	Type        string   `toml:"type" doc:"The content type. Optional: a page's folder sets it (playbooks, case-studies, frameworks, blueprints); anything else is a plain page."`
	Title       string   `toml:"title" req:"true" doc:"The page title."`
	Summary     string   `toml:"summary" req:"true" doc:"One or two sentences shown in lists, search results and feeds."`
	Status      string   `toml:"status" vocab:"status" doc:"Draft, published or archived. Default published."`
	Updated     Date     `toml:"updated" req:"true" doc:"When the content was last checked or changed, as 2026-03-14."`
	ReviewDue   Date     `toml:"review_due" req:"true" doc:"When it must next be reviewed. After this date the page shows a notice."`
	Tags        []string `toml:"tags" doc:"Free keywords, such as [\"frailty\", \"mdt\"]."`
	Area        string   `toml:"area" vocab:"area" doc:"The area the page is about: one of the slugs of [[areas]] in site.toml. Required for case studies and blueprints."`
	Cohorts     []string `toml:"cohorts" vocab:"cohort" doc:"The groups of people the work serves. Required for case studies and blueprints."`
	CohortsNote string   `toml:"cohorts_note" doc:"Free text beside cohorts, for what the list cannot say."`
	Featured    bool     `toml:"featured" doc:"Shown on the home page when true."`
	Search      *bool    `toml:"search" doc:"Set to false to leave the page out of search."`
	Help        *bool    `toml:"help" doc:"True for a page about the site rather than about INT work, such as this guide, an about page or a glossary: search lists it after every other page it finds. Default true for plain pages, false for the others."`
	Weight      int      `toml:"weight" doc:"Orders pages in lists: lower first, then by title."`
	Layout      string   `toml:"layout" doc:"The template to use instead of the type's own, such as \"authoring-guide\"."`
}

// Playbook is a how-to for one stage of INT development.
type Playbook struct {
	Meta
	Phase      string         `toml:"phase" req:"true" vocab:"phase" doc:"The stage of INT development it is for."`
	PhaseNote  string         `toml:"phase_note" doc:"Free text beside phase."`
	Addresses  []string       `toml:"addresses" req:"true" vocab:"addresses" doc:"Which of needs, function and form it helps with."`
	Roles      []string       `toml:"roles" doc:"The roles involved, such as [\"PCN clinical director\", \"care coordinator\"]."`
	Steps      []PlaybookStep `toml:"steps" req:"true" doc:"The steps, in order, as [[steps]] tables."`
	Outputs    []string       `toml:"outputs" doc:"What the playbook produces, such as an agreed needs statement."`
	Templates  []Template     `toml:"templates" doc:"Things to print, as [[templates]] tables."`
	References []Reference    `toml:"references" doc:"Published sources the playbook draws on, as [[references]] tables, listed under References at the end of the page."`
}

// PlaybookStep is one step of a playbook.
type PlaybookStep struct {
	Title  string `toml:"title" req:"true" doc:"What to do, in a few words."`
	Detail string `toml:"detail" doc:"How, in a sentence or two."`
}

// Template is a printable resource a playbook points to.
type Template struct {
	Title string `toml:"title" req:"true" doc:"The name of the template."`
	Link  string `toml:"link" req:"true" doc:"A file beside the page (\"worksheet.pdf\") or a content path (\"../frameworks/first-conversation.md\")."`
}

// CaseStudy is one area's story.
type CaseStudy struct {
	Meta
	Setting      string      `toml:"setting" req:"true" doc:"The place in a sentence: population, geography, services."`
	Period       string      `toml:"period" doc:"When it happened, such as \"April 2024 to March 2026\"."`
	Changes      []string    `toml:"changes" req:"true" doc:"What changed, one item each."`
	Governance   string      `toml:"governance" doc:"Who was accountable and how decisions were made."`
	Learnings    []string    `toml:"learnings" req:"true" doc:"Three to five key learnings."`
	Outcomes     []Outcome   `toml:"outcomes" req:"true" doc:"What happened, as [[outcomes]] tables."`
	EvidenceType string      `toml:"evidence_type" req:"true" vocab:"evidence_type" doc:"How strong the evidence is."`
	EvidenceNote string      `toml:"evidence_note" doc:"Free text beside evidence_type: sample sizes, limits."`
	ContactRole  string      `toml:"contact_role" req:"true" doc:"Who to ask, as a role (\"Neighbourhood programme lead\"), never a person's name."`
	References   []Reference `toml:"references" doc:"Published sources the case study draws on, as [[references]] tables, listed under References at the end of the page."`
}

// Reference is a published source a page draws on: a report, guidance or
// an evaluation, cited by its title.
type Reference struct {
	Title     string `toml:"title" req:"true" doc:"Its title, as published."`
	Publisher string `toml:"publisher" doc:"Who published it, such as \"NHS England\"."`
	Year      int    `toml:"year" doc:"The year it was published, such as 2022."`
	URL       string `toml:"url" url:"external" doc:"Where to read it: an http or https URL. Leave it out rather than guess one."`
}

// Outcome is one measured or observed result of a case study.
type Outcome struct {
	Measure   string `toml:"measure" req:"true" doc:"What was looked at."`
	Direction string `toml:"direction" req:"true" vocab:"outcome_direction" doc:"Which way it went."`
	Detail    string `toml:"detail" doc:"Figures or description."`
	Caveat    string `toml:"caveat" doc:"What limits the conclusion."`
}

// QuestionFramework is a partnership question framework: questions a
// facilitator picks from for a meeting.
type QuestionFramework struct {
	Meta
	SessionFormat     string     `toml:"session_format" req:"true" vocab:"session_format" doc:"The kind of session it is written for."`
	SessionFormatNote string     `toml:"session_format_note" doc:"Free text beside session_format."`
	SessionMinutes    int        `toml:"session_minutes" req:"true" doc:"How long the session lasts, in minutes."`
	Pick              int        `toml:"pick" req:"true" doc:"How many questions to pick for one session, counting the required ones."`
	PartnerTypes      []string   `toml:"partner_types" req:"true" vocab:"organisation" doc:"The kinds of partner organisation it suits."`
	Sides             []Side     `toml:"sides" req:"true" doc:"Exactly two [[sides]] tables: the partnership's two sides, each with a sponsor and an implementer."`
	Questions         []Question `toml:"questions" req:"true" doc:"The questions, as [[questions]] tables."`
}

// Side is one side of a partnership and its two key people, by role.
type Side struct {
	Name        string `toml:"name" req:"true" doc:"The side, such as \"Primary care network\"."`
	Sponsor     string `toml:"sponsor" req:"true" doc:"The role that can sign off money and time."`
	Implementer string `toml:"implementer" req:"true" doc:"The role that makes things happen."`
}

// Question is one question of a framework.
type Question struct {
	ID       string `toml:"id" req:"true" doc:"A short identifier unique in the framework, such as \"p1\": letters, digits, hyphens and underscores. It names the question in the link to a chosen worksheet."`
	Theme    string `toml:"theme" req:"true" vocab:"question_theme" doc:"The theme it belongs to."`
	Text     string `toml:"text" req:"true" doc:"The question."`
	Required bool   `toml:"required" doc:"True for a question that must always be asked: it is on every printed worksheet, whichever questions are chosen."`
	Hint     string `toml:"hint" doc:"A prompt for the facilitator."`
}

// Blueprint is one area's local INT model, structured so that two areas can
// be compared field by field.
type Blueprint struct {
	Meta
	Needs         BlueprintNeeds         `toml:"needs" req:"true" doc:"The [needs] table."`
	Function      BlueprintFunction      `toml:"function" req:"true" doc:"The [function] table."`
	Form          BlueprintForm          `toml:"form" req:"true" doc:"The [form] table."`
	Governance    BlueprintGovernance    `toml:"governance" req:"true" doc:"The [governance] table."`
	Finance       BlueprintFinance       `toml:"finance" req:"true" doc:"The [finance] table."`
	Digital       BlueprintDigital       `toml:"digital" req:"true" doc:"The [digital] table."`
	Participation BlueprintParticipation `toml:"participation" req:"true" doc:"The [participation] table."`
	Measures      BlueprintMeasures      `toml:"measures" doc:"The [measures] table."`
	Maturity      *Maturity              `toml:"maturity" doc:"The optional [maturity] self-assessment: each dimension scored 0 to 5."`
	History       []HistoryEntry         `toml:"history" opendata:"-" doc:"Earlier assessments of the model, as [[history]] tables, oldest first: what was different on each date."`
}

// BlueprintNeeds is where the model starts: the people it serves.
type BlueprintNeeds struct {
	Footprint       string `toml:"footprint" req:"true" doc:"The area covered, in a sentence."`
	Population      int    `toml:"population" req:"true" doc:"People covered in all."`
	Neighbourhoods  int    `toml:"neighbourhoods" req:"true" doc:"How many neighbourhoods (and so teams)."`
	NeighbourhoodLo int    `toml:"neighbourhood_min" doc:"Population of the smallest neighbourhood."`
	NeighbourhoodHi int    `toml:"neighbourhood_max" doc:"Population of the largest neighbourhood."`
	Statement       string `toml:"statement" req:"true" doc:"The needs statement: what matters to the people served."`
}

// BlueprintFunction is what the team does.
type BlueprintFunction struct {
	IntegrationLevel     string   `toml:"integration_level" req:"true" vocab:"integration_level" doc:"How deep the integration goes."`
	IntegrationLevelNote string   `toml:"integration_level_note" doc:"Free text beside integration_level."`
	CaseFinding          []string `toml:"case_finding" req:"true" vocab:"case_finding" doc:"How people come to the team."`
	CaseFindingNote      string   `toml:"case_finding_note" doc:"Free text beside case_finding."`
	Coordinator          string   `toml:"coordinator" req:"true" doc:"The role that coordinates each person's care."`
	Activities           []string `toml:"activities" doc:"What the team does, one item each."`
	DecisionSharing      []string `toml:"decision_sharing" vocab:"decision_sharing" doc:"How the person and their family hear what the MDT decided."`
	DecisionSharingNote  string   `toml:"decision_sharing_note" doc:"Free text beside decision_sharing: who tells them, and how soon."`
	RoleBoundaries       []string `toml:"role_boundaries" vocab:"role_boundary" doc:"How members work across professional boundaries."`
	RoleBoundariesNote   string   `toml:"role_boundaries_note" doc:"Free text beside role_boundaries."`
}

// BlueprintForm is the team's structure.
type BlueprintForm struct {
	Origin      string   `toml:"origin" req:"true" vocab:"origin" doc:"Whether the model is new, evolved from earlier work, or relabelled."`
	OriginNote  string   `toml:"origin_note" doc:"Free text beside origin: what it grew from."`
	MDTCadence  string   `toml:"mdt_cadence" req:"true" vocab:"mdt_cadence" doc:"How often the multidisciplinary team meets."`
	MDTMode     string   `toml:"mdt_mode" req:"true" vocab:"mdt_mode" doc:"How it meets."`
	MDTNote     string   `toml:"mdt_note" doc:"Free text about the MDT."`
	Members     []Member `toml:"members" req:"true" sheet:"Team members" doc:"The team, as [[form.members]] tables."`
	MembersNote string   `toml:"members_note" doc:"Free text about membership."`
	// The person and the teams around them.
	PersonInMDT           string   `toml:"person_in_mdt" vocab:"person_in_mdt" doc:"How the people the team serves, and their carers, take part in the MDT."`
	PersonInMDTNote       string   `toml:"person_in_mdt_note" doc:"Free text beside person_in_mdt."`
	TeamLinks             []string `toml:"team_links" vocab:"team_link" doc:"How the MDT works with the other teams around the same people and families: a team of teams."`
	TeamLinksNote         string   `toml:"team_links_note" doc:"Free text beside team_links: which other teams."`
	SpecialistSupport     []string `toml:"specialist_support" vocab:"specialist_support" doc:"How specialist support, from hospital and mental health services, reaches the neighbourhood."`
	SpecialistSupportNote string   `toml:"specialist_support_note" doc:"Free text beside specialist_support."`
}

// Member is one role in a blueprint's team.
type Member struct {
	Role         string `toml:"role" req:"true" doc:"The role, such as \"district nurse\"."`
	Organisation string `toml:"organisation" req:"true" vocab:"organisation" doc:"The kind of organisation that employs them."`
	Arrangement  string `toml:"arrangement" req:"true" vocab:"arrangement" doc:"How they come to work in the team."`
	Commitment   string `toml:"commitment" req:"true" vocab:"commitment" doc:"Core member or on call."`
}

// BlueprintGovernance is who is accountable.
type BlueprintGovernance struct {
	AccountableBody          string `toml:"accountable_body" req:"true" doc:"The body the team answers to."`
	CollectiveAccountability bool   `toml:"collective_accountability" doc:"True when partners share accountability for outcomes."`
	Note                     string `toml:"note" doc:"Free text."`
}

// BlueprintFinance is how the team is paid for.
type BlueprintFinance struct {
	Budget    string `toml:"budget" req:"true" vocab:"budget" doc:"How partners' money comes together."`
	Recurrent bool   `toml:"recurrent" doc:"True when the funding is recurrent, not a pilot."`
	Note      string `toml:"note" doc:"Free text."`
}

// BlueprintDigital is how the team shares information.
type BlueprintDigital struct {
	Record string `toml:"record" req:"true" vocab:"record" doc:"How far records are shared."`
	Note   string `toml:"note" doc:"Free text."`
}

// BlueprintParticipation is who else takes part.
type BlueprintParticipation struct {
	VCSE              string   `toml:"vcse" req:"true" vocab:"participation" doc:"How the voluntary, community and social enterprise sector takes part."`
	CommunityPharmacy string   `toml:"community_pharmacy" req:"true" vocab:"participation" doc:"How community pharmacy takes part."`
	Dentistry         string   `toml:"dentistry" vocab:"participation" doc:"How dental practices take part."`
	Optometry         string   `toml:"optometry" vocab:"participation" doc:"How optical practices (optometry) take part."`
	LivedExperience   []string `toml:"lived_experience" doc:"Lived-experience roles, such as [\"carer representative on the steering group\"]."`
	Note              string   `toml:"note" doc:"Free text."`
}

// BlueprintMeasures is how the model is judged.
type BlueprintMeasures struct {
	Measures       []string `toml:"measures" doc:"What is measured, one item each."`
	Evaluation     string   `toml:"evaluation" doc:"How the model is evaluated, and by whom."`
	EvaluationType string   `toml:"evaluation_type" vocab:"evidence_type" doc:"The kind of evaluation."`
}

// Maturity is a self-assessment, scored 0 to 5 on each dimension. It is for
// learning: the site never ranks areas by it.
type Maturity struct {
	Assessed Date `toml:"assessed" req:"true" doc:"When the team scored itself."`
	Scores
	Note string `toml:"note" doc:"Free text."`
}

// Scores are the dimensions of the maturity self-assessment, each a
// whole number from 0 to 5, or nil when not scored. A [maturity] table
// and a [history.maturity] table both hold them.
type Scores struct {
	SharedPurpose      *int `toml:"shared_purpose" score:"true" doc:"Partners agree what the team is for."`
	Leadership         *int `toml:"leadership" score:"true" doc:"Named sponsors and implementers on each side."`
	InformationSharing *int `toml:"information_sharing" score:"true" doc:"Records and data flow to where they are needed."`
	Workforce          *int `toml:"workforce" score:"true" doc:"Roles, contracts and time to work as one team."`
	PopulationHealth   *int `toml:"population_health" score:"true" doc:"Data is used to find and plan for the people who need the team."`
	CommunityVoice     *int `toml:"community_voice" score:"true" doc:"People and communities shape the work."`
}

// HistoryEntry is an earlier assessment of a blueprint's model, for an
// area that assessed itself before it kept its blueprint on this site
// (or in git): what was different on Date. A key an entry leaves out
// was as the next entry, or the blueprint itself, says. Each key but
// date, note and maturity names, in its field tag, the blueprint key it
// gives an earlier value of; members, when given, names every role in the
// team then.
type HistoryEntry struct {
	Date                     Date     `toml:"date" req:"true" doc:"When the model stood as this entry says: before the blueprint's updated date."`
	Note                     string   `toml:"note" doc:"What happened, in a sentence, such as \"Pilot in two practices\"."`
	IntegrationLevel         string   `toml:"integration_level" field:"function.integration_level" vocab:"integration_level" doc:"The integration level then."`
	MDTCadence               string   `toml:"mdt_cadence" field:"form.mdt_cadence" vocab:"mdt_cadence" doc:"How often the MDT met then."`
	Members                  []string `toml:"members" doc:"The roles in the team then, such as [\"GP\", \"District nurse\"]: a role also in [[form.members]] is that member."`
	CollectiveAccountability *bool    `toml:"collective_accountability" field:"governance.collective_accountability" doc:"Whether partners shared accountability then."`
	Budget                   string   `toml:"budget" field:"finance.budget" vocab:"budget" doc:"How partners' money came together then."`
	Recurrent                *bool    `toml:"recurrent" field:"finance.recurrent" doc:"Whether the funding was recurrent then."`
	Record                   string   `toml:"record" field:"digital.record" vocab:"record" doc:"How far records were shared then."`
	VCSE                     string   `toml:"vcse" field:"participation.vcse" vocab:"participation" doc:"How the voluntary sector took part then."`
	CommunityPharmacy        string   `toml:"community_pharmacy" field:"participation.community_pharmacy" vocab:"participation" doc:"How community pharmacy took part then."`
	Maturity                 *Scores  `toml:"maturity" doc:"The maturity scores then, as a [history.maturity] table."`
}

// PlainPage is a plain page: anything outside the four content sections,
// such as the glossary or the authoring guide, and the _index.md text of a
// list page. Only its title is required.
type PlainPage struct {
	Meta
}
