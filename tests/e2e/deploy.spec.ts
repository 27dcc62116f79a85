import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect, test } from '@playwright/test';

import { recordCspViolations } from '../support/csp.ts';
import {
  type Build,
  buildSite,
  crawl,
  type CrawlResult,
  type Nginx,
  NGINX,
  pagesOf,
  release,
  startNginx,
  validateHtml,
} from '../support/deploy.ts';
import { type ReservedPort, reservePort } from '../../scripts/lib/preview.ts';
import { SANKEI } from '../support/sankei.ts';
import { expectSearchFindsSankei } from '../support/search.ts';

/**
 * The site as a site owner deploys it: built twice (domain root and
 * BASE_PATH=/news/) into temporary directories, the root build served by a
 * plain static server, the sub-path build by nginx with the committed config
 * after a release through deploy/release.sh. Builds are slow on two cores, so
 * the file runs in order, in one worker.
 */
test.describe.configure({ mode: 'serial', timeout: 120_000 });

/**
 * linkinator reports each distinct URL once. The site has 11 pages, two feeds,
 * a favicon and the search script (15 URLs): a crawl that checked 10 or fewer
 * stopped early or checked nothing.
 */
const MIN_LINKS_CHECKED = 10;

/** Zero broken links, a real crawl, and every built page reached by following links from home. */
function expectCleanCrawl(result: CrawlResult, build: Build, what: string) {
  expect(result.broken, `broken links or #fragments in ${what}`).toEqual([]);
  expect(result.checked, `the crawl of ${what} checked the whole site`).toBeGreaterThan(MIN_LINKS_CHECKED);
  const unreached = pagesOf(build)
    .map((path) => new URL(path, build.site).href)
    .filter((url) => !result.reached.has(url));
  expect(unreached, `pages of ${what} the crawl never reached`).toEqual([]);
}

const SECURITY_HEADERS = {
  // The same policy as public/_headers: script and style sources are left to each page's hashed <meta> policy.
  'content-security-policy':
    /^(?!.*unsafe-inline)(?!.*script-src).*object-src 'none'.*base-uri 'none'.*frame-ancestors 'none'/,
  'strict-transport-security': /max-age=\d{7,}/,
  'x-content-type-options': /^nosniff$/,
  'x-frame-options': /^DENY$/,
  'referrer-policy': /^strict-origin-when-cross-origin$/,
  'permissions-policy': /camera=\(\)/,
  'cross-origin-opener-policy': /^same-origin$/,
  'cross-origin-resource-policy': /^same-origin$/,
};

function expectSecurityHeaders(headers: Headers, what: string) {
  for (const [name, pattern] of Object.entries(SECURITY_HEADERS)) {
    expect(headers.get(name) ?? '(missing)', `${name} on ${what}`).toMatch(pattern);
  }
}

/** Pages that tell search engines to stay away (the 404, print views) belong in no sitemap. */
function isNoindex(build: Build, path: string): boolean {
  const file = join(build.dir, path.slice(build.base.length).replace(/(^|\/)$/, '$1index.html'));
  return /<meta name="robots" content="noindex/.test(readFileSync(file, 'utf8'));
}

/** Sitemap, robots.txt and both feeds, each URL absolute and under SITE_URL + BASE_PATH. */
async function expectDiscoveryFiles(build: Build, fetchText: (path: string) => Promise<string>) {
  const robots = await fetchText('robots.txt');
  expect(robots, 'robots.txt points at the sitemap index by absolute URL').toContain(
    `Sitemap: ${build.home}sitemap-index.xml`,
  );
  const index = await fetchText('sitemap-index.xml');
  expect(index, 'the sitemap index lists the sitemap by absolute URL').toContain(
    `<loc>${build.home}sitemap-0.xml</loc>`,
  );
  const sitemap = await fetchText('sitemap-0.xml');
  const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
  const expected = pagesOf(build)
    .filter((path) => !isNoindex(build, path))
    .map((path) => new URL(path, build.site).href);
  expect(locs.sort(), 'the sitemap lists every page not marked noindex, at its absolute URL').toEqual(expected.sort());
  const rss = await fetchText('rss.xml');
  expect(rss, 'RSS links the article absolutely').toContain(`<link>${build.home}articles/${SANKEI.slug}/</link>`);
  expect(rss, 'RSS names its own address').toContain(`<atom:link href="${build.home}rss.xml" rel="self"`);
  const atom = await fetchText('atom.xml');
  expect(atom, 'Atom links the article absolutely').toContain(`href="${build.home}articles/${SANKEI.slug}/"`);
}

test.describe('the domain-root build, served statically', () => {
  let build: Build;
  // The address goes into the pages (SITE_URL), so the port is picked, and held, before the build.
  let port: ReservedPort;
  let origin = '';

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    port = await reservePort();
    origin = `http://127.0.0.1:${port.port}`;
    build = buildSite(origin, '/');
  });
  test.afterAll(async () => {
    await port?.release();
    rmSync(build.dir, { recursive: true, force: true });
  });

  test('every link, asset and #fragment resolves', async () => {
    await port.release();
    const result = await crawl({ origin, paths: ['', '404.html'], serverRoot: build.dir, port: port.port });
    expectCleanCrawl(result, build, 'the root build');
  });

  test('every page passes html-validate (recommended)', async () => {
    expect(await validateHtml(build), 'html-validate errors in the root build').toEqual([]);
  });

  test('sitemap, robots.txt and feeds use absolute URLs at the root', async () => {
    await expectDiscoveryFiles(build, async (path) => readFileSync(join(build.dir, path), 'utf8'));
  });
});

test.describe('the /news/ build behind nginx, released with deploy/release.sh', () => {
  let build: Build;
  let deployRoot: string;
  let nginx: Nginx;
  const base = '/news/';
  let origin = '';
  const get = (path: string, init: RequestInit = {}) => fetch(`${origin}${path}`, { redirect: 'manual', ...init });

  // CI installs nginx (.ci/run) and must run these; elsewhere they wait for `apt-get install nginx`.
  test.skip(!NGINX && !process.env['CI'], 'nginx is not installed on this machine (apt-get install nginx)');

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    // nginx cannot report a port it picked: a free one is held through the build (SITE_URL has it) and freed for nginx.
    const port = await reservePort();
    origin = `http://127.0.0.1:${port.port}`;
    try {
      build = buildSite(origin, base);
      deployRoot = mkdtempSync(join(tmpdir(), 'deploy-e2e-www-'));
      release(build.dir, deployRoot);
    } finally {
      await port.release();
    }
    nginx = await startNginx(deployRoot, port.port);
  });
  test.afterAll(async () => {
    await nginx?.stop();
    rmSync(build.dir, { recursive: true, force: true });
    rmSync(deployRoot, { recursive: true, force: true });
  });

  test('serves every page with 200, the security headers and short caching', async () => {
    for (const path of pagesOf(build).filter((page) => !page.endsWith('404.html'))) {
      const response = await get(path);
      expect(response.status, `${path} is served`).toBe(200);
      expectSecurityHeaders(response.headers, path);
      expect(response.headers.get('cache-control'), `${path} is cached briefly`).toMatch(/max-age=([1-9]\d{0,3})\b/);
      expect(response.headers.get('cache-control'), `${path} is not immutable`).not.toContain('immutable');
    }
  });

  test('answers unknown addresses with the custom 404 page and status 404', async () => {
    for (const path of [`${base}no-such-article/`, `${base}_astro/missing.js`, '/elsewhere/']) {
      const response = await get(path);
      expect(response.status, `${path} is a 404`).toBe(404);
      expect(await response.text(), `${path} shows the site's own 404 page`).toContain('Page not found');
      expectSecurityHeaders(response.headers, `the 404 for ${path}`);
      expect(response.headers.get('cache-control') ?? '', `a 404 at ${path} is never cached long`).not.toContain(
        'immutable',
      );
    }
  });

  test('redirects with 301 and the security headers', async () => {
    for (const [from, to] of [
      ['/', base],
      ['/news', base],
      [`${base}topics`, `${base}topics/`],
    ]) {
      const response = await get(from!);
      expect(response.status, `${from} redirects`).toBe(301);
      expect(response.headers.get('location'), `${from} redirects to ${to}`).toBe(to);
      expectSecurityHeaders(response.headers, `the redirect from ${from}`);
    }
  });

  test('compresses HTML, CSS, JavaScript and feeds with gzip', async () => {
    const script = readFileSync(join(build.dir, 'search/index.html'), 'utf8').match(/src="([^"]+\.js)"/)?.[1];
    expect(script, 'the search page has a bundled script').toBeDefined();
    for (const path of [
      base,
      `${base}articles/${SANKEI.slug}/`,
      script!,
      `${base}pagefind/pagefind-ui.css`,
      `${base}rss.xml`,
    ]) {
      const response = await get(path, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(response.status, `${path} is served`).toBe(200);
      expect(response.headers.get('content-encoding'), `${path} is gzipped`).toBe('gzip');
      expect(response.headers.get('vary') ?? '', `${path} varies by encoding for caches`).toMatch(/Accept-Encoding/i);
    }
  });

  test('caches hashed assets for a year, and only those', async () => {
    const script = readFileSync(join(build.dir, 'search/index.html'), 'utf8').match(/src="([^"]+\.js)"/)![1]!;
    expect(script, 'Astro put the bundled script under _astro/').toContain(`${base}_astro/`);
    const hashed = await get(script);
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get('cache-control'), 'a hashed asset is immutable for a year').toBe(
      'public, max-age=31536000, immutable',
    );
    expectSecurityHeaders(hashed.headers, script);
    for (const path of [`${base}pagefind/pagefind.js`, `${base}favicon.svg`, `${base}rss.xml`, base]) {
      const response = await get(path);
      expect(response.headers.get('cache-control'), `${path} keeps its name across builds: short cache`).toBe(
        'public, max-age=300',
      );
    }
  });

  test('every link, asset and #fragment resolves through nginx', async () => {
    const result = await crawl({ origin, paths: [`${origin}${base}`, `${origin}${base}404.html`] });
    expectCleanCrawl(result, build, 'the /news/ build');
  });

  test('every page passes html-validate (recommended)', async () => {
    expect(await validateHtml(build), 'html-validate errors in the /news/ build').toEqual([]);
  });

  test('sitemap, robots.txt and feeds use absolute URLs under /news/', async () => {
    await expectDiscoveryFiles(build, async (path) => {
      const response = await get(`${base}${path}`);
      expect(response.status, `${base}${path} is served`).toBe(200);
      return response.text();
    });
  });

  test('no page reports a CSP violation or console error under the header and meta policies', async ({ page }) => {
    const violations = await recordCspViolations(page);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !/404/.test(message.text())) errors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
    for (const path of pagesOf(build)) {
      await page.goto(`${origin}${path}`);
      const meta = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
      // The header allows inline code so the meta policy's hashes decide; that only holds if the meta has no 'unsafe-inline'.
      // Hashes only for the page's own inline scripts and styles (src/middleware.ts): a listing page has none.
      expect(meta, `${path} carries Astro's CSP`).toMatch(/script-src 'self'[^;]*;.*style-src 'self'/);
      expect(meta, `${path}'s own CSP does not allow arbitrary inline code`).not.toContain('unsafe-inline');
      expect(await violations(), `CSP violations on ${path}`).toEqual([]);
    }
    expect(errors, 'console errors while visiting every page').toEqual([]);
  });

  test('search finds the article by a word and by a topic under /news/, with no CSP violation', async ({ page }) => {
    const violations = await recordCspViolations(page);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    await expectSearchFindsSankei(page, base, 'Kantei', origin);
    await expectSearchFindsSankei(page, base, 'Ukraine', origin);
    expect(await violations(), 'no CSP violation while searching under nginx').toEqual([]);
    expect(problems, 'no console error or warning (Pagefind runs in its worker, not a fallback)').toEqual([]);
    expect(
      page.workers().map((worker) => new URL(worker.url()).pathname),
      'the search runs in Pagefind’s web worker, whose own CSP (from nginx) allows WebAssembly',
    ).toContain(`${base}pagefind/pagefind-worker.js`);
    // The 404 test above asks for missing files on purpose; nginx logs those as errors.
    const errors = nginx
      .errorLog()
      .split('\n')
      .filter((line) => /\[(error|crit|alert|emerg)\]/.test(line) && !line.includes('No such file or directory'));
    expect(errors, 'nginx logged no other error').toEqual([]);
  });

  test('a second release switches the live site atomically and rolls back', async () => {
    const first = readlinkSync(join(deployRoot, 'current'));
    const output = release(build.dir, deployRoot);
    const second = readlinkSync(join(deployRoot, 'current'));
    expect(second, 'current points at the new release').not.toBe(first);
    expect(output).toContain(second);
    expect((await get(base)).status, 'the new release is live at once').toBe(200);
    const rollback = execFileSync('bash', ['deploy/release.sh', '--rollback', deployRoot], { encoding: 'utf8' });
    expect(readlinkSync(join(deployRoot, 'current')), `rollback returns to the first release (${rollback})`).toBe(
      first,
    );
    expect((await get(base)).status, 'the rolled-back release is live').toBe(200);
  });
});
