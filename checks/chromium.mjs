// chromium.mjs launches Debian's Chromium, as it is (never a browser of
// Playwright's own), headless and quiet, for the checks' scripts: one
// set of flags for all of them.
import { chromium } from 'playwright-core';

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

// launch starts the Chromium at executablePath.
export function launch(executablePath) {
  return chromium.launch({ executablePath, args: chromiumArgs });
}
