import { describe, expect, it } from 'vitest';

import { articleSchema } from '../../src/lib/article-schema.ts';
import { kindLabel, sourceLabel, twentyFourHour } from '../../src/import/labels.ts';
import { knownOutlet, publisherOf } from '../../src/import/outlets.ts';
import { parseTextCapture } from '../../src/import/text-capture.ts';

describe('sourceLabel reads each form of the digest’s source line', () => {
  it.each([
    ['Sankei, p. 3', { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/', page: '3' }],
    ['Yomiuri, p. 27', { name: 'The Yomiuri Shimbun', url: 'https://www.yomiuri.co.jp/', page: '27' }],
    ['The Japan News, 7:37 p.m.', { name: 'The Japan News', url: 'https://japannews.yomiuri.co.jp/', time: '19:37' }],
    [
      'Jiji Press Public Opinion Poll Bulletin, [No. 1677] pp. 1, 4–7',
      {
        name: 'Jiji Press Public Opinion Poll Bulletin, No. 1677',
        url: 'https://www.jiji.com/',
        page: '1, 4–7',
        kind: 'poll',
      },
    ],
    ['Asahi, pp. 1-2', { name: 'The Asahi Shimbun', page: '1-2' }],
    ['Mainichi, May 12, 2016, p. 2', { name: 'The Mainichi Shimbun', page: '2', date: '2016-05-12' }],
    ['(Nikkei, p. 5)', { name: 'Nikkei', url: 'https://www.nikkei.com/', page: '5' }],
    ['Tokyo Shimbun, p. 24 (Translation)', { name: 'Tokyo Shimbun', page: '24', kind: 'translation' }],
    ['Kyodo, 12:05 a.m.', { name: 'Kyodo News', time: '00:05' }],
    ['NHK, 19:00', { name: 'NHK', url: 'https://www.nhk.or.jp/', time: '19:00' }],
    ['Okinawa Times, p. 2', { name: 'Okinawa Times', url: 'https://www.okinawatimes.co.jp/' }],
    ['Ryukyu Shimpo, p. 1', { name: 'Ryukyu Shimpo', url: 'https://ryukyushimpo.jp/' }],
    ['The Japan Times, 10:15 a.m.', { name: 'The Japan Times', time: '10:15' }],
    ['Yomiuri, editorial, p. 3', { name: 'The Yomiuri Shimbun', page: '3', kind: 'editorial' }],
    ['SANKEI, p. 3', { name: 'The Sankei Shimbun' }],
    ['The Sankei Shimbun, p. 3', { name: 'The Sankei Shimbun' }],
    // An outlet outside the table keeps its name as given and has no home page.
    ['Shizuoka Shimbun, p. 4', { name: 'Shizuoka Shimbun', page: '4' }],
  ])('%s', (line, expected) => {
    expect(sourceLabel(line)).toMatchObject(expected);
  });

  it('gives values the schema accepts for source.page and source.time', () => {
    for (const line of [
      'Jiji Press Public Opinion Poll Bulletin, [No. 1677] pp. 1, 4–7',
      'The Japan News, 7:37 p.m.',
    ]) {
      const label = sourceLabel(line);
      const result = articleSchema.in.shape.source.safeParse({
        name: label?.name,
        url: label?.url,
        page: label?.page,
        time: label?.time,
      });
      expect(result.success, `${line}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    }
  });
});

describe('sourceLabel does not misread lines that only look like labels', () => {
  it.each([
    ['a headline that ends in "p. 3"', 'Abe says the tax cut will wait, p. 3'],
    ['a title-case headline that ends in "p. 3"', 'Abe Visits Moscow for Talks, p. 3'],
    ['a headline naming page 3 without a comma', 'Government to review the plan on p. 3'],
    ['an outlet alone (no page or time)', 'Sankei'],
    ['an outlet with a bare number', 'Sankei, 3'],
    ['an impossible time', 'The Japan News, 25:10'],
    ['a sentence mentioning an outlet', 'Sankei reported on May 11 that talks would start, p. 3'],
    ['a date alone for an unknown outlet', 'Local Gazette, May 12, 2016'],
  ])('%s', (_name, line) => {
    expect(sourceLabel(line), `"${line}" was read as a source label`).toBeUndefined();
  });
});

describe('kindLabel', () => {
  it.each([
    ['Translation', 'translation'],
    ['JMH Translation', 'translation'],
    ['English Press', 'english-press'],
    ['JMH Summary', 'summary'],
    ['Summary', 'summary'],
    ['Editorial', 'editorial'],
    ['(English Press)', 'english-press'],
    ['TRANSLATION', 'translation'],
    ['Summary of the talks', undefined],
    ['Translation errors delay treaty', undefined],
    ['English Press Club holds forum', undefined],
  ])('%s -> %s', (line, kind) => {
    expect(kindLabel(line)).toBe(kind);
  });
});

describe('twentyFourHour keeps the time as given, on a 24-hour clock', () => {
  it.each([
    ['7:37 p.m.', '19:37'],
    ['7:37 a.m.', '07:37'],
    ['12:05 a.m.', '00:05'],
    ['12:30 p.m.', '12:30'],
    ['9 p.m.', '21:00'],
    ['7:37pm', '19:37'],
    ['19:37', '19:37'],
    ['3', undefined],
    ['13:00 p.m.', undefined],
    ['7:61 p.m.', undefined],
  ])('%s -> %s', (value, expected) => {
    expect(twentyFourHour(value)).toBe(expected);
  });
});

describe('the outlet table', () => {
  it.each([
    ['Sankei', 'The Sankei Shimbun'],
    ['the sankei shimbun', 'The Sankei Shimbun'],
    ['Jiji Press', 'Jiji Press'],
    ['Kyodo News', 'Kyodo News'],
    ['The Japan News', 'The Japan News'],
    ['Japan Times', 'The Japan Times'],
  ])('%s is %s', (short, full) => {
    expect(knownOutlet(short)?.name).toBe(full);
  });

  it('gives no home page for an outlet outside the table, so the editor is asked for --source-url', () => {
    expect(sourceLabel('Shizuoka Shimbun, p. 4')).not.toHaveProperty('url');
  });

  it('finds the publisher of a named bulletin by its first words, and no publisher for an unknown one', () => {
    expect(publisherOf('Jiji Press Public Opinion Poll Bulletin')?.url).toBe('https://www.jiji.com/');
    expect(publisherOf('Shizuoka Shimbun')).toBeUndefined();
  });

  it('gives every outlet an https home page the schema accepts', () => {
    for (const name of [
      'Sankei',
      'Yomiuri',
      'Asahi',
      'Mainichi',
      'Nikkei',
      'Tokyo Shimbun',
      'Okinawa Times',
      'Ryukyu Shimpo',
      'Kyodo',
      'Jiji',
      'The Japan News',
      'The Japan Times',
      'NHK',
    ]) {
      const outlet = knownOutlet(name);
      expect(outlet, `${name} is not in the table`).toBeDefined();
      expect(outlet?.url).toMatch(/^https:\/\/[^/]+\/$/);
    }
  });
});

describe('a text capture’s labels fill the source of record', () => {
  it.each([
    [
      'kind and source lines above the headline',
      'Translation\nSankei, p. 3\n\nHeadline here\n\nBody text.',
      {
        title: 'Headline here',
        kind: 'translation',
        sourceName: 'The Sankei Shimbun',
        sourceUrl: 'https://www.sankei.com/',
        page: '3',
        body: 'Body text.\n',
      },
    ],
    [
      'a source line under the headline, with a byline',
      'Headline here\nThe Japan News, 7:37 p.m.\nBy Ana Lima\n\nBody text.',
      { title: 'Headline here', sourceName: 'The Japan News', time: '19:37', author: 'Ana Lima', body: 'Body text.\n' },
    ],
    [
      'a poll bulletin',
      'Jiji Press Public Opinion Poll Bulletin, [No. 1677] pp. 1, 4–7\nCabinet support rises\n\nSupport rose to 40 percent.',
      {
        title: 'Cabinet support rises',
        kind: 'poll',
        page: '1, 4–7',
        sourceName: 'Jiji Press Public Opinion Poll Bulletin, No. 1677',
      },
    ],
    [
      'a dated label gives the date',
      'English Press\nHeadline\nAsahi, May 12, 2016, p. 2\n\nBody.',
      { kind: 'english-press', date: '2016-05-12', page: '2' },
    ],
    [
      'a headline ending in "p. 3" stays the headline',
      'Abe says the tax cut will wait, p. 3\n\nBody.',
      { title: 'Abe says the tax cut will wait, p. 3', sourceName: undefined, page: undefined },
    ],
    [
      'a label-like line in the body stays body text',
      'Headline\n\nFirst paragraph.\n\nSankei, p. 3',
      { page: undefined, body: 'First paragraph.\n\nSankei, p. 3\n' },
    ],
  ])('%s', (_name, text, expected) => {
    expect(parseTextCapture(text)).toMatchObject(expected);
  });
});
