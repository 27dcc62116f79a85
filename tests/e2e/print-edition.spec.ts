import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, type Page, test, type TestInfo } from '@playwright/test';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';

import { isPaper, pageLightness, pdfInfo, pdfWords } from '../support/pdf.mjs';
import { builtPages, DIST } from '../support/built-pages.ts';
import { fixtureSite } from '../support/fixture-sites.ts';
import { BASE, normalized, printToPdf, publicAddress, withoutMarginBoxes } from '../support/print.ts';
import { SANKEI } from '../support/sankei.ts';

/*
 * The printed edition, printed for real: Chromium's page.pdf() read back with
 * poppler. A fixture edition of three articles (tests/fixtures/editions,
 * December 30, 2020) and the real site's Sankei edition of May 12, 2016.
 * Then the ids of a fixture day whose two articles both have a footnote and
 * the same heading (January 4, 2021), in the HTML and in the browser.
 */

const FIXTURE_DAY = {
  path: 'editions/2020/12/30/',
  heading: 'Wednesday, December 30, 2020',
  // In edition order: by section (Economy, Politics), then the article without one.
  headlines: [
    ['Markets close the year higher despite the pandemic', 'Northern Daily Ledger'],
    ['Budget talks stall over defence spending', 'The Harbour City Courier'],
    ['Lantern festival cancelled for the first time in 70 years', 'Coastal Evening Post'],
  ],
} as const;
const runningHead = (heading: string) => `News Reader · ${heading}`;
/** 10 mm in points: no printed word may come closer to the left or right edge. */
const EDGE = (10 / 25.4) * 72;

/** Prints the page, checks what every printed edition must be, and returns each page's text without the margin boxes. */
async function printEdition(page: Page, testInfo: TestInfo, name: string, heading: string) {
  const { file, pages } = await printToPdf(page, testInfo, name);
  const info = pdfInfo(file);
  testInfo.annotations.push({ type: 'pages', description: `${name}: ${info.pages} A4 pages` });
  expect(isPaper(info, 'A4'), `page size ${info.width} x ${info.height} pt is A4`).toBe(true);
  expect(pages.length, 'pdftotext sees every page').toBe(info.pages);
  pages.forEach((text, index) => {
    expect(text, `page ${index + 1} has its folio`).toContain(`Page ${index + 1} of ${info.pages}`);
    if (index === 0)
      expect(text, 'page 1 has no running head (the title block says it all)').not.toContain(runningHead(heading));
    else expect(text, `page ${index + 1} has the running head with the edition date`).toContain(runningHead(heading));
  });
  const body = pages.map((text) => withoutMarginBoxes(text, runningHead(heading)));
  body.forEach((text, index) => expect(text.trim(), `page ${index + 1} has text (no blank page)`).not.toBe(''));
  const outside = pdfWords(file).filter(
    (word) => word.xMin < EDGE || word.xMax > word.pageWidth - EDGE || word.yMin < 0 || word.yMax > word.pageHeight,
  );
  expect(
    outside.map((word) => `page ${word.page}: ${word.text}`),
    'words in the outer 10 mm or off the page',
  ).toEqual([]);
  return { file, info, body };
}

/** The page (1-based) whose text, margin boxes left out, begins with the headline; 0 when none does. */
const pageStartingWith = (body: string[], headline: string) =>
  body.findIndex((text) => normalized(text).startsWith(normalized(headline))) + 1;

test.describe('the printed edition of a fixture day', () => {
  test.describe.configure({ timeout: 120_000 });
  // Built once per run by the global setup (tests/support/fixture-sites.ts) and served on a free port.
  const url = (path: string) => `${new URL(fixtureSite('editions').url!).origin}${BASE}${path}`;

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`prints contents on page 1 and each article from the top of a page of its own (${colorScheme} scheme)`, async ({
      page,
    }, testInfo) => {
      await page.emulateMedia({ colorScheme });
      const response = await page.goto(url(`${FIXTURE_DAY.path}print/`));
      expect(response?.status(), 'the printed edition is built').toBe(200);
      const { file, info, body } = await printEdition(page, testInfo, `edition-${colorScheme}`, FIXTURE_DAY.heading);
      expect(info.pages, 'the title page, then one page for each of the three short articles').toBe(4);

      const first = body[0] ?? '';
      expect(first, 'the title block names the site').toContain('News Reader');
      expect(first, 'the title block gives the date').toContain(FIXTURE_DAY.heading);
      expect(first, 'the title block counts the articles').toContain('3 articles');
      expect(normalized(first), 'the title block gives the edition’s address').toContain(
        normalized(publicAddress(`${BASE}${FIXTURE_DAY.path}`)),
      );
      expect(first, 'page 1 has the contents').toContain('CONTENTS');
      FIXTURE_DAY.headlines.forEach(([headline, source], index) => {
        expect(normalized(first), `contents entry ${index + 1}: number, headline and source`).toContain(
          normalized(`${index + 1}. ${headline} · ${source}`),
        );
        expect(pageStartingWith(body, headline), `"${headline}" opens page ${index + 2}`).toBe(index + 2);
      });

      const lightness = pageLightness(file, testInfo.outputPath(`lightness-${colorScheme}`));
      lightness.forEach((value, index) =>
        expect(value, `page ${index + 1} is white paper with dark text`).toBeGreaterThan(0.85),
      );
    });
  }

  test('the contents link to the articles inside the document', async ({ page }) => {
    await page.goto(url(`${FIXTURE_DAY.path}print/`));
    const entries = page.getByRole('region', { name: 'Contents' }).getByRole('link');
    await expect(entries).toHaveCount(FIXTURE_DAY.headlines.length);
    for (const [index, [headline]] of FIXTURE_DAY.headlines.entries()) {
      const href = await entries.nth(index).getAttribute('href');
      expect(href, `entry ${index + 1} is an in-document link`).toMatch(/^#/);
      await expect(page.locator(`${href} > header h2`), `entry ${index + 1} leads to its article`).toHaveText(headline);
    }
  });

  test('is noindex, canonical to the edition, out of search, and loads nothing but itself', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(url(`${FIXTURE_DAY.path}print/`));
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
      'href',
      publicAddress(`${BASE}${FIXTURE_DAY.path}`),
    );
    await expect(page.locator('body'), 'Pagefind skips the whole page').toHaveAttribute('data-pagefind-ignore', 'all');
    await expect(page.locator('[data-pagefind-body]'), 'nothing on it is indexed as an article').toHaveCount(0);
    const extra = requests.filter(
      (request) =>
        request !== url(`${FIXTURE_DAY.path}print/`) && !/\.css$|favicon\.svg$/.test(new URL(request).pathname),
    );
    expect(extra, 'requests beyond the page, its stylesheet and the icon').toEqual([]);
    // The screen bar: back to the edition, and a Print button once the script runs.
    await expect(page.getByRole('link', { name: 'Back to the edition' })).toHaveAttribute(
      'href',
      `${BASE}${FIXTURE_DAY.path}`,
    );
    await expect(page.getByRole('button', { name: 'Print this edition' })).toBeVisible();
  });
});

test('the Sankei edition of May 12, 2016 prints its article after the contents', async ({ page }, testInfo) => {
  const heading = 'Thursday, May 12, 2016';
  const response = await page.goto(`${BASE}editions/2016/05/12/print/`);
  expect(response?.status(), 'the real site has the Sankei edition').toBe(200);
  const { info, body } = await printEdition(page, testInfo, 'sankei-edition', heading);
  expect(info.pages, 'title page and the article').toBeGreaterThanOrEqual(2);
  expect(body[0], 'page 1 has the contents').toContain('CONTENTS');
  expect(normalized(body[0] ?? ''), 'the contents list the Sankei article').toContain(
    normalized(`1. ${SANKEI.headline}`),
  );
  expect(pageStartingWith(body, SANKEI.headline), 'the Sankei headline opens page 2').toBe(2);
  const printed = normalized(body.join('\n'));
  for (const [index, paragraph] of SANKEI.paragraphs.entries()) {
    expect(printed, `paragraph ${index + 1} is printed`).toContain(normalized(paragraph));
  }
});

test('search indexes one result per article: no edition, month, year or printed edition page', () => {
  const entry = JSON.parse(readFileSync(join(DIST, 'pagefind', 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { page_count: number }>;
  };
  const indexed = Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
  const articles = readdirSync(join(DIST, 'articles'), { withFileTypes: true }).filter((e) => e.isDirectory()).length;
  const editions = builtPages().filter((path) => path.includes('/editions/'));
  expect(editions.length, 'the real site has edition pages to leave out').toBeGreaterThan(0);
  expect(indexed, 'Pagefind pages = articles').toBe(articles);
});

/*
 * Each article body is rendered alone, so two articles of a day with a
 * footnote, or the same heading, come with the same ids. The fixture's
 * January 4, 2021 has two such articles; on the printed edition each keeps
 * its own: every id once, every in-page link inside an article leading into
 * that article.
 */
test.describe('the printed edition of a day whose articles have notes and headings alike', () => {
  const PATH = 'editions/2021/01/04/print/';
  const ARTICLES = [
    { headline: 'Vaccine rollout begins at city hospitals', note: 'Two of the hospitals are run by the city' },
    { headline: 'Coalition agrees defence budget after New Year talks', note: 'The talks began on December 28' },
  ] as const;
  const HEADING = 'What happens next';
  /** Attributes besides `href` that name ids and that the sanitizer keeps in article bodies, by their hast names. */
  const REFERENCES = ['ariaDescribedBy', 'ariaLabelledBy', 'headers'];

  test('has no id twice, and every in-page reference in an article names an id of that article', () => {
    const html = readFileSync(join(fixtureSite('editions').dir, PATH, 'index.html'), 'utf8');
    const tree = fromHtml(html);
    const counts = new Map<string, number>();
    for (const element of selectAll('[id]', tree)) {
      const id = String(element.properties['id']);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const repeated = [...counts].filter(([, count]) => count > 1).map(([id, count]) => `${id} × ${count}`);
    expect.soft(repeated, 'ids used more than once on the printed edition').toEqual([]);

    const articles = selectAll('article.edition-article', tree);
    expect(
      articles.map((article) => toString(select('header h2', article) ?? article)),
      'the fixture day has its two articles, in this order',
    ).toEqual(ARTICLES.map((a) => a.headline));
    const misdirected: string[] = [];
    articles.forEach((article, index) => {
      const prose = select('.prose', article);
      expect(prose, `article ${index + 1} has its body`).toBeDefined();
      const own = new Set(selectAll('[id]', prose!).map((element) => String(element.properties['id'])));
      const headings = selectAll('h2', prose!).filter((h) => toString(h) === HEADING);
      expect(headings, `article ${index + 1} has the heading "${HEADING}" (the fixture)`).toHaveLength(1);
      expect(selectAll('a[data-footnote-ref]', prose!), `article ${index + 1} has a note reference`).toHaveLength(1);
      for (const element of selectAll('*', prose!)) {
        const names: string[] = [];
        const href = element.properties['href'];
        if (typeof href === 'string' && href.startsWith('#')) names.push(decodeURIComponent(href.slice(1)));
        for (const property of REFERENCES) {
          const value = element.properties[property];
          if (Array.isArray(value)) names.push(...value.map(String));
        }
        for (const name of names.filter((n) => !own.has(n))) {
          const owner = articles.findIndex((other) => select(`[id="${name}"]`, other));
          misdirected.push(
            `article ${index + 1}: <${element.tagName}> names "${name}", ${owner === -1 ? 'which is nowhere' : `which is in article ${owner + 1}`}`,
          );
        }
      }
    });
    expect(misdirected, 'in-page references leading out of their own article').toEqual([]);
  });

  test('the build reports no repeated id on any printed edition', () => {
    const log = readFileSync(fixtureSite('editions').log, 'utf8');
    const warnings = log.split('\n').filter((line) => /print\/index\.html: id ".*" is used \d+ times/.test(line));
    expect(warnings, 'page-check warnings about repeated ids on printed editions').toEqual([]);
  });

  test('the second article’s note reference leads to its own note, and back', async ({ page }) => {
    await page.goto(`${new URL(fixtureSite('editions').url!).origin}${BASE}${PATH}`);
    const second = page.locator('article.edition-article').nth(1);
    await expect(second.locator('header h2'), 'the second article').toHaveText(ARTICLES[1].headline);
    const target = page.locator(':target');

    await second.locator('a[data-footnote-ref]').click();
    await expect(target, 'the note the reference leads to').toContainText(ARTICLES[1].note);
    await expect(second.locator(':target'), 'the note is in the second article').toHaveCount(1);

    await second.getByRole('link', { name: 'Back to reference 1' }).click();
    await expect(target, 'the back-reference leads to the reference in the second article').toHaveAttribute(
      'data-footnote-ref',
    );
    await expect(second.locator(':target'), 'the reference is in the second article').toHaveCount(1);

    await second.getByRole('link', { name: 'below' }).click();
    await expect(target, 'the link to the heading leads to a heading').toHaveText(HEADING);
    await expect(second.locator(':target'), 'the heading is the second article’s').toHaveCount(1);
  });
});
