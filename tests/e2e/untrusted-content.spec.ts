import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

import { type BrowserContext, expect, test } from '@playwright/test';

import { builtPages } from '../support/built-pages.ts';
import { afterLoadAndTwoFrames, violationsAfterLoad } from '../support/csp.ts';
import { fixtureSite } from '../support/fixture-sites.ts';

/**
 * The hostile fixture site (tests/fixtures/untrusted-site), built once by the
 * global setup with the real `npm run build`, opened in a real browser. Every payload calls alert() or
 * navigates; none may. First under the pages' CSP, where nothing may even be
 * refused (a refusal means the sanitizer let something through and only the
 * CSP stopped it), then with the CSP switched off, so the sanitizer alone has
 * to hold.
 */

/** The SITE_URL the fixture site is built with (tests/support/fixture-sites.ts). */
const ORIGIN = 'http://untrusted.test';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.svg': 'image/svg+xml',
  '.css': 'text/css',
  '.js': 'text/javascript',
};

let out = '';
let pages: string[] = [];

test.beforeAll(() => {
  out = fixtureSite('untrusted').dir;
  // builtPages() prefixes the BASE_PATH of the main site's tests; this build is at the root.
  const base = (process.env['BASE_PATH'] ?? '/').replace(/\/?$/, '/');
  pages = builtPages(out).map((path) => `/${path.slice(base.length)}`);
});

/** Serves the fixture build at ORIGIN, straight from its files; any other address is refused and recorded. */
async function serve(context: BrowserContext, elsewhere: string[]) {
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      elsewhere.push(url.href);
      return route.abort();
    }
    let file = join(out, decodeURIComponent(url.pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return route.fulfill({ status: 404, path: join(out, '404.html'), contentType: 'text/html' });
    return route.fulfill({ body: readFileSync(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream' });
  });
}

test('the fixture site has its hostile article pages', () => {
  // Count the article pages themselves (topic and listing pages link to them too).
  expect(pages.filter((path) => /^\/articles\/hostile-[^/]+\/$/.test(path))).toHaveLength(6);
});

for (const csp of ['on', 'off'] as const) {
  test(`no payload on any fixture page runs, navigates or is refused, with the CSP ${csp}`, async ({ browser }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext({ bypassCSP: csp === 'off' });
    const elsewhere: string[] = [];
    await serve(context, elsewhere);
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(`${event.effectiveDirective} refused ${event.blockedURI || 'inline'}: ${event.sample}`),
      );
    });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    for (const path of pages) {
      await page.goto(`${ORIGIN}${path}`);
      // Give autofocus, onload and onerror handlers their chance to fire.
      await afterLoadAndTwoFrames(page);
      await page.keyboard.press('Tab');
      await afterLoadAndTwoFrames(page);
      expect(new URL(page.url()).pathname, `${path} navigated by itself`).toBe(new URL(`${ORIGIN}${path}`).pathname);
      expect(dialogs, `a payload on ${path} ran`).toEqual([]);
      expect(pageErrors, `script errors on ${path}`).toEqual([]);
      const read = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
      // With the CSP off nothing is refused, barrier included: the list is read as it stands.
      const refused = csp === 'on' ? await violationsAfterLoad(page, read) : await read();
      expect(refused, `the CSP had to stop something on ${path}`).toEqual([]);
    }
    // The only outside address any page asks for is the one https picture the benign article embeds.
    expect([...new Set(elsewhere)]).toEqual(['https://example.org/picture.jpg']);
    await context.close();
  });
}
