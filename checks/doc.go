// Package checks holds end-to-end tests of intkb as its users meet it:
// the real intkb binary building broken sites and serving hostile
// requests, the demo site in headless Chromium with axe-core and the
// keyboard, measured on a phone, a question framework's worksheet
// printed to PDF, the built site served as plain files (its links, static
// search, and a compare page that agrees with the server's), every page
// through the Nu Html Checker, the open data checked by tools that are
// not intkb's own (its JSON Schema by Ajv, its JSON-LD by jsonld.js, its
// CSVW metadata against the CSV), and a load test with wrk. It has no code of
// its own; run it with go test ./checks.
//
// The browser and HTML checks need Node.js with this folder's packages
// (npm ci), Chromium at /usr/bin/chromium, Java, wrk, and pdftotext and
// pdfinfo (poppler-utils); .ci/run installs them. Where one is missing a
// test is skipped with the reason, unless the CI environment variable is
// set, when it fails (internal/testenv).
//
// search-bench.mjs, run by hand and by bench/run, times cold searches of
// intkb's static index against Pagefind's with the same packages, Pagefind
// among them: this folder's is the project's one npm setup (see
// BENCHMARKS.md).
package checks
