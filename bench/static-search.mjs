// Cold static-search query in headless Chromium: the bytes a browser
// fetches and the time it takes from asking to seeing results, on a site
// served as static files (gzip for text, as ordinary hosting does).
//
//	node bench/static-search.mjs pagefind SITE_DIR QUERY
//	node bench/static-search.mjs intkb SITE_DIR QUERY
//
// pagefind: a blank page on the site's origin imports /pagefind/pagefind.js,
// searches and loads the first five results (their titles and excerpts).
// intkb: the site's own /search/ page; the query is typed into its box and
// Enter pressed, and the results are the first links to generated pages.
// Bytes are everything fetched from the first script to the results,
// scripts and index included, measured as transferred (compressed).
// Each run is a new browser context with an empty cache. VERBOSE=1 lists
// each fetch on standard error. It prints:
//
//	bytes=41234 requests=7 ms=85.2 results=5
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const [kind, root, query] = process.argv.slice(2);
if (!["pagefind", "intkb"].includes(kind) || !root || !query) {
  console.error("usage: node static-search.mjs pagefind|intkb SITE_DIR QUERY");
  process.exit(2);
}

const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
};
const compressible = new Set([".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".xml"]);

// serve answers like plain static hosting: files as they are, text gzipped.
async function serve(req, res) {
  const url = new URL(req.url, "http://x");
  let file = normalize(join(root, decodeURIComponent(url.pathname)));
  if (!file.startsWith(normalize(root))) return res.writeHead(403).end();
  try {
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    let body = await readFile(file);
    const headers = { "Content-Type": types[extname(file)] || "application/octet-stream", "Cache-Control": "no-cache" };
    if (compressible.has(extname(file)) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      body = gzipSync(body);
      headers["Content-Encoding"] = "gzip";
    }
    headers["Content-Length"] = body.length;
    res.writeHead(200, headers).end(body);
  } catch {
    res.writeHead(404).end("not found");
  }
}

const server = createServer(serve);
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  let counting = false, bytes = 0, requests = 0;
  const pending = [];
  page.on("requestfinished", (req) => {
    if (!counting) return;
    const type = req.resourceType();
    if (kind === "intkb" && (type === "document" || type === "stylesheet" || type === "image" || type === "font")) return;
    requests++;
    pending.push(req.sizes().then((s) => {
      bytes += s.responseBodySize + s.responseHeadersSize;
      if (process.env.VERBOSE) console.error(`${s.responseBodySize + s.responseHeadersSize}\t${req.url()}`);
    }));
  });
  counting = kind === "intkb"; // the pagefind host page is not counted
  const found = await (kind === "pagefind" ? queryPagefind(page, () => { counting = true; }) : queryIntkb(page));
  await Promise.all(pending);
  if (found) {
    console.log(`bytes=${bytes} requests=${requests} ms=${found.ms.toFixed(1)} results=${found.results}`);
  } else {
    console.log("not available: no results on the static search page within 15 s");
    process.exitCode = 3;
  }
} finally {
  await browser.close();
  server.close();
}

async function queryPagefind(page, startCounting) {
  await page.route(`${origin}/bench-blank.html`, (r) => r.fulfill({ contentType: "text/html", body: "<!DOCTYPE html><title>blank</title>" }));
  await page.goto(`${origin}/bench-blank.html`);
  startCounting();
  return page.evaluate(async (q) => {
    const t0 = performance.now();
    const pagefind = await import("/pagefind/pagefind.js");
    const found = await pagefind.search(q);
    const data = await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
    return { ms: performance.now() - t0, results: data.filter((d) => d.excerpt).length };
  }, query);
}

async function queryIntkb(page) {
  await page.goto(`${origin}/search/`);
  const box = page.locator("main input[type=search]").first();
  const t0 = Date.now();
  await box.focus();
  await box.fill(query);
  await box.press("Enter");
  const resultLinks = page.locator(["playbook", "case-study", "framework", "blueprint"].map((t) => `main a[href*="/${t}-"]`).join(", "));
  try {
    await resultLinks.first().waitFor({ timeout: 15000 });
  } catch {
    return null;
  }
  return { ms: Date.now() - t0, results: Math.min(5, await resultLinks.count()) };
}
