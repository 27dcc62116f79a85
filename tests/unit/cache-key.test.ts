import { describe, expect, it } from 'vitest';

import { cacheKey, entryFingerprint, listingCacheKey } from '../../src/lib/cache-key.ts';

/** A page's key must change with anything the page shows, and only then. */

const a = { id: 'a', digest: '1' };
const b = { id: 'b', digest: '2' };
const page = { currentPage: 2, lastPage: 5, total: 90, data: [a, b] };

describe('listingCacheKey', () => {
  it('is the same for the same listing page', () => {
    expect(listingCacheKey(page, 'topic', 'ukraine')).toBe(
      listingCacheKey({ ...page, data: [a, b] }, 'topic', 'ukraine'),
    );
  });

  it.each([
    ['an entry it lists is edited', { ...page, data: [a, { ...b, digest: '3' }] }, ['topic', 'ukraine']],
    ['the entries move down a page', { ...page, data: [b, a] }, ['topic', 'ukraine']],
    ['the page count grows', { ...page, lastPage: 6 }, ['topic', 'ukraine']],
    ['the article count it prints grows', { ...page, total: 91 }, ['topic', 'ukraine']],
    ['it is another page number', { ...page, currentPage: 3 }, ['topic', 'ukraine']],
    ['it is another listing', page, ['topic', 'russia']],
  ])('changes when %s', (_name, changed, scope) => {
    expect(listingCacheKey(changed, ...scope)).not.toBe(listingCacheKey(page, 'topic', 'ukraine'));
  });
});

describe('cacheKey and entryFingerprint', () => {
  it('tell apart entries by id and digest', () => {
    expect(entryFingerprint(a)).toBe('a@1');
    expect(cacheKey(entryFingerprint(a))).not.toBe(cacheKey(entryFingerprint({ ...a, digest: '9' })));
  });
});
