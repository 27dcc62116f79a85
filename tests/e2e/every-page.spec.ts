import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

import { builtPages } from '../support/built-pages.ts';

const pages = builtPages();
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

test('the build has the pages the tests expect', () => {
  expect(pages.length, 'home, article, topics, topic pages and 404 at least').toBeGreaterThanOrEqual(5);
});

for (const path of pages) {
  test.describe(`page ${path}`, () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      test(`has no WCAG 2.2 A/AA violation and no console error in the ${colorScheme} scheme`, async ({ page }) => {
        const errors: string[] = [];
        page.on('console', (message) => {
          // The 404 page is fetched for real and the browser logs its status as an error; that is the point of it.
          if (message.type() === 'error' && !(path.endsWith('404.html') && /404/.test(message.text()))) {
            errors.push(message.text());
          }
        });
        page.on('pageerror', (error) => errors.push(error.message));
        await page.emulateMedia({ colorScheme });
        await page.goto(path);
        const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
        const summary = results.violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
        expect(summary, `axe violations on ${path} (${colorScheme})`).toEqual([]);
        expect(errors, `console errors on ${path}`).toEqual([]);
      });
    }

    test('has no horizontal scroll at 320 px wide', async ({ page }) => {
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} is ${overflow}px wider than a 320px screen`).toBeLessThanOrEqual(0);
    });

    test('has a language, a title, a description and the landmarks', async ({ page }) => {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', /^[a-z]{2}/);
      await expect(page).toHaveTitle(/\S/);
      await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /\S.{15,}/);
      await expect(page.getByRole('banner')).toHaveCount(1);
      await expect(page.getByRole('main')).toHaveCount(1);
      await expect(page.getByRole('contentinfo')).toHaveCount(1);
      await expect(page.getByRole('navigation', { name: 'Site' })).toBeVisible();
    });
  });
}
