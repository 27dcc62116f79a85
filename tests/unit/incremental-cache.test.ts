import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import {
  astroIncrementalCacheClass,
  cachedCopy,
  COPIES_DIR,
  dropAstroCopies,
  linkReusedPages,
  takeReusedPages,
} from '../../src/integrations/incremental-cache.ts';

/**
 * Astro's incremental build, as the publish integration changes it
 * (src/integrations/incremental-cache.ts): a reused page is a hard link to
 * the cache's copy, and a page rendered again gets a new copy in the cache
 * instead of a rewrite of the old one, which a published page may share.
 * Run against Astro's own class.
 */

const root = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'news-reader-incremental-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface AstroCache {
  restoreOutputFile(settings: unknown, outputFile: string, destination: URL): Promise<boolean>;
  writeOutputFile(settings: unknown, outputFile: string, body: string): Promise<void>;
  deleteOutputFile(settings: unknown, outputFile: string): Promise<void>;
}

let n = 0;
/** A fresh cache folder and output folder, and Astro's cache over them. */
function setup() {
  n += 1;
  const cacheDir = join(work, `cache-${n}`);
  const out = join(work, `out-${n}`);
  mkdirSync(out, { recursive: true });
  const Cache = astroIncrementalCacheClass(root) as unknown as { load(...args: unknown[]): AstroCache };
  const cache = Cache.load({ config: { cacheDir: pathToFileURL(`${cacheDir}/`) } }, 'config', 'lock', 'key');
  const settings = { config: { cacheDir: pathToFileURL(`${cacheDir}/`), outDir: pathToFileURL(`${out}/`) } };
  const page = (path: string) => join(out, path);
  const cached = (path: string) => cachedCopy(settings, path);
  return { cache, settings, page, cached, cacheDir };
}

describe('linkReusedPages', () => {
  beforeEach(() => {
    expect(linkReusedPages(root), "Astro's IncrementalBuildCache is the class the build expects").toBe(true);
    takeReusedPages();
  });

  it("links a reused page to the cache's copy: no bytes copied, one file under two names", async () => {
    const { cache, settings, page, cached } = setup();
    await cache.writeOutputFile(settings, 'articles/a/index.html', '<p>A</p>');
    const restored = await cache.restoreOutputFile(
      settings,
      'articles/a/index.html',
      pathToFileURL(page('articles/a/index.html')),
    );
    expect(restored, 'the page was restored').toBe(true);
    expect(readFileSync(page('articles/a/index.html'), 'utf8')).toBe('<p>A</p>');
    expect(statSync(page('articles/a/index.html')).ino, 'the output page is the cached file').toBe(
      statSync(cached('articles/a/index.html')).ino,
    );
    expect(takeReusedPages()).toEqual({ linked: 1, copied: 0 });
  });

  it('leaves a published page that shares a file with the cache alone when the page is rendered again', async () => {
    const { cache, settings, page, cached } = setup();
    await cache.writeOutputFile(settings, 'index.html', 'first edition');
    await cache.restoreOutputFile(settings, 'index.html', pathToFileURL(page('index.html')));
    await cache.writeOutputFile(settings, 'index.html', 'second edition');
    expect(readFileSync(page('index.html'), 'utf8'), 'the published page changed before any swap').toBe(
      'first edition',
    );
    expect(readFileSync(cached('index.html'), 'utf8'), "the cache's copy is the new one").toBe('second edition');
    expect(readdirSync(join(cached('index.html'), '..')), 'no temporary file is left in the cache').toEqual([
      basename(cached('index.html')),
    ]);
  });

  it("makes the cache's copy of a page Astro has just written the output's file itself: a page is written once", async () => {
    const { cache, settings, page, cached } = setup();
    mkdirSync(page('articles/new'), { recursive: true });
    writeFileSync(page('articles/new/index.html'), '<p>New</p>');
    await cache.writeOutputFile(settings, 'articles/new/index.html', '<p>New</p>');
    expect(statSync(cached('articles/new/index.html')).ino).toBe(statSync(page('articles/new/index.html')).ino);
  });

  it("writes the cache's copy when the output's page holds other bytes, or is not there", async () => {
    const { cache, settings, page, cached } = setup();
    writeFileSync(page('other.html'), '<p>Not the body</p>');
    await cache.writeOutputFile(settings, 'other.html', '<p>The body</p>');
    await cache.writeOutputFile(settings, 'missing.html', '<p>Missing</p>');
    expect(readFileSync(cached('other.html'), 'utf8')).toBe('<p>The body</p>');
    expect(statSync(cached('other.html')).ino, 'not a link to the other page').not.toBe(
      statSync(page('other.html')).ino,
    );
    expect(readFileSync(cached('missing.html'), 'utf8')).toBe('<p>Missing</p>');
  });

  it('answers as Astro does when the cache has no copy of the page (it is then rendered)', async () => {
    const { cache, settings, page } = setup();
    expect(await cache.restoreOutputFile(settings, 'gone/index.html', pathToFileURL(page('gone/index.html')))).toBe(
      false,
    );
    expect(takeReusedPages()).toEqual({ linked: 0, copied: 0 });
  });

  it("falls back to Astro's copy where a link cannot be made", async () => {
    const { cache, settings, page } = setup();
    await cache.writeOutputFile(settings, 'b.html', 'cached bytes');
    // A link fails where the name is taken; Astro's copy then writes over it.
    writeFileSync(page('b.html'), 'stale');
    expect(await cache.restoreOutputFile(settings, 'b.html', pathToFileURL(page('b.html')))).toBe(true);
    expect(readFileSync(page('b.html'), 'utf8')).toBe('cached bytes');
    expect(takeReusedPages()).toEqual({ linked: 0, copied: 1 });
  });

  it('keeps the copies in at most 256 folders, whatever the number of pages and their folders', async () => {
    const { cache, settings, cacheDir } = setup();
    const pages = Array.from({ length: 600 }, (_, i) => `articles/article-${i}/index.html`);
    for (const path of pages) await cache.writeOutputFile(settings, path, path);
    const folders = readdirSync(join(cacheDir, COPIES_DIR));
    expect(folders.length, 'folders of copies').toBeLessThanOrEqual(256);
    expect(folders.length, 'the copies spread over the folders').toBeGreaterThan(200);
    expect(readdirSync(cacheDir), "nothing in Astro's own tree of copies").toEqual([COPIES_DIR.replace('/', '')]);
    for (const path of pages) expect(readFileSync(cachedCopy(settings, path), 'utf8')).toBe(path);
  });

  it("deletes the cache's copy of a page that is gone", async () => {
    const { cache, settings, page, cached } = setup();
    await cache.writeOutputFile(settings, 'articles/withdrawn/index.html', '<p>Withdrawn</p>');
    await cache.deleteOutputFile(settings, 'articles/withdrawn/index.html');
    expect(() => statSync(cached('articles/withdrawn/index.html')), 'the copy is gone').toThrow();
    expect(
      await cache.restoreOutputFile(
        settings,
        'articles/withdrawn/index.html',
        pathToFileURL(page('articles/withdrawn/index.html')),
      ),
      'nothing to restore: the page is rendered',
    ).toBe(false);
  });

  it('changes the class once, however many builds run in one process', () => {
    const { prototype } = astroIncrementalCacheClass(root) as { prototype: AstroCache };
    const restore = prototype.restoreOutputFile;
    expect(linkReusedPages(root)).toBe(true);
    expect(prototype.restoreOutputFile, 'wrapped a second time').toBe(restore);
  });

  it('changes nothing, and says so, where Astro is not installed', () => {
    expect(astroIncrementalCacheClass(work)).toBeUndefined();
    expect(linkReusedPages(work)).toBe(false);
  });
});

describe('dropAstroCopies', () => {
  it('deletes the tree of copies Astro kept itself, and says whether there was one', () => {
    const cacheDir = join(work, 'older-cache');
    mkdirSync(join(cacheDir, 'dist', 'articles', 'a'), { recursive: true });
    writeFileSync(join(cacheDir, 'dist', 'articles', 'a', 'index.html'), '<p>A</p>');
    writeFileSync(join(cacheDir, 'data-store.json'), '{}');
    expect(dropAstroCopies(cacheDir)).toBe(true);
    expect(readdirSync(cacheDir), 'the rest of the cache is kept').toEqual(['data-store.json']);
    expect(dropAstroCopies(cacheDir), 'nothing left to delete').toBe(false);
  });
});
