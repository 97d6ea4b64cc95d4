// Package static writes the static search index, for sites on plain
// hosting with no Go process: a folder of JSON files, compressed, at
// search/index/ in the output (see Dir), from which the search page's script,
// layouts/static/js/search.js, answers a query as package search answers
// from the Bleve index: with its analysis, query, BM25 arithmetic (per
// field: idf, length norms as Bleve stores them, query norm,
// coordination), sections and snippets, so that both give the same
// results; package search's tests check this.
//
// Package search analyses each page, once for both indexes, and adds it
// to an Index as a Page while the site renders: its terms in each text
// field, with their positions
// and the field's length as the Bleve index has it. It hands over the query's
// rules too (Rules), which meta.json carries so that the script reads
// them rather than keeps copies. The facets, and the order a page's
// facet record lists them in, come from builder.Facets.
//
// The script fetches only what a query needs, and nothing before the
// reader starts to search. Every file holds JSON, and each but meta.json
// (and build.json, below) is compressed with gzip (RFC 1952), named
// X.json.gz for its JSON, X.json: the index takes half the disk, and a
// host that compresses nothing sends half the bytes. The same index gives
// the same bytes: the gzip header names no file and no time. A host sends
// a .gz file as it is, of any type; the script reads its bytes and, when
// they start with gzip's magic number (1f 8b), decompresses them with the
// browser's DecompressionStream, or with an inflate of its own in a
// browser that has none. A host that sends a .gz file with
// Content-Encoding: gzip has the browser decompress it first, and the
// script reads the JSON as it is. meta.json stays plain, as the one file
// every search starts from: a script of any format, and anyone with a
// browser or curl, can read the version it gives, and so learn that the
// other files are of another format, rather than fail to read them.
//
// The search page carries meta.json too, as written (Index.Meta), in a
// script element of type application/json, id search-meta, so that a
// search starts at the dictionary, a round trip sooner. A page kept in a
// cache may be older than the index the site now serves: while it
// searches, the script fetches build.json, a few bytes naming the build
// the site serves, past the browser's cache (or meta.json, where there is
// no build.json) and, when it names another build, fetches meta.json and
// answers again by it.
//
//	meta.json     version: the format, 9; docs: the page count; build: a
//	              hash of every file's name and JSON (meta.json's but for
//	              its build), added to every
//	              other fetch as ?v= so caches never mix builds; fields: the text fields; card:
//	              distinct terms (values) of each field; facets: each
//	              keyword field's values, sorted; counts: pages with each
//	              value; shards: each dictionary shard's first key; chunk:
//	              pages per facet chunk; recordPack, recordUnit: pages
//	              per record pack, and the multiple of bytes each record
//	              takes (see d/K.bin; 0 in a copy opened from a folder,
//	              whose records are d/N.json, a file each). Then the
//	              query's rules, which the script reads rather than
//	              copies: boosts (of fields);
//	              keywords (the keyword fields, in a facet record's order)
//	              and filters (their names in a response); typoWeight,
//	              typoLetters, prefixWeight, prefixTerms, shortPrefix,
//	              shortPrefixTerms (a prefix of at most shortPrefix
//	              letters stands for shortPrefixTerms terms rather
//	              than prefixTerms; see package search, Queries);
//	              snippet: about how many bytes a snippet shows; stop: the
//	              stop words, separated by spaces;
//	              slug: the runes a tag's slug keeps, each range as its
//	              first and last (builder.SlugRanges); query: each name a
//	              field:value may use, and the field it searches; typed:
//	              for each of keywords, how a typed value becomes its term
//	              (lower, snake or slug: builder.TypedRule); listed: the
//	              search page's filters in its order, each {filter: its
//	              name, title, params: the URL parameters it is read from,
//	              shown: how many values it offers, when not all};
//	              help: the help pages' numbers, ascending, which hits
//	              list after every other page, each part by score (see
//	              package search, Ranking); marks: the characters
//	              besides letters and digits a query's word may hold
//	build.json    build: meta.json's, for a search page that carries
//	              meta.json to confirm that it is the one served
//	t/N.json.gz   dictionary shard N: entries [key, dfs, ref, fuzz], sorted by
//	              key (bytes). dfs: pages with the term in title, headings,
//	              summary, body; ref: [pack, place], where the term's file
//	              is in the packs p/N.json.gz, or the file itself inline when
//	              small; fuzz: the terms of typoLetters or more, up to one
//	              more than a query's longest word (a longer term is a typo
//	              from none), that give key when one letter is deleted, so that
//	              a typo's candidates are found in a few shards. A key that
//	              is only a deletion is a string instead, the key and its
//	              fuzz separated by spaces: "lpian alpian".
//	p/N.json.gz   a pack: the files of terms adjacent in key order, as a
//	              list, cut before it passes 12 KB (a larger term has a
//	              pack of its own), so that a site of 10,000 pages has a
//	              few thousand packs rather than a file a term. A term's
//	              file: f, one string per text field of (page delta, term
//	              frequency, field length) triples; x, the term's
//	              positions per field, for phrases, or when long the
//	              number of their file; c, facet counts over the pages
//	              with the term in any field, so a one-word query
//	              needs no more to count its filters: one string of the
//	              text varint giving, for each facet in a facet
//	              record's order, how many values it counts, then each
//	              value index, as its distance from the one before,
//	              and its count; u, for a common term (on 1% of the
//	              pages or more) whose one-word query (the term, its
//	              typos and the terms it begins) matches pages of two
//	              chunks of facet records or more besides its own:
//	              [pages, the sum of their numbers, counts as c has
//	              them] over every page that query matches, which
//	              the script takes for that query alone, with no filter
//	              chosen, when its hits are as many and sum the same
//	              (see union.go)
//	x/N.json.gz   a term's positions per field, when too long for its file
//	d/K.bin       a record pack: the records of pages K×recordPack onwards
//	              (pages are numbered in URL order), each the gzip of its
//	              JSON, a member of its own, padded to a multiple of
//	              recordUnit bytes by an extra field in its header (one
//	              subfield, IK, of zeros), one after another. A record:
//	              u (URL), t (title), y (type), a (area), o (for an
//	              imported blueprint only: the [[import]] it came from,
//	              and u is then the other site's page, absolute), s
//	              (summary), p (sections as [id, heading, text]). The
//	              script reads the record of each hit shown by a range
//	              request (or, from a host that takes none, reads the
//	              whole pack once), so that 10,000 pages' records are 40
//	              files rather than 10,000
//	d/sizes.json.gz  each page's record's size in recordUnit, in page
//	              order: one string of the text varint, from which the
//	              script works out where each record starts
//	f/N.json.gz   facet records of pages N×chunk onwards: [type, area,
//	              integration level, phase, region, icb, source,
//	              [cohorts], [tags]] as value indexes:
//	              the facets of one value a page first, then the others,
//	              each in builder.Facets' order
//
// A copy of the site made to be opened from a folder (builder.Options.Offline,
// with search.NewOfflineIndex) has each file as a script instead, X.js for
// X.json and X.json.gz (Options.Scripts), and each page's record as a
// file of its own, d/N.json, so d/N.js: its JSON, uncompressed (a
// browser runs no compressed script it loads from a folder), handed over
// under X.json, as Script writes them:
//
//	(window.intkbIndex = window.intkbIndex || {})["t/3.json"] = [...];
//
// Opened from a folder (file: URLs) a browser will not fetch a file, but
// a page may load a script from its folder; the search page's script does
// so, adds the script element, and once it has run takes the JSON from
// window.intkbIndex under that path. It reads the scripts whenever the
// page says it is such a copy, on a web server too, and whenever it is
// opened from a folder; so such a copy holds only the scripts, which
// keeps a zipped copy small.
//
// Numbers in postings and positions are written in a text varint: five
// bits a character, least significant first, from the alphabet
// 0-9 A-V for the last character and a-z - _ W-Z for the others.
package static
