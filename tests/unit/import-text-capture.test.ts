import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ImportError } from '../../src/import/capture.ts';
import { parseTextCapture } from '../../src/import/text-capture.ts';
import { SANKEI } from '../support/sankei.ts';

const seed = readFileSync(new URL('../fixtures/sankei-capture.txt', import.meta.url), 'utf8');
const committedBody = readFileSync(`content/articles/${SANKEI.slug}.md`, 'utf8').split(/^---$/m)[2] ?? '';

describe('parseTextCapture on the seed capture', () => {
  const capture = parseTextCapture(seed);

  it('takes the first real line as the headline, dropping "print PRINT"', () => {
    expect(capture.title).toBe(SANKEI.headline);
  });

  it('writes the same Markdown body as the committed entry, escaped gloss brackets included', () => {
    expect(`\n\n${capture.body}`, 'body differs from the committed Sankei entry').toBe(committedBody);
  });

  it('turns the trailing bullets into tags, in order', () => {
    expect(capture.tags).toEqual(['Ambassador', 'Ukraine', 'COVID-19', 'Trending Japan']);
  });

  it('leaves what the capture cannot tell unset', () => {
    expect([capture.date, capture.dek, capture.sourceName, capture.sourceUrl, capture.section]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('parseTextCapture reads the capture shape', () => {
  it.each([
    [
      'a breadcrumb becomes the section, shouting toned down',
      'Print PRINT\nINTERNATIONAL > Europe & Eurasia\n\nHeadline here\n\nBody text.',
      { section: 'International › Europe & Eurasia', title: 'Headline here', body: 'Body text.\n' },
    ],
    [
      '"Home" is not part of the section',
      'Home › Politics\nHeadline\n\nBody.',
      { section: 'Politics', title: 'Headline', body: 'Body.\n' },
    ],
    [
      'share buttons are chrome',
      'Share | Tweet | Email\n\nHeadline\n\nBody.',
      { section: undefined, title: 'Headline', body: 'Body.\n' },
    ],
    [
      'a byline and a date line under the headline are metadata',
      'Headline\nBy Ana Lima\nMay 12, 2016\n\nFirst paragraph.',
      { author: 'Ana Lima', date: '2016-05-12', body: 'First paragraph.\n' },
    ],
    [
      'a paragraph starting with "By" is not a byline',
      'Headline\n\nBy then it was over.',
      { author: undefined, body: 'By then it was over.\n' },
    ],
    [
      'a byline naming two writers',
      'Headline\n\nBY ANA LIMA and JO OKAFOR, Staff\n\nBody.',
      { author: 'ANA LIMA and JO OKAFOR, Staff', body: 'Body.\n' },
    ],
    [
      'wrapped lines of one block are one paragraph',
      'Headline\n\nA paragraph wrapped\nacross two lines.\n\nSecond.',
      { body: 'A paragraph wrapped across two lines.\n\nSecond.\n' },
    ],
    [
      'Windows line endings and a byte-order mark',
      '\uFEFFHeadline\r\n\r\nBody one.\r\n\r\nBody two.\r\n',
      { title: 'Headline', body: 'Body one.\n\nBody two.\n' },
    ],
    [
      'a bullet block inside the body stays a list',
      'Headline\n\nIntro.\n\n- first point\n- second point\n\nOutro.\n\n• Topic',
      { body: 'Intro.\n\n- first point\n- second point\n\nOutro.\n', tags: ['Topic'] },
    ],
    [
      'Markdown-looking text stays literal',
      'Headline\n\n# not a heading\n\n1986. A year *to* remember [sic] <b>',
      { body: '\\# not a heading\n\n1986\\. A year \\*to\\* remember \\[sic\\] \\<b>\n' },
    ],
    [
      'long bullets at the end are body text, not topics',
      `Headline\n\nIntro.\n\n• ${'a long point '.repeat(6)}`,
      { tags: [], body: `Intro.\n\n- ${'a long point '.repeat(6).trim()}\n` },
    ],
  ])('%s', (_name, text, expected) => {
    expect(parseTextCapture(text)).toMatchObject(expected);
  });
});

describe('parseTextCapture refuses a capture without a headline', () => {
  it.each([
    ['only chrome', 'Print PRINT\n\n', /no headline: after the page chrome there is no text/],
    ['only topic bullets', '• Ambassador\n• Ukraine', /no headline: .* a bullet point/],
    [
      'a paragraph where the headline should be',
      `${'Words and more words. '.repeat(12)}\n\nMore.`,
      /no headline: .*263-character paragraph/,
    ],
    ['a headline and nothing else', 'Just a headline\n\n• Topic', /no article text: the headline "Just a headline"/],
  ])('%s', (_name, text, message) => {
    expect(() => parseTextCapture(text)).toThrow(ImportError);
    expect(() => parseTextCapture(text)).toThrow(message);
  });
});

describe('parseTextCapture with the headline given by --title', () => {
  it('keeps a capture that starts with a paragraph, all of it body', () => {
    const paragraph = 'Words and more words. '.repeat(12).trim();
    expect(parseTextCapture(`${paragraph}\n\nMore.`, { titleGiven: true })).toMatchObject({
      title: undefined,
      body: `${paragraph}\n\nMore.\n`,
    });
  });

  it('still drops a headline line, which --title replaces', () => {
    expect(parseTextCapture('Old headline\n\nBody.', { titleGiven: true })).toMatchObject({
      title: 'Old headline',
      body: 'Body.\n',
    });
  });
});
