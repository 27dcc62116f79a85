import { describe, expect, it } from 'vitest';

import { topicSlug } from '../../src/lib/slug.ts';

describe('topicSlug', () => {
  it.each([
    ['COVID-19', 'covid-19'],
    ['Trending Japan', 'trending-japan'],
    ['Ambassador', 'ambassador'],
    ['Ukraine', 'ukraine'],
    ['Japan-Russia relations', 'japan-russia-relations'],
    ['  Northern Territories ', 'northern-territories'],
    ['U.S.-Japan alliance', 'us-japan-alliance'],
    ['北方領土', '北方領土'],
    ['Москва', 'москва'],
    ['Café', 'café'],
    ['🇯🇵 Japan', 'japan'],
    ['Japan 🤝 Russia', 'japan-russia'],
    ['שלום עולם', 'שלום-עולם'],
    ['🎉', ''],
  ])('%j -> %j', (name, slug) => {
    expect(topicSlug(name)).toBe(slug);
  });

  it('is URL-safe once percent-encoded and stable across calls', () => {
    for (const name of ['COVID-19', '北方領土', 'Trending Japan']) {
      const slug = topicSlug(name);
      expect(slug, `slug of ${name} changed between calls`).toBe(topicSlug(name));
      expect(slug, `slug of ${name} has characters a URL path can't carry`).not.toMatch(/[\s/?#%&]/);
    }
  });

  it('gives the same slug to the same name in composed and decomposed Unicode', () => {
    expect(topicSlug('Cafe\u0301')).toBe(topicSlug('Caf\u00e9'));
  });
});
