import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Plugin } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

import {
  astroStoreClass,
  CONTENT_STORE_MODULE,
  contentStoreFromDisk,
  shareSyncedStore,
  skipUnchangedStoreMeta,
} from '../../src/integrations/content-store.ts';
import { devalue } from '../support/astro.ts';

/**
 * The content store as the pages import it: read from Astro's own file at
 * prerender time, loaded before Astro's plugin builds its 80 MB literal, and
 * still marked as content data for Astro's incremental build.
 */

const work = mkdtempSync(join(tmpdir(), 'news-reader-content-store-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type LoadHook = Extract<NonNullable<Plugin['load']>, { handler: unknown }>;
interface Loaded {
  code: string;
  meta?: Record<string, unknown>;
}

function loadHook(storeFile: string): LoadHook {
  const hook = contentStoreFromDisk(storeFile).load;
  if (!hook || typeof hook === 'function') throw new Error('the plugin has no ordered load hook');
  return hook;
}

const load = (storeFile: string, id = CONTENT_STORE_MODULE) =>
  (loadHook(storeFile).handler as (id: string) => Loaded | undefined).call({}, id);

/** Imports the store module's code as the pages would, from a file of its own (each import a new module). */
async function importStoreModule(storeFile: string, name: string): Promise<unknown> {
  const loaded = load(storeFile);
  if (!loaded) throw new Error(`no store module for ${storeFile}`);
  const module = join(work, `${name}.mjs`);
  writeFileSync(module, loaded.code);
  return ((await import(pathToFileURL(module).href)) as { default: unknown }).default;
}

describe('contentStoreFromDisk', () => {
  it("answers the store module before Astro's own plugin does, and only that module", () => {
    const hook = loadHook(join(work, 'any.json'));
    expect(hook.order, "without order 'pre' Astro's load builds the whole-store literal first").toBe('pre');
    const filter = (hook.filter as { id: RegExp }).id;
    expect(filter.test(CONTENT_STORE_MODULE)).toBe(true);
    expect(filter.test('astro:data-layer-content'), 'the unresolved id is not the module').toBe(false);
    expect(filter.test(`${CONTENT_STORE_MODULE}-chunk`)).toBe(false);
  });

  it('gives the pages the same store, read from the file, not carried in the code', async () => {
    const store = { articles: [['sankei-2016-05-13', { title: 'A "quoted" \u2028 headline' }]] };
    const storeFile = join(work, 'data-store.json');
    writeFileSync(storeFile, JSON.stringify(store));
    const loaded = load(storeFile);
    expect(loaded, 'a store on disk is loaded by this plugin').toBeDefined();
    expect(loaded?.code, 'the module must not inline the store').not.toContain('sankei-2016-05-13');

    const module = join(work, 'store-module.mjs');
    writeFileSync(module, loaded?.code ?? '');
    const { default: imported } = (await import(pathToFileURL(module).href)) as { default: unknown };
    expect(imported, 'the module exports the store as Astro wrote it').toEqual(store);
  });

  it("is marked as content data, so a page's code hash leaves the store out", () => {
    const storeFile = join(work, 'marked.json');
    writeFileSync(storeFile, '{}');
    expect(load(storeFile)?.meta).toEqual({ astroIncremental: { kind: 'content-data' } });
  });

  it("leaves a missing store to Astro's empty module", () => {
    expect(load(join(work, 'never-written.json'))).toBeUndefined();
  });
});

/** Astro's store as its content sync uses it (astro/dist/content/mutable-data-store.js). */
interface AstroStore {
  metaStore(): { get(key: string): unknown; set(key: string, value: unknown): void };
  set(collection: string, key: string, value: unknown): void;
  get(collection: string, key: string): unknown;
  waitUntilSaveComplete(): Promise<void>;
}
type AstroStoreClass = Omit<NonNullable<ReturnType<typeof astroStoreClass>>, 'fromFile'> & {
  fromFile(file: URL): Promise<AstroStore>;
};

describe('skipUnchangedStoreMeta', () => {
  const root = process.cwd();
  const Store = astroStoreClass(root) as AstroStoreClass | undefined;

  it("finds the class of the project's Astro and changes it once", () => {
    expect(Store, "Astro's MutableDataStore should load from the project's Astro").toBeDefined();
    expect(skipUnchangedStoreMeta(root), 'the store class is the one this expects').toBe(true);
    const set = Store?.prototype.set;
    expect(skipUnchangedStoreMeta(root)).toBe(true);
    expect(Store?.prototype.set, 'a second build in one process must not wrap set() again').toBe(set);
  });

  it('writes the store when a meta value changes, and not when it is set to the value it holds', async () => {
    expect(skipUnchangedStoreMeta(root)).toBe(true);
    const file = join(work, 'meta-store.json');
    const store = await (Store as AstroStoreClass).fromFile(pathToFileURL(file));
    store.metaStore().set('astro-version', '7.3.5');
    await store.waitUntilSaveComplete();
    expect(readFileSync(file, 'utf8'), 'a new meta value is written').toContain('7.3.5');

    // Anything Astro writes from now on replaces this marker.
    writeFileSync(file, 'not rewritten');
    store.metaStore().set('astro-version', '7.3.5');
    await store.waitUntilSaveComplete();
    expect(readFileSync(file, 'utf8'), 'setting the value already held must not serialize the store').toBe(
      'not rewritten',
    );

    store.metaStore().set('astro-version', '7.4.8');
    await store.waitUntilSaveComplete();
    expect(readFileSync(file, 'utf8'), 'a changed meta value is still written').toContain('7.4.8');
    expect(store.metaStore().get('astro-version')).toBe('7.4.8');
  });

  it('changes nothing, and says so, where there is no Astro to change', () => {
    expect(astroStoreClass(work)).toBeUndefined();
    expect(skipUnchangedStoreMeta(work)).toBe(false);
  });
});

describe('shareSyncedStore', () => {
  const root = process.cwd();
  const Store = astroStoreClass(root) as AstroStoreClass | undefined;

  it("hands the pages the store Astro's sync loaded: the same entries, in the file's order, not a second copy", async () => {
    expect(shareSyncedStore(root), 'the store class is the one this expects').toBe(true);
    const file = join(work, 'synced', 'data-store.json');
    const store = await (Store as AstroStoreClass).fromFile(pathToFileURL(file));
    // Set out of order, as a sync sets them; Astro writes collections and entries sorted by name and id.
    store.set('sources', 'sankei', { name: 'The Sankei Shimbun' });
    store.set('articles', 'b-later', { title: 'Second', date: new Date('2016-05-13T00:00:00Z'), author: undefined });
    store.set('articles', 'a-earlier', { title: 'First', tags: ['Russia', 'Territorial talks'] });
    await store.waitUntilSaveComplete();

    const shared = await importStoreModule(file, 'synced-module');
    expect(shared, 'the module hands over the synced store, a Map as Astro takes it').toBeInstanceOf(Map);
    const collections = shared as Map<string, Map<string, unknown>>;
    expect(collections.get('articles')?.get('a-earlier'), "an entry must be the store's own object").toBe(
      store.get('articles', 'a-earlier'),
    );

    const parsed = devalue.parse(readFileSync(file, 'utf8')) as Map<string, Map<string, unknown>>;
    expect(collections, 'the pages must see exactly what a parse of the written file gives').toEqual(parsed);
    expect([...collections.keys()], "collections in the file's order").toEqual([...parsed.keys()]);
    expect([...(collections.get('articles')?.keys() ?? [])], "entries in the file's order").toEqual([
      ...(parsed.get('articles')?.keys() ?? []),
    ]);
  });

  it('parses the file when no store was loaded from it', async () => {
    expect(shareSyncedStore(root)).toBe(true);
    const file = join(work, 'not-synced.json');
    const store = [{ articles: 1 }, ['x']];
    writeFileSync(file, JSON.stringify(store));
    expect(await importStoreModule(file, 'not-synced-module')).toEqual(store);
  });

  it('changes nothing, and says so, where there is no Astro to change', () => {
    expect(shareSyncedStore(work)).toBe(false);
  });
});
