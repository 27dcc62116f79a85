// Makes sure a Chromium is available before the browser tests run.
// Order: one already present (Playwright's or the system's); else Playwright's
// download; else, as root on Debian/Ubuntu, `apt-get install chromium`;
// else stop with the exact command to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { findChromium } from './browser.mjs';

function tryRun(command, args) {
  try {
    execFileSync(command, args, { stdio: 'inherit', timeout: 10 * 60 * 1000 });
    return true;
  } catch {
    return false;
  }
}

let found = findChromium();
if (!found) {
  console.log('No Chromium found: trying Playwright’s download (npx playwright install chromium)…');
  tryRun('npx', ['playwright', 'install', 'chromium']);
  found = findChromium();
}
if (!found && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log('Playwright’s download failed: installing Debian’s chromium package with apt-get…');
  tryRun('apt-get', ['update', '-qq']);
  tryRun('apt-get', ['install', '-y', '-qq', 'chromium']);
  found = findChromium();
}
if (!found) {
  console.error(
    [
      'The browser tests need Chromium and none could be found or installed.',
      'Install one, then run the tests again:',
      '  Debian/Ubuntu:  sudo apt-get install -y chromium',
      '  elsewhere:      npx playwright install chromium',
      'or point CHROMIUM_PATH at an existing Chrome/Chromium binary.',
    ].join('\n'),
  );
  process.exit(1);
}
console.log(`Chromium for the browser tests: ${found}`);
