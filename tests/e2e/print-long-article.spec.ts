import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { expect, test } from '@playwright/test';
import { preview } from 'astro';

import { isPaper, pdfInfo, pdfWords } from '../../scripts/pdf.mjs';
import { buildSiteSync, TEST_BUILDS } from '../support/build-site.ts';
import { BASE, normalized, printToPdf, withoutMarginBoxes } from '../support/print.ts';

/*
 * Guards against truncation: a long article (at least five times the Sankei
 * body, with headings, a quotation, lists, a table, a footnote and a very long
 * link) must print every block of its source, on more than three pages, with
 * no blank page and nothing past the page edge.
 *
 * The fixture is test-only, so it is never built into dist/: this file builds
 * the site from tests/fixtures/print-content into a temporary folder of its
 * own (`astro build` with CONTENT_DIR, tests/support/build-site.ts) and serves that build with
 * `astro preview` on the port after the main one.
 */

const FIXTURE_CONTENT = 'tests/fixtures/print-content';
const FIXTURE_FILE = `${FIXTURE_CONTENT}/articles/long-archive-report.md`;
const SANKEI_FILE = 'content/articles/new-approach-territorial-talks-russia-illegal-occupation.md';
const PORT = Number(process.env['E2E_PORT'] ?? 4390) + 1;
const OUT_DIR = join(TEST_BUILDS, `print-fixture-${PORT}`);
const articlePath = `${BASE}articles/long-archive-report/`;
/** 10 mm in points: no printed word may come closer to the left or right edge. */
const EDGE = (10 / 25.4) * 72;
const runningHead = 'The Harbour City Courier · Regional newspapers race to keep a century of archives…';

const bodyOf = (file: string) => readFileSync(file, 'utf8').split(/^---$/m).slice(2).join('---');
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * The source's blocks as a reader sees them printed: Markdown markers go
 * (normalizing drops punctuation anyway), an external link keeps its text and
 * gains its address, a footnote reference becomes its number. Table rows are
 * left out: cells come out of pdftotext in layout order, not row order.
 */
function sourceBlocks(markdown: string): string[] {
  return markdown
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter((block) => block !== '' && !block.startsWith('|'))
    .flatMap((block) => (/^(- |\d+\. )/m.test(block) ? block.split('\n') : [block]))
    .map((block) =>
      block
        .replace(/^\[\^([^\]]+)\]:\s*/, '')
        .replace(/\[\^[^\]]+\]/g, '1')
        .replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, '$1 ($2)')
        .replace(/^(#+|>|- |\d+\.)\s*/, ''),
    );
}

test.describe('a long article on paper', () => {
  test.describe.configure({ mode: 'serial', timeout: 240_000 });

  let server: Awaited<ReturnType<typeof preview>> | undefined;
  const blocks = sourceBlocks(bodyOf(FIXTURE_FILE));

  test.beforeAll(async () => {
    // A whole Astro build runs here, on a machine that may be busy.
    test.setTimeout(240_000);
    rmSync(OUT_DIR, { recursive: true, force: true });
    buildSiteSync(OUT_DIR, { env: { CONTENT_DIR: FIXTURE_CONTENT } });
    server = await preview({
      root: process.cwd(),
      outDir: OUT_DIR,
      server: { host: '127.0.0.1', port: PORT },
      logLevel: 'error',
    });
  });

  test.afterAll(async () => {
    await server?.stop();
    rmSync(OUT_DIR, { recursive: true, force: true });
  });

  test('the fixture is long and varied enough to prove anything', () => {
    const fixture = bodyOf(FIXTURE_FILE);
    const ratio = words(fixture) / words(bodyOf(SANKEI_FILE));
    expect(ratio, 'the fixture is at least five times the Sankei body').toBeGreaterThanOrEqual(5);
    expect(fixture, 'has a blockquote').toMatch(/^> /m);
    expect(fixture, 'has a list').toMatch(/^- /m);
    expect(fixture, 'has a footnote').toMatch(/^\[\^\w+\]: /m);
    expect(fixture, 'has a link longer than a printed line').toMatch(/\]\(https:\/\/[^)]{150,}\)/);
  });

  for (const paper of ['A4', 'Letter'] as const) {
    test(`prints every block of the source on ${paper}, on more than three pages, none blank`, async ({
      page,
    }, testInfo) => {
      const response = await page.goto(`http://127.0.0.1:${PORT}${articlePath}`);
      expect(response?.status(), 'the fixture build serves the long article').toBe(200);
      // A4 comes from the stylesheet; Letter is the reader choosing other paper.
      const options = paper === 'A4' ? { preferCSSPageSize: true } : { format: 'Letter' };
      const { file, pages } = await printToPdf(page, testInfo, `long-article-${paper}`, options);
      const info = pdfInfo(file);
      testInfo.annotations.push({ type: 'pages', description: `${info.pages} ${paper} pages` });

      expect(isPaper(info, paper), `page size ${info.width} x ${info.height} pt is ${paper}`).toBe(true);
      expect(info.pages, 'the long article needs more than three pages').toBeGreaterThan(3);
      expect(pages.length, 'pdftotext sees every page').toBe(info.pages);

      const body = pages.map((text) => withoutMarginBoxes(text, runningHead));
      body.forEach((text, index) => expect(text.trim(), `page ${index + 1} has text (no blank page)`).not.toBe(''));
      pages.forEach((text, index) => {
        expect(text, `page ${index + 1} has its folio`).toContain(`Page ${index + 1} of ${info.pages}`);
        if (index > 0) expect(text, `page ${index + 1} has the running head`).toContain(runningHead);
      });

      // Every block, in order: a truncated page or a clipped box would lose one.
      const printed = normalized(body.join('\n'));
      let from = 0;
      for (const [index, block] of blocks.entries()) {
        const at = printed.indexOf(normalized(block), from);
        expect(
          at,
          `block ${index + 1} of ${blocks.length} is printed, after the one before: "${block.slice(0, 60)}…"`,
        ).toBeGreaterThanOrEqual(from);
        from = at;
      }

      // No text in the outer 10 mm of the sheet: a long address that did not wrap would run into it, or off the page.
      const outside = pdfWords(file).filter(
        (word) => word.xMin < EDGE || word.xMax > word.pageWidth - EDGE || word.yMin < 0 || word.yMax > word.pageHeight,
      );
      expect(
        outside.map((word) => `page ${word.page}: ${word.text} (x ${word.xMin}–${word.xMax} of ${word.pageWidth})`),
        'words in the outer 10 mm or off the page',
      ).toEqual([]);
    });
  }
});
