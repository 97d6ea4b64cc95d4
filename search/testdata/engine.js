// engine.js runs the search page's script under node for the Go tests.
// It reads a JSON command on standard input and writes the answer:
//
//	{"stem": [words]}                 -> [stems]
//	{"analyze": [texts]}              -> [[[term, position], ...], ...]
//	{"parse": [queries]}              -> [parsed queries]
//	{"index": URL or folder, "requests": [...]}
//	                                  -> {"responses": [...], "fetched": [URLs]}
//
// An index given as a folder is read from disk; one given as a URL is
// fetched over HTTP, and every URL fetched is reported.
'use strict';
const fs = require('fs');
const path = require('path');
const engine = require(process.argv[2]);

async function main() {
  const cmd = JSON.parse(fs.readFileSync(0, 'utf8'));
  if (cmd.stem) return cmd.stem.map(engine.stem);
  if (cmd.analyze) return cmd.analyze.map((t) => engine.analyze(t).map((x) => [x.term, x.position]));
  if (cmd.parse) return cmd.parse.map(engine.parseQuery);
  const fetched = [];
  let getJSON;
  if (/^https?:/.test(cmd.index)) {
    getJSON = async (url) => {
      fetched.push(url);
      const res = await fetch(url);
      if (!res.ok) throw new Error(url + ': ' + res.status);
      return res.json();
    };
  } else {
    getJSON = async (url) => {
      fetched.push(url);
      const file = path.join(cmd.index, url.replace(/^\//, '').replace(/\?.*$/, ''));
      return JSON.parse(fs.readFileSync(file, 'utf8'));
    };
  }
  const base = /^https?:/.test(cmd.index) ? cmd.index : '/';
  const e = engine.createEngine(base, getJSON);
  const responses = [];
  for (const r of cmd.requests) responses.push(await e.search(r));
  return { responses, fetched };
}

main().then(
  (out) => process.stdout.write(JSON.stringify(out)),
  (err) => { process.stderr.write(String(err && err.stack || err) + '\n'); process.exit(1); },
);
