import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { seededRandom } from '../../../scripts/measure/corpus.ts';
import { BUDGET, measurePage, overBudget, pageKind, type Site } from '../../../scripts/measure/lib/budget.ts';

/** One temporary folder for every throw-away site of this file, removed when it ends. */
const work = mkdtempSync(join(tmpdir(), 'budget-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A throw-away built site: files under `dist`, served at `base`. */
function site(files: Record<string, string | Buffer>, base = '/'): Site {
  const dist = mkdtempSync(join(work, 'site-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dist, path)), { recursive: true });
    writeFileSync(join(dist, path), content);
  }
  return { dist, base, origin: 'http://localhost:4321' };
}

const page = (head: string, body = '<h1>News</h1><p>Text.</p>') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}</body></html>`;

/** Text gzip can hardly shrink (random base64 letters): about 3 compressed bytes for every 4. */
const noise = (bytes: number) => {
  const random = seededRandom(42);
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  return Array.from({ length: bytes }, () => letters[Math.floor(random() * 64)]).join('');
};

describe('measurePage: what a page needs before it renders', () => {
  it.each([
    ['an inline-CSS page', page('<style>body{margin:0}</style><link rel="icon" href="/favicon.svg">'), {}, 1, 2],
    ['a blocking stylesheet', page('<link rel="stylesheet" href="/a.css">'), { 'a.css': 'p{}' }, 2, 2],
    [
      'a print-only stylesheet (not blocking)',
      page('<link rel="stylesheet" href="/p.css" media="print">'),
      { 'p.css': 'p{}' },
      1,
      2,
    ],
    ['a classic script in the head', page('<script src="/a.js"></script>'), { 'a.js': 'var a=1' }, 2, 2],
    ['a deferred module script', page('<script type="module" src="/a.js"></script>'), { 'a.js': 'var a=1' }, 1, 2],
    ['a CSS @import', page('<style>@import "/b.css";</style>'), { 'b.css': 'p{}' }, 2, 2],
  ])('%s: %i request(s) before first render, %i in all', async (_, html, files, beforeRender, requests) => {
    const figures = await measurePage(site(files), '/', html);
    expect(figures.requestsBeforeRender, 'requests before first render').toBe(beforeRender);
    expect(figures.requests, 'all requests').toBe(requests);
  });

  it('counts the hashed /_astro/ stylesheet on a first visit and not on the next page, which finds it cached', async () => {
    const s = site({ '_astro/style.abc.css': `p{content:"${noise(6000)}"}`, 'plain.css': 'p{}' });
    const html = page('<link rel="stylesheet" href="/_astro/style.abc.css"><link rel="stylesheet" href="/plain.css">');
    const figures = await measurePage(s, '/articles/x/', html);
    expect(figures.totalGzip, 'first visit: HTML and both stylesheets').toBeGreaterThan(4000);
    expect(figures.repeatVisitGzip, 'next page: HTML and the unhashed stylesheet only').toBeLessThan(400);
    expect(overBudget({ ...figures, repeatVisitGzip: BUDGET.repeatVisitGzip + 1 })).toEqual([
      expect.stringContaining('a second article page in the same visit transfers'),
    ]);
  });

  it('counts a module script and the chunks it imports statically, not the ones it imports on demand', async () => {
    const s = site({
      '_astro/entry.js': 'import "./chunk.js"; const later = () => import("./lazy.js");',
      '_astro/chunk.js': `export const x = "${noise(300)}";`,
      '_astro/lazy.js': `export const y = "${noise(5000)}";`,
    });
    const figures = await measurePage(s, '/', page('<script type="module" src="/_astro/entry.js"></script>'));
    expect(figures.jsGzip, 'entry + chunk, compressed').toBeGreaterThan(300);
    expect(figures.jsGzip, 'the lazily imported 5 KB module is not counted').toBeLessThan(1000);
  });

  it('finds requests to other hosts, web fonts and images without dimensions', async () => {
    const html = page(
      '<link rel="stylesheet" href="https://cdn.example.com/x.css"><style>@font-face{font-family:F;src:url(/f.woff2)}</style>',
      '<img src="/a.png" width="10" height="10"><img src="/b.png"><script src="https://tracker.example.net/t.js" async></script>',
    );
    const figures = await measurePage(site({}), '/articles/x/', html);
    expect(figures.thirdParty).toEqual(['https://cdn.example.com/x.css', 'https://tracker.example.net/t.js']);
    expect(figures.webFonts).toEqual(['http://localhost:4321/f.woff2']);
    expect(figures.imagesWithoutSize).toEqual(['<img src="/b.png">']);
  });

  it('does not count links and the canonical URL as requests', async () => {
    const html = page(
      '<link rel="canonical" href="https://example.org/x/">',
      '<a href="https://www.sankei.com/">Source</a>',
    );
    const figures = await measurePage(site({}), '/', html);
    expect(figures.thirdParty).toEqual([]);
    expect(figures.requests).toBe(1);
  });

  it('resolves assets under the base path', async () => {
    const s = site({ '_astro/a.js': `x("${noise(2000)}")` }, '/news/');
    const figures = await measurePage(
      s,
      '/articles/x/',
      page('<script type="module" src="/news/_astro/a.js"></script>'),
    );
    expect(figures.jsGzip, 'the script under /news/ is found and counted').toBeGreaterThan(BUDGET.jsGzip);
  });
});

describe('overBudget', () => {
  it('passes a light page', async () => {
    const figures = await measurePage(site({}), '/', page('<style>p{}</style>'));
    expect(overBudget(figures)).toEqual([]);
  });

  it.each([
    [
      'more than 14 KB compressed',
      page('<link rel="stylesheet" href="/_astro/big.css">'),
      { '_astro/big.css': `p{content:"${noise(20 * 1024)}"}` },
      /over the 14\.0 KB budget/,
    ],
    [
      'more than 1 KB of JavaScript',
      page(`<script type="module">x("${noise(1500)}")</script>`),
      {},
      /JavaScript is \d+ bytes gzip, over the 1024-byte budget/,
    ],
    [
      'four requests before first render',
      page('<link rel="stylesheet" href="/a.css"><link rel="stylesheet" href="/b.css"><script src="/c.js"></script>'),
      { 'a.css': 'p{}', 'b.css': 'p{}', 'c.js': '1' },
      /4 requests before first render, over the budget of 3/,
    ],
    [
      'a third-party script',
      page('<script async src="https://cdn.example.com/a.js"></script>'),
      {},
      /requests to other hosts: https:\/\/cdn\.example\.com\/a\.js/,
    ],
    ['a web font', page('<link rel="preload" as="font" href="/f.woff2" crossorigin>'), {}, /loads web fonts/],
    ['an image without dimensions', page('', '<img src="/a.png" alt="">'), {}, /images without width and height/],
  ])('fails a page with %s, naming the page and the limit', async (_, html, files, message) => {
    const figures = await measurePage(site(files), '/articles/heavy/', html);
    const problems = overBudget(figures);
    expect(problems, 'one problem reported').toHaveLength(1);
    expect(problems[0]).toMatch(/^\/articles\/heavy\/: /);
    expect(problems[0]).toMatch(message);
  });

  it('lets the printed edition alone carry more than 14 KB, and holds it to every other limit', async () => {
    const heavy = page('', `<p>${noise(20 * 1024)}</p>`);
    const printed = await measurePage(site({}), '/editions/2016/05/12/print/', heavy);
    expect(overBudget(printed), 'the printed edition is exempt from the byte limit').toEqual([]);
    const edition = await measurePage(site({}), '/editions/2016/05/12/', heavy);
    expect(overBudget(edition).join('\n'), 'the edition page is not exempt').toMatch(/over the 14\.0 KB budget/);
    const withRequests = page(
      '<link rel="stylesheet" href="/a.css"><link rel="stylesheet" href="/b.css"><script src="/c.js"></script>',
      `<p>${noise(20 * 1024)}</p>`,
    );
    const printedWithRequests = await measurePage(
      site({ 'a.css': 'p{}', 'b.css': 'p{}', 'c.js': '1' }),
      '/editions/2016/05/12/print/',
      withRequests,
    );
    expect(overBudget(printedWithRequests).join('\n'), 'requests still count on the printed edition').toMatch(
      /4 requests before first render/,
    );
  });

  it('leaves the search page’s own Pagefind assets out, and only there', async () => {
    const files = { 'pagefind/pagefind-ui.js': `x("${noise(30000)}")`, 'pagefind/pagefind-ui.css': 'p{}' };
    const html = page(
      '<link rel="stylesheet" href="/pagefind/pagefind-ui.css"><script src="/pagefind/pagefind-ui.js"></script>',
    );
    const search = await measurePage(site(files), '/search/', html);
    expect(overBudget(search), 'search page: Pagefind is exempt').toEqual([]);
    expect(search.exempt).toHaveLength(2);
    const article = await measurePage(site(files), '/articles/x/', html);
    expect(overBudget(article).join('\n'), 'an article page loading Pagefind is over budget').toMatch(
      /over the 14\.0 KB budget[\s\S]*JavaScript is \d+ bytes gzip/,
    );
  });
});

describe('pageKind', () => {
  it.each([
    ['/', 'home'],
    ['/page/3/', 'home'],
    ['/articles/x/', 'article'],
    ['/articles/x/print/', 'other'],
    ['/sources/', 'sources'],
    ['/sources/the-sankei-shimbun/', 'source'],
    ['/sources/the-sankei-shimbun/page/2/', 'source'],
    ['/topics/', 'topics'],
    ['/topics/ukraine/', 'topic'],
    ['/topics/ukraine/page/2/', 'topic'],
    ['/search/', 'search'],
    ['/editions/', 'editions'],
    ['/editions/2016/', 'edition-year'],
    ['/editions/2016/05/', 'edition-month'],
    ['/editions/2016/05/12/', 'edition'],
    ['/editions/2016/05/12/page/2/', 'edition'],
    ['/editions/2016/05/12/print/', 'edition-print'],
    ['/404.html', 'other'],
  ])('%s is a %s page', (path, kind) => {
    expect(pageKind(path)).toBe(kind);
  });
});
