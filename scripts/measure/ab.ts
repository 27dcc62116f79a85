/**
 * `npm run bench:ab -- --compare <what>`: what one part of the build costs,
 * as the ratio of two kinds of cold build (Astro's caches emptied) of the same
 * N synthetic articles, run alternately `--rounds` times in one go so that the
 * load of a shared machine hits both alike; prints each build and the ratio of
 * the medians.
 *
 *   --compare citations         citations formatted by the CSL engine
 *                               (CITATION_CACHE=off) against the same build
 *                               with them already in the citation cache: what
 *                               "Cite this article" adds (issue 12: ≤ 10%)
 *   --compare markdown-threads  Markdown rendered in this thread
 *                               (MARKDOWN_THREADS=0) against worker threads:
 *                               what the Markdown workers save
 *
 *   npm run bench:ab -- --compare citations                  N = 4,000, 2 rounds
 *   npm run bench:ab -- --compare markdown-threads --count 10000 --rounds 1
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { writeCorpus } from './corpus.ts';
import { astroBuild, type AstroBuildOptions, BUILDS_DIR, type BuildFigures } from './lib/astro-build.ts';

interface Comparison {
  /** The build without the part measured (or with it done the old way). */
  base: { label: string; options: Partial<AstroBuildOptions> };
  /** The build with it. */
  with: { label: string; options: Partial<AstroBuildOptions> };
  /** A build to run first, unmeasured (to fill a cache the base build keeps). */
  prime?: Partial<AstroBuildOptions>;
  /** What the ratio says: "X adds N% to" or "saves". */
  verdict: (wallRatio: number, cpuRatio: number) => string;
}

const percent = (ratio: number) => `${((ratio - 1) * 100).toFixed(1)}%`;

const COMPARISONS: Record<string, Comparison> = {
  citations: {
    base: { label: 'citations from cache', options: { keep: ['citations'] } },
    // Keeps the cache folder too (the build ignores it), so the next base build still finds it.
    with: { label: 'citations formatted ', options: { keep: ['citations'], env: { CITATION_CACHE: 'off' } } },
    prime: {},
    verdict: (wall, cpu) =>
      `Citations add ${percent(wall)} to the cold build's wall time (target ≤ 10%: ${wall <= 1.1 ? 'met' : 'MISSED'}) and ${percent(cpu)} to its CPU time.`,
  },
  'markdown-threads': {
    base: { label: 'Markdown in one thread  ', options: { env: { MARKDOWN_THREADS: '0' } } },
    with: { label: 'Markdown in worker threads', options: {} },
    verdict: (wall, cpu) =>
      `Rendering Markdown in worker threads takes the cold build's wall time to ${(wall * 100).toFixed(0)}% and its CPU time to ${(cpu * 100).toFixed(0)}%.`,
  },
};

const { values } = parseArgs({
  options: {
    compare: { type: 'string', default: 'citations' },
    count: { type: 'string', default: '4000' },
    rounds: { type: 'string', default: '2' },
  },
});
const comparison = COMPARISONS[values.compare];
const count = Number(values.count);
const rounds = Number(values.rounds);
if (!comparison) {
  console.error(`--compare takes ${Object.keys(COMPARISONS).join(' or ')}, got "${values.compare}"`);
  process.exit(2);
}
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
const work = mkdtempSync(join(BUILDS_DIR, 'ab-'));
try {
  const corpus = join(work, 'corpus');
  writeCorpus(corpus, { count });
  const paths = { contentDir: corpus, outDir: join(work, 'dist'), cacheDir: join(work, 'cache') };
  const runs = { base: [] as BuildFigures[], with: [] as BuildFigures[] };
  const run = (kind: 'base' | 'with') => {
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const figures = astroBuild({ ...paths, cold: true, ...comparison[kind].options });
    runs[kind].push(figures);
    console.log(
      `${comparison[kind].label}: ${figures.wallSeconds.toFixed(1)} s wall, ${figures.cpuSeconds?.toFixed(1) ?? '–'} s CPU, ` +
        `${Math.round(figures.peakRssBytes / 1024 ** 2)} MB (load before ${load})`,
    );
  };
  console.log(`${count} synthetic articles, ${rounds} round(s) of two cold builds each (--compare ${values.compare})`);
  if (comparison.prime) astroBuild({ ...paths, cold: true, ...comparison.prime });
  for (let i = 0; i < rounds; i += 1) {
    run('base');
    run('with');
  }
  const ratio = (pick: (f: BuildFigures) => number) => median(runs.with.map(pick)) / median(runs.base.map(pick));
  console.log(
    `\n${comparison.verdict(
      ratio((f) => f.wallSeconds),
      ratio((f) => f.cpuSeconds ?? Number.NaN),
    )} (medians of ${rounds})`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
