// phone.mjs measures the demo site on a phone in headless Chromium, for
// TestPhoneLayout in phone_test.go:
//
//	node phone.mjs < PLAN.json
//
// PLAN.json is {"chromium": PATH, "served": URL, "static": URL,
// "pages": [{"name", "path"}, ...], "query": "search/?q=frailty",
// "filtered": "search/?q=frailty&type=case-study", "tags": [...],
// "phone": {"width": 390, "height": 844}, "wide": {"width": 1280, ...}}:
// served is intkb serve's address, static the same site built and served
// as plain files, tags axe-core's rule tags, phone and wide the windows.
//
// For every page of the served site it measures where the header (and the
// main navigation) ends and how wide the document is; on both search
// pages, where the result count, the filters and the first result are and
// whether the filters start closed; with JavaScript turned off, the
// order Tab takes through the header and what opening the menu does, as
// Chromium's accessibility tree tells a screen reader; what axe-core finds
// with the menu and the filters open, which the browser checks (closed)
// never see; and in the wide window,
// that the navigation and the filters show without opening anything. It
// prints what it measured as JSON; the Go test judges it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, report } from './chromium.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const plan = JSON.parse(readFileSync(0, 'utf8'));
const phone = plan.phone;

// headerBottom is where the site header and the main navigation end, from
// the top of the page; overflow is how far the document is wider than
// the window.
function layout() {
  const bottoms = [...document.querySelectorAll('.site-header, nav[aria-label="Main"]')].map((el) => el.getBoundingClientRect().bottom + scrollY);
  return {
    headerBottom: Math.round(Math.max(0, ...bottoms)),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth,
  };
}

// searchLayout says where a search page's parts are, from the top of the
// page, and how its filters are shown.
function searchLayout() {
  const top = (el) => el ? Math.round(el.getBoundingClientRect().top + scrollY) : null;
  const bottom = (el) => el ? Math.round(el.getBoundingClientRect().bottom + scrollY) : null;
  const count = document.getElementById('results-title');
  const filters = document.querySelector('.search-filters');
  const summary = filters && filters.querySelector('summary');
  const links = filters ? [...filters.querySelectorAll('.search-filters__list a, .search-filters__toggle')] : [];
  return {
    countBottom: bottom(count),
    filtersTop: top(filters),
    firstResultTop: top(document.querySelector('.search-result')),
    filtersAfterCount: !!(count && filters && count.compareDocumentPosition(filters) & Node.DOCUMENT_POSITION_FOLLOWING),
    filtersTag: filters ? filters.tagName.toLowerCase() : '',
    filtersOpen: !!(filters && filters.open),
    summary: summary ? summary.textContent.replace(/\s+/g, ' ').trim() : '',
    filterLinks: links.length,
    filterLinksShown: links.filter((a) => a.checkVisibility()).length,
    counting: !!(filters && filters.querySelector('.search-filters__body[aria-busy="true"]')),
  };
}

// describe names the element that has focus.
function describe() {
  const el = document.activeElement;
  if (!el || el === document.body) return 'body';
  if (el.classList.contains('skip-link')) return 'skip link';
  if (el.closest('.site-header__home')) return 'home';
  if (el.id === 'site-search') return 'search';
  if (el.tagName === 'SUMMARY') return 'summary: ' + el.textContent.trim();
  return el.tagName.toLowerCase() + ': ' + (el.textContent || '').trim().slice(0, 40);
}

// menuState is what Chromium's accessibility tree says of the Menu
// control: its role and whether it is expanded; and how many of the main
// navigation's links can be seen.
async function menuState(page, cdp) {
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const menu = nodes.find((n) => !n.ignored && n.name && n.name.value === 'Menu');
  const expanded = menu && (menu.properties || []).find((p) => p.name === 'expanded');
  const links = await page.$$eval('nav[aria-label="Main"] a', (as) => as.filter((a) => a.checkVisibility()).length);
  return { role: menu ? menu.role.value : '', expanded: expanded ? expanded.value.value : null, linksShown: links };
}

// menuWithoutScript loads the home page with JavaScript off, tabs through
// the header, and opens the menu with Enter.
async function menuWithoutScript(browser) {
  const ctx = await browser.newContext({ viewport: phone, javaScriptEnabled: false });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await page.goto(plan.served);
  const out = { tabs: [] };
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    out.tabs.push(await page.evaluate(describe));
  }
  out.closed = await menuState(page, cdp);
  const menu = page.locator('summary', { hasText: 'Menu' });
  if (await menu.count()) {
    await menu.focus();
    await page.keyboard.press('Enter');
    out.open = await menuState(page, cdp);
    out.openHeaderBottom = (await page.evaluate(layout)).headerBottom;
  }
  await ctx.close();
  return out;
}

// searchPage loads url at phone size, with JavaScript on or off, and
// measures it once the results show; then opens the filters from the
// keyboard and, once search.js has counted them, counts the filters
// shown. With JavaScript on, it also turns the first filter on with
// Space and says whether the filters stayed open as search.js redrew
// them.
async function searchPage(browser, url, script) {
  const ctx = await browser.newContext({ viewport: phone, javaScriptEnabled: script });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('.search-result', { timeout: 15000 });
  // Time enough for search.js to count filters it should not yet count.
  if (script) await page.waitForTimeout(500);
  const out = { ...(await page.evaluate(searchLayout)), ...(await page.evaluate(layout)), errors };
  const summary = page.locator('.search-filters > summary');
  if (await summary.count()) {
    await summary.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.search-filters__body:not([aria-busy="true"])', { timeout: 15000 });
    const opened = await page.evaluate(searchLayout);
    out.openedLinks = opened.filterLinks;
    out.openedLinksShown = opened.filterLinksShown;
    if (script) {
      const before = page.url();
      await page.locator('.search-filters__toggle').first().focus();
      await page.keyboard.press('Space');
      await page.waitForFunction((u) => location.href !== u, before);
      await page.waitForSelector('.search-result');
      out.openAfterToggle = await page.evaluate(() => document.querySelector('.search-filters').open);
    }
  }
  await ctx.close();
  return out;
}

// axeOpen loads url at phone size, opens every <details> on it (the menu,
// the filters) and returns axe-core's violations, by rule and element.
async function axeOpen(browser, url) {
  const ctx = await browser.newContext({ viewport: phone });
  const page = await ctx.newPage();
  await page.goto(url);
  if (url.includes('search/?')) await page.waitForSelector('.search-result', { timeout: 15000 });
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => v.id + ': ' + n.target.join(' ')));
  }, plan.tags);
  await ctx.close();
  return found;
}

async function main() {
  const browser = await launch(plan.chromium);
  const out = { pages: [], search: {}, wide: {} };
  try {
    const ctx = await browser.newContext({ viewport: phone });
    const page = await ctx.newPage();
    for (const p of plan.pages) {
      await page.goto(plan.served + p.path, { waitUntil: 'load' });
      out.pages.push({ name: p.name, path: p.path, ...(await page.evaluate(layout)) });
    }
    await ctx.close();

    out.search.served = await searchPage(browser, plan.served + plan.query, false);
    out.search.servedFiltered = await searchPage(browser, plan.served + plan.filtered, false);
    out.search.static = await searchPage(browser, plan.static + plan.query, true);
    out.search.staticFiltered = await searchPage(browser, plan.static + plan.filtered, true);
    out.menu = await menuWithoutScript(browser);
    out.axeOpen = {};
    for (const url of [plan.served + plan.filtered, plan.static + plan.filtered]) out.axeOpen[url] = await axeOpen(browser, url);

    const wide = await browser.newContext({ viewport: plan.wide });
    const wp = await wide.newPage();
    await wp.goto(plan.served);
    out.wide.menuShown = await wp.locator('summary', { hasText: 'Menu' }).isVisible();
    out.wide.navLinksShown = await wp.$$eval('nav[aria-label="Main"] a', (as) => as.filter((a) => a.checkVisibility()).length);
    for (const [name, url] of [['served', plan.served + plan.query], ['static', plan.static + plan.query]]) {
      await wp.goto(url);
      await wp.waitForSelector('.search-result');
      // Shown beside the results, the filters are counted without asking.
      await wp.waitForSelector('.search-filters__body:not([aria-busy="true"])', { timeout: 15000 });
      out.wide[name] = await wp.evaluate(searchLayout);
    }
    await wide.close();
  } finally {
    await browser.close();
  }
  return out;
}

report(main);
