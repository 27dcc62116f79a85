import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ImportError } from '../../src/import/capture.ts';
import { parseHtmlPage } from '../../src/import/html-page.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');

describe('a saved page with navigation, an ad, a script and an inline handler', async () => {
  const capture = await parseHtmlPage(fixture('chrome-page.html'));

  it('gives only the article text, as clean Markdown', () => {
    expect(capture.body).toBe(
      [
        'The harbour _reopened_ on Tuesday after six weeks of repairs to the sea wall, the [town council](https://courier.example/council/) said.',
        '',
        'Boats began returning at dawn. **Fishing crews** said the delay cost them the start of the season.',
        '',
        '- Sea wall rebuilt over 120 metres',
        '- Cost: £2.4m, shared with the [regional fund](https://gov.example/grants)',
        '',
        '“It feels like the town is open again,” said the harbour master, see below.',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['site navigation', 'NAV-NEWS'],
    ['the ad block', 'ADVERT-TEXT'],
    ['the inline script', 'SCRIPT-TEXT'],
    ['the head script', 'TRACKER-CODE'],
    ['the inline event handler', 'HANDLER'],
    ['the handler attribute', 'onclick'],
    ['the stylesheet', 'font-family'],
    ['the related-stories aside', 'RELATED-TEXT'],
    ['the image', 'IMAGE-ALT'],
    ['the image caption', 'CAPTION-TEXT'],
    ['the share buttons', 'SHARE-BUTTON'],
    ['the page footer', 'FOOTER-TEXT'],
    ['the headline (it is the title)', 'Harbour reopens'],
    ['the byline (it is the author)', 'Ana Lima'],
  ])('leaves out %s', (_name, marker) => {
    expect(capture.body, `"${marker}" leaked into the body`).not.toContain(marker);
  });

  it('reads the frontmatter the page gives', () => {
    expect(capture).toMatchObject({
      title: 'Harbour reopens after storm repairs',
      dek: 'The harbour reopened on Tuesday after six weeks of repairs to the sea wall.',
      date: '2024-03-05',
      author: 'Ana Lima',
      section: 'Local',
      lang: 'en-GB',
      sourceName: 'The Coastal Courier',
      sourceUrl: 'https://courier.example/news/harbour-reopens',
      tags: ['Harbour', 'Weather'],
    });
  });
});

describe('a page of bare <div>s, without <article> or <main>', async () => {
  const capture = await parseHtmlPage(fixture('div-soup.html'));

  it('finds the story among the menu, sidebar and ad blocks, tables kept, unsafe and unresolvable links made text', () => {
    expect(capture.body).toBe(
      [
        'The council approved the budget on Monday by seven votes to two.',
        '',
        'Spending on roads rises by **ten per cent**, and the library keeps its Sunday hours, a change campaigners had sought for _two years_.',
        '',
        'The full budget is on the council’s site.',
        '',
        '| Item  | Change |',
        '| ----- | ------ |',
        '| Roads | +10%   |',
        '| Parks | −2%    |',
        '',
      ].join('\n'),
    );
  });

  it('takes the headline from <title> without the site name, and the author from meta', () => {
    expect(capture).toMatchObject({ title: 'Council approves budget', author: 'Jo Okafor', sourceUrl: undefined });
  });
});

describe('metadata fallbacks', () => {
  it.each([
    [
      'og:title when there is no <h1>',
      '<meta property="og:title" content="From og:title"><title>From title</title><article><p>Text.</p></article>',
      { title: 'From og:title' },
    ],
    [
      'og:title before the visible <h1>, which is left out of the body either way',
      '<meta property="og:title" content="From og:title"><article><h1>From h1</h1><p>Text.</p></article>',
      { title: 'From og:title', body: 'Text.\n' },
    ],
    [
      'the JSON-LD headline before og:title',
      '<script type="application/ld+json">{"@type":"NewsArticle","headline":"From JSON-LD"}</script><meta property="og:title" content="From og:title"><article><h1>From h1</h1><p>Text.</p></article>',
      { title: 'From JSON-LD', body: 'Text.\n' },
    ],
    [
      'the visible <h1> when there is no metadata',
      '<title>From title</title><article><h1>From h1</h1><p>Text.</p></article>',
      { title: 'From h1', body: 'Text.\n' },
    ],
    [
      'digest labels as the first short blocks of the article, taken out of the body',
      '<article><h1>T</h1><div><p>English Press</p><p>The Japan News, 7:37 p.m.</p><p>Text of the story.</p></div></article>',
      { kind: 'english-press', sourceName: 'The Japan News', time: '19:37', body: 'Text of the story.\n' },
    ],
    [
      'a label-like line after the article text begins stays text',
      `<article><h1>T</h1><p>${'Long opening paragraph of the story. '.repeat(5)}</p><p>Sankei, p. 3</p></article>`,
      { page: undefined, sourceName: undefined },
    ],
    [
      'a page-wide wrapper whose class names comments is not furniture',
      '<div class="layout comments-enabled"><h1>T</h1><p>Text of the story.</p><div class="comments"><p>COMMENTTEXT</p></div></div>',
      { title: 'T', body: 'Text of the story.\n' },
    ],
    [
      'the article’s <h1>, not the site name set as an <h1> in the masthead',
      '<header><h1>Site Name</h1></header><article><h1>Real headline</h1><p>Text of the story.</p></article>',
      { title: 'Real headline', body: 'Text of the story.\n' },
    ],
    [
      'a date only shown on the page',
      '<article><h1>T</h1><p class="dateline">12 May 2016</p><p>Text of the story.</p></article>',
      { date: '2016-05-12' },
    ],
    [
      'og:url when there is no canonical link',
      '<meta property="og:url" content="https://x.example/a"><h1>T</h1><main><p><a href="b">Rel</a></p></main>',
      { sourceUrl: 'https://x.example/a', body: '[Rel](https://x.example/b)\n' },
    ],
    [
      'a <time datetime> in the article for the date',
      '<article><h1>T</h1><time datetime="2020-01-31T22:00:00-05:00">Jan 31</time><p>Text.</p></article>',
      { date: '2020-01-31' },
    ],
    [
      'no date when the page gives none',
      '<article><h1>T</h1><p>Text.</p></article>',
      { date: undefined, sourceUrl: undefined, tags: [] },
    ],
    [
      'the longest of several <article>s',
      '<article><h1>Teaser</h1><p>Short.</p></article><article><h1>Main story</h1><p>The much longer text of the story.</p></article>',
      { title: 'Main story', body: 'The much longer text of the story.\n' },
    ],
    [
      'an upper-case language code made a tag',
      '<html lang="EN"><h1>T</h1><main><p>Text.</p></main></html>',
      { lang: 'en' },
    ],
  ])('%s', async (_name, html, expected) => {
    expect(await parseHtmlPage(html)).toMatchObject(expected);
  });
});

describe('parseHtmlPage refuses pages it cannot make an entry from', () => {
  it.each([
    [
      'no headline anywhere',
      '<main><p>Text without a title.</p></main>',
      /no headline: the page has no JSON-LD headline, og:title, <h1> or <title>/,
    ],
    [
      'nothing but chrome',
      '<h1>Title</h1><nav><p>Menu</p></nav><footer><p>Footer</p></footer>',
      /no article text: the page "Title"/,
    ],
    ['only a script', '<title>T</title><script>alert(1)</script>', /no article text/],
  ])('%s', async (_name, html, message) => {
    await expect(parseHtmlPage(html)).rejects.toThrow(ImportError);
    await expect(parseHtmlPage(html)).rejects.toThrow(message);
  });
});

/**
 * Saved pages of the shapes a desk meets, each with its furniture marked by a
 * word such as NAVTEXT or COMMENTTEXT (and the furniture's own words: "Share",
 * "Related stories"), so a test can say exactly what leaked.
 */
const FURNITURE = [
  ['navigation', /NAVTEXT/],
  ['comments', /COMMENTTEXT|\bcomments?\b|コメント/i],
  ['share buttons', /SHARETEXT|\bshare\b|シェア|ツイート/i],
  ['related stories', /RELATEDTEXT|related|you may also like|関連記事/i],
  ['the sidebar', /SIDEBARTEXT|most read/i],
  ['ads', /ADTEXT|advertis/i],
  ['the newsletter box', /NEWSLETTERTEXT|inbox/i],
  ['the footer', /FOOTERTEXT|all rights reserved|著作権/i],
  ['images', /IMAGETEXT|!\[/],
  ['photo captions', /CAPTIONTEXT/],
  ['the headline (it is the title)', /^#/m],
] as const;

const SHAPES: [string, string, { first: string; last: string; paragraphs: number; fields: Record<string, unknown> }][] =
  [
    [
      'a news article with a sidebar, a share bar, related stories and reader comments',
      'sidebar-comments.html',
      {
        first: 'The island ferry will run two extra sailings',
        last: 'before deciding whether to keep them.',
        paragraphs: 4,
        fields: {
          title: 'Ferry operator adds winter sailings to the islands',
          dek: 'Two extra sailings a week will run from December to March.',
          date: '2025-11-20',
          author: 'Mari Tanaka',
          sourceName: 'Island Herald',
          sourceUrl: 'https://herald.example/news/2025/11/ferry-winter-sailings',
          tags: ['Transport', 'Islands'],
          lang: 'en',
        },
      },
    ],
    [
      'a page whose body is in nested <div>s, with no <article> or <main>',
      'nested-divs.html',
      {
        first: 'The central library will stay open until nine',
        last: 'the busiest hour of the week.',
        paragraphs: 4,
        fields: {
          title: 'Library extends opening hours',
          date: '2025-12-03',
          author: 'Sam Okoro',
          sourceName: 'Riverside Post',
          sourceUrl: 'https://post.example/local/library-hours',
          lang: 'en-US',
        },
      },
    ],
    [
      'a page whose metadata is only in JSON-LD (a @graph, the publisher by @id, one broken block)',
      'json-ld-only.html',
      {
        first: 'Ministers agreed on Monday night',
        last: 'by the afternoon.',
        paragraphs: 3,
        fields: {
          title: 'Ministers agree grain corridor for the winter',
          dek: 'The agreement keeps two ports open until the spring harvest.',
          // The day as published in Tokyo, not moved to UTC.
          date: '2025-12-01',
          author: 'Lena Hart, Kenji Mori',
          section: 'World',
          lang: 'en-GB',
          sourceName: 'The Daily Ledger',
          sourceUrl: 'https://ledger.example/world/grain-deal',
          tags: ['Grain', 'Shipping', 'Black Sea'],
        },
      },
    ],
    [
      'an AMP page (amp-sidebar, amp-img, amp-ad, amp-social-share)',
      'amp-page.html',
      {
        first: 'The valley rail line reopened on Tuesday morning',
        last: 'between the two towns.',
        paragraphs: 3,
        fields: {
          title: 'Rail line reopens after landslide',
          date: '2025-10-14',
          sourceName: 'Mountain News',
          sourceUrl: 'https://mountain.example/news/rail-reopens',
        },
      },
    ],
    [
      'a page with photos and captions (and a pull quote, which is text)',
      'photo-caption.html',
      {
        first: 'Common cranes have nested on the northern wetland',
        last: '> “We did not expect them back so soon,” the warden said.',
        paragraphs: 4,
        fields: { title: 'Cranes return to the wetland', date: '2025-11-02', sourceName: 'Northern Times' },
      },
    ],
    [
      'a page in Japanese',
      'japanese.html',
      {
        first: '安倍晋三首相とロシアのプーチン大統領が合意した',
        last: 'プーチン氏との協議を重ねる方針だ。',
        paragraphs: 3,
        fields: {
          title: '北方領土交渉、「新たなアプローチ」で前進目指す',
          date: '2016-05-12',
          lang: 'ja',
          sourceName: '産経ニュース',
          tags: ['北方領土', '日露関係'],
        },
      },
    ],
  ];

describe.each(SHAPES)('%s', (_name, file, expected) => {
  const capture = parseHtmlPage(fixture(file));

  it('keeps the article text, first paragraph to last', async () => {
    const { body } = await capture;
    const paragraphs = body.trim().split(/\n{2,}/);
    expect(paragraphs[0], 'the body does not start with the article’s first paragraph').toContain(expected.first);
    expect(paragraphs.at(-1), 'the body does not end with the article’s last paragraph').toContain(expected.last);
    expect(paragraphs, `expected ${expected.paragraphs} paragraphs, got:\n${body}`).toHaveLength(expected.paragraphs);
  });

  it.each(FURNITURE)('leaves out %s', async (what, pattern) => {
    const { body } = await capture;
    expect(body, `${what} leaked into the body`).not.toMatch(pattern);
  });

  it('reads the metadata, JSON-LD first, then Open Graph and <meta>, then the page', async () => {
    expect(await capture).toMatchObject(expected.fields);
  });
});

describe('a digest’s own saved item page, labelled by its headline', () => {
  const capture = parseHtmlPage(fixture('digest-item.html'));

  it('fills the source of record from the labels, and the digest becomes `via`', async () => {
    expect(await capture).toMatchObject({
      title: 'Government to take “new approach” to territorial talks',
      kind: 'translation',
      sourceName: 'The Sankei Shimbun',
      sourceUrl: 'https://www.sankei.com/',
      page: '3',
      date: '2016-05-12',
      viaName: 'Press Digest, Embassy Example',
      viaUrl: 'https://digest.example/2016/05/13/territorial-talks/',
    });
  });

  it('keeps the labels out of the body', async () => {
    const { body } = await capture;
    expect(body).not.toMatch(/Translation|Sankei, May|NAVTEXT|FOOTERTEXT/);
    expect(body.trim().split(/\n{2,}/)).toHaveLength(2);
  });

  it('does not take a label from a page without one', async () => {
    const plain = await parseHtmlPage(fixture('sidebar-comments.html'));
    expect([plain.kind, plain.page, plain.time, plain.viaName]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
