import { describe, expect, it } from 'vitest';

import {
  absolutizeUrls,
  type FeedArticle,
  feedArticles,
  feedEntries,
  FEED_SIZE,
  lastUpdated,
  MissingRenderedBodyError,
} from '../../src/lib/feed.ts';

const article = (overrides: Partial<FeedArticle['data']> = {}, html = '<p>Body</p>'): FeedArticle => ({
  id: 'a-story',
  data: {
    title: 'A story',
    dek: 'Its dek.',
    date: new Date(Date.UTC(2016, 4, 12)),
    source: { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/' },
    tags: ['Ukraine'],
    ...overrides,
  },
  rendered: { html },
});
const urlFor = (id: string) => `https://example.org/news/articles/${id}/`;

describe('absolutizeUrls', () => {
  const page = 'https://example.org/news/articles/a-story/';

  it.each([
    [
      '<a href="#user-content-fn-1">1</a>',
      '<a href="https://example.org/news/articles/a-story/#user-content-fn-1">1</a>',
    ],
    ['<a href="../other/">o</a>', '<a href="https://example.org/news/articles/other/">o</a>'],
    ['<img src="/news/x.png" alt="">', '<img src="https://example.org/news/x.png" alt="">'],
    [
      '<blockquote cite="q.html">q</blockquote>',
      '<blockquote cite="https://example.org/news/articles/a-story/q.html">q</blockquote>',
    ],
    ['<a href="https://www.sankei.com/">s</a>', '<a href="https://www.sankei.com/">s</a>'],
    ['<p>No links</p>', '<p>No links</p>'],
  ])('%s', (input, expected) => {
    expect(absolutizeUrls(input, page), 'links resolve against the article, not the feed reader').toBe(expected);
  });
});

describe('feedEntries', () => {
  it('gives each article its absolute URL, dates, tags and full body', () => {
    const [entry] = feedEntries([article({}, '<p>Body <a href="#x">x</a></p>')], urlFor);
    expect(entry).toEqual({
      url: 'https://example.org/news/articles/a-story/',
      title: 'A story',
      summary: 'Its dek.',
      html: '<p>Body <a href="https://example.org/news/articles/a-story/#x">x</a></p>\n<p>Source: The Sankei Shimbun</p>',
      attribution: 'The Sankei Shimbun',
      published: new Date(Date.UTC(2016, 4, 12)),
      updated: new Date(Date.UTC(2016, 4, 12)),
      topics: ['Ukraine'],
      author: { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/' },
    });
  });

  it.each([
    ['a byline', { author: 'Staff writer' }, { name: 'Staff writer' }],
    ['no byline', {}, { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/' }],
  ])('credits %s', (_, overrides, author) => {
    expect(feedEntries([article(overrides)], urlFor)[0]?.author).toEqual(author);
  });

  it.each([
    ['no page or kind', {}, 'The Sankei Shimbun'],
    [
      'a page, a time, a kind and a via',
      {
        source: { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/', page: '3', time: '19:37' },
        kind: 'summary' as const,
        via: { name: 'Japan Media Highlights', url: 'https://jmh.example/' },
      },
      'The Sankei Shimbun, p. 3, 19:37 · Summary, via Japan Media Highlights',
    ],
    [
      'pages and markup-like text, escaped',
      { source: { name: 'A <b> & B', url: 'https://ab.example/', page: '1, 4–7' }, kind: 'poll' as const },
      'A <b> & B, pp. 1, 4–7 · Poll',
    ],
  ])('ends the body with the attribution, as the page shows it: %s', (_name, overrides, attribution) => {
    const [entry] = feedEntries([article(overrides)], urlFor);
    expect(entry?.attribution).toBe(attribution);
    expect(entry?.html.endsWith(`<p>Source: ${attribution.replace(/&/g, '&#x26;').replace(/</g, '&#x3C;')}</p>`)).toBe(
      true,
    );
  });

  it('refuses an article the pipeline did not render, naming it', () => {
    const unrendered = { ...article(), rendered: undefined };
    expect(() => feedEntries([unrendered], urlFor)).toThrow(MissingRenderedBodyError);
    expect(() => feedEntries([unrendered], urlFor)).toThrow(/"a-story"/);
  });
});

describe('lastUpdated', () => {
  it('is the newest update among the entries, so the feed date only moves when content does', () => {
    const entries = feedEntries(
      [
        article({ date: new Date(Date.UTC(2016, 0, 1)) }),
        article({ date: new Date(Date.UTC(2016, 0, 2)), updated: new Date(Date.UTC(2016, 5, 1)) }),
      ],
      urlFor,
    );
    expect(lastUpdated(entries).toISOString()).toBe('2016-06-01T00:00:00.000Z');
  });

  it('falls back for an empty feed', () => {
    expect(lastUpdated([]).getTime()).toBe(0);
  });
});

describe('feedArticles', () => {
  const day = (d: number) => new Date(Date.UTC(2024, 0, d));
  const dated = (id: string, date: Date, updated?: Date, title = id): FeedArticle => ({
    ...article({ title, date, ...(updated ? { updated } : {}) }),
    id,
  });

  it.each([
    ['newest first', [dated('a', day(1)), dated('b', day(3)), dated('c', day(2))], 3, ['b', 'c', 'a']],
    ['only the newest `size`', [dated('a', day(1)), dated('b', day(3)), dated('c', day(2))], 2, ['b', 'c']],
    [
      'an old article corrected since comes back to the top',
      [dated('old', day(1), day(9)), dated('b', day(3)), dated('c', day(2))],
      2,
      ['old', 'b'],
    ],
    [
      'one day’s articles by headline',
      [dated('z', day(1), undefined, 'Zeta'), dated('a', day(1), undefined, 'Alpha')],
      5,
      ['a', 'z'],
    ],
  ])('%s', (_, articles, size, ids) => {
    expect(feedArticles(articles, size).map((a) => a.id)).toEqual(ids);
  });

  it(`carries ${FEED_SIZE} articles of a large archive, not all of them`, () => {
    const archive = Array.from({ length: 500 }, (_, i) => dated(`a${i}`, new Date(Date.UTC(2020, 0, 1 + i))));
    const entries = feedEntries(archive, urlFor);
    expect(entries, 'a feed of the newest articles').toHaveLength(FEED_SIZE);
    expect(entries[0]?.url, 'the newest article first').toBe(urlFor('a499'));
  });
});
