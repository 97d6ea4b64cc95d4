// portal-search.mjs drives headless Chromium through the static search
// of a portal (the demo importing another site's blueprints, see
// internal/portalfixture) served as plain files, for
// TestPortalStaticSearchInBrowser in portal_test.go:
//
//	node portal-search.mjs   (the plan as JSON on standard input)
//
// The plan: {"chromium": PATH, "url": SEARCH_URL, "tags": [axe tags],
// "filters": [[PARAM, VALUE], ...]}. It loads the search at phone width,
// opens the filters from the keyboard, and for each of filters tabs to its toggle,
// presses Space, reads the results, and presses Space again to remove it.
// It runs axe-core with the filters open and prints what it saw as JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, report } from './chromium.mjs';

const plan = JSON.parse(readFileSync(0, 'utf8'));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// results reads the list of results as a reader sees it.
function results(page) {
  return page.$$eval('.search-result', (lis) => lis.map((li) => ({
    type: li.querySelector('.card__type').textContent.trim(),
    href: li.querySelector('.search-result__title a').getAttribute('href'),
  })));
}

// tabTo presses Tab until the element matching selector has the focus,
// at most 200 times, and reports whether it got there.
async function tabTo(page, selector) {
  for (let i = 0; i < 200; i++) {
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return true;
    await page.keyboard.press('Tab');
  }
  return false;
}

async function main() {
  const browser = await launch(plan.chromium);
  const out = { failed: [], errors: [], filtered: [] };
  try {
    // At phone width, where the filters fold under a summary.
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.on('pageerror', (e) => out.errors.push(e.message));
    page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) out.failed.push(r.status() + ' ' + r.url()); });
    await page.goto(plan.url);
    await page.waitForSelector('.search-result');
    out.count = (await page.textContent('#results-title')).trim();
    out.results = await results(page);

    // The filters, from the keyboard: Tab to their summary, Enter opens
    // them, and search.js counts their values.
    out.summaryReached = await tabTo(page, '.search-filters__summary');
    await page.keyboard.press('Enter');
    out.opened = await page.$eval('details.search-filters', (d) => d.open);
    await page.waitForSelector('.search-filters__body:not([aria-busy="true"])', { timeout: 15000 });
    out.groups = await page.$$eval('.search-filters__title', (hs) => hs.map((h) => h.textContent.trim()));
    out.labels = await page.$$eval('.search-filters__toggle', (bs) => bs.map((b) => b.getAttribute('data-param') + '=' + b.getAttribute('data-value') + ':' + b.textContent.replace(/\s*\(\d+\)\s*$/, '').trim()));
    for (const [param, value] of plan.filters) {
      const sel = `.search-filters__toggle[data-param="${param}"][data-value="${value}"]`;
      const reached = await tabTo(page, sel);
      await page.keyboard.press('Space');
      await page.waitForSelector(sel + '[aria-pressed="true"]');
      const f = { param, value, reached, url: page.url(), count: (await page.textContent('#results-title')).trim(), results: await results(page) };
      out.filtered.push(f);
      await page.focus(sel);
      await page.keyboard.press('Space');
      await page.waitForSelector(sel + '[aria-pressed="false"]');
    }

    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    await page.addScriptTag({ content: axeSource });
    out.axe = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.flatMap((v) => v.nodes.map((n) => v.id + ': ' + n.target.join(' ')));
    }, plan.tags);
  } finally {
    await browser.close();
  }
  return out;
}

report(main);
