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

  it('takes the block with the most paragraph text, tables kept, unsafe and unresolvable links made text', () => {
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
      'the article’s <h1> before og:title',
      '<meta property="og:title" content="From og:title"><article><h1>From h1</h1><p>Text.</p></article>',
      { title: 'From h1', body: 'Text.\n' },
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
      /no headline: the page has no <h1>, og:title or <title>/,
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
