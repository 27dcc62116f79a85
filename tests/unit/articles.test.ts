import { describe, expect, it } from 'vitest';

import {
  type ArticleLike,
  published,
  relatedArticles,
  SourceSlugCollisionError,
  sourceIndex,
  sourcesWithCounts,
  sortArticles,
  TopicSlugCollisionError,
  topicIndex,
  topicsWithCounts,
} from '../../src/lib/articles.ts';

const article = (id: string, date: string, tags: string[], extra: Partial<ArticleLike['data']> = {}): ArticleLike => ({
  id,
  data: { title: id, date: new Date(`${date}T00:00:00Z`), tags, ...extra },
});

const sankei = article('sankei', '2016-05-12', ['Ambassador', 'Ukraine', 'COVID-19', 'Trending Japan']);
const a = article('a', '2016-06-01', ['Ukraine', 'COVID-19']);
const b = article('b', '2017-01-01', ['Ukraine']);
const c = article('c', '2015-01-01', ['Ukraine', 'COVID-19', 'Ambassador']);
const d = article('d', '2018-01-01', ['Unrelated']);
const all = [sankei, a, b, c, d];

describe('sortArticles', () => {
  it('puts the newest first and breaks ties by headline', () => {
    const sameDay = [article('zeta', '2016-01-01', ['x']), article('alpha', '2016-01-01', ['x'])];
    expect(sortArticles([...all, ...sameDay]).map((x) => x.id)).toEqual([
      'd',
      'b',
      'a',
      'sankei',
      'alpha',
      'zeta',
      'c',
    ]);
  });
});

describe('published', () => {
  const draft = article('draft', '2020-01-01', ['x'], { draft: true });
  it.each([
    [false, ['sankei']],
    [true, ['sankei', 'draft']],
  ])('with drafts=%s keeps %j', (includeDrafts, ids) => {
    expect(published([sankei, draft], includeDrafts).map((x) => x.id)).toEqual(ids);
  });
});

describe('topicIndex and topicsWithCounts', () => {
  const index = topicIndex(all);

  it('lists every topic once with its articles newest first', () => {
    expect(index.get('ukraine')?.articles.map((x) => x.id)).toEqual(['b', 'a', 'sankei', 'c']);
    expect(index.get('covid-19')?.name).toBe('COVID-19');
    expect(index.get('trending-japan')?.articles.map((x) => x.id)).toEqual(['sankei']);
  });

  it('orders topics by article count, then name', () => {
    expect(topicsWithCounts(index).map((t) => [t.name, t.articles.length])).toEqual([
      ['Ukraine', 4],
      ['COVID-19', 3],
      ['Ambassador', 2],
      ['Trending Japan', 1],
      ['Unrelated', 1],
    ]);
  });

  it('counts a tag repeated in one article once', () => {
    expect(topicIndex([article('x', '2020-01-01', ['Ukraine', 'Ukraine'])]).get('ukraine')?.articles).toHaveLength(1);
  });

  it('fails, naming both, when two different topics make the same slug', () => {
    const clash = [article('x', '2020-01-01', ['COVID-19']), article('y', '2020-01-02', ['Covid 19'])];
    expect(() => topicIndex(clash)).toThrow(TopicSlugCollisionError);
    expect(() => topicIndex(clash)).toThrow(/"Covid 19" and "COVID-19" both make the URL slug "covid-19"/);
  });
});

describe('relatedArticles', () => {
  const index = topicIndex(all);

  it('ranks by shared topics, then recency, and leaves out the article itself and unrelated ones', () => {
    // c shares 3 topics; a shares 2; b shares 1.
    expect(relatedArticles(sankei, index).map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });

  it('breaks ties in shared topics by recency', () => {
    const x = article('x', '2020-01-01', ['Ukraine']);
    const idx = topicIndex([x, a, b, c]);
    expect(relatedArticles(x, idx).map((y) => y.id)).toEqual(['b', 'a', 'c']);
  });

  it('respects the limit', () => {
    expect(relatedArticles(sankei, index, 2).map((x) => x.id)).toEqual(['c', 'a']);
  });

  it('is empty when nothing shares a topic', () => {
    expect(relatedArticles(d, index)).toEqual([]);
  });

  describe('on a topic bigger than the window', () => {
    // Twenty articles on one topic, one a month through 2020 and 2021; m10 also shares "Rare" with r (2010).
    const month = (n: number) => `${2020 + Math.floor((n - 1) / 12)}-${String(((n - 1) % 12) + 1).padStart(2, '0')}-01`;
    const monthly = Array.from({ length: 20 }, (_, i) =>
      article(`m${i + 1}`, month(i + 1), i === 9 ? ['Big', 'Rare'] : ['Big']),
    );
    const r = article('r', '2010-01-01', ['Big', 'Rare']);
    const big = topicIndex([...monthly, r]);

    it.each([
      // m10 (October 2020): r shares two topics; then the newest of the 3 published either side of it.
      ['m10', 3, ['r', 'm13', 'm12', 'm11', 'm9', 'm8']],
      // The newest article: only the 3 after it in the list are candidates.
      ['m20', 3, ['m19', 'm18', 'm17']],
      // With a window as big as the topic, every article on it is a candidate (newest first).
      ['m20', 50, ['m19', 'm18', 'm17', 'm16', 'm15', 'm14']],
    ])('for %s with a window of %i: %j', (id, window, expected) => {
      const self = [...monthly, r].find((x) => x.id === id)!;
      expect(relatedArticles(self, big, 6, window).map((x) => x.id)).toEqual(expected.slice(0, 6));
    });
  });
  it('picks what ranking every candidate would pick, on many articles sharing days and topics', () => {
    // A seeded archive: 400 articles over 28 days, 1-4 of 12 topics each (so many ties on day and on count), and
    // one headline in three is "Editorial" (so day and headline tie too, and the order they were met decides).
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const topics = Array.from({ length: 12 }, (_, i) => `T${i}`);
    const many = Array.from({ length: 400 }, (_, i) => {
      const tags = [
        ...new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, () => topics[Math.floor(random() * 12)]!)),
      ];
      const title = i % 3 === 0 ? 'Editorial' : `x${i}`;
      return article(`x${i}`, `2020-01-${String(1 + (i % 28)).padStart(2, '0')}`, tags, { title });
    });
    const idx = topicIndex(sortArticles(many));
    // The plain definition: every article within the window on a shared topic, ranked whole.
    const reference = (self: ArticleLike, window: number) => {
      const own = new Set(self.data.tags);
      const candidates = new Map<string, ArticleLike>();
      for (const tag of own) {
        const list = idx.get(tag.toLowerCase())!.articles;
        const at = list.indexOf(self);
        for (const other of list.slice(Math.max(0, at - window), at + window + 1)) {
          if (other !== self) candidates.set(other.id, other);
        }
      }
      const count = (x: ArticleLike) => x.data.tags.filter((t) => own.has(t)).length;
      return [...candidates.values()]
        .sort(
          (p, q) =>
            count(q) - count(p) ||
            q.data.date.getTime() - p.data.date.getTime() ||
            p.data.title.localeCompare(q.data.title, 'en'),
        )
        .slice(0, 5)
        .map((x) => x.id);
    };
    for (const self of many.slice(0, 60)) {
      for (const window of [3, 50]) {
        expect(
          relatedArticles(self, idx, 5, window).map((x) => x.id),
          `${self.id}, window ${window}`,
        ).toEqual(reference(self, window));
      }
    }
  });
});

describe('sourceIndex and sourcesWithCounts', () => {
  const from = (id: string, date: string, name: string) => ({
    id,
    filePath: `content/articles/${id}.md`,
    data: { title: id, date: new Date(`${date}T00:00:00Z`), tags: ['x'], source: { name } },
  });
  const articles = [
    from('s1', '2016-05-01', 'The Sankei Shimbun'),
    from('o1', '2016-05-03', 'Okinawa Times'),
    from('s2', '2016-05-02', 'The Sankei Shimbun'),
    from('j1', '2016-05-04', 'Jiji Press'),
  ];

  it('lists every outlet once, by slug, with its articles newest first', () => {
    const index = sourceIndex(articles);
    expect([...index.keys()].sort()).toEqual(['jiji-press', 'okinawa-times', 'the-sankei-shimbun']);
    expect(index.get('the-sankei-shimbun')?.articles.map((article) => article.id)).toEqual(['s2', 's1']);
  });

  it('orders outlets by article count, then name', () => {
    expect(sourcesWithCounts(sourceIndex(articles)).map((source) => [source.name, source.articles.length])).toEqual([
      ['The Sankei Shimbun', 2],
      ['Jiji Press', 1],
      ['Okinawa Times', 1],
    ]);
  });

  it('fails, naming both spellings and both files, when two outlet names make the same URL', () => {
    const clash = [from('a', '2020-01-02', 'The Sankei Shimbun'), from('b', '2020-01-01', 'The Sankei shimbun')];
    expect(() => sourceIndex(clash)).toThrow(SourceSlugCollisionError);
    expect(() => sourceIndex(clash)).toThrow(
      'Sources "The Sankei Shimbun" (in content/articles/a.md) and "The Sankei shimbun" (in content/articles/b.md) both make the URL sources/the-sankei-shimbun/: spell the outlet the same way in both files.',
    );
  });
});
