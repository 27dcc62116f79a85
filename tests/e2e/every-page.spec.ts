import { expect, test } from '@playwright/test';

import { builtPages } from '../support/built-pages.ts';
import { expectNoAxeViolationsInBothSchemes, expectNoHorizontalScrollAt320 } from '../support/page-checks.ts';

const pages = builtPages();

test('the build has the pages the tests expect', () => {
  expect(pages.length, 'home, article, topics, topic pages and 404 at least').toBeGreaterThanOrEqual(5);
});

/**
 * One test per page, one page load: the checks below are steps of it, each a
 * soft assertion, so a failure in one still reports the others. Loading each
 * page once instead of four times took this file from 156 s to 72 s on the
 * 2-core CI machine (2026-12-06, global setup included).
 */
for (const path of pages) {
  test(`page ${path} meets WCAG 2.2 A/AA in both schemes, fits 320 px, and has its language, title, description and landmarks`, async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      // The 404 page is fetched for real and the browser logs its status as an error; that is the point of it.
      if (message.type() === 'error' && !(path.endsWith('404.html') && /404/.test(message.text()))) {
        errors.push(message.text());
      }
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(path);

    await test.step('language, title, description and landmarks', async () => {
      await expect.soft(page.locator('html')).toHaveAttribute('lang', /^[a-z]{2}/);
      await expect.soft(page).toHaveTitle(/\S/);
      await expect.soft(page.locator('meta[name="description"]')).toHaveAttribute('content', /\S.{15,}/);
      await expect.soft(page.getByRole('banner')).toHaveCount(1);
      await expect.soft(page.getByRole('main')).toHaveCount(1);
      await expect.soft(page.getByRole('contentinfo')).toHaveCount(1);
      await expect.soft(page.getByRole('navigation', { name: 'Site' })).toBeVisible();
    });

    await expectNoAxeViolationsInBothSchemes(page, path);
    await expectNoHorizontalScrollAt320(page, path);

    expect(errors, `console errors on ${path}`).toEqual([]);
  });
}
