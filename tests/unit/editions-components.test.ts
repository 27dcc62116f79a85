import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { parse } from 'parse5';
import { describe, expect, it } from 'vitest';

import CoverageChart from '../../src/components/CoverageChart.astro';
import MonthCalendar from '../../src/components/MonthCalendar.astro';
import PrintBar from '../../src/components/PrintBar.astro';
import EditionPage from '../../src/layouts/EditionPage.astro';
import { coverage, editionsByDay } from '../../src/lib/editions.ts';
import { pageUrls } from '../../src/lib/pagination.ts';
import { attr, byTag, type Element, findAll, text } from '../support/html.ts';

const container = await AstroContainer.create({ astroConfig: { site: 'http://localhost:4321' } });
const doc = (html: string) => parse(html);
const clean = (el: Element) => text(el).replace(/\s+/g, ' ').trim();

describe('MonthCalendar', () => {
  const render = async () =>
    doc(
      await container.renderToString(MonthCalendar, {
        props: {
          year: 2016,
          month: 5,
          counts: new Map([
            ['2016-05-12', 3],
            ['2016-05-31', 1],
          ]),
        },
      }),
    );

  it('is a table with a caption and seven weekday column headers', async () => {
    const page = await render();
    expect(byTag(page, 'caption').map(clean)).toEqual(['May 2016']);
    const headers = byTag(page, 'th');
    expect(headers.map(clean)).toEqual(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']);
    expect(
      headers.every((th) => attr(th, 'scope') === 'col'),
      'column headers',
    ).toBe(true);
    expect(byTag(page, 'abbr').map((a) => attr(a, 'title'))[4]).toBe('Thursday');
  });

  it('links the days with articles, named by date and count, and only those', async () => {
    const links = byTag(await render(), 'a').map((a) => [attr(a, 'aria-label'), attr(a, 'href')]);
    expect(links).toEqual([
      ['May 12, 2016: 3 articles', '/editions/2016/05/12/'],
      ['May 31, 2016: 1 article', '/editions/2016/05/31/'],
    ]);
  });

  it('has five weeks for May 2016, which starts on a Sunday', async () => {
    const rows = byTag(await render(), 'tr').slice(1);
    expect(rows).toHaveLength(5);
    expect(clean(byTag(rows[0]!, 'td')[0]!)).toBe('1');
  });
});

describe('CoverageChart', () => {
  const dates = ['2016-05-12', '2016-05-20', '2016-07-01'].map((d) => new Date(`${d}T00:00:00Z`));

  it('is an SVG with a name and a summary, one bar per non-empty month, and the numbers as a list', async () => {
    const html = await container.renderToString(CoverageChart, {
      props: { coverage: coverage(dates)!, topic: 'Ukraine' },
    });
    const page = doc(html);
    const svg = byTag(page, 'svg')[0]!;
    expect(attr(svg, 'role')).toBe('img');
    expect(attr(svg, 'aria-label')).toBe('Articles on Ukraine per month');
    const summary = findAll(page, (el) => attr(el, 'id') === attr(svg, 'aria-describedby'))[0];
    expect(summary && clean(summary)).toBe('3 articles from May 2016 to July 2016; the most in May 2016 (2).');
    expect(
      byTag(svg, 'rect').map((r) => attr(r, 'height')),
      'May full height, June none, July half',
    ).toEqual(['48', '24']);
    expect(byTag(page, 'li').map(clean)).toEqual(['May 2016: 2', 'June 2016: 0', 'July 2016: 1']);
    expect(html, 'no script, no inline style').not.toMatch(/<script|style="/);
  });
});

describe('EditionPage', () => {
  // 25 articles on one day: more than a page holds, so the day has two pages.
  const articles = Array.from({ length: 25 }, (_, i) => ({
    id: `a${String(i).padStart(2, '0')}`,
    collection: 'articles' as const,
    data: {
      title: `Headline ${String(i).padStart(2, '0')}`,
      dek: 'Dek.',
      date: new Date(Date.UTC(2016, 4, 12)),
      source: { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/' },
      tags: ['Ukraine'],
      section: i % 2 === 0 ? 'Politics' : undefined,
      lang: 'en',
      draft: false,
    },
  }));
  const [edition] = editionsByDay(articles);
  const render = (currentPage: number) =>
    container.renderToString(EditionPage, {
      props: {
        edition: edition!,
        prev: undefined,
        next: undefined,
        page: {
          data: edition!.articles.slice((currentPage - 1) * 20, currentPage * 20),
          start: (currentPage - 1) * 20,
          end: Math.min(currentPage * 20, 25) - 1,
          size: 20,
          total: 25,
          currentPage,
          lastPage: 2,
          url: pageUrls('/editions/2016/05/12/', currentPage, 2),
        },
      },
      request: new Request(
        `http://localhost:4321/editions/2016/05/12/${currentPage > 1 ? `page/${currentPage}/` : ''}`,
      ),
      partial: false,
    });

  it('paginates a day over the page size like the home page, and says which page it is', async () => {
    const second = doc(await render(2));
    const rels = byTag(second, 'link').filter((l) => ['prev', 'next'].includes(attr(l, 'rel') ?? ''));
    expect(rels.map((l) => [attr(l, 'rel'), attr(l, 'href')])).toEqual([['prev', '/editions/2016/05/12/']]);
    expect(clean(byTag(second, 'h1')[0]!)).toBe('Thursday, May 12, 2016 Page 2 of 2');
    expect(byTag(second, 'h3'), 'the five articles left for page 2').toHaveLength(5);
    expect(clean(byTag(second, 'title')[0]!)).toMatch(/^Thursday, May 12, 2016: 25 articles, page 2 of 2/);
  });

  it('groups the page by section, the articles without one last', async () => {
    const first = doc(await render(1));
    expect(byTag(first, 'h2').map(clean).slice(0, 2)).toEqual(['Politics', 'Other articles']);
    expect(byTag(first, 'h3'), 'twenty articles on page 1').toHaveLength(20);
    const jsonLd = JSON.parse(text(byTag(first, 'script').find((s) => attr(s, 'type') === 'application/ld+json')!));
    expect(jsonLd.mainEntity.numberOfItems, 'JSON-LD lists the page’s articles').toBe(20);
  });
});

describe('PrintBar', () => {
  it('tells a reader without JavaScript how to print the edition, not an article', async () => {
    const page = doc(await container.renderToString(PrintBar, { props: { backHref: '/editions/2016/05/12/' } }));
    const control = findAll(page, (e) => attr(e, 'data-print-control') !== undefined)[0];
    expect(control, 'the bar has a Print control').toBeDefined();
    expect(byTag(control!, 'summary').map(clean)).toEqual(['Print this edition']);
    expect(byTag(control!, 'p').map(clean)).toEqual([
      'Use your browser’s Print command (Ctrl+P, or ⌘P on a Mac): the edition prints as a clean copy.',
    ]);
    expect(
      byTag(control!, 'button').map((b) => attr(b, 'hidden')),
      'the button waits for the script',
    ).toEqual(['']);
  });
});
