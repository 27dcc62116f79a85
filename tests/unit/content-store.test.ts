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
  skipUnchangedStoreMeta,
} from '../../src/integrations/content-store.ts';

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
  waitUntilSaveComplete(): Promise<void>;
}
type AstroStoreClass = ReturnType<typeof astroStoreClass> & { fromFile(file: URL): Promise<AstroStore> };

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
