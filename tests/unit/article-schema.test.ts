import { describe, expect, it } from 'vitest';

import {
  articleSchema,
  correctionsNewestFirst,
  describeIssues,
  latestCorrection,
} from '../../src/lib/article-schema.ts';

const valid = {
  title: '“New approach” to territorial talks will not mention Russia’s illegal occupation',
  dek: 'A summary.',
  date: new Date('2016-05-12T00:00:00Z'),
  source: { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/' },
  via: { name: 'Japan Media Highlights', url: 'https://jmh.usembassy.gov/201605131029/' },
  tags: ['Ambassador', 'Ukraine', 'COVID-19', 'Trending Japan'],
};

function problems(data: unknown): string[] {
  const result = articleSchema.safeParse(data);
  return result.success ? [] : describeIssues(result.error);
}

describe('articleSchema accepts', () => {
  it('the Sankei article, filling defaults', () => {
    const parsed = articleSchema.parse(valid);
    expect(parsed.lang).toBe('en');
    expect(parsed.draft).toBe(false);
    expect(parsed.date.toISOString()).toBe('2016-05-12T00:00:00.000Z');
  });

  it.each([
    ['a quoted date', { date: '2016-05-12' }],
    ['an update date', { updated: '2016-05-13' }],
    ['an author and section', { author: 'Staff writer', section: 'International' }],
    ['a language tag', { lang: 'ja' }],
    ['a draft', { draft: true }],
    ['no via', { via: undefined }],
    ['an http source', { source: { name: 'X', url: 'http://example.com/a?b=c' } }],
    ['a print page', { source: { ...valid.source, page: '3' } }],
    ['a page range', { source: { ...valid.source, page: '1, 4–7' } }],
    ['a publication time', { source: { ...valid.source, time: '19:37' } }],
    ['each kind', { kind: 'english-press' }],
    ['a correction on the day', { corrections: [{ date: '2016-05-12', text: 'Fixed a *name*.' }] }],
  ])('%s', (_name, patch) => {
    expect(problems({ ...valid, ...patch })).toEqual([]);
  });
});

describe('corrections', () => {
  const corrected = {
    ...valid,
    corrections: [
      { date: '2016-05-13', text: 'First.' },
      { date: '2016-05-20', text: 'Latest.' },
      { date: '2016-05-14', text: 'Middle.' },
    ],
  };

  it('make `updated` default to the latest correction', () => {
    expect(articleSchema.parse(corrected).updated?.toISOString()).toBe('2016-05-20T00:00:00.000Z');
  });

  it('leave a written `updated` as it is', () => {
    expect(articleSchema.parse({ ...corrected, updated: '2016-06-01' }).updated?.toISOString()).toBe(
      '2016-06-01T00:00:00.000Z',
    );
  });

  it('sort newest first, and the latest is the newest', () => {
    const { corrections } = articleSchema.parse(corrected);
    expect(correctionsNewestFirst(corrections).map((entry) => entry.text)).toEqual(['Latest.', 'Middle.', 'First.']);
    expect(latestCorrection(corrections)?.text).toBe('Latest.');
    expect(latestCorrection(undefined)).toBeUndefined();
  });
});

describe('articleSchema rejects, saying which field and why', () => {
  it.each([
    ['a missing title', { title: undefined }, 'title: is required'],
    ['an empty title', { title: '   ' }, 'title: must not be empty'],
    ['a title that is not text', { title: 42 }, 'title: must be text, got 42'],
    ['a missing date', { date: undefined }, 'date: is required'],
    ['a bad date', { date: 'not-a-date' }, 'date: expected a date like 2016-05-12, got "not-a-date"'],
    ['an impossible date', { date: '2016-02-30' }, 'date: expected a date like 2016-05-12, got "2016-02-30"'],
    [
      'a javascript: source URL',
      { source: { name: 'X', url: 'javascript:alert(1)' } },
      'source.url: must be an http:// or https:// address, got "javascript:alert(1)"',
    ],
    [
      'a data: via URL',
      { via: { name: 'X', url: 'data:text/html,<script>alert(1)</script>' } },
      'via.url: must be an http:// or https:// address, got "data:text/html,<script>alert(1)</script>"',
    ],
    [
      'a relative source URL',
      { source: { name: 'X', url: '/local' } },
      'source.url: must be an http:// or https:// address, got "/local"',
    ],
    ['a source without a name', { source: { url: 'https://x.org' } }, 'source.name: is required'],
    ['tags that are not a list', { tags: 'Ukraine' }, 'tags: must be a list, e.g. [Ukraine, Ambassador]'],
    ['empty tags', { tags: [] }, 'tags: must list at least one topic'],
    ['an empty tag', { tags: ['Ukraine', ''] }, 'tags[1]: must not be empty'],
    ['a bad language tag', { lang: 'English' }, 'lang: must be a language tag like en or ja'],
    ['a draft flag that is not boolean', { draft: 'yes' }, 'draft: must be true or false'],
  ])('%s', (_name, patch, message) => {
    expect(problems({ ...valid, ...patch })).toContain(message);
  });

  it.each([
    [
      'a page that is not a page',
      { source: { ...valid.source, page: 'front page!' } },
      'source.page: must be a page or pages like 3 or 1, 4–7, got "front page!"',
    ],
    [
      'a 12-hour time',
      { source: { ...valid.source, time: '7:37 pm' } },
      'source.time: must be a 24-hour time like 19:37, got "7:37 pm"',
    ],
    [
      'an unknown kind',
      { kind: 'opinion' },
      'kind: must be one of summary, translation, english-press, editorial, poll, got "opinion"',
    ],
    [
      'corrections that are not a list',
      { corrections: 'fixed' },
      'corrections: must be a list of { date, text } corrections',
    ],
    [
      'a correction that is not an object',
      { corrections: ['fixed'] },
      'corrections[0]: must be a date and a text, e.g. { date: 2016-05-13, text: The summit was on May 6, not May 7. }',
    ],
    [
      'a correction dated before the article',
      {
        corrections: [
          { date: '2016-05-13', text: 'a' },
          { date: '2016-05-11', text: 'b' },
        ],
      },
      "corrections[1].date: 2016-05-11 is before the article's date, 2016-05-12; a correction comes after publication",
    ],
    [
      'a correction with empty text',
      { corrections: [{ date: '2016-05-13', text: ' ' }] },
      'corrections[0].text: must not be empty',
    ],
    ['a correction without text', { corrections: [{ date: '2016-05-13' }] }, 'corrections[0].text: is required'],
    [
      'a correction with a bad date',
      { corrections: [{ date: '2016-13-01', text: 'a' }] },
      'corrections[0].date: expected a date like 2016-05-12, got "2016-13-01"',
    ],
    [
      'a correction with an unknown key',
      { corrections: [{ date: '2016-05-13', text: 'a', by: 'Editor' }] },
      'corrections[0].by: unknown field',
    ],
  ])('%s', (_name, patch, message) => {
    expect(problems({ ...valid, ...patch })).toEqual([message]);
  });

  it('an unknown key, listing the allowed ones', () => {
    const [message] = problems({ ...valid, summary: 'x' });
    expect(message).toMatch(/^summary: unknown field \(allowed: title, dek, date, .*draft\)$/);
  });

  it('an unknown key inside source', () => {
    expect(problems({ ...valid, source: { ...valid.source, href: 'x' } })).toEqual(['source.href: unknown field']);
  });

  it('every problem at once, not just the first', () => {
    expect(problems({ dek: 'x', date: 'nope', source: { name: 'S', url: 'https://s' }, tags: [] })).toEqual([
      'title: is required',
      'date: expected a date like 2016-05-12, got "nope"',
      'tags: must list at least one topic',
    ]);
  });
});
