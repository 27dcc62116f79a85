import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { FullConfig } from '@playwright/test';

import { buildSite, removeTempDir, tempDir } from './build-site.ts';
import { DIST } from './built-pages.ts';
import { FIXTURE_SITES, handOver, neededFixtureSites } from './fixture-sites.ts';
import { type Preview, startPreview } from '../../scripts/lib/preview.ts';

/**
 * Playwright's global setup, run once per `playwright test` before any worker
 * starts:
 *
 * - serves the built site (dist/, from `npm run build`) with Astro's preview
 *   server on a free port and puts its address in E2E_BASE_URL, which
 *   playwright.config.ts gives every test as `baseURL`, so specs call
 *   `page.goto('/…')`. Set E2E_BASE_URL yourself to test a server of your own;
 * - builds each fixture site the run needs once, one after the other, for the
 *   specs that read them (tests/support/fixture-sites.ts).
 *
 * Environment variables set here reach every worker. The function it returns
 * is the teardown: servers stopped, temporary builds removed.
 */
export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const servers: Preview[] = [];
  const folders: string[] = [];
  const teardown = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    folders.forEach(removeTempDir);
  };
  try {
    if (!process.env['E2E_BASE_URL']) {
      if (!existsSync(join(DIST, 'index.html'))) {
        throw new Error('dist/ holds no build: run `npm run build` first (`npm test` does)');
      }
      const site = await startPreview(DIST);
      servers.push(site);
      process.env['E2E_BASE_URL'] = site.origin;
    }
    // One after the other: two Astro builds of one project share its .astro/ folder and break each other.
    for (const name of neededFixtureSites(config.argv)) {
      const fixture = FIXTURE_SITES[name];
      const folder = tempDir(`fixture-${name}`);
      folders.push(folder);
      const dir = join(folder, 'dist');
      const build = await buildSite(dir, { env: { CONTENT_DIR: fixture.content, ...fixture.env } });
      const log = join(folder, 'build.log');
      writeFileSync(log, build.output);
      if (build.status !== 0) {
        handOver(name, { dir, log, failure: build.output });
      } else if (fixture.serve) {
        const server = await startPreview(dir, (fixture.env as Record<string, string>)['BASE_PATH']);
        servers.push(server);
        handOver(name, { dir, log, url: server.url });
      } else {
        handOver(name, { dir, log });
      }
    }
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
