/**
 * Checks every page-level browser test makes the same way: axe with the
 * WCAG 2.2 A/AA rules, and no horizontal scroll on a 320 px screen. Each is a
 * `test.step` with soft assertions, so a page loaded once can be checked for
 * all of them and a failure in one still reports the others.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * axe's violations on the loaded page, one line each: rule, impact, help and where.
 *
 * In axe's legacy mode, which runs it in the page itself. The default mode
 * opens a second page for every check to gather results from cross-origin
 * frames; the site's pages have no frames (the sanitizer drops them), and that
 * second page was most of each check's time: 0.9 to 1.7 s a check against 0.5
 * to 1.2 s (2026-12-07, the Sankei article, a topic and the home page, twice
 * each), about a minute of the CI run's browser tests.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** axe on the loaded page in the light scheme, then in the dark one (the page is not reloaded). */
export async function expectNoAxeViolationsInBothSchemes(page: Page, path: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await test.step(`no WCAG 2.2 A/AA violation in the ${colorScheme} scheme`, async () => {
      await page.emulateMedia({ colorScheme });
      expect.soft(await axeViolations(page), `axe violations on ${path} (${colorScheme})`).toEqual([]);
    });
  }
}

/** Narrows the viewport of the loaded page to 320 px and expects nothing wider. */
export async function expectNoHorizontalScrollAt320(page: Page, path: string): Promise<void> {
  await test.step('no horizontal scroll at 320 px wide', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect.soft(overflow, `${path} is ${overflow}px wider than a 320px screen`).toBeLessThanOrEqual(0);
  });
}
