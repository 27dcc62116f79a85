import { expect, type Page, test } from '@playwright/test';

import { builtPages } from '../support/built-pages.ts';
import { recordCspViolations } from '../support/csp.ts';
import { SANKEI } from '../support/sankei.ts';

const base = (process.env['BASE_PATH'] ?? '/').replace(/\/?$/, '/');
const articlePath = `${base}articles/${SANKEI.slug}/`;

const meta = (page: Page, attribute: 'property' | 'name', key: string) =>
  page.locator(`head meta[${attribute}="${key}"]`);
const metaValues = (page: Page, attribute: 'property' | 'name', key: string) =>
  meta(page, attribute, key).evaluateAll((nodes) => nodes.map((node) => node.getAttribute('content') ?? ''));
const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').trim();

test.describe('every page', () => {
  for (const path of builtPages()) {
    test(`${path} has an absolute canonical URL to itself, a title, a description and feed links`, async ({ page }) => {
      await page.goto(path);
      const canonical = await page.locator('head link[rel="canonical"]').getAttribute('href');
      expect(canonical, 'the canonical URL is absolute').toMatch(/^https?:\/\//);
      // A print view is a copy of its article: its canonical is the article, and it is noindex.
      const printOf = path.match(/^(.*\/)print\/$/)?.[1];
      expect(new URL(canonical!).pathname, 'the canonical URL is this page (or, from a print view, its article)').toBe(
        printOf ?? path,
      );
      if (printOf) await expect(meta(page, 'name', 'robots')).toHaveAttribute('content', /noindex/);
      await expect(page, 'a title').toHaveTitle(/\S/);
      expect((await page.title()).length, 'the title fits search results (70 characters)').toBeLessThanOrEqual(70);
      await expect(meta(page, 'name', 'description'), 'a description').toHaveAttribute('content', /\S.{15,}/);
      for (const [type, file] of [
        ['application/rss+xml', 'rss.xml'],
        ['application/atom+xml', 'atom.xml'],
      ]) {
        const href = await page.locator(`head link[rel="alternate"][type="${type}"]`).getAttribute('href');
        expect(href, `${type} autodiscovery link`).toMatch(/^https?:\/\//);
        expect(new URL(href!).pathname, `${type} points at the feed`).toBe(`${base}${file}`);
        expect((await page.request.get(`${base}${file}`)).status(), `${file} is served`).toBe(200);
      }
    });
  }
});

test.describe('the article page describes itself to machines as it does to readers', () => {
  test.beforeEach(async ({ page }) => {
    expect((await page.goto(articlePath))?.status(), `${articlePath} is served`).toBe(200);
  });

  test('Open Graph and Twitter card match the visible headline, dek, date and topics', async ({ page }) => {
    const headline = await text(page, 'h1');
    const dek = await text(page, 'article .dek');
    const day = await page.locator('article .dateline time').first().getAttribute('datetime');
    const topics = (await page.locator('article footer li').allTextContents()).map((topic) => topic.trim());
    const canonical = await page.locator('head link[rel="canonical"]').getAttribute('href');
    const siteName = await text(page, '.site-name');

    expect(await metaValues(page, 'property', 'og:type')).toEqual(['article']);
    expect(await metaValues(page, 'property', 'og:title'), 'og:title is the headline').toEqual([headline]);
    expect(await metaValues(page, 'property', 'og:description'), 'og:description is the dek').toEqual([dek]);
    expect(await metaValues(page, 'property', 'og:url'), 'og:url is the canonical URL').toEqual([canonical]);
    expect(await metaValues(page, 'property', 'og:site_name'), 'og:site_name is the site name').toEqual([siteName]);
    const [published] = await metaValues(page, 'property', 'article:published_time');
    expect(published, 'published time has a UTC offset').toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/,
    );
    expect(published?.slice(0, 10), 'published day is the dateline day').toBe(day);
    expect(await metaValues(page, 'property', 'article:tag'), 'one article:tag per visible topic').toEqual(topics);
    expect(topics, 'the four source topics are among them').toEqual(expect.arrayContaining(SANKEI.topics));

    expect(await metaValues(page, 'name', 'twitter:card')).toEqual(['summary']);
    // X falls back to og:title and og:description (checked above) when these are absent: no second copy.
    expect(await metaValues(page, 'name', 'twitter:title')).toEqual([]);
    expect(await metaValues(page, 'name', 'twitter:description')).toEqual([]);
    expect(await meta(page, 'name', 'description').getAttribute('content'), 'meta description is the dek').toBe(dek);
  });

  test('JSON-LD NewsArticle matches what the page shows', async ({ page }) => {
    const blocks = await page
      .locator('script[type="application/ld+json"]')
      .evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''));
    expect(blocks, 'exactly one JSON-LD block').toHaveLength(1);
    const data = JSON.parse(blocks[0]!) as Record<string, unknown> & {
      author: { name: string; url?: string };
      publisher: { name: string; url: string };
    };

    const headline = await text(page, 'h1');
    const dateline = page.locator('article .dateline');
    const published = await dateline.locator('time').first().getAttribute('datetime');
    // The latest change the dateline shows: "Updated", else "Corrected" (which `updated` defaults to), else the date.
    const changed = dateline.locator('.updated time, .corrected time');
    const updated = (await changed.count()) ? await changed.last().getAttribute('datetime') : published;
    const byline = (await page.locator('article .byline').count())
      ? (await text(page, 'article .byline')).replace(/^By\s+|\s*·\s*$/g, '')
      : undefined;
    const outlet = page.locator('article .source a.outlet');
    const source = page.locator('article .source a.original');
    const via = page.locator('article .source a.via');
    const basedOn = (await via.count()) ? await via.getAttribute('href') : await source.getAttribute('href');
    const topics = (await page.locator('article footer li').allTextContents()).map((topic) => topic.trim());
    const canonical = await page.locator('head link[rel="canonical"]').getAttribute('href');

    expect(data['@type']).toBe('NewsArticle');
    expect(data['headline'], 'headline is the h1').toBe(headline);
    expect(data['description'], 'description is the dek').toBe(await text(page, 'article .dek'));
    expect(String(data['datePublished']).slice(0, 10), 'datePublished is the dateline day').toBe(published);
    expect(String(data['datePublished']), 'datePublished has an offset').toMatch(/[+-]\d{2}:\d{2}$/);
    expect(String(data['dateModified']).slice(0, 10), 'dateModified is the update day, else the dateline').toBe(
      updated,
    );
    if (byline) expect(data.author.name, 'author is the byline').toBe(byline);
    else {
      expect(data.author.name, 'without a byline the author is the credited source').toBe(await outlet.textContent());
      expect(data.author.url).toBe(await source.getAttribute('href'));
    }
    expect(data.publisher.name, 'publisher is this site').toBe(await text(page, '.site-name'));
    expect(data['isBasedOn'], 'isBasedOn is the linked original text').toBe(basedOn);
    expect(data['keywords'], 'keywords are the visible topics').toEqual(topics);
    expect(data['inLanguage'], 'inLanguage is the page language').toBe(await page.locator('html').getAttribute('lang'));
    expect(data['url'], 'url is the canonical URL').toBe(canonical);
    // The Corrections list, newest first; none on the page means no `correction` at all.
    const corrections = await page
      .locator('article #corrections li')
      .evaluateAll((nodes) =>
        nodes.map((node) => [
          node.querySelector('time')?.getAttribute('datetime'),
          node.querySelector('span')?.textContent?.trim(),
        ]),
      );
    const described = (data['correction'] as { datePublished: string; text: string }[] | undefined) ?? [];
    expect(
      described.map((entry) => [entry.datePublished.slice(0, 10), entry.text]),
      'correction is the visible Corrections list',
    ).toEqual(corrections);
  });

  test('the JSON-LD block is data, so the page CSP reports no violation for it', async ({ page }) => {
    const violations = await recordCspViolations(page);
    await page.goto(articlePath);
    await expect(page.locator('script[type="application/ld+json"]')).toHaveCount(1);
    expect(await violations(), 'no CSP violation for the inline JSON-LD').toEqual([]);
  });
});
