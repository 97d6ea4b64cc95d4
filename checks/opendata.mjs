// opendata.mjs checks a built site's open data with tools that are not
// intkb's own, as a data team would: the JSON files against the JSON
// Schema the site publishes, with Ajv (draft 2020-12, formats asserted);
// the DCAT catalogue and the /data/ page's schema.org JSON-LD expanded by
// jsonld.js, fetching nothing (there is no network in CI): the
// catalogue's context is in the file, and schema.org's is given here, as
// a stand-in that maps its terms to schema.org's namespace; and the CSVW
// metadata's columns against the CSV's header. For TestOpenData in
// opendata_test.go and step 6 of TestJourney:
//
//	node opendata.mjs < PLAN.json
//
// PLAN.json: {"site": the built site's folder}. It prints what it found
// as JSON; the Go test judges it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import jsonld from 'jsonld';
import { report } from './chromium.mjs';

const plan = JSON.parse(readFileSync(0, 'utf8'));
const read = (rel) => readFileSync(join(plan.site, rel), 'utf8');

// schemaOrg is the context the /data/ page names, served locally.
const schemaOrg = { '@context': { '@vocab': 'https://schema.org/' } };

// documentLoader serves schema.org's context and refuses every other
// fetch, so that a context the output needs from the network fails.
async function documentLoader(url) {
  if (url === 'https://schema.org' || url === 'https://schema.org/') {
    return { contextUrl: null, documentUrl: url, document: schemaOrg };
  }
  throw new Error('the JSON-LD needs ' + url + ' from the network');
}

// checkSchema validates every JSON file of the open data against the
// published schema, and a broken copy of blueprints.json, which must fail.
function checkSchema(out) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(read('data/blueprints.schema.json')));
  const files = ['data/blueprints.json', ...readdirSync(join(plan.site, 'data/blueprints')).map((f) => 'data/blueprints/' + f)];
  out.validated = files.length;
  out.schemaErrors = [];
  for (const f of files) {
    const doc = JSON.parse(read(f));
    if (!validate(doc)) out.schemaErrors.push(f + ': ' + ajv.errorsText(validate.errors));
  }
  const broken = JSON.parse(read('data/blueprints.json'));
  out.records = broken.blueprints.length;
  broken.blueprints[0].function.integration_level = 'merged';
  broken.blueprints[0].updated = 'last Tuesday';
  out.brokenErrors = validate(broken) ? [] : validate.errors.map((e) => e.instancePath + ' ' + e.message);
}

// checkLinkedData expands the catalogue and the page's Dataset.
async function checkLinkedData(out) {
  const catalog = await jsonld.expand(JSON.parse(read('data/catalog.jsonld')), { documentLoader });
  const types = (node) => node['@type'] || [];
  out.catalogTypes = catalog.flatMap(types);
  const DCAT = 'http://www.w3.org/ns/dcat#', DCT = 'http://purl.org/dc/terms/';
  const dataset = (catalog[0][DCAT + 'dataset'] || [])[0] || {};
  out.datasetTypes = types(dataset);
  out.modified = (dataset[DCT + 'modified'] || []).map((v) => v['@value'] + ' ' + v['@type']);
  out.downloads = (dataset[DCAT + 'distribution'] || []).flatMap((d) => (d[DCAT + 'downloadURL'] || []).map((u) => u['@id']));

  const page = read('data/index.html');
  const m = page.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/);
  out.pageTypes = [];
  if (!m) return;
  const ld = await jsonld.expand(JSON.parse(m[1]), { documentLoader });
  out.pageTypes = ld.flatMap(types);
  out.pageDownloads = (ld[0]['https://schema.org/distribution'] || []).flatMap((d) => (d['https://schema.org/contentUrl'] || []).map((u) => u['@value'] || u['@id']));
}

// checkCSVW compares the CSVW metadata's columns with the CSV's header.
function checkCSVW(out) {
  const md = JSON.parse(read('data/blueprints.csv-metadata.json'));
  out.csvwContext = md['@context'];
  out.csvwColumns = md.tableSchema.columns.map((c) => c.name);
  out.csvHeader = read('data/blueprints.csv').split('\r\n')[0].split(',');
}

async function main() {
  const out = {};
  checkSchema(out);
  await checkLinkedData(out);
  checkCSVW(out);
  return out;
}

report(main);
