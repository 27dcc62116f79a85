import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import astroSitemap from '@astrojs/sitemap';
import type { AstroIntegration } from 'astro';
import { describe, expect, it } from 'vitest';

import sitemap, { inSitemapOrder } from '../../src/integrations/sitemap.ts';
import { inSitemap } from '../../src/lib/sitemap.ts';

describe('inSitemap (the @astrojs/sitemap filter)', () => {
  it.each([
    ['https://example.org/', '/', true],
    ['https://example.org/news/articles/some-story/', '/news/', true],
    ['https://example.org/news/topics/print-media/', '/news/', true],
    ['https://example.org/news/articles/printing-press/', '/news/', true],
    // A topic, an article and a page of a topic that happen to be called "Print".
    ['https://example.org/topics/print/', '/', true],
    ['https://example.org/news/topics/print/', '/news/', true],
    ['https://example.org/topics/print/page/2/', '/', true],
    ['https://example.org/articles/print/', '/', true],
    ['https://example.org/editions/2016/05/12/', '/', true],
    ['https://example.org/news/editions/', '/news/', true],
    ['https://example.org/news/editions/2016/', '/news/', true],
    ['https://example.org/news/editions/2016/05/', '/news/', true],
    ['https://example.org/news/editions/2016/05/12/page/2/', '/news/', true],
    // The base itself may look like a route: only paths under it count.
    ['https://example.org/articles/topics/print/', '/articles/', true],
    ['https://example.org/news/articles/some-story/print/', '/news/', false],
    ['https://example.org/articles/some-story/print/', '/', false],
    ['https://example.org/articles/some-story/print', '/', false],
    ['https://example.org/editions/2016/05/12/print/', '/', false],
    ['https://example.org/news/editions/2016/05/12/print/', '/news', false],
  ])('%s (base %s) → %s', (page, base, expected) => {
    expect(
      inSitemap(page, base),
      `${page} ${expected ? 'belongs' : 'is a noindex print view and must not be'} in the sitemap`,
    ).toBe(expected);
  });

  it('takes the base from BASE_PATH, as astro.config.ts does, when none is passed', () => {
    const previous = process.env['BASE_PATH'];
    process.env['BASE_PATH'] = '/news/';
    try {
      expect(inSitemap('https://example.org/news/articles/some-story/print/')).toBe(false);
      expect(inSitemap('https://example.org/news/topics/print/')).toBe(true);
    } finally {
      if (previous === undefined) delete process.env['BASE_PATH'];
      else process.env['BASE_PATH'] = previous;
    }
  });
});

/** How @astrojs/sitemap 3.7.4 orders its URLs (generate-sitemap.js). */
const sitemapSort = (urls: readonly string[]) => [...urls].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

/** Pathnames as Astro hands them to `astro:build:done`, in no useful order, with the cases a collator orders differently from code points. */
const PATHNAMES = [
  'topics/japan/page/10/',
  'articles/zebra/',
  '',
  'topics/japan/page/2/',
  'articles/Éclair/',
  'articles/eclair/',
  'articles/a-10/',
  'articles/a-9/',
  'articles/a-1/',
  'editions/2016/05/12/',
  'editions/2016/5/',
  'editions/2016/05/12/print/',
  'topics/japan/',
  'articles/Zebra/',
  'articles/a_1/',
  'search/',
];

describe('inSitemapOrder (Astro pages sorted before @astrojs/sitemap sorts them)', () => {
  it.each([
    ['at the domain root', 'https://example.org/'],
    ['under a base path', 'https://example.org/news/'],
  ])('puts pages in the order the sitemap lists them, %s', (_, base) => {
    const sorted = inSitemapOrder(PATHNAMES.map((pathname) => ({ pathname }))).map(({ pathname }) => base + pathname);
    expect(sorted, 'the pages in the order @astrojs/sitemap sorts their URLs').toEqual(
      sitemapSort(PATHNAMES.map((pathname) => base + pathname)),
    );
  });

  it('accepts pathnames with or without the leading slash and keeps the page objects', () => {
    const pages = ['/topics/b/', 'topics/a/', '/'].map((pathname) => ({ pathname, extra: pathname.length }));
    const sorted = inSitemapOrder(pages);
    expect(sorted.map(({ pathname }) => pathname)).toEqual(['/', 'topics/a/', '/topics/b/']);
    expect(sorted[0], 'the same page objects, not copies').toBe(pages[2]);
    expect(
      pages.map(({ pathname }) => pathname),
      'the input array is left as it was',
    ).toEqual(['/topics/b/', 'topics/a/', '/']);
  });
});

describe('sitemap() (the project wrapper of @astrojs/sitemap)', () => {
  /** Runs an integration's hooks as `astro build` would, for `pages`, and returns the files it wrote. */
  async function writtenBy(integration: AstroIntegration, base: string): Promise<Record<string, string>> {
    const dir = mkdtempSync(join(tmpdir(), 'news-reader-sitemap-'));
    try {
      const hooks = integration.hooks as Record<string, (params: unknown) => unknown>;
      const logger = { info() {}, warn() {}, error: (message: string) => expect.fail(`sitemap error: ${message}`) };
      await hooks['astro:routes:resolved']?.({ routes: [], logger });
      await hooks['astro:config:done']?.({
        config: { site: 'https://example.org', base, trailingSlash: 'always', build: { format: 'directory' } },
        logger,
      });
      await hooks['astro:build:done']?.({
        dir: pathToFileURL(`${dir}/`),
        pages: PATHNAMES.map((pathname) => ({ pathname })),
        logger,
      });
      return Object.fromEntries(readdirSync(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it.each(['/', '/news/'])('writes the same sitemap files as @astrojs/sitemap itself (base %s)', async (base) => {
    const filter = (page: string) => inSitemap(page, base);
    const ours = await writtenBy(sitemap({ filter }), base);
    expect(Object.keys(ours), 'the sitemap index and its one sitemap').toEqual(['sitemap-0.xml', 'sitemap-index.xml']);
    expect(ours, 'the wrapper changes how long the sort takes, never the sitemap').toEqual(
      await writtenBy(astroSitemap({ filter }), base),
    );
    expect(ours['sitemap-0.xml'], 'the noindex printed edition is still left out').not.toContain('/print/');
  });
});
