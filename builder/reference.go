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
//	history                          list of tables. Earlier assessments of the model, as [[history]] tables, oldest first: what was different on each date.
//	history.date *                   date. When the model stood as this entry says: before the blueprint's updated date.
//	history.note                     text. What happened, in a sentence, such as "Pilot in two practices".
//	history.integration_level        one value. The integration level then.
//	                                 one of: convening_to_advise, convening_to_coordinate, unity_of_effort
//	history.mdt_cadence              one value. How often the MDT met then.
//	                                 one of: daily, twice_weekly, weekly, fortnightly, monthly
//	history.members                  list of text. The roles in the team then, such as ["GP", "District nurse"]: a role also in [[form.members]] is that member.
//	history.collective_accountability true or false. Whether partners shared accountability then.
//	history.budget                   one value. How partners' money came together then.
//	                                 one of: separate, aligned, pooled
//	history.recurrent                true or false. Whether the funding was recurrent then.
//	history.record                   one value. How far records were shared then.
//	                                 one of: no_shared_record, view_only, shared_care_plan, single_record
//	history.vcse                     one value. How the voluntary sector took part then.
//	                                 one of: not_involved, consulted, partner, core_member
//	history.community_pharmacy       one value. How community pharmacy took part then.
//	                                 one of: not_involved, consulted, partner, core_member
//	history.maturity                 table. The maturity scores then, as a [history.maturity] table.
//	history.maturity.shared_purpose  whole number, 0 to 5. Partners agree what the team is for.
//	history.maturity.leadership      whole number, 0 to 5. Named sponsors and implementers on each side.
//	history.maturity.information_sharing whole number, 0 to 5. Records and data flow to where they are needed.
//	history.maturity.workforce       whole number, 0 to 5. Roles, contracts and time to work as one team.
//	history.maturity.population_health whole number, 0 to 5. Data is used to find and plan for the people who need the team.
//	history.maturity.community_voice whole number, 0 to 5. People and communities shape the work.
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
//	gitHistory                       true or false. Set to false to leave the site's git history out of the blueprints' histories, as when the repository's early commits are not the areas' own changes. Default true.
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
//	areas.region                     text. The NHS region, such as "North West". Optional; used by portals to group areas.
//	areas.icb                        text. The integrated care board, such as "Northshire ICB". Optional; used by portals to group areas.
//	areas.place                      text. The place within the ICB, such as a borough or district. Optional; used by portals to group areas.
//	import                           list of tables. Other sites' blueprints to compare with this site's, as [[import]] tables. They join the comparison, marked as from elsewhere, but get no pages here.
//	import.name *                    text. A short name for the other site, in lower case with hyphens, shown beside its areas.
//	import.source *                  text. Its blueprints.json: a path inside this site's folder, such as data/northshire.json, or an http or https URL. A URL is fetched at each build, waiting at most 10 seconds.
//	import.maxAreas                  whole number. The most areas to take from it, the first in its file's order; the rest are left out with a warning. Default 200.
//	import.maxAge                    text. How old the last good copy of a URL may be, such as 3d (days) or 12h (hours), before --strict fails when the source cannot be fetched. Default: [imports] maxAge.
//	import.region                    text. The NHS region, such as "North West". Optional; used by portals to group areas.
//	import.icb                       text. The integrated care board, such as "Northshire ICB". Optional; used by portals to group areas.
//	import.place                     text. The place within the ICB, such as a borough or district. Optional; used by portals to group areas.
//	imports                          table. The [imports] table: what the [[import]] tables may add together.
//	imports.maxAreas                 whole number. The most imported areas in all, taken import by import in site.toml's order; the rest are left out with a warning. Default 300.
//	imports.list                     text. A CSV file in this site's folder, such as data/sources.csv, listing more sources, one a row, under the header name,source,region,icb,place,maxAreas,maxAge (only name and source are needed). Each row is read as an [[import]] after those of site.toml.
//	imports.concurrency              whole number. How many sources are fetched at once. Default 8.
//	imports.maxAge                   text. How old the last good copy of a URL may be, such as 7d (days) or 36h (hours): a source that cannot be fetched is compared from its last good copy with a warning, and --strict fails only when there is no copy or it is older than this. Default 7d.
//	compare                          table. The [compare] table: how /compare/ sets areas side by side.
//	compare.maxColumns               whole number. The most areas /compare/ sets side by side, 2 to 20; with more areas than this, it shows a filter first. Default 12.
//	vocabulary                       lists of tables, by name. Values this site adds to a controlled list, as [[vocabulary.NAME]] tables of value, label and description, such as [[vocabulary.cohort]]. Its pages may then use them; they join the list after its own values, everywhere the list is shown. A site may add to case_finding, cohort, decision_sharing, evidence_type, organisation, question_theme, role_boundary, session_format, specialist_support, team_link.
//	vocabulary.NAME.value *          text. What authors write, in lower case with underscores, such as children_and_families.
//	vocabulary.NAME.label *          text. What readers see, such as Children and families.
//	vocabulary.NAME.description      text. A sentence for the authoring guide.
package builder
