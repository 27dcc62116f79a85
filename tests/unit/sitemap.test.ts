import { describe, expect, it } from 'vitest';

import { inSitemap } from '../../src/lib/sitemap.ts';

describe('inSitemap (the @astrojs/sitemap filter)', () => {
  it.each([
    ['https://example.org/', true],
    ['https://example.org/news/articles/some-story/', true],
    ['https://example.org/news/topics/print-media/', true],
    ['https://example.org/news/articles/printing-press/', true],
    ['https://example.org/news/articles/some-story/print/', false],
    ['https://example.org/articles/some-story/print/', false],
    ['https://example.org/articles/some-story/print', false],
    ['https://example.org/news/editions/', true],
    ['https://example.org/news/editions/2016/', true],
    ['https://example.org/news/editions/2016/05/', true],
    ['https://example.org/news/editions/2016/05/12/', true],
    ['https://example.org/news/editions/2016/05/12/page/2/', true],
    ['https://example.org/news/editions/2016/05/12/print/', false],
    ['https://example.org/editions/2016/05/12/print/', false],
  ])('%s → %s', (page, expected) => {
    expect(
      inSitemap(page),
      `${page} ${expected ? 'belongs' : 'is a noindex print view and must not be'} in the sitemap`,
    ).toBe(expected);
  });
});
