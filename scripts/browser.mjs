// Which Chromium the end-to-end tests drive: Playwright's own build where it is
// installed, else the system's (Debian's `chromium` package). Shared by the
// Playwright config and `scripts/ensure-chromium.mjs`.
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
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
