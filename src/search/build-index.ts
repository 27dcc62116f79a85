import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';

import * as pagefind from 'pagefind';

import type { SearchShard } from './shards.ts';

/**
 * Builds the search index of the built site: one Pagefind bundle per shard
 * (src/search/shards.ts), each kept in Astro's cache folder under a hash of
 * its article pages' bytes. A shard whose pages are byte for byte those of a
 * previous build is not indexed again: its files are linked from the cache.
 * So a build that changed one article runs Pagefind over that article's
 * shard only, and the output is the same bytes a cold build writes.
 *
 * Only article pages are indexed: listings, topic pages and the home page
 * only repeat article headlines and deks, so indexing them would add a
 * duplicate hit per article and most of the indexing time; every article is
 * still found.
 */
export const SEARCHED_PAGES = 'articles/*/index.html';

/** The built page of an article, relative to the output folder. */
export const articlePage = (id: string) => `articles/${id}/index.html`;

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
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('base64url');

/**
 * What else decides the index's bytes: Pagefind's version (a direct dependency,
 * so at the root of node_modules; its package exports no package.json) and
 * this file, which chooses what Pagefind reads. A change to either indexes
 * every shard again.
 */
function indexerVersion(root: string): string {
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules/pagefind/package.json'), 'utf8')) as {
    version: string;
  };
  return sha256(
    Buffer.concat([Buffer.from(`pagefind ${version}\n`), readFileSync(join(root, 'src/search/build-index.ts'))]),
  );
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/**
 * A hard link, or a copy where the two folders are on different file systems.
 * The cached index files are written once and never rewritten in place (a new
 * index is a new folder), so the output may share them.
 */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
    copyFileSync(from, to);
  }
}

/** Indexes one shard's pages with Pagefind and writes the bundle into `target` (renamed into place when whole). */
async function indexShard(dir: string, shard: SearchShard, scratch: string, target: string): Promise<void> {
  // Pagefind reads a folder by glob: the shard's pages, linked into a folder of their own.
  const pages = join(scratch, 'pages');
  rmSync(scratch, { recursive: true, force: true });
  for (const id of shard.ids) {
    const page = join(pages, articlePage(id));
    mkdirSync(dirname(page), { recursive: true });
    linkOrCopy(join(dir, articlePage(id)), page);
  }
  const { index, errors } = await pagefind.createIndex();
  if (!index) throw new Error(errors.join('; '));
  const added = await index.addDirectory({ path: pages, glob: SEARCHED_PAGES });
  if (added.errors.length > 0 || added.page_count !== shard.ids.length) {
    throw new Error(
      added.errors.join('; ') || `${added.page_count} of the ${shard.ids.length} pages of shard ${shard.name} indexed`,
    );
  }
  // The files come back in memory and are written here, synchronously, so every
  // one is whole before the folder is renamed into the cache: with writeFiles()
  // a warm build once published a pagefind-worker.js that differed from a cold
  // build's (its writes had not all landed when the build moved on).
  const { files, errors: writeErrors } = await index.getFiles();
  if (writeErrors.length > 0 || files.length === 0) throw new Error(writeErrors.join('; ') || 'no index file');
  await index.deleteIndex();
  const bundle = join(scratch, 'bundle');
  for (const file of files) {
    const path = join(bundle, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(bundle, target);
  rmSync(scratch, { recursive: true, force: true });
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

  let started = false;
  const report: SearchIndexReport = { pages: 0, shards: shards.length, indexedShards: 0, indexedPages: 0 };
  try {
    for (const { shard, key } of keyed) {
      const bundle = join(cache, key);
      if (!existsSync(bundle)) {
        started = true;
        await indexShard(dir, shard, join(cache, `.scratch-${process.pid}`), bundle);
        report.indexedShards += 1;
        report.indexedPages += shard.ids.length;
      }
      const primary = shard.folder === '';
      for (const file of filesUnder(bundle)) {
        if (!primary && isRuntimeFile(file)) continue;
        const to = join(dir, 'pagefind', shard.folder, file);
        mkdirSync(dirname(to), { recursive: true });
        linkOrCopy(join(bundle, file), to);
      }
      report.pages += shard.ids.length;
    }
  } finally {
    // Pagefind's service (a child process) starts with the first index; a build that reuses every shard never starts it.
    if (started) await pagefind.close();
  }

  // The cache keeps this build's shards only (an archive's old shards change rarely, so it stays the index's size).
  const used = new Set(keyed.map(({ key }) => key));
  for (const entry of readdirSync(cache)) {
    if (!used.has(entry)) rmSync(join(cache, entry), { recursive: true, force: true });
  }
  return report;
}
