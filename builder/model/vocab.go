package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// A Vocab is a controlled vocabulary: the fixed list of values a front-matter
// field accepts. Fixed lists are what make filtering and field-by-field
// comparison possible, so every value has a label for readers as well as the
// code authors type.
type Vocab struct {
	Name  string // the name used in struct tags and error messages
	Terms []Term
	// Open is set for a vocabulary a site may add terms to, in
	// site.toml's [[vocabulary.NAME]] tables. The others are closed: the
	// build gives their values a meaning (status, integration level ...).
	Open bool
}

// A Term is one allowed value of a Vocab.
type Term struct {
	Value string `toml:"value" req:"true" doc:"What authors write, in lower case with underscores, such as children_and_families."`
	Label string `toml:"label" req:"true" doc:"What readers see, such as Children and families."`
	Desc  string `toml:"description" doc:"A sentence for the authoring guide."`
}

// Label returns the reader-facing label for value. For a value the
// vocabulary does not hold, such as another site's own term that came
// without a label, it returns the value made readable:
// children_and_families gives "Children and families".
func (v *Vocab) Label(value string) string {
	for _, t := range v.Terms {
		if t.Value == value {
			return t.Label
		}
	}
	if !termValueRE.MatchString(value) {
		return value
	}
	words := strings.ReplaceAll(value, "_", " ")
	return strings.ToUpper(words[:1]) + words[1:]
}

// Has reports whether value is one of v's terms.
func (v *Vocab) Has(value string) bool {
	for _, t := range v.Terms {
		if t.Value == value {
			return true
		}
	}
	return false
}

// Values returns the allowed values in their documented order.
func (v *Vocab) Values() []string {
	out := make([]string, len(v.Terms))
	for i, t := range v.Terms {
		out[i] = t.Value
	}
	return out
}

// Vocabularies lists every built-in controlled vocabulary by name. A
// site's own are these with the terms its site.toml adds (see Vocabs).
// The "area" vocabulary is not here: its values come from the [[areas]]
// in site.toml.
var Vocabularies = map[string]*Vocab{
	"status": {Name: "status", Terms: []Term{
		{"draft", "Draft", "Not published; built only with --drafts."},
		{"published", "Published", "The default."},
		{"archived", "Archived", "Kept for the record, shown with a notice and left out of the latest lists."},
	}},
	"phase": {Name: "phase", Terms: []Term{
		{"explore", "Explore", "Finding out what exists, who cares and what matters locally."},
		{"design", "Design", "Agreeing needs, function and form with partners."},
		{"launch", "Launch", "Starting the team and its first ways of working."},
		{"sustain", "Sustain", "Keeping it going, learning and growing it."},
	}},
	"addresses": {Name: "addresses", Terms: []Term{
		{"needs", "Needs", "What matters to the people the team serves."},
		{"function", "Function", "What the team must do."},
		{"form", "Form", "The team's structure and members."},
	}},
	"cohort": {Name: "cohort", Open: true, Terms: []Term{
		{"frailty", "Frailty", ""},
		{"multiple_long_term_conditions", "Multiple long-term conditions", ""},
		{"rising_risk", "Rising risk", ""},
		{"high_intensity_users", "High-intensity users of urgent care", ""},
		{"severe_mental_illness", "Severe mental illness", ""},
		{"care_homes", "Care homes", ""},
		{"children_young_people", "Children and young people", ""},
		{"wider_determinants", "Wider determinants of health", ""},
	}},
	"outcome_direction": {Name: "outcome_direction", Terms: []Term{
		{"improved", "Improved", ""},
		{"no_change", "No change", ""},
		{"worsened", "Worsened", ""},
		{"not_measured", "Not measured", ""},
	}},
	"evidence_type": {Name: "evidence_type", Open: true, Terms: []Term{
		{"descriptive", "Descriptive", "An account of what was done, without a measured comparison."},
		{"before_after", "Before and after", "Measures compared before and after the change, with no comparison group."},
		{"matched_comparison", "Matched comparison", "Compared with a similar group or area that did not have the change."},
		{"qualitative", "Qualitative", "Interviews, focus groups or observation."},
		{"mixed", "Mixed methods", "More than one of the above."},
	}},
	"session_format": {Name: "session_format", Open: true, Terms: []Term{
		{"pcn_meeting", "PCN meeting", ""},
		{"protected_learning_time", "Protected learning time", ""},
		{"partnership_board", "Partnership board", ""},
		{"workshop", "Workshop", ""},
		{"one_to_one", "One-to-one conversation", ""},
	}},
	"question_theme": {Name: "question_theme", Open: true, Terms: []Term{
		{"purpose", "Purpose", ""},
		{"current_state", "Current state", ""},
		{"people", "People", ""},
		{"resources", "Resources", ""},
		{"governance", "Governance", ""},
		{"next_step", "Next step", ""},
	}},
	"organisation": {Name: "organisation", Open: true, Terms: []Term{
		{"general_practice", "General practice", ""},
		{"community_health", "Community health services", ""},
		{"social_care", "Social care", ""},
		{"mental_health", "Mental health", ""},
		{"community_pharmacy", "Community pharmacy", ""},
		{"vcse", "Voluntary, community and social enterprise", ""},
		{"acute", "Acute hospital", ""},
		{"public_health", "Public health", ""},
		{"housing", "Housing", ""},
		{"dentistry", "Dentistry", "Dental practices and community dental services."},
		{"optometry", "Optometry", "Optical practices and community optometrists."},
		{"other", "Other", ""},
	}},
	"integration_level": {Name: "integration_level", Terms: []Term{
		{"convening_to_advise", "Convening to advise", "Professionals advise a lead clinician; the response stays fragmented."},
		{"convening_to_coordinate", "Convening to coordinate", "Agreed actions, but budgets, measures and remits stay separate."},
		{"unity_of_effort", "Unity of effort", "Collective accountability, pooled flexibility, simplified roles and continuity."},
	}},
	"case_finding": {Name: "case_finding", Open: true, Terms: []Term{
		{"risk_stratification", "Risk stratification", ""},
		{"professional_referral", "Professional referral", ""},
		{"self_referral", "Self-referral", ""},
		{"discharge_lists", "Hospital discharge lists", ""},
		{"care_home_lists", "Care home lists", ""},
		{"population_search", "Population health search", ""},
	}},
	"origin": {Name: "origin", Terms: []Term{
		{"new", "New", "A team that did not exist before."},
		{"evolved", "Evolved", "Grown from an earlier project, with real changes."},
		{"relabelled", "Relabelled", "An earlier service renamed, largely unchanged."},
	}},
	"mdt_cadence": {Name: "mdt_cadence", Terms: []Term{
		{"daily", "Daily", ""},
		{"twice_weekly", "Twice weekly", ""},
		{"weekly", "Weekly", ""},
		{"fortnightly", "Fortnightly", ""},
		{"monthly", "Monthly", ""},
	}},
	"mdt_mode": {Name: "mdt_mode", Terms: []Term{
		{"in_person", "In person", ""},
		{"virtual", "Virtual", ""},
		{"hybrid", "Hybrid", ""},
	}},
	"arrangement": {Name: "arrangement", Terms: []Term{
		{"substantive", "Substantive", "Employed in the team's own organisation for this role."},
		{"honorary", "Honorary contract", ""},
		{"seconded", "Seconded", ""},
		{"contracted", "Contracted", "Provided under a service contract."},
		{"volunteer", "Volunteer", ""},
	}},
	"commitment": {Name: "commitment", Terms: []Term{
		{"core", "Core member", ""},
		{"on_call", "On call", "Joins when a case needs them."},
	}},
	"budget": {Name: "budget", Terms: []Term{
		{"separate", "Separate budgets", ""},
		{"aligned", "Aligned budgets", ""},
		{"pooled", "Pooled budget", ""},
	}},
	"record": {Name: "record", Terms: []Term{
		{"no_shared_record", "No shared record", ""},
		{"view_only", "View-only access", ""},
		{"shared_care_plan", "Shared care plan", ""},
		{"single_record", "Single record", ""},
	}},
	"decision_sharing": {Name: "decision_sharing", Open: true, Terms: []Term{
		{"at_the_meeting", "They hear it at the meeting", "The person or their carer takes part in the discussion and hears the decision there."},
		{"coordinator_tells", "The coordinator tells them", "Their named coordinator calls or visits to explain what was agreed and what happens next."},
		{"written_plan", "A written plan in plain words", "They are sent the agreed plan, in words they use, with who to call."},
		{"record_access", "They can read it in their record", "The plan is in a record or app they can read."},
		{"referrer_tells", "The referrer tells them", "Only the professional who referred them hears the decision, and passes it on."},
		{"not_routinely", "Not routinely", "No one is asked to tell them what was decided."},
	}},
	"role_boundary": {Name: "role_boundary", Open: true, Terms: []Term{
		{"trusted_assessment", "Trusted assessment", "One member's assessment is accepted by the others, without a repeat."},
		{"shared_tasks", "Tasks shared across professions", "Members are trained to take on some of each other's tasks, such as simple checks or equipment."},
		{"joint_visits", "Joint visits", "Two professions visit together rather than one after the other."},
		{"generalist_roles", "Roles that span health and care", "Roles such as care navigators or support workers that cross service lines."},
	}},
	"person_in_mdt": {Name: "person_in_mdt", Terms: []Term{
		{"not_involved", "Not involved", "The team discusses the person without them or their views."},
		{"views_brought", "Their views brought", "Someone who knows them brings what matters to them to the discussion."},
		{"invited", "Invited to their discussion", "The person or a carer can join the part of the meeting about them."},
		{"members", "Members of the team", "People who use the service or carers are members of the MDT, in the discussion of them and in how the team works."},
	}},
	"team_link": {Name: "team_link", Open: true, Terms: []Term{
		{"named_links", "Named links", "Each of the other teams has a named contact in this one."},
		{"shared_members", "Shared members", "Some members also sit in the other teams' MDTs."},
		{"joint_review", "Joint reviews", "Teams meet together about the people they share."},
		{"shared_plan", "One plan across teams", "Teams add to one plan for the person or family rather than keep their own."},
		{"lead_team", "One team leads for each person", "Teams agree which of them leads for a person or family; the others support it."},
	}},
	"specialist_support": {Name: "specialist_support", Open: true, Terms: []Term{
		{"referral_only", "Referral only", "People are referred to clinics; specialists do not work with the team."},
		{"advice_line", "Advice and guidance", "The team can ask a specialist for advice by phone or message."},
		{"joins_mdt", "Specialists join the MDT", "Specialists take part in the MDT's discussions, in person or on call."},
		{"neighbourhood_clinics", "Clinics in the neighbourhood", "Specialists hold clinics or home visits in the neighbourhood."},
		{"aligned_specialist", "A specialist for the neighbourhood", "A named consultant or specialist team works with the neighbourhood."},
	}},
	"participation": {Name: "participation", Terms: []Term{
		{"not_involved", "Not involved", ""},
		{"consulted", "Consulted", ""},
		{"partner", "Partner", "Takes part in design and review."},
		{"core_member", "Core member", "Part of the team's day-to-day work."},
	}},
}

// Vocabs are one site's vocabularies by name: the built-in ones, with the
// terms its site.toml adds to the open ones after their own, and "area",
// its [[areas]].
type Vocabs map[string]*Vocab

// Label returns the words for value in the named vocabulary, or value
// itself when it has no such term.
func (vs Vocabs) Label(name, value string) string {
	if v := vs[name]; v != nil {
		return v.Label(value)
	}
	return value
}

// With returns vs with extra terms added to the open vocabularies, after
// their own. vs is not changed.
func (vs Vocabs) With(extra map[string][]Term) Vocabs {
	out := make(Vocabs, len(vs))
	for name, v := range vs {
		out[name] = v
		if add := extra[name]; len(add) > 0 && v.Open {
			out[name] = &Vocab{Name: v.Name, Open: true, Terms: append(slices.Clip(v.Terms), add...)}
		}
	}
	return out
}

// OpenVocabularies returns the names of the vocabularies a site may add
// to, sorted.
func OpenVocabularies() []string {
	var names []string
	for name, v := range Vocabularies {
		if v.Open {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// ImportLabels reads the values another site adds to the open
// vocabularies, from its open data's "vocabulary" object, so that its
// blueprints' own terms are shown in its words. Values this site has
// already, and lists this site does not let sites add to, are left out;
// a term that is not well formed is left out with a problem.
func ImportLabels(raw any, vs Vocabs) (map[string][]Term, []string) {
	lists, ok := raw.(map[string]any)
	if raw == nil || !ok {
		if raw != nil {
			return nil, []string{"vocabulary is not an object, left out"}
		}
		return nil, nil
	}
	out := map[string][]Term{}
	var problems []string
	for _, name := range slices.Sorted(maps.Keys(lists)) {
		v := vs[name]
		items, _ := lists[name].([]any)
		if v == nil || !v.Open {
			continue
		}
		for i, item := range items {
			obj, _ := item.(map[string]any)
			value, _ := obj["value"].(string)
			label, _ := obj["label"].(string)
			desc, _ := obj["description"].(string)
			at := fmt.Sprintf("vocabulary.%s[%d]", name, i)
			switch {
			case !termValueRE.MatchString(value) || strings.TrimSpace(label) == "":
				problems = append(problems, at+": needs a value in lower case with underscores and a label, left out")
				continue
			case ControlCharProblem(label) != "" || ControlCharProblem(desc) != "":
				problems = append(problems, at+": "+ControlCharProblem(label+desc)+", left out")
				continue
			case v.Has(value) || slices.ContainsFunc(out[name], func(t Term) bool { return t.Value == value }):
				continue
			}
			out[name] = append(out[name], Term{Value: value, Label: label, Desc: desc})
		}
	}
	return out, problems
}
