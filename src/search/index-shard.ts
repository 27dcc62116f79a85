import {
  copyFileSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, normalize } from 'node:path';

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

/**
 * The glob of a shard's article pages in the built site, `articles/{a,b,c}/index.html`,
 * when every id can be written in one: a single path segment of letters,
 * digits, hyphens and underscores, as nearly every id is. Otherwise undefined,
 * and the pages are read from a folder of links (`linkPages`). Reading the
 * built site itself spared a 10,000-article build making and deleting 2,400
 * folders and links for the edited article's shard: 1.3 s on the reference
 * machine, whose file system is slow to create folders soon after others were
 * deleted (src/integrations/incremental-cache.ts).
 */
export function shardGlob(ids: readonly string[]): string | undefined {
  if (ids.length === 0 || !ids.every((id) => /^[\p{L}\p{N}_-]+$/u.test(id))) return undefined;
  return articlePage(`{${ids.join(',')}}`);
}

/** Links a shard's pages into `scratch/pages/`, as the built site has them; returns that folder. */
function linkPages(dir: string, ids: readonly string[], scratch: string): string {
  const pages = join(scratch, 'pages');
  for (const id of ids) {
    const page = join(pages, articlePage(id));
    mkdirSync(dirname(page), { recursive: true });
    linkOrCopy(join(dir, articlePage(id)), page);
  }
  return pages;
}

/** One shard to index: its pages in the built site `dir`, a scratch folder of its own, and where its bundle goes. */
export interface ShardJob {
  /** Bundles of earlier builds (folders in the cache), whose files the new bundle may share (see `writeBundle`). */
  earlier: readonly string[];
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
export async function indexShard({ dir, name, ids, scratch, target, earlier }: ShardJob): Promise<void> {
  rmSync(scratch, { recursive: true, force: true });
  const { index, errors } = await pagefind.createIndex();
  if (!index) throw new Error(errors.join('; '));
  const glob = shardGlob(ids);
  const added = await index.addDirectory(
    glob ? { path: dir, glob } : { path: linkPages(dir, ids, scratch), glob: SEARCHED_PAGES },
  );
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
  writeBundle(bundle, files, earlier);
  rmSync(target, { recursive: true, force: true });
  renameSync(bundle, target);
  rmSync(scratch, { recursive: true, force: true });
}

/**
 * Writes Pagefind's files into `bundle`. A file that an earlier bundle holds
 * at the same path with the same bytes is linked from there instead: Pagefind
 * names a page's fragment, and most index chunks, by a hash of their content,
 * so when one article of a 2,400-page shard changes, nearly all of the new
 * bundle's 2,400 files are files of the old one. Writing them anew cost 1.4 s
 * of a warm build at 10,000 articles, and freed as many files when the old
 * bundle was deleted. Bundles are never written once in the cache, so sharing
 * their files is safe (as `linkOrCopy` says).
 */
export function writeBundle(
  bundle: string,
  files: readonly { path: string; content: Uint8Array }[],
  earlier: readonly string[],
): { written: number; linked: number } {
  // Each path of an earlier bundle, with the folders holding it (runtime files are in every primary bundle).
  const held = new Map<string, string[]>();
  for (const folder of earlier) {
    for (const path of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
      held.set(path, [...(held.get(path) ?? []), folder]);
    }
  }
  let linked = 0;
  for (const file of files) {
    const path = join(bundle, file.path);
    mkdirSync(dirname(path), { recursive: true });
    const same = (held.get(normalize(file.path)) ?? [])
      .map((folder) => join(folder, file.path))
      .find((old) => sameBytes(old, file.content));
    if (same) {
      linkOrCopy(same, path);
      linked += 1;
    } else {
      writeFileSync(path, file.content);
    }
  }
  return { written: files.length - linked, linked };
}

/** Whether `path` is a file holding exactly `content`. */
function sameBytes(path: string, content: Uint8Array): boolean {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat?.isFile() === true && stat.size === content.byteLength && readFileSync(path).equals(content);
}

/**
 * Stops Pagefind's service (a child process of this thread) and resolves once
 * the process has ended and been reaped, so its CPU time counts in the build's
 * (patches/README.md, `pagefind+1.5.2.patch`).
 */
export const closePagefind = () => pagefind.close();
