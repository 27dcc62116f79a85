/**
 * One measured `astro build` for the measuring scripts (`npm run bench`,
 * `npm run budget:scale`): the project's real build (the publish integration
 * included), of the articles in `contentDir`, into `outDir`, with Astro's
 * cache in `cacheDir`. Nothing of the project's own `dist/` or cache is
 * touched, so it can run beside the normal build and tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

import { pendingDeletions } from '../../../src/integrations/output-folders.ts';

/** This project's root (scripts/measure/lib/ is three levels down). */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..', '..');

/**
 * Where measured builds go: inside the project, like the tests' builds
 * (tests/support/build-site.ts). Astro keeps a build's prerender bundle in
 * its own output folder only when that folder is under the project; else it
 * uses the project's shared `.astro/.prerender/`, and a test build running at
 * the same time would overwrite it.
 */
export const BUILDS_DIR = join(PROJECT_ROOT, '.test-builds');

export interface BuildFigures {
  /** Wall-clock time of the whole build process. */
  wallSeconds: number;
  /** User plus system CPU time (all threads): less disturbed than wall time when other work shares the machine. */
  cpuSeconds: number | undefined;
  /** Peak resident memory of the build, in bytes. */
  peakRssBytes: number;
  /** How the peak was measured. */
  rssSource: '/usr/bin/time -v' | 'process.resourceUsage()';
  /** HTML pages written. */
  pages: number;
  /** Every file in the output folder. */
  files: number;
  /** Bytes on disk of the output folder (file sizes, summed). */
  bytes: number;
  /** The same, by the output's top-level folder (`articles`, `pagefind`, …; files at the top count as `/`). */
  bytesByFolder?: Record<string, number>;
  /** Pages Astro reused from its incremental cache instead of rendering. */
  reused: number;
  /** Seconds spent, before the build and outside its figures, waiting for the previous build's old output to be deleted. */
  waitedSeconds: number;
}

const GNU_TIME = '/usr/bin/time';

/** Files, HTML pages and bytes under `dir`. */
export function diskUsage(dir: string): {
  files: number;
  pages: number;
  bytes: number;
  bytesByFolder: Record<string, number>;
} {
  let files = 0;
  let pages = 0;
  let bytes = 0;
  const bytesByFolder: Record<string, number> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    if (entry.name.endsWith('.html')) pages += 1;
    const size = statSync(join(entry.parentPath, entry.name)).size;
    bytes += size;
    const folder = relative(dir, entry.parentPath).split(sep)[0] || '/';
    bytesByFolder[folder] = (bytesByFolder[folder] ?? 0) + size;
  }
  return { files, pages, bytes, bytesByFolder };
}

/** Reads GNU time's report (or the preloaded reporter's file) from a finished build. */
export function resourceFigures(stderr: string, rssFile?: string) {
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return {
    cpuSeconds: user && system ? Number(user[1]) + Number(system[1]) : undefined,
    peakRssBytes: rss ? Number(rss[1]) * 1024 : rssFile ? Number(readFileSync(rssFile, 'utf8')) * 1024 : Number.NaN,
  };
}

/**
 * Node's heap limit for a measured build: three quarters of the machine's
 * memory. V8's default (about 4.5 GB here) is below what Astro holds for an
 * archive of some 15,000 articles or more (the whole content store and every
 * page's props live until the build ends), so a 50,000-article build would
 * stop with "JavaScript heap out of memory" on a machine that has the room.
 * Peak RSS is reported either way; docs/performance.md says the same for a
 * real archive (NODE_OPTIONS).
 */
function nodeOptions(): string {
  const own = process.env['NODE_OPTIONS'] ?? '';
  if (own.includes('--max-old-space-size')) return own;
  return `${own} --max-old-space-size=${Math.floor((totalmem() / 1024 ** 2) * 0.75)}`.trim();
}

export interface AstroBuildOptions {
  contentDir: string;
  outDir: string;
  cacheDir: string;
  /** Empty the cache first, so the build does all the work. */
  cold?: boolean;
  /** With `cold`: folders inside the cache to keep (`citations`: what only the citation work would redo). */
  keep?: readonly string[];
  /** More environment for the build (`CITATION_CACHE: 'off'`). */
  env?: Record<string, string>;
}

/** Empties `cacheDir` but for the folders named in `keep`. */
function emptyCache(cacheDir: string, keep: readonly string[]): void {
  if (!existsSync(cacheDir)) return;
  for (const entry of readdirSync(cacheDir)) {
    if (!keep.includes(entry)) rmSync(join(cacheDir, entry), { recursive: true, force: true });
  }
}

/** How long a measured build waits at most for the previous build's old output to be deleted. */
const DELETION_WAIT_LIMIT_MS = 10 * 60 * 1000;
/** How long a folder moved aside may wait for its deleter to take it over before it counts as a killed build's leftover. */
const DELETER_START_GRACE_MS = 5000;

/**
 * Waits until the older output next to `outDir` is deleted. The publish
 * integration hands the output it replaces to a detached deleter and ends
 * without waiting (src/integrations/publish.ts). Measured builds follow one
 * another within seconds, so without this wait the next build shares the disk
 * and the second core with the deletion of some 30,000 files: on 2026-12-06
 * that added up to 5 s to a no-change build of 10,000 articles (4 alternating
 * pairs, docs/performance.md). A publisher's next build comes hours later,
 * when the deletion is long over. Returns the seconds waited.
 */
export function waitForOldOutputDeletion(outDir: string): number {
  const started = Date.now();
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const { deleting, awaitingDeleter } = pendingDeletions(outDir);
    const waited = Date.now() - started;
    if (deleting.length === 0 && (awaitingDeleter.length === 0 || waited > DELETER_START_GRACE_MS)) break;
    if (waited > DELETION_WAIT_LIMIT_MS) {
      throw new Error(`${deleting.join(', ')} still being deleted after ${DELETION_WAIT_LIMIT_MS / 1000} s`);
    }
    Atomics.wait(pause, 0, 0, 50); // a synchronous 50 ms pause between looks
  }
  return (Date.now() - started) / 1000;
}

export function astroBuild({
  contentDir,
  outDir,
  cacheDir,
  cold = false,
  keep = [],
  env = {},
}: AstroBuildOptions): BuildFigures {
  if (cold) emptyCache(cacheDir, keep);
  const waitedSeconds = waitForOldOutputDeletion(outDir);
  const rssFile = `${cacheDir}.peak-rss`;
  rmSync(rssFile, { force: true });
  const useGnuTime = existsSync(GNU_TIME);
  const astro = [
    ...(useGnuTime ? [] : ['--import', join(PROJECT_ROOT, 'scripts/measure/lib/report-rss.mjs')]),
    join(PROJECT_ROOT, 'node_modules/astro/bin/astro.mjs'),
    'build',
    '--outDir',
    outDir,
  ];
  const [command, args] = useGnuTime ? [GNU_TIME, ['-v', process.execPath, ...astro]] : [process.execPath, astro];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      CONTENT_DIR: contentDir,
      CACHE_DIR: cacheDir,
      ASTRO_TELEMETRY_DISABLED: '1',
      PEAK_RSS_FILE: rssFile,
      NODE_OPTIONS: nodeOptions(),
      ...env,
    },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(
      `astro build of ${contentDir} failed (exit ${result.status}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
    );
  }
  return {
    wallSeconds,
    ...resourceFigures(result.stderr, useGnuTime ? undefined : rssFile),
    rssSource: useGnuTime ? '/usr/bin/time -v' : 'process.resourceUsage()',
    ...diskUsage(outDir),
    reused: result.stdout.match(/\((?:cached|restored)\)/g)?.length ?? 0,
    waitedSeconds,
  };
}
