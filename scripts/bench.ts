/**
 * `npm run bench`: how the build scales. For each N it generates N synthetic
 * articles (scripts/corpus.ts), builds them from a throw-away copy of the
 * project with the real configuration, then with Astro's default Markdown
 * processor instead of the sanitizing unified() pipeline, then with the same
 * unified() pipeline minus the sanitizing steps, then (where `hugo`
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
  writeUnsanitizedConfig,
} from './lib/scratch-build.ts';

/** Targets on the 2-core reference machine (issue 6). */
export const TARGETS = { n: 4000, wallSeconds: 20, peakRssBytes: 1.5 * 1024 ** 3, sanitizedOverDefault: 1.3 };

const seconds = (s: number | undefined) => (s === undefined ? '–' : s.toFixed(1));
const mb = (bytes: number | undefined) => (bytes === undefined ? '–' : String(Math.round(bytes / 1024 ** 2)));
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** One build of one corpus. */
export interface Measurement {
  n: number;
  /** Which build: see BUILDERS. */
  builder: Builder;
  figures: BuildFigures;
  /** Load average (1, 5, 15 min) just before it started. */
  load: string;
}

export type Builder = 'real' | 'unsanitized' | 'default' | 'hugo';

export const BUILDERS: Record<Builder, string> = {
  real: 'Astro, real configuration (unified + sanitizer)',
  unsanitized: 'Astro, same unified pipeline without rehype-raw and rehype-sanitize',
  default: 'Astro, default Markdown processor (Sätteri)',
  hugo: 'Hugo, minimal layout',
};

/** One row per build: figures, and the ratio to the real configuration's build of the same corpus. */
export function benchTable(measurements: readonly Measurement[]): string {
  const header = [
    'N',
    'build',
    'pages',
    'wall s',
    'ms / article',
    'CPU s',
    'peak RSS MB',
    'real ÷ this (wall, CPU)',
    'load avg before',
  ];
  const lines = [header, header.map((_, i) => (i === 1 || i === 8 ? '---' : '---:'))];
  for (const m of measurements) {
    const real = measurements.find((x) => x.n === m.n && x.builder === 'real')?.figures;
    lines.push([
      m.n.toLocaleString('en-US'),
      BUILDERS[m.builder],
      String(m.figures.pages),
      seconds(m.figures.wallSeconds),
      ((m.figures.wallSeconds * 1000) / m.n).toFixed(1),
      seconds(m.figures.cpuSeconds),
      mb(m.figures.peakRssBytes),
      m.builder === 'real'
        ? ''
        : `${ratio(real?.wallSeconds, m.figures.wallSeconds)}, ${ratio(real?.cpuSeconds, m.figures.cpuSeconds)}`,
      m.load,
    ]);
  }
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Which targets were met, in words. */
export function targetReport(measurements: readonly Measurement[]): string[] {
  const lines: string[] = [];
  const at = (n: number, builder: Builder) => measurements.find((m) => m.n === n && m.builder === builder)?.figures;
  const real = at(TARGETS.n, 'real');
  if (real) {
    lines.push(
      `${TARGETS.n} articles: ${seconds(real.wallSeconds)} s wall (target ≤ ${TARGETS.wallSeconds} s: ${real.wallSeconds <= TARGETS.wallSeconds ? 'met' : 'missed'}), ` +
        `${mb(real.peakRssBytes)} MB peak RSS (target ≤ ${mb(TARGETS.peakRssBytes)} MB: ${real.peakRssBytes <= TARGETS.peakRssBytes ? 'met' : 'missed'}).`,
    );
    for (const builder of ['default', 'unsanitized'] as const) {
      const other = at(TARGETS.n, builder);
      if (!other) continue;
      const wall = real.wallSeconds / other.wallSeconds;
      const cpu = real.cpuSeconds && other.cpuSeconds ? real.cpuSeconds / other.cpuSeconds : undefined;
      lines.push(
        `Real configuration ÷ ${BUILDERS[builder]} at ${TARGETS.n}: ${wall.toFixed(2)}× wall, ${cpu?.toFixed(2) ?? '–'}× CPU` +
          (builder === 'default'
            ? ` (target ≤ ${TARGETS.sanitizedOverDefault}×: ${(cpu ?? wall) <= TARGETS.sanitizedOverDefault ? 'met' : 'missed'}).`
            : '.'),
      );
    }
  }
  const sizes = [...new Set(measurements.filter((m) => m.builder === 'real' && m.n >= 1000).map((m) => m.n))].sort(
    (a, b) => a - b,
  );
  for (let i = 1; i < sizes.length; i += 1) {
    const [small, large] = [sizes[i - 1] as number, sizes[i] as number];
    const [a, b] = [at(small, 'real') as BuildFigures, at(large, 'real') as BuildFigures];
    const growth = (x: number | undefined, y: number | undefined) =>
      x === undefined || y === undefined ? '–' : `×${(y / large / (x / small)).toFixed(2)}`;
    lines.push(
      `Time per article from ${small.toLocaleString('en-US')} to ${large.toLocaleString('en-US')} articles: ` +
        `${growth(a.wallSeconds, b.wallSeconds)} wall, ${growth(a.cpuSeconds, b.cpuSeconds)} CPU ` +
        `(growing as N log N would be ×${(Math.log(large) / Math.log(small)).toFixed(2)}; as N², ×${(large / small).toFixed(1)}).`,
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
  const configs: Partial<Record<Builder, string>> =
    options.only === 'astro'
      ? {}
      : { unsanitized: writeUnsanitizedConfig(root), default: writeDefaultProcessorConfig(root) };
  const withHugo = options.only !== 'astro' && hugoVersion() !== undefined;
  const measurements: Measurement[] = [];
  console.log(machine());
  for (const n of sizes) {
    const corpus = join(root, `corpus-${n}`);
    const written = writeCorpus(corpus, { count: n });
    console.log(`\nN = ${n}: ${written.files} articles, ${(written.bytes / 1e6).toFixed(1)} MB of Markdown`);
    const builds: [Builder, () => BuildFigures][] = [
      ['real', () => astroBuild(root, corpus)],
      ...Object.entries(configs).map(
        ([builder, config]) =>
          [builder as Builder, () => astroBuild(root, corpus, { config })] as [Builder, () => BuildFigures],
      ),
      ...(withHugo ? [['hugo', () => hugoBuild(join(root, 'hugo'), corpus)] as [Builder, () => BuildFigures]] : []),
    ];
    for (const [builder, build] of builds) {
      const before = load();
      console.log(`  load average ${before}; ${BUILDERS[builder]}…`);
      const figures = build();
      console.log(
        `  ${seconds(figures.wallSeconds)} s wall, ${seconds(figures.cpuSeconds)} s CPU, ${mb(figures.peakRssBytes)} MB`,
      );
      measurements.push({ n, builder, figures, load: before });
    }
  }
  const report = [
    machine(),
    benchTable(measurements),
    ...targetReport(measurements),
    `Peak RSS from ${measurements[0]?.figures.rssSource ?? '–'}.`,
  ].join('\n\n');
  console.log(`\n${report}`);
  if (options.out) writeFileSync(options.out, `${report}\n`);
  return measurements;
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
