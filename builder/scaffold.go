package builder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"intkb/builder/model"
	"intkb/deploy"
)

// NewPageTypes lists the types "intkb new" can make, as typed on the
// command line, with their content type.
var NewPageTypes = map[string]string{
	"playbook":   model.TypePlaybook,
	"case-study": model.TypeCaseStudy,
	"framework":  model.TypeFramework,
	"blueprint":  model.TypeBlueprint,
}

// ValidSlug reports whether s can name a page: lower-case letters, digits
// and single hyphens.
func ValidSlug(s string) bool { return model.SlugRE.MatchString(s) }

// The texts the scaffolds below hold for an author to replace, such as a
// blueprint's "The area covered, in a sentence.", are marked between «
// and », which NewPage and NewSite remove. The marks are the one list of
// them: a page published with one still in it gets a warning naming the
// file, line and key (see templateTexts and checkTemplateText).
const markOpen, markClose = "«", "»"

var unmark = strings.NewReplacer(markOpen, "", markClose, "")

// NewPage returns the text of a new, valid page of the given type, with
// every key present and explained. today sets its dates; areas are the
// site's areas, of which a case study or blueprint needs one (a blueprint
// whose slug is an area's takes that area).
func NewPage(typ, slug string, today time.Time, areas []model.Area) ([]byte, error) {
	text, err := newPageMarked(typ, slug, today, areas)
	if err != nil {
		return nil, err
	}
	return []byte(unmark.Replace(text)), nil
}

// newPageMarked is NewPage with its placeholders still marked.
func newPageMarked(typ, slug string, today time.Time, areas []model.Area) (string, error) {
	if !ValidSlug(slug) {
		return "", fmt.Errorf("builder: %q is not a valid slug: use lower-case letters, digits and hyphens, such as start-with-needs", slug)
	}
	title := humanKey(strings.ReplaceAll(slug, "-", "_"))
	area := ""
	if typ == model.TypeCaseStudy || typ == model.TypeBlueprint {
		if len(areas) == 0 {
			return "", errors.New("builder: a " + typ + " needs an area, and site.toml has no [[areas]]: add one first")
		}
		area = areas[0].Slug
		for _, a := range areas {
			if a.Slug == slug || strings.HasPrefix(slug, a.Slug+"-") {
				area = a.Slug
			}
		}
		if typ == model.TypeBlueprint {
			for _, a := range areas {
				if a.Slug == area {
					title = a.Name + " neighbourhood model"
				}
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "+++\n# Every key is explained in the authoring guide's field reference.\ntitle = %q\nsummary = \"«One or two sentences for lists and search results.»\"\nupdated = %s\nreview_due = %s\nstatus = \"draft\" # draft, published or archived\ntags = []\n",
		title, today.Format(time.DateOnly), today.AddDate(0, 6, 0).Format(time.DateOnly))
	switch typ {
	case model.TypePlaybook:
		b.WriteString(scaffoldPlaybook)
	case model.TypeCaseStudy:
		fmt.Fprintf(&b, scaffoldCaseStudy, area)
	case model.TypeFramework:
		b.WriteString(scaffoldFramework)
	case model.TypeBlueprint:
		fmt.Fprintf(&b, scaffoldBlueprint, area, today.Format(time.DateOnly))
	default:
		return "", fmt.Errorf("builder: cannot make a page of type %q", typ)
	}
	b.WriteString("+++\n\n")
	if typ == model.TypeFramework {
		b.WriteString(scaffoldFrameworkBody)
	} else {
		b.WriteString(scaffoldBody)
	}
	return b.String(), nil
}

// scaffoldReferences ends the scaffolds of the pages that cite sources.
const scaffoldReferences = `# Published sources the page draws on, listed at its end: add a
# [[references]] table for each. Only title is required; leave url out
# rather than guess one.
# [[references]]
# title = "The title, as published"
# publisher = "Who published it"
# year = 2025
# url = "https://example.org/report"
`

const scaffoldPlaybook = `phase = "explore" # explore, design, launch or sustain
addresses = ["needs"] # any of needs, function, form
roles = ["PCN clinical director", "Care coordinator"]
outputs = ["«What the reader will have at the end»"]

[[steps]]
title = "«The first step»"
detail = "«What to do, in a sentence or two.»"

[[steps]]
title = "«The next step»"
detail = "«Add a [[steps]] table for each step.»"

` + scaffoldReferences

const scaffoldCaseStudy = `area = %q # one of the [[areas]] slugs in site.toml
cohorts = ["frailty"]
setting = "«The place in a sentence: population, geography, services.»"
period = "April 2025 to March 2026"
changes = ["«What changed, one item each.»"]
governance = "«Who was accountable and how decisions were made.»"
learnings = [
  "«The first key learning.»",
  "«The second key learning.»",
  "«The third key learning.»",
]
evidence_type = "descriptive" # descriptive, before_after, matched_comparison, qualitative or mixed
evidence_note = ""
contact_role = "Neighbourhood programme lead" # a role, never a person's name

[[outcomes]]
measure = "«What was looked at»"
direction = "not_measured" # improved, no_change, worsened or not_measured
detail = ""
caveat = ""

` + scaffoldReferences

const scaffoldFramework = `session_format = "pcn_meeting" # pcn_meeting, protected_learning_time, partnership_board, workshop or one_to_one
session_minutes = 45
pick = 3 # how many questions to ask in one session, counting required ones
partner_types = ["community_health"]

[[sides]]
name = "Primary care network"
sponsor = "PCN clinical director"
implementer = "Care coordinator lead"

[[sides]]
name = "Partner organisation"
sponsor = "Service director"
implementer = "Team leader"

[[questions]]
id = "p1"
theme = "purpose" # purpose, current_state, people, resources, governance or next_step
text = "What would make the biggest difference for the people we both serve?"
required = true

[[questions]]
id = "c1"
theme = "current_state"
text = "What do we already do together, however small?"

[[questions]]
id = "n1"
theme = "next_step"
text = "What is one thing we will each do before we next meet?"
required = true
`

const scaffoldBlueprint = `area = %q # one of the [[areas]] slugs in site.toml
cohorts = ["frailty"]

[needs]
footprint = "«The area covered, in a sentence.»"
population = 100000
neighbourhoods = 3
neighbourhood_min = 30000
neighbourhood_max = 36000
statement = "«What matters to the people the teams serve.»"

[function]
integration_level = "convening_to_advise" # convening_to_advise, convening_to_coordinate or unity_of_effort
integration_level_note = ""
case_finding = ["professional_referral"]
coordinator = "Care coordinator"
activities = ["«What the team does, one item each.»"]
decision_sharing = ["coordinator_tells"] # how the person and family hear what the MDT decided
role_boundaries = [] # trusted_assessment, shared_tasks, joint_visits, generalist_roles

[form]
origin = "new" # new, evolved or relabelled
origin_note = ""
mdt_cadence = "weekly" # daily, twice_weekly, weekly, fortnightly or monthly
mdt_mode = "hybrid" # in_person, virtual or hybrid
person_in_mdt = "views_brought" # not_involved, views_brought, invited or members
team_links = ["named_links"] # how the MDT works with the other teams around the same people
specialist_support = ["advice_line"] # how hospital and mental health specialists reach the team

[[form.members]]
role = "GP"
organisation = "general_practice"
arrangement = "substantive"
commitment = "core"

[[form.members]]
role = "District nurse"
organisation = "community_health"
arrangement = "substantive"
commitment = "core"

[governance]
accountable_body = "«The body the team answers to»"
collective_accountability = false

[finance]
budget = "separate" # separate, aligned or pooled
recurrent = false

[digital]
record = "view_only" # no_shared_record, view_only, shared_care_plan or single_record

[participation]
vcse = "consulted" # not_involved, consulted, partner or core_member
community_pharmacy = "not_involved"
dentistry = "not_involved"
optometry = "not_involved"
lived_experience = []

[measures]
measures = ["«What is measured, one item each.»"]
evaluation = "«How the model is evaluated, and by whom.»"

[maturity]
assessed = %s
shared_purpose = 1
leadership = 1
information_sharing = 1
workforce = 1
population_health = 1
community_voice = 1
`

const scaffoldBody = `«Write the page here in Markdown.» Link to other pages by their content
path, such as ` + "`[Start with needs](../playbooks/start-with-needs.md)`" + `, and
put images beside the page.

## «A first section»

«Use ## headings for sections: each is findable in search on its own.»
`

// scaffoldFrameworkBody starts a framework's body with the section its
// page shows, and its worksheet prints, before the questions (see
// Page.Lead).
const scaffoldFrameworkBody = `«Say in a sentence or two when to use these questions.»

## Before the meeting

- Pick the questions: the required ones and enough others to make up pick.
- Send the chosen questions to both sides a week ahead.

«This first section is shown, and printed on the worksheet, before the
questions.» The sections after it come after them.

## During the meeting

- «What the facilitator should do as the questions are asked.»
`

// NewSite writes a new, buildable site into dir: site.toml, the content
// folders with their list-page texts, an about page and the authoring
// guide, a .gitignore that keeps the built site out of git, and a GitHub
// Actions workflow that publishes it to GitHub Pages (see package deploy).
// It refuses a dir that already holds a site.toml or content/.
func NewSite(dir string, today time.Time) error {
	for _, name := range []string{"site.toml", "content"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return fmt.Errorf("builder: %s already exists: choose an empty folder", filepath.Join(dir, name))
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("builder: %w", err)
		}
	}
	files, err := newSiteFiles(today)
	if err != nil {
		return err
	}
	for name, text := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return fmt.Errorf("builder: %w", err)
		}
		if err := os.WriteFile(full, []byte(unmark.Replace(text)), 0o644); err != nil {
			return fmt.Errorf("builder: %w", err)
		}
	}
	return nil
}

// newSiteFiles returns the files of a new site by their paths, with
// their placeholders still marked.
func newSiteFiles(today time.Time) (map[string]string, error) {
	workflow, err := deploy.Recipes.ReadFile(deploy.GitHubPages)
	if err != nil {
		return nil, fmt.Errorf("builder: %w", err)
	}
	date := today.Format(time.DateOnly)
	files := map[string]string{
		"site.toml":                     newSiteConfig,
		".gitignore":                    newSiteGitignore,
		".github/workflows/publish.yml": string(workflow),
		"content/_index.md":             fmt.Sprintf("+++\ntitle = \"Our neighbourhood teams\"\nsummary = \"How our area is building integrated neighbourhood teams.\"\nupdated = %s\n+++\n\n«Say here what this site is and who it is for.»\n", date),
		"content/about.md":              fmt.Sprintf("+++\ntitle = \"About this site\"\nupdated = %s\n+++\n\n«Who publishes this site, and how to contact them (by role).»\n", date),
		"content/guide/authoring.md":    fmt.Sprintf("+++\ntitle = \"Authoring guide\"\nsummary = \"How to write pages for this site.\"\nlayout = \"authoring-guide\"\nupdated = %s\n+++\n\nMake a page with `intkb new playbook my-slug`, check the site with `intkb check`, and preview it with `intkb serve`. The field reference below lists every key.\n", date),
	}
	for _, s := range model.Sections {
		files["content/"+s.Dir+"/_index.md"] = fmt.Sprintf("+++\ntitle = %q\nsummary = %q\n+++\n", s.Title, sectionBlurb(s.Type))
	}
	return files, nil
}

// newSiteGitignore keeps what intkb writes out of git: the built site
// (publishDir) and the search index that serve and search use.
const newSiteGitignore = `# What intkb build and intkb serve write, made again from the pages at
# every build: keep it out of git.
/public/
.intkb/
`

const newSiteConfig = `# site.toml: this site's settings. The authoring guide lists every key.
title = "Neighbourhood teams knowledge base"
description = "Playbooks, case studies, question frameworks and blueprints for our integrated neighbourhood teams."
# Where the site will be published, such as https://example.org/neighbourhoods/.
# intkb build warns until this is the real address (or give --base-url).
baseURL = "http://127.0.0.1:1313/"
publishDir = "public"
language = "en-GB"
paginate = 10
# The terms others may reuse the open data (data/blueprints.json) on, and
# how they should credit you: intkb build warns while blueprints are
# published without them. For example:
# licence = "Open Government Licence v3.0"
# licenceURL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
licence = ""
licenceURL = ""
attribution = ""

[header]
name = "Neighbourhood teams"
serviceName = "Knowledge base"
# The NHS logo is a trade mark: use it only where you have the right to.
logo = ""
logoAlt = ""

[markdown]
unsafe = false
tocMinHeadings = 4

[[areas]]
slug = "our-area"
name = "Our area"
setting = "«The kind of place»"
description = "«A sentence about the area.»"

# To compare your areas with another intkb site's, name its open data:
# [[import]]
# name = "neighbours"
# source = "https://example.org/data/blueprints.json"
`

// scaffoldTexts is what the scaffolds mark for their author to replace.
type scaffoldTexts struct {
	values map[string]bool // whole values of a front-matter or site.toml key
	body   []string        // sentences of a page's body, sorted
}

// templateTexts returns the texts the scaffolds of NewPage and NewSite
// mark for their author to replace, read from the scaffolds themselves.
var templateTexts = sync.OnceValue(func() scaffoldTexts {
	texts := scaffoldTexts{values: map[string]bool{}}
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var pages []string
	for _, typ := range NewPageTypes {
		text, err := newPageMarked(typ, "x", day, []model.Area{{Slug: "x", Name: "X"}})
		if err != nil {
			panic(err) // the scaffolds are constants: a test would fail first
		}
		pages = append(pages, text)
	}
	files, err := newSiteFiles(day)
	if err != nil {
		panic(err)
	}
	for _, s := range marked(files["site.toml"]) {
		texts.values[s] = true
	}
	for name, text := range files {
		if strings.HasSuffix(name, ".md") {
			pages = append(pages, text)
		}
	}
	for _, text := range pages {
		src, e := model.SplitSource("scaffold.md", []byte(text))
		if e != nil {
			panic(e)
		}
		for _, s := range marked(string(src.Front)) {
			texts.values[s] = true
		}
		texts.body = append(texts.body, marked(string(src.Body))...)
	}
	slices.Sort(texts.body)
	texts.body = slices.Compact(texts.body)
	return texts
})

// marked returns the texts of s between markOpen and markClose.
func marked(s string) []string {
	var out []string
	for {
		_, rest, ok := strings.Cut(s, markOpen)
		if !ok {
			return out
		}
		text, after, ok := strings.Cut(rest, markClose)
		if !ok {
			panic("builder: a scaffold has " + markOpen + " without " + markClose)
		}
		out = append(out, text)
		s = after
	}
}
