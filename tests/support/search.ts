import { expect, type Page } from '@playwright/test';

import { SANKEI } from './sankei.ts';

/**
 * Types a query into the search page at `origin` + `base` + `search/` (no
 * origin: Playwright's baseURL) and checks that the
 * Sankei article is among the results, linked at its address under `base`.
 * Shared by the root build (preview server) and the sub-path build (nginx).
 */
export async function expectSearchFindsSankei(page: Page, base: string, term: string, origin = ''): Promise<void> {
  const response = await page.goto(`${origin}${base}search/`);
  expect(response?.status(), `${base}search/ should be served`).toBe(200);
  const box = page.getByRole('search').getByRole('textbox');
  await expect(box, 'the search box appears once the script has loaded').toBeVisible();
  await box.fill(term);
  const hit = page.locator('.pagefind-ui__result-link', { hasText: SANKEI.headline });
  await expect(hit, `searching "${term}" lists the Sankei article`).toBeVisible({ timeout: 10_000 });
  await expect(hit, 'the result links to the article under the base path').toHaveAttribute(
    'href',
    `${base}articles/${SANKEI.slug}/`,
  );
}
