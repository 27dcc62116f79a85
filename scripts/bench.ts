/**
 * `npm run bench`: how the build scales. For each N it generates N synthetic
 * articles (scripts/corpus.ts), builds them from a throw-away copy of the
 * project with the real configuration, then with Astro's default Markdown
 * processor instead of the sanitizing unified() pipeline, then (where `hugo`
 * is installed) with Hugo on a minimal layout, and prints wall time, time per
 * article, CPU time and peak RSS, and the ratios.
 *
 *   npm run bench                       N = 1, 1,000 and 4,000
 *   npm run bench -- --10k              and 10,000
 *   npm run bench -- --sizes 1,500      other sizes
 *   npm run bench -- --out bench.md     also write the report to a file
 *   npm run bench -- --only astro       skip the default-processor and Hugo builds
 *
 * Every build is cold (caches emptied). Wall time suffers when other work
 * shares the machine, so the load average is printed before each build; CPU
 * time suffers less.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { writeCorpus } from './corpus.ts';
import { hugoBuild, hugoVersion } from './lib/hugo.ts';
import {
  astroBuild,
  type BuildFigures,
  PROJECT_ROOT,
  removeScratch,
  scratchProject,
  writeDefaultProcessorConfig,
} from './lib/scratch-build.ts';

/** Targets on the 2-core reference machine (issue 6). */
export const TARGETS = { n: 4000, wallSeconds: 20, peakRssBytes: 1.5 * 1024 ** 3, sanitizedOverDefault: 1.3 };

interface Row {
  n: number;
  load: string;
  astro: BuildFigures;
  defaultProcessor?: BuildFigures | undefined;
  hugo?: BuildFigures | undefined;
}

const seconds = (s: number | undefined) => (s === undefined ? '–' : s.toFixed(1));
const mb = (bytes: number | undefined) => (bytes === undefined ? '–' : String(Math.round(bytes / 1024 ** 2)));
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export function benchTable(rows: readonly Row[]): string {
  const header = [
    'N',
    'pages',
    'wall s',
    'ms / article',
    'CPU s',
    'peak RSS MB',
    'default processor: wall s',
    'CPU s',
    'RSS MB',
    'sanitized ÷ default (wall, CPU)',
    'Hugo: wall s',
    'CPU s',
    'RSS MB',
    'Astro ÷ Hugo (wall)',
    'load avg before',
  ];
  const lines = [header, header.map((_, i) => (i === 14 ? '---' : '---:'))];
  for (const { n, astro, defaultProcessor: plain, hugo, load: before } of rows) {
    lines.push([
      n.toLocaleString('en-US'),
      String(astro.pages),
      seconds(astro.wallSeconds),
      ((astro.wallSeconds * 1000) / n).toFixed(1),
      seconds(astro.cpuSeconds),
      mb(astro.peakRssBytes),
      seconds(plain?.wallSeconds),
      seconds(plain?.cpuSeconds),
      mb(plain?.peakRssBytes),
      `${ratio(astro.wallSeconds, plain?.wallSeconds)}, ${ratio(astro.cpuSeconds, plain?.cpuSeconds)}`,
      seconds(hugo?.wallSeconds),
      seconds(hugo?.cpuSeconds),
      mb(hugo?.peakRssBytes),
      ratio(astro.wallSeconds, hugo?.wallSeconds),
      before,
    ]);
  }
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Which targets the largest measured build met, in words. */
export function targetReport(rows: readonly Row[]): string[] {
  const lines: string[] = [];
  const target = rows.find((r) => r.n === TARGETS.n);
  if (target) {
    const { wallSeconds, peakRssBytes } = target.astro;
    lines.push(
      `${TARGETS.n} articles: ${seconds(wallSeconds)} s wall (target ≤ ${TARGETS.wallSeconds} s: ${wallSeconds <= TARGETS.wallSeconds ? 'met' : 'missed'}), ` +
        `${mb(peakRssBytes)} MB peak RSS (target ≤ ${mb(TARGETS.peakRssBytes)} MB: ${peakRssBytes <= TARGETS.peakRssBytes ? 'met' : 'missed'}).`,
    );
    if (target.defaultProcessor) {
      const wall = wallSeconds / target.defaultProcessor.wallSeconds;
      lines.push(
        `Sanitized pipeline ÷ Astro's default processor at ${TARGETS.n}: ${wall.toFixed(2)}× wall ` +
          `(target ≤ ${TARGETS.sanitizedOverDefault}×: ${wall <= TARGETS.sanitizedOverDefault ? 'met' : 'missed'}).`,
      );
    }
  }
  const big = rows.filter((r) => r.n >= 1000).sort((a, b) => a.n - b.n);
  for (let i = 1; i < big.length; i += 1) {
    const [small, large] = [big[i - 1] as Row, big[i] as Row];
    const perArticle = (figures: (r: Row) => number | undefined) => {
      const [a, b] = [figures(small), figures(large)];
      return a === undefined || b === undefined ? '–' : `×${(b / large.n / (a / small.n)).toFixed(2)}`;
    };
    const logGrowth = Math.log(large.n) / Math.log(small.n);
    lines.push(
      `Time per article from ${small.n.toLocaleString('en-US')} to ${large.n.toLocaleString('en-US')} articles: ` +
        `${perArticle((r) => r.astro.wallSeconds)} wall, ${perArticle((r) => r.astro.cpuSeconds)} CPU ` +
        `(growing as N log N would be ×${logGrowth.toFixed(2)}; as N², ×${(large.n / small.n).toFixed(1)}).`,
    );
  }
  return lines;
}

function machine(): string {
  const astroVersion = JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules/astro/package.json'), 'utf8')).version;
  let os: string = process.platform;
  try {
    os = readFileSync('/etc/os-release', 'utf8').match(/PRETTY_NAME="([^"]+)"/)?.[1] ?? os;
  } catch {
    // Not Linux: the platform name will do.
  }
  const hugo = hugoVersion();
  return [
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GB RAM, ${os}.`,
    `Node ${process.version}, Astro ${astroVersion}${hugo ? `, Hugo ${hugo.join('.')}` : ', no Hugo installed'}. Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
  ].join('\n');
}

export function runBench(sizes: readonly number[], options: { only?: string | undefined; out?: string | undefined }) {
  const root = scratchProject('news-reader-bench');
  try {
    return benchIn(root, sizes, options);
  } finally {
    removeScratch(root);
  }
}

function benchIn(
  root: string,
  sizes: readonly number[],
  options: { only?: string | undefined; out?: string | undefined },
) {
  const defaultConfig = writeDefaultProcessorConfig(root);
  const withHugo = options.only !== 'astro' && hugoVersion() !== undefined;
  const rows: Row[] = [];
  console.log(machine());
  for (const n of sizes) {
    const corpus = join(root, `corpus-${n}`);
    const written = writeCorpus(corpus, { count: n });
    console.log(`\nN = ${n}: ${written.files} articles, ${(written.bytes / 1e6).toFixed(1)} MB of Markdown`);
    const before = load();
    console.log(`  load average ${before}; building with the real configuration…`);
    const astro = astroBuild(root, corpus);
    console.log(`  ${seconds(astro.wallSeconds)} s, ${mb(astro.peakRssBytes)} MB`);
    let defaultProcessor: BuildFigures | undefined;
    let hugo: BuildFigures | undefined;
    if (options.only !== 'astro') {
      console.log(`  load average ${load()}; building with Astro's default Markdown processor…`);
      defaultProcessor = astroBuild(root, corpus, { config: defaultConfig });
      console.log(`  ${seconds(defaultProcessor.wallSeconds)} s, ${mb(defaultProcessor.peakRssBytes)} MB`);
    }
    if (withHugo) {
      console.log(`  load average ${load()}; building with Hugo…`);
      hugo = hugoBuild(join(root, 'hugo'), corpus);
      console.log(`  ${seconds(hugo.wallSeconds)} s, ${mb(hugo.peakRssBytes)} MB`);
    }
    rows.push({ n, load: before, astro, defaultProcessor, hugo });
  }
  const report = [
    machine(),
    benchTable(rows),
    ...targetReport(rows),
    `Peak RSS from ${rows[0]?.astro.rssSource ?? '–'}.`,
  ].join('\n\n');
  console.log(`\n${report}`);
  if (options.out) writeFileSync(options.out, `${report}\n`);
  return rows;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1,1000,4000' },
      '10k': { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(`--sizes must be whole numbers above 0, got "${values.sizes}"`);
    process.exit(2);
  }
  if (values['10k']) sizes.push(10_000);
  // A failed build throws with its output, which ends the run with a non-zero exit.
  runBench(sizes, { only: values.only, out: values.out });
}
