import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

import { generateArticles, seededRandom, TOPIC_POOL, zipfSampler } from '../../../scripts/measure/corpus.ts';
import { articleSchema } from '../../../src/lib/article-schema.ts';
import { countWords } from '../../../src/lib/reading-time.ts';

const corpus = [...generateArticles({ count: 2000 })];
const split = (markdown: string) => {
  const [, frontmatter = '', body = ''] = markdown.split(/^---$/m);
  return { data: yaml.load(frontmatter), body };
};

describe('the synthetic corpus', () => {
  it('is the same for the same seed and different for another', () => {
    const again = [...generateArticles({ count: 50 })];
    expect(
      again.map((a) => a.markdown),
      'same seed, same articles',
    ).toEqual(corpus.slice(0, 50).map((a) => a.markdown));
    const other = [...generateArticles({ count: 50, seed: 7 })];
    expect(other[0]?.markdown).not.toBe(corpus[0]?.markdown);
  });

  it('has valid frontmatter on every article and unique slugs', () => {
    for (const article of corpus) {
      const result = articleSchema.safeParse(split(article.markdown).data);
      expect(result.success, `${article.slug}: ${result.error?.message}`).toBe(true);
    }
    expect(new Set(corpus.map((a) => a.slug)).size, 'slugs are unique').toBe(corpus.length);
  });

  it('has articles of news length with headings, a list, links, a footnote and raw HTML to sanitize', () => {
    for (const article of corpus.slice(0, 200)) {
      const { body } = split(article.markdown);
      const words = countWords(body);
      expect(words, `${article.slug} has ${words} words`).toBeGreaterThanOrEqual(350);
      expect(words, `${article.slug} has ${words} words`).toBeLessThanOrEqual(1600);
      expect(body, `${article.slug}: a sub-heading`).toMatch(/^## \S/m);
      expect(body, `${article.slug}: a list`).toMatch(/^(- |1\. )/m);
      expect(body, `${article.slug}: a link`).toMatch(/\]\(https:\/\//);
      expect(body, `${article.slug}: a footnote`).toMatch(/\[\^1\][\s\S]*^\[\^1\]: /m);
      expect(body, `${article.slug}: raw HTML`).toMatch(/^<(div|p|iframe|details|figure)[ >]/m);
    }
  });

  it('draws topics from a pool of 200 with a Zipf-like skew', () => {
    expect(new Set(TOPIC_POOL).size).toBe(200);
    const counts = new Map<string, number>();
    for (const article of corpus) for (const topic of article.topics) counts.set(topic, (counts.get(topic) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    expect(counts.size, 'topics used').toBeLessThanOrEqual(200);
    expect(
      sorted[0],
      `the top topic (${sorted[0]}) is on far more articles than the median one (${median})`,
    ).toBeGreaterThan(10 * median);
  });
});

describe('zipfSampler', () => {
  it('draws rank 1 about twice as often as rank 2 and ten times as often as rank 10', () => {
    const draw = zipfSampler(200, 1, seededRandom(1));
    const hits = new Array<number>(200).fill(0);
    for (let i = 0; i < 100_000; i += 1) {
      const rank = draw();
      hits[rank] = (hits[rank] ?? 0) + 1;
    }
    const [first = 0, second = 0] = hits;
    expect(first / second).toBeGreaterThan(1.7);
    expect(first / second).toBeLessThan(2.3);
    expect(first / (hits[9] ?? 1)).toBeGreaterThan(8);
    expect(first / (hits[9] ?? 1)).toBeLessThan(12);
  });
});
