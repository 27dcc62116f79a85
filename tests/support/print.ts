import type { Page, TestInfo } from '@playwright/test';

import { pdfPageTexts } from './pdf.mjs';

/** The site's base path, as the build was made (BASE_PATH), always ending in `/`. */
export const BASE = (process.env['BASE_PATH'] ?? '/').replace(/\/?$/, '/');

/** The site's public origin, as astro.config.ts reads it: the printed article address starts with it. */
export const SITE_URL = process.env['SITE_URL'] || 'http://localhost:4321';

/** The absolute address a printed copy names for the article at `path`. */
export const publicAddress = (path: string) => new URL(path, SITE_URL).href;

/**
 * Text reduced to lower-case letters and digits. pdftotext breaks lines,
 * drops hyphens at line ends and keeps typographic quotes; comparing on this
 * form checks the words and their order, not the line breaks.
 */
export function normalized(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Margin-box lines Chromium adds to every page: the running head and "Page X of Y". */
export function withoutMarginBoxes(pageText: string, runningHead: string): string {
  return pageText
    .split('\n')
    .filter((line) => !/^\s*Page \d+ of \d+\s*$/.test(line) && line.trim() !== runningHead)
    .join('\n');
}

/** Prints the page to a PDF in the test's output folder and returns the file and each page's text. */
export async function printToPdf(
  page: Page,
  testInfo: TestInfo,
  name: string,
  options: Parameters<Page['pdf']>[0] = { preferCSSPageSize: true },
): Promise<{ file: string; pages: string[] }> {
  const file = testInfo.outputPath(`${name}.pdf`);
  await page.pdf({ ...options, path: file });
  return { file, pages: pdfPageTexts(file) };
}

/**
 * Computed styles of every element matched by each selector, after the page is
 * put in whatever media the test chose. Missing selectors come back empty.
 */
export async function computed(
  page: Page,
  selectors: Record<string, string>,
  properties: string[],
  pseudo?: '::before' | '::after',
): Promise<Record<string, Record<string, string>[]>> {
  return page.evaluate(
    ({ selectors, properties, pseudo }) => {
      const result: Record<string, Record<string, string>[]> = {};
      for (const [name, selector] of Object.entries(selectors)) {
        result[name] = [...document.querySelectorAll(selector)].map((element) => {
          const style = getComputedStyle(element, pseudo ?? null);
          return Object.fromEntries(properties.map((property) => [property, style.getPropertyValue(property)]));
        });
      }
      return result;
    },
    { selectors, properties, pseudo },
  );
}
