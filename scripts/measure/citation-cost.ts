/**
 * `npm run citations:cost`: what "Cite this article" adds to a cold build
 * (issue 12: at most 10% at 4,000 articles). Generates N synthetic articles
 * and, in one run, builds them cold (Astro's caches emptied) alternately
 *
 *   formatted   every citation formatted by the CSL engine (CITATION_CACHE=off)
 *   from cache  the same build with the citations already formatted (the
 *               citation cache kept from a build before): the build's cost
 *               without the CSL engine
 *
 * `--rounds` times, and prints each build and the ratio of the medians. The
 * machine may be shared: the two kinds alternate so load hits both alike.
 *
 *   npm run citations:cost                        N = 4,000, 2 rounds
 *   npm run citations:cost -- --count 1000 --rounds 3
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { writeCorpus } from './corpus.ts';
import { astroBuild, BUILDS_DIR, type BuildFigures } from './lib/astro-build.ts';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '4000' }, rounds: { type: 'string', default: '2' } },
});
const count = Number(values.count);
const rounds = Number(values.rounds);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(rounds) || rounds < 1) {
  console.error(`--count and --rounds must be whole numbers above 0, got "${values.count}" and "${values.rounds}"`);
  process.exit(2);
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

mkdirSync(BUILDS_DIR, { recursive: true });
const work = mkdtempSync(join(BUILDS_DIR, 'citation-cost-'));
try {
  const corpus = join(work, 'corpus');
  writeCorpus(corpus, { count });
  const paths = { contentDir: corpus, outDir: join(work, 'dist'), cacheDir: join(work, 'cache') };
  const runs: Record<'formatted' | 'cached', BuildFigures[]> = { formatted: [], cached: [] };
  const run = (kind: 'formatted' | 'cached') => {
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const figures =
      kind === 'formatted'
        ? // Kept too (the build ignores it), so the next "from cache" build still finds it.
          astroBuild({ ...paths, cold: true, keep: ['citations'], env: { CITATION_CACHE: 'off' } })
        : astroBuild({ ...paths, cold: true, keep: ['citations'] });
    runs[kind].push(figures);
    console.log(
      `${kind === 'formatted' ? 'citations formatted ' : 'citations from cache'}: ${figures.wallSeconds.toFixed(1)} s wall, ` +
        `${figures.cpuSeconds?.toFixed(1) ?? '–'} s CPU, ${Math.round(figures.peakRssBytes / 1024 ** 2)} MB (load before ${load})`,
    );
  };
  console.log(`${count} synthetic articles, ${rounds} round(s) of two cold builds each`);
  // Fills the citation cache the "from cache" builds keep.
  astroBuild({ ...paths, cold: true });
  for (let i = 0; i < rounds; i += 1) {
    run('cached');
    run('formatted');
  }
  const ratio = (pick: (f: BuildFigures) => number) => median(runs.formatted.map(pick)) / median(runs.cached.map(pick));
  const wall = ratio((f) => f.wallSeconds);
  const cpu = ratio((f) => f.cpuSeconds ?? Number.NaN);
  console.log(
    `\nCitations add ${((wall - 1) * 100).toFixed(1)}% to the cold build's wall time ` +
      `(target ≤ 10%: ${wall <= 1.1 ? 'met' : 'MISSED'}) and ${((cpu - 1) * 100).toFixed(1)}% to its CPU time (medians of ${rounds}).`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
