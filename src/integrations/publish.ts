import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { AstroIntegration, AstroIntegrationLogger } from 'astro';

import { CITATION_SERVICE } from '../citations/citations.ts';
import { type CitationPool, startCitationPool } from '../citations/pool.ts';
import { configDigest } from '../lib/source-digest.ts';
import { futureMarginDays, printValidation, validateContent } from '../lib/validate-content.ts';
import { takeRendersRedoneHere, WORKER_HEAP } from '../markdown/threaded.ts';
import { buildSearchIndex } from '../search/build-index.ts';
import { type SearchShard, searchShards } from '../search/shards.ts';
import { checkBuiltPages, type PageVerdict } from '../security/check-pages.ts';
import { EarlyPageCheck } from '../security/early-check.ts';
import {
  contentStoreFromDisk,
  describeStoreWrites,
  leanStoreWrites,
  shareSyncedStore,
  skipUnchangedStoreMeta,
  takeStoreWrites,
} from './content-store.ts';
import { COPIES_DIR, dropAstroCopies, linkReusedPages, onRenderedPage, takeReusedPages } from './incremental-cache.ts';
import { DISCARDED, isRunning, NEXT, PREVIOUS, SPARE } from './output-folders.ts';

/**
 * The one build pipeline. Every `astro build` (npm run build, the bench, the
 * budget run, CI, Netlify, any host's default command) goes through these
 * hooks, so no path publishes a site that skipped a check:
 *
 *   1. `astro:config:setup`: validate every article (src/lib/validate-content.ts);
 *      any error stops the build before Astro reads a file. Start formatting
 *      the articles' citations in worker threads (src/citations/pool.ts), so
 *      the CSL engine runs on the other cores while Astro renders. Then point Astro
 *      at a staging folder beside the real `outDir` (`.dist-next-<pid>`, same
 *      file system, so publishing is a rename, not a copy). And keep Astro from
 *      serializing its content store when nothing in it changed
 *      (`skipUnchangedStoreMeta`), and have it write the store a piece at a
 *      time when it did (`leanStoreWrites`, both in
 *      src/integrations/content-store.ts). And have Astro's incremental
 *      build link the pages it reuses instead of copying them
 *      (`linkReusedPages`, src/integrations/incremental-cache.ts).
 *   2. Astro builds into the staging folder. `astro:build:start` (content
 *      synced, pages next): once the citation workers are idle, check pages
 *      as Astro writes them (src/security/early-check.ts).
 *   3. `astro:build:done`: check every built page (src/security/), index
 *      article pages for search (Pagefind), and only then swap the staging
 *      folder in for `outDir`. The old `outDir` is deleted by a background
 *      process, so the build ends as soon as the new one is in place.
 *
 * Whatever fails, and wherever the process is killed (even SIGKILL), `outDir`
 * keeps the last good build byte for byte: until the swap nothing writes
 * there, and a swap interrupted between its two renames is undone by the
 * next build (see `recoverInterruptedBuilds`).
 */

/**
 * Removes a folder left behind. An ENOENT from inside it means a background
 * deleter (`discardInBackground`) took the folder over while this ran (it
 * renames it before deleting): that deleter finishes the job.
 */
function removeLeftover(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Folders left by builds that were killed and by deleters that did not finish
 * (their process is gone). A killed swap may have moved `outDir` aside without
 * putting the new build in its place: then the folder it moved aside is the
 * last good build, and goes back. Next to an existing `outDir` it is only an
 * old build, and goes; so does a discarded folder, even with no `outDir`,
 * since its deleter may have emptied part of it.
 */
export function recoverInterruptedBuilds(outDir: string, ownPid = process.pid): void {
  const parent = dirname(outDir);
  const name = basename(outDir);
  if (!existsSync(parent)) return;
  const stale = (prefix: string) =>
    readdirSync(parent)
      .filter((entry) => entry.startsWith(prefix))
      .filter((entry) => {
        const pid = Number(entry.slice(prefix.length));
        return Number.isInteger(pid) && pid !== ownPid && !isRunning(pid);
      })
      .map((entry) => join(parent, entry));
  for (const previous of stale(PREVIOUS(name))) {
    if (!existsSync(outDir)) renameSync(previous, outDir);
    else removeLeftover(previous);
  }
  for (const next of stale(NEXT(name))) removeLeftover(next);
  for (const discarded of stale(DISCARDED(name))) removeLeftover(discarded);
}

/**
 * The background deleter: takes the folder over by renaming it to
 * `<discarded prefix><its own pid>`, deletes every file in it, and keeps its
 * folders as the spare the next build builds into (`takeSpare`), or deletes
 * them too when a spare is already there. Run as `node -e` with the Node
 * running the build rather than `rm -rf`, for two reasons: it works wherever
 * the build does (Windows has no `rm`), and it can name the folder after its
 * own process, so the next build's `recoverInterruptedBuilds` leaves the
 * folder alone while the deleter works and removes what is left if it died.
 * Starting Node costs some 40 ms of CPU, in the background. The spare's name
 * is given only once every file is gone: a spare never holds a file.
 */
const DELETER = `
const { readdirSync, renameSync, rmSync, unlinkSync } = require('node:fs');
const { join } = require('node:path');
const [folder, discardedPrefix, spare] = process.argv.slice(1);
const own = discardedPrefix + process.pid;
try {
  renameSync(folder, own);
} catch {
  process.exit(0); // gone already, or not movable: the next build removes it as a stale previous folder
}
try {
  for (const entry of readdirSync(own, { withFileTypes: true, recursive: true })) {
    if (!entry.isDirectory()) unlinkSync(join(entry.parentPath, entry.name));
  }
  renameSync(own, spare); // refused when a spare (never empty) is already there
} catch {
  rmSync(own, { recursive: true, force: true });
}
`;

/**
 * Deletes `folder`'s files in a detached process the build does not wait for
 * (deleting thousands of files took 18% of a warm build), keeping its folders
 * as the next build's spare. If that process cannot be started, the folder is
 * deleted here, as before.
 */
function discardInBackground(folder: string, outDir: string): void {
  const [parent, name] = [dirname(outDir), basename(outDir)];
  const deleter = spawn(
    process.execPath,
    ['-e', DELETER, folder, join(parent, DISCARDED(name)), join(parent, SPARE(name))],
    { detached: true, stdio: 'ignore', windowsHide: true },
  );
  deleter.once('error', () => removeLeftover(folder));
  deleter.unref();
}

/**
 * Makes the spare folders an old build left (see `DELETER`) the staging
 * folder, so this build creates almost no folder: at 10,000 articles a build
 * writes 13,800 pages, each in a folder of its own, and on a file system such
 * as this project's reference machine's (ext4 without a journal) creating a
 * folder soon after thousands were deleted is slow (see
 * src/integrations/incremental-cache.ts). Astro is then told not to empty
 * the staging folder, and `removeUnusedFolders` removes, once Astro is done,
 * the folders of pages that are gone. A spare holding anything but folders
 * (which the deleter never leaves) is deleted instead. Returns the spare's
 * folders (relative to it, deepest first), or undefined when there was no
 * spare to take.
 *
 * A path that was a folder in the old build and is a file in this one (a
 * page turned into an asset of the same name) makes Astro's write fail: the
 * build stops, `dist/` untouched, its staging folder (the spare) is deleted,
 * and the next build starts from a fresh folder.
 */
export function takeSpare(outDir: string, staging: string): string[] | undefined {
  try {
    renameSync(join(dirname(outDir), SPARE(basename(outDir))), staging);
  } catch {
    return undefined; // no spare
  }
  const entries = readdirSync(staging, { withFileTypes: true, recursive: true });
  if (entries.every((entry) => entry.isDirectory())) {
    // Deepest first (a folder's path is longer than its parent's), for `removeUnusedFolders`.
    return entries
      .map((entry) => relative(staging, join(entry.parentPath, entry.name)))
      .sort((a, b) => b.length - a.length);
  }
  removeLeftover(staging);
  return undefined;
}

/**
 * Removes the spare's `folders` (relative to `dir`, deepest first, as
 * `takeSpare` returns them) that the build left empty: a withdrawn article's.
 * Folders holding one of the build's pages (`used`) are skipped unread; any
 * other is removed only if empty (`rmdir` refuses any other), so a folder the
 * build wrote something else into stays. Returns how many were removed.
 */
export function removeUnusedFolders(dir: string, folders: readonly string[], used: ReadonlySet<string>): number {
  let removed = 0;
  for (const folder of folders) {
    if (used.has(folder)) continue;
    try {
      rmdirSync(join(dir, folder));
      removed += 1;
    } catch {
      // Not empty (the build wrote into it), or gone already.
    }
  }
  return removed;
}

/** Every folder, relative to `dir`, that holds one of `files` (absolute paths), and each folder above it. */
export function foldersHolding(dir: string, files: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  for (const file of files) {
    let folder = relative(dir, dirname(file));
    while (folder !== '' && folder !== '.' && !folders.has(folder)) {
      folders.add(folder);
      folder = dirname(folder);
    }
  }
  return folders;
}

/**
 * Puts `next` where `outDir` is. Two renames: the old folder steps aside, the
 * new one takes its place (Node has no atomic exchange of two folders). If the
 * second fails the old folder is put back; if the process dies between them,
 * `recoverInterruptedBuilds` puts it back on the next build. Once both
 * renames have succeeded the old folder is handed to a background deleter, so
 * this returns with the new `outDir` in place and the old one still on disk.
 */
export function swapIn(next: string, outDir: string, pid = process.pid): { replaced: boolean } {
  const previous = join(dirname(outDir), `${PREVIOUS(basename(outDir))}${pid}`);
  const hadPrevious = existsSync(outDir);
  if (hadPrevious) renameSync(outDir, previous);
  try {
    renameSync(next, outDir);
  } catch (error) {
    if (hadPrevious) renameSync(previous, outDir);
    throw error;
  }
  if (hadPrevious) discardInBackground(previous, outDir);
  return { replaced: hadPrevious };
}

/** An error Astro prints as it is, ending the build with exit code 1. */
class PublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishError';
  }
}

export default function publish(): AstroIntegration {
  let outDir = '';
  let staging = '';
  let cacheDir = '';
  let root = '';
  let base = '/';
  let published = false;
  let kept = '';
  let spareFolders: string[] | undefined;
  let citations: CitationPool | undefined;
  let shards: SearchShard[] = [];
  let early: EarlyPageCheck | undefined;
  const cleanUp = () => {
    if (!published && staging) rmSync(staging, { recursive: true, force: true });
  };
  const stopCitations = async () => {
    if (!citations) return undefined;
    const { figures } = citations;
    Reflect.deleteProperty(globalThis, CITATION_SERVICE);
    await citations.close();
    citations = undefined;
    return figures;
  };

  return {
    name: 'news-reader:publish',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig, logger }) => {
        if (command !== 'build') return;
        // Taken before this hook adds its own Vite options below, which change from one build to the next.
        const viteDigest = configDigest(config.vite);
        outDir = fileURLToPath(config.outDir);
        cacheDir = fileURLToPath(config.cacheDir);
        root = fileURLToPath(config.root);
        base = config.base;
        kept = existsSync(outDir) ? `${basename(outDir)}/ is unchanged` : `no ${basename(outDir)}/ was written`;

        let margin: number;
        try {
          margin = futureMarginDays();
        } catch (error) {
          throw new PublishError(`${(error as Error).message}; ${kept}.`);
        }
        const validated = validateContent(undefined, margin);
        if (!printValidation(validated)) {
          throw new PublishError(`the articles above need fixing first; ${kept}.`);
        }
        const articles = validated.articles.filter((article) => !article.data.draft);
        citations = startCitationPool({ root, cacheDir, site: config.site ?? 'http://localhost/', base, articles });
        shards = searchShards(articles);
        (globalThis as { [CITATION_SERVICE]?: CitationPool })[CITATION_SERVICE] = citations;

        if (!skipUnchangedStoreMeta(root)) {
          logger.warn(
            "Astro's content store is not the class src/integrations/content-store.ts expects (another Astro version?): every build serializes it again, which is slower and writes the same files",
          );
        }
        if (!shareSyncedStore(root)) {
          logger.warn(
            "Astro's content store is not the class src/integrations/content-store.ts expects (another Astro version?): the pages parse a second copy of it from its file, which needs more memory",
          );
        }
        if (!leanStoreWrites(root)) {
          logger.warn(
            "Astro's content store writer is not the class src/integrations/content-store.ts expects (another Astro version?): the store is written by Astro's own code, which needs more memory",
          );
        }
        if (!linkReusedPages(root)) {
          logger.warn(
            "Astro's incremental build cache is not the class src/integrations/incremental-cache.ts expects (another Astro version?): reused pages are copied, which is slower",
          );
        } else if (dropAstroCopies(cacheDir)) {
          logger.info(
            `deleted the page copies an older version kept in ${relative(root, cacheDir)}/dist/: the cache keeps them in ${COPIES_DIR} now, and the pages they were of render again once`,
          );
        }
        takeStoreWrites(); // from zero: what this build's content sync writes is logged when it ends
        takeRendersRedoneHere();
        takeReusedPages();

        recoverInterruptedBuilds(outDir);
        staging = join(dirname(outDir), `${NEXT(basename(outDir))}${process.pid}`);
        spareFolders = takeSpare(outDir, staging);
        const recycled = spareFolders !== undefined;
        // However the build ends (an Astro error, Ctrl-C), the half-built folder goes.
        process.once('exit', cleanUp);
        updateConfig({
          outDir: pathToFileURL(`${staging}/`),
          vite: {
            // Every Vite option, functions by their text, in the one place of the Vite options Astro's incremental
            // build hashes in full besides CSS and JSON; an identifier no code uses, so nothing else changes
            // (../lib/source-digest.ts).
            define: { __NEWS_READER_VITE_CONFIG__: JSON.stringify(viteDigest) },
            // Astro empties the output folder first, unless told not to: a spare holds folders only, kept on purpose.
            ...(recycled ? { build: { emptyOutDir: false } } : {}),
            // A chunked store ('chunked' or `{ chunkSize }`) is many modules, which Astro loads itself.
            ...([undefined, 'single-file'].includes(config.experimental.collectionStorage as string | undefined)
              ? { plugins: [contentStoreFromDisk(join(cacheDir, 'data-store.json'))] }
              : {}),
          },
        });
        logger.info(
          `building into ${basename(staging)}/${recycled ? " (an old build's folders, its files deleted)" : ''}; ` +
            `${basename(outDir)}/ is replaced only if every check passes`,
        );
      },

      // Astro has synced its content: say whether its store changed, and what writing it cost.
      // Pages come next: check them as they are written, on the cores the citation workers leave free.
      'astro:build:start': ({ logger }) => {
        if (!staging) return;
        logger.info(describeStoreWrites(takeStoreWrites()));
        const redone = takeRendersRedoneHere();
        if (redone > 0) {
          logger.warn(
            `${redone} Markdown render${redone === 1 ? '' : 's'} ran out of a worker's ${WORKER_HEAP.maxOldGenerationSizeMb} MB heap and ${redone === 1 ? 'was' : 'were'} done again in the main thread (src/markdown/threaded.ts): the same HTML, with more time and memory`,
          );
        }
        const check = new EarlyPageCheck(staging, { root, base }, citations?.drained() ?? Promise.resolve());
        onRenderedPage((file) => check.add(file));
        early = check;
      },

      'astro:build:done': async ({ dir, assets, logger }) => {
        if (!staging) return;
        const built = fileURLToPath(dir);
        if (spareFolders) {
          // The old build's folders this one did not use (see takeSpare); `assets` lists every page Astro wrote.
          const written = [...assets.values()].flat().map((url) => fileURLToPath(url));
          removeUnusedFolders(built, spareFolders, foldersHolding(built, written));
        }
        const reused = takeReusedPages();
        if (reused.linked + reused.copied > 0) {
          logger.info(
            `pages reused from the incremental cache: ${reused.linked} linked, ${reused.copied} copied (no link possible)`,
          );
        }
        const figures = await stopCitations();
        if (figures) {
          logger.info(
            `citations: ${figures.prefetched} formatted in worker threads, ${figures.cached} from the cache, ${figures.onDemand} on demand`,
          );
        }
        onRenderedPage(undefined);
        const verdicts = await early?.finish();
        early = undefined;
        await runChecks(built, logger, verdicts);
        const { replaced } = swapIn(built, outDir);
        published = true;
        logger.info(
          replaced
            ? `${basename(outDir)}/ replaced with the new build; the old one is being deleted in the background`
            : `${basename(outDir)}/ written`,
        );
      },
    },
  };

  async function runChecks(
    built: string,
    logger: AstroIntegrationLogger,
    verdicts: ReadonlyMap<string, PageVerdict> | undefined,
  ) {
    const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
    let started = performance.now();
    const report = await checkBuiltPages(built, { base, cacheDir, root, ...(verdicts ? { verdicts } : {}) });
    for (const { file, message } of report.warnings) logger.warn(`${file}: ${message}`);
    if (report.errors.length > 0) {
      for (const { file, message } of report.errors) logger.error(`${file}: ${message}`);
      const n = report.errors.length;
      throw new PublishError(`${n} unsafe or broken thing${n === 1 ? '' : 's'} in the built pages; ${kept}.`);
    }
    logger.info(
      `every built page passed the safety check (${report.checked} checked now, ${report.early} while pages were written, ` +
        `${report.reused - report.early} unchanged since a previous check; ${report.read} read) in ${seconds(started)}`,
    );
    started = performance.now();
    try {
      const search = await buildSearchIndex({ dir: built, cacheDir, root, shards, pageHashes: report.pageHashes });
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
      const reused = search.shards - search.indexedShards;
      logger.info(
        `search index: ${plural(search.pages, 'article page')} in ${plural(search.shards, 'shard')}; ` +
          (search.indexedShards > 0
            ? `Pagefind indexed ${search.indexedShards} (${plural(search.indexedPages, 'page')}) in ${plural(search.threads, 'thread')}, `
            : '') +
          `${reused} unchanged since a previous build; ${seconds(started)}`,
      );
    } catch (error) {
      throw new PublishError(
        `Pagefind could not index the built pages for search (${(error as Error).message}); ${kept}.`,
      );
    }
  }
}
