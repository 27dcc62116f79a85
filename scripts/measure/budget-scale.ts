/**
 * `npm run budget:scale`: the page budget on a synthetic build of 4,000
 * articles (or `-- --count N`). Generates the corpus, builds it with the real
 * build (`astro build`) into a temporary folder under `.test-builds/` with its own cache, then checks
 * every page's HTML and loads the heaviest page of each kind in Chromium.
 * Exits 1 when a page is over budget.
 *
 * It takes minutes, not seconds (the build of 4,000 articles is most of
 * it), so it is a script of its own rather than part of `npm test`; CI runs it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { runBudget } from './budget.ts';
import { writeCorpus } from './corpus.ts';
import { astroBuild, BUILDS_DIR, PROJECT_ROOT } from './lib/astro-build.ts';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '4000' }, out: { type: 'string' } },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) {
  console.error(`--count must be a whole number above 0, got "${values.count}"`);
  process.exit(2);
}

mkdirSync(BUILDS_DIR, { recursive: true });
const work = mkdtempSync(join(BUILDS_DIR, 'budget-scale-'));
try {
  const corpus = join(work, 'corpus');
  const dist = join(work, 'dist');
  writeCorpus(corpus, { count });
  console.log(`Building ${count} synthetic articles into ${dist}…`);
  const build = astroBuild({ contentDir: corpus, outDir: dist, cacheDir: join(work, 'cache'), cold: true });
  console.log(`Built ${build.pages} pages in ${build.wallSeconds.toFixed(1)} s.\n`);
  const { problems } = await runBudget({
    dist,
    root: PROJECT_ROOT,
    browser: true,
    out: values.out,
    repeatVisit: 'report',
  });
  process.exitCode = problems.length === 0 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
