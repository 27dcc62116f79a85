import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { preview } from 'astro';

/** A fixture site built into a temporary folder of its own and served by `astro preview`. */
export interface FixtureSite {
  /** `http://127.0.0.1:<port>`: join it with a path that carries the base. */
  origin: string;
  /** The built site. */
  dist: string;
  stop: () => Promise<void>;
}

/**
 * Builds the site from a fixture content folder (scripts/build-isolated.mjs,
 * CONTENT_DIR) into a fresh temporary folder, so test-only articles never reach
 * dist/, and serves it on a port the system picks (port 0), so specs running
 * side by side never collide. Call `stop()` in `afterAll`: it also removes the
 * build.
 *
 * The folder is under the project's `node_modules/.cache/`, not the system's
 * temporary folder: Astro renders pages in a `.prerender/` folder inside an
 * outDir under the working directory, but in the project's shared `.astro/`
 * for an outDir elsewhere, where two builds at once would delete each other's
 * chunks. Under node_modules, git, ESLint and Prettier never see it.
 */
export async function serveFixture(contentDir: string, name: string): Promise<FixtureSite> {
  const parent = join(process.cwd(), 'node_modules', '.cache', 'news-reader-fixtures');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `${name}-`));
  const dist = join(dir, 'dist');
  execFileSync(process.execPath, ['scripts/build-isolated.mjs', contentDir, dist], { stdio: 'pipe' });
  const server = await preview({
    root: process.cwd(),
    outDir: dist,
    server: { host: '127.0.0.1', port: 0 },
    logLevel: 'error',
  });
  return {
    origin: `http://127.0.0.1:${server.port}`,
    dist,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
