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
// reference definitions and 1,000 footnotes; its front matter may nest
// tables, lists and dotted keys 32 deep and give 100 tags; each link,
// emphasis or code mark ([ ] ! * _ ~ ` <) counts the length of its
// paragraph, up to 200,000,000 a page; and the page may render to 4 MB of
// HTML. Past 16 KB of code on a page, code is not highlighted. A page past
// a limit is an error with its line, found before goldmark spends the
// time.
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
// /integration-levels/, /phases/), /search/, 404.html, sitemap.xml, feed.xml (Atom),
// compare/changes.xml (Atom: the changes to the areas' models, dated by
// their history; see changesfeed.go) and robots.txt. Drafts are left out unless Options.Drafts.
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
// With Options.KeepUnchanged, a build first fetches the imports and
// works out the digest of everything that decides its output: the
// program, the options, the site's settings, every file of the site's
// folder, where its git history stands, and each import as read
// (unchanged.go). When the digest is the one the last build that
// published into Dest kept in Options.StateDir, the day is one on which
// that build's output still holds (no page has become overdue since), and
// Dest still holds exactly what that build wrote, it loads and renders
// nothing, leaves Dest as it is and returns that build's Result with Kept
// set; anything else, and it builds in full. Options.Clean ignores
// everything kept.
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
// Each blueprint page lists, under "Areas like this one", the
// compare.LikeCount areas whose models are most like its own, this
// site's or imported, each with the reasons in words ("also rural",
// "also pooled budget") and links: to its page (an imported area's on
// its own site, marked with the import's name), to the two side by
// side, and to the areas like it: that section of its blueprint page
// (#bp-like) or, for an imported area, which has no page here, a page
// of its own at compare/like/IMPORT/SLUG/ (layout like). The compare
// page's columns link to them too, so that it works on plain hosting
// and without JavaScript. compare.Nearest works them out once per build
// (like.go), and a page lists only those few, so no page grows with the
// number of areas. partials/like.html holds the markup ("areas-like",
// "like-list", "like-how").
//
// Each blueprint page says how its model has changed: the history that
// compare.Timeline joins from the blueprint's [[history]] entries and, when
// Options.Dir is a git repository (and site.toml does not set gitHistory
// = false), every commit that changed the blueprint, read in two git
// processes for the whole site once per full build (githistory.go); a
// shallow clone is warned of.
//
// The blueprints are also published as open data under site.toml's
// licence (see opendata.go): data/blueprints.json, data/blueprints/SLUG.json
// and data/blueprints.csv, with codes, each blueprint's history in
// data/blueprint-history.csv, one row per change, described on /data/ (see
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
// [imports] list names a CSV file of more sources, one a row, read as
// [[import]] tables after site.toml's (importlist.go,
// model.ParseImportList). Sources are fetched [imports] concurrency at
// once (importfetch.go); with Options.StateDir, each URL's last good copy
// is kept there (importcache.go), asked for again with If-None-Match and
// If-Modified-Since, and compared in its place, marked Stale with its
// age, when the source cannot be read: a warning that Options.Strict
// lets pass unless the copy is older than maxAge.
//
// A site with more areas than [compare] maxColumns (default 12, at most
// compare.MaxAreas) makes /compare/ filter-first (compare.NewChosen): the
// reader chooses areas by their facets, sees a summary of those chosen
// and sets up to maxColumns side by side. The build then also writes a
// prepared comparison for each region and each ICB, at
// compare/region/SLUG/ and compare/icb/SLUG/, for readers without
// JavaScript, and the files compare-scale.js reads on plain hosting:
// compare/areas.json, the areas with their facet values, and
// compare/area/KEY.json, one area's column (comparescale.go). The areas
// and their index are made once per snapshot, so a server's request
// costs one pass over the index and the columns it shows.
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
// pages use search, compare, like, data, self-assessment and 404. Those layouts,
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
//	.Site.CompareLinks PAGE  links comparing a blueprint's area with each other area of the site; none when /compare/ is filter-first
//	.Site.History PAGE       a blueprint's area (compare.Area), whose History and Charts its page shows
//	.Site.Like PAGE          a blueprint's area and the areas most like it (*AreasLike), or nil
//	.Site.LikeOf KEY         the same for any area, by its key, imported ones too
//	.Site.LikeURL AREA       the link to the areas like a compare.Area (its blueprint page's #bp-like, or an imported area's page of them), or "" when it has none
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
package builder
