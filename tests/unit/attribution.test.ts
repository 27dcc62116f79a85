import { describe, expect, it } from 'vitest';

import { ARTICLE_KINDS } from '../../src/lib/article-schema.ts';
import { attributionText, KIND_LABELS, pageLabel } from '../../src/lib/attribution.ts';

describe('pageLabel', () => {
  it.each([
    ['3', 'p. 3'],
    ['A1', 'p. A1'],
    ['1, 4–7', 'pp. 1, 4–7'],
    ['4-7', 'pp. 4-7'],
    [' 12 ', 'p. 12'],
  ])('%s -> %s', (page, label) => {
    expect(pageLabel(page)).toBe(label);
  });
});

describe('attributionText, as the digest labels items', () => {
  it.each([
    [{ name: 'The Sankei Shimbun' }, undefined, 'The Sankei Shimbun'],
    [{ name: 'The Sankei Shimbun', page: '3' }, 'summary', 'The Sankei Shimbun, p. 3 · Summary'],
    [{ name: 'Okinawa Times', page: '1' }, 'translation', 'Okinawa Times, p. 1 · Translation'],
    [
      { name: 'Jiji Press Public Opinion Poll Bulletin', page: '1, 4–7' },
      'poll',
      'Jiji Press Public Opinion Poll Bulletin, pp. 1, 4–7 · Poll',
    ],
    [{ name: 'Kyodo News', time: '19:37' }, 'english-press', 'Kyodo News, 19:37 · English Press'],
    [{ name: 'Asahi', page: '2', time: '07:05' }, 'editorial', 'Asahi, p. 2, 07:05 · Editorial'],
  ] as const)('%o, %s', (source, kind, text) => {
    expect(attributionText(source, kind)).toBe(text);
  });

  it('has a label for every kind the schema allows', () => {
    expect(Object.keys(KIND_LABELS).sort()).toEqual([...ARTICLE_KINDS].sort());
  });
});
