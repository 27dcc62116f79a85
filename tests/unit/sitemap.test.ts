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
  ])('%s → %s', (page, expected) => {
    expect(
      inSitemap(page),
      `${page} ${expected ? 'belongs' : 'is a noindex print view and must not be'} in the sitemap`,
    ).toBe(expected);
  });
});
