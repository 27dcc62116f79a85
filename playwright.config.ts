import { defineConfig, devices } from '@playwright/test';

import { playwrightLaunchOptions } from './scripts/browser.mjs';

/**
 * The tests run against the built `dist/`, served as a static host would:
 * never the dev server. The global setup serves it with Astro's preview
 * server on a free port and builds the fixture sites once; E2E_BASE_URL,
 * which it sets, reaches every worker, and workers read this file after it.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/support/global-setup.ts',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: 'list',
  use: {
    baseURL: process.env['E2E_BASE_URL'],
    trace: 'retain-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: playwrightLaunchOptions(),
  },
});
