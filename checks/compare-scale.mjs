// compare-scale.mjs drives the filter-first comparison of a portal of
// many areas in headless Chromium, from the keyboard: on the static page
// (compare-scale.js reading compare/areas.json) it chooses a region and
// an integration level, ticks two areas and sets them side by side, runs
// axe-core before and after, and takes screenshots at 1280 and 390 px;
// then it loads intkb serve's page for the address the static page ended
// on. For TestCompareAtScaleInBrowser in compare_scale_test.go:
//
//	node compare-scale.mjs < PLAN.json
//
// PLAN.json: {"chromium": PATH, "static": URL, "served": URL, "tags":
// [...], "shots": DIR, "region": LABEL, "level": LABEL}, the URLs those of
// the two compare pages. It prints what a reader sees on each: the count,
// the summary's rows, the areas listed and those side by side, the
// notices, the address, axe-core's violations, the bytes fetched and any
// script error.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { launch, report } from './chromium.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const plan = JSON.parse(readFileSync(0, 'utf8'));

function seen() {
  const visible = (el) => el.getClientRects().length > 0;
  const text = (el) => el.textContent.replace(/\s+/g, ' ').trim();
  const rows = {};
  document.querySelectorAll('.compare-summary__table').forEach((t) => {
    const cap = text(t.querySelector('caption'));
    rows[cap] = Array.from(t.querySelectorAll('tbody tr')).map((tr) => text(tr.querySelector('th')) + '=' + text(tr.querySelector('td')));
  });
  return {
    count: text(document.querySelector('[data-compare-count]')),
    summary: rows,
    listed: Array.from(document.querySelectorAll('[data-compare-areas] input')).map((i) => i.value),
    columns: Array.from(document.querySelectorAll('.compare-matrix thead th[data-col]')).filter(visible).map((th) => th.getAttribute('data-col')),
    rows: Array.from(document.querySelectorAll('.compare-matrix tr[data-row]')).filter(visible).map((tr) => tr.getAttribute('data-row')),
    differs: Array.from(document.querySelectorAll('.compare-matrix td.differs')).filter(visible).map((td) => td.closest('tr').getAttribute('data-row') + '/' + td.getAttribute('data-col')),
    notices: Array.from(document.querySelectorAll('.notice')).filter(visible).map(text),
    address: location.search,
  };
}

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  }, plan.tags);
}

// choose picks the option labelled label (with its count after it) in
// the select with id, from the keyboard: focus, then arrow down to it.
async function choose(page, id, label) {
  const n = await page.$eval('#' + id, (s, label) => Array.from(s.options).findIndex((o) => o.textContent.startsWith(label + ' (')), label);
  if (n < 0) {
    throw new Error(`#${id} has no option ${label}`);
  }
  await page.focus('#' + id);
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('ArrowDown');
  }
}

async function main() {
  const browser = await launch(plan.chromium);
  const out = {};
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let bytes = 0;
    const fetched = [];
    page.on('response', async (r) => {
      try {
        const b = await r.body();
        bytes += b.length;
        fetched.push(new URL(r.url()).pathname);
      } catch {}
    });
    await page.goto(plan.static, { waitUntil: 'load' });
    out.first = { ...(await page.evaluate(seen)), axe: await axe(page), fetched: fetched.slice(), bytes };
    await page.screenshot({ path: join(plan.shots, 'compare-scale-desktop.png'), fullPage: false });

    await choose(page, 'filter-region', plan.region);
    await page.waitForFunction(() => /^\d+ of /.test(document.querySelector('[data-compare-count]').textContent) && !/^1,\d{3} of/.test(document.querySelector('[data-compare-count]').textContent));
    await choose(page, 'filter-level', plan.level);
    await page.waitForTimeout(300);
    out.filtered = await page.evaluate(seen);

    // Tick the first two areas listed with the space bar, then press
    // Enter on the button that sets them side by side.
    await page.focus('#pick-0');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.waitForSelector('.compare-matrix thead th[data-col]');
    await page.focus('[data-compare-pick] button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.classList.contains('compare-scroll'));
    out.picked = { ...(await page.evaluate(seen)), axe: await axe(page), errors: errors.slice() };
    out.fetched = fetched.filter((p) => p.endsWith('.json'));
    await page.screenshot({ path: join(plan.shots, 'compare-scale-desktop-picked.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(plan.static, { waitUntil: 'load' });
    await page.screenshot({ path: join(plan.shots, 'compare-scale-phone.png'), fullPage: false });
    await page.goto(plan.static + out.picked.address, { waitUntil: 'load' });
    await page.waitForSelector('.compare-matrix thead th[data-col]');
    out.phone = { overflow: await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), axe: await axe(page) };
    await page.screenshot({ path: join(plan.shots, 'compare-scale-phone-picked.png'), fullPage: true });

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(plan.served + out.picked.address, { waitUntil: 'load' });
    out.served = await page.evaluate(seen);
    out.errors = errors;
  } finally {
    await browser.close();
  }
  return out;
}

report(main);
