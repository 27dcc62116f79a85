import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { astroClass } from './astro-class.ts';

/**
 * Astro's incremental build keeps a copy of every keyed page in its cache
 * (`<cacheDir>/dist/`) and, when a page's key is unchanged, copies that copy
 * into the new output instead of rendering it (`IncrementalBuildCache` in
 * astro/dist/core/build/incremental.js). At 10,000 articles that is 13,800
 * new files and 330 MB written on every build, however little changed.
 *
 * `linkReusedPages` makes the reuse a hard link: the new output's page is the
 * cache's file, under a second name. No bytes are written, and no inode is
 * allocated. That last part is what counts on this project's reference
 * machine: its ext4 has no journal, and on such a file system the kernel, to
 * allocate an inode, steps over every inode freed in the last minute or more
 * (`recently_deleted` in fs/ext4/ialloc.c). A build that followed the
 * deletion of the previous output spent 12 to 22 s of system time there
 * (perf), against 5 s for a build a minute later.
 *
 * A page Astro renders is written to the output, then to the cache; the
 * cache's copy is made a link to the output's file too, so even a cold build
 * writes each page once.
 *
 * Sharing a file with the published site is safe only if nobody writes into
 * it. So the cache's copy of a page rendered again is written beside and
 * renamed over the old name (a new file), where Astro wrote into the old
 * file: the published page, the same file until then, keeps its bytes until
 * the new build is swapped in, whether that build succeeds or not.
 *
 * The copies are kept in 256 folders named by a hash of the page's path
 * (`<cacheDir>/pages/`, see `cachedCopy`), not in a tree of the site's
 * folders as Astro keeps them (`<cacheDir>/dist/`): that tree is a folder per
 * article, and a cold build made 13,800 of them, one `mkdir` per page on
 * Astro's rendering thread (1.9 s of it in a profiled cold build at 10,000
 * articles, for the reason above). Astro reads and writes the copies only
 * through the three methods changed here.
 *
 * Where a link cannot be made (the cache on another file system, links
 * refused), the copy is copied. When Astro's class is not what this expects
 * (another Astro version), nothing changes: Astro keeps its copies its own way.
 *
 * Every file call here is synchronous, on purpose. They run on Astro's
 * rendering thread, once or more per page. In a CPU profile of page
 * generation in a cold 10,000-article build, that thread spent 75 to 150 µs
 * inside each `fs/promises` call on average (`open` and `mkdir`; a profile's
 * self time is wall time, so this counts any wait for a core), against
 * about 12 µs for the same `mkdir` in a small script. With these calls
 * synchronous, the thread's time inside file calls (Astro's and these) fell
 * from 8.8 s to 3.9 s of page generation.
 */

/** The part of Astro's `IncrementalBuildCache` (not exported by the package) this file changes. */
interface IncrementalCacheClass {
  prototype: {
    restoreOutputFile(settings: CacheSettings, outputFile: string, destination: URL): Promise<boolean>;
    writeOutputFile(settings: CacheSettings, outputFile: string, body: string | Uint8Array): Promise<void>;
    deleteOutputFile(settings: CacheSettings, outputFile: string): Promise<void>;
  };
}

interface CacheSettings {
  config: { cacheDir: URL; outDir?: URL };
}

/**
 * Makes `temp` a second name of the page Astro has just written to the output
 * with this same body (it writes the page, then the cache's copy: generate.js),
 * so a rendered page is written once. Only when the page holds exactly
 * `body`; false otherwise, and the copy is written.
 */
function linkWrittenPage(
  settings: CacheSettings,
  outputFile: string,
  body: string | Uint8Array,
  temp: string,
): boolean {
  if (!settings.config.outDir) return false;
  const page = new URL(outputFile, settings.config.outDir);
  try {
    if (!readFileSync(page).equals(typeof body === 'string' ? Buffer.from(body) : body)) return false;
    inFolder(temp, () => linkSync(page, temp));
    return true;
  } catch {
    return false; // not written there, another file system, links refused
  }
}

/** The folder of the cache's page copies, as this file keeps them. */
export const COPIES_DIR = 'pages/';

/**
 * Where the cache keeps a page's copy: `<cacheDir>/pages/<2 hex digits>/<38
 * more>.html`, from the SHA-1 of the page's path in the output. 256 folders
 * hold every page, however many articles there are.
 */
export function cachedCopy(settings: CacheSettings, outputFile: string): string {
  const hash = createHash('sha1').update(outputFile).digest('hex');
  const name = `${hash.slice(0, 2)}/${hash.slice(2)}${extname(outputFile)}`;
  return fileURLToPath(new URL(`${COPIES_DIR}${name}`, settings.config.cacheDir));
}

/** Where Astro kept the copies before this file changed how (`getCachedOutputFile` in astro/dist/core/build/incremental.js). */
const ASTRO_COPIES_DIR = 'dist/';

/** Runs `make` (a file call that creates `file`), creating `file`'s folder first if it is not there. */
function inFolder<T>(file: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(file), { recursive: true });
    return make();
  }
}

const LINKED = Symbol.for('news-reader:reused-pages-linked');

/** How the pages Astro reused since the last `takeReusedPages` reached the output. */
export interface ReusedPages {
  /** Hard links to the cache's copy. */
  linked: number;
  /** Copies made by Astro's own code (no link possible). */
  copied: number;
}

// On globalThis, as the class it counts is Astro's, shared by every copy of this module.
const FIGURES = Symbol.for('news-reader:reused-pages-figures');
const reused = ((globalThis as { [FIGURES]?: ReusedPages })[FIGURES] ??= { linked: 0, copied: 0 });

/** What the reuse did since the last call, then zero: the build logs it when its pages are written. */
export function takeReusedPages(): ReusedPages {
  const taken = { ...reused };
  Object.assign(reused, { linked: 0, copied: 0 });
  return taken;
}

// On globalThis, for the reason above.
const LISTENER = Symbol.for('news-reader:rendered-page-listener');
type RenderedPageListener = (file: string) => void;

/**
 * Has `listener` called with the path of each page Astro renders into the
 * output from now on (every page with a cache key; reused pages are not
 * rendered), once the page is written; `undefined` stops it. The early page
 * check (src/security/early-check.ts) listens.
 */
export function onRenderedPage(listener: RenderedPageListener | undefined): void {
  (globalThis as { [LISTENER]?: RenderedPageListener | undefined })[LISTENER] = listener;
}

/** Astro's incremental build cache class (`IncrementalBuildCache`). */
export const astroIncrementalCacheClass = (root: string) =>
  astroClass<IncrementalCacheClass>(root, 'core/build/incremental.js', 'IncrementalBuildCache');

/**
 * Makes Astro's incremental build link reused pages from its cache, and
 * replace (not rewrite) the cache's copy of a page it renders again, with
 * the copies kept in `<cacheDir>/pages/` (`cachedCopy`).
 *
 * Returns false, changing nothing, when Astro's class is not where or what
 * this expects.
 */
export function linkReusedPages(root: string): boolean {
  const cache = astroIncrementalCacheClass(root);
  const prototype = cache?.prototype as (IncrementalCacheClass['prototype'] & { [LINKED]?: true }) | undefined;
  if (
    !prototype ||
    typeof prototype.restoreOutputFile !== 'function' ||
    typeof prototype.writeOutputFile !== 'function' ||
    typeof prototype.deleteOutputFile !== 'function'
  )
    return false;
  if (prototype[LINKED]) return true;

  prototype.restoreOutputFile = async function restoreByLink(settings, outputFile, destination) {
    const copy = cachedCopy(settings, outputFile);
    try {
      mkdirSync(new URL('./', destination), { recursive: true });
      linkSync(copy, destination);
      reused.linked += 1;
      return true;
    } catch (error) {
      // No copy in the cache: Astro renders the page.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    }
    try {
      // Another file system, links refused, the name taken: a copy, as Astro makes it.
      copyFileSync(copy, destination);
      reused.copied += 1;
      return true;
    } catch {
      return false;
    }
  };

  prototype.writeOutputFile = async function replaceCachedCopy(settings, outputFile, body) {
    const file = cachedCopy(settings, outputFile);
    // Beside it, then renamed: the old file may be a page of the published site (see above).
    const temp = `${file}.${process.pid}.tmp`;
    if (!linkWrittenPage(settings, outputFile, body, temp)) inFolder(temp, () => writeFileSync(temp, body));
    renameSync(temp, file);
    // Astro has written the page to the output before its cache copy (generate.js).
    const listener = (globalThis as { [LISTENER]?: RenderedPageListener })[LISTENER];
    if (listener && settings.config.outDir) listener(fileURLToPath(new URL(outputFile, settings.config.outDir)));
  };

  prototype.deleteOutputFile = async function deleteCachedCopy(settings, outputFile) {
    rmSync(cachedCopy(settings, outputFile), { force: true });
  };

  prototype[LINKED] = true;
  return true;
}

/**
 * Deletes the page copies Astro kept itself (`<cacheDir>/dist/`) before
 * `linkReusedPages` kept them in `<cacheDir>/pages/`: a cache from an older
 * version of this project. Nothing reads them any more, and as hard links
 * they would keep an old build's pages on disk. The first build after the
 * change renders those pages again, once. Returns whether there was such a
 * folder.
 */
export function dropAstroCopies(cacheDir: string): boolean {
  try {
    rmSync(join(cacheDir, ASTRO_COPIES_DIR), { recursive: true });
    return true;
  } catch {
    return false;
  }
}
