import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { Cite, plugins } from '@citation-js/core';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select } from 'hast-util-select';
import { toHtml } from 'hast-util-to-html';
import { parse as parseRis } from 'astrocite-ris';
import { describe, expect, it } from 'vitest';

import { citationsFor } from '../../src/citations/citations.ts';
import { entryStyle, formatBibtex, formatReference, formatRis, withoutSortKeys } from '../../src/citations/engine.ts';
import { cslRecord } from '../../src/citations/record.ts';

const sankei = cslRecord({
  id: 'new-approach-territorial-talks-russia-illegal-occupation',
  title: '“New approach” to territorial talks will not mention Russia’s illegal occupation',
  date: new Date('2016-05-12T00:00:00Z'),
  source: { name: 'The Sankei Shimbun' },
  via: { name: 'Japan Media Highlights, U.S. Embassy Tokyo' },
  lang: 'en',
  url: 'https://news.example.org/articles/new-approach-territorial-talks-russia-illegal-occupation/',
});

const poll = cslRecord({
  id: 'cabinet-support-poll',
  title: 'Cabinet support rate falls to 38%',
  date: new Date('2024-02-09T00:00:00Z'),
  author: 'Hiroshi Tanaka',
  source: { name: 'Jiji Press Public Opinion Poll Bulletin', page: '1, 4–7' },
  via: { name: 'Japan Media Highlights, U.S. Embassy Tokyo' },
  lang: 'en',
  url: 'https://news.example.org/articles/cabinet-support-poll/',
});

describe('the CSL record', () => {
  it('names the outlet, its date, the publisher of the summary and this site’s address', () => {
    expect(sankei).toEqual({
      id: 'new-approach-territorial-talks-russia-illegal-occupation',
      type: 'article-newspaper',
      title: '“New approach” to territorial talks will not mention Russia’s illegal occupation',
      'container-title': 'The Sankei Shimbun',
      issued: { 'date-parts': [[2016, 5, 12]] },
      publisher: 'Japan Media Highlights, U.S. Embassy Tokyo',
      source: 'Japan Media Highlights, U.S. Embassy Tokyo',
      URL: 'https://news.example.org/articles/new-approach-territorial-talks-russia-illegal-occupation/',
      language: 'en',
    });
  });

  it('adds the author, split into family and given names, and the page range', () => {
    expect(poll.author).toEqual([{ given: 'Hiroshi', family: 'Tanaka' }]);
    expect(poll.page).toBe('1, 4–7');
  });
});

const SANKEI_URL = 'https://news.example.org/articles/new-approach-territorial-talks-russia-illegal-occupation/';
const POLL_URL = 'https://news.example.org/articles/cabinet-support-poll/';

describe.each([
  [
    'the Sankei article',
    sankei,
    {
      apa: `“New approach” to territorial talks will not mention Russia’s illegal occupation. (2016, May 12). <i>The Sankei Shimbun</i>. ${SANKEI_URL}`,
      mla: `“‘New Approach’ to Territorial Talks Will Not Mention Russia’s Illegal Occupation.” <i>The Sankei Shimbun</i>, 12 May 2016. <i>Japan Media Highlights, U.S. Embassy Tokyo</i>, ${SANKEI_URL}.`,
      chicago: `<i>The Sankei Shimbun</i>. “‘New Approach’ to Territorial Talks Will Not Mention Russia’s Illegal Occupation.” May 12, 2016. ${SANKEI_URL}.`,
    },
  ],
  [
    'an article with an author and a page range',
    poll,
    {
      apa: `Tanaka, H. (2024, February 9). Cabinet support rate falls to 38%. <i>Jiji Press Public Opinion Poll Bulletin</i>, 1, 4–7. ${POLL_URL}`,
      mla: `Tanaka, Hiroshi. “Cabinet Support Rate Falls to 38%.” <i>Jiji Press Public Opinion Poll Bulletin</i>, 9 Feb. 2024, pp. 1, 4–7. <i>Japan Media Highlights, U.S. Embassy Tokyo</i>, ${POLL_URL}.`,
      chicago: `Tanaka, Hiroshi. “Cabinet Support Rate Falls to 38%.” <i>Jiji Press Public Opinion Poll Bulletin</i>, February 9, 2024. ${POLL_URL}.`,
    },
  ],
])('%s, exactly', (_name, record, expected) => {
  it.each(['apa', 'mla', 'chicago'] as const)('in %s', (style) => {
    expect(formatReference(record, style), `${style} reference`).toBe(expected[style]);
  });
});

// formatReference skips citeproc's sorting and disambiguation, which a
// bibliography of one item does not need (src/citations/engine.ts); its
// references must stay exactly what citation-js's own path gives.
describe('references, the same as citation-js formats them', () => {
  const varied = [
    sankei,
    poll,
    cslRecord({
      id: 'particle',
      title: 'Yen falls to a 34-year low against the U.S. dollar',
      date: new Date('2024-04-29T00:00:00Z'),
      author: 'Ludwig van Beethoven',
      source: { name: 'Nikkei', page: '3' },
      lang: 'ja',
      url: 'https://news.example.org/articles/particle/',
    }),
    cslRecord({
      id: 'same-author-same-year',
      title: 'Cabinet support rate rises to 41%',
      date: new Date('2024-03-09T00:00:00Z'),
      author: 'Hiroshi Tanaka',
      source: { name: 'Jiji Press Public Opinion Poll Bulletin' },
      via: { name: 'Japan Media Highlights, U.S. Embassy Tokyo' },
      lang: 'en',
      url: 'https://news.example.org/articles/same-author-same-year/',
    }),
  ];
  const viaCitationJs = (record: (typeof varied)[number], style: string): string => {
    const html = new Cite(record).format('bibliography', { format: 'html', template: style, lang: 'en-US' });
    const entry = select('.csl-entry', fromHtml(html, { fragment: true })) as Element;
    return toHtml(entry.children).trim();
  };
  it.each(['apa', 'mla', 'chicago'] as const)('in %s, for every record and in any order', (style) => {
    const ours = varied.map((record) => formatReference(record, style));
    // Interleaved with citation-js's own calls on the same cached engine, and then again in reverse.
    expect(varied.map((record) => viaCitationJs(record, style))).toEqual(ours);
    expect([...varied].reverse().map((record) => formatReference(record, style))).toEqual([...ours].reverse());
  });
});

describe("citeproc's engine between two references", () => {
  it('keeps no mark of the items formatted before (each mark made every later reference slower)', () => {
    const fresh = plugins.config.get('@csl').engine([], entryStyle('apa'), 'en-GB', 'html');
    expect(
      Object.hasOwn(fresh.tmp, 'taintedItemIDs'),
      "the marks are citeproc's own state (if not, this test checks nothing)",
    ).toBe(true);
    // Items by one author mark one another through citeproc's name registry.
    for (let n = 0; n < 30; n += 1) formatReference({ ...poll, id: `poll-${n}` }, 'apa');
    // Fetching the engine empties it, which marks the one item it removes.
    const engine = plugins.config.get('@csl').engine([], entryStyle('apa'), 'en-US', 'html');
    expect(Object.keys(engine.tmp.taintedItemIDs), 'marks left in the engine after 30 references').toEqual(['poll-29']);
  });
});

describe('withoutSortKeys', () => {
  const layout = '<layout><text variable="title"/></layout>';
  it.each([
    [
      'both sort keys',
      `<style><citation et-al-min="3"><sort><key macro="author-sort"/></sort>${layout}</citation>` +
        `<bibliography><sort>\n  <key variable="issued"/>\n</sort>${layout}</bibliography></style>`,
      `<style><citation et-al-min="3">${layout}</citation><bibliography>${layout}</bibliography></style>`,
    ],
    ['a style without any', `<style><bibliography>${layout}</bibliography></style>`, null],
    ['a macro whose name starts like one', '<macro name="sort-key"><text variable="title"/></macro>', null],
    [
      'a sort key after an element whose name starts like one',
      `<sort-order/><bibliography><sort>${layout}</sort>${layout}</bibliography>`,
      `<sort-order/><bibliography>${layout}</bibliography>`,
    ],
    [
      'a sort key written with spaces in its tags',
      `<bibliography><sort >${layout}</sort >${layout}</bibliography>`,
      `<bibliography>${layout}</bibliography>`,
    ],
  ])('removes %s and nothing else', (_name, style, expected) => {
    expect(withoutSortKeys(style)).toBe(expected ?? style);
  });

  it.each(['apa', 'mla', 'chicago'] as const)("leaves %s's one-entry style no sort key and every macro", (style) => {
    const styles = plugins.config.get('@csl').styles;
    const oneEntry = styles.get(entryStyle(style));
    expect(oneEntry, 'sort keys left in the one-entry style').not.toMatch(/<sort\b/);
    const macros = (xml: string) => xml.match(/<macro\b/g)?.length;
    expect(macros(oneEntry), 'macros of the one-entry style against the full style').toBe(macros(styles.get(style)));
    expect(styles.get(style), 'the full style (if it has no sort key, this test checks nothing)').toMatch(/<sort\b/);
  });
});

describe('BibTeX', () => {
  it('is the record, exactly', () => {
    expect(formatBibtex(poll)).toBe(
      [
        '@article{Tanaka2024Cabinet,',
        '\tauthor = {Tanaka, Hiroshi},',
        '\tjournal = {Jiji Press Public Opinion Poll Bulletin},',
        '\tyear = {2024},',
        '\tmonth = {feb 9},',
        '\tpages = {1, 4--7},',
        '\tpublisher = {Japan Media Highlights, U.S. Embassy Tokyo},',
        '\ttitle = {Cabinet support rate falls to 38\\%},',
        `\turl = {${POLL_URL}},`,
        '}',
      ].join('\n'),
    );
  });

  it.each([
    ['the Sankei article', sankei],
    ['the poll', poll],
  ])('of %s parses back with an independent parser to the same facts', (_name, record) => {
    const library = parseBibtex(formatBibtex(record));
    expect(library.errors, 'no parse errors').toEqual([]);
    expect(library.entries).toHaveLength(1);
    const [entry] = library.entries;
    expect(entry?.type).toBe('article');
    expect(entry?.fields.title).toBe(record.title);
    expect(entry?.fields['journal']).toBe(record['container-title']);
    expect(entry?.fields['year']).toBe(String(record.issued['date-parts'][0][0]));
    expect(entry?.fields['url']).toBe(record.URL);
    expect(entry?.fields['publisher']).toEqual([record.publisher]);
    if (record.page) expect(entry?.fields['pages']).toBe(record.page);
    if (record.author) expect(entry?.fields.author).toEqual([{ lastName: 'Tanaka', firstName: 'Hiroshi' }]);
  });
});

describe('RIS', () => {
  it('is the record, exactly, one line per field however long the value', () => {
    expect(formatRis(sankei)).toBe(
      [
        'TY  - NEWS',
        'DB  - Japan Media Highlights, U.S. Embassy Tokyo',
        'ID  - new-approach-territo',
        'LA  - en',
        'PB  - Japan Media Highlights, U.S. Embassy Tokyo',
        'PY  - 2016',
        'T2  - The Sankei Shimbun',
        'TI  - “New approach” to territorial talks will not mention Russia’s illegal occupation',
        `UR  - ${SANKEI_URL}`,
        'ER  - ',
      ].join('\n'),
    );
  });

  it.each([
    ['the Sankei article', sankei],
    ['the poll', poll],
  ])('of %s parses back with an independent parser to the same facts', (_name, record) => {
    const [item, ...rest] = parseRis(formatRis(record));
    expect(rest, 'one record').toEqual([]);
    expect(item?.type).toBe('article-newspaper');
    expect(item?.title).toBe(record.title);
    expect(item?.['container-title']).toBe(record['container-title']);
    expect(item?.URL).toBe(record.URL);
    expect(item?.publisher).toBe(record.publisher);
    expect(String(item?.issued?.['date-parts']?.[0]?.[0])).toBe(String(record.issued['date-parts'][0][0]));
    if (record.page) expect(item?.page).toBe(record.page.replace('–', '-'));
    if (record.author) expect(item?.author).toEqual([{ family: 'Tanaka', given: 'Hiroshi' }]);
  });
});

describe('citationsFor', () => {
  it('gives all five formats from the one record, the same as formatting each', async () => {
    const citations = await citationsFor(poll);
    expect(citations).toEqual({
      apa: formatReference(poll, 'apa'),
      mla: formatReference(poll, 'mla'),
      chicago: formatReference(poll, 'chicago'),
      bibtex: formatBibtex(poll),
      ris: formatRis(poll),
    });
  });

  // Frontmatter is text: not even CSL's own rich-text markup (<b>, <i>, <sup>) in a field becomes an element.
  it('escapes markup in a headline instead of passing it through', () => {
    const hostile = cslRecord({
      id: 'x',
      title: '<img src=x onerror=alert(1)> & <script>alert(1)</script>',
      date: new Date('2024-01-01T00:00:00Z'),
      source: { name: '<b>Outlet</b>' },
      lang: 'en',
      url: 'https://news.example.org/articles/x/',
    });
    for (const style of ['apa', 'mla', 'chicago'] as const) {
      const html = formatReference(hostile, style);
      expect(html, style).not.toMatch(/<(img|script|b)\b/);
      expect(html, style).toContain('&lt;img');
      // Title case may touch the letters; the brackets stay text.
      expect(html, style).toMatch(/&lt;b&gt;Outlet&lt;\/b&gt;/i);
    }
  });
});
