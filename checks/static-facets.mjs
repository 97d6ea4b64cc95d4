// static-facets.mjs loads a search page of a site served as plain files
// in headless Chromium and prints the filters the static search shows,
// for TestAddedVocabularyEverywhere in vocabulary_test.go:
//
//	node static-facets.mjs CHROMIUM SEARCH_URL
//
// It prints JSON: each filter's parameter, value and words, the results'
// links, and any failed request or script error.
import { launch } from './chromium.mjs';

const [executablePath, url] = process.argv.slice(2);

async function main() {
  const browser = await launch(executablePath);
  const out = { failed: [], errors: [] };
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => out.errors.push(e.message));
    page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) out.failed.push(r.status() + ' ' + r.url()); });
    await page.goto(url);
    await page.waitForSelector('.search-result');
    // Shown beside the results in the default window, the filters are
    // counted once the results are drawn.
    await page.waitForSelector('.search-filters__body:not([aria-busy="true"])', { timeout: 15000 });
    out.filters = await page.$$eval('.search-filters__toggle', (bs) => bs.map((b) => ({
      param: b.getAttribute('data-param'),
      value: b.getAttribute('data-value'),
      text: b.textContent.replace(/\s*\(\d+\)\s*$/, '').trim(),
    })));
    out.results = await page.$$eval('.search-result__title a', (as) => as.map((a) => a.getAttribute('href')));
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => { console.error(e); process.exit(1); });
