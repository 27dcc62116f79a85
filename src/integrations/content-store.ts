import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Plugin } from 'vite';

import { astroClass } from './astro-class.ts';
import { writeStoreFile } from './store-file.ts';

/**
 * Astro's content store reaches the pages as a virtual module whose code is
 * the whole store in one string literal, `export default JSON.parse("…")`
 * (src: astro/dist/content/vite-plugin-content-virtual-mod.js). At 10,000
 * articles that literal is some 80 MB, the whole body of every article: the
 * bundler carries it into the prerender chunk, and Node spends 5 s compiling
 * the module before the first page renders, on every build, however little
 * changed.
 *
 * In a static build the pages render in this process, right after the
 * content sync, from the same cache folder. So this plugin makes that module
 * hand the pages the store the sync has just finished with, still in memory
 * (`shareSyncedStore` below), and else a read of the file it was written to.
 * Either way no 80 MB of code to bundle, write and compile. The store in
 * memory is what the file holds (the sync wrote it, or loaded it and changed
 * nothing, before any page renders), in the file's order; sharing it spares
 * the pages a second copy of every article (about 150 MB of live heap at
 * 10,000 articles, a heap snapshot showed) and the second or so it took to
 * parse the file again.
 *
 * It answers the module's `load` before Astro's plugin does (`order: 'pre'`),
 * because Astro's own load reads the store, parses it once to validate it and
 * escapes it into the literal: a second or more per build at 10,000 articles,
 * and the largest transient allocation of the build (an earlier version of
 * this plugin rewrote Astro's result, after all that work). Only for
 * `astro build`, and only when the store is one file: the integration does
 * not add it when `experimental.collectionStorage` splits the store, and with no
 * store yet Astro's own empty module is kept.
 */
export const CONTENT_STORE_MODULE = '\0astro:data-layer-content';

/**
 * What Astro's content plugins attach to content-data modules, so its
 * incremental build leaves the store out of every page's code hash
 * (`createContentDataIncrementalMetadata` in
 * astro/dist/core/build/incremental-metadata.js, not exported by the
 * package): a page's content is in its `cacheKey`, not in its code.
 */
const CONTENT_DATA_META = { astroIncremental: { kind: 'content-data' } };

export function contentStoreFromDisk(storeFile: string): Plugin {
  return {
    name: 'news-reader:content-store-from-disk',
    apply: 'build',
    load: {
      order: 'pre',
      filter: { id: new RegExp(`^${CONTENT_STORE_MODULE}$`) },
      handler() {
        if (!existsSync(storeFile)) return undefined;
        const file = JSON.stringify(resolve(storeFile));
        return {
          code: [
            "import { readFileSync } from 'node:fs';",
            // A Map is what Astro's ImmutableDataStore.fromModule takes as it is (astro/dist/content/data-store.js).
            `const synced = globalThis[Symbol.for(${JSON.stringify(SYNCED_STORE_KEY)})]?.(${file});`,
            `export default synced instanceof Map ? synced : JSON.parse(readFileSync(${file}, 'utf8'));`,
          ].join('\n'),
          map: { mappings: '' },
          meta: CONTENT_DATA_META,
        };
      },
    },
  };
}

/** The part of Astro's `MutableDataStore` (astro/dist/content/mutable-data-store.js, not exported by the package) this file changes. */
interface StoreClass {
  prototype: {
    get(collection: string, key: string): unknown;
    set(collection: string, key: string, value: unknown): void;
  };
  fromFile(file: URL | string): Promise<StoreInstance>;
}

/** A store as `MutableDataStore.fromFile` returns it: its collections, by name, each its entries by id. */
interface StoreInstance {
  _collections: Map<string, Map<string, unknown>>;
}

/** Marks Astro's store class once changed, so a second build in one process does not wrap `set` twice. */
const UNCHANGED_META_SKIPPED = Symbol.for('news-reader:unchanged-store-meta-skipped');

/** Astro's content store class (`MutableDataStore`). */
export const astroStoreClass = (root: string) =>
  astroClass<StoreClass>(root, 'content/mutable-data-store.js', 'MutableDataStore');

/** The global through which the store module (`contentStoreFromDisk`) asks for the synced store of its file. */
const SYNCED_STORE_KEY = 'news-reader:synced-content-store';
const SYNCED_STORE = Symbol.for(SYNCED_STORE_KEY);
const STORE_SHARED = Symbol.for('news-reader:synced-content-store-shared');

type SyncedStoreLookup = (file: string) => Map<string, Map<string, unknown>> | undefined;

/**
 * Remembers the store Astro's content sync loads (`MutableDataStore.fromFile`,
 * astro/dist/core/sync/index.js), by the file it is kept in, so that the
 * module the pages import (`contentStoreFromDisk`) can hand them that store
 * instead of parsing the file into a second one. The pages get its
 * collections in the order Astro writes them (`sortedLikeAstro`), which is
 * the order a parse of the file gives; entries are the store's own objects,
 * which the pages only read, as they read a parsed copy.
 *
 * Returns false, changing nothing, when Astro's store is not where or what
 * this expects (another Astro version): the pages then parse the file.
 */
export function shareSyncedStore(root: string): boolean {
  const store = astroStoreClass(root) as (StoreClass & { [STORE_SHARED]?: true }) | undefined;
  if (!store || typeof store.fromFile !== 'function') return false;
  if (store[STORE_SHARED]) return true;
  // The last store loaded: one build's. A second build in this process (the tests) loads its own.
  let last: { file: string; instance: StoreInstance } | undefined;
  const fromFile = store.fromFile;
  store.fromFile = async function fromFileShared(file) {
    const instance = await fromFile.call(this, file);
    const path = resolve(file instanceof URL ? fileURLToPath(file) : file);
    last = instance?._collections instanceof Map ? { file: path, instance } : undefined;
    return instance;
  };
  const lookup: SyncedStoreLookup = (file) =>
    last && last.file === resolve(file) ? sortedLikeAstro(last.instance._collections) : undefined;
  (globalThis as { [SYNCED_STORE]?: SyncedStoreLookup })[SYNCED_STORE] = lookup;
  store[STORE_SHARED] = true;
  return true;
}

/**
 * Makes setting a meta value of Astro's content store to the value it already
 * holds a no-op. Astro 7.3.5 (and 7.4.8) sets three meta values at the start of
 * every content sync, changed or not: its version and the digests of the
 * content and Astro configs (`#doSync` in astro/dist/content/content-layer.js).
 * Each set marks the store dirty, so 500 ms into the sync Astro serializes the
 * whole store (`devalue`, 1.5 to 2 s of the main thread at 10,000 articles)
 * while its loader is still reading files, then finds the file unchanged and
 * writes nothing; and an article added or edited after that write began makes
 * a second, real one at the end. With unchanged meta values skipped, a build
 * with nothing changed serializes the store not at all, and one that changed
 * an article once. What the store holds, and so what the build writes, is the
 * same: the value being set is the value already there.
 *
 * Returns false, changing nothing, when Astro's store is not where or what
 * this expects (another Astro version): the build is then as Astro made it.
 */
export function skipUnchangedStoreMeta(root: string): boolean {
  const store = astroStoreClass(root);
  const prototype = store?.prototype as (StoreClass['prototype'] & { [UNCHANGED_META_SKIPPED]?: true }) | undefined;
  if (!prototype || typeof prototype.set !== 'function' || typeof prototype.get !== 'function') return false;
  if (prototype[UNCHANGED_META_SKIPPED]) return true;
  const set = prototype.set;
  prototype.set = function setUnlessUnchangedMeta(collection, key, value) {
    // Meta collections are `meta:<name>`; their values are strings (versions, digests).
    const unchanged =
      collection.startsWith('meta:') &&
      (value === null || typeof value !== 'object') &&
      this.get(collection, key) === value;
    if (!unchanged) set.call(this, collection, key, value);
  };
  prototype[UNCHANGED_META_SKIPPED] = true;
  return true;
}

/** The part of Astro's `FileWriter` (astro/dist/content/data-store-writer.js, not exported by the package) this file changes. */
interface StoreWriterClass {
  prototype: { readonly target: URL | string; write(collections: Map<string, Map<string, unknown>>): Promise<boolean> };
}

const LEAN_WRITES = Symbol.for('news-reader:lean-store-writes');

/** What the writer below has written since it was last asked (`takeStoreWrites`). */
export interface StoreWrites {
  /** Writes that changed the file. */
  files: number;
  /** Bytes of the last file written. */
  bytes: number;
  /** Seconds spent writing, changed or not. */
  seconds: number;
  /** Writes left to Astro's own code (the store held a value this writer does not know). */
  byAstro: number;
}

// Kept on globalThis, as the writer it counts is Astro's class, shared by every copy of this module.
const WRITES = Symbol.for('news-reader:lean-store-writes-figures');
const writes = ((globalThis as { [WRITES]?: StoreWrites })[WRITES] ??= { files: 0, bytes: 0, seconds: 0, byAstro: 0 });

/** The build's log line for what its content sync did to the store file. */
export function describeStoreWrites({ files, bytes, seconds, byAstro }: StoreWrites): string {
  if (byAstro > 0) {
    return "content store: written by Astro's own code (it holds a value of a kind src/integrations/store-file.ts leaves to Astro)";
  }
  if (files === 0) return 'content store: unchanged, not written';
  const size = bytes < 1024 ** 2 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  const time = seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(1)} s`;
  return `content store: ${size} written a piece at a time in ${time}`;
}

/** What `leanStoreWrites` wrote since the last call, then zero: the build logs it when its content sync ends. */
export function takeStoreWrites(): StoreWrites {
  const taken = { ...writes };
  Object.assign(writes, { files: 0, bytes: 0, seconds: 0, byAstro: 0 });
  return taken;
}

/** Astro's writer of the one-file content store (`FileWriter`). */
export const astroStoreWriterClass = (root: string) =>
  astroClass<StoreWriterClass>(root, 'content/data-store-writer.js', 'FileWriter');

/**
 * The collections in the order Astro writes them (`sortCollections` in
 * astro/dist/content/data-store-writer.js): by name, and each collection's
 * entries by id, with `localeCompare`.
 */
export function sortedLikeAstro(collections: Map<string, Map<string, unknown>>): Map<string, Map<string, unknown>> {
  const byName = ([a]: [string, unknown], [b]: [string, unknown]) => a.localeCompare(b);
  return new Map(
    [...collections.entries()]
      .sort(byName)
      .map(([name, entries]) => [name, new Map([...entries.entries()].sort(byName))]),
  );
}

/**
 * Makes Astro write its one-file content store with `writeStoreFile`
 * (./store-file.ts): the same bytes, without the two whole-store strings
 * Astro's own write holds at once (see there for what they cost). A store
 * holding something that writer does not know is written by Astro's own
 * code, as before.
 *
 * Returns false, changing nothing, when Astro's writer is not where or what
 * this expects (another Astro version).
 */
export function leanStoreWrites(root: string): boolean {
  const writer = astroStoreWriterClass(root);
  const prototype = writer?.prototype as (StoreWriterClass['prototype'] & { [LEAN_WRITES]?: true }) | undefined;
  if (!prototype || typeof prototype.write !== 'function') return false;
  if (!Object.getOwnPropertyDescriptor(prototype, 'target')?.get) return false;
  if (prototype[LEAN_WRITES]) return true;
  const write = prototype.write;
  prototype.write = async function writeLean(collections) {
    const target = this.target;
    const file = target instanceof URL ? fileURLToPath(target) : String(target);
    const started = performance.now();
    const written = writeStoreFile(file, sortedLikeAstro(collections));
    if (written === undefined) {
      writes.byAstro += 1;
      return write.call(this, collections);
    }
    writes.seconds += (performance.now() - started) / 1000;
    if (written) {
      writes.files += 1;
      writes.bytes = statSync(file).size;
    }
    return written;
  };
  prototype[LEAN_WRITES] = true;
  return true;
}
