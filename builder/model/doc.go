// Package model is intkb's content model: what a site's files may say,
// and the rules that decide whether they say it well. It reads nothing
// from disk and renders nothing; the builder loads files through it, and
// search and the open data read its types.
//
// It holds:
//
//   - the front matter of each content type (Meta, Playbook, CaseStudy,
//     QuestionFramework, Blueprint, PlainPage; NewFront and MetaOf by type)
//     and the sections they live in (Sections);
//   - the site's settings, site.toml (Config, ParseConfig, DefaultConfig),
//     with its [[import]] tables and their limits;
//   - the controlled vocabularies (Vocabularies, Vocab, Vocabs): the
//     built-in lists, the values a site adds to the open ones with
//     [[vocabulary.NAME]], and the labels another site's open data brings
//     (ImportLabels);
//   - dates as authors write them (Date);
//   - the rules for names that become URLs (Slugify, SlugRanges, NFC,
//     PageURL, TermSlug) and for link settings (IsAbsoluteHTTP,
//     BaseURLProblem, DestProblem), and whether a baseURL is a real
//     public address (PublicBaseURL, LocalHost);
//   - what a page may cost to build (the Max constants in limits.go);
//   - how a content file is split and decoded (SplitSource, DecodeFront)
//     and validated (Validator), with every problem an *Error naming the
//     file, the line, the key and the fix, and the nearest valid key or
//     value (Suggest); a mistake in the TOML itself, in front matter or
//     site.toml, is said in plain words and carries its line, to show
//     with a caret under the problem (Error.Excerpt, Explain);
//   - the one walk over the front-matter structs and Config (Fields,
//     FieldByKey, WalkValues): which fields are keys, what their tags say
//     and which hold tables, for the validator, the authoring guide,
//     search, the open data and the imports alike;
//   - the description of every front-matter field, for the authoring
//     guide and the open data's schema (Schema);
//   - the dimensions of the maturity self-assessment, from the score
//     fields of Maturity, and a blueprint's scores on them
//     (MaturityDimensions, MaturityScores, MaturityValue);
//   - the rule that keeps a CSV cell from being read as a formula
//     (CSVCell, CSVFormulaLeads).
//
// Text never holds control characters other than tab and line feed
// (ControlCharProblem). Nothing here prints, and nothing keeps state
// between calls but what Fields remembers of each struct, which never
// changes: a Config and the Vocabs it gives are values a build reads and
// never changes.
package model
