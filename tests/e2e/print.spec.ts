import { expect, test } from '@playwright/test';

import { isPaper, pageLightness, pdfInfo } from '../support/pdf.mjs';
import { BASE, computed, normalized, printToPdf, publicAddress, withoutMarginBoxes } from '../support/print.ts';
import { SANKEI } from '../support/sankei.ts';

const articlePath = `${BASE}articles/${SANKEI.slug}/`;
const address = publicAddress(articlePath);
const citation = 'The Sankei Shimbun, via Japan Media Highlights';
const runningHead = 'The Sankei Shimbun · “New approach” to territorial talks will not mention…';
/** The budget for the Sankei article on A4. */
const MAX_PAGES = 2;

/** Screen chrome that must never reach paper, by what a reader would call it. */
const CHROME = {
  'site header': 'body > header',
  navigation: 'nav',
  'related-topics sidebar': 'aside',
  'skip link': '.skip-link',
  'site footer': 'body > footer',
  'Print control': '[data-print-control]',
};

test.describe('the Print control in the article header', () => {
  test('with JavaScript it is a button that opens the print dialog', async ({ page }) => {
    await page.addInitScript(() => {
      const counted = window as unknown as { printCalls: number };
      counted.printCalls = 0;
      window.print = () => {
        counted.printCalls += 1;
      };
    });
    await page.goto(articlePath);
    const header = page.locator('article header');
    const button = header.getByRole('button', { name: 'Print', exact: true });
    await expect(button, 'the script turned the link into a Print button').toBeVisible();
    await expect(header.getByRole('link', { name: 'Print' }), 'the no-JS link is gone').toHaveCount(0);
    await button.click();
    const calls = await page.evaluate(() => (window as unknown as { printCalls: number }).printCalls);
    expect(calls, 'clicking Print calls window.print() once').toBe(1);
  });

  test('without JavaScript it tells the reader how to print, and shows no dead button', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(articlePath);
    const control = page.locator('article header [data-print-control]');
    await expect(control.getByRole('button'), 'a button needs the script').toBeHidden();
    const hint = control.getByText('Ctrl+P');
    await expect(hint, 'the instructions wait behind the Print disclosure').toBeHidden();
    await control.locator('summary', { hasText: 'Print' }).click();
    await expect(hint, 'opening Print explains the browser’s Print command').toBeVisible();
    await context.close();
  });
});

test('there is no separate print page: an article prints from its own page', async ({ page }) => {
  const response = await page.goto(`${articlePath}print/`);
  expect(response?.status(), 'the old /print/ address is gone').toBe(404);
});

test('on screen the article page keeps its screen styles: the paper rules wait for printing', async ({ page }) => {
  await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
  await page.goto(articlePath);
  await expect(page.locator('.print-header'), 'the citation header is for paper only').toBeHidden();
  const looks = await page.evaluate(() => {
    const body = getComputedStyle(document.body);
    return { background: body.backgroundColor, font: body.fontFamily };
  });
  expect(looks.background, 'the dark scheme’s background, not the paper’s white').not.toBe('rgb(255, 255, 255)');
  expect(looks.font, 'the screen’s sans-serif text, not the paper’s serif').toMatch(/^system-ui/);
});

for (const [label, path] of [['article page', articlePath]] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(`printing the ${label} (${colorScheme} scheme)`, () => {
      test.beforeEach(async ({ page }) => {
        await page.emulateMedia({ media: 'print', colorScheme });
        await page.goto(path);
      });

      test('leaves the screen chrome off paper', async ({ page }) => {
        const styles = await computed(page, CHROME, ['display']);
        expect(styles['site header'], 'the page has a site header to hide').toHaveLength(1);
        expect(styles['navigation']?.length, 'the page has navigation to hide').toBeGreaterThan(0);
        for (const [name, list] of Object.entries(styles)) {
          for (const style of list) expect(style['display'], `${name} is hidden on paper`).toBe('none');
        }
        await expect(page.locator('.print-header'), 'the print header is on paper').toBeVisible();
        await expect(page.locator('article .topic-list'), 'the topics are on paper').toBeVisible();
      });

      test('prints black serif text on white, with no backgrounds or shadows', async ({ page }) => {
        const text = await computed(
          page,
          {
            headline: 'h1',
            dek: '.dek',
            dateline: '.dateline',
            body: 'article .prose p',
            topics: 'article .topic-list a',
          },
          ['color', 'font-family', 'font-size'],
        );
        for (const [name, list] of Object.entries(text)) {
          expect(list.length, `${name} is on the page`).toBeGreaterThan(0);
          for (const style of list) expect(style['color'], `${name} is black`).toBe('rgb(0, 0, 0)');
        }
        const body = text['body']?.[0] ?? {};
        expect(body['font-family'], 'body text is set in a serif face').toMatch(/(^|,\s*)serif$/);
        const px = Number.parseFloat(body['font-size'] ?? '0');
        expect(px * 0.75, 'body text is 10.5–12 pt').toBeGreaterThanOrEqual(10.5);
        expect(px * 0.75, 'body text is 10.5–12 pt').toBeLessThanOrEqual(12);

        const painted = await page.evaluate(() =>
          [document.documentElement, ...document.body.querySelectorAll('*'), document.body]
            .map((element) => ({ element, style: getComputedStyle(element) }))
            .filter(({ style }) => style.display !== 'none')
            .filter(
              ({ style }) =>
                !['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)'].includes(style.backgroundColor) ||
                style.backgroundImage !== 'none' ||
                style.boxShadow !== 'none' ||
                style.textShadow !== 'none',
            )
            .map(
              ({ element, style }) => `${element.tagName.toLowerCase()}.${element.className}: ${style.backgroundColor}`,
            ),
        );
        expect(painted, 'elements that would put a background or shadow on paper').toEqual([]);
      });

      test('writes out external link addresses, and only those', async ({ page }) => {
        const links = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLAnchorElement>('article a[href]')]
            .filter((a) => getComputedStyle(a).display !== 'none' && a.offsetParent !== null)
            .map((a) => ({
              href: a.getAttribute('href') ?? '',
              text: a.textContent ?? '',
              after: getComputedStyle(a, '::after').content,
            })),
        );
        const external = links.filter((link) => /^https?:\/\//.test(link.href));
        const internal = links.filter((link) => !/^https?:\/\//.test(link.href));
        expect(external.length, 'the attribution links to the source and the summary').toBeGreaterThanOrEqual(2);
        expect(internal.length, 'the topics link to topic pages').toBeGreaterThan(0);
        for (const link of external) {
          expect(link.after, `"${link.text}" prints its address`).toContain(link.href);
        }
        for (const link of internal) {
          expect(link.after, `internal link "${link.text}" (${link.href}) prints no address`).toMatch(
            /^(none|normal)$/,
          );
        }
      });

      test('has nothing that could clip, stretch or pin content on paper', async ({ page }) => {
        const offenders = await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .map((element) => ({ element, style: getComputedStyle(element), box: element.getBoundingClientRect() }))
            .filter(({ style }) => style.display !== 'none')
            // Screen-reader-only text is clipped to one pixel on purpose; it never shows.
            .filter(({ box }) => box.width > 1 || box.height > 1)
            .filter(
              ({ style }) =>
                ['fixed', 'sticky'].includes(style.position) ||
                [style.overflowX, style.overflowY].some((value) => value !== 'visible') ||
                style.maxHeight !== 'none' ||
                Math.round(Number.parseFloat(style.height)) === window.innerHeight,
            )
            .map(
              ({ element, style }) =>
                `${element.tagName.toLowerCase()}.${element.className}: position ${style.position}, overflow ${style.overflowX}/${style.overflowY}, max-height ${style.maxHeight}, height ${style.height}`,
            ),
        );
        expect(offenders, 'elements that could truncate or blank a printed page').toEqual([]);
      });
    });
  }
}

test('printing adds no request: the print styles are in the site stylesheet the page already has', async ({ page }) => {
  // `load`: the page and everything it asks for (its one stylesheet) have arrived.
  await page.goto(articlePath, { waitUntil: 'load' });
  // Except the tab's icon, which the browser fetches when it gets to it, printing or not.
  const icon = new URL((await page.locator('link[rel="icon"]').getAttribute('href')) ?? '', page.url()).href;
  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.url() !== icon) requests.push(request.url());
  });
  await page.emulateMedia({ media: 'print' });
  await page.pdf();
  expect(requests, 'requests made while printing').toEqual([]);
  const stylesheets = page.locator('link[rel="stylesheet"]');
  await expect(stylesheets, 'one stylesheet, shared by every page').toHaveCount(1);
  await expect(stylesheets, 'hashed, so it is cached').toHaveAttribute('href', /\/_astro\/[^/]+\.[\w-]+\.css$/);
});

for (const [label, path] of [['article page', articlePath]] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the ${label} prints as a clean A4 clipping (${colorScheme} scheme)`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(path);
      const { file, pages } = await printToPdf(page, testInfo, `sankei-${label.replace(' ', '-')}-${colorScheme}`);
      const info = pdfInfo(file);
      testInfo.annotations.push({ type: 'pages', description: `${info.pages} A4 page(s)` });

      expect(isPaper(info, 'A4'), `page size ${info.width} x ${info.height} pt is A4`).toBe(true);
      expect(pages.length, 'pdftotext sees every page').toBe(info.pages);
      expect(info.pages, `the Sankei article fits the budget of ${MAX_PAGES} pages`).toBeLessThanOrEqual(MAX_PAGES);

      const body = pages.map((text) => withoutMarginBoxes(text, runningHead));
      body.forEach((text, index) => expect(text.trim(), `page ${index + 1} has text (no blank page)`).not.toBe(''));
      pages.forEach((text, index) =>
        expect(text, `page ${index + 1} has its folio`).toContain(`Page ${index + 1} of ${info.pages}`),
      );

      const first = normalized(pages[0] ?? '');
      expect(first, 'page 1 has the headline').toContain(normalized(SANKEI.headline));
      expect(first, 'page 1 has the dateline').toContain(normalized('May 12, 2016'));
      expect(first, 'page 1 has the first paragraph').toContain(normalized(SANKEI.paragraphs[0] ?? ''));

      const all = body.join('\n');
      const flat = all.replace(/\s+/g, ' ');
      expect(flat, 'the print header cites the source').toContain(citation);
      expect(all.replace(/\s+/g, ''), 'the paper names the article’s address').toContain(address);
      const everything = normalized(all);
      for (const [index, paragraph] of SANKEI.paragraphs.entries()) {
        expect(everything, `paragraph ${index + 1} is printed`).toContain(normalized(paragraph));
      }
      for (const chrome of ['Related topics', 'More on these topics', 'Skip to content', 'Latest', 'All topics']) {
        expect(flat, `"${chrome}" is screen chrome`).not.toContain(chrome);
      }
      expect(flat, 'the word "Print" (the control, or the source page’s chrome) is not on paper').not.toMatch(
        /\bPrint\b/,
      );

      const lightness = pageLightness(file, testInfo.outputPath(`lightness-${colorScheme}`));
      lightness.forEach((value, index) =>
        expect(value, `page ${index + 1} is white paper with dark text`).toBeGreaterThan(0.85),
      );
    });
  }
}
