// static-search.mjs drives headless Chromium through the search page of
// a site served as plain files, for TestStaticSearchInBrowser in
// static_site_test.go:
//
//	node static-search.mjs CHROMIUM SITE_URL
//
// It types a query into the header's search box, waits for the results,
// toggles a filter from the keyboard, follows the first result, searches
// for "virtual mdt", which help pages match too, types "fr ca" a letter
// at a time into the search page's box, pausing after each, and
// "virtual mdt" as a quick typist would, timing the fetch of the facet
// records from the last letter; then loads the search page with
// JavaScript off, and searches in a browser without DecompressionStream.
// It prints what it saw as JSON; the Go test judges it.
import { launch, report } from './chromium.mjs';

const [executablePath, site] = process.argv.slice(2);

async function main() {
  const browser = await launch(executablePath);
  const out = { failed: [], errors: [] };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => out.errors.push(e.message));
    page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) out.failed.push(r.status() + ' ' + r.url()); });
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));

    await page.goto(site);
    out.indexFetchesBeforeSearch = requests.filter((u) => u.includes('/search/index/')).length;
    await page.click('#site-search');
    await page.keyboard.type('frailty care homes');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.search-result');
    out.searchURL = page.url();
    out.count = (await page.textContent('#results-title')).trim();
    out.status = (await page.textContent('#search-status')).trim();
    out.results = await page.$$eval('.search-result__title a', (as) => as.map((a) => a.getAttribute('href')));
    out.marks = await page.$$eval('.search-result__snippet mark', (ms) => ms.length);

    // A filter, from the keyboard: focus the first toggle and press Space.
    const toggle = page.locator('.search-filters__toggle').first();
    out.filter = (await toggle.getAttribute('data-param')) + '=' + (await toggle.getAttribute('data-value'));
    await toggle.focus();
    await page.keyboard.press('Space');
    await page.waitForFunction((f) => location.search.includes(f), out.filter.replace('=', '='));
    await page.waitForSelector('.search-filters__toggle[aria-pressed="true"]');
    out.filteredURL = page.url();
    out.filteredCount = (await page.textContent('#results-title')).trim();
    out.focusAfterToggle = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('aria-pressed'));
    await page.goBack();
    await page.waitForFunction(() => !location.search.includes('type='));
    await page.waitForSelector('.search-result');

    // Follow the first result.
    const first = page.locator('.search-result__title a').first();
    out.followed = await first.getAttribute('href');
    await Promise.all([page.waitForNavigation(), first.click()]);
    out.landedURL = page.url();
    out.landedTitle = (await page.textContent('h1')).trim();
    const hash = new URL(out.landedURL).hash;
    out.targetExists = hash ? await page.$(hash) !== null : true;
    out.indexFetches = requests.filter((u) => u.includes('/search/index/'));

    // An ordinary query that help pages match too: the results' order.
    await page.goto(new URL('search/?q=virtual+mdt', site).href);
    await page.waitForSelector('.search-result');
    out.helpOrder = await page.$$eval('.search-result__title a', (as) => as.map((a) => a.getAttribute('href')));

    // Typed a letter at a time, with a pause after each: the query the
    // page searched for (in its address) after each letter.
    await page.goto(new URL('search/', site).href);
    await page.focus('#search-page-q');
    out.typed = [];
    for (const ch of 'fr ca') {
      await page.keyboard.type(ch);
      await page.waitForTimeout(500);
      out.typed.push(new URL(page.url()).searchParams.get('q') || '');
    }

    // "virtual mdt" typed a letter every 150 ms, in a fresh window: how
    // long after the last letter the facet records were fetched, to count
    // the filters beside the results.
    const typing = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const typer = await typing.newPage();
    typer.on('pageerror', (e) => out.errors.push(e.message));
    await typer.goto(new URL('search/', site).href);
    const records = [];
    typer.on('request', (r) => { if (r.url().includes('/search/index/f/')) records.push(Date.now()); });
    await typer.focus('#search-page-q');
    let lastLetter = 0;
    for (const ch of 'virtual mdt') {
      await typer.keyboard.type(ch);
      lastLetter = Date.now();
      await typer.waitForTimeout(150);
    }
    await typer.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'virtual mdt' &&
      document.getElementById('search-static').getAttribute('aria-busy') === 'false');
    await typer.waitForSelector('.search-filters__body:not([aria-busy="true"])', { timeout: 15000 });
    await typing.close();
    out.recordsAfterTyping = records.map((t) => t - lastLetter);

    // Without JavaScript: the notice and links to browse.
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const plain = await ctx.newPage();
    await plain.goto(new URL('search/?q=frailty', site).href);
    out.noScriptNotice = (await plain.textContent('#search-unavailable h2')).trim();
    out.noScriptBrowseLinks = await plain.$$eval('.browse-grid a', (as) => as.length);
    await ctx.close();

    // A browser without DecompressionStream (Safari before 16.4): the
    // script inflates the index's files itself.
    const old = await browser.newContext();
    await old.addInitScript(() => { delete window.DecompressionStream; });
    const oldPage = await old.newPage();
    oldPage.on('pageerror', (e) => out.errors.push(e.message));
    await oldPage.goto(new URL('search/?q=frailty+care+homes', site).href);
    await oldPage.waitForSelector('.search-result');
    out.noStream = await oldPage.evaluate(() => typeof DecompressionStream);
    out.noStreamCount = (await oldPage.textContent('#results-title')).trim();
    out.noStreamResults = await oldPage.$$eval('.search-result__title a', (as) => as.map((a) => a.getAttribute('href')));
    await old.close();
  } finally {
    await browser.close();
  }
  return out;
}

report(main);
