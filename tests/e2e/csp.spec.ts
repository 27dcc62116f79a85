import { expect, type Page, test } from '@playwright/test';

import { builtPages } from '../support/built-pages.ts';
import { isBarrier, violationsAfterLoad } from '../support/csp.ts';
import { headersFile } from '../support/headers-file.ts';

/**
 * Every built page under its Content-Security-Policy: the <meta> policy Astro
 * writes, and, as a host reading public/_headers would send them, the header
 * policy and companion headers. A browser enforces both policies together, so
 * any resource one of them refuses shows up as a `securitypolicyviolation`.
 */

const pages = builtPages();
const base = (process.env['BASE_PATH'] ?? '/').replace(/\/?$/, '/');

/** Collects violations from the first moment of the page, before any of its own code runs. */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} refused ${event.blockedURI || 'inline'} (${event.sample})`);
    });
  });
}

const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

/** Serves each response with the headers public/_headers gives its path (the site under BASE_PATH). */
async function withHeadersFile(page: Page) {
  const headersFor = await headersFile();
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const path = `/${new URL(route.request().url()).pathname.slice(base.length)}`;
    const headers = { ...response.headers(), ...headersFor(path) };
    // Served over plain http here: upgrading would send the page's own requests to an https port that isn't there.
    if (headers['Content-Security-Policy']) {
      headers['Content-Security-Policy'] = headers['Content-Security-Policy'].replace(
        /;\s*upgrade-insecure-requests/,
        '',
      );
    }
    await route.fulfill({ response, headers });
  });
}

test('the build has pages to check', () => {
  expect(pages.length).toBeGreaterThanOrEqual(5);
});

for (const path of pages) {
  test(`${path} runs under its CSP and the _headers policy with no violation and no console error`, async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      // The 404 page is fetched for real and the browser logs its status; that is the point of it.
      // So is the barrier's refused image (see violationsAfterLoad).
      const expected = (path.endsWith('404.html') && /404/.test(message.text())) || isBarrier(message.text());
      if (message.type() === 'error' && !expected) {
        errors.push(message.text());
      }
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await watchViolations(page);
    await withHeadersFile(page);

    const response = await page.goto(path);
    expect(response?.headers()['x-frame-options'], 'served with the _headers headers').toBe('DENY');
    const policies = await page
      .locator('meta[http-equiv="content-security-policy"]')
      .evaluateAll((metas) => metas.map((meta) => meta.getAttribute('content') ?? ''));
    expect(policies, 'one <meta> CSP').toHaveLength(1);
    const scriptSrc = /script-src([^;]*)/.exec(policies[0]!)?.[1] ?? '';
    expect(scriptSrc, 'a script-src').not.toBe('');
    expect(scriptSrc).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    // The hashes of this page's own inline scripts, not those of the whole site (src/middleware.ts).
    const listed = scriptSrc.match(/'sha256-[^']+'/g) ?? [];
    const own = await page.evaluate(() =>
      Promise.all(
        [...document.querySelectorAll('script:not([src]):not([type="application/ld+json"])')].map(async (script) => {
          const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(script.textContent ?? ''));
          return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
        }),
      ),
    );
    expect(listed.toSorted(), 'script-src lists the hash of each inline script of the page, and no other').toEqual(
      [...new Set(own)].toSorted(),
    );

    expect(await violationsAfterLoad(page, () => violations(page)), `CSP violations on ${path}`).toEqual([]);
    // The browser asks for the favicon after the load event; let that request finish through the route.
    await page.unrouteAll({ behavior: 'wait' });
    expect(errors, `console errors on ${path}`).toEqual([]);
  });
}

test('the policy is enforced: a script injected into a built page is refused and reported', async ({ page }) => {
  await watchViolations(page);
  await page.goto(base);
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injectedRan = true';
    document.body.append(script);
    return (window as unknown as { injectedRan?: boolean }).injectedRan === true;
  });
  expect(ran, 'the injected inline script must not run').toBe(false);
  await expect.poll(() => violations(page)).toEqual([expect.stringMatching(/^script-src-elem refused inline/)]);
});

test('an article page runs no inline script: its script-src allows the site’s own files alone', async ({ page }) => {
  // The Print and Copy buttons come from one cached /_astro/ file (src/layouts/ArticleLayout.astro), so the page
  // most readers open has the strictest script policy and no script bytes to download again.
  const article = pages.find((path) => /\/articles\/[^/]+\/$/.test(path));
  expect(article, 'the build has an article page').toBeDefined();
  await page.goto(article!);
  const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
  expect(/script-src([^;]*)/.exec(policy ?? '')?.[1]?.trim(), `script-src of ${article}`).toBe("'self'");
  const inline = page.locator('script:not([src]):not([type="application/ld+json"])');
  await expect(inline, 'inline scripts on the article page').toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Print', exact: true }), 'the cached script ran').toBeVisible();
});
