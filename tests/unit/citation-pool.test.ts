import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { CITATION_SERVICE, citationsFor, citationsVersion } from '../../src/citations/citations.ts';
import { formatCitations } from '../../src/citations/engine.ts';
import { CitationPool, citationsDigest, startCitationPool } from '../../src/citations/pool.ts';
import { cslRecord } from '../../src/citations/record.ts';
import type { ArticleData } from '../../src/lib/article-schema.ts';

/**
 * A build formats citations in worker threads (src/citations/pool.ts) while
 * Astro renders; what a page gets from the pool must be exactly what the
 * engine gives in the page's own thread, and a rebuild must reuse the cache.
 */

const cacheDirs: string[] = [];
const freshCache = () => {
  const dir = mkdtempSync(join(tmpdir(), 'citation-pool-'));
  cacheDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of cacheDirs) rmSync(dir, { recursive: true, force: true });
});

const article = (id: string, day: number, extra: Partial<ArticleData> = {}) =>
  ({
    id,
    data: {
      title: `Report number ${id}`,
      dek: 'A dek.',
      date: new Date(Date.UTC(2024, 0, day)),
      tags: ['Diplomacy'],
      source: { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/' },
      via: { name: 'Japan Media Highlights, U.S. Embassy Tokyo', url: 'https://jmh.usembassy.gov/' },
      lang: 'en',
      ...extra,
    } as ArticleData,
  }) as const;

const ARTICLES = [
  article('plain', 3),
  article('with-author-and-pages', 2, {
    author: 'Hiroshi Tanaka',
    source: { name: 'Jiji Press', url: 'https://www.jiji.com/', page: '1, 4–7' },
  }),
  article('no-via', 1, { via: undefined }),
] as const;

/** The record the article page makes (src/layouts/ArticleLayout.astro) for a site at `site` + `base`. */
const pageRecord = ({ id, data }: (typeof ARTICLES)[number], address: string) =>
  cslRecord({ ...data, id, url: `${address}articles/${id}/` });

describe('the citation pool', () => {
  it('gives each page, from a worker thread, exactly what the engine gives in the page’s own thread', async () => {
    const pool = startCitationPool({
      root: process.cwd(),
      cacheDir: freshCache(),
      site: 'https://news.example.org',
      base: '/news/',
      articles: ARTICLES,
    });
    try {
      for (const entry of ARTICLES) {
        const record = pageRecord(entry, 'https://news.example.org/news/');
        expect(await pool.format(record), entry.id).toEqual(formatCitations(record));
      }
      expect(pool.figures, 'every page found its record prefetched (the integration made it as the page does)').toEqual(
        { prefetched: 3, cached: 0, onDemand: 0 },
      );
    } finally {
      await pool.close();
    }
  });

  it('formats a record it was not given on demand, and a second build reads every citation from the cache', async () => {
    const cacheDir = freshCache();
    const first = new CitationPool(process.cwd(), cacheDir, 1);
    const record = pageRecord(ARTICLES[0], 'https://other.example/');
    try {
      expect(await first.format(record)).toEqual(formatCitations(record));
      expect(first.figures.onDemand, 'a record not prefetched is formatted on demand').toBe(1);
    } finally {
      await first.close();
    }
    expect(readdirSync(join(cacheDir, 'citations')), 'one cache file per record').toHaveLength(1);

    const second = new CitationPool(process.cwd(), cacheDir, 1);
    try {
      second.prefetch([record]);
      expect(second.figures.prefetched, 'a cached record is not sent to a worker').toBe(0);
      expect(await second.format(record)).toEqual(formatCitations(record));
      expect(second.figures.cached).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('fails the pages still waiting when the pool stops, instead of leaving them hanging', async () => {
    const pool = new CitationPool(process.cwd(), freshCache(), 1);
    const records = ARTICLES.map((entry) => pageRecord(entry, 'https://x.example/'));
    pool.prefetch(records);
    const last = pageRecord(ARTICLES[2], 'https://x.example/');
    const waiting = pool.format(last);
    await pool.close();
    await expect(waiting).rejects.toThrow(/citation pool was closed/);
  });

  it('says when it is drained: at once with nothing to do, else once the last record handed to it is formatted', async () => {
    const pool = new CitationPool(process.cwd(), freshCache(), 1);
    try {
      await pool.drained(); // nothing handed over yet: resolves at once (a hang here fails the test by its timeout)
      const records = ARTICLES.map((entry) => pageRecord(entry, 'https://idle.example/'));
      pool.prefetch(records);
      await pool.drained();
      expect(
        readdirSync(join(cacheDirs.at(-1) as string, 'citations')),
        'every record formatted when drained',
      ).toHaveLength(3);
    } finally {
      await pool.close();
    }
  });

  it('is what citationsFor asks when a build has put it in place', async () => {
    const pool = new CitationPool(process.cwd(), freshCache(), 1);
    const record = pageRecord(ARTICLES[1], 'https://news.example.org/');
    const global = globalThis as { [CITATION_SERVICE]?: CitationPool };
    global[CITATION_SERVICE] = pool;
    try {
      expect(await citationsFor(record)).toEqual(formatCitations(record));
      expect(pool.figures.onDemand, 'citationsFor went through the pool').toBe(1);
      expect(citationsVersion(), 'the article pages’ cache keys hold the pool’s digest').toBe(pool.version);
    } finally {
      Reflect.deleteProperty(global, CITATION_SERVICE);
      await pool.close();
    }
  });
});

/**
 * The citation cache and the article pages' cache keys hold `citationsDigest`:
 * an edit to anything the formatted citations depend on must change it, or a
 * warm build would keep citations a cold build no longer makes; an edit to
 * anything else must not, or every deploy would format the archive again.
 */
describe('citationsDigest', () => {
  /** A copy of this project's citation code, the modules it imports, and a lockfile. */
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), 'citations-digest-'));
    cacheDirs.push(dir);
    cpSync('src/citations', join(dir, 'src/citations'), { recursive: true });
    cpSync('src/lib', join(dir, 'src/lib'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{}');
    writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion":3}');
    return dir;
  };
  const append = (dir: string, path: string, text: string) =>
    writeFileSync(join(dir, path), readFileSync(join(dir, path), 'utf8') + text);

  it.each([
    ['a CSL style', 'src/citations/styles/modern-language-association.csl', '<!-- edited -->'],
    ['the engine', 'src/citations/engine.ts', '\n// edited'],
    ['the cache the worker writes', 'src/citations/cache.ts', '\n// edited'],
    ['the record it formats', 'src/citations/record.ts', '\n// edited'],
    ['the installed packages', 'package-lock.json', ' '],
  ])('changes when %s changes', (_what, path, text) => {
    const dir = project();
    const before = citationsDigest(dir);
    append(dir, path, text);
    expect(citationsDigest(dir), `${path} edited`).not.toBe(before);
  });

  it('changes when a style is added', () => {
    const dir = project();
    const before = citationsDigest(dir);
    writeFileSync(join(dir, 'src/citations/styles/ieee.csl'), '<style/>');
    expect(citationsDigest(dir)).not.toBe(before);
  });

  it.each([
    ['a module the worker does not run', 'src/lib/articles.ts', '\n// edited'],
    ['the styles’ README', 'src/citations/styles/README.md', 'edited'],
  ])('stays the same when %s changes', (_what, path, text) => {
    const dir = project();
    const before = citationsDigest(dir);
    append(dir, path, text);
    expect(citationsDigest(dir), `${path} edited`).toBe(before);
  });

  it('is what a pool keys its cache by', async () => {
    const pool = new CitationPool(process.cwd(), freshCache(), 1);
    expect(pool.version).toBe(citationsDigest(process.cwd()));
    await pool.close();
  });
});
