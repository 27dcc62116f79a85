import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { checkBuiltPages } from '../../src/security/check-pages.ts';

/**
 * The check over a whole build: the same verdicts in worker threads as in
 * one thread, and a page whose bytes passed before is not parsed again.
 */

const work = mkdtempSync(join(tmpdir(), 'news-reader-check-pages-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CSP = `<meta http-equiv="content-security-policy" content="script-src 'self'; style-src 'self'">`;
const listing = (n: number, extra = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8">${CSP}<title>${n}</title></head><body><main><p>Page ${n}</p>${extra}</main></body></html>`;

function site(name: string, pages: number, extra: Record<number, string> = {}): string {
  const dir = join(work, name);
  for (let n = 0; n < pages; n += 1) {
    mkdirSync(join(dir, 'page', String(n)), { recursive: true });
    writeFileSync(join(dir, 'page', String(n), 'index.html'), listing(n, extra[n]));
  }
  return dir;
}

const options = (cacheDir: string, threads?: number) => ({
  base: '/',
  cacheDir: join(work, cacheDir),
  root: process.cwd(),
  ...(threads ? { threads } : {}),
});

describe('checkBuiltPages', () => {
  it('finds the same errors and warnings in two worker threads as in one thread', async () => {
    const dir = site('bad', 500, { 7: '<p onclick="x">x</p>', 420: '<a href="#nowhere">x</a>' });
    const inWorkers = await checkBuiltPages(dir, options('cache-workers', 2));
    const inThread = await checkBuiltPages(dir, options('cache-thread', 1));
    expect(inWorkers.errors).toEqual([
      { file: 'page/7/index.html', message: '<p> has event handler onclick', severity: 'error' },
    ]);
    expect(inWorkers.warnings).toEqual([
      { file: 'page/420/index.html', message: 'link to #nowhere has no matching id on the page', severity: 'warning' },
    ]);
    expect(inThread).toEqual(inWorkers);
  });

  it('parses again only the pages whose bytes changed, and still reports their warnings', async () => {
    const dir = site('warm', 300, { 3: '<a href="#nowhere">x</a>' });
    const cold = await checkBuiltPages(dir, options('cache-warm'));
    expect(cold).toMatchObject({ checked: 300, reused: 0, errors: [] });
    writeFileSync(join(dir, 'page', '5', 'index.html'), listing(5, '<p>edited</p>'));
    const warm = await checkBuiltPages(dir, options('cache-warm'));
    expect(warm).toMatchObject({ checked: 1, reused: 299, errors: [] });
    expect(
      warm.warnings.map((w) => w.file),
      'a cached warning is still shown',
    ).toEqual(['page/3/index.html']);
  });

  it('does not read again a page that is the same file, unwritten since it was hashed', async () => {
    const dir = site('stamped', 40);
    // Written an hour ago, as the cache's copies of pages reused build after build are.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const n of readdirSync(join(dir, 'page')))
      utimesSync(join(dir, 'page', n, 'index.html'), anHourAgo, anHourAgo);
    const first = await checkBuiltPages(dir, options('cache-stamped'));
    expect(first).toMatchObject({ checked: 40, read: 40 });
    const second = await checkBuiltPages(dir, options('cache-stamped'));
    expect(second, 'unchanged files are neither read nor checked').toMatchObject({ checked: 0, reused: 40, read: 0 });
    expect(second.pageHashes, 'their hashes are still known (the search index uses them)').toEqual(first.pageHashes);

    // Written again, with a new page of the same length: read and checked again, whatever its age.
    writeFileSync(join(dir, 'page', '7', 'index.html'), listing(8).replace('<title>8', '<title>7'));
    utimesSync(join(dir, 'page', '7', 'index.html'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const third = await checkBuiltPages(dir, options('cache-stamped'));
    expect(third).toMatchObject({ checked: 1, read: 1 });
    expect(third.pageHashes.get('page/7/index.html')).not.toBe(first.pageHashes.get('page/7/index.html'));
  });

  it('reads again next time a page written just before the check (its file time may not show a rewrite)', async () => {
    const dir = site('fresh', 3);
    await checkBuiltPages(dir, options('cache-fresh'));
    const again = await checkBuiltPages(dir, options('cache-fresh'));
    expect(again, 'pages written less than two seconds before the first check').toMatchObject({
      checked: 0,
      read: 3,
    });
  });

  it('checks a page again that failed before, even if it has not changed', async () => {
    const dir = site('failing', 2, { 1: '<iframe src="https://x.org"></iframe>' });
    await checkBuiltPages(dir, options('cache-failing'));
    const again = await checkBuiltPages(dir, options('cache-failing'));
    expect(again.checked).toBe(1);
    expect(again.errors.map((e) => e.file)).toEqual(['page/1/index.html']);
  });

  it('checks every page again when a rule the checker imports from elsewhere changes', async () => {
    // A copy of the project's code, so a rule can be edited: the sanitizer's id prefix, which the check enforces.
    const root = join(work, 'project');
    for (const folder of ['src/security', 'src/lib', 'src/markdown']) {
      cpSync(folder, join(root, folder), { recursive: true });
    }
    writeFileSync(join(root, 'package.json'), '{}');
    const dir = site('rules', 5);
    const at = { ...options('cache-rules', 1), root };
    expect(await checkBuiltPages(dir, at)).toMatchObject({ checked: 5 });
    expect(await checkBuiltPages(dir, at), 'nothing changed').toMatchObject({ checked: 0, reused: 5 });
    const schema = join(root, 'src/markdown/sanitize-schema.ts');
    writeFileSync(schema, `${readFileSync(schema, 'utf8')}\n// edited`);
    expect(await checkBuiltPages(dir, at), 'src/markdown/sanitize-schema.ts edited').toMatchObject({
      checked: 5,
      reused: 0,
    });
  });

  it('fails a page that names a file of the build the build no longer has, though its bytes passed before', async () => {
    const dir = site('assets', 3, { 1: '<script type="module" src="/_astro/page.old.js"></script>' });
    mkdirSync(join(dir, '_astro'));
    writeFileSync(join(dir, '_astro/page.old.js'), '');
    const first = await checkBuiltPages(dir, options('cache-assets'));
    expect(first).toMatchObject({ checked: 3, errors: [] });
    // A new build wrote its script under a new name, and reused the page that names the old one.
    rmSync(join(dir, '_astro/page.old.js'));
    const second = await checkBuiltPages(dir, options('cache-assets'));
    expect(second.checked, 'the page is not parsed again: the files it names were kept with its verdict').toBe(0);
    expect(second.errors).toEqual([
      {
        file: 'page/1/index.html',
        message: expect.stringMatching(/^names _astro\/page\.old\.js, which this build did not write/),
        severity: 'error',
      },
    ]);
  });
});
