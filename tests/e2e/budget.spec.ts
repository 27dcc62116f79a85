import { expect, test } from '@playwright/test';

import { browserSample, overBudgetInBrowser } from '../../scripts/measure/budget.ts';
import { measureInBrowser } from '../../scripts/measure/lib/budget-browser.ts';
import { BUDGET, figuresTable, measureSite, overBudget, type PageFigures } from '../../scripts/measure/lib/budget.ts';
import { DIST } from '../support/built-pages.ts';

/**
 * The page budget over the built site: every page parsed (all of them, however
 * many), then each page (or, on a large build, the heaviest of each kind)
 * loaded in Chromium with its requests recorded. The figures are printed.
 */
const base = (process.env['BASE_PATH'] ?? '/').replace(/\/?$/, '/');
let figures: PageFigures[] = [];

test.beforeAll(async () => {
  figures = await measureSite({
    dist: DIST,
    base,
    origin: new URL(process.env['SITE_URL'] || 'http://localhost:4321').origin,
  });
});

test('every built page is within the page budget (parsed HTML)', async () => {
  console.log(figuresTable(figures));
  expect(figures.length, 'the build has pages to check').toBeGreaterThanOrEqual(5);
  expect(
    figures.flatMap((page) => overBudget(page)),
    'pages over budget',
  ).toEqual([]);
});

test('the article page needs one request and no JavaScript beyond the budget', async () => {
  const articles = figures.filter((page) => page.kind === 'article');
  expect(articles.length, 'the build has article pages').toBeGreaterThan(0);
  for (const article of articles) {
    expect(article.requestsBeforeRender, `${article.path}: requests before first render`).toBeLessThanOrEqual(
      BUDGET.requestsBeforeRender,
    );
    expect(article.jsGzip, `${article.path}: compressed JavaScript`).toBeLessThanOrEqual(BUDGET.jsGzip);
  }
});

test('in Chromium: within budget, nothing from another host, no web font, no layout shift', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(5 * 60_000);
  const problems: string[] = [];
  for (const path of browserSample(figures)) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = await measureInBrowser(page, new URL(base, baseURL).href, path);
    await context.close();
    expect(seen.requests.length, `${path}: Chromium made requests`).toBeGreaterThan(0);
    problems.push(...overBudgetInBrowser(path, seen));
  }
  expect(problems, 'what Chromium saw over budget').toEqual([]);
});
