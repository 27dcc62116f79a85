import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  it('checks a page again that failed before, even if it has not changed', async () => {
    const dir = site('failing', 2, { 1: '<iframe src="https://x.org"></iframe>' });
    await checkBuiltPages(dir, options('cache-failing'));
    const again = await checkBuiltPages(dir, options('cache-failing'));
    expect(again.checked).toBe(1);
    expect(again.errors.map((e) => e.file)).toEqual(['page/1/index.html']);
  });
});
