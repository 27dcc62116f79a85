import { describe, expect, it } from 'vitest';

import { countWords, readingMinutes, WORDS_PER_MINUTE } from '../../src/lib/reading-time.ts';

describe('countWords', () => {
  it.each([
    ['', 0],
    ['One two three.', 3],
    ['Japan-Russia talks', 2],
    ['Abe’s first visit', 3],
    ['A [linked phrase](https://example.com/a/b) here', 4],
    ['Raw <abbr title="x">HTML</abbr> tags', 3],
    ['Over 70 years', 3],
  ])('%j has %i words', (text, words) => {
    expect(countWords(text)).toBe(words);
  });
});

describe('readingMinutes', () => {
  it.each([
    [0, 1],
    [1, 1],
    [WORDS_PER_MINUTE, 1],
    [WORDS_PER_MINUTE * 2, 2],
    [WORDS_PER_MINUTE * 10 + 10, 10],
  ])('%i words take %i min', (words, minutes) => {
    expect(readingMinutes(Array.from({ length: words }, () => 'word').join(' '))).toBe(minutes);
  });
});
