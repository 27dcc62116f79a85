/**
 * `npm run budget`: holds every page of the last build to the page budget
 * (see scripts/measure/lib/budget.ts) and prints the figures.
 *
 *   node scripts/measure/budget.ts [--dist <dir>] [--root <project>] [--browser] [--out <file.md>]
 *
 * --dist     the build to check (default: dist/)
 * --browser  also load pages in Chromium (served by Astro's preview server
 *            on a free port, with the Astro config of --root, default this
 *            project) and check what the browser saw:
 *            every page of a small build, the heaviest of each kind on a large one
 * --out      also write the tables to a Markdown file
 *
 * Exits 1 when a page is over budget, naming the page and the limit.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { chromium } from '@playwright/test';

import { playwrightLaunchOptions } from '../browser.mjs';
import { type BrowserFigures, measureInBrowser } from './lib/budget-browser.ts';
import { startPreview } from '../lib/preview.ts';
import {
  BUDGET,
  BYTE_EXEMPT_KINDS,
  figuresTable,
  measureSite,
  overBudget,
  type PageFigures,
  type PageKind,
  pageKind,
  summaryTable,
} from './lib/budget.ts';

/** Above this many pages the report is a summary per kind of page, not a row per page. */
const FULL_TABLE_LIMIT = 60;

export function browserTable(results: readonly { path: string; figures: BrowserFigures }[]): string {
  const header = [
    'page (Chromium)',
    'requests',
    'before render',
    'total gz',
    'JS gz',
    'fonts',
    'other hosts',
    'layout shift',
  ];
  const rows = [header, header.map((_, i) => (i === 0 ? '---' : '---:'))];
  for (const { path, figures } of results) {
    rows.push([
      path,
      String(figures.requests.length),
      String(figures.requestsBeforeRender),
      String(figures.totalGzip),
      String(figures.jsGzip),
      String(figures.webFonts.length),
      String(figures.thirdParty.length),
      figures.layoutShift.toFixed(3),
    ]);
  }
  return rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** What the browser saw that breaks the budget. */
export function overBudgetInBrowser(path: string, figures: BrowserFigures): string[] {
  const problems: string[] = [];
  if (figures.totalGzip > BUDGET.totalGzip && !BYTE_EXEMPT_KINDS[pageKind(path)])
    problems.push(
      `${path}: Chromium received ${figures.totalGzip} bytes gzip of HTML+CSS+JS, over ${BUDGET.totalGzip}`,
    );
  if (figures.jsGzip > BUDGET.jsGzip) problems.push(`${path}: Chromium ran ${figures.jsGzip} bytes gzip of JavaScript`);
  if (figures.requestsBeforeRender > BUDGET.requestsBeforeRender)
    problems.push(`${path}: ${figures.requestsBeforeRender} requests before first render in Chromium`);
  if (figures.thirdParty.length > 0) problems.push(`${path}: Chromium requested ${figures.thirdParty.join(', ')}`);
  if (figures.webFonts.length > 0) problems.push(`${path}: Chromium loaded web fonts ${figures.webFonts.join(', ')}`);
  if (figures.layoutShift > 0) problems.push(`${path}: the layout shifted by ${figures.layoutShift} while loading`);
  return problems;
}

/** Every page of a small build; on a large one the heaviest page of each kind, and the first of each. */
export function browserSample(figures: readonly PageFigures[]): string[] {
  if (figures.length <= FULL_TABLE_LIMIT) return figures.map((f) => f.path);
  const picked = new Set<string>();
  const kinds = new Set<PageKind>(figures.map((f) => f.kind));
  for (const kind of kinds) {
    const pages = figures.filter((f) => f.kind === kind);
    picked.add((pages[0] as PageFigures).path);
    picked.add(pages.reduce((a, b) => (b.totalGzip > a.totalGzip ? b : a)).path);
  }
  return [...picked].sort();
}

export async function checkInBrowser(root: string, paths: readonly string[], base: string, dist: string) {
  const server = await startPreview(dist, base, root);
  const browser = await chromium.launch(playwrightLaunchOptions());
  try {
    const results: { path: string; figures: BrowserFigures }[] = [];
    for (const path of paths) {
      const context = await browser.newContext();
      const page = await context.newPage();
      results.push({ path, figures: await measureInBrowser(page, server.url, path) });
      await context.close();
    }
    return results;
  } finally {
    await browser.close();
    await server.stop();
  }
}

export async function runBudget(options: {
  dist: string;
  root: string;
  browser: boolean;
  out?: string | undefined;
  /**
   * Whether a second article page over its budget fails the run. The real
   * site's pages are held to it; a synthetic build reports it instead: its
   * articles (about 630 words) come out at 5 to 6.3 KB (median 5.6), a missed target
   * that docs/performance.md describes, not a regression to block CI on.
   */
  repeatVisit?: 'enforce' | 'report';
}) {
  const base = (process.env['BASE_PATH'] ?? '/').replace(/\/?$/, '/').replace(/^\/?/, '/');
  const origin = new URL(process.env['SITE_URL'] || 'http://localhost:4321').origin;
  const started = Date.now();
  const figures = await measureSite({ dist: options.dist, base, origin });
  const sections: string[] = [
    `Page budget: HTML+CSS+JS <= ${BUDGET.totalGzip} bytes gzip on a first visit, a second article page <= ${BUDGET.repeatVisitGzip} bytes gzip (the /_astro/ stylesheet cached), JS <= ${BUDGET.jsGzip} bytes gzip, ` +
      `<= ${BUDGET.requestsBeforeRender} requests before first render, no other hosts, no web fonts, sized images. ` +
      `${figures.length} pages in ${options.dist}, parsed in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  ];
  if (figures.length <= FULL_TABLE_LIMIT) {
    sections.push(figuresTable(figures));
  } else {
    sections.push(summaryTable(figures));
    const heaviest = [...figures].sort((a, b) => b.totalGzip - a.totalGzip).slice(0, 10);
    sections.push('The ten heaviest pages:', figuresTable(heaviest));
  }
  const reportOnly = options.repeatVisit === 'report';
  const problems = figures.flatMap((f) => overBudget(reportOnly ? { ...f, repeatVisitGzip: 0 } : f));
  if (reportOnly) {
    const repeat = figures
      .filter((f) => f.kind === 'article')
      .map((f) => f.repeatVisitGzip)
      .sort((a, b) => a - b);
    const over = repeat.filter((bytes) => bytes > BUDGET.repeatVisitGzip).length;
    sections.push(
      `A second article page in the same visit (reported, not enforced, on a synthetic build): median ${repeat[Math.floor(repeat.length / 2)] ?? 0} bytes gzip, ` +
        `largest ${repeat.at(-1) ?? 0}; ${over} of ${repeat.length} over the ${BUDGET.repeatVisitGzip}-byte target.`,
    );
  }
  if (options.browser) {
    const results = await checkInBrowser(options.root, browserSample(figures), base, options.dist);
    sections.push(browserTable(results));
    problems.push(...results.flatMap(({ path, figures: seen }) => overBudgetInBrowser(path, seen)));
  }
  sections.push(
    problems.length === 0
      ? 'Every page is within the budget.'
      : `Over budget:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
  const report = sections.join('\n\n');
  console.log(report);
  if (options.out) writeFileSync(options.out, `${report}\n`);
  return { figures, problems };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      dist: { type: 'string', default: 'dist' },
      root: { type: 'string', default: '.' },
      browser: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const { problems } = await runBudget({
    dist: resolve(values.dist),
    root: resolve(values.root),
    browser: values.browser,
    out: values.out,
  });
  process.exitCode = problems.length === 0 ? 0 : 1;
}
