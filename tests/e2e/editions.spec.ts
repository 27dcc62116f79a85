import { expect, type Page, test } from '@playwright/test';

import { fixtureSite } from '../support/fixture-sites.ts';
import { expectNoAxeViolationsInBothSchemes, expectNoHorizontalScrollAt320 } from '../support/page-checks.ts';
import { BASE } from '../support/print.ts';

/*
 * The archive by date on a fixture site (tests/fixtures/editions): seven
 * articles on four days over three months and two years, three sections
 * and articles without one, three sources. Built once per run by the global
 * setup and served on a free port (tests/support/fixture-sites.ts).
 */

/** Every edition: day, heading, [section, headlines] in page order, previous and next. */
const EDITIONS = [
  {
    path: 'editions/2020/12/30/',
    heading: 'Wednesday, December 30, 2020',
    datetime: '2020-12-30',
    sections: [
      ['Economy', ['Markets close the year higher despite the pandemic']],
      ['Politics', ['Budget talks stall over defence spending']],
      ['Other articles', ['Lantern festival cancelled for the first time in 70 years']],
    ],
    prev: undefined,
    next: ['Monday, January 4, 2021', 'editions/2021/01/04/'],
    month: ['All of December 2020', 'editions/2020/12/'],
  },
  {
    path: 'editions/2021/01/04/',
    heading: 'Monday, January 4, 2021',
    datetime: '2021-01-04',
    sections: [
      ['Health', ['Vaccine rollout begins at city hospitals']],
      ['Politics', ['Coalition agrees defence budget after New Year talks']],
    ],
    prev: ['Wednesday, December 30, 2020', 'editions/2020/12/30/'],
    next: ['Friday, January 29, 2021', 'editions/2021/01/29/'],
    month: ['All of January 2021', 'editions/2021/01/'],
  },
  {
    path: 'editions/2021/01/29/',
    heading: 'Friday, January 29, 2021',
    datetime: '2021-01-29',
    sections: [['Economy', ['Port workers strike over night shifts']]],
    prev: ['Monday, January 4, 2021', 'editions/2021/01/04/'],
    next: ['Monday, February 1, 2021', 'editions/2021/02/01/'],
    month: ['All of January 2021', 'editions/2021/01/'],
  },
  {
    path: 'editions/2021/02/01/',
    heading: 'Monday, February 1, 2021',
    datetime: '2021-02-01',
    // No article that day has a section: one list, no section heading.
    sections: [[undefined, ['Heavy snow closes schools in the north']]],
    prev: ['Friday, January 29, 2021', 'editions/2021/01/29/'],
    next: undefined,
    month: ['All of February 2021', 'editions/2021/02/'],
  },
] as const;

/** Every month: path, caption, the calendar's day links (accessible name, href), previous and next. */
const MONTHS = [
  {
    path: 'editions/2020/12/',
    caption: 'December 2020',
    days: [['December 30, 2020: 3 articles', 'editions/2020/12/30/']],
    prev: undefined,
    next: 'editions/2021/01/',
    firstColumn: 2, // December 1, 2020 was a Tuesday.
  },
  {
    path: 'editions/2021/01/',
    caption: 'January 2021',
    days: [
      ['January 4, 2021: 2 articles', 'editions/2021/01/04/'],
      ['January 29, 2021: 1 article', 'editions/2021/01/29/'],
    ],
    prev: 'editions/2020/12/',
    next: 'editions/2021/02/',
    firstColumn: 5, // A Friday.
  },
  {
    path: 'editions/2021/02/',
    caption: 'February 2021',
    days: [['February 1, 2021: 1 article', 'editions/2021/02/01/']],
    prev: 'editions/2021/01/',
    next: undefined,
    firstColumn: 1, // A Monday.
  },
] as const;

const YEARS = [
  { path: 'editions/2020/', count: '3 articles', months: [['December 2020', '3 articles in 1 edition']] },
  {
    path: 'editions/2021/',
    count: '4 articles',
    months: [
      ['January 2021', '3 articles in 2 editions'],
      ['February 2021', '1 article in 1 edition'],
    ],
  },
] as const;

const PRINTED = EDITIONS.map((e) => `${e.path}print/`);
const ALL_ARCHIVE_PAGES = [
  'editions/',
  ...YEARS.map((y) => y.path),
  ...MONTHS.map((m) => m.path),
  ...EDITIONS.map((e) => e.path),
  ...PRINTED,
];

test.describe('daily editions on a fixture site', () => {
  test.describe.configure({ timeout: 120_000 });
  // Built once per run by the global setup (tests/support/fixture-sites.ts) and served on a free port.
  const url = (path: string) => `${new URL(fixtureSite('editions').url!).origin}${BASE}${path}`;
  const open = async (page: Page, path: string) => {
    const response = await page.goto(url(path));
    expect(response?.status(), `${path} is built`).toBe(200);
  };

  for (const edition of EDITIONS) {
    test(`the edition ${edition.path} lists the day by section and links to its neighbours`, async ({ page }) => {
      await open(page, edition.path);
      const heading = page.getByRole('heading', { level: 1 });
      await expect(heading).toHaveText(edition.heading);
      await expect(heading.locator('time')).toHaveAttribute('datetime', edition.datetime);

      const sectioned = edition.sections.some(([name]) => name !== undefined);
      const shown = await page.locator('main').evaluate((main, sectioned) => {
        const headline = (el: Element) => [...el.querySelectorAll('.card .title')].map((h) => h.textContent?.trim());
        return sectioned
          ? [...main.querySelectorAll('section')].map((s) => [s.querySelector('h2')?.textContent?.trim(), headline(s)])
          : [[undefined, headline(main)]];
      }, sectioned);
      expect(shown, 'sections and headlines in order').toEqual(edition.sections.map(([n, h]) => [n, [...h]]));

      // Each card names its source and topics, and links to the article.
      const firstCard = page.locator('.card').first();
      await expect(firstCard.locator('.meta')).toContainText(/ · \S/);
      await expect(firstCard.locator('.topics')).toContainText(/^Topics: \S/);

      const nav = page.getByRole('navigation', { name: 'Editions' });
      for (const [rel, link] of [
        ['prev', edition.prev],
        ['next', edition.next],
      ] as const) {
        const anchor = nav.locator(`a[rel="${rel}"]`);
        if (link) {
          await expect(anchor, `${rel} edition`).toHaveAccessibleName(link[0]);
          await expect(anchor).toHaveAttribute('href', `${BASE}${link[1]}`);
        } else {
          await expect(anchor, `no ${rel} edition`).toHaveCount(0);
        }
      }
      await expect(nav.getByRole('link', { name: edition.month[0] })).toHaveAttribute(
        'href',
        `${BASE}${edition.month[1]}`,
      );
      await expect(page.getByRole('link', { name: 'Print this edition' })).toHaveAttribute(
        'href',
        `${BASE}${edition.path}print/`,
      );

      const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
      expect(jsonLd['@type'], 'JSON-LD type').toBe('CollectionPage');
      expect(jsonLd.mainEntity.numberOfItems, 'JSON-LD lists every article').toBe(
        edition.sections.flatMap(([, h]) => h).length,
      );
      await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
        'href',
        new RegExp(`${BASE}${edition.path}$`),
      );
    });
  }

  for (const month of MONTHS) {
    test(`the month ${month.path} is a calendar whose days link to their editions`, async ({ page }) => {
      await open(page, month.path);
      const table = page.getByRole('table', { name: month.caption });
      await expect(table).toBeVisible();
      await expect(table.getByRole('columnheader')).toHaveText(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']);
      const firstRow = table.locator('tbody tr').first().locator('td');
      await expect(firstRow.nth(month.firstColumn).locator('.day'), 'the 1st is under its weekday').toHaveText('1');
      const links = table.getByRole('link');
      await expect(links, 'one link per day with articles').toHaveCount(month.days.length);
      for (const [index, [name, href]] of month.days.entries()) {
        await expect(links.nth(index)).toHaveAccessibleName(name);
        await expect(links.nth(index)).toHaveAttribute('href', `${BASE}${href}`);
      }
      const nav = page.getByRole('navigation', { name: 'Months' });
      for (const [rel, href] of [
        ['prev', month.prev],
        ['next', month.next],
      ] as const) {
        if (href)
          await expect(nav.locator(`a[rel="${rel}"]`), `${rel} month`).toHaveAttribute('href', `${BASE}${href}`);
        else await expect(nav.locator(`a[rel="${rel}"]`), `no ${rel} month`).toHaveCount(0);
      }
    });
  }

  test('the calendar can be walked with the keyboard, day by day, and Enter opens an edition', async ({ page }) => {
    await open(page, 'editions/2021/01/');
    const names: string[] = [];
    // Tab from the top of the page until focus leaves the calendar, noting each day it lands on.
    for (let presses = 0; presses < 40; presses += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        return el?.closest('table.calendar')
          ? (el.getAttribute('aria-label') ?? '')
          : el?.closest('main')
            ? 'main'
            : '';
      });
      if (focused && focused !== 'main') names.push(focused);
      else if (names.length > 0) break;
    }
    expect(names, 'Tab visits each day with articles, in date order').toEqual([
      'January 4, 2021: 2 articles',
      'January 29, 2021: 1 article',
    ]);
    await page.keyboard.press('Shift+Tab');
    await expect(page.locator(':focus')).toHaveAccessibleName('January 29, 2021: 1 article');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(url('editions/2021/01/29/'));
  });

  for (const year of YEARS) {
    test(`the year ${year.path} lists twelve months with their counts`, async ({ page }) => {
      await open(page, year.path);
      await expect(page.locator('main .count')).toHaveText(year.count);
      await expect(page.locator('.months li'), 'twelve months').toHaveCount(12);
      for (const [name, count] of year.months) {
        const item = page.locator('.months li', { has: page.getByRole('link', { name }) });
        await expect(item, `${name} links to its month and says ${count}`).toContainText(count);
      }
      await expect(page.locator('.months li', { hasText: 'no articles' })).toHaveCount(12 - year.months.length);
    });
  }

  test('the editions index lists every year, newest first, and the latest edition', async ({ page }) => {
    await open(page, 'editions/');
    await expect(page.locator('.years li')).toHaveText(['2021: 4 articles', '2020: 3 articles']);
    await expect(page.getByRole('link', { name: 'Monday, February 1, 2021' })).toHaveAttribute(
      'href',
      `${BASE}editions/2021/02/01/`,
    );
  });

  test('the site navigation, the home page and each article lead to the editions', async ({ page }) => {
    await open(page, '');
    await expect(
      page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Editions' }),
    ).toHaveAttribute('href', `${BASE}editions/`);
    await expect(page.locator('.latest-edition')).toContainText('Latest edition: Monday, February 1, 2021, 1 article');
    await page.locator('.latest-edition a').click();
    await expect(page).toHaveURL(url('editions/2021/02/01/'));

    await open(page, 'articles/port-strike/');
    const back = page.getByRole('link', { name: 'In the edition of January 29, 2021' });
    await expect(back).toHaveAttribute('href', `${BASE}editions/2021/01/29/`);
    await back.click();
    await expect(
      page.getByRole('link', { name: 'Port workers strike over night shifts' }),
      'the edition links back',
    ).toHaveAttribute('href', `${BASE}articles/port-strike/`);
  });

  test('a topic page charts its coverage per month, with the numbers as text', async ({ page }) => {
    await open(page, 'topics/covid-19/');
    const chart = page.getByRole('img', { name: 'Articles on COVID-19 per month' });
    await expect(chart).toBeVisible();
    await expect(chart).toHaveAccessibleDescription(
      '3 articles from December 2020 to January 2021; the most in December 2020 (2).',
    );
    await expect(chart.locator('rect'), 'one bar per month with articles').toHaveCount(2);
    await expect(
      page
        .getByRole('figure', { name: /^Coverage per month/ })
        .getByRole('list')
        .getByRole('listitem'),
    ).toHaveText(['December 2020: 2', 'January 2021: 1']);
    expect(await page.locator('script').count(), 'the chart needs no script').toBe(0);
  });

  // The fixture is built with one article per search shard (SEARCH_SHARD_ARTICLES=1, tests/support/fixture-sites.ts):
  // its three months are three shards, and both articles that mention "defence" are in the two older ones.
  test('search finds articles in every shard of the index, older months included', async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    await page.goto(url('search/'));
    const box = page.getByRole('search').getByRole('textbox');
    await expect(box, 'the search box appears once the script has loaded').toBeVisible();
    await box.fill('defence');
    const results = page.locator('.pagefind-ui__result-link');
    await expect(results, 'one result per article that mentions the word, from both older shards').toHaveText(
      ['Budget talks stall over defence spending', 'Coalition agrees defence budget after New Year talks'].map(
        (headline) => new RegExp(headline),
      ),
      { timeout: 10_000, useInnerText: true },
    );
    await results.filter({ hasText: 'Budget talks stall' }).click();
    await expect(page, 'a result from an older shard opens its article').toHaveURL(url('articles/budget-talks-stall/'));
    expect(problems, 'no console error or warning while merging the shards').toEqual([]);
  });

  test('the sitemap lists edition, month and year pages but not the printed editions', async ({ request }) => {
    const body = await (await request.get(url('sitemap-0.xml'))).text();
    for (const path of [
      'editions/',
      ...YEARS.map((y) => y.path),
      ...MONTHS.map((m) => m.path),
      ...EDITIONS.map((e) => e.path),
    ]) {
      expect(body, `${path} in the sitemap`).toContain(`${BASE}${path}</loc>`);
    }
    expect(body, 'no printed edition in the sitemap').not.toContain('/print/</loc>');
  });

  // One load per page, each check a soft assertion (tests/support/page-checks.ts):
  // a failure in one still reports the others.
  for (const path of ALL_ARCHIVE_PAGES) {
    test(`${path} meets WCAG 2.2 A/AA in both schemes and fits 320 px`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: 'light' });
      await open(page, path);
      await expectNoAxeViolationsInBothSchemes(page, path);
      await expectNoHorizontalScrollAt320(page, path);
    });
  }
});
