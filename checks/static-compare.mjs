// static-compare.mjs loads the compare page for each of a list of
// queries twice in headless Chromium: as intkb serve renders it for the
// query, and as plain hosting serves the built page, where compare.js
// applies the query. For TestStaticCompareMatchesServer in
// static_site_test.go:
//
//	node static-compare.mjs < PLAN.json
//
// PLAN.json: {"chromium": PATH, "served": URL, "static": URL,
// "queries": ["?areas=a,b", ...]}, the URLs those of the two compare
// pages. It prints, for each query and each page, what a reader sees: the
// areas whose columns show, the rows and charts that show, the areas
// whose maturity radars show, the status line and the notices, each
// cell's value (its codes), the cells marked as changed with what they
// were, the line that says which day is shown, and any script error. The
// Go test judges it.
import { readFileSync } from 'node:fs';
import { launch, report } from './chromium.mjs';

const plan = JSON.parse(readFileSync(0, 'utf8'));

// seen reports what the page shows, in the page.
function seen() {
  const visible = (el) => el.getClientRects().length > 0;
  const all = (sel) => Array.from(document.querySelectorAll(sel)).filter(visible);
  const text = (el) => el.textContent.replace(/\s+/g, ' ').trim();
  const status = document.querySelector('[data-compare-status]');
  return {
    columns: all('.compare-matrix thead th[data-col]').map((th) => th.getAttribute('data-col')),
    rows: all('.compare-matrix tr[data-row]').map((tr) => tr.getAttribute('data-row')),
    charts: all('section.chart').map((s) => s.getAttribute('aria-labelledby')),
    radars: all('.radar-multiple').map((li) => li.getAttribute('data-col')),
    status: status && visible(status) ? text(status) : '',
    notices: all('.notice p').map(text),
    // Over time: each cell's value (its codes) and what changed.
    values: all('.compare-matrix td[data-col][data-v]').map((td) => td.closest('tr').getAttribute('data-row') + '/' + td.getAttribute('data-col') + '=' + td.getAttribute('data-v')),
    changed: all('.compare-matrix td.changed').map((td) => td.closest('tr').getAttribute('data-row') + '/' + td.getAttribute('data-col') + ': ' + text(td.querySelector('.compare-was'))),
    over: Array.from(document.querySelectorAll('[data-compare-over]')).filter(visible).map(text),
  };
}

async function main() {
  const browser = await launch(plan.chromium);
  const out = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    let errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    for (const query of plan.queries) {
      const got = { query };
      for (const side of ['served', 'static']) {
        errors = [];
        await page.goto(plan[side] + query, { waitUntil: 'load' });
        got[side] = { ...(await page.evaluate(seen)), errors };
      }
      out.push(got);
    }
  } finally {
    await browser.close();
  }
  return out;
}

report(main);
