import type { Page } from 'astro';
import { describe, expect, it } from 'vitest';

import { pageItems, pageParam, pageUrl, pageUrls, underPageSegment } from '../../src/lib/pagination.ts';

describe('pageItems', () => {
  it.each([
    [1, 1, [1]],
    [1, 2, [1, 2]],
    [2, 2, [1, 2]],
    [1, 3, [1, 2, 3]],
    [1, 5, [1, 2, 'gap', 5]],
    [3, 5, [1, 2, 3, 4, 5]],
    [1, 10, [1, 2, 'gap', 10]],
    [3, 10, [1, 2, 3, 4, 'gap', 10]],
    // A gap never hides a single page: page 2 is shown instead of "…".
    [4, 10, [1, 2, 3, 4, 5, 'gap', 10]],
    [5, 10, [1, 'gap', 4, 5, 6, 'gap', 10]],
    [7, 10, [1, 'gap', 6, 7, 8, 9, 10]],
    [10, 10, [1, 'gap', 9, 10]],
    [100, 200, [1, 'gap', 99, 100, 101, 'gap', 200]],
  ])('page %i of %i links %j', (current, last, expected) => {
    expect(pageItems(current, last), `links shown on page ${current} of ${last}`).toEqual(expected);
  });

  it('widens the window with `around`', () => {
    expect(pageItems(10, 20, 2)).toEqual([1, 'gap', 8, 9, 10, 11, 12, 'gap', 20]);
  });

  it('never shows more than 2 × around + 5 items, so the links fit a phone', () => {
    for (let last = 1; last <= 60; last += 1) {
      for (let current = 1; current <= last; current += 1) {
        expect(pageItems(current, last).length, `page ${current} of ${last}`).toBeLessThanOrEqual(7);
      }
    }
  });

  it.each([
    [0, 5],
    [6, 5],
    [1.5, 5],
    [1, 0],
  ])('refuses page %s of %s', (current, last) => {
    expect(() => pageItems(current, last)).toThrow(RangeError);
  });
});

describe('pageUrl and pageParam', () => {
  it.each([
    ['/', 1, '/', undefined],
    ['/', 2, '/page/2/', 'page/2'],
    ['/news/', 3, '/news/page/3/', 'page/3'],
    ['/topics/ukraine/', 1, '/topics/ukraine/', undefined],
    ['/news/topics/2016/', 12, '/news/topics/2016/page/12/', 'page/12'],
  ])('page %s + %i is at %s (route parameter %s)', (first, n, url, param) => {
    expect(pageUrl(first, n)).toBe(url);
    expect(pageParam(n)).toBe(param);
  });

  it('refuses a first page without its trailing slash, naming it', () => {
    expect(() => pageUrl('/topics/ukraine', 2)).toThrow('/topics/ukraine');
  });
});

describe('pageUrls', () => {
  it.each([
    [1, 1, { current: '/t/', prev: undefined, next: undefined, first: undefined, last: undefined }],
    [1, 3, { current: '/t/', prev: undefined, next: '/t/page/2/', first: undefined, last: '/t/page/3/' }],
    [2, 3, { current: '/t/page/2/', prev: '/t/', next: '/t/page/3/', first: '/t/', last: '/t/page/3/' }],
    [3, 3, { current: '/t/page/3/', prev: '/t/page/2/', next: undefined, first: '/t/', last: undefined }],
  ])('page %i of %i', (current, last, expected) => {
    expect(pageUrls('/t/', current, last)).toEqual(expected);
  });
});

describe('underPageSegment', () => {
  // What Astro's paginate() returns for a `[...page]` route: pages numbered straight after the route.
  const astroPath = (currentPage: number, lastPage: number) => ({
    params: { topic: 'ukraine', page: currentPage === 1 ? undefined : String(currentPage) },
    props: {
      topic: 'Ukraine',
      page: {
        data: [],
        start: 0,
        end: 0,
        size: 20,
        total: 60,
        currentPage,
        lastPage,
        url: {
          current: `/topics/ukraine/${currentPage}/`,
          prev: undefined,
          next: undefined,
          first: undefined,
          last: undefined,
        },
      } satisfies Page,
    },
  });

  it.each([
    [1, undefined, '/topics/ukraine/'],
    [2, 'page/2', '/topics/ukraine/page/2/'],
    [3, 'page/3', '/topics/ukraine/page/3/'],
  ])('moves page %i to the route parameter %s and the URL %s', (n, param, url) => {
    const moved = underPageSegment('/topics/ukraine/')(astroPath(n, 3));
    expect(moved.params).toEqual({ topic: 'ukraine', page: param });
    expect(moved.props.page.url.current).toBe(url);
    expect(moved.props.topic, 'other props are kept').toBe('Ukraine');
  });
});
