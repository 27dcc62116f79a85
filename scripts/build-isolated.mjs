// Builds the site from another content tree into another directory, with its
// own content cache, so test-only articles (the long print fixture) never
// reach dist/ or the cache of the real build.
//
//   node scripts/build-isolated.mjs <content-dir> <out-dir>
//
// <content-dir> holds an `articles/` folder like ./content does. The cache goes
// next to <out-dir> (`<out-dir>-cache`).
import { resolve } from 'node:path';

import { build } from 'astro';

const [contentDir, outDir] = process.argv.slice(2);
if (!contentDir || !outDir) {
  console.error('Usage: node scripts/build-isolated.mjs <content-dir> <out-dir>');
  process.exit(2);
}

// Read by src/content.config.ts.
process.env.CONTENT_DIR = resolve(contentDir);
await build({
  root: resolve(import.meta.dirname, '..'),
  outDir: resolve(outDir),
  cacheDir: `${resolve(outDir)}-cache`,
  logLevel: 'warn',
});
