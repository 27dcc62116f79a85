import { copyFileSync, linkSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import * as pagefind from 'pagefind';

/**
 * Which built pages the search index reads: article pages only. Listings,
 * topic pages and the home page only repeat article headlines and deks, so
 * indexing them would add a duplicate hit per article and most of the
 * indexing time; every article is still found.
 */
export const SEARCHED_PAGES = 'articles/*/index.html';

/** The built page of an article, relative to the output folder. */
export const articlePage = (id: string) => `articles/${id}/index.html`;

/**
 * A hard link, or a copy where the two folders are on different file systems.
 * The cached index files are written once and never rewritten in place (a new
 * index is a new folder), so the output may share them.
 */
export function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
    copyFileSync(from, to);
  }
}

/** One shard to index: its pages in the built site `dir`, a scratch folder of its own, and where its bundle goes. */
export interface ShardJob {
  dir: string;
  name: string;
  ids: readonly string[];
  scratch: string;
  target: string;
}

/**
 * Indexes one shard's pages with Pagefind and writes the bundle into `target`,
 * renamed into place when whole. Leaves Pagefind's service running: the
 * caller closes it (`closePagefind`) once its last shard is done.
 */
export async function indexShard({ dir, name, ids, scratch, target }: ShardJob): Promise<void> {
  // Pagefind reads a folder by glob: the shard's pages, linked into a folder of their own.
  const pages = join(scratch, 'pages');
  rmSync(scratch, { recursive: true, force: true });
  for (const id of ids) {
    const page = join(pages, articlePage(id));
    mkdirSync(dirname(page), { recursive: true });
    linkOrCopy(join(dir, articlePage(id)), page);
  }
  const { index, errors } = await pagefind.createIndex();
  if (!index) throw new Error(errors.join('; '));
  const added = await index.addDirectory({ path: pages, glob: SEARCHED_PAGES });
  if (added.errors.length > 0 || added.page_count !== ids.length) {
    throw new Error(
      added.errors.join('; ') || `${added.page_count} of the ${ids.length} pages of shard ${name} indexed`,
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

/** Stops Pagefind's service (a child process of this thread). */
export const closePagefind = () => pagefind.close();
