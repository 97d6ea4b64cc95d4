// Package search owns the site's search indexes: what goes in them, where
// they live, and how a reader's query becomes a Bleve query, which the
// static index answers the same way in the browser.
//
// A search is a Request, read from URL parameters by ParseRequest, and
// answered with a Response, which EncodeJSON writes as the search API
// sends it. The HTTP handlers that serve them, the API and the
// server-rendered search page, are in internal/server.
//
// # The Bleve index
//
// A build writes the index while it renders the site, into the output
// folder at .intkb/search.bleve (see IndexDir), so it is swapped in with
// the site it describes and the two never disagree; the folder's name
// starts with a dot, and "intkb serve", which reads it there, never
// serves it. "intkb build" then moves it out of what is published, to the
// site's own .intkb/ folder (Keep, KeptIndexDir), where "intkb search"
// reads it: a static host receives only the static index. It uses the scorch format, BM25 scoring and
// English analysis (Unicode words, possessives, lower case, stop words,
// Porter stemming) for text. The next "intkb build" starts from a copy of
// the kept index (NewIndexesFrom, keptupdate.go): it indexes again only
// the pages whose documents changed, deletes those no longer published,
// and leaves the merge into one segment to the first search that opens
// it (OpenDir), or to a later build once it holds too many segments or
// deleted documents, so that every query scores as on an index made
// from nothing, and the build waits for no merge. Such a build also keeps the static index
// beside it (static.ReadKept), with each page's key (the digest of its
// document, docDigest), so that the next analyses only the pages whose
// documents changed and encodes again only the terms they hold.
//
// Each published page is one document; pages with search = false are left
// out. So is each blueprint an [[import]] brings (builder.Site's
// ImportedPages), made from its front matter as a local page's document
// is, with no body: the portal's own and imported areas are scored alike,
// on one index's statistics (TestImportedBlueprintScoresAsItsOwnSite).
// Its URL is the other site's page, absolute, which Hit.Link keeps as it
// is, and its hit names the import (Hit.Source). The text of a page's
// sections is stored with it, and the section a hit links to and its
// snippet are found when the query runs. A page's body is the text of
// its sections, the first of them the words of its front matter
// (builder.FrontText), as the page shows them first, then its tail: the
// labels of some of its facets and its area's name (bodyText).
//
//	title (boost 4), headings (2), summary (2): text, with term vectors for phrases
//	body (1): text, without term vectors; a phrase in it is checked against the stored parts and tail (see bodyPhraseQuery)
//	type, area, cohorts, integration_level, phase, region, icb, source, tags: keywords, for filters and facets (builder.Facets)
//	help: keyword, "help" for a help page (see Ranking)
//	url: keyword; updated: date; parts (the sections), tail: stored only
//
// The index is one scorch index, searched as one segment, so that every
// page is scored on the statistics of the whole site. Each page is analysed once,
// by the render goroutine that rendered it, for both indexes (see
// analyser, which gives the tokens Bleve's "en" analyzer gives, faster),
// and handed to Bleve as a document whose fields are analysed already
// (bleveinternals.go holds this and all else intkb relies on of Bleve
// beyond its public API, each pinned by a test).
// One goroutine feeds Bleve's offline builder while the site renders: it
// writes a segment of every 1,000 pages and merges them into one when the
// build finishes, while the static index is written.
//
// Queries run on Bleve's searchers and BM25 scoring, with three things
// done here instead, for speed, giving what Bleve gives: facets are
// counted from a table of every page's keyword values, read from the
// keyword fields' postings when the index opens (facets.go); typos
// are found in a table of each text field's terms by the strings one
// deletion makes (typos.go); and each word's disjunction (the word, its
// typos and its prefix's terms, in each field) reads its terms' postings
// a window of pages at a time and scores them as Bleve's term and
// disjunction searchers do, rather than stepping every term page by page
// (anysearch.go). Responses are cached per index, with their JSON, and
// so are the terms each prefix stands for in each field (prefixCache),
// the candidates of the words that tolerate typos (typoTable), and the
// scored postings of the terms queries read (postings.go), so that a word
// asked for again, as each letter typed asks for the words before it, is
// read from memory.
//
// # The static index
//
// "intkb build" also writes a static index, for sites on plain hosting
// with no Go process, at search/index/ in the output (see static.Dir),
// with StaticWriter, or NewIndexes for both at once. The search page's
// script, layouts/static/js/search.js, answers from it as this package
// answers from the Bleve index, so that both give the same results;
// tests check this. Its files, and the query's rules they carry, are
// package static's to write and specify: this package hands it each page
// analysed, and the rules (static.Rules). A copy of the site made to be
// opened from a folder ("intkb build --offline") has the static index
// alone, each file as a script instead (NewOfflineIndex).
//
// Export writes the same documents in the bulk format of OpenSearch, for
// a site whose search runs on an engine of its own.
//
// # Queries
//
// A query is words, "quoted phrases", -excluded words and field:value
// terms, in any order. A word is letters and digits, with apostrophes,
// hyphens and underscores inside it (wordMarks), analysed as the pages'
// text is: review_due is one term, as in the text, so a front-matter key
// typed as written finds the pages that name it. Every word must match (in any field), except stop
// words, which are dropped. The last word also matches as a prefix, so
// results appear while typing: in each field, as the 40 terms with that
// prefix on the most pages (maxPrefixTerms), or 10 for a prefix of one
// or two letters (shortPrefixTerms), so that a letter or two typed costs
// no more than a word; a term matched so weighs half as much
// (prefixWeight) as the word itself. Words of five letters or more whose
// stems are too (typoMinLetters) tolerate one typo: a letter added, left
// out or changed, or two neighbours swapped, as Bleve's fuzzy matching
// counts an edit; such a term weighs 0.3 (typoWeight). field:value takes
// type, area, cohort, tag, level (the integration level), phase, region,
// icb and site (or source) as filters, and title, summary, heading and
// body as text searched in that field only. A tag, region, ICB or site
// is slugged as the site slugs tags (builder.Slugify), so tag:Café finds
// pages tagged "café" and region:north-west those in the North West. Anything else, including unbalanced
// quotes, is read as plain words: a query never fails to parse.
//
// A hit's snippet marks the words whose terms the query matched in that
// field of the page, as the index reads the words, and those only.
//
// # Ranking
//
// Hits come in order of score (BM25, with the weights above), and hits of
// the same score by URL, except that
// help pages come after every other page: those about the site rather
// than about INT work, such as the authoring guide, an about page or a
// glossary (builder.Page.Help: plain pages, unless a page's help key says
// otherwise). A help page is full of words content uses ("frailty" in its
// TOML examples), and a reader asking an ordinary question wants the
// playbooks, case studies, frameworks and blueprints first, however well a
// help page scores: so this is an order, not a weight that a high score
// could overcome. Scores are left as they are. Help pages are still found:
// after the content a query finds, first when only they match ("front
// matter", review_due), and alone with the type filter type=page. The
// Bleve index marks them in its help field, read with the facet table when
// the index opens; the static index lists them in meta.json's help, and
// the search page's script orders its hits the same way (rank.go).
//
// The length of a field that BM25 weighs a term's frequency by is kept
// to its four leading bits (normLength), as Lucene keeps lengths in a
// byte: within about 6% of the count of its terms. An edit that adds or
// removes a few words then mostly leaves the page's lengths as they
// were, so only the edited words' postings change, in both indexes.
//
// Filters (Request.Filters) narrow by each facet of builder.Facets (type,
// area, cohort, integration level, phase, region, ICB, source site and
// tag), by its name: values of one
// filter are alternatives, different filters all apply. Every response counts the values of each filter among
// its hits (facets).
package search
