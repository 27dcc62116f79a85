import { describe, expect, it } from 'vitest';

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
