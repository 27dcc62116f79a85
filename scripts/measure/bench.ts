/**
 * `npm run bench`: what publishing costs as the archive grows. For each N it
 * generates N synthetic articles (scripts/measure/corpus.ts) and runs, in one go:
 *
 *   cold      `astro build` with every cache emptied (the first deploy)
 *   no change the same build again, caches kept (a deploy with nothing new)
 *   edit      one article's body corrected, caches kept: the first by name,
 *             of any date (its search shard is one of the big older ones)
 *   edit, newest  the newest article corrected, caches kept (a digest's usual
 *             correction: its shard is the current month's)
 *   new day   one article added on a new day, at the top of the home page and
 *             of the biggest topic, caches kept
 *   Hugo      Hugo on the same Markdown, minimal layout, cold (the yardstick)
 *
 * Every Astro build is the real one (`astro build`: validation, the page
 * check, Pagefind, the atomic swap), into a temporary folder under
 * `.test-builds/`. It prints one
 * table (wall, CPU, peak RSS, pages, files, bytes on disk, ratios to Hugo),
 * the targets met or missed, and writes an SVG chart of build time against
 * archive size (to docs/bench.svg on a full run; with --sizes or --scenarios
 * only where --svg says).
 *
 *   npm run bench                          N = 1,000, 4,000 and 10,000
 *   npm run bench -- --50k                 and 50,000
 *   npm run bench -- --sizes 1000,4000     other sizes
 *   npm run bench -- --out docs/bench.md --svg docs/bench.svg
 *   npm run bench -- --chart cpu           chart CPU time (steadier on a shared machine)
 *   npm run bench -- --sizes 50000 --scenarios hugo,cold   only those builds
 *
 * The machine may be shared: wall times move with the load (printed before
 * each build), so compare ratios within one run, not runs with each other.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { addArticleOnNewDay, editOneArticle, writeCorpus } from './corpus.ts';
import { astroBuild, BUILDS_DIR, type BuildFigures, PROJECT_ROOT } from './lib/astro-build.ts';
import { hugoBuild, hugoVersion } from './lib/hugo.ts';

/** Targets on the 2-core reference machine (issue 10). */
export const TARGETS = {
  /** One article edited or added at 10,000 articles. */
  incremental: { n: 10_000, wallSeconds: 15, overHugo: 4 },
  cold: { n: 10_000, wallSeconds: 60, peakRssBytes: 1.5 * 1024 ** 3 },
  coldOverHugo: { n: 4000, ratio: 10 },
  /** All of dist/ divided by the article count. */
  perArticle: { n: 10_000, bytes: 30 * 1024, files: 2.5 },
};

export type Scenario = 'cold' | 'unchanged' | 'edit' | 'editNewest' | 'newDay' | 'hugo';

export const SCENARIOS: Record<Scenario, string> = {
  cold: 'Astro cold',
  unchanged: 'Astro warm, no change',
  edit: 'Astro warm, one article edited',
  editNewest: 'Astro warm, the newest article edited',
  newDay: 'Astro warm, one article added on a new day',
  hugo: 'Hugo cold (minimal layout)',
};

export interface Measurement {
  n: number;
  scenario: Scenario;
  figures: BuildFigures;
  /** Load average (1, 5, 15 min) just before it started. */
  load: string;
}

const seconds = (s: number | undefined) => (s === undefined ? '–' : s.toFixed(1));
const mb = (bytes: number | undefined) => (bytes === undefined ? '–' : String(Math.round(bytes / 1024 ** 2)));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const find = (ms: readonly Measurement[], n: number, scenario: Scenario) =>
  ms.find((m) => m.n === n && m.scenario === scenario)?.figures;

/** One row per build. */
export function benchTable(measurements: readonly Measurement[]): string {
  const header = [
    'N',
    'build',
    'wall s',
    'CPU s',
    'peak RSS MB',
    'pages',
    'reused',
    'files',
    'MB on disk',
    'KB / article',
    'files / article',
    'wall ÷ Hugo',
    'CPU ÷ Hugo',
    'load before',
  ];
  const lines = [header, header.map((_, i) => (i === 1 || i === 13 ? '---' : '---:'))];
  for (const m of measurements) {
    const hugo = find(measurements, m.n, 'hugo');
    const f = m.figures;
    lines.push([
      m.n.toLocaleString('en-US'),
      SCENARIOS[m.scenario],
      seconds(f.wallSeconds),
      seconds(f.cpuSeconds),
      mb(f.peakRssBytes),
      String(f.pages),
      String(f.reused),
      String(f.files),
      (f.bytes / 1e6).toFixed(0),
      (f.bytes / 1024 / m.n).toFixed(1),
      (f.files / m.n).toFixed(2),
      hugo && m.scenario !== 'hugo' ? `${(f.wallSeconds / hugo.wallSeconds).toFixed(1)}×` : '',
      hugo?.cpuSeconds && f.cpuSeconds && m.scenario !== 'hugo'
        ? `${(f.cpuSeconds / hugo.cpuSeconds).toFixed(1)}×`
        : '',
      m.load,
    ]);
  }
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Where the bytes of each size's largest Astro build go, per article, by top-level folder of dist/. */
export function bytesTable(measurements: readonly Measurement[]): string {
  const lines: string[] = [];
  for (const n of [...new Set(measurements.map((m) => m.n))]) {
    const f = find(measurements, n, 'newDay') ?? find(measurements, n, 'cold');
    if (!f?.bytesByFolder) continue;
    const folders = Object.entries(f.bytesByFolder).sort((a, b) => b[1] - a[1]);
    lines.push(
      `| ${['N', ...folders.map(([folder]) => (folder === '/' ? 'top level' : `${folder}/`)), 'all'].join(' | ')} |`,
      `| ${['---:', ...folders.map(() => '---:'), '---:'].join(' | ')} |`,
      `| ${[n.toLocaleString('en-US'), ...folders.map(([, bytes]) => (bytes / 1024 / n).toFixed(1)), (f.bytes / 1024 / n).toFixed(1)].join(' | ')} |`,
      '',
    );
  }
  return lines.length ? `KB per article, by folder of dist/:\n\n${lines.join('\n')}` : '';
}

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** Each target, met or missed, with the figures; targets whose N was not run are left out. */
export function targetReport(ms: readonly Measurement[]): string[] {
  const lines: string[] = [];
  const { incremental, cold, coldOverHugo, perArticle } = TARGETS;
  const hugoAt = (n: number) => find(ms, n, 'hugo');
  for (const scenario of ['edit', 'editNewest', 'newDay'] as const) {
    const f = find(ms, incremental.n, scenario);
    if (!f) continue;
    const hugo = hugoAt(incremental.n);
    const ratio = hugo ? f.wallSeconds / hugo.wallSeconds : undefined;
    const cpu = hugo?.cpuSeconds && f.cpuSeconds ? ` (CPU: ${(f.cpuSeconds / hugo.cpuSeconds).toFixed(1)}×)` : '';
    lines.push(
      `${SCENARIOS[scenario]} at ${incremental.n.toLocaleString('en-US')}: ${seconds(f.wallSeconds)} s ` +
        `(target ≤ ${incremental.wallSeconds} s: ${verdict(f.wallSeconds <= incremental.wallSeconds)}), ` +
        `${ratio?.toFixed(1) ?? '–'}× Hugo's cold build${cpu} (target ≤ ${incremental.overHugo}×: ${ratio === undefined ? '–' : verdict(ratio <= incremental.overHugo)}).`,
    );
  }
  const c = find(ms, cold.n, 'cold');
  if (c) {
    lines.push(
      `Cold build at ${cold.n.toLocaleString('en-US')}: ${seconds(c.wallSeconds)} s (target ≤ ${cold.wallSeconds} s: ${verdict(c.wallSeconds <= cold.wallSeconds)}), ` +
        `${mb(c.peakRssBytes)} MB peak RSS (target ≤ ${mb(cold.peakRssBytes)} MB: ${verdict(c.peakRssBytes <= cold.peakRssBytes)}).`,
    );
  }
  const c4 = find(ms, coldOverHugo.n, 'cold');
  const h4 = hugoAt(coldOverHugo.n);
  if (c4 && h4) {
    const ratio = c4.wallSeconds / h4.wallSeconds;
    const cpu = c4.cpuSeconds && h4.cpuSeconds ? ` (CPU: ${(c4.cpuSeconds / h4.cpuSeconds).toFixed(1)}×)` : '';
    lines.push(
      `Cold build at ${coldOverHugo.n.toLocaleString('en-US')}: ${ratio.toFixed(1)}× Hugo${cpu} (target ≤ ${coldOverHugo.ratio}×: ${verdict(ratio <= coldOverHugo.ratio)}).`,
    );
  }
  for (const n of [...new Set(ms.map((m) => m.n))]) {
    const f = find(ms, n, 'newDay') ?? find(ms, n, 'cold');
    if (!f) continue;
    const kb = f.bytes / 1024 / n;
    const files = f.files / n;
    const judged = n === perArticle.n;
    lines.push(
      `Output at ${n.toLocaleString('en-US')}: ${kb.toFixed(1)} KB and ${files.toFixed(2)} files per article` +
        (judged
          ? ` (targets ≤ ${perArticle.bytes / 1024} KB: ${verdict(kb * 1024 <= perArticle.bytes)}, ≤ ${perArticle.files}: ${verdict(files <= perArticle.files)}).`
          : '.'),
    );
  }
  return lines;
}

/**
 * A line chart of build time against archive size, one line per scenario, as
 * standalone SVG: wall time, or CPU time (steadier when the machine is shared).
 */
export function benchChart(ms: readonly Measurement[], metric: 'wall' | 'cpu' = 'wall'): string {
  const time = (f: BuildFigures) => (metric === 'cpu' ? (f.cpuSeconds ?? f.wallSeconds) : f.wallSeconds);
  const sizes = [...new Set(ms.map((m) => m.n))].sort((a, b) => a - b);
  const scenarios = (['cold', 'edit', 'editNewest', 'newDay', 'unchanged', 'hugo'] as const).filter((s) =>
    ms.some((m) => m.scenario === s),
  );
  const colours: Record<Scenario, string> = {
    cold: '#b3261e',
    unchanged: '#7a7a7a',
    edit: '#1f5fbf',
    editNewest: '#6a3fb5',
    newDay: '#2e7d32',
    hugo: '#000000',
  };
  // The legend, right of the plot, holds the longest scenario name ("… one article added on a new day").
  const [w, h, left, right, top, bottom] = [880, 420, 64, 340, 40, 56];
  const maxN = Math.max(...sizes);
  const maxT = Math.max(...ms.map((m) => time(m.figures))) * 1.1;
  const x = (n: number) => left + ((w - left - right) * n) / maxN;
  const y = (t: number) => h - bottom - ((h - top - bottom) * t) / maxT;
  const step = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600].find((s) => maxT / s <= 8) ?? 1200;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12" role="img" aria-labelledby="t">`,
    `<title id="t">Build time against archive size</title>`,
    `<rect width="${w}" height="${h}" fill="#fff"/>`,
    `<text x="${left}" y="24" font-size="15" font-weight="bold">Build time (${metric === 'cpu' ? 'CPU' : 'wall'}, s) against archive size (articles)</text>`,
  ];
  for (let t = 0; t <= maxT; t += step) {
    out.push(
      `<line x1="${left}" x2="${w - right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>`,
      `<text x="${left - 8}" y="${y(t) + 4}" text-anchor="end">${t}</text>`,
    );
  }
  for (const n of sizes) {
    out.push(`<text x="${x(n)}" y="${h - bottom + 18}" text-anchor="middle">${n.toLocaleString('en-US')}</text>`);
  }
  out.push(
    `<line x1="${left}" x2="${w - right}" y1="${y(0)}" y2="${y(0)}" stroke="#000"/>`,
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${y(0)}" stroke="#000"/>`,
  );
  scenarios.forEach((scenario, i) => {
    const points = sizes.flatMap((n) => {
      const f = find(ms, n, scenario);
      return f ? [[x(n), y(time(f))] as const] : [];
    });
    const colour = colours[scenario];
    out.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}"/>`,
      ...points.map(([px, py]) => `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3.5" fill="${colour}"/>`),
      `<line x1="${w - right + 16}" x2="${w - right + 40}" y1="${top + 20 + i * 22}" y2="${top + 20 + i * 22}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${w - right + 46}" y="${top + 24 + i * 22}">${SCENARIOS[scenario]}</text>`,
    );
  });
  out.push('</svg>', '');
  return out.join('\n');
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
    `Node ${process.version}, Astro ${astroVersion}${hugo ? `, Hugo ${hugo.join('.')}` : ', no Hugo installed (apt-get install hugo)'}. Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
  ].join('\n');
}

export function runBench(
  sizes: readonly number[],
  options: {
    out?: string | undefined;
    svg?: string | undefined;
    chart?: 'wall' | 'cpu';
    /** Which builds to run at each size (default: all); the warm ones need `cold` before them. */
    scenarios?: readonly Scenario[] | undefined;
  },
) {
  const wanted = new Set(options.scenarios ?? (Object.keys(SCENARIOS) as Scenario[]));
  // Inside the project: see BUILDS_DIR.
  mkdirSync(BUILDS_DIR, { recursive: true });
  const work = mkdtempSync(join(BUILDS_DIR, 'bench-'));
  const measurements: Measurement[] = [];
  const measure = (n: number, scenario: Scenario, build: () => BuildFigures) => {
    const before = load();
    console.log(`  load average ${before}; ${SCENARIOS[scenario]}…`);
    const figures = build();
    console.log(
      `  ${seconds(figures.wallSeconds)} s wall, ${seconds(figures.cpuSeconds)} s CPU, ${mb(figures.peakRssBytes)} MB, ` +
        `${figures.pages} pages (${figures.reused} reused), ${figures.files} files, ${(figures.bytes / 1e6).toFixed(0)} MB` +
        (figures.waitedSeconds >= 0.05
          ? ` (after ${seconds(figures.waitedSeconds)} s waiting for the old output's deletion)`
          : ''),
    );
    measurements.push({ n, scenario, figures, load: before });
  };
  console.log(machine());
  try {
    for (const n of sizes) {
      const corpus = join(work, `corpus-${n}`);
      const written = writeCorpus(corpus, { count: n });
      console.log(`\nN = ${n}: ${written.files} articles, ${(written.bytes / 1e6).toFixed(1)} MB of Markdown`);
      const build = { contentDir: corpus, outDir: join(work, `dist-${n}`), cacheDir: join(work, `cache-${n}`) };
      if (wanted.has('hugo') && hugoVersion()) measure(n, 'hugo', () => hugoBuild(join(work, `hugo-${n}`), corpus));
      if (wanted.has('cold')) measure(n, 'cold', () => astroBuild({ ...build, cold: true }));
      if (wanted.has('unchanged')) measure(n, 'unchanged', () => astroBuild(build));
      editOneArticle(corpus);
      if (wanted.has('edit')) measure(n, 'edit', () => astroBuild(build));
      editOneArticle(corpus, 'Correction: the figure in the second paragraph was corrected.', 'newest');
      if (wanted.has('editNewest')) measure(n, 'editNewest', () => astroBuild(build));
      addArticleOnNewDay(corpus);
      if (wanted.has('newDay')) measure(n, 'newDay', () => astroBuild(build));
      // Free the disk before the next, larger size.
      for (const dir of ['dist', 'cache', 'hugo', 'corpus'])
        rmSync(join(work, `${dir}-${n}`), { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const report = [
    machine(),
    benchTable(measurements),
    bytesTable(measurements),
    ...targetReport(measurements).map((line) => `- ${line}`),
    `Peak RSS from ${measurements[0]?.figures.rssSource ?? '–'}. "reused": pages Astro took from its incremental cache (hard links) instead of rendering.`,
  ].join('\n\n');
  console.log(`\n${report}`);
  if (options.out) writeFileSync(options.out, `${report}\n`);
  if (options.svg) writeFileSync(options.svg, benchChart(measurements, options.chart));
  return measurements;
}

/** The chart the docs show (docs/performance.md). */
export const DOCS_CHART = join(PROJECT_ROOT, 'docs/bench.svg');

/**
 * Where a run writes its chart: where --svg says; else the docs' chart, but
 * only on a full run (no --sizes, no --scenarios), so that a run of some sizes
 * or some builds cannot replace it with a partial one.
 */
export function chartPath(args: {
  svg?: string | undefined;
  sizes?: string | undefined;
  scenarios?: string | undefined;
}) {
  if (args.svg !== undefined) return args.svg;
  return args.sizes === undefined && args.scenarios === undefined ? DOCS_CHART : undefined;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      '50k': { type: 'boolean', default: false },
      out: { type: 'string' },
      svg: { type: 'string' },
      chart: { type: 'string', default: 'wall' },
      scenarios: { type: 'string' },
    },
  });
  const scenarios = values.scenarios?.split(',') as Scenario[] | undefined;
  const unknown = scenarios?.filter((scenario) => !(scenario in SCENARIOS)) ?? [];
  if (unknown.length > 0) {
    console.error(`--scenarios takes ${Object.keys(SCENARIOS).join(', ')}; got "${unknown.join(', ')}"`);
    process.exit(2);
  }
  const sizes = (values.sizes ?? '1000,4000,10000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(`--sizes must be whole numbers above 0, got "${values.sizes ?? ''}"`);
    process.exit(2);
  }
  if (values['50k']) sizes.push(50_000);
  // A failed build throws with its output, which ends the run with a non-zero exit.
  if (values.chart !== 'wall' && values.chart !== 'cpu') {
    console.error(`--chart must be wall or cpu, got "${values.chart}"`);
    process.exit(2);
  }
  const svg = chartPath(values);
  runBench(sizes, { out: values.out, svg, chart: values.chart, scenarios });
  if (svg) console.log(`\nChart: ${svg}`);
}
