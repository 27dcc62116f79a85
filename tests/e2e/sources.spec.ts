import { type Browser, expect, type Page, test } from '@playwright/test';

import { fixtureSite } from '../support/fixture-sites.ts';
import { axeViolations } from '../support/page-checks.ts';
import { normalized, printToPdf } from '../support/print.ts';

/*
 * Source of record, corrections and citations, on a fixture site of its own
 * (tests/fixtures/sources: three outlets, items of three kinds, one article
 * corrected twice, one with a very long headline), built with the real build
 * (validation and safety check included) by the global setup.
 */

const CORRECTED = '/articles/corrected-summit-report/';
const POLL = '/articles/cabinet-support-poll/';
const OKINAWA = '/articles/okinawa-base-translation/';
const UNCORRECTED = '/articles/sankei-editorial-uncorrected/';
const APA =
  'Tanaka, H. (2016, May 12). Abe and Putin agree to restart territorial talks at vice-ministerial level. The Sankei Shimbun, 3. https://news.example.org/articles/corrected-summit-report/';

/** The fixture site, built once per run by the global setup (tests/support/fixture-sites.ts) and served on a free port. */
const origin = () => new URL(fixtureSite('sources').url!).origin;

test.describe.configure({ timeout: 120_000 });

const open = async (page: Page, path: string) => {
  const response = await page.goto(`${origin()}${path}`);
  expect(response?.status(), `${path} is served`).toBe(200);
};
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

test.describe('the attribution', () => {
  for (const [path, line, outlet] of [
    [
      CORRECTED,
      'Source: The Sankei Shimbun, p. 3 · Summary · original, via Japan Media Highlights, U.S. Embassy Tokyo',
      '/sources/the-sankei-shimbun/',
    ],
    [
      POLL,
      'Source: Jiji Press Public Opinion Poll Bulletin, pp. 1, 4–7, 19:37 · Poll · original',
      '/sources/jiji-press-public-opinion-poll-bulletin/',
    ],
    [
      OKINAWA,
      'Source: Okinawa Times, p. 1 · Translation · original, via Japan Media Highlights, U.S. Embassy Tokyo',
      '/sources/okinawa-times/',
    ],
    // No page and no kind in the entry: nothing is made up.
    [UNCORRECTED, 'Source: The Sankei Shimbun · original', '/sources/the-sankei-shimbun/'],
  ] as const) {
    test(`of ${path} reads as the digest labels it, and links to the outlet's page`, async ({ page }) => {
      await open(page, path);
      expect(squash(await page.locator('article .source').textContent())).toBe(line);
      await expect(page.locator('article .source a.outlet')).toHaveAttribute('href', outlet);
      await page.locator('article .source a.outlet').click();
      await expect(page).toHaveURL(`${origin()}${outlet}`);
    });
  }
});

test.describe('the sources pages', () => {
  test('/sources/ lists every outlet with its article count, most articles first', async ({ page }) => {
    await open(page, '/sources/');
    await expect(page.locator('h1')).toHaveText('Sources');
    const items = (await page.locator('main li').allTextContents()).map(squash);
    expect(items).toEqual([
      'The Sankei Shimbun (2 articles)',
      'Jiji Press Public Opinion Poll Bulletin (1 article)',
      'Okinawa Times (1 article)',
    ]);
    await expect(
      page.locator('header nav a', { hasText: 'Sources' }),
      'the site navigation links to it',
    ).toHaveAttribute('aria-current', 'page');
  });

  test("an outlet's page lists its articles newest first, with the count", async ({ page }) => {
    await open(page, '/sources/the-sankei-shimbun/');
    await expect(page.locator('h1')).toHaveText('The Sankei Shimbun');
    await expect(page.locator('main .count')).toHaveText('2 articles, newest first');
    expect((await page.locator('main .card .title').allTextContents()).map(squash)).toEqual([
      'Abe and Putin agree to restart territorial talks at vice-ministerial level',
      'Japan must press Russia on the islands',
    ]);
  });
});

test.describe('corrections', () => {
  test('are listed at the end of the article, dated, newest first', async ({ page }) => {
    await open(page, CORRECTED);
    const section = page.locator('article section#corrections');
    await expect(section.locator('h2')).toHaveText('Corrections');
    const items = section.locator('li');
    expect((await items.allTextContents()).map(squash)).toEqual([
      'May 20, 2016: The talks start in June, not July; see the ministry’s statement.',
      'May 13, 2016: The summit was held in Sochi, not Vladivostok.',
    ]);
    expect(
      await items.locator('time').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime'))),
    ).toEqual(['2016-05-20', '2016-05-13']);
    await expect(items.first().locator('em'), 'inline Markdown is rendered').toHaveText('June');
    await expect(items.first().locator('a')).toHaveAttribute('href', 'https://www.mofa.go.jp/');
  });

  test('put a Corrected label with the latest date under the dateline, linking to the list', async ({ page }) => {
    await open(page, CORRECTED);
    const label = page.locator('article .dateline .corrected a');
    await expect(label).toHaveText('Corrected May 20, 2016');
    await expect(label).toHaveAttribute('href', '#corrections');
    await expect(page.locator('article .dateline .updated'), 'no separate Updated for the same day').toHaveCount(0);
  });

  test('show as a Corrected label in listings, on the corrected article only', async ({ page }) => {
    for (const path of ['/', '/sources/the-sankei-shimbun/', '/topics/northern-territories/']) {
      await open(page, path);
      const cards = page.locator('main .card');
      const labels = await cards.evaluateAll((nodes) =>
        nodes.map((node) => [
          node.querySelector('.title')?.textContent?.trim(),
          node.querySelector('.corrected')?.textContent?.replace(/\s+/g, ' ').trim() ?? null,
        ]),
      );
      for (const [title, label] of labels) {
        expect(label, `${path}: ${title}`).toBe(
          title === 'Abe and Putin agree to restart territorial talks at vice-ministerial level'
            ? '· Corrected May 20, 2016'
            : null,
        );
      }
    }
  });

  test('are an uncorrected article’s absence: no list, no label', async ({ page }) => {
    await open(page, UNCORRECTED);
    await expect(page.locator('#corrections')).toHaveCount(0);
    await expect(page.locator('.dateline .corrected')).toHaveCount(0);
  });

  test('are in the JSON-LD as schema.org corrections, with dateModified the latest', async ({ page }) => {
    await open(page, CORRECTED);
    const data = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}') as {
      dateModified: string;
      correction: { '@type': string; datePublished: string; text: string }[];
    };
    expect(data.dateModified).toBe('2016-05-20T00:00:00+00:00');
    const visible = await page
      .locator('#corrections li')
      .evaluateAll((nodes) =>
        nodes.map((node) => [
          node.querySelector('time')?.getAttribute('datetime'),
          node.querySelector('span')?.textContent?.trim(),
        ]),
      );
    expect(data.correction.map((entry) => [entry.datePublished.slice(0, 10), entry.text])).toEqual(visible);
    expect(new Set(data.correction.map((entry) => entry['@type']))).toEqual(new Set(['CorrectionComment']));
  });

  test('give the feeds the update date, and the feeds the attribution', async ({ request }) => {
    const atom = await (await request.get(`${origin()}/atom.xml`)).text();
    const entry = atom.split('<entry>').find((part) => part.includes('corrected-summit-report')) ?? '';
    expect(entry, 'Atom entry updated on the latest correction').toContain(
      '<updated>2016-05-20T00:00:00.000Z</updated>',
    );
    const rss = await (await request.get(`${origin()}/rss.xml`)).text();
    const item = rss.split('<item>').find((part) => part.includes('corrected-summit-report')) ?? '';
    expect(item, 'RSS item carries atom:updated').toContain('<atom:updated>2016-05-20T00:00:00+00:00</atom:updated>');
    expect(item).toContain(
      'Source: The Sankei Shimbun, p. 3 · Summary, via Japan Media Highlights, U.S. Embassy Tokyo',
    );
    const other = rss.split('<item>').find((part) => part.includes('okinawa-base-translation')) ?? '';
    expect(other, 'no update date on an unchanged article').not.toContain('atom:updated');
  });
});

test.describe('Cite this article', () => {
  test('offers five formats from one record, all naming this site’s address', async ({ page }) => {
    await open(page, CORRECTED);
    const section = page.locator('section.cite');
    await expect(section.locator('h2')).toHaveText('Cite this article');
    expect((await section.locator('dt').allTextContents()).map(squash)).toEqual([
      'APA (7th edition)',
      'MLA (9th edition)',
      'Chicago (18th edition, notes and bibliography)',
      'BibTeX',
      'RIS',
    ]);
    expect(squash(await page.locator('#cite-apa').textContent())).toBe(APA);
    for (const id of ['cite-apa', 'cite-mla', 'cite-chicago', 'cite-bibtex', 'cite-ris']) {
      expect(await page.locator(`#${id}`).textContent(), id).toContain(
        'https://news.example.org/articles/corrected-summit-report/',
      );
    }
    await expect(page.locator('#cite-bibtex')).toContainText('pages = {3}');
    await expect(page.locator('#cite-ris')).toContainText('AU  - Tanaka, Hiroshi');
  });

  test('Copy puts a format on the clipboard, with JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await open(page, CORRECTED);
    const buttons = page.locator('section.cite button.copy');
    await expect(buttons).toHaveCount(5);
    for (const button of await buttons.all()) await expect(button).toBeVisible();
    await page.locator('button[data-copy="cite-apa"]').click();
    await expect(page.locator('.cite .copy-status')).toHaveText('APA (7th edition) copied.');
    expect(squash(await page.evaluate(() => navigator.clipboard.readText()))).toBe(APA);
    await page.locator('button[data-copy="cite-bibtex"]').click();
    await expect(page.locator('.cite .copy-status')).toHaveText('BibTeX copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      ((await page.locator('#cite-bibtex').textContent()) ?? '').trim(),
    );
    await context.close();
  });

  test('works without JavaScript: every format is shown, no dead Copy button', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await open(page, CORRECTED);
    for (const id of ['cite-apa', 'cite-mla', 'cite-chicago', 'cite-bibtex', 'cite-ris']) {
      await expect(page.locator(`#${id}`), id).toBeVisible();
    }
    await expect(page.locator('section.cite button'), 'a Copy button needs the script').toHaveCount(0);
    await context.close();
  });

  test('a long BibTeX record does not scroll the page sideways at 320 px', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await open(page, POLL);
    await expect(page.locator('#cite-bibtex')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${POLL} is ${overflow}px wider than a 320px screen`).toBeLessThanOrEqual(0);
  });
});

test.describe('on paper', () => {
  test('the corrected article prints its corrections and one APA citation line, without the Cite section', async ({
    page,
  }, testInfo) => {
    await open(page, CORRECTED);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('section.cite')).toBeHidden();
    await expect(page.locator('.print-citation')).toBeVisible();
    await expect(page.locator('#corrections')).toBeVisible();
    const { pages } = await printToPdf(page, testInfo, 'corrected-article');
    const text = normalized(pages.join('\n'));
    expect(text).toContain(normalized('Corrections'));
    expect(text).toContain(normalized('May 20, 2016: The talks start in June, not July'));
    expect(text).toContain(normalized('May 13, 2016: The summit was held in Sochi, not Vladivostok.'));
    expect(text).toContain(normalized(`Cite as: ${APA}`));
    expect(text, 'the attribution prints as on screen').toContain(normalized('The Sankei Shimbun, p. 3 · Summary'));
    expect(text, 'no Copy button or other format on paper').not.toContain(normalized('MLA (9th edition)'));
    expect(text.indexOf(normalized('Cite as')), 'one citation line').toBe(text.lastIndexOf(normalized('Cite as')));
  });
});

test.describe('accessibility', () => {
  const scan = async (browser: Browser, path: string, colorScheme: 'light' | 'dark', javaScriptEnabled: boolean) => {
    const context = await browser.newContext({ colorScheme, javaScriptEnabled });
    const page = await context.newPage();
    await open(page, path);
    const violations = await axeViolations(page);
    await context.close();
    return violations;
  };
  for (const path of [CORRECTED, POLL, '/sources/', '/sources/the-sankei-shimbun/']) {
    for (const colorScheme of ['light', 'dark'] as const) {
      test(`${path} has no WCAG 2.2 A/AA violation in the ${colorScheme} scheme`, async ({ browser }) => {
        expect(await scan(browser, path, colorScheme, true), `axe on ${path} (${colorScheme})`).toEqual([]);
      });
    }
  }
});
