import { expect, test } from '@playwright/test';

import { builtPages } from '../support/built-pages.ts';
import { canCompileWasm, recordCspViolations } from '../support/csp.ts';
import { SANKEI } from '../support/sankei.ts';
import { expectSearchFindsSankei } from '../support/search.ts';

const base = (process.env['BASE_PATH'] ?? '/').replace(/\/?$/, '/');

test.describe('search', () => {
  test('finds the article by a word from its body, then opens it', async ({ page }) => {
    const violations = await recordCspViolations(page);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    await expectSearchFindsSankei(page, base, 'Kantei');
    await expect(page.locator('.pagefind-ui__result-excerpt mark'), 'the excerpt highlights the word').toHaveText(
      'Kantei',
    );
    await page.getByRole('search').getByRole('textbox').press('Enter');
    await page.locator('.pagefind-ui__result-link').first().click();
    await expect(page.locator('h1'), 'the result opens the article').toHaveText(SANKEI.headline);
    expect(await violations(), 'no CSP violation while searching').toEqual([]);
    expect(problems, 'no console error or warning (e.g. Pagefind falling back from its worker)').toEqual([]);
  });

  for (const topic of ['Ukraine', 'Ambassador']) {
    test(`finds the article by its topic "${topic}"`, async ({ page }) => {
      await expectSearchFindsSankei(page, base, topic);
    });
  }

  test('a link to /search/?q=… opens with the results', async ({ page }) => {
    await page.goto(`${base}search/?q=Kantei`);
    await expect(page.getByRole('search').getByRole('textbox')).toHaveValue('Kantei');
    await expect(page.locator('.pagefind-ui__result-link', { hasText: SANKEI.headline })).toBeVisible();
  });

  test('says so and offers the topic list when JavaScript is off', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}search/`);
    await expect(page.locator('main'), 'the page explains why there is no search box').toContainText('Search needs it');
    await expect(page.getByRole('search'), 'no dead search box without JavaScript').toHaveCount(0);
    await page.getByRole('link', { name: 'by topic' }).click();
    await expect(page.locator('h1'), 'the fallback link opens the topic list').toHaveText('Topics');
    await context.close();
  });

  test('Pagefind loads on the search page only, and only that page may run WebAssembly', async ({ page }) => {
    const searchPage = `${base}search/`;
    const scriptsOf = async (path: string) => {
      const urls: string[] = [];
      const onRequest = (request: { resourceType(): string; url(): string }) => {
        if (request.resourceType() === 'script' || new URL(request.url()).pathname.startsWith(`${base}pagefind/`)) {
          urls.push(new URL(request.url()).pathname);
        }
      };
      page.on('request', onRequest);
      // `load` has every script the page itself asks for; on the search page a query makes
      // Pagefind fetch its index, so its results showing mean those requests are done.
      await page.goto(path, { waitUntil: 'load' });
      if (path === searchPage) {
        await page.getByRole('search').getByRole('textbox').fill('Kantei');
        await expect(
          page.locator('.pagefind-ui__result-link').first(),
          'a search for Kantei finds results',
        ).toBeVisible();
      }
      page.off('request', onRequest);
      return urls;
    };
    const searchScripts = await scriptsOf(searchPage);
    expect(searchScripts, 'the search page loads Pagefind').toContain(`${base}pagefind/pagefind.js`);
    expect(await canCompileWasm(page), 'the search page allows WebAssembly').toBe(true);
    for (const path of builtPages().filter((p) => p !== searchPage)) {
      const loaded = await scriptsOf(path);
      expect(
        loaded.filter((url) => searchScripts.includes(url)),
        `${path} loads none of the search page's scripts`,
      ).toEqual([]);
      expect(await canCompileWasm(page), `${path} forbids WebAssembly`).toBe(false);
    }
  });
});
