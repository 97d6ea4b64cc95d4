// worksheet-print.mjs prints a question framework's page to PDF in
// headless Chromium, as a facilitator would from a shared link, for
// TestWorksheetPrints in worksheet_test.go:
//
//	node worksheet-print.mjs < PLAN.json
//
// PLAN.json: {"chromium": PATH, "page": URL, "choice": "?q=...",
// "garbage": "?q=...", "out": DIR}. With JavaScript it opens page+choice,
// reads the questions and their boxes, presses the Print button (with
// window.print stubbed, to count the call), prints to DIR/chosen.pdf at
// the stylesheet's own page size, then ticks one more question and
// reloads to see the address kept it, and counts the boxes ticked from
// page+garbage. Without JavaScript it opens page+choice and prints
// DIR/all.pdf. It prints what it saw as JSON; the Go test reads the PDFs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, report } from './chromium.mjs';

const plan = JSON.parse(readFileSync(0, 'utf8'));

// questions reports each question on the page, with its box.
function questions() {
  return Array.from(document.querySelectorAll('[data-question]')).map((li) => {
    const box = li.querySelector('input[type=checkbox]');
    return {
      id: li.getAttribute('data-question'),
      text: li.querySelector('.question__text').firstChild.textContent.trim(),
      required: li.hasAttribute('data-required'),
      checked: !!box && box.checked,
      disabled: !!box && box.disabled,
      boxShown: !!box && box.getClientRects().length > 0,
    };
  });
}

// printButton reports whether the Print button shows, and how many times
// pressing it called window.print.
async function printButton(page) {
  const button = page.locator('[data-worksheet-print]');
  const shown = (await button.count()) > 0 && (await button.isVisible());
  if (!shown) {
    return { shown, printed: 0 };
  }
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed++; }; });
  await button.click();
  return { shown, printed: await page.evaluate(() => window.printed) };
}

// tickOneMore ticks the first unticked question, and reports its id and
// whether the address still has it ticked after a reload.
async function tickOneMore(page) {
  const id = await page.evaluate(() => {
    const box = document.querySelector('[data-question] input[type=checkbox]:not(:checked)');
    return box ? box.value : '';
  });
  if (!id) {
    return { id, kept: false, search: '' };
  }
  await page.check('#include-' + id);
  const search = await page.evaluate(() => window.location.search);
  await page.reload({ waitUntil: 'load' });
  return { id, search, kept: await page.isChecked('#include-' + id) };
}

async function main() {
  const browser = await launch(plan.chromium);
  const pdf = { preferCSSPageSize: true };
  const out = {};
  try {
    const withJS = await browser.newPage();
    const errors = [];
    withJS.on('pageerror', (e) => errors.push(e.message));
    await withJS.goto(plan.page + plan.choice, { waitUntil: 'load' });
    out.questions = await withJS.evaluate(questions);
    out.button = await printButton(withJS);
    await withJS.pdf({ ...pdf, path: join(plan.out, 'chosen.pdf') });
    await withJS.emulateMedia({ media: 'print' });
    await withJS.screenshot({ path: join(plan.out, 'chosen-print-media.png'), fullPage: true });
    await withJS.emulateMedia({ media: 'screen' });
    out.ticked = await tickOneMore(withJS);
    // A link naming no question of the page is as if it named none.
    await withJS.goto(plan.page + plan.garbage, { waitUntil: 'load' });
    out.garbageTicked = await withJS.evaluate(() => document.querySelectorAll('[data-question] input:checked').length);
    out.errors = errors;

    const context = await browser.newContext({ javaScriptEnabled: false });
    const noJS = await context.newPage();
    await noJS.goto(plan.page + plan.choice, { waitUntil: 'load' });
    out.noScriptButton = await noJS.locator('[data-worksheet-print]').isVisible();
    await noJS.pdf({ ...pdf, path: join(plan.out, 'all.pdf') });
  } finally {
    await browser.close();
  }
  return out;
}

report(main);
