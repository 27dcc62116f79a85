import { describe, expect, it } from 'vitest';

import {
  collectionPageJsonLd,
  type ArticleFacts,
  documentTitle,
  isoDateTime,
  jsonForScript,
  MAX_TITLE_LENGTH,
  newsArticleJsonLd,
  openGraph,
  twitterCard,
} from '../../src/lib/metadata.ts';

const facts: ArticleFacts = {
  url: 'https://example.org/news/articles/a/',
  title: 'A headline',
  description: 'A dek.',
  date: new Date(Date.UTC(2016, 4, 12)),
  source: { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/' },
  via: { name: 'Japan Media Highlights', url: 'https://jmh.usembassy.gov/201605131029/' },
  topics: ['Ukraine', 'COVID-19'],
  lang: 'en',
  site: { name: 'News Reader', url: 'https://example.org/news/' },
};

describe('isoDateTime', () => {
  it.each([
    [new Date(Date.UTC(2016, 4, 12)), '2016-05-12T00:00:00+00:00'],
    [new Date(Date.UTC(1999, 11, 31)), '1999-12-31T00:00:00+00:00'],
  ])('gives %s an explicit +00:00 offset', (date, expected) => {
    expect(isoDateTime(date), 'calendar day as a timestamp with offset').toBe(expected);
  });
});

describe('openGraph', () => {
  const tags = openGraph(facts);
  const values = (property: string) => tags.filter((tag) => tag.property === property).map((tag) => tag.content);

  it.each([
    ['og:type', ['article']],
    ['og:title', ['A headline']],
    ['og:description', ['A dek.']],
    ['og:url', ['https://example.org/news/articles/a/']],
    ['og:site_name', ['News Reader']],
    ['article:published_time', ['2016-05-12T00:00:00+00:00']],
    ['article:modified_time', ['2016-05-12T00:00:00+00:00']],
    ['article:tag', ['Ukraine', 'COVID-19']],
  ])('%s is %j', (property, expected) => {
    expect(values(property), `${property} from the article's facts`).toEqual(expected);
  });

  it('uses the correction date as the modified time', () => {
    const updated = openGraph({ ...facts, updated: new Date(Date.UTC(2016, 4, 14)) });
    expect(updated.find((tag) => tag.property === 'article:modified_time')?.content).toBe('2016-05-14T00:00:00+00:00');
  });
});

describe('twitterCard', () => {
  it('is a summary card that leaves the headline and dek to og:title and og:description', () => {
    expect(twitterCard()).toEqual([{ name: 'twitter:card', content: 'summary' }]);
  });
});

describe('newsArticleJsonLd', () => {
  it('describes the article as schema.org NewsArticle', () => {
    const data = newsArticleJsonLd(facts);
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'A headline',
      datePublished: '2016-05-12T00:00:00+00:00',
      dateModified: '2016-05-12T00:00:00+00:00',
      publisher: { '@type': 'Organization', name: 'News Reader', url: 'https://example.org/news/' },
      keywords: ['Ukraine', 'COVID-19'],
      inLanguage: 'en',
      mainEntityOfPage: 'https://example.org/news/articles/a/',
    });
  });

  it('lists corrections as schema.org CorrectionComments, with dateModified the update date', () => {
    const data = newsArticleJsonLd({
      ...facts,
      updated: new Date(Date.UTC(2016, 4, 20)),
      corrections: [
        { date: new Date(Date.UTC(2016, 4, 20)), text: 'The talks start in June.' },
        { date: new Date(Date.UTC(2016, 4, 13)), text: 'Sochi, not Vladivostok.' },
      ],
    });
    expect(data.dateModified).toBe('2016-05-20T00:00:00+00:00');
    expect(data.correction).toEqual([
      { '@type': 'CorrectionComment', datePublished: '2016-05-20T00:00:00+00:00', text: 'The talks start in June.' },
      { '@type': 'CorrectionComment', datePublished: '2016-05-13T00:00:00+00:00', text: 'Sochi, not Vladivostok.' },
    ]);
    expect(newsArticleJsonLd(facts), 'no corrections, no correction property').not.toHaveProperty('correction');
  });

  it.each([
    ['no byline: the original publisher', {}, { '@type': 'Organization', name: 'The Sankei Shimbun' }],
    ['a byline: that person', { author: 'Staff writer' }, { '@type': 'Person', name: 'Staff writer' }],
  ])('credits the author with %s', (_, extra, author) => {
    expect(newsArticleJsonLd({ ...facts, ...extra }).author).toMatchObject(author);
  });

  it.each([
    ['the English summary it reproduces', facts, 'https://jmh.usembassy.gov/201605131029/'],
    ['the original when there is no summary', { ...facts, via: undefined }, 'https://www.sankei.com/'],
  ])('is based on %s', (_, input, url) => {
    expect(newsArticleJsonLd(input).isBasedOn).toBe(url);
  });
});

describe('jsonForScript', () => {
  it('cannot close the script element or open a comment, and still parses to the same value', () => {
    const value = { headline: '</script><script>alert(1)</script> <!-- & \u2028' };
    const json = jsonForScript(value);
    expect(json, 'no raw < or > in the script text').not.toMatch(/[<>]/);
    expect(JSON.parse(json), 'round-trips').toEqual(value);
  });
});

describe('documentTitle', () => {
  const headline = '“New approach” to territorial talks will not mention Russia’s illegal occupation';

  it.each([
    ['Topics', 'Topics · News Reader'],
    ['News Reader', 'News Reader'],
    ['x'.repeat(60), 'x'.repeat(60)],
  ])('titles %j as %j', (title, expected) => {
    expect(documentTitle(title, 'News Reader')).toBe(expected);
  });

  it('cuts a long headline at a word boundary, within the limit, with an ellipsis', () => {
    const title = documentTitle(headline, 'News Reader');
    expect(title.length, 'fits html-validate long-title').toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(title).toBe('“New approach” to territorial talks will not mention Russia’s illegal…');
    expect(headline.startsWith(title.slice(0, -1)), 'a prefix of the headline').toBe(true);
  });

  it('cuts a single overlong word rather than returning nothing', () => {
    const title = documentTitle('x'.repeat(100), 'News Reader');
    expect(title).toBe(`${'x'.repeat(MAX_TITLE_LENGTH - 1)}…`);
  });
});

describe('collectionPageJsonLd', () => {
  it('describes an edition as a CollectionPage listing its articles in order', () => {
    const json = collectionPageJsonLd({
      url: 'https://example.org/news/editions/2016/05/12/',
      name: 'Edition of Thursday, May 12, 2016',
      description: '2 articles from Thursday, May 12, 2016.',
      date: new Date(Date.UTC(2016, 4, 12)),
      items: [
        { url: 'https://example.org/news/articles/a/', name: 'A' },
        { url: 'https://example.org/news/articles/b/', name: 'B' },
      ],
      site: { name: 'News Reader', url: 'https://example.org/news/' },
    });
    expect(json).toMatchObject({
      '@type': 'CollectionPage',
      '@id': 'https://example.org/news/editions/2016/05/12/',
      datePublished: '2016-05-12T00:00:00+00:00',
      isPartOf: { '@type': 'WebSite', url: 'https://example.org/news/' },
      mainEntity: { '@type': 'ItemList', numberOfItems: 2 },
    });
    expect(json.mainEntity.itemListElement.map((item) => [item.position, item.url])).toEqual([
      [1, 'https://example.org/news/articles/a/'],
      [2, 'https://example.org/news/articles/b/'],
    ]);
  });
});
