// search-bench.mjs measures cold single-word searches on a built site in headless
// Chromium, for intkb's static index and for Pagefind's, over a local
// server that compresses with gzip and answers range requests, as
// ordinary hosting does:
//
//	go run ./bench/gen -n 10000 -out /tmp/c10k
//	go run ./cmd/intkb build --source /tmp/c10k --dest /tmp/c10k-out
//	(cd checks && npm ci --ignore-scripts)
//	checks/node_modules/.bin/pagefind --site /tmp/c10k-out
//	node checks/search-bench.mjs /tmp/c10k-out [words...]
//
// With BENCH_NO_GZIP=1 in the environment the server compresses nothing,
// as some plain hosts do.
//
// Each search starts in a fresh browser context (empty cache) on a page
// that has loaded its HTML and stylesheet. Bytes are what crossed the
// network, compressed, with response headers, for the engine's script and index and the data of
// the ten results shown; time runs from issuing the query to ten results
// with their excerpts. Runs unthrottled, then as a slow connection
// (150 ms round trip, 1.6 Mbit/s down).
//
// Bytes and requests are all the search fetched, counted once no request
// of the engine's has been open for 300 ms: the filters' counts too,
// which intkb's search page fetches after it shows the results, where
// the filters show beside them (and, while the reader types, once the
// typing stops), so for intkb only once the filters shown are counted. Windows are 1280 × 720 px, or with
// --phone 390 × 844 px, where the filters fold under a summary and are
// counted only when opened.
//
// With --engine, it measures one engine on its own site, one query,
// unthrottled, as bench/run does (intkb on intkb's output, Pagefind on
// Hugo's), and prints one line, or "not available: ..." and exits 3 when
// the engine shows no result within 15 s:
//
//	node checks/search-bench.mjs --engine intkb|pagefind SITE_DIR WORD [--phone]
//	bytes=41234 requests=7 ms=85.2 results=10
//
// With --type MS as well (intkb only), the words are typed into the search
// page's box a letter at a time, with a pause of MS after each, as the
// page searches while the reader types; bytes and requests are then all
// that the typing fetched, and ms runs from the last letter to results.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launch } from './chromium.mjs';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.gz': 'application/gzip' };

// The page Pagefind is searched from: blank, served by serve itself, so
// that nothing is written into the site.
const PAGEFIND_PAGE = '/pagefind-bench.html';
const PAGEFIND_HTML = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Pagefind</title></head><body></body></html>';

function serve(dir) {
  return new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (p === PAGEFIND_PAGE) {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        return res.end(PAGEFIND_HTML);
      }
      if (p.endsWith('/')) p += 'index.html';
      const file = path.join(dir, path.normalize(p));
      if (!file.startsWith(dir)) { res.writeHead(400); return res.end(); }
      const type = TYPES[path.extname(file)] || 'application/octet-stream';
      // A range, as hosts answer one, reading only its bytes (intkb's
      // record packs are read so).
      const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range || '');
      if (range && Number(range[1]) <= Number(range[2])) {
        return fs.open(file, 'r', (err, fd) => {
          if (err) { res.writeHead(404); return res.end(); }
          fs.fstat(fd, (err, st) => {
            const from = Number(range[1]), to = Math.min(Number(range[2]), st ? st.size - 1 : -1);
            if (err || from > to) { fs.close(fd, () => {}); res.writeHead(416); return res.end(); }
            fs.read(fd, Buffer.alloc(to - from + 1), 0, to - from + 1, from, (err, n, buf) => {
              fs.close(fd, () => {});
              if (err) { res.writeHead(500); return res.end(); }
              res.writeHead(206, { 'Content-Type': type, 'Content-Range': `bytes ${from}-${to}/${st.size}` });
              res.end(buf.subarray(0, n));
            });
          });
        });
      }
      fs.readFile(file, (err, data) => {
        if (err) { res.writeHead(404); return res.end(); }
        // Pagefind's fragments and index chunks, and intkb's index files
        // but meta.json, are compressed already.
        if (!process.env.BENCH_NO_GZIP && /gzip/.test(req.headers['accept-encoding'] || '') && !/\.(pf_\w+|pagefind|gz)$/.test(file)) {
          res.writeHead(200, { 'Content-Type': type, 'Content-Encoding': 'gzip' });
          return res.end(zlib.gzipSync(data, { level: 6 }));
        }
        res.writeHead(200, { 'Content-Type': type });
        res.end(data);
      });
    });
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// The window of each search: a laptop's, or with --phone a phone's.
let viewport = { width: 1280, height: 720 };
// With --type, the pause after each letter typed, in ms.
let typing = 0;

// measure loads url in a fresh context, then runs query(word) in the page
// and reports the bytes its requests took, the time it took and the
// results it showed (none when it timed out).
async function measure(browser, url, word, query, counts, slow, settled) {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  if (slow) {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 });
  }
  // Counted on the context, which sees a worker's requests too (Pagefind
  // searches in one).
  let bytes = 0, requests = 0, open = 0, quietSince = Date.now();
  const pending = [];
  ctx.on('request', (r) => {
    if (counts(r.url())) open++;
  });
  const closed = () => { open--; quietSince = Date.now(); };
  ctx.on('requestfailed', (r) => { if (counts(r.url())) closed(); });
  ctx.on('requestfinished', (r) => {
    if (!counts(r.url())) return;
    closed();
    requests++;
    pending.push(r.sizes().then((s) => { bytes += s.responseBodySize + s.responseHeadersSize; }));
  });
  await page.goto(url, { waitUntil: 'load' });
  const { ms, results } = typing ? await typeQuery(page, word) : await page.evaluate(query, word);
  // What the search goes on fetching once its results show.
  if (settled) await page.waitForFunction(settled, null, { timeout: 15000 }).catch(() => {});
  for (const start = Date.now(); (open > 0 || Date.now() - quietSince < 300) && Date.now() - start < 15000;) {
    await page.waitForTimeout(25);
  }
  await Promise.all(pending);
  await ctx.close();
  return { ms, bytes, requests, results };
}

// typeQuery types word into intkb's search page a letter at a time,
// pausing typing ms after each, and waits for the results of the whole
// word: ms runs from its last letter.
async function typeQuery(page, word) {
  await page.focus('#search-page-q');
  let last = 0;
  for (const ch of word) {
    await page.keyboard.type(ch);
    last = Date.now();
    await page.waitForTimeout(typing);
  }
  await page.waitForFunction((w) => new URL(location.href).searchParams.get('q') === w &&
    document.getElementById('search-static').getAttribute('aria-busy') === 'false', word.trim(), { timeout: 15000 });
  return { ms: Date.now() - last, results: Math.min(10, await page.locator('.search-result').count()) };
}

// The engines: the page a search starts from, the requests that are the
// engine's, and the query, run in the page.
const ENGINES = {
  // intkb: the search page, with search.js loaded as part of it.
  intkb: {
    page: '/search/',
    counts: (u) => u.includes('/search/index/') || u.includes('/js/search.js'),
    // The filters, where they show, are counted.
    settled: () => {
      const body = document.querySelector('.search-filters__body');
      return !body || body.getAttribute('aria-busy') !== 'true' || !body.checkVisibility();
    },
    query: async (word) => {
      const t0 = performance.now();
      const input = document.getElementById('search-page-q');
      input.focus();
      input.value = word;
      input.form.requestSubmit();
      const shown = () => document.querySelectorAll('.search-result').length;
      await new Promise((resolve) => {
        const check = () => (shown() || performance.now() - t0 > 15000 ? resolve() : setTimeout(check, 2));
        check();
      });
      return { ms: performance.now() - t0, results: Math.min(10, shown()) };
    },
  },
  // Pagefind: its script imported when the query comes, as its own UI does.
  pagefind: {
    page: PAGEFIND_PAGE,
    counts: (u) => u.includes('/pagefind/'),
    query: async (word) => {
      const t0 = performance.now();
      const pf = await import('/pagefind/pagefind.js');
      await pf.init();
      const s = await pf.search(word);
      const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
      return { ms: performance.now() - t0, results: data.length };
    },
  },
};

// cold runs word against engine on the site at base, after a search that
// warms the server's file cache (so the first word is not slower).
async function cold(browser, base, engine, word, slow) {
  const e = ENGINES[engine];
  await measure(browser, base + e.page, word, e.query, () => false, false, e.settled);
  return measure(browser, base + e.page, word, e.query, e.counts, slow, e.settled);
}

// withSite serves dir and starts Chromium for fn(browser, base).
async function withSite(dir, fn) {
  const srv = await serve(path.resolve(dir));
  const browser = await launch(CHROMIUM);
  try {
    return await fn(browser, 'http://127.0.0.1:' + srv.address().port);
  } finally {
    await browser.close();
    srv.close();
  }
}

// one is bench/run's measure: one engine, one word, unthrottled.
async function one(engine, dir, word) {
  const r = await withSite(dir, (browser, base) => cold(browser, base, engine, word, false));
  if (!r.results) {
    console.log(`not available: no ${engine} results for "${word}" within 15 s`);
    process.exitCode = 3;
    return;
  }
  console.log(`bytes=${r.bytes} requests=${r.requests} ms=${r.ms.toFixed(1)} results=${r.results}`);
}

// table compares the engines on one site, for each word, unthrottled and
// slow.
async function table(dir, words) {
  const rows = [];
  await withSite(dir, async (browser, base) => {
    for (const slow of [false, true]) {
      for (const word of words) {
        const a = await cold(browser, base, 'intkb', word, slow);
        const b = await cold(browser, base, 'pagefind', word, slow);
        for (const [engine, r] of [['intkb', a], ['pagefind', b]]) {
          if (!r.results) throw new Error(`no ${engine} results for "${word}" within 15 s`);
        }
        rows.push({ network: slow ? 'slow' : 'local', word, intkb: a, pagefind: b });
        console.log([slow ? 'slow ' : 'local', word.padEnd(12), 'intkb', (a.bytes / 1024).toFixed(1) + ' KB', a.requests + ' req', a.ms.toFixed(0) + ' ms',
          '| pagefind', (b.bytes / 1024).toFixed(1) + ' KB', b.requests + ' req', b.ms.toFixed(0) + ' ms'].join(' '));
      }
    }
  });
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(rows, null, 1));
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--phone')) {
    args.splice(args.indexOf('--phone'), 1);
    viewport = { width: 390, height: 844 };
  }
  if (args.includes('--type')) {
    const at = args.indexOf('--type');
    typing = Number(args[at + 1]);
    args.splice(at, 2);
    if (!(typing > 0) || args[1] !== 'intkb') {
      console.error('usage: node search-bench.mjs --engine intkb SITE_DIR WORDS [--phone] --type MS');
      process.exit(2);
    }
  }
  if (args[0] === '--engine') {
    const [, engine, dir, word] = args;
    if (!ENGINES[engine] || !dir || !word || args.length !== 4) {
      console.error('usage: node search-bench.mjs --engine intkb|pagefind SITE_DIR WORD [--phone] [--type MS]');
      process.exit(2);
    }
    return one(engine, dir, word);
  }
  if (!args.length || args[0].startsWith('-')) {
    console.error('usage: node search-bench.mjs [--phone] SITE_DIR [WORD...]\n       node search-bench.mjs --engine intkb|pagefind SITE_DIR WORD [--phone]');
    process.exit(2);
  }
  const words = args.length > 1 ? args.slice(1) : ['frailty', 'coordinator', 'pharmacy', 'discharge', 'loneliness', 'governance'];
  return table(args[0], words);
}

main().catch((e) => { console.error(e); process.exit(1); });
