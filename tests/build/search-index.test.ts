import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { buildSearchIndex } from '../../src/search/build-index.ts';
import { articlePage } from '../../src/search/index-shard.ts';
import { searchShards } from '../../src/search/shards.ts';
import { fileHashes, removeTempDir, tempDir } from '../support/build-site.ts';

/**
 * The search index in shards (src/search/build-index.ts), on hand-made
 * "built" article pages: Pagefind runs for real, on a few pages, so this is
 * fast. What a publisher relies on: every article is indexed, an edit
 * re-indexes its shard only, and the index a warm build writes is the one a
 * cold build writes.
 */

const work = tempDir('search-index');
afterAll(() => removeTempDir(work));

const ARTICLES = [
  { id: 'budget-talks', date: '2020-12-30', words: 'Budget talks stall over defence spending' },
  { id: 'lantern-festival', date: '2020-12-30', words: 'Lantern festival cancelled' },
  { id: 'coalition-agrees', date: '2021-01-04', words: 'Coalition agrees defence budget' },
  { id: 'port-strike', date: '2021-02-01', words: 'Port workers strike' },
  { id: 'snow-closes-schools', date: '2021-03-01', words: 'Heavy snow closes schools' },
];
const shards = searchShards(
  ARTICLES.map(({ id, date }) => ({ id, data: { date: new Date(`${date}T00:00:00Z`) } })),
  1,
);

function writeSite(dir: string, edited?: { id: string; words: string }): void {
  for (const { id, words } of ARTICLES) {
    const text = edited?.id === id ? edited.words : words;
    const file = join(dir, articlePage(id));
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(
      file,
      `<!doctype html><html lang="en"><head><title>${text}</title></head><body><main><article data-pagefind-body><h1>${text}</h1><p>${text}.</p></article></main></body></html>`,
    );
  }
}

/** Every file of the search index under `dir`, with a hash of its bytes. */
const indexFiles = (dir: string) => fileHashes(join(dir, 'pagefind'));

describe('the sharded search index', () => {
  it('indexes every shard once, re-indexes only an edited article’s shard, and writes what a cold build writes', async () => {
    // Four shards: a cold index shares them out to worker threads (one Pagefind each), a warm one runs in this thread.
    expect(
      shards.map((s) => s.folder),
      'the fixture makes four shards',
    ).toEqual(['2020-12/', '2021-01/', '2021-02/', '']);
    const root = process.cwd();
    const cacheDir = join(work, 'cache');

    const first = join(work, 'first');
    writeSite(first);
    const cold = await buildSearchIndex({ dir: first, cacheDir, root, shards });
    expect(cold, 'a first build indexes every shard').toMatchObject({
      pages: 5,
      shards: 4,
      indexedShards: 4,
      indexedPages: 5,
      threads: Math.min(availableParallelism(), 4),
    });
    const files = Object.keys(indexFiles(first));
    expect(files, 'the newest shard is the primary bundle, with Pagefind’s script').toContain('pagefind.js');
    for (const folder of ['2020-12/', '2021-01/', '2021-02/']) {
      expect(files, `shard ${folder} is there`).toContain(`${folder}pagefind-entry.json`);
      expect(
        files.filter((f) => f.startsWith(folder) && /\.(js|css)$|wasm\./.test(f.slice(folder.length))),
        `shard ${folder} carries index data only, not another copy of Pagefind's scripts`,
      ).toEqual([]);
    }

    const second = join(work, 'second');
    writeSite(second, { id: 'coalition-agrees', words: 'Coalition agrees defence budget, corrected' });
    const warm = await buildSearchIndex({ dir: second, cacheDir, root, shards });
    expect(warm, 'an edit re-indexes the edited article’s shard only').toMatchObject({
      indexedShards: 1,
      indexedPages: 1,
      threads: 1,
    });

    const fresh = join(work, 'fresh');
    cpSync(join(second, 'articles'), join(fresh, 'articles'), { recursive: true });
    const again = await buildSearchIndex({ dir: fresh, cacheDir: join(work, 'empty-cache'), root, shards });
    expect(again.indexedShards, 'with an empty cache everything is indexed').toBe(4);
    const warmFiles = indexFiles(second);
    const coldFiles = indexFiles(fresh);
    expect(Object.keys(warmFiles), 'the same index files').toEqual(Object.keys(coldFiles));
    const differing = Object.keys(coldFiles).filter((path) => warmFiles[path] !== coldFiles[path]);
    expect(differing, 'index files whose bytes differ between the warm and the cold index').toEqual([]);
    expect(warmFiles, 'the edit changed the index').not.toEqual(indexFiles(first));

    const cached = readdirSync(join(cacheDir, 'search-index'));
    expect(cached, 'the cache keeps the shards of the last build only').toHaveLength(4);
    expect(existsSync(join(first, 'pagefind', 'pagefind.js')), 'an earlier output is left alone').toBe(true);
  }, 120_000);

  it('indexes a shard whose ids do not all fit in a glob (a dot in one) from a folder of links', async () => {
    const dir = join(work, 'nested');
    writeSite(dir);
    const nested = join(dir, articlePage('archived.story'));
    mkdirSync(join(nested, '..'), { recursive: true });
    cpSync(join(dir, articlePage('port-strike')), nested);
    const mixed = searchShards(
      [
        { id: 'port-strike', data: { date: new Date('2021-02-01T00:00:00Z') } },
        { id: 'archived.story', data: { date: new Date('2021-02-02T00:00:00Z') } },
      ],
      1,
    );
    const report = await buildSearchIndex({
      dir,
      cacheDir: join(work, 'cache-nested'),
      root: process.cwd(),
      shards: mixed,
    });
    expect(report, 'both pages indexed (Pagefind counts the pages it found)').toMatchObject({ indexedPages: 2 });
    expect(existsSync(join(dir, 'pagefind', 'pagefind-entry.json'))).toBe(true);
  });

  it('says which shard is short of pages when an article page is missing', async () => {
    const dir = join(work, 'missing');
    writeSite(dir);
    const withGhost = searchShards([{ id: 'ghost', data: { date: new Date('2021-03-01T00:00:00Z') } }], 1);
    await expect(
      buildSearchIndex({ dir, cacheDir: join(work, 'cache-missing'), root: process.cwd(), shards: withGhost }),
    ).rejects.toThrow(/ghost/);
  });
});
