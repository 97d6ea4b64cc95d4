// chromium.mjs launches Debian's Chromium, as it is (never a browser of
// Playwright's own), headless and quiet, for the checks' scripts: one
// set of flags for all of them; and report, which prints what a script
// saw as JSON for its Go test.
import { chromium } from 'playwright-core';

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

// launch starts the Chromium at executablePath.
export function launch(executablePath) {
  return chromium.launch({ executablePath, args: chromiumArgs });
}

// report runs main, a script's work, and prints what it resolves to as
// JSON for the Go test that judges it; an error is printed to standard
// error and the script exits 1.
export function report(main) {
  main().then(
    (out) => process.stdout.write(JSON.stringify(out)),
    (err) => { process.stderr.write(String(err && err.stack || err) + '\n'); process.exit(1); },
  );
}
