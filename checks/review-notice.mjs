// review-notice.mjs loads pages of a built site in headless Chromium with
// the browser's clock set, for TestReviewNoticeInBrowser in
// review_test.go:
//
//	node review-notice.mjs CHROMIUM SITE_URL SCREENSHOT
//
// For each clock (a day, or "off" for JavaScript turned off) and page it
// reports whether the notice that the page is past its review date is
// shown, what has focus once the page has loaded, how many cards show
// "Review overdue", and axe-core's WCAG A and AA violations; it takes a
// screenshot of the first page with the notice revealed. The Go test
// judges what it prints.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, report } from './chromium.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [executablePath, site, screenshot] = process.argv.slice(2);

const clocks = ['2026-10-01', '2026-01-01', 'off'];
const pages = ['playbooks/later/', 'playbooks/old/', 'playbooks/fresh/', 'playbooks/'];
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function look(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  const notice = page.getByRole('note').filter({ has: page.getByRole('heading', { name: 'This page is past its review date' }) });
  const seen = {
    notice: await notice.count() > 0 && await notice.first().isVisible(),
    focus: await page.evaluate(() => document.activeElement ? document.activeElement.tagName : ''),
    tags: await page.locator('.card .tag--warning:visible').count(),
    violations: [],
  };
  if (seen.notice || seen.tags) {
    await page.addScriptTag({ content: axeSource }).catch(() => {}); // refused with JavaScript off
    seen.violations = await page.evaluate(async (t) => {
      if (typeof axe === 'undefined') return [];
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: { type: 'tag', values: t }, resultTypes: ['violations'] });
      return r.violations.map((v) => v.id);
    }, tags);
  }
  return seen;
}

async function main() {
  const browser = await launch(executablePath);
  const out = { errors: [], seen: {} };
  let shot = false;
  try {
    for (const clock of clocks) {
      const context = await browser.newContext({ javaScriptEnabled: clock !== 'off', viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      page.on('pageerror', (e) => out.errors.push(clock + ': ' + e.message));
      if (clock !== 'off') await page.clock.setFixedTime(new Date(clock + 'T12:00:00'));
      out.seen[clock] = {};
      for (const p of pages) {
        out.seen[clock][p] = await look(page, site + p);
        if (!shot && clock === clocks[0] && p === pages[0]) {
          await page.screenshot({ path: screenshot, fullPage: true });
          shot = true;
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

report(main);
