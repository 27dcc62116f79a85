import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Plugin } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

import { CONTENT_STORE_MODULE, contentStoreFromDisk } from '../../src/integrations/content-store.ts';

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
