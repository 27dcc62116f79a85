import { pathToFileURL } from 'node:url';

import { describe, expect, it } from 'vitest';

// Astro's own slug, by its path: the package exports no such entry.
import { getContentEntryIdAndSlug } from '../../node_modules/astro/dist/content/utils.js';
import { articleSlug, entryId, entrySlug, slugProblem, topicSlug } from '../../src/lib/slug.ts';

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

describe('entrySlug gives the URL Astro gives the file', () => {
  it.each([
    ['new-approach.md', 'new-approach'],
    ['Same Story.md', 'same-story'],
    ['北方領土-交渉.md', '北方領土-交渉'],
    ['2016/story.md', '2016/story'],
    ['section/index.md', 'section'],
    ['🎉.md', ''],
    ['synthetic-000001-minister-were-cost.md', 'synthetic-000001-minister-were-cost'],
    ['UPPER-case.md', 'upper-case'],
    ['under_score.md', 'under_score'],
    ['dots.in.name.md', 'dotsinname'],
    ['100% sure.md', '100-sure'],
    ['café.md', 'café'],
    ['2016/Index.md', '2016'],
  ])('%s -> %j', (file, slug) => {
    expect(entrySlug(file), `the URL of ${file}`).toBe(slug);
    // What Astro's glob loader does by default (generateIdDefault in astro/dist/content/loaders/glob.js).
    const base = pathToFileURL('/content/articles/');
    const astro = getContentEntryIdAndSlug({
      entry: new URL(`./${encodeURI(file)}`, base),
      contentDir: base,
      collection: '',
    });
    expect(entrySlug(file), `Astro's own slug of ${file}`).toBe(astro.slug);
  });
});

describe("entryId (the glob loader's generateId)", () => {
  it.each([
    ['Same Story.md', {}, 'same-story'],
    ['same-story.md', { slug: 'custom/path' }, 'custom/path'],
    ['same-story.md', { slug: 2016 }, '2016'],
    ['same-story.md', { slug: '' }, 'same-story'],
  ])("%s with %j -> %j, as Astro's default", (entry, data, id) => {
    expect(entryId({ entry, data })).toBe(id);
  });
});

describe('articleSlug makes a readable file name from the headline', () => {
  it.each([
    [
      '“New approach” to territorial talks will not mention Russia’s illegal occupation',
      'new-approach-to-territorial-talks-will-not-mention-russias-illegal-occupation',
    ],
    ['Café Zürich: Straße & Œuvre', 'cafe-zurich-strasse-oeuvre'],
    ['Ｆｕｌｌ-width ＡＢＣ 123', 'full-width-abc-123'],
    ['北方領土 交渉が進む', '北方領土-交渉が進む'],
    ['Москва и Токио', 'москва-и-токио'],
    ['  --Leading & trailing!--  ', 'leading-trailing'],
    ['COVID-19: 5 things', 'covid-19-5-things'],
    ['!!!', ''],
  ])('%s -> %s', (headline, slug) => {
    expect(articleSlug(headline)).toBe(slug);
  });

  it('cuts a long headline at a word boundary', () => {
    const slug = articleSlug('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^word(-word)+$/);
  });
});

describe('slugProblem accepts only slugs that are their own URL', () => {
  it.each(['harbour-reopens', 'covid-19', '北方領土-交渉', 'a'])('accepts %s', (slug) => {
    expect(slugProblem(slug)).toBeUndefined();
  });
  it.each(['Harbour-Reopens', 'two--hyphens', '-leading', 'trailing-', 'with space', '_draft', 'dots.md', '../up', ''])(
    'refuses "%s"',
    (slug) => {
      expect(slugProblem(slug)).toMatch(/is not a usable slug: use lower-case letters, digits and single hyphens/);
    },
  );
});
