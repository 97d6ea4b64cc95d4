// Package compare is the blueprint comparison behind /compare/: areas'
// models side by side, field by field, with the values where an area
// differs from most marked, and the charts drawn from them. It knows
// nothing of pages or sites: the builder lists the areas, this package
// works out the comparison, and the layouts render it. It reads no files
// and keeps no state between calls.
//
// # Areas
//
// An Area is one area's model: a blueprint of the site, or one another
// site publishes in its open data and the site imports. The builder
// gives them in list order, the site's own blueprints first, then the
// imported ones in site.toml's order. Key names an area in requests: a
// blueprint's slug, or IMPORT/SLUG for an imported one. Vocabs are the
// lists its values are read with (an imported area's may hold the other
// site's own terms); nil means model.Vocabularies.
//
// # Requests
//
// A Query is what a reader asked for, as in
// /compare/?areas=saltmere,kingsmoor&diff=1, and ParseQuery reads it from
// URL parameters. Nothing in a request makes it fail:
//
//   - areas may be one comma-separated parameter, several (as a form of
//     checkboxes sends them), or both; each name is trimmed of spaces,
//     and empty names and repeats are skipped;
//   - a name longer than MaxAreaName (200) bytes of UTF-8 is longer than
//     any key, so it is left out, takes no place, and all such names
//     are explained in one notice;
//   - at most MaxAreas (20) names are kept, the first given; past that,
//     a notice says the request was cut short;
//   - diff=1 (or on, true or yes, in any case) asks for only the rows
//     where the areas differ;
//   - asat=2025-06-01 asks for every area's model as it stood that day,
//     and since=2025-06-01 marks the values that changed after it (see
//     History); a value that is not a date is left out, with a notice,
//     and today's models are shown.
//
// # A comparison
//
// New makes the Comparison of the areas a Query names out of all the
// areas:
//
//   - Columns are the areas named that exist, in list order, not in the
//     order asked; names of no area are left out and named in a notice
//     (the first five, then how many others);
//   - a request that names nothing, and has no notice, shows every area;
//     one whose names are all unknown or refused shows none, with a
//     notice, so that no request costs more than its choice;
//   - with one area chosen, a notice asks for at least one more;
//   - Choices are every area, ticked when chosen, for the form; Imports
//     are the names of the sites areas came from, each once.
//
// The matrix has a Group of rows for each part of the blueprint, in the
// order a reader meets them: needs, function, form, governance, finance,
// digital, participation, and measures and evaluation. A Row is one
// field, with a Cell for each column: its value in words (a controlled
// value's label from the area's Vocabs, a list in its vocabulary's order,
// yes or no, a figure with thousands separators, free text as written)
// and any _note beside it. When there are columns, a row that none of
// them fills is left out.
//
// # Differences
//
// Differences are judged only on rows of set values, from a controlled
// list or yes or no (Row.Compared); free text and figures are shown but
// never marked. Each cell's Match is its codes, a list's sorted so that
// order is no difference, and an empty value is a value like any other.
// Then:
//
//   - a row Varies when its cells do not all match;
//   - a cell Differs when its value is less common than the most common
//     one and at least two areas share that. So with three areas the
//     odd one out is marked; with five split 2, 2 and 1, the one; when
//     no value is shared (two areas that disagree, or all different) or
//     the areas split evenly, no cell stands out and only the row
//     varies.
//
// With Query.OnlyDifferences, only the compared rows that vary are kept,
// and groups left without rows are left out.
//
// # Charts
//
// Each Chart is an SVG picture and a ChartTable that says the same for
// screen readers and print. A comparison with any columns has, in this
// order: the integration scale (IntegrationPlot: a band per level and a
// row per area, with a dot under the level it has reached); the areas'
// maturity self-assessments, when an area shown has one; and the teams'
// roles by the kind of organisation that employs them (MembersPlot: a
// filled square per core member, a hollow one per member on call).
//
// Maturity is shown as small multiples (Chart.Radars), never as shapes
// laid over one another, which would invite reading the scores as a
// league table: an AreaRadar per area shown, in the order of the columns
// (never by score), each with the area's name, its own RadarPlot and its
// own table of scores. Every one is drawn on the same scale: the same
// size, the same spokes in the same order and the same rings, 0 to 5. An
// area without a self-assessment keeps its place, with no radar, saying
// so. A RadarPlot holds one area's, or one team's, scores and nothing
// else. BlueprintRadar is one blueprint's, larger, for its page, and
// ScoringRadar an empty one whose SVG tells a script where its centre and
// radius are (RadarCentre), for the self-assessment page.
//
// This package works out only their geometry, at build time, so readers
// need no chart library. Coordinates are handed over as text, already
// rounded: to the pixel for the grid, to a tenth for text and plotted
// points. A radar has rings for the scores 1 to 5 and a spoke per
// dimension (model.MaturityDimensions); a dimension without a score
// breaks the shape rather than counting as 0, and only a complete shape
// is shaded. Every chart has a title and a description, which the markup
// labels its role="img" with.
//
// Parts that belong to one area carry its key (data-col): an area's
// radar and table whole; and those stacked one after another, the rows
// of the integration scale and the members' columns, also carry
// data-slot, inside an SVG whose SVGStack says along which axis the
// stack runs, where it starts, how far apart its slots are and what
// follows the last. With that, a script can hide areas and close the
// gaps without drawing again.
//
// The SVG markup itself is in the layouts, layouts/partials/svg.html
// ("svg-integration", "svg-radar" and "svg-members", with the pieces they
// share), and the small multiples' in layouts/partials/chart.html
// ("chart-radars"), which a site can replace with its own to restyle a
// chart without code. The layouts read the types' fields and methods by
// name.
//
// # Areas like this one
//
// Nearest finds, for every area, the LikeCount (5) areas most like it,
// and NearestTo one area's; this site's and imported areas alike. How
// alike two areas are is a weighted mean of seven features, each
// scored from 0 (nothing shared) to 1 (the same), out of 10:
//
//   - setting, 2: the words their settings share of a short list
//     (rural, urban, suburban, coastal, city, town, villages, dispersed,
//     deprived, older population, diverse, young families, each with
//     the forms it is written in, such as "seaside" for coastal), as
//     shared words over the words either has; other words are not read,
//     and an area whose setting has none of them shares nothing;
//   - cohorts, 2: the cohorts both serve over those either serves
//     (Jaccard);
//   - population, 2: 1 less the difference of the log10 of the two
//     populations, so one ten times the other scores 0;
//   - integration level, 1.5: 1 at the same level, less a half for each
//     step apart on the ordered scale;
//   - budget, 1: 1 when the arrangement is the same;
//   - MDT cadence, 1: 1 when the team meets as often, a half when one
//     step apart on its ordered list (weekly and fortnightly);
//   - members, 0.5: the kinds of organisation in both teams over those
//     in either (Jaccard).
//
// A feature an area does not give scores 0. The mean is rounded to a
// thousandth, so areas alike in different ways tie, and ties go by name,
// then key: the order never depends on the list's. The features are
// worked out once per area and each pair is scored once, so every area's
// nearest, at 1,250 areas, take about 60 ms (BenchmarkNearest).
//
// Like.Reasons say why, in words read with the area's vocabularies:
// each feature that matches ("also rural and dispersed", "also frailty
// and care homes", "similar size: 48,000 people" when one population is
// within half as much again of the other, "also convening to coordinate",
// "also pooled budget", "also weekly MDT", "same organisations in the
// team"), those that added most to the score first, at most
// MaxLikeReasons (4). A feature that is only near, such as the next
// integration level, adds to the score but gives no reason.
//
// # History
//
// An Area's History is how its model changed, oldest first (Timeline):
// the versions the site's git history holds of the blueprint, its
// [[history]] entries, each the next point with the entry's values in
// place, and the blueprint as it is. A point that changes nothing is
// left out. Changes says what changed between two versions in words, in
// the order of the matrix's compared rows, then the roles that joined or
// left the team, then each maturity score; At gives the model as it
// stood on a day. Area.Charts draws the history for the blueprint's
// page, on one time axis: the integration level as steps, and each
// maturity dimension as a small multiple of its own, every one with its
// table (markup: "svg-steps" in layouts/partials/svg.html and
// "blueprint-history" in layouts/partials/history.html).
//
// As at a day, each area's model is its history's then (At); an area
// whose history starts later is left out, with a notice. As at a day or
// since one, the matrix holds only the rows a history keeps (set values
// but the team's organisations and arrangements, which its roles say),
// and no charts. Since a day, a cell whose value differs from its area's
// then is Changed, with the value it Was, in words; an area with no
// model then is not marked. On the static page each such cell carries
// its History, the value in words and codes at each point where it
// changed, for compare.js to do the same.
//
// # Many areas
//
// A site may have more areas than a reader can take in side by side: a
// portal of a region's 1,250 neighbourhoods. NewChosen makes the
// comparison of an Index of the areas for a Query and its Filter, with
// at most maxColumns (site.toml's [compare] maxColumns) side by side.
// With no more areas than that, it is New's comparison of every area.
// With more, it is filter-first:
//
//   - the facets (NewIndex, once per list of areas) are region, ICB and
//     place (Area.Grouping), setting, cohorts, integration level, origin
//     and the site that published the area ("this-site" for the site's
//     own), which readers choose by, and the MDT cadence and budget,
//     which are only counted. A controlled list's values are its codes,
//     in its order; free text's are its slugs (model.Slugify), in
//     alphabetical order;
//   - ParseFilter reads the filter from the same address as the Query:
//     each facet's parameter (region, icb, place, setting, cohort, level,
//     origin, site), repeated or comma-separated, at most 50 values of
//     at most MaxAreaName bytes each, and name, words the area's name,
//     title or key must each hold, in any case;
//   - Select chooses the areas that have, of each facet asked, one of the
//     values asked, and hold every word: a value no area has chooses
//     none. Its Summary counts each facet's values over the areas
//     chosen, leaving out those none has; its Form is the facets readers
//     choose by, counted over every area, the values asked marked; it
//     lists the first MaxListed (100) areas chosen. So that neither grows
//     with the areas when each has a value of its own (a setting in
//     words may), a summary counts at most MaxSummaryValues (20) values
//     of a facet and the form offers at most MaxFormValues (200): the
//     most common, the first in order of those as common, and any asked;
//     More says how many are left out. A facet with prepared pages
//     (region and ICB: Facet.Pages) is summed up whole, each value a
//     link to its page;
//   - the columns are the areas the Query names, of all the areas, the
//     first maxColumns of them with a notice when more were named;
//     without names, every area the filter chooses when it chooses some
//     and no more than maxColumns; otherwise none. A filter that chooses
//     no area says so.
//
// For plain hosting, Index.Data is the index compare-scale.js reads
// (the facets with their values in words, the matrix's groups and rows,
// and each area's values as indexes into its facets' and the text a
// name is looked for in) and Record one area's column, its cells as the
// matrix has them (values in words, note and Match), a row it leaves
// empty left out. The script chooses, counts and lists by the same
// rules, and marks differences as below; it draws no charts, and has no
// "as at" or "since", which a server or a site of few areas shows.
//
// # The static page
//
// A static build writes /compare/ once, with every area. On plain
// hosting, layouts/static/js/compare.js then applies a request in the
// browser by the same rules as ParseQuery, New and the differences above:
// it hides the other areas' cells and chart parts, marks again which
// values differ from most of the areas shown, and closes the gaps in
// the charts. It reads the limits from the page, which carries them in
// the form's data-max-areas and data-max-area-name attributes
// (Comparison.MaxAreas and Comparison.MaxAreaName), so there is no
// second copy of them to keep in step. The end-to-end checks
// (checks/static_site_test.go) compare the static page with the server's
// for the same requests.
package compare
