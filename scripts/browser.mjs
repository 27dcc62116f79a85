// Which Chromium the end-to-end tests and the measuring scripts drive, and with
// which flags: Playwright's own build where it is installed, else the system's
// (Debian's `chromium` package). The one place for both: the Playwright config,
// `scripts/ensure-chromium.mjs`, the budget, audit and print-preview scripts.
import { existsSync } from 'node:fs';

import { chromium } from '@playwright/test';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Path to a Chromium binary, or undefined when there is none. */
export function findChromium() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright throws when its browser registry has no build for this platform.
  }
  return SYSTEM_CANDIDATES.find((path) => existsSync(path));
}

/** True when the path is Playwright's own download (it needs no extra flags). */
export function isPlaywrightBuild(path) {
  try {
    return path === chromium.executablePath();
  } catch {
    return false;
  }
}

/**
 * Flags for a system Chromium in a container: no sandbox as root, and no
 * background calls home (this network refuses them, noisily).
 */
export const SYSTEM_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * `launchOptions` for Playwright's `chromium.launch()`: nothing for its own
 * build, the path and flags above for a system one.
 */
export function playwrightLaunchOptions(executablePath = findChromium()) {
  return executablePath && !isPlaywrightBuild(executablePath) ? { executablePath, args: SYSTEM_CHROMIUM_ARGS } : {};
}
