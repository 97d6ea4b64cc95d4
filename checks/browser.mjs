// browser.mjs: checks a running intkb site in headless Chromium.
//
//   node browser.mjs PLAN.json REPORT.json
//
// PLAN.json says where the site is and what to look at:
//
//   {"base": "http://127.0.0.1:PORT/", "chromium": "/usr/bin/chromium",
//    "screenshots": "DIR", "tags": ["wcag2a", ...],
//    "widths": {"desktop": 1280, "phone": 390},
//    "pages": [{"name": "home", "path": "", "status": 200}, ...]}
//
// For every page at every width it runs axe-core and takes a full-page
// screenshot; then it uses the site with the keyboard alone: the skip
// link, a visible focus indicator on everything that takes focus, search
// and its filters, the playbooks' path, the compare form and the
// self-assessment. It writes
// what it found to REPORT.json and leaves the judging to the Go test that
// started it (checks/browser_test.go). It exits non-zero only when it
// could not run at all.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { launch } from "./chromium.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [planFile, reportFile] = process.argv.slice(2);
if (!planFile || !reportFile) {
  console.error("usage: node browser.mjs PLAN.json REPORT.json");
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planFile, "utf8"));
mkdirSync(plan.screenshots, { recursive: true });

// ---------------------------------------------------------------------------
// Keyboard checks. Each gets a page and a list to push problems onto.

// focused describes the element that has focus.
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: "body" };
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      cls: el.className && typeof el.className === "string" ? el.className : "",
      name: el.getAttribute("name") || "",
      type: el.getAttribute("type") || "",
      text: (el.textContent || el.value || "").trim().slice(0, 60),
      href: el.getAttribute("href") || "",
      rel: el.getAttribute("rel") || "",
      inFilters: !!el.closest(".search-filters"),
    };
  });
}

// tabTo presses Tab until match(focused) holds, at most limit times.
async function tabTo(page, match, limit = 80, key = "Tab") {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (match(f)) return f;
  }
  return null;
}

// installFocusStyle defines window.focusStyle(el) in the page: what shows
// that el has focus, with colours resolved to what is drawn, so that a
// transparent background reads as the colour behind it.
async function installFocusStyle(page) {
  await page.evaluate(() => {
    const solid = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return a === 0 ? null : [r, g, b];
    };
    const behind = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = solid(getComputedStyle(e).backgroundColor);
        if (c) return c;
      }
      return [255, 255, 255];
    };
    window.focusStyle = (el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return {
        outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 && solid(s.outlineColor) ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : "none",
        shadow: s.boxShadow,
        background: behind(el),
        border: parseFloat(s.borderTopWidth) > 0 && solid(s.borderTopColor) ? solid(s.borderTopColor) : null,
        visible: r.width > 0 && r.height > 0 && s.visibility !== "hidden",
      };
    };
  });
}

// contrast is the WCAG contrast ratio of two colours.
function contrast(a, b) {
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// focusShows reports whether the focused style (on) shows focus against
// the same element without it (off): a solid outline at least 2 px wide,
// a box shadow it did not have, or a background or border that changes
// with a contrast of at least 3:1 (WCAG 2.2's focus appearance).
function focusShows(on, off) {
  if (on.outline !== "none" && on.outline !== off.outline) return true;
  if (on.shadow !== "none" && on.shadow !== off.shadow) return true;
  if (contrast(on.background, off.background) >= 3) return true;
  return !!(on.border && off.border && contrast(on.border, off.border) >= 3);
}

const keyboardChecks = {
  // The first Tab reaches the skip link, which shows itself; Enter moves
  // focus into main.
  async "skip link"(page, problems) {
    await page.goto(plan.base, { waitUntil: "load" });
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (!/skip-link/.test(f.cls)) {
      problems.push(`the first Tab focuses ${JSON.stringify(f)}, not the skip link`);
      return;
    }
    const box = await page.locator(".skip-link").boundingBox();
    if (!box || box.width < 20 || box.height < 10) {
      problems.push(`the focused skip link is not visible: ${JSON.stringify(box)}`);
    }
    await page.keyboard.press("Enter");
    const after = await focused(page);
    if (after.id !== "main-content") {
      problems.push(`Enter on the skip link focuses ${JSON.stringify(after)}, not main`);
    }
    // The next Tab goes to the first link inside main.
    await page.keyboard.press("Tab");
    const inMain = await page.evaluate(() => !!document.activeElement.closest("main"));
    if (!inMain) {
      problems.push("Tab after the skip link leaves main");
    }
  },

  // Every element reached by Tab on each page shows that it has focus.
  async "focus visible"(page, problems, entry) {
    const paths = plan.pages.filter((p) => p.focus).map((p) => p.path);
    let checked = 0;
    for (const path of paths) {
      await page.goto(plan.base + path, { waitUntil: "load" });
      await installFocusStyle(page);
      const seen = [];
      for (let i = 0; i < 400; i++) {
        await page.keyboard.press("Tab");
        const info = await page.evaluate((n) => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          if (el.hasAttribute("data-focus-i")) return { again: true };
          el.setAttribute("data-focus-i", String(n));
          return { on: window.focusStyle(el), tag: el.tagName.toLowerCase(), text: (el.textContent || el.getAttribute("aria-label") || el.id || "").trim().slice(0, 50) };
        }, i);
        if (!info || info.again) break;
        seen.push(info);
      }
      // Now that focus has left them, read each element's style without it.
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      const offStyles = await page.$$eval("[data-focus-i]", (els) =>
        els.sort((x, y) => x.getAttribute("data-focus-i") - y.getAttribute("data-focus-i")).map((el) => window.focusStyle(el)));
      seen.forEach((info, i) => {
        checked++;
        if (!info.on.visible) {
          problems.push(`${path || "/"}: focus went to an invisible ${info.tag} "${info.text}"`);
        } else if (!focusShows(info.on, offStyles[i])) {
          problems.push(`${path || "/"}: no visible focus on ${info.tag} "${info.text}": focused ${JSON.stringify(info.on)}, unfocused ${JSON.stringify(offStyles[i])}`);
        }
      });
    }
    entry.checked = checked;
    if (checked < 50) problems.push(`only ${checked} elements took focus: is Tab working?`);
  },

  // Search from the header, then narrow the results with a filter.
  async "search and filters"(page, problems) {
    await page.goto(plan.base, { waitUntil: "load" });
    if (!(await tabTo(page, (f) => f.id === "site-search"))) {
      problems.push("Tab never reaches the search box");
      return;
    }
    await page.keyboard.type("frailty");
    await Promise.all([page.waitForURL(/\/search\/\?q=frailty/), page.keyboard.press("Enter")]);
    const count = await page.locator(".search-result").count();
    if (count === 0) problems.push("searching for frailty from the keyboard found nothing");
    const filter = await tabTo(page, (f) => f.inFilters && f.tag === "a" && /type=/.test(f.href), 120);
    if (!filter) {
      problems.push("Tab never reaches a type filter");
      return;
    }
    await Promise.all([page.waitForURL(/type=/), page.keyboard.press("Enter")]);
    if ((await page.locator('.search-filters a[aria-current="true"]').count()) !== 1) {
      problems.push("the chosen filter is not marked as chosen");
    }
    const types = await page.locator(".search-result .card__type").allTextContents();
    const first = types.map((t) => t.split("·")[0].trim());
    if (first.length === 0 || new Set(first).size !== 1) {
      problems.push(`after choosing a type filter the results have types ${JSON.stringify(first)}`);
    }
  },

  // A playbook opens with why it matters, then "On this page", then its
  // steps and its sections; its previous and next links name their
  // phase, and lead along the path from the keyboard.
  async "playbook path"(page, problems) {
    const start = plan.base + "playbooks/agree-function-before-form/";
    await page.goto(start, { waitUntil: "load" });
    const tops = await page.evaluate(() => {
      const top = (sel) => {
        const el = document.querySelector(sel);
        return el && el.textContent.trim() ? el.getBoundingClientRect().top + window.scrollY : null;
      };
      return [
        ["why it matters", top("article > .prose:not(.playbook__sections)")],
        ["On this page", top("#toc-title")],
        ["the steps", top("#steps-title")],
        ["the sections", top(".playbook__sections h2")],
      ];
    });
    for (let i = 0; i < tops.length; i++) {
      if (tops[i][1] === null) problems.push(`the playbook has no ${tops[i][0]}`);
      else if (i > 0 && tops[i - 1][1] !== null && tops[i][1] <= tops[i - 1][1]) problems.push(`${tops[i][0]} is not below ${tops[i - 1][0]}`);
    }
    const phase = ((await page.locator(".article__type").textContent()) || "").split("·")[1]?.trim();
    const phases = await page.locator(".path-nav .path-nav__phase").allTextContents();
    if (phases.length !== 2 || !phases.every((p) => / phase$/.test(p)) || phases.every((p) => p === phase)) {
      problems.push(`the path's links name the phases ${JSON.stringify(phases)}, on a page in the ${phase}: want both, across a boundary`);
    }
    const prev = await page.locator('.path-nav a[rel="prev"]').getAttribute("href");
    if (!(await tabTo(page, (f) => f.rel === "prev" && f.href === prev, 200))) {
      problems.push("Tab never reaches the link to the previous playbook");
      return;
    }
    await Promise.all([page.waitForURL(new URL(prev, start).href), page.keyboard.press("Enter")]);
    const back = new URL(start).pathname;
    if (!(await tabTo(page, (f) => f.rel === "next" && f.href === back, 200))) {
      problems.push(`Tab never reaches the link from ${prev} to the next playbook, ${back}`);
      return;
    }
    await Promise.all([page.waitForURL(start), page.keyboard.press("Enter")]);
  },

  // Tick two areas and "only the differences" with Space, submit with Enter.
  async "compare form"(page, problems) {
    await page.goto(plan.base + "compare/", { waitUntil: "load" });
    // Walk the area boxes in order, ticking the two wanted.
    let f = await tabTo(page, (f) => f.tag === "input" && f.name === "areas");
    if (!f) {
      problems.push("Tab never reaches an area checkbox");
      return;
    }
    const wanted = ["saltmere", "kingsmoor"];
    let ticked = 0;
    while (f.tag === "input" && f.name === "areas") {
      if (wanted.includes(await page.evaluate(() => document.activeElement.value))) {
        await page.keyboard.press("Space");
        ticked++;
      }
      await page.keyboard.press("Tab");
      f = await focused(page);
    }
    if (ticked !== 2) problems.push(`ticked ${ticked} of the two areas wanted`);
    if (!(await tabTo(page, (f) => f.id === "compare-diff"))) {
      problems.push("Tab never reaches the differences checkbox");
      return;
    }
    await page.keyboard.press("Space");
    if (!(await tabTo(page, (f) => f.tag === "button" && /Compare/.test(f.text)))) {
      problems.push("Tab never reaches the Compare button");
      return;
    }
    await Promise.all([page.waitForURL(/diff=1/), page.keyboard.press("Enter")]);
    const url = page.url();
    if (!/areas=/.test(url) || !/saltmere/.test(url) || !/kingsmoor/.test(url)) {
      problems.push(`the compare form went to ${url}`);
    }
    const status = (await page.locator("[data-compare-status]").textContent()) || "";
    if (!/Showing 2 areas, only where they differ/.test(status)) {
      problems.push(`after comparing two areas the page says ${JSON.stringify(status)}`);
    }
    const columns = await page.locator(".compare-matrix thead th[data-col]:visible").count();
    if (columns !== 2) problems.push(`the matrix shows ${columns} areas, want 2`);
  },

  // Score two dimensions with the arrow keys and Space, then read the table.
  async "self-assessment"(page, problems) {
    await page.goto(plan.base + "self-assessment/", { waitUntil: "load" });
    const first = await tabTo(page, (f) => f.tag === "input" && f.type === "radio");
    if (!first) {
      problems.push("Tab never reaches the first level");
      return;
    }
    await page.keyboard.press("Space"); // score 0
    await page.keyboard.press("ArrowDown"); // score 1
    await page.keyboard.press("ArrowDown"); // score 2
    const second = await tabTo(page, (f) => f.tag === "input" && f.type === "radio" && f.name !== first.name, 5);
    if (!second) {
      problems.push("Tab does not move from one dimension to the next");
      return;
    }
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown"); // score 3
    const results = page.locator("[data-sa-results]");
    if (!(await results.isVisible())) {
      problems.push("the results do not show after choosing levels");
      return;
    }
    const cells = await page.locator("[data-sa-score]").allTextContents();
    if (!/^2 of 5/.test(cells[0] || "") || !/^3 of 5/.test(cells[1] || "")) {
      problems.push(`after scoring 2 and 3 the table says ${JSON.stringify(cells.slice(0, 2))}`);
    }
    const toml = (await page.locator("[data-sa-preview]").textContent()) || "";
    if (!toml.includes(`${first.name} = 2`) || !toml.includes(`${second.name} = 3`)) {
      problems.push(`the TOML preview lacks the scores: ${JSON.stringify(toml)}`);
    }
    const link = await tabTo(page, (f) => f.tag === "a" && /Download as TOML/.test(f.text), 40);
    if (!link) {
      problems.push("Tab never reaches the TOML download");
    } else if (!/^blob:/.test(await page.evaluate(() => document.activeElement.href))) {
      problems.push("the TOML download is not a link to the answers");
    }
    // A note a spreadsheet would run as a formula is text in the CSV.
    await page.focus("#sa-note");
    await page.keyboard.type('=HYPERLINK("https://evil.example/","x")');
    const csv = await page.evaluate(async () => (await fetch(document.querySelector("[data-sa-csv]").href)).text());
    if (!csv.includes(`"'=HYPERLINK(""https://evil.example/"",""x"")"\r\n`)) {
      problems.push(`the CSV does not make the note text: ${JSON.stringify(csv.split("\r\n")[1])}`);
    }
  },
};

async function main() {
  const report = { pages: [], keyboard: [] };

  const browser = await launch(plan.chromium);

  try {
    for (const [widthName, width] of Object.entries(plan.widths)) {
      const context = await browser.newContext({ viewport: { width, height: widthName === "phone" ? 844 : 900 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const consoleErrors = [];
      page.on("pageerror", (err) => consoleErrors.push(String(err)));
      for (const p of plan.pages) {
        consoleErrors.length = 0;
        const entry = { name: p.name, path: p.path, width: widthName, status: 0, violations: [], errors: [] };
        const started = Date.now();
        try {
          const resp = await page.goto(plan.base + p.path, { waitUntil: "load" });
          entry.status = resp ? resp.status() : 0;
          await page.addScriptTag({ content: axeSource });
          const result = await page.evaluate(async (tags) => {
            // eslint-disable-next-line no-undef
            const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
            return r.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 300), summary: n.failureSummary })),
              count: v.nodes.length,
            }));
          }, plan.tags);
          entry.violations = result;
          entry.overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          // A long page's full-page shot takes a busy machine more than
          // the default 30 s; the shot is for people to look at, not a
          // measure of speed.
          await page.screenshot({ path: join(plan.screenshots, `${p.name}-${widthName}.png`), fullPage: true, timeout: 120000 });
        } catch (err) {
          entry.errors.push(String(err));
        }
        entry.errors.push(...consoleErrors);
        entry.ms = Date.now() - started;
        report.pages.push(entry);
      }
      await context.close();
    }

    const context = await browser.newContext({ viewport: { width: plan.widths.desktop, height: 900 } });
    const page = await context.newPage();
    for (const [name, check] of Object.entries(keyboardChecks)) {
      const entry = { name, problems: [] };
      try {
        await check(page, entry.problems, entry);
      } catch (err) {
        entry.problems.push(String(err));
      }
      report.keyboard.push(entry);
    }
    // The same focus check at phone width, where the layout differs.
    const phone = await browser.newContext({ viewport: { width: plan.widths.phone, height: 844 } });
    const phonePage = await phone.newPage();
    const entry = { name: "focus visible (phone)", problems: [] };
    try {
      await keyboardChecks["focus visible"](phonePage, entry.problems, entry);
    } catch (err) {
      entry.problems.push(String(err));
    }
    report.keyboard.push(entry);
  } finally {
    await browser.close();
  }
  writeFileSync(reportFile, JSON.stringify(report, null, 2));
}

await main();
