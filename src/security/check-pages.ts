import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { sourceDigest } from '../lib/source-digest.ts';
import { type FileReport, htmlFiles, inspectFile, missingAssets, type SiteProblem } from './html-safety.ts';

/**
 * The built-page safety check over a whole build, fast enough to run on every
 * publication of a large archive:
 *
 * - a page whose exact bytes (at the same path) passed the same check before
 *   is not parsed again: results are kept by content hash in the build cache
 *   (`<cacheDir>/page-check.json`), so a warm build that reuses 9,999 of
 *   10,000 pages parses one;
 * - a page that is the very file hashed last time, unchanged, is not even read
 *   again (see `fileStamp`): Astro's incremental build links the pages it
 *   reuses from its cache (src/integrations/incremental-cache.ts), so in a
 *   warm build nearly every page is such a file;
 * - the pages that do need parsing are shared out to worker threads, one per
 *   core, so a cold build uses every core for its most expensive step after
 *   rendering.
 *
 * The cache is keyed by the checker's own source too: change a rule and every
 * page is checked again.
 *
 * With each verdict it keeps the build's files the page names (`_astro/…`),
 * and every build checks that the files named by all its pages, checked now or
 * before, are in the output (`missingAssets`): a page reused from Astro's
 * cache names the files of the build that rendered it.
 */

export interface CheckOptions {
  /** The site's base path (`/` or `/news/`). */
  base: string;
  /** Astro's cache folder (kept between builds, like the content cache). */
  cacheDir: string;
  /** The project root: the checker's sources are read from `src/security/` there. */
  root: string;
  /** Worker threads to use; default: one per core, none for small builds. */
  threads?: number;
  /**
   * Verdicts on pages with no error reached while Astro was still rendering
   * (src/security/early-check.ts), by page hash. A page whose bytes have one
   * of these hashes is not parsed again.
   */
  verdicts?: ReadonlyMap<string, PageVerdict>;
}

/** What the check found on a page with no error: kept by the page's hash, and not looked for again. */
export interface PageVerdict {
  warnings: string[];
  /** The build's files the page names (`PageReport.assets`). */
  assets: string[];
}

/** One page checked in a worker thread (./check-worker.ts). */
export type CheckedFile = FileReport & { file: string };

export interface CheckReport {
  errors: SiteProblem[];
  warnings: SiteProblem[];
  /** Pages parsed this time. */
  checked: number;
  /** Pages whose bytes had passed before, not parsed again. */
  reused: number;
  /** Of those, pages checked earlier in this build (`verdicts`). */
  early: number;
  /** Pages read and hashed (the others were the files hashed last time, unchanged). */
  read: number;
  /** Every page's hash (its path and bytes), by its path under the folder: the search index reuses them. */
  pageHashes: ReadonlyMap<string, string>;
}

interface CacheFile {
  version: string;
  /** Every file named by a page below, once: the pages name theirs by index here (a build's pages share a handful). */
  assets: string[];
  /** Page hash -> the warnings it had and the files it names (pages with errors are never cached). */
  pages: Record<string, [warnings: string[], assets: number[]]>;
  /** Page path -> the stamp of its file when it was hashed, and the hash. */
  files: Record<string, [stamp: string, hash: string]>;
}

/**
 * A file's identity and state: device, inode, size and modification time in
 * nanoseconds. The same stamp at the same path means the same file, not
 * written since, as make, rsync and git's index take it; a page written in
 * place changes its modification time, a page written anew is another inode.
 * Not the change time: making a link changes it, and a reused page is a new
 * link to the same file on every build.
 */
function fileStamp(path: string): { stamp: string; modifiedNs: bigint } {
  const { dev, ino, size, mtimeNs } = statSync(path, { bigint: true });
  return { stamp: `${dev}:${ino}:${size}:${mtimeNs}`, modifiedNs: mtimeNs };
}

/**
 * A stamp is kept for next time only when the file had not been written for
 * this long when the check began. File times have a coarse clock (a few
 * milliseconds), so a file written again right after it was read could keep
 * its stamp; one not written for two seconds before the read cannot (git
 * calls the other case "racily clean"). Pages written this late are read next time.
 */
const SETTLED_NS = 2_000_000_000n;

const CACHE_FILE = 'page-check.json';
/** Below this many pages, starting workers costs more than it saves. */
export const PAGES_PER_WORKER = 200;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('base64url');

/**
 * A page's hash, of its path and its bytes as read: decoding every page to a
 * string first took four times as long (1.2 s against 0.3 s for the 13,833
 * pages of a 10,000-article build, on every build). The same value as hashing
 * `${file}\0${text}`, since pages are UTF-8.
 */
export const pageHash = (file: string, bytes: Buffer) =>
  createHash('sha256').update(file).update('\0').update(bytes).digest('base64url');

/**
 * The checker's code and options: a change to either invalidates every cached
 * result. The code is this folder's checking modules and every project module
 * they import (the sanitizer's prefix, the hashing of inline scripts), the
 * installed packages (parse5, the CSP parser) and their patches
 * (../lib/source-digest.ts). Before, only html-safety.ts and this file were
 * hashed: an edit to an imported rule, or a new parse5, left the old verdicts
 * standing.
 */
function checkerVersion(root: string, base: string): string {
  const code = sourceDigest(
    [
      'src/security/check-pages.ts',
      'src/security/check-worker.ts',
      'src/security/early-check.ts',
      'src/security/early-check-worker.ts',
    ],
    root,
  );
  return sha256(`${code}\n${base}`);
}

function readCache(file: string, version: string): Omit<CacheFile, 'version'> {
  try {
    const cache = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (cache.version === version)
      return { assets: cache.assets ?? [], pages: cache.pages ?? {}, files: cache.files ?? {} };
  } catch {
    // No cache yet, or not one this checker wrote: every page is read and checked.
  }
  return { assets: [], pages: {}, files: {} };
}

/** The cache's form of verdicts: each file named once (`CacheFile.assets`), each page's by index. */
class VerdictWriter {
  readonly assets: string[] = [];
  readonly pages: CacheFile['pages'] = {};
  readonly #index = new Map<string, number>();

  add(hash: string, { warnings, assets }: PageVerdict): void {
    this.pages[hash] = [warnings, assets.map((asset) => this.#indexOf(asset))];
  }

  #indexOf(asset: string): number {
    let index = this.#index.get(asset);
    if (index === undefined) {
      index = this.assets.push(asset) - 1;
      this.#index.set(asset, index);
    }
    return index;
  }
}

/** Checks `files` (relative to `dir`) in worker threads, `threads` at a time. */
async function checkInWorkers(
  dir: string,
  files: string[],
  options: CheckOptions,
  threads: number,
): Promise<CheckedFile[]> {
  // From the root, not import.meta.url: Astro may load this module bundled with the config.
  const worker = pathToFileURL(join(options.root, 'src/security/check-worker.ts'));
  const { base } = options;
  // Dealt out one by one, not cut into runs: in path order the article pages come first and the larger
  // pages (printed editions, listings) last, so halves held 105 and 153 MB of a 10,000-article build.
  const chunks = Array.from({ length: threads }, (_, i) => files.filter((_, n) => n % threads === i)).filter(
    (chunk) => chunk.length > 0,
  );
  const results = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<CheckedFile[]>((resolve, reject) => {
          const thread = new Worker(worker, { workerData: { dir, files: chunk, base } });
          thread.once('message', resolve);
          thread.once('error', reject);
          thread.once('exit', (code) => {
            if (code !== 0) reject(new Error(`the page-check worker stopped with exit code ${code}`));
          });
        }),
    ),
  );
  return results.flat();
}

export async function checkBuiltPages(dir: string, options: CheckOptions): Promise<CheckReport> {
  const version = checkerVersion(options.root, options.base);
  const cacheFile = join(options.cacheDir, CACHE_FILE);
  const cached = readCache(cacheFile, version);
  const verdicts = new VerdictWriter();
  const files: CacheFile['files'] = {};
  /** The files each page names, by its path: every page's, checked now or before. */
  const assetsOf = new Map<string, string[]>();
  const settledBefore = BigInt(Date.now()) * 1_000_000n - SETTLED_NS;
  const hashes = new Map<string, string>();
  const toCheck: string[] = [];
  const problems: SiteProblem[] = [];
  let read = 0;
  let early = 0;

  for (const file of htmlFiles(dir)) {
    const path = join(dir, file);
    const { stamp, modifiedNs } = fileStamp(path);
    const known = cached.files[file];
    let hash: string;
    if (known?.[0] === stamp) {
      hash = known[1];
    } else {
      hash = pageHash(file, readFileSync(path));
      read += 1;
    }
    if (modifiedNs < settledBefore) files[file] = [stamp, hash];
    hashes.set(file, hash);
    const before = cached.pages[hash];
    const checkedBefore: PageVerdict | undefined = before && {
      warnings: before[0],
      assets: before[1].map((index) => cached.assets[index] ?? ''),
    };
    const checkedEarly = checkedBefore ? undefined : options.verdicts?.get(hash);
    if (checkedEarly) early += 1;
    const verdict = checkedBefore ?? checkedEarly;
    if (verdict) {
      verdicts.add(hash, verdict);
      assetsOf.set(file, verdict.assets);
      for (const message of verdict.warnings) problems.push({ file, message, severity: 'warning' });
    } else {
      toCheck.push(file);
    }
  }

  const threads = Math.min(
    options.threads ?? availableParallelism(),
    Math.max(1, Math.floor(toCheck.length / PAGES_PER_WORKER)),
  );
  const checked =
    threads > 1
      ? await checkInWorkers(dir, toCheck, options, threads)
      : toCheck.map((file) => ({ file, ...inspectFile(file, readFileSync(join(dir, file), 'utf8'), options) }));

  for (const { file, problems: onPage, assets } of checked) {
    assetsOf.set(file, assets);
    problems.push(...onPage);
    // A page with an error is never cached: it is parsed again until it passes.
    if (onPage.some((p) => p.severity === 'error')) continue;
    verdicts.add(hashes.get(file) as string, { warnings: onPage.map((p) => p.message), assets });
  }
  problems.push(...missingAssets(dir, assetsOf));
  const next: CacheFile = { version, assets: verdicts.assets, pages: verdicts.pages, files };

  // Written beside, then renamed: a build killed here leaves the old cache or the new one, never half of one.
  mkdirSync(options.cacheDir, { recursive: true });
  const temp = `${cacheFile}.${process.pid}`;
  writeFileSync(temp, JSON.stringify(next));
  renameSync(temp, cacheFile);

  const byFile = (a: SiteProblem, b: SiteProblem) => a.file.localeCompare(b.file);
  return {
    errors: problems.filter((p) => p.severity === 'error').sort(byFile),
    warnings: problems.filter((p) => p.severity === 'warning').sort(byFile),
    checked: toCheck.length,
    reused: hashes.size - toCheck.length,
    early,
    read,
    pageHashes: hashes,
  };
}
