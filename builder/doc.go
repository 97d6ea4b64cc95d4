// Package builder turns a folder of Markdown pages with TOML front matter
// into a static Integrated Neighbourhood Team knowledge base.
//
// # A site
//
// A site is a folder, read through an fs.FS:
//
//	site.toml         the settings (see model.Config and the reference below)
//	content/          the pages, as NAME.md or NAME/index.md with files beside it
//	layouts/          optional: templates that replace the built-in ones by name
//	static/           optional: files copied as they are, replacing built-in ones
//
// The first folder under content/ decides a page's type: playbooks/,
// case-studies/, frameworks/ (partnership question frameworks) and
// blueprints/ (local INT blueprints). Anything else is a plain page, such
// as content/glossary.md. An _index.md gives the text of the home page
// (content/_index.md) or of a section's list page.
//
// # Content files
//
// A content file starts with TOML front matter between two lines of +++,
// followed by a Markdown body:
//
//	+++
//	title = "Start with needs"
//	summary = "Find out what matters to the people a team will serve."
//	updated = 2026-09-14
//	review_due = 2027-03-14
//	phase = "explore"
//	addresses = ["needs"]
//
//	[[steps]]
//	title = "Gather what you already know"
//	+++
//
//	Body in Markdown.
//
// Files must be UTF-8; a byte-order mark and CRLF line endings are
// accepted. Decoding is strict: an unknown key, a value of the wrong type,
// a value outside its controlled list, a missing required key or a
// malformed date is an error naming the file, the line, the key and the
// fix, with the nearest valid key or value when there is one:
//
//	content/blueprints/saltmere.md:12: function.integration_level: "unity" is not one of convening_to_advise, convening_to_coordinate, unity_of_effort (did you mean "unity_of_effort"?)
//
// Text must not hold control characters (U+0000 to U+001F but tab and
// line feed, U+007F to U+009F), which TOML escapes such as "\b" or a paste
// can bring in unseen: each is an error naming it. Keys that are links,
// such as licenceURL and header.logo in site.toml, take an http or https
// URL, published as it is, or a path inside the site, which gets the base
// path; a javascript:, data: or file: URL, a //host link or a path that
// climbs out is an error.
//
// Controlled lists are what make filtering and comparison work. Beside
// most of them a key ending in _note takes free text for what the list
// cannot say. A site may add values to the open lists (see model.Vocab.Open)
// with [[vocabulary.NAME]] tables in site.toml; the site's lists (model.Vocabs)
// are then read wherever a list is used. Dates are bare TOML dates
// (2026-03-14); quoted dates are accepted too.
//
// Each way pages are filtered and grouped (type, area, cohorts,
// integration level, a playbook's phase, tags) is declared once, in Facets: search, the
// taxonomy pages and live rebuilds read it. Each page intkb makes itself
// (the home page, lists, taxonomy pages, the comparison ...) is declared
// once, in generators (generated.go).
//
// # Markdown
//
// Bodies are CommonMark with GitHub's tables, task lists, strikethrough
// and autolinks, plus footnotes, definition lists and typographic quotes.
// Headings get ids (the heading text in lower case, spaces as hyphens) and
// a visible link to themselves; a page with at least tocMinHeadings h2 and
// h3 headings gets a table of contents. Fenced code is highlighted by
// chroma with CSS classes (css/code.css). Raw HTML is left out unless
// [markdown] unsafe = true in site.toml.
//
// What a page may cost to build is limited, as goldmark's work grows with
// the square of some inputs: a page may be at most 512 KB, have 10,000
// table cells in all, nest lists and quotes 32 deep, and have 200 link
// reference definitions and 1,000 footnotes; each link, emphasis or code
// mark ([ ] ! * _ ~ ` <) counts the length of its paragraph, up to
// 200,000,000 a page; and the page may render to 4 MB of HTML. Past 16 KB
// of code on a page, code is not highlighted. A page past a limit is an
// error with its line, found before goldmark spends the time.
//
// Package markdown renders the bodies and holds them to these limits; its
// documentation gives the rules in full (heading ids, the table of
// contents, search text, highlighting, each limit). It knows nothing of
// the site: the builder resolves each link it finds, as below.
//
// Authors link to pages by content path, relative to the page:
// [Start with needs](../playbooks/start-with-needs.md). The builder
// rewrites the link to the page's URL, and a link to a page or #heading
// that does not exist, or one that climbs out of content/, is an error with
// its line. Files beside a page (images, PDFs) are published beside it.
//
// A link may also start at the site's top: a content path
// (/playbooks/start-with-needs.md) or anything the site publishes
// (/playbooks/start-with-needs/, /compare/, /tags/frailty/,
// /data/blueprints.csv, a file from static/). It gets the base path, and
// one that leads nowhere is an error with "did you mean". So are links
// to file: and data: URLs, javascript: and vbscript: ones (read as a
// browser reads them, whatever the case, tabs or entities), autolinks
// among them, and links to the local preview (http://127.0.0.1:1313/...),
// which work only on the author's computer. Raw HTML, when allowed, is not
// checked: [markdown] unsafe = true trusts the site's authors, whose HTML
// could hold a script anyway.
//
// # Output
//
// URLs are pretty: content/playbooks/start-with-needs.md becomes
// /playbooks/start-with-needs/. Every link carries the path of baseURL, so a
// site can live under /icb/north/. Names are taken in Unicode NFC, so
// café.md has one URL whether it was saved composed or decomposed (as
// macOS does); the sitemap, feed and canonical links give it
// percent-encoded. The build writes each page, a paginated
// list per section (the playbooks' grouped by phase, split between
// phases, never within one, each playbook linking to the one before and
// after it: see path.go), taxonomy pages (/tags/, /cohorts/, /areas/,
// /integration-levels/, /phases/), /search/, 404.html, sitemap.xml, feed.xml (Atom)
// and robots.txt. Drafts are left out unless Options.Drafts.
//
// Pages past their review date (review_due), or within ReviewSoonDays of
// it, are listed in Result.Reviews, judged on the day Options.Now:
// reminders for authors, which "intkb check" prints apart from problems,
// and never problems, even with Options.Strict.
//
// Every page names what a shared link's preview shows (Open Graph and
// Twitter card tags) and links the favicons; the canonical link, og:url
// and og:image only when baseURL is a real public address
// (model.PublicBaseURL). The share image is site.toml's shareImage (a PNG
// or JPEG in static/) or share-card.png; favicon.ico, favicon.svg and
// apple-touch-icon.png are drawn from the header's initials and the
// stylesheet's colours unless static/ has its own (see sharing.go).
//
// With Options.Offline the build writes a copy that works opened from a
// folder, with no web server: every link into the site is made relative
// to its page, one to a folder names its index.html, and the search page
// reads its index from scripts (see offline.go).
//
// Files and folders whose names start with a dot (.git, .env, an editor's
// files) are never read from content/ or static/, and a symbolic link that
// leads to one is an error naming the link and its target. Only regular
// files are read: a named pipe, socket or device is an error, as reading
// one could wait for ever. A static file or a file beside a page that
// would be published at the same path as another, as a page, or as a file
// the build writes (lists, sitemap.xml, feed.xml, robots.txt, open data,
// anything under SearchIndexDir) is an error naming both; only the
// built-in static files, such as css/intkb.css and css/code.css, may be
// replaced by a site's own.
//
// The site is written into a new folder beside the destination (see
// package publish), which is
// swapped in only when everything has succeeded: a failed build leaves the
// previous site untouched, and pages removed from content/ do not linger.
// Names starting with a dot at the top of the destination (such as .git)
// are kept. A destination that holds files intkb did not write is refused.
// Parsing, rendering and writing use every core.
//
// # How a build runs
//
// A build loads the site into a snapshot: its settings, vocabularies,
// pages with their Markdown rendered and links checked, files and
// compared areas. Once loaded, a snapshot is never changed. Rendering
// reads it: the registry of generated pages (generated.go) and the
// content pages give the jobs, each a layout and a View, and publishing
// writes what they render. The templates are parsed once for the site's
// settings and layouts; their functions know only the settings, and what
// depends on the pages comes from the View. A Site serves the last
// snapshot with its templates, for pages rendered on request. Live
// loads edits into a copy of the snapshot that shares the pages that did
// not change, renders only the outputs the change reaches, and swaps the
// new snapshot in.
//
// # Comparison and open data
//
// /compare/ sets every blueprint side by side, one column per area and one
// row per comparison field, grouped as needs, function, form, governance,
// finance, digital, participation and measures, with values in words. A
// set value (from a controlled list, or yes or no) that differs from most
// areas is marked, and so is a row where areas do not all agree; see
// Site.Compare, which a server uses to answer /compare/?areas=a,b&diff=1.
// Charts of the integration level, maturity scores and team members are
// drawn as SVG at build time, each with a table saying the same; maturity
// as small multiples, one radar per area on the same scale, in the
// areas' order, never overlaid. Package
// compare works all of this out, and its documentation gives the rules
// in full (the request and its limits, which cells differ, the charts);
// the builder gives it the site's blueprints and imported areas.
// /self-assessment/ is the maturity self-assessment, level by level.
//
// The blueprints are also published as open data under site.toml's
// licence (see opendata.go): data/blueprints.json, data/blueprints/SLUG.json
// and data/blueprints.csv, with codes, described on /data/ (see
// OpenDataFields); data/blueprints.xlsx, in words (spreadsheet.go); their
// JSON Schema, data/blueprints.schema.json, made from Blueprint's fields
// with the site's vocabularies as enums, which every JSON file written
// must meet (opendata_schema.go); the CSV's CSVW metadata, a DCAT
// catalogue, data/catalog.jsonld, and schema.org JSON-LD on /data/, dated
// by the blueprints' updated dates, not the clock (opendata_catalog.go).
// A CSV cell a spreadsheet would read as a formula (model.CSVFormulaLeads)
// gets a single quote before it (in the workbook, Excel's quote prefix);
// the JSON keeps values as written. Another site's blueprints.json named
// by an [[import]] joins the comparison, marked as from elsewhere; one
// that cannot be read is a warning in Result.Warnings, or an error with
// Options.Strict; a blueprint in it that does not meet the schema is left
// out with a warning naming the field. Each import gives at most its
// maxAreas areas, and all together at most [imports] maxAreas, the first
// in order, the rest left out with a warning (see importlimits.go).
//
// # Before publishing
//
// A build warns, and with Options.Strict fails, when the site would go
// live with what suits only a draft or its author's computer (see
// guards.go): a baseURL that is this computer's, a path alone or an
// address kept for examples (except in a preview, Options.Preview); an
// [[import]] of the site's own local preview; published blueprints
// without a licence or an attribution in site.toml; or a published page,
// or site.toml, that still holds a text "intkb new" wrote for its author
// to replace. The scaffolds mark those texts, so the build knows them
// exactly (see NewPage). Result.Drafts names the drafts left out.
//
// # Layouts
//
// Every HTML page is baseof.html executing the "main" template of its
// layout. A content page's layout is its type (playbook, case-study,
// framework, blueprint, page) unless its front matter names another with
// layout = "NAME". Lists use home, list, taxonomy and term; the other
// pages use search, compare, data, self-assessment and 404. Those layouts,
// and another type's (blueprint on a plain page), are written for views a
// content page does not have, so naming one is an error that lists the
// layouts the page may use. Shared pieces are in partials/*.html; the
// charts' SVG markup is in partials/svg.html ("svg-integration",
// "svg-radar" with "svg-radar-grid" and "svg-radar-shape", "svg-members")
// and the maturity small multiples' in partials/chart.html
// ("chart-radars"), drawn from geometry package compare works out
// (compare.IntegrationPlot, RadarPlot, MembersPlot, AreaRadar), so a site
// can restyle a chart without code. Templates get a *View and these functions besides html/template's:
//
//	url REL            a link to REL (relative to the site root) under the base path;
//	                   an absolute http or https URL as it is
//	absURL REL         the absolute URL of REL
//	label VOCAB VALUE  the words for a controlled value: label "cohort" "care_homes"
//	vocab VOCAB        the terms of a vocabulary, in order
//	termURL TAX VALUE  the link to a taxonomy term: termURL "cohorts" "frailty"
//	typeLabel TYPE     "Playbook", "Case study", ...
//	sectionBlurb TYPE  one sentence about a section
//	overdue PAGE       whether the page is past its review date on the build's day; the layouts
//	                   hold the notice of a page not yet past it in a <template data-review-due>,
//	                   which js/review.js shows once the reader's today is past the date
//	number N           N with thousands separators
//	lower S            S in lower case
//	directionMark D    the symbol for an outcome direction
//	questionThemes F   a framework's questions grouped by theme
//	maturity M         a blueprint's maturity scores, dimension by dimension
//	templates PAGE     a playbook's templates, with resolved links
//	schema             the front-matter reference, for the authoring guide
//	maturityRadar PAGE the radar of a blueprint's maturity scores, for "svg-radar", or nil
//
// The functions know only the site's settings, which change only with
// site.toml. What depends on the pages is read from the view's .Site
// (a *SiteView), so that the templates are parsed once for many builds:
//
//	.Site.Count TYPE         how many published pages have the type
//	.Site.HasPage REL        whether a content page is published at REL
//	.Site.CompareLinks PAGE  links comparing a blueprint's area with each other area of the site
//
// A page's body can be shown in parts: .Page.Opening and .Page.Sections
// split it at its first h2 (a playbook shows its steps between them), and
// .Page.Lead and .Page.Rest at its second. A question framework's page is
// its printable worksheet: the introduction and first section (such as
// "Before the meeting", .Page.Lead), the four key people with a column to
// write names in, the questions, then .Page.Rest. Its script,
// js/worksheet.js, puts a box on each question to choose the ones that
// print, keeps the choice in the address (?q=ID,ID; a required question
// always prints) and shows a Print button; the stylesheet prints only the
// chosen questions on A4, without the site's header and footer. Without
// JavaScript every question prints.
//
// # Front matter reference
//
// Made from the front-matter structs by "go test -run TestDocReference
// -update". Required keys are marked *. Keys under a table are written
// with its name: form.members.role is role in a [[form.members]] table.
// Area values are the slugs of the [[areas]] in site.toml. On plain pages
// only title is required; case studies and blueprints also need area and
// cohorts.
//
// Every page: Keys every content file may have, whatever its type.
//
//	type                             text. The content type. Optional: a page's folder sets it (playbooks, case-studies, frameworks, blueprints); anything else is a plain page.
//	title *                          text. The page title.
//	summary *                        text. One or two sentences shown in lists, search results and feeds.
//	status                           one value. Draft, published or archived. Default published.
//	                                 one of: draft, published, archived
//	updated *                        date. When the content was last checked or changed, as 2026-03-14.
//	review_due *                     date. When it must next be reviewed. After this date the page shows a notice.
//	tags                             list of text. Free keywords, such as ["frailty", "mdt"].
//	area                             one value. The area the page is about: one of the slugs of [[areas]] in site.toml. Required for case studies and blueprints.
//	cohorts                          list of values. The groups of people the work serves. Required for case studies and blueprints.
//	                                 one of: frailty, multiple_long_term_conditions, rising_risk, high_intensity_users, severe_mental_illness, care_homes, children_young_people, wider_determinants
//	cohorts_note                     text. Free text beside cohorts, for what the list cannot say.
//	featured                         true or false. Shown on the home page when true.
//	search                           true or false. Set to false to leave the page out of search.
//	help                             true or false. True for a page about the site rather than about INT work, such as this guide, an about page or a glossary: search lists it after every other page it finds. Default true for plain pages, false for the others.
//	weight                           whole number. Orders pages in lists: lower first, then by title.
//	layout                           text. The template to use instead of the type's own, such as "authoring-guide".
//
// Playbooks: Files in content/playbooks/. Also every key of every page.
//
//	phase *                          one value. The stage of INT development it is for.
//	                                 one of: explore, design, launch, sustain
//	phase_note                       text. Free text beside phase.
//	addresses *                      list of values. Which of needs, function and form it helps with.
//	                                 one of: needs, function, form
//	roles                            list of text. The roles involved, such as ["PCN clinical director", "care coordinator"].
//	steps *                          list of tables. The steps, in order, as [[steps]] tables.
//	steps.title *                    text. What to do, in a few words.
//	steps.detail                     text. How, in a sentence or two.
//	outputs                          list of text. What the playbook produces, such as an agreed needs statement.
//	templates                        list of tables. Things to print, as [[templates]] tables.
//	templates.title *                text. The name of the template.
//	templates.link *                 text. A file beside the page ("worksheet.pdf") or a content path ("../frameworks/first-conversation.md").
//	references                       list of tables. Published sources the playbook draws on, as [[references]] tables, listed under References at the end of the page.
//	references.title *               text. Its title, as published.
//	references.publisher             text. Who published it, such as "NHS England".
//	references.year                  whole number. The year it was published, such as 2022.
//	references.url                   text. Where to read it: an http or https URL. Leave it out rather than guess one.
//
// Case studies: Files in content/case-studies/. Also every key of every page; area and cohorts are required.
//
//	setting *                        text. The place in a sentence: population, geography, services.
//	period                           text. When it happened, such as "April 2024 to March 2026".
//	changes *                        list of text. What changed, one item each.
//	governance                       text. Who was accountable and how decisions were made.
//	learnings *                      list of text. Three to five key learnings.
//	outcomes *                       list of tables. What happened, as [[outcomes]] tables.
//	outcomes.measure *               text. What was looked at.
//	outcomes.direction *             one value. Which way it went.
//	                                 one of: improved, no_change, worsened, not_measured
//	outcomes.detail                  text. Figures or description.
//	outcomes.caveat                  text. What limits the conclusion.
//	evidence_type *                  one value. How strong the evidence is.
//	                                 one of: descriptive, before_after, matched_comparison, qualitative, mixed
//	evidence_note                    text. Free text beside evidence_type: sample sizes, limits.
//	contact_role *                   text. Who to ask, as a role ("Neighbourhood programme lead"), never a person's name.
//	references                       list of tables. Published sources the case study draws on, as [[references]] tables, listed under References at the end of the page.
//	references.title *               text. Its title, as published.
//	references.publisher             text. Who published it, such as "NHS England".
//	references.year                  whole number. The year it was published, such as 2022.
//	references.url                   text. Where to read it: an http or https URL. Leave it out rather than guess one.
//
// Partnership question frameworks: Files in content/frameworks/. Also every key of every page.
//
//	session_format *                 one value. The kind of session it is written for.
//	                                 one of: pcn_meeting, protected_learning_time, partnership_board, workshop, one_to_one
//	session_format_note              text. Free text beside session_format.
//	session_minutes *                whole number. How long the session lasts, in minutes.
//	pick *                           whole number. How many questions to pick for one session, counting the required ones.
//	partner_types *                  list of values. The kinds of partner organisation it suits.
//	                                 one of: general_practice, community_health, social_care, mental_health, community_pharmacy, vcse, acute, public_health, housing, dentistry, optometry, other
//	sides *                          list of tables. Exactly two [[sides]] tables: the partnership's two sides, each with a sponsor and an implementer.
//	sides.name *                     text. The side, such as "Primary care network".
//	sides.sponsor *                  text. The role that can sign off money and time.
//	sides.implementer *              text. The role that makes things happen.
//	questions *                      list of tables. The questions, as [[questions]] tables.
//	questions.id *                   text. A short identifier unique in the framework, such as "p1": letters, digits, hyphens and underscores. It names the question in the link to a chosen worksheet.
//	questions.theme *                one value. The theme it belongs to.
//	                                 one of: purpose, current_state, people, resources, governance, next_step
//	questions.text *                 text. The question.
//	questions.required               true or false. True for a question that must always be asked: it is on every printed worksheet, whichever questions are chosen.
//	questions.hint                   text. A prompt for the facilitator.
//
// Local INT blueprints: Files in content/blueprints/, one per area. Also every key of every page; area and cohorts are required.
//
//	needs *                          table. The [needs] table.
//	needs.footprint *                text. The area covered, in a sentence.
//	needs.population *               whole number. People covered in all.
//	needs.neighbourhoods *           whole number. How many neighbourhoods (and so teams).
//	needs.neighbourhood_min          whole number. Population of the smallest neighbourhood.
//	needs.neighbourhood_max          whole number. Population of the largest neighbourhood.
//	needs.statement *                text. The needs statement: what matters to the people served.
//	function *                       table. The [function] table.
//	function.integration_level *     one value. How deep the integration goes.
//	                                 one of: convening_to_advise, convening_to_coordinate, unity_of_effort
//	function.integration_level_note  text. Free text beside integration_level.
//	function.case_finding *          list of values. How people come to the team.
//	                                 one of: risk_stratification, professional_referral, self_referral, discharge_lists, care_home_lists, population_search
//	function.case_finding_note       text. Free text beside case_finding.
//	function.coordinator *           text. The role that coordinates each person's care.
//	function.activities              list of text. What the team does, one item each.
//	function.decision_sharing        list of values. How the person and their family hear what the MDT decided.
//	                                 one of: at_the_meeting, coordinator_tells, written_plan, record_access, referrer_tells, not_routinely
//	function.decision_sharing_note   text. Free text beside decision_sharing: who tells them, and how soon.
//	function.role_boundaries         list of values. How members work across professional boundaries.
//	                                 one of: trusted_assessment, shared_tasks, joint_visits, generalist_roles
//	function.role_boundaries_note    text. Free text beside role_boundaries.
//	form *                           table. The [form] table.
//	form.origin *                    one value. Whether the model is new, evolved from earlier work, or relabelled.
//	                                 one of: new, evolved, relabelled
//	form.origin_note                 text. Free text beside origin: what it grew from.
//	form.mdt_cadence *               one value. How often the multidisciplinary team meets.
//	                                 one of: daily, twice_weekly, weekly, fortnightly, monthly
//	form.mdt_mode *                  one value. How it meets.
//	                                 one of: in_person, virtual, hybrid
//	form.mdt_note                    text. Free text about the MDT.
//	form.members *                   list of tables. The team, as [[form.members]] tables.
//	form.members.role *              text. The role, such as "district nurse".
//	form.members.organisation *      one value. The kind of organisation that employs them.
//	                                 one of: general_practice, community_health, social_care, mental_health, community_pharmacy, vcse, acute, public_health, housing, dentistry, optometry, other
//	form.members.arrangement *       one value. How they come to work in the team.
//	                                 one of: substantive, honorary, seconded, contracted, volunteer
//	form.members.commitment *        one value. Core member or on call.
//	                                 one of: core, on_call
//	form.members_note                text. Free text about membership.
//	form.person_in_mdt               one value. How the people the team serves, and their carers, take part in the MDT.
//	                                 one of: not_involved, views_brought, invited, members
//	form.person_in_mdt_note          text. Free text beside person_in_mdt.
//	form.team_links                  list of values. How the MDT works with the other teams around the same people and families: a team of teams.
//	                                 one of: named_links, shared_members, joint_review, shared_plan, lead_team
//	form.team_links_note             text. Free text beside team_links: which other teams.
//	form.specialist_support          list of values. How specialist support, from hospital and mental health services, reaches the neighbourhood.
//	                                 one of: referral_only, advice_line, joins_mdt, neighbourhood_clinics, aligned_specialist
//	form.specialist_support_note     text. Free text beside specialist_support.
//	governance *                     table. The [governance] table.
//	governance.accountable_body *    text. The body the team answers to.
//	governance.collective_accountability true or false. True when partners share accountability for outcomes.
//	governance.note                  text. Free text.
//	finance *                        table. The [finance] table.
//	finance.budget *                 one value. How partners' money comes together.
//	                                 one of: separate, aligned, pooled
//	finance.recurrent                true or false. True when the funding is recurrent, not a pilot.
//	finance.note                     text. Free text.
//	digital *                        table. The [digital] table.
//	digital.record *                 one value. How far records are shared.
//	                                 one of: no_shared_record, view_only, shared_care_plan, single_record
//	digital.note                     text. Free text.
//	participation *                  table. The [participation] table.
//	participation.vcse *             one value. How the voluntary, community and social enterprise sector takes part.
//	                                 one of: not_involved, consulted, partner, core_member
//	participation.community_pharmacy * one value. How community pharmacy takes part.
//	                                 one of: not_involved, consulted, partner, core_member
//	participation.dentistry          one value. How dental practices take part.
//	                                 one of: not_involved, consulted, partner, core_member
//	participation.optometry          one value. How optical practices (optometry) take part.
//	                                 one of: not_involved, consulted, partner, core_member
//	participation.lived_experience   list of text. Lived-experience roles, such as ["carer representative on the steering group"].
//	participation.note               text. Free text.
//	measures                         table. The [measures] table.
//	measures.measures                list of text. What is measured, one item each.
//	measures.evaluation              text. How the model is evaluated, and by whom.
//	measures.evaluation_type         one value. The kind of evaluation.
//	                                 one of: descriptive, before_after, matched_comparison, qualitative, mixed
//	maturity                         table. The optional [maturity] self-assessment: each dimension scored 0 to 5.
//	maturity.assessed *              date. When the team scored itself.
//	maturity.shared_purpose          whole number, 0 to 5. Partners agree what the team is for.
//	maturity.leadership              whole number, 0 to 5. Named sponsors and implementers on each side.
//	maturity.information_sharing     whole number, 0 to 5. Records and data flow to where they are needed.
//	maturity.workforce               whole number, 0 to 5. Roles, contracts and time to work as one team.
//	maturity.population_health       whole number, 0 to 5. Data is used to find and plan for the people who need the team.
//	maturity.community_voice         whole number, 0 to 5. People and communities shape the work.
//	maturity.note                    text. Free text.
//
// site.toml: The site's settings, in site.toml at the top of the site's folder.
//
//	title *                          text. The site's name, shown in the title bar and feeds.
//	description                      text. One sentence about the site, for search engines and feeds.
//	baseURL *                        text. Where the site is published, such as https://example.org/icb/north/. Every link honours its path. intkb build warns until it is the address readers use: not this computer's, a path alone or an example address.
//	publishDir                       text. The folder intkb build writes to. Default public.
//	language                         text. The language of the content. Default en-GB.
//	paginate                         whole number. How many pages a section list shows at a time. Default 10.
//	licence                          text. The content's licence, shown in the footer and the open data.
//	licenceURL                       text. A link to the licence text: an http or https URL, or a path inside the site.
//	attribution                      text. How reusers should credit the content.
//	shareImage                       text. The picture shown beside a link to the site shared in a chat app or on a social site (Open Graph's og:image): a PNG or JPEG file under static/, such as /images/share.png, best at 1200 × 630 pixels. Shown only when baseURL is a public address. Empty: the build draws share-card.png from the site's name, description and header colour.
//	shareImageAlt                    text. What shareImage shows, in words, for people who cannot see it; required with shareImage.
//	header                           table. The [header] table: the name and logo at the top of every page.
//	header.name                      text. The organisation name beside the logo.
//	header.serviceName               text. The service name after it.
//	header.logo                      text. The logo image: a path to a file under static/, such as /images/logo.svg, or an http or https URL. Empty for none.
//	header.logoAlt                   text. The logo's text alternative; required with logo.
//	markdown                         table. The [markdown] table.
//	markdown.unsafe                  true or false. When true, raw HTML in Markdown is passed through. Default false: it is escaped.
//	markdown.tocMinHeadings          whole number. Pages with at least this many h2 and h3 headings get a table of contents. Default 4.
//	areas                            list of tables. The areas pages can be about, as [[areas]] tables.
//	areas.slug *                     text. The area's identifier, in lower case with hyphens.
//	areas.name *                     text. The area's name.
//	areas.setting                    text. The kind of place, such as "Coastal, older population".
//	areas.description                text. A sentence about the area.
//	import                           list of tables. Other sites' blueprints to compare with this site's, as [[import]] tables. They join the comparison, marked as from elsewhere, but get no pages here.
//	import.name *                    text. A short name for the other site, in lower case with hyphens, shown beside its areas.
//	import.source *                  text. Its blueprints.json: a path inside this site's folder, such as data/northshire.json, or an http or https URL. A URL is fetched at each build, waiting at most 10 seconds.
//	import.maxAreas                  whole number. The most areas to take from it, the first in its file's order; the rest are left out with a warning. Default 200.
//	imports                          table. The [imports] table: what the [[import]] tables may add together.
//	imports.maxAreas                 whole number. The most imported areas in all, taken import by import in site.toml's order; the rest are left out with a warning. Default 300.
//	vocabulary                       lists of tables, by name. Values this site adds to a controlled list, as [[vocabulary.NAME]] tables of value, label and description, such as [[vocabulary.cohort]]. Its pages may then use them; they join the list after its own values, everywhere the list is shown. A site may add to case_finding, cohort, decision_sharing, evidence_type, organisation, question_theme, role_boundary, session_format, specialist_support, team_link.
//	vocabulary.NAME.value *          text. What authors write, in lower case with underscores, such as children_and_families.
//	vocabulary.NAME.label *          text. What readers see, such as Children and families.
//	vocabulary.NAME.description      text. A sentence for the authoring guide.
package builder
