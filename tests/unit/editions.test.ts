import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import {
  barHeights,
  calendarWeeks,
  coverage,
  dayOf,
  daysInMonth,
  editionMonths,
  editionParams,
  editionPath,
  editionsByDay,
  editionYears,
  formatEditionDate,
  formatMonth,
  monthPath,
  neighbours,
  niceMax,
  sectionGroups,
  weekdayNames,
} from '../../src/lib/editions.ts';

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);
let n = 0;
const article = (date: string, title: string, section?: string) => ({
  id: `a${(n += 1)}`,
  data: { title, date: utc(date), tags: ['T'], section },
});

describe('dayOf', () => {
  it.each([
    ['2016-05-12T00:00:00Z', '2016-05-12'],
    ['2016-05-12T23:59:59Z', '2016-05-12'],
    ['2020-02-29T00:00:00Z', '2020-02-29'],
    ['0999-01-01T00:00:00Z', '0999-01-01'],
  ])('%s is the day %s', (instant, day) => {
    expect(dayOf(new Date(instant))).toBe(day);
  });
});

describe('sectionGroups', () => {
  it('puts sections in alphabetical order, articles without a section last, each by headline', () => {
    const groups = sectionGroups([
      article('2016-05-12', 'Zeta'),
      article('2016-05-12', 'Beta', 'Politics'),
      article('2016-05-12', 'Alpha', 'Politics'),
      article('2016-05-12', 'Gamma', 'Economy'),
      article('2016-05-12', 'Alpha'),
    ]);
    expect(groups.map((g) => [g.name, g.articles.map((a) => a.data.title)])).toEqual([
      ['Economy', ['Gamma']],
      ['Politics', ['Alpha', 'Beta']],
      [undefined, ['Alpha', 'Zeta']],
    ]);
  });

  it('gives the same order whatever order the files come in', () => {
    const list = [article('2016-05-12', 'B', 'X'), article('2016-05-12', 'A'), article('2016-05-12', 'C', 'X')];
    const forward = sectionGroups(list).flatMap((g) => g.articles.map((a) => a.id));
    const backward = sectionGroups([...list].reverse()).flatMap((g) => g.articles.map((a) => a.id));
    expect(backward).toEqual(forward);
  });

  it('treats a blank section as none', () => {
    expect(sectionGroups([article('2016-05-12', 'A', '  ')])[0]?.name).toBeUndefined();
  });
});

describe('editionsByDay, editionMonths, editionYears', () => {
  // Years with a gap (2017 and 2018 have nothing), a month with one article, a leap day.
  const articles = [
    article('2016-05-12', 'Sankei'),
    article('2016-05-12', 'Second', 'Politics'),
    article('2016-05-20', 'Later in May'),
    article('2019-02-28', 'Before the leap'),
    article('2020-02-29', 'Leap day'),
    article('2020-12-31', 'New Year’s Eve'),
  ];
  const editions = editionsByDay(articles);
  const months = editionMonths(editions);
  const years = editionYears(months);

  it('has one edition per day with articles, oldest first, articles in section order', () => {
    expect(editions.map((e) => [e.day, e.articles.map((a) => a.data.title)])).toEqual([
      ['2016-05-12', ['Second', 'Sankei']],
      ['2016-05-20', ['Later in May']],
      ['2019-02-28', ['Before the leap']],
      ['2020-02-29', ['Leap day']],
      ['2020-12-31', ['New Year’s Eve']],
    ]);
    expect(editions[3]).toMatchObject({ year: 2020, month: 2, dayOfMonth: 29 });
    expect(editions[3]?.date.toISOString()).toBe('2020-02-29T00:00:00.000Z');
  });

  it('counts months and years that have articles, and skips the empty ones', () => {
    expect(months.map((m) => [m.key, m.count, m.editions.length])).toEqual([
      ['2016-05', 3, 2],
      ['2019-02', 1, 1],
      ['2020-02', 1, 1],
      ['2020-12', 1, 1],
    ]);
    expect(years.map((y) => [y.year, y.count, y.months.length])).toEqual([
      [2016, 3, 1],
      [2019, 1, 1],
      [2020, 2, 2],
    ]);
  });

  it('links each edition to the nearest that exist, skipping empty days and years', () => {
    const table = editions.map((_, i) => {
      const { prev, next } = neighbours(editions, i);
      return [prev?.day, next?.day];
    });
    expect(table).toEqual([
      [undefined, '2016-05-20'],
      ['2016-05-12', '2019-02-28'],
      ['2016-05-20', '2020-02-29'],
      ['2019-02-28', '2020-12-31'],
      ['2020-02-29', undefined],
    ]);
  });

  it('is empty for no articles', () => {
    expect(editionsByDay([])).toEqual([]);
    expect(editionYears(editionMonths([]))).toEqual([]);
  });

  it('makes zero-padded addresses and route parameters', () => {
    expect(editionPath(2016, 5, 2)).toBe('editions/2016/05/02/');
    expect(monthPath(2016, 5)).toBe('editions/2016/05/');
    expect(editionParams({ year: 2016, month: 5, dayOfMonth: 2 })).toEqual({ year: '2016', month: '05', day: '02' });
  });
});

describe('daysInMonth', () => {
  it.each([
    [2016, 2, 29],
    [2019, 2, 28],
    [2000, 2, 29],
    [1900, 2, 28],
    [2016, 4, 30],
    [2016, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

describe('calendarWeeks', () => {
  // One month starting on each weekday, Sunday to Saturday, with its length and the number of rows.
  it.each([
    [2017, 1, 0, 31, 5],
    [2016, 2, 1, 29, 5],
    [2015, 9, 2, 30, 5],
    [2016, 6, 3, 30, 5],
    [2016, 9, 4, 30, 5],
    [2016, 1, 5, 31, 6],
    [2016, 10, 6, 31, 6],
    [2015, 2, 0, 28, 4],
  ])('%i-%i starts in column %i, has %i days in %i rows', (year, month, column, days, rows) => {
    const weeks = calendarWeeks(year, month, new Map());
    expect(weeks, 'rows').toHaveLength(rows);
    for (const week of weeks) expect(week, 'seven cells a row').toHaveLength(7);
    const cells = weeks.flat();
    expect(
      cells.findIndex((c) => c !== null),
      'column of the 1st',
    ).toBe(column);
    expect(cells.filter((c) => c !== null).map((c) => c?.dayOfMonth)).toEqual(
      Array.from({ length: days }, (_, i) => i + 1),
    );
  });

  it('shows the counts of a month with one article, zero elsewhere', () => {
    const cells = calendarWeeks(2016, 5, new Map([['2016-05-12', 1]])).flat();
    expect(cells.filter((c) => c && c.count > 0)).toEqual([{ dayOfMonth: 12, day: '2016-05-12', count: 1 }]);
    expect(cells.filter((c) => c && c.count === 0)).toHaveLength(30);
  });

  it('refuses a month that does not exist', () => {
    expect(() => calendarWeeks(2016, 13, new Map())).toThrow(/month must be 1 to 12, got 13/);
  });

  it('names the weekdays Sunday first', () => {
    expect(weekdayNames('en-US', 'short')).toEqual(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']);
    expect(weekdayNames('en-US', 'long')[4]).toBe('Thursday');
  });
});

describe('formatting', () => {
  it('writes the edition date with its weekday, and the month', () => {
    expect(formatEditionDate(utc('2016-05-12'))).toBe('Thursday, May 12, 2016');
    expect(formatEditionDate(utc('2020-02-29'))).toBe('Saturday, February 29, 2020');
    expect(formatMonth(2016, 5)).toBe('May 2016');
  });
});

describe('coverage', () => {
  it('counts per month from the first to the last, zero for the months between', () => {
    const result = coverage(['2016-05-12', '2016-05-20', '2016-08-01'].map(utc));
    expect(result?.unit).toBe('month');
    expect(result?.bins.map((b) => [b.key, b.label, b.count])).toEqual([
      ['2016-05', 'May 2016', 2],
      ['2016-06', 'June 2016', 0],
      ['2016-07', 'July 2016', 0],
      ['2016-08', 'August 2016', 1],
    ]);
    expect(result?.peak.key).toBe('2016-05');
    expect(result?.total).toBe(3);
  });

  it('has a single bar for a single article', () => {
    const result = coverage([utc('2016-05-12')]);
    expect(result?.bins).toEqual([{ key: '2016-05', label: 'May 2016', count: 1 }]);
  });

  it('counts per year when the span is longer than the month limit, gap years included', () => {
    const result = coverage(['2010-01-01', '2010-06-01', '2016-05-12'].map(utc), 'en-US', 36);
    expect(result?.unit).toBe('year');
    expect(result?.bins.map((b) => b.count)).toEqual([2, 0, 0, 0, 0, 0, 1]);
    expect(result?.bins[0]?.label).toBe('2010');
  });

  it('is the month limit exactly, still per month', () => {
    const result = coverage(['2016-01-01', '2018-12-31'].map(utc), 'en-US', 36);
    expect(result?.unit).toBe('month');
    expect(result?.bins).toHaveLength(36);
  });

  it('is undefined without articles', () => {
    expect(coverage([])).toBeUndefined();
  });
});

describe('chart scaling', () => {
  it.each([
    [0, 1],
    [1, 1],
    [2, 2],
    [3, 5],
    [7, 10],
    [10, 10],
    [11, 20],
    [45, 50],
    [101, 200],
  ])('a peak of %i scales to %i', (peak, max) => {
    expect(niceMax(peak)).toBe(max);
  });

  it('scales bars to the height and never draws a count as nothing', () => {
    expect(barHeights([0, 1, 5, 10], 50)).toEqual({ max: 10, heights: [0, 5, 25, 50] });
    expect(barHeights([1, 200], 48).heights[0], 'one article out of 200 still shows').toBe(1);
  });
});

describe('under any TZ', () => {
  // The process's TZ is fixed at start-up, so each zone runs in its own Node process.
  const zones = ['UTC', 'America/Los_Angeles', 'Pacific/Honolulu', 'Asia/Tokyo', 'Pacific/Kiritimati'];
  const module = fileURLToPath(new URL('../../src/lib/editions.ts', import.meta.url));
  const script = `import * as e from ${JSON.stringify(module)};
    const at = (d) => new Date(d + 'T00:00:00Z');
    const list = ['2016-05-12', '2016-05-31', '2021-01-01'].map((d, i) => ({ id: 'a' + i, data: { title: 't' + i, date: at(d), tags: [] } }));
    const editions = e.editionsByDay(list);
    process.stdout.write(JSON.stringify({
      days: editions.map((x) => x.day + ' ' + e.formatEditionDate(x.date)),
      months: e.editionMonths(editions).map((m) => m.key),
      first: e.calendarWeeks(2016, 5, new Map()).flat().findIndex((c) => c),
      coverage: e.coverage(list.map((a) => a.data.date)).bins.map((b) => b.key + ':' + b.count).join(','),
    }));`;
  const outputs = zones.map((zone) =>
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TZ: zone },
      encoding: 'utf8',
    }),
  );
  it.each(zones.map((zone, i) => [zone, outputs[i]] as const))('gives the same editions under TZ=%s', (zone, out) => {
    const parsed = JSON.parse(out ?? '{}') as { days: string[]; months: string[]; first: number };
    expect(parsed.days, `edition days shifted under TZ=${zone}`).toEqual([
      '2016-05-12 Thursday, May 12, 2016',
      '2016-05-31 Tuesday, May 31, 2016',
      '2021-01-01 Friday, January 1, 2021',
    ]);
    expect(parsed.months).toEqual(['2016-05', '2021-01']);
    expect(parsed.first, 'May 2016 starts on a Sunday').toBe(0);
    expect(out, `output differs from UTC under TZ=${zone}`).toBe(outputs[0]);
  });
});
