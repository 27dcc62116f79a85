import { defineConfig, devices } from '@playwright/test';

import { findChromium, isPlaywrightBuild, SYSTEM_CHROMIUM_ARGS } from './scripts/browser.mjs';

/** The tests run against the built `dist/`, served as a static host would: never the dev server. */
const PORT = Number(process.env['E2E_PORT'] ?? 4390);
const executablePath = findChromium();
const systemBrowser = executablePath !== undefined && !isPlaywrightBuild(executablePath);

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: systemBrowser ? { executablePath, args: SYSTEM_CHROMIUM_ARGS } : {},
  },
  webServer: {
    command: `astro preview --host 127.0.0.1 --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}${process.env['BASE_PATH'] ?? '/'}`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
