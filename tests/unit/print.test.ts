import { describe, expect, it } from 'vitest';

import { cspHash } from '../../src/lib/csp.ts';
import { citationSource, cssString, runningHead, shortPublisherName, shortTitle } from '../../src/lib/print.ts';

const sankei = { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/' };
const jmh = { name: 'Japan Media Highlights, U.S. Embassy Tokyo', url: 'https://jmh.usembassy.gov/201605131029/' };

describe('shortPublisherName', () => {
  it.each([
    ['Japan Media Highlights, U.S. Embassy Tokyo', 'Japan Media Highlights'],
    ['The Sankei Shimbun', 'The Sankei Shimbun'],
    ['  Kyodo News ', 'Kyodo News'],
    ['Yomiuri Shimbun, Tokyo morning edition, page 2', 'Yomiuri Shimbun'],
    [', odd leading comma', ', odd leading comma'],
  ])('%j -> %j', (name, short) => {
    expect(shortPublisherName(name)).toBe(short);
  });
});

describe('citationSource', () => {
  it('names the source, then the short name of where the text was published', () => {
    expect(citationSource(sankei, jmh)).toBe('The Sankei Shimbun, via Japan Media Highlights');
  });
  it('is just the source when there is no via', () => {
    expect(citationSource(sankei)).toBe('The Sankei Shimbun');
  });
});

describe('shortTitle', () => {
  const headline = '“New approach” to territorial talks will not mention Russia’s illegal occupation';
  it.each([
    ['Short headline', 60, 'Short headline'],
    ['  Spaces   collapse  ', 60, 'Spaces collapse'],
    [headline, 60, '“New approach” to territorial talks will not mention…'],
    ['One, two, three, four, five, six', 18, 'One, two, three…'],
    ['Supercalifragilisticexpialidocious headline', 20, 'Supercalifragilisti…'],
  ])('%j at %i chars -> %j', (title, max, short) => {
    expect(shortTitle(title, max)).toBe(short);
  });

  it('never returns more than the limit', () => {
    for (const max of [10, 20, 40, 60]) {
      expect(shortTitle(headline, max).length, `limit ${max}`).toBeLessThanOrEqual(max);
    }
  });
});

describe('runningHead', () => {
  it('is the source name and the short headline', () => {
    expect(runningHead('A headline', sankei)).toBe('The Sankei Shimbun · A headline');
  });
});

describe('cssString', () => {
  it.each([
    ['plain', '"plain"'],
    ['“curly” and ’', '"“curly” and ’"'],
    ['say "hi"', '"say \\22 hi\\22 "'],
    ['back\\slash', '"back\\5c slash"'],
    ['</style><script>', '"\\3c /style\\3e \\3c script\\3e "'],
    ['line\nbreak', '"line\\a break"'],
  ])('%j -> %s', (value, css) => {
    expect(cssString(value)).toBe(css);
  });

  it('can never close the <style> element or the string early', () => {
    const nasty = '"; } </style><script>alert(1)</script> \\';
    const css = cssString(nasty);
    expect(css.slice(1, -1), 'no bare quote inside the string').not.toMatch(/"/);
    expect(css, 'no < at all').not.toMatch(/</);
  });
});

describe('cspHash', () => {
  it.each([
    ['', 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='],
    ['abc', 'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='],
  ])('%j -> %s (the base64 SHA-256 a browser computes for CSP)', (text, hash) => {
    expect(cspHash(text)).toBe(hash);
  });

  it('hashes the exact text: one more space is another hash', () => {
    expect(cspHash(':root{}')).not.toBe(cspHash(':root{} '));
  });
});
