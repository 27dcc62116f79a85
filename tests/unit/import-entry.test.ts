import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

import { isoDayFromText } from '../../src/import/dates.ts';
import {
  type EntryData,
  firstSentence,
  mergeTopics,
  missingFields,
  renderEntry,
  splitTopics,
  validateEntry,
} from '../../src/import/entry.ts';
import { articleSlug, slugProblem } from '../../src/lib/slug.ts';

const complete: EntryData = {
  title: 'Harbour reopens after storm repairs',
  dek: 'The harbour reopened on Tuesday.',
  date: '2024-03-05',
  source: { name: 'The Coastal Courier', url: 'https://courier.example/news/harbour-reopens' },
  tags: ['Harbour'],
  lang: 'en',
};

function frontmatter(text: string): unknown {
  return yaml.load(text.split(/^---$/m)[1] ?? '');
}

describe('topics from flags', () => {
  it.each([
    ['Northern Territories, Japan-Russia relations', ['Northern Territories', 'Japan-Russia relations']],
    [' a ,, b  c ,', ['a', 'b c']],
    ['', []],
    [undefined, []],
  ])('splitTopics(%j)', (value, tags) => {
    expect(splitTopics(value)).toEqual(tags);
  });

  it('mergeTopics keeps the first spelling of topics that share a page', () => {
    expect(mergeTopics(['COVID-19', 'Ukraine'], ['Covid 19', 'ukraine', 'Ambassador'])).toEqual([
      'COVID-19',
      'Ukraine',
      'Ambassador',
    ]);
  });
});

describe('isoDayFromText reads the calendar day as published', () => {
  it.each([
    ['2016-05-12', '2016-05-12'],
    ['2016-05-12T23:30:00+09:00', '2016-05-12'],
    ['2016-05-12 08:00', '2016-05-12'],
    ['May 12, 2016', '2016-05-12'],
    ['Sept. 3, 2020', '2020-09-03'],
    ['12 May 2016', '2016-05-12'],
    ['2016-02-30', undefined],
    ['February 30, 2016', undefined],
    ['yesterday', undefined],
    ['May 2016', undefined],
  ])('%s -> %s', (text, day) => {
    expect(isoDayFromText(text)).toBe(day);
  });
});

describe('missingFields names the flag for each missing required field', () => {
  it.each([
    ['nothing missing', complete, []],
    ['no dek or date', { ...complete, dek: undefined, date: ' ' }, ['--dek', '--date']],
    ['no source at all', { ...complete, source: undefined }, ['--source-name', '--source-url']],
    ['no tags', { ...complete, tags: [] }, ['--tags']],
    ['half a via', { ...complete, via: { url: 'https://x.example/' } }, ['--via-name']],
  ])('%s', (_name, data, flags) => {
    expect(missingFields(data).map((field) => field.flag)).toEqual(flags);
  });
});

describe('renderEntry writes YAML that reads back as the same values', () => {
  it.each([
    ['a colon', 'Breaking: news'],
    ['a leading quote', '"Quoted" headline'],
    ['a YAML boolean word', 'yes'],
    ['a number', '2016'],
    ['a date-shaped title', '2016-05-12'],
    ['a comment sign', 'Number #1 # not a comment'],
    ['a list dash', '- not a list'],
    ['YAML flow characters', '{a: [b, c]}'],
    ['a document marker', '--- and ...'],
    ['an anchor and alias', '&anchor *alias'],
    ['a new line', 'two\nlines'],
  ])('a title with %s', (_name, title) => {
    const text = renderEntry({ ...complete, title, tags: [title] }, 'Body.');
    expect(frontmatter(text)).toMatchObject({ title, tags: [title] });
    expect(validateEntry(text)).toEqual([]);
  });

  it('writes fields in the documented order, dates bare, and the body after a blank line', () => {
    const text = renderEntry(
      { ...complete, via: { name: 'Summary', url: 'https://via.example/' }, section: 'Local', author: 'Ana Lima' },
      'Body.\n\n\n',
    );
    expect(text).toBe(
      [
        '---',
        'title: Harbour reopens after storm repairs',
        'dek: The harbour reopened on Tuesday.',
        'date: 2024-03-05',
        'source:',
        '  name: The Coastal Courier',
        '  url: https://courier.example/news/harbour-reopens',
        'via:',
        '  name: Summary',
        '  url: https://via.example/',
        'tags:',
        '  - Harbour',
        'author: Ana Lima',
        'section: Local',
        'lang: en',
        '---',
        '',
        'Body.',
        '',
      ].join('\n'),
    );
  });

  it('quotes a date that is not YYYY-MM-DD, so it cannot inject YAML and the schema names it', () => {
    const text = renderEntry({ ...complete, date: '2016-05-12\ndraft: true' }, 'Body.');
    expect(frontmatter(text)).toMatchObject({ date: '2016-05-12\ndraft: true' });
    expect(validateEntry(text)).toEqual(['date: expected a date like 2016-05-12, got "2016-05-12\\ndraft: true"']);
  });
});

describe('validateEntry judges the text by the build’s schema', () => {
  it.each([
    ['a valid entry', renderEntry(complete, 'Body.'), []],
    [
      'an impossible date',
      renderEntry({ ...complete, date: '2016-02-30' }, 'Body.'),
      ['date: expected a date like 2016-05-12, got "2016-02-30"'],
    ],
    [
      'a javascript: source',
      renderEntry({ ...complete, source: { name: 'X', url: 'javascript:alert(1)' } }, 'Body.'),
      ['source.url: must be an http:// or https:// address, got "javascript:alert(1)"'],
    ],
    [
      'a bad language tag',
      renderEntry({ ...complete, lang: 'English' }, 'Body.'),
      ['lang: must be a language tag like en or ja'],
    ],
    ['an empty body', renderEntry(complete, '  \n'), ['body: the article has no text']],
    [
      'no frontmatter',
      'Just text',
      ['frontmatter: the file must start with a --- line, the YAML fields, then another --- line'],
    ],
    ['broken YAML', '---\ntitle: [unclosed\n---\n\nBody.\n', [expect.stringMatching(/^frontmatter: not valid YAML/)]],
  ])('%s', (_name, text, problems) => {
    expect(validateEntry(text)).toEqual(problems);
  });
});

describe('firstSentence, the dek of a capture without a summary', () => {
  it.each([
    [
      'a plain paragraph',
      'The port reopened on Tuesday. Ships returned at dawn.',
      'en',
      'The port reopened on Tuesday.',
    ],
    ['a title before a name', 'Mr. Abe met Dr. Lee in Tokyo. They talked.', 'en', 'Mr. Abe met Dr. Lee in Tokyo.'],
    ['an initialism', 'U.S. forces left the base on May 3. More follow.', 'en', 'U.S. forces left the base on May 3.'],
    ['a question', 'Will the talks resume? Officials would not say.', 'en', 'Will the talks resume?'],
    ['one sentence only', 'Talks resume in June', 'en', 'Talks resume in June'],
    ['Japanese', '政府は方針を決めた。交渉は６月に始まる。', 'ja', '政府は方針を決めた。'],
    ['a language tag Intl does not know', 'First. Second.', 'xx-invalid-tag-value', 'First.'],
  ])('%s', (_name, paragraph, lang, expected) => {
    expect(firstSentence(paragraph, lang)).toBe(expected);
  });
});

describe('a slug made from a Japanese headline is usable', () => {
  it('keeps the katakana long-vowel mark and passes slugProblem', () => {
    const slug = articleSlug('北方領土交渉、「新たなアプローチ」で前進目指す');
    expect(slug).toBe('北方領土交渉-新たなアプローチ-で前進目指す');
    expect(slugProblem(slug)).toBeUndefined();
  });
});

describe('renderEntry writes the source-of-record fields', () => {
  it('puts page and time under source and kind after the byline, and the result validates', () => {
    const text = renderEntry(
      {
        title: 'Cabinet support rises',
        dek: 'Support rose.',
        date: '2016-05-12',
        source: {
          name: 'Jiji Press Public Opinion Poll Bulletin, No. 1677',
          url: 'https://www.jiji.com/',
          page: '1, 4–7',
          time: '19:37',
        },
        tags: ['Polls'],
        author: 'Staff',
        kind: 'poll',
        lang: 'en',
      },
      'Body.',
    );
    expect(text).toContain(
      "source:\n  name: Jiji Press Public Opinion Poll Bulletin, No. 1677\n  url: https://www.jiji.com/\n  page: 1, 4–7\n  time: '19:37'\n",
    );
    expect(text).toMatch(/^author: Staff\nkind: poll\nlang: en\n/m);
    expect(validateEntry(text)).toEqual([]);
  });
});
