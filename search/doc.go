// Package search owns the site's search indexes: what goes in them, where
// they live, and how a reader's query becomes a Bleve query, which the
// static index answers the same way in the browser.
//
// # The Bleve index
//
// "intkb build" writes the index while it renders the site, into the
// output folder at .intkb/search.bleve (see IndexDir), so it is swapped in
// with the site it describes and the two never disagree. The folder's name
// starts with a dot: "intkb serve" never serves it, and it need not be
// copied to static hosting. It uses the scorch format, BM25 scoring and
// English analysis (Unicode words, possessives, lower case, stop words,
// Porter stemming) for text.
//
// Each published page is one document; pages with search = false are left
// out. The text of its sections is stored with it, and the section a hit
// links to and its snippet are found when the query runs.
//
//	title (boost 4), headings (2), summary (2), body (1): text, with term vectors for phrases
//	type, area, cohorts, integration_level, phase, tags: keywords, for filters and facets (builder.Facets)
//	url: keyword; updated: date; parts (the sections): stored only
//
// The index is one scorch index with one segment, so that every page is
// scored on the statistics of the whole site. Each page is analysed once,
// by the render goroutine that rendered it, for both indexes (see
// analyser, which gives the tokens Bleve's "en" analyzer gives, faster),
// and handed to Bleve as a document whose fields are analysed already
// (bleveinternals.go holds this and all else intkb relies on of Bleve
// beyond its public API, each pinned by a test).
// One goroutine feeds Bleve's offline builder while the site renders: it
// writes a segment of every 1,000 pages and merges them into one when the
// build finishes, while the static index is written.
//
// Queries run on Bleve's searchers and BM25 scoring, with two things
// done here instead, for speed, giving what Bleve gives: facets are
// counted from a table of every page's keyword values, read from the
// keyword fields' postings when the index opens (facets.go), and typos
// are found in a table of each text field's terms by the strings one
// deletion makes (typos.go). Responses are cached per index, with their
// JSON.
//
// # The static index
//
// "intkb build" also writes a static index, for sites on plain hosting
// with no Go process, at search/index/ in the output (see StaticDir). The
// search page's script, layouts/static/js/search.js, answers from it with
// the Bleve index's analysis, query, BM25 arithmetic (per field: idf,
// length norms as Bleve stores them, query norm, coordination), sections
// and snippets, so that both give the same results; tests check this. It
// fetches only what a query needs, and nothing before the reader starts
// to search. All files are JSON:
//
//	meta.json     version: the format, 3; docs: the page count; build: a
//	              hash of every file, added to every other fetch as ?v= so
//	              caches never mix builds; fields: the text fields; card:
//	              distinct terms (values) of each field; facets: each
//	              keyword field's values, sorted; counts: pages with each
//	              value; shards: each dictionary shard's first key; chunk:
//	              pages per facet chunk. Then the query's rules, which the
//	              script reads rather than copies: boosts (of fields);
//	              keywords (the keyword fields, in a facet record's order)
//	              and filters (their names in a response); typoWeight,
//	              typoLetters, prefixWeight, prefixTerms (see Queries);
//	              snippet: about how many bytes a snippet shows; stop: the
//	              stop words, separated by spaces;
//	              slug: the runes a tag's slug keeps, each range as its
//	              first and last (builder.SlugRanges); query: each name a
//	              field:value may use, and the field it searches; typed:
//	              for each of keywords, how a typed value becomes its term
//	              (lower, snake or slug: builder.TypedRule); listed: the
//	              search page's filters in its order, each {filter: its
//	              name, title, params: the URL parameters it is read from,
//	              shown: how many values it offers, when not all}
//	t/N.json      dictionary shard N: entries [key, dfs, ref, fuzz], sorted by
//	              key (bytes). dfs: pages with the term in title, headings,
//	              summary, body; ref: the term's file number, or the file's
//	              content inline when small; fuzz: the terms of typoLetters
//	              or more that give key when one letter is deleted, so that
//	              a typo's candidates are found in a few shards. A key that
//	              is only a deletion has 0 for dfs and ref.
//	p/N.json      a term's postings: f, one string per text field of (page
//	              delta, term frequency, field length) triples; x, the
//	              term's positions per field, for phrases, unless they are
//	              long; c, facet counts over the pages with the term in any
//	              field, as (value index, count) pairs, so a one-word query
//	              needs no more to count its filters
//	x/N.json      the term's positions per field, when too long for p/N.json
//	d/N.json      page N (pages are numbered in URL order): u (URL), t
//	              (title), y (type), a (area), s (summary), p (sections as
//	              [id, heading, text]), fetched for the hits shown
//	f/N.json      facet records of pages N×chunk onwards: [type, area,
//	              integration level, [cohorts], [tags]] as value indexes:
//	              the facets of one value a page first, then the others,
//	              each in builder.Facets' order
//
// Numbers in postings and positions are written in a text varint: five
// bits a character, least significant first, from the alphabet
// 0-9 A-V for the last character and a-z - _ W-Z for the others.
//
// # Queries
//
// A query is words, "quoted phrases", -excluded words and field:value
// terms, in any order. Every word must match (in any field), except stop
// words, which are dropped. The last word also matches as a prefix, so
// results appear while typing: in each field, as the 40 terms with that
// prefix on the most pages (maxPrefixTerms), so that a letter or two
// typed costs no more than a word; a term matched so weighs half as much
// (prefixWeight) as the word itself. Words of five letters or more whose
// stems are too (typoMinLetters) tolerate one typo: a letter added, left
// out or changed, or two neighbours swapped, as Bleve's fuzzy matching
// counts an edit; such a term weighs 0.3 (typoWeight). field:value takes
// type, area, cohort, tag and level (the integration level) as filters,
// and title, summary, heading and body as text searched in that field
// only. A tag is slugged as the site slugs tags (builder.Slugify), so
// tag:Café finds pages tagged "café". Anything else, including unbalanced
// quotes, is read as plain words: a query never fails to parse.
//
// A hit's snippet marks the words whose terms the query matched in that
// field of the page, as the index reads the words, and those only.
//
// Filters (Request.Filters) narrow by each facet of builder.Facets (type,
// area, cohort, integration level and tag), by its name: values of one
// filter are alternatives, different filters all apply. Every response counts the values of each filter among
// its hits (facets).
package search
