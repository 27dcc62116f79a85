import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { sourceDigest } from '../lib/source-digest.ts';
import { articlePage, closePagefind, indexShard, linkOrCopy, type ShardJob } from './index-shard.ts';
import type { SearchShard } from './shards.ts';

/**
 * Builds the search index of the built site: one Pagefind bundle per shard
 * (src/search/shards.ts), each kept in Astro's cache folder under a hash of
 * its article pages' bytes. A shard whose pages are byte for byte those of a
 * previous build is not indexed again: its files are linked from the cache.
 * So a build that changed one article runs Pagefind over that article's
 * shard only, and the output is the same bytes a cold build writes. Which
 * pages are read: see `SEARCHED_PAGES` in index-shard.ts.
 */

/**
 * Shards to index in one build are shared out to worker threads, one
 * Pagefind (a process of its own) per shard up to one per core, when there
 * are at least this many: a cold build's shards, not a warm build's one.
 * (It was two shards per thread, which left a 4,000-article archive's two
 * shards to one thread: 9.0 s of its cold build instead of about 5.)
 */
const SHARDS_FOR_THREADS = 2;

/** Folder in Astro's cache: one sub-folder per shard's content hash. */
const CACHE_FOLDER = 'search-index';

/** Pagefind's scripts, styles and WebAssembly: shipped once, with the primary bundle; the other shards are index data. */
const isRuntimeFile = (path: string) => /\.(js|css)$/.test(path) || /^wasm\./.test(path);

export interface SearchIndexOptions {
  /** The built site. */
  dir: string;
  /** Astro's cache folder (kept between builds). */
  cacheDir: string;
  /** The project root (to read Pagefind's version). */
  root: string;
  shards: readonly SearchShard[];
  /** Hashes of built pages by their path under `dir`, when already computed (the page check's); others are read. */
  pageHashes?: ReadonlyMap<string, string>;
}

export interface SearchIndexReport {
  /** Article pages in the index. */
  pages: number;
  shards: number;
  /** Shards Pagefind indexed this time, and their pages. */
  indexedShards: number;
  indexedPages: number;
  /** Threads that ran Pagefind (0 when every shard was reused). */
  threads: number;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('base64url');

/**
 * What else decides the index's bytes: this folder's code, which chooses what
 * Pagefind reads (the indexing modules and every project module they import),
 * and the installed packages, Pagefind among them, with their patches
 * (../lib/source-digest.ts). A change to any of them indexes every shard again.
 */
function indexerVersion(root: string): string {
  return sourceDigest(['src/search/build-index.ts', 'src/search/index-worker.ts'], root);
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** Indexes `jobs`, in worker threads when there are several (each thread runs its own Pagefind). */
async function indexShards(jobs: readonly ShardJob[], root: string): Promise<number> {
  // Pagefind's service (a child process) starts with the first index: a build that reuses every shard never starts it.
  if (jobs.length === 0) return 0;
  const threads = jobs.length < SHARDS_FOR_THREADS ? 1 : Math.min(availableParallelism(), jobs.length);
  if (threads < 2) {
    try {
      for (const job of jobs) await indexShard(job);
    } finally {
      await closePagefind();
    }
    return 1;
  }
  // From the root, not import.meta.url: Astro may load this module bundled with the config.
  const workerFile = pathToFileURL(join(root, 'src/search/index-worker.ts'));
  const queue = [...jobs];
  const failures: string[] = [];
  await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(workerFile);
          const next = () => worker.postMessage((failures.length === 0 && queue.shift()) || null);
          worker.on('message', (failure: string | null) => {
            if (failure) failures.push(failure);
            next();
          });
          worker.once('error', reject);
          worker.once('exit', () => resolve());
          next();
        }),
    ),
  );
  if (failures.length > 0) throw new Error(failures.join('; '));
  return threads;
}

/** Writes the search index of `dir`'s article pages into `dir/pagefind/`. */
export async function buildSearchIndex(options: SearchIndexOptions): Promise<SearchIndexReport> {
  const { dir, root, shards } = options;
  if (shards.length === 0) throw new Error('no article page to index');
  const cache = join(options.cacheDir, CACHE_FOLDER);
  mkdirSync(cache, { recursive: true });
  const version = indexerVersion(root);
  const pageHash = (id: string, shard: SearchShard) => {
    const page = articlePage(id);
    const known = options.pageHashes?.get(page);
    if (known) return known;
    if (!existsSync(join(dir, page))) throw new Error(`${page} (search shard ${shard.name}) was not built`);
    return sha256(readFileSync(join(dir, page)));
  };
  const keyed = shards.map((shard) => ({
    shard,
    key: sha256(`${version}\n${shard.ids.map((id) => `${id} ${pageHash(id, shard)}`).join('\n')}`),
  }));

  const missing = keyed.filter(({ key }) => !existsSync(join(cache, key)));
  // Bundles of earlier builds (whole ones: a scratch folder's name starts with a dot), for files the new ones share.
  const earlier = readdirSync(cache)
    .filter((entry) => !entry.startsWith('.'))
    .map((entry) => join(cache, entry));
  const threads = await indexShards(
    missing.map(({ shard, key }, n) => ({
      dir,
      name: shard.name,
      ids: shard.ids,
      scratch: join(cache, `.scratch-${process.pid}-${n}`),
      target: join(cache, key),
      earlier,
    })),
    root,
  );

  for (const { shard, key } of keyed) {
    const bundle = join(cache, key);
    const primary = shard.folder === '';
    for (const file of filesUnder(bundle)) {
      if (!primary && isRuntimeFile(file)) continue;
      const to = join(dir, 'pagefind', shard.folder, file);
      mkdirSync(dirname(to), { recursive: true });
      linkOrCopy(join(bundle, file), to);
    }
  }

  // The cache keeps this build's shards only (an archive's old shards change rarely, so it stays the index's size).
  const used = new Set(keyed.map(({ key }) => key));
  for (const entry of readdirSync(cache)) {
    if (!used.has(entry)) rmSync(join(cache, entry), { recursive: true, force: true });
  }
  return {
    pages: shards.reduce((sum, shard) => sum + shard.ids.length, 0),
    shards: shards.length,
    indexedShards: missing.length,
    indexedPages: missing.reduce((sum, { shard }) => sum + shard.ids.length, 0),
    threads,
  };
}
