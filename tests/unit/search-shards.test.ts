import { describe, expect, test } from 'vitest';

import { SHARD_ARTICLES, searchShards, shardSize } from '../../src/search/shards.ts';

/** `n` articles dated on `day` (`2016-05-12`), ids `<day>-<i>`. */
const on = (day: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `${day}-${i}`, data: { date: new Date(`${day}T00:00:00Z`) } }));

/** A shard as [name, folder, article count]. */
const outline = (articles: ReturnType<typeof on>, size: number) =>
  searchShards(articles, size).map(({ name, folder, ids }) => [name, folder, ids.length]);

describe('searchShards', () => {
  test.each([
    {
      what: 'one month is one shard, the primary bundle',
      articles: on('2016-05-12', 3),
      size: 2,
      shards: [['2016-05', '', 3]],
    },
    {
      what: 'a month joins the current shard while it holds fewer than the size, even if it then holds more',
      articles: [...on('2016-01-05', 1), ...on('2016-02-05', 5), ...on('2016-03-05', 1)],
      size: 2,
      shards: [
        ['2016-01', '2016-01/', 6],
        ['2016-03', '', 1],
      ],
    },
    {
      what: 'a full shard ends before the next month; months are in date order whatever the input order',
      articles: [...on('2016-03-01', 2), ...on('2016-01-31', 2), ...on('2016-02-01', 2)],
      size: 2,
      shards: [
        ['2016-01', '2016-01/', 2],
        ['2016-02', '2016-02/', 2],
        ['2016-03', '', 2],
      ],
    },
    {
      what: 'months with no articles leave no gap and no empty shard',
      articles: [...on('2015-10-31', 1), ...on('2015-12-01', 1), ...on('2016-06-01', 1)],
      size: 5,
      shards: [
        ['2015-10', '2015-10/', 2],
        ['2016-06', '', 1],
      ],
    },
    {
      what: 'the newest month is a shard of its own, however few articles it has and however much room the last run has',
      articles: [...on('2016-01-05', 1), ...on('2016-02-05', 1)],
      size: 10,
      shards: [
        ['2016-01', '2016-01/', 1],
        ['2016-02', '', 1],
      ],
    },
    { what: 'no articles, no shard', articles: [], size: 5, shards: [] },
  ])('$what', ({ articles, size, shards }) => {
    expect(outline(articles, size)).toEqual(shards);
  });

  test('the month is the UTC month, whatever the time of day', () => {
    const late = [{ id: 'late', data: { date: new Date('2016-05-31T23:30:00Z') } }];
    const early = [{ id: 'early', data: { date: new Date('2016-06-01T00:30:00Z') } }];
    expect(searchShards([...late, ...early], 1).map((s) => s.name)).toEqual(['2016-05', '2016-06']);
  });

  test('adding articles to the newest month never moves an earlier shard', () => {
    const archive = [...on('2016-01-10', 3), ...on('2016-02-10', 3), ...on('2016-03-10', 1)];
    const before = searchShards(archive, 3);
    const after = searchShards([...archive, ...on('2016-03-11', 10)], 3);
    expect(after.slice(0, -1), 'the older shards, with the same articles').toEqual(before.slice(0, -1));
    expect(after.at(-1)?.ids, 'the newest shard has the new articles').toHaveLength(11);
  });

  test('a day published into the newest month re-indexes that month only, however large the runs before it', () => {
    const archive = [...on('2016-01-10', 30), ...on('2016-02-10', 30), ...on('2016-03-01', 5)];
    const before = searchShards(archive, 50);
    const after = searchShards([...archive, ...on('2016-03-02', 20)], 50);
    expect(after.slice(0, -1), 'the older shards, with the same articles').toEqual(before.slice(0, -1));
    expect(after.at(-1), 'the newest shard is March alone, the primary bundle').toMatchObject({
      name: '2016-03',
      folder: '',
    });
    expect(after.at(-1)?.ids, 'the newest shard holds March’s articles only').toHaveLength(25);
  });

  test('when a month begins, the month before joins the runs and no other run moves', () => {
    const archive = [...on('2016-01-10', 30), ...on('2016-02-10', 30), ...on('2016-03-10', 10)];
    const before = searchShards(archive, 50);
    const after = searchShards([...archive, ...on('2016-04-01', 1)], 50);
    expect(
      before.map((s) => [s.name, s.ids.length]),
      'before: the January–February run, then March',
    ).toEqual([
      ['2016-01', 60],
      ['2016-03', 10],
    ]);
    expect(
      after.map((s) => [s.name, s.folder, s.ids.length]),
      'after: March starts a run of its own, April is the primary',
    ).toEqual([
      ['2016-01', '2016-01/', 60],
      ['2016-03', '2016-03/', 10],
      ['2016-04', '', 1],
    ]);
  });

  test('ids are sorted within a shard, so the shard key does not depend on file order', () => {
    const [shard] = searchShards([...on('2016-05-12', 3)].reverse(), 10);
    expect(shard?.ids).toEqual(['2016-05-12-0', '2016-05-12-1', '2016-05-12-2']);
  });
});

describe('shardSize', () => {
  test.each([
    { env: {}, size: SHARD_ARTICLES },
    { env: { SEARCH_SHARD_ARTICLES: '' }, size: SHARD_ARTICLES },
    { env: { SEARCH_SHARD_ARTICLES: '3' }, size: 3 },
  ])('$env -> $size', ({ env, size }) => {
    expect(shardSize(env)).toBe(size);
  });

  test.each(['0', '-1', '2.5', 'many'])('rejects SEARCH_SHARD_ARTICLES=%s, naming the variable', (value) => {
    expect(() => shardSize({ SEARCH_SHARD_ARTICLES: value })).toThrow(/SEARCH_SHARD_ARTICLES must be a whole number/);
  });
});
