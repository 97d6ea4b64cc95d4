// search-bench.mjs measures cold single-word searches on a built site in headless
// Chromium, for intkb's static index and for Pagefind's, over a local
// server that compresses with gzip as ordinary hosting does:
//
//	go run ./bench/gen -n 10000 -out /tmp/c10k
//	go run ./cmd/intkb build --source /tmp/c10k --dest /tmp/c10k-out
//	npx pagefind@1.6.0 --site /tmp/c10k-out
//	(cd checks && npm ci --ignore-scripts)
//	node checks/search-bench.mjs /tmp/c10k-out [words...]
//
// Each search starts in a fresh browser context (empty cache) on a page
// that has loaded its HTML and stylesheet. Bytes are what crossed the
// network, compressed, with response headers, for the engine's script and index and the data of
// the ten results shown; time runs from issuing the query to ten results
// with their excerpts. Runs unthrottled, then as a slow connection
// (150 ms round trip, 1.6 Mbit/s down).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launch } from './chromium.mjs';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };

function serve(dir) {
  return new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (p.endsWith('/')) p += 'index.html';
      const file = path.join(dir, path.normalize(p));
      if (!file.startsWith(dir)) { res.writeHead(400); return res.end(); }
      fs.readFile(file, (err, data) => {
        if (err) { res.writeHead(404); return res.end(); }
        const type = TYPES[path.extname(file)] || 'application/octet-stream';
        // Pagefind's fragments and index chunks are compressed already.
        if (/gzip/.test(req.headers['accept-encoding'] || '') && !/\.(pf_\w+|pagefind)$/.test(file)) {
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

// measure loads url in a fresh context, then runs query(word) in the page
// and reports the bytes its requests took and the time it took.
async function measure(browser, url, word, query, counts, slow) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  if (slow) {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 });
  }
  // Counted on the context, which sees a worker's requests too (Pagefind
  // searches in one).
  let bytes = 0, requests = 0;
  const pending = [];
  ctx.on('requestfinished', (r) => {
    if (!counts(r.url())) return;
    requests++;
    pending.push(r.sizes().then((s) => { bytes += s.responseBodySize + s.responseHeadersSize; }));
  });
  await page.goto(url, { waitUntil: 'load' });
  const ms = await page.evaluate(query, word);
  await page.waitForTimeout(100);
  await Promise.all(pending);
  await ctx.close();
  return { ms, bytes, requests };
}

// intkb: the search page, with search.js loaded as part of it.
async function intkbQuery(word) {
  const t0 = performance.now();
  const input = document.getElementById('search-page-q');
  input.focus();
  input.value = word;
  input.form.requestSubmit();
  await new Promise((resolve) => {
    const check = () => (document.querySelectorAll('.search-result').length ? resolve() : setTimeout(check, 2));
    check();
  });
  return performance.now() - t0;
}

// Pagefind: its script imported when the query comes, as its own UI does.
async function pagefindQuery(word) {
  const t0 = performance.now();
  const pf = await import('/pagefind/pagefind.js');
  await pf.init();
  const s = await pf.search(word);
  await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
  return performance.now() - t0;
}

async function main() {
  const dir = path.resolve(process.argv[2]);
  const words = process.argv.length > 3 ? process.argv.slice(3) : ['frailty', 'coordinator', 'pharmacy', 'discharge', 'loneliness', 'governance'];
  fs.writeFileSync(path.join(dir, 'pagefind-bench.html'), '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Pagefind</title></head><body></body></html>');
  const srv = await serve(dir);
  const base = 'http://127.0.0.1:' + srv.address().port;
  const browser = await launch(CHROMIUM);
  const rows = [];
  try {
    for (const slow of [false, true]) {
      for (const word of words) {
        // Warm the server's file cache, so the first word is not slower.
        await measure(browser, base + '/search/', word, intkbQuery, () => false, false);
        const a = await measure(browser, base + '/search/', word, intkbQuery,
          (u) => u.includes('/search/index/') || u.includes('/js/search.js'), slow);
        await measure(browser, base + '/pagefind-bench.html', word, pagefindQuery, () => false, false);
        const b = await measure(browser, base + '/pagefind-bench.html', word, pagefindQuery, (u) => u.includes('/pagefind/'), slow);
        rows.push({ network: slow ? 'slow' : 'local', word, intkb: a, pagefind: b });
        console.log([slow ? 'slow ' : 'local', word.padEnd(12), 'intkb', (a.bytes / 1024).toFixed(1) + ' KB', a.requests + ' req', a.ms.toFixed(0) + ' ms',
          '| pagefind', (b.bytes / 1024).toFixed(1) + ' KB', b.requests + ' req', b.ms.toFixed(0) + ' ms'].join(' '));
      }
    }
  } finally {
    await browser.close();
    srv.close();
    fs.unlinkSync(path.join(dir, 'pagefind-bench.html'));
  }
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(rows, null, 1));
}

main().catch((e) => { console.error(e); process.exit(1); });
