// Package search owns the site's Bleve index: what goes in it, where it
// lives, and how a reader's query becomes a Bleve query.
//
// # The index
//
// "intkb build" writes the index while it renders the site, into the
// output folder at .intkb/search.bleve (see IndexDir), so it is swapped in
// with the site it describes and the two never disagree. The folder's name
// starts with a dot: "intkb serve" never serves it, and it need not be
// copied to static hosting. It uses the scorch format, BM25 scoring and
// English analysis (lower case, stop words, Porter stemming) for text.
//
// Each published page is indexed twice over: one page document, which is
// what queries rank, count and filter, and one section document for the
// text before the first h2 and for each h2 section, which is how a hit
// finds the section to link to. Pages with search = false are left out.
//
//	page documents     title (boost 4), headings (2), summary (2), body (1):
//	                   text; type, area, cohorts, tags, integration_level:
//	                   keywords, for filters and facets; updated: date
//	section documents  heading and body: text, stored for highlighting;
//	                   page_url, section_id: keywords
//
// Documents are indexed in batches from a goroutine of their own while the
// pages render.
//
// # Queries
//
// A query is words, "quoted phrases", -excluded words and field:value
// terms, in any order. Every word must match (in any field), except stop
// words, which are dropped. The last word also matches as a prefix, so
// results appear while typing. Words of five letters or more tolerate one
// typo. field:value takes type, area, cohort, tag and level (the
// integration level) as filters, and title, summary, heading and body as
// text searched in that field only. Anything else, including unbalanced
// quotes, is read as plain words: a query never fails to parse.
//
// Filters (Request.Filters) narrow by type, area, cohort, tag and
// integration level: values of one filter are alternatives, different
// filters all apply. Every response counts the values of each filter among
// its hits (facets).
package search
