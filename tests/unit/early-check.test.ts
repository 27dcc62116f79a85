import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it, vi } from 'vitest';

import { checkBuiltPages, type PageVerdict } from '../../src/security/check-pages.ts';
import { EarlyPageCheck } from '../../src/security/early-check.ts';

/**
 * The page check started while Astro renders: it checks pages as they are
 * written, and the build's check takes its verdict only for a page whose
 * final bytes are the ones it read.
 */

const work = mkdtempSync(join(tmpdir(), 'news-reader-early-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CSP = `<meta http-equiv="content-security-policy" content="script-src 'self'; style-src 'self'">`;
const page = (n: number, extra = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8">${CSP}<title>${n}</title></head><body><main><p>Page ${n}</p>${extra}</main></body></html>`;

/** Writes `pages` pages under a new folder, telling `check` of each as Astro's writes would. */
function write(dir: string, pages: number, extra: Record<number, string>, check?: EarlyPageCheck): string[] {
  const files: string[] = [];
  for (let n = 0; n < pages; n += 1) {
    mkdirSync(join(dir, 'page', String(n)), { recursive: true });
    const file = join(dir, 'page', String(n), 'index.html');
    writeFileSync(file, page(n, extra[n]));
    check?.add(file);
    files.push(file);
  }
  return files;
}

const root = process.cwd();
const options = (name: string, verdicts?: ReadonlyMap<string, PageVerdict>) => ({
  base: '/',
  cacheDir: join(work, `${name}-cache`),
  root,
  threads: 1,
  ...(verdicts ? { verdicts } : {}),
});

describe('EarlyPageCheck', () => {
  it('checks pages as they are written; the build then parses none of those, and reports the same problems', async () => {
    const dir = join(work, 'same');
    const check = new EarlyPageCheck(dir, { root, base: '/', threads: 2, minPages: 10 }, Promise.resolve());
    const extra = { 3: '<a href="#nowhere">x</a>', 17: '<p onclick="x">x</p>' };
    write(dir, 64, extra, check);
    await vi.waitFor(() => expect(check.checked, 'pages the early check reached').toBe(64), { timeout: 20_000 });
    const verdicts = await check.finish();
    expect(verdicts.size, 'every page but the one with an error has a verdict').toBe(63);

    const withEarly = await checkBuiltPages(dir, options('same-early', verdicts));
    const without = await checkBuiltPages(dir, options('same-plain'));
    expect(withEarly.early, 'pages not parsed again').toBe(63);
    expect(withEarly.checked, 'only the page with an error is parsed again').toBe(1);
    expect(withEarly.errors).toEqual(without.errors);
    expect(withEarly.warnings).toEqual(without.warnings);
    expect(withEarly.errors.map((e) => e.file)).toEqual(['page/17/index.html']);
    expect(withEarly.warnings.map((w) => w.file)).toEqual(['page/3/index.html']);
  });

  it('never vouches for bytes it did not read: a page written again after it was checked is checked again', async () => {
    const dir = join(work, 'rewritten');
    const check = new EarlyPageCheck(dir, { root, base: '/', threads: 1, minPages: 1 }, Promise.resolve());
    const files = write(dir, 20, {}, check);
    await vi.waitFor(() => expect(check.checked).toBe(20), { timeout: 20_000 });
    const verdicts = await check.finish();
    writeFileSync(files[5] as string, page(5, '<script>alert(1)</script>'));

    const report = await checkBuiltPages(dir, options('rewritten', verdicts));
    expect(report.early).toBe(19);
    expect(
      report.errors.map((e) => e.file),
      'the script written after the early check',
    ).toEqual(['page/5/index.html']);
  });

  it('starts no thread until it is told the cores are free, nor for fewer pages than are worth one', async () => {
    let free: () => void = () => {};
    const ready = new Promise<void>((resolve) => (free = resolve));
    const waiting = new EarlyPageCheck(join(work, 'waiting'), { root, base: '/', minPages: 1 }, ready);
    write(join(work, 'waiting'), 5, {}, waiting);
    expect((await waiting.finish()).size, 'nothing checked before the cores are free').toBe(0);
    free();

    const few = new EarlyPageCheck(join(work, 'few'), { root, base: '/', minPages: 10 }, Promise.resolve());
    write(join(work, 'few'), 9, {}, few);
    expect(few.checked).toBe(0);
    expect((await few.finish()).size, 'nine pages, below the ten asked for').toBe(0);
  });

  it('ignores anything but HTML', async () => {
    const dir = join(work, 'assets');
    const check = new EarlyPageCheck(dir, { root, base: '/', minPages: 1 }, Promise.resolve());
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'feed.xml'), '<feed/>');
    check.add(join(dir, 'feed.xml'));
    expect((await check.finish()).size).toBe(0);
  });
});
