// offline.mjs drives headless Chromium through a copy of the site made to
// be opened from a folder (intkb build --offline), opened as a reader
// opens it: from file: URLs, with the browser's own settings. For
// TestOfflineCopy in offline_test.go:
//
//	node offline.mjs < PLAN.json
//
// PLAN.json: {"chromium": PATH, "home": file: URL of index.html,
// "query": words to search for, "shots": folder for screenshots, and
// optionally "steps": the names of the steps to take, such as
// ["crawl", "home", "search"], for a site with one area}. It
// crawls every page reachable from the home page by its links, noting
// for each what a reader would see go wrong: a link that opens a folder
// rather than a page, a file that failed to load, a script error or an
// error in the console. Then it searches from the header, notes the
// results, turns on a filter and follows the first result; chooses two
// areas on the compare page; scores a dimension on the self-assessment;
// and takes screenshots at 1280 and 390 pixels wide. It prints what it saw
// as JSON; the Go test judges it.
import { readFileSync } from 'node:fs';
import { launch, report } from './chromium.mjs';

const plan = JSON.parse(readFileSync(0, 'utf8'));
const root = new URL('.', plan.home).href;

// watch collects what goes wrong on a page as it is used.
function watch(page, out) {
  page.on('pageerror', (e) => out.errors.push(page.url() + ': ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') out.errors.push(page.url() + ': console: ' + m.text()); });
  page.on('requestfailed', (r) => {
    const why = (r.failure() || {}).errorText;
    // The browser fetches an icon apart from the page's load, so moving on
    // to the next page may abort it; an icon that is missing fails with
    // another error.
    if (why === 'net::ERR_ABORTED' && /\/favicon\.(svg|ico)$/.test(new URL(r.url()).pathname)) return;
    out.failed.push(r.url() + ' (' + why + ') from ' + page.url());
  });
}

// crawl visits every page of the site that links lead to from home and
// the search page,
// noting how many it visited, the links that lead to a folder and those
// that lead out of the site's folder.
async function crawl(page, out) {
  // The search page too, which forms lead to rather than links.
  const start = [plan.home, new URL('search/index.html', root).href];
  const seen = new Set(start), queue = [...start];
  out.folders = [];
  out.outside = [];
  out.pages = 0;
  while (queue.length) {
    const at = queue.shift();
    await page.goto(at, { waitUntil: 'load' });
    out.pages++;
    const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
    for (const href of links) {
      const u = new URL(href);
      if (u.protocol !== 'file:') continue; // another site
      u.hash = '';
      u.search = '';
      const target = u.href;
      if (!target.startsWith(root)) {
        out.outside.push(target + ' from ' + at);
        continue;
      }
      if (target.endsWith('/')) {
        out.folders.push(target + ' from ' + at);
        continue;
      }
      if (target.endsWith('.html') && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
}

// search types the query into the header's box on the home page and
// reads the results; then turns on the first filter and follows the
// first result.
async function search(page, out) {
  await page.goto(plan.home);
  await page.click('#site-search');
  await page.keyboard.type(plan.query);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await page.waitForSelector('.search-result, .search-page .notice--warning', { timeout: 10000 });
  out.searchURL = page.url();
  out.count = (await page.textContent('#results-title')).trim();
  out.results = await page.$$eval('.search-result__title a', (as) => as.map((a) => ({ href: a.href, title: a.textContent.trim() })));
  out.snippet = await page.$eval('.search-result__snippet', (p) => p.innerHTML).catch(() => '');
  await shoot(page, 'search');

  const toggle = page.locator('.search-filters__toggle').first();
  out.filter = (await toggle.getAttribute('data-param')) + '=' + (await toggle.getAttribute('data-value'));
  await toggle.focus();
  await page.keyboard.press('Space');
  await page.waitForSelector('.search-filters__toggle[aria-pressed="true"]');
  out.filteredURL = page.url();
  out.filteredCount = (await page.textContent('#results-title')).trim();

  const first = page.locator('.search-result__title a').first();
  await Promise.all([page.waitForNavigation(), first.click()]);
  out.landedURL = page.url();
  out.landedTitle = (await page.textContent('h1')).trim();
  const hash = new URL(out.landedURL).hash;
  out.targetExists = hash ? await page.$(decodeURIComponent(hash).replace(/^#/, '#')) !== null : true;
}

// compare chooses two areas on the compare page and reads which columns
// show.
async function compare(page, out) {
  await page.goto(new URL('compare/index.html', root).href);
  await page.click('label[for="compare-area-0"]');
  await page.click('label[for="compare-area-1"]');
  await page.waitForFunction(() => location.search.includes('areas='));
  out.compareURL = page.url();
  out.compareColumns = await page.$$eval('.compare-matrix thead th[data-col]',
    (ths) => ths.filter((th) => th.getClientRects().length > 0).map((th) => th.getAttribute('data-col')));
  await page.locator('.compare-matrix').scrollIntoViewIfNeeded();
  await shoot(page, 'compare');
}

// selfAssessment scores the first dimension 3 and reads the result.
async function selfAssessment(page, out) {
  await page.goto(new URL('self-assessment/index.html', root).href);
  await page.locator('.sa-form input[type="radio"][value="3"] + label').first().click();
  out.assessed = (await page.textContent('[data-sa-score]')).trim();
  out.download = await page.getAttribute('[data-sa-toml]', 'href');
}

let browser, width = 1280;

// shoot saves a screenshot of the page at each width.
async function shoot(page, name) {
  for (const w of [1280, 390]) {
    await page.setViewportSize({ width: w, height: w === 390 ? 844 : 900 });
    await page.screenshot({ path: plan.shots + '/' + name + '-' + w + '.png', fullPage: false });
  }
  await page.setViewportSize({ width, height: 900 });
}

// home opens the home page and photographs it.
async function home(page, out) {
  await page.goto(plan.home);
  out.homeTitle = await page.title();
  await shoot(page, 'home');
}

async function main() {
  browser = await launch(plan.chromium);
  const out = { errors: [], failed: [], steps: {} };
  try {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    watch(page, out);
    // Each step goes on when one before it fails, so that the test hears
    // of every problem at once.
    for (const [name, step] of Object.entries({ crawl, home, search, compare, selfAssessment })) {
      if (plan.steps && !plan.steps.includes(name)) continue;
      try {
        await step(page, out);
        out.steps[name] = 'ok';
      } catch (e) {
        out.steps[name] = String(e.message || e).split('\n')[0];
      }
    }
  } finally {
    await browser.close();
  }
  return out;
}

report(main);
