// engine.js runs the search page's script under node for the Go tests.
// It reads a JSON command on standard input and writes the answer:
//
//	{"stem": [words]}                 -> [stems]
//	{"analyze": [texts], "index": folder}
//	                                  -> [[[term, position], ...], ...], with the
//	                                     rules of the index's meta.json
//	{"parse": [queries], "index": folder}
//	                                  -> [parsed queries], with the field names of
//	                                     the index's meta.json
//	{"index": URL or folder, "requests": [...]}
//	                                  -> {"responses": [...], "fetched": [URLs]}, a
//	                                     record read by a range request as
//	                                     URL#bytes=first-last
//	{"index": folder, "requests": [...], "scripts": true}
//	                                  -> the same, each file read from its script
//	                                     (X.js beside X.json), run as a page
//	                                     runs it, as an offline copy is read
//	{"index": folder, "requests": [...], "marks": true}
//	                                  -> also "marks": for each response, for each
//	                                     hit, the byte spans marked in its page's
//	                                     summary, then each section's heading and text
//	{"index": ..., "requests": [...], "ownInflate": true}
//	                                  -> the same, each file decompressed by the
//	                                     script's own inflate, as in a browser
//	                                     without DecompressionStream
//	{"index": ..., "requests": [...], "carried": file}
//	                                  -> the same, the search starting from the
//	                                     meta.json in file, as from the one the
//	                                     search page carries
//	{"withinOneEdit": [[a, b], ...]}  -> [whether a and b are one edit apart, as
//	                                     the script's highlighter tells]
//	{"tokenizeBoth": [texts]}         -> [the texts that tokenize, with its regular
//	                                     expression for simple text, splits
//	                                     otherwise than tokenizeRules]
//	{"gunzip": [base64]}              -> [base64 of what the script's own gunzip (inflate.js)
//	                                     gives, or {"error": message}]
//
// An index given as a folder is read from disk; one given as a URL is
// fetched over HTTP, and every URL fetched is reported. Either way each
// file's bytes go to the script's readIndexFile, as the page's do.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const zlib = require('zlib');
const engine = require(process.argv[2]);
// The own inflate, which the script loads from beside itself.
const inflate = require(path.join(path.dirname(process.argv[2]), 'inflate.js'));

async function main() {
  const cmd = JSON.parse(fs.readFileSync(0, 'utf8'));
  if (cmd.stem) return cmd.stem.map(engine.stem);
  if (cmd.analyze) {
    const rules = engine.rules(JSON.parse(fs.readFileSync(path.join(cmd.index, 'meta.json'), 'utf8')));
    return cmd.analyze.map((t) => engine.analyze(t, rules).map((x) => [x.term, x.position]));
  }
  if (cmd.withinOneEdit) return cmd.withinOneEdit.map((p) => engine.withinOneEdit(p[0], p[1]));
  if (cmd.tokenizeBoth) {
    return cmd.tokenizeBoth.filter((t) => JSON.stringify(engine.tokenize(t)) !== JSON.stringify(engine.tokenizeRules(t)));
  }
  if (cmd.gunzip) {
    return cmd.gunzip.map((b64) => {
      try {
        return Buffer.from(inflate.gunzip(new Uint8Array(Buffer.from(b64, 'base64')))).toString('base64');
      } catch (e) {
        return { error: e.message };
      }
    });
  }
  if (cmd.parse) {
    const rules = engine.rules(JSON.parse(fs.readFileSync(path.join(cmd.index, 'meta.json'), 'utf8')));
    return cmd.parse.map((q) => engine.parseQuery(q, rules));
  }
  const fetched = [];
  const decompress = cmd.ownInflate ? undefined : DecompressionStream;
  const read = (bytes) => engine.readIndexFile(bytes, decompress);
  // relOf is the index's file a URL names, relative to the index; onDisk,
  // that file, for an index read from disk.
  const relOf = (url) => url.replace(/^\//, '').replace(/\?.*$/, '');
  const onDisk = (url) => path.join(cmd.index, relOf(url));
  let io;
  if (/^https?:/.test(cmd.index)) {
    // As the page reads it (the script's webIO); a range request is
    // reported as URL#bytes=from-to.
    io = engine.webIO((url, init) => {
      const range = init && init.headers && init.headers.Range;
      fetched.push(range ? url + '#' + range : url);
      return fetch(url, init);
    }, decompress);
  } else if (cmd.scripts) {
    // As a page runs a script element: in a context whose window is the
    // global object, reading what the script handed over under its file.
    const window = {};
    const context = vm.createContext({ window });
    io = {
      json: async (url) => {
        fetched.push(url);
        const rel = relOf(url).replace(/\.gz$/, '');
        vm.runInContext(fs.readFileSync(path.join(cmd.index, rel.replace(/\.json$/, '.js')), 'utf8'), context);
        if (!window.intkbIndex || !(rel in window.intkbIndex)) throw new Error(rel + ': its script handed nothing over');
        const data = window.intkbIndex[rel];
        delete window.intkbIndex[rel];
        return data;
      },
    };
  } else {
    io = {
      json: async (url) => {
        fetched.push(url);
        return read(new Uint8Array(fs.readFileSync(onDisk(url))));
      },
      // A record, read from its record pack as a range request reads it.
      range: async (url, from, to) => {
        fetched.push(url + '#bytes=' + from + '-' + (to - 1));
        return { at: from, bytes: new Uint8Array(fs.readFileSync(onDisk(url)).subarray(from, to)) };
      },
      read,
    };
  }
  const base = /^https?:/.test(cmd.index) ? cmd.index : '/';
  const carried = cmd.carried ? JSON.parse(fs.readFileSync(cmd.carried, 'utf8')) : null;
  const e = engine.createEngine(base, io, carried);
  const responses = [];
  const marks = [];
  const docs = new Map();
  if (cmd.marks) {
    // Every record: each page's file, or each gzip member of each record
    // pack, which zlib reads one after another.
    for (const f of fs.readdirSync(path.join(cmd.index, 'd'))) {
      if (f.startsWith('sizes.')) continue;
      const data = zlib.gunzipSync(fs.readFileSync(path.join(cmd.index, 'd', f))).toString();
      for (const rec of f.endsWith('.bin') ? data.replace(/\}\{"u":/g, '}\n{"u":').split('\n') : [data]) {
        const d = JSON.parse(rec);
        docs.set(d.u, d);
      }
    }
  }
  for (const r of cmd.requests) {
    const res = await e.search(r);
    responses.push(res);
    if (!cmd.marks) continue;
    marks.push(res.hits.map((h) => {
      const d = docs.get(h.url.replace(/#.*$/, ''));
      const spans = [engine.marks(res, 'summary', d.s)];
      for (const p of d.p) spans.push(engine.marks(res, 'headings', p[1]), engine.marks(res, 'body', p[2]));
      return spans;
    }));
  }
  return cmd.marks ? { responses, fetched, marks } : { responses, fetched };
}

main().then(
  (out) => process.stdout.write(JSON.stringify(out)),
  (err) => { process.stderr.write(String(err && err.stack || err) + '\n'); process.exit(1); },
);
