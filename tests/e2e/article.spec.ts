import { expect, test } from '@playwright/test';

import { topicSlug } from '../../src/lib/slug.ts';
import { SANKEI } from '../support/sankei.ts';

const base = (process.env['BASE_PATH'] ?? '/').replace(/\/?$/, '/');
const articlePath = `${base}articles/${SANKEI.slug}/`;

test.describe('the Sankei article page', () => {
  test.beforeEach(async ({ page }) => {
    const response = await page.goto(articlePath);
    expect(response?.status(), `${articlePath} should be served`).toBe(200);
  });

  test('shows the headline as the only h1, the dateline and the attribution', async ({ page }) => {
    await expect(page.locator('h1'), 'exactly one h1, the headline').toHaveCount(1);
    await expect(page.locator('h1')).toHaveText(SANKEI.headline);
    const time = page.locator('article time[datetime="2016-05-12"]').first();
    await expect(time, 'dateline shows the publication date').toHaveText('May 12, 2016');
    // The outlet links to its articles here, "original" to the outlet; the seed gives no page or kind, so none shows.
    await expect(page.locator('article .source')).toHaveText(
      'Source: The Sankei Shimbun · original, via Japan Media Highlights, U.S. Embassy Tokyo',
    );
    await expect(page.getByRole('link', { name: 'The Sankei Shimbun', exact: true })).toHaveAttribute(
      'href',
      `${base}sources/the-sankei-shimbun/`,
    );
    await expect(page.getByRole('link', { name: 'original' })).toHaveAttribute('href', 'https://www.sankei.com/');
    await expect(page.getByRole('link', { name: /Japan Media Highlights/ })).toHaveAttribute(
      'href',
      'https://jmh.usembassy.gov/201605131029/',
    );
    await expect(page.locator('article'), 'reading time is shown').toContainText(/\d+ min read/);
    await expect(page).toHaveTitle(new RegExp(SANKEI.headline.slice(0, 30)));
  });

  test('shows every body paragraph word for word, and no page chrome', async ({ page }) => {
    const shown = await page.locator('article .prose > p').allTextContents();
    expect(shown, 'the seven captured paragraphs, in order').toEqual(SANKEI.paragraphs);
    await expect(page.locator('article')).not.toContainText(SANKEI.chrome);
  });

  test('lists the four source topics in the related-topics sidebar, each opening a page that lists the article', async ({
    page,
  }) => {
    const sidebar = page.getByRole('complementary', { name: 'Related topics' });
    await expect(sidebar).toBeVisible();
    // Each topic by its name alone, linking to its page. No article counts (those are on the topic pages and /topics/):
    // a count here would re-render every article on a topic whenever one is published on it.
    const items = sidebar.locator('ul.topics > li');
    for (const topic of SANKEI.topics) {
      const link = sidebar.getByRole('link', { name: topic, exact: true });
      await expect(link, `sidebar links to ${topic}`).toBeVisible();
      await expect(link, `${topic} links to its topic page`).toHaveAttribute(
        'href',
        `${base}topics/${topicSlug(topic)}/`,
      );
      const item = items.filter({ has: page.getByRole('link', { name: topic, exact: true }) });
      await expect(item, `${topic} is shown by its name alone`).toHaveText(topic);
    }
    await expect(sidebar.locator('ul.topics'), 'no article count beside any topic').not.toContainText(/\d+ articles?/);
    for (const topic of SANKEI.topics) {
      await page.goto(articlePath);
      await page
        .getByRole('complementary', { name: 'Related topics' })
        .getByRole('link', { name: topic, exact: true })
        .click();
      await expect(page.locator('h1'), `topic page for ${topic}`).toHaveText(topic);
      await expect(page.getByRole('link', { name: SANKEI.headline }), `${topic} page lists the article`).toBeVisible();
    }
  });

  test('lists the article’s topics under the body', async ({ page }) => {
    const topics = page.locator('article footer');
    for (const topic of SANKEI.topics)
      await expect(topics.getByRole('link', { name: topic, exact: true })).toBeVisible();
  });

  test('the skip link is the first stop and moves focus to the main content', async ({ page }) => {
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip, 'first Tab lands on the skip link').toBeFocused();
    await expect(skip, 'the skip link is visible when focused').toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.locator('main'), 'focus moved to main').toBeFocused();
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => document.activeElement?.closest('main') !== null);
    expect(next, 'the next Tab stays inside the main content').toBe(true);
  });
});

test.describe('layout', () => {
  test('the sidebar follows the article on a phone and sits beside it on a desktop', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(articlePath);
    const article = await page.locator('article').first().boundingBox();
    let aside = await page.locator('aside').boundingBox();
    expect(aside!.y, 'on a phone the sidebar comes after the article').toBeGreaterThanOrEqual(
      article!.y + article!.height - 1,
    );

    await page.setViewportSize({ width: 1280, height: 900 });
    const wideArticle = await page.locator('article').first().boundingBox();
    aside = await page.locator('aside').boundingBox();
    expect(aside!.x, 'on a desktop the sidebar is to the right').toBeGreaterThan(
      wideArticle!.x + wideArticle!.width - 1,
    );
    expect(aside!.y, 'on a desktop the sidebar starts level with the article').toBeLessThan(wideArticle!.y + 200);
  });
});

test.describe('home, topics and 404', () => {
  test('home lists the article newest first with dek, date and source', async ({ page }) => {
    await page.goto(base);
    const card = page.locator('article').filter({ hasText: SANKEI.headline });
    await expect(card).toContainText('May 12, 2016');
    await expect(card).toContainText('The Sankei Shimbun');
    await card.getByRole('link', { name: SANKEI.headline }).click();
    await expect(page).toHaveURL(new RegExp(`${articlePath}$`));
  });

  test('the topics page lists every topic with its count', async ({ page }) => {
    await page.goto(`${base}topics/`);
    for (const topic of SANKEI.topics) {
      await expect(page.locator('main li').filter({ hasText: topic }).first()).toContainText(/\(\d+ articles?\)/);
    }
    await page.getByRole('link', { name: 'COVID-19', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${base}topics/covid-19/$`));
  });

  test('an unknown address gets the friendly 404 page with status 404', async ({ page }) => {
    const response = await page.goto(`${base}no-such-article/`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1')).toHaveText('Page not found');
    await expect(page.getByRole('link', { name: /latest articles/i })).toBeVisible();
  });

  test('works with JavaScript off', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(articlePath);
    await expect(page.locator('h1')).toHaveText(SANKEI.headline);
    await page.getByRole('complementary', { name: 'Related topics' }).getByRole('link', { name: 'Ukraine' }).click();
    await expect(page.locator('h1')).toHaveText('Ukraine');
    await context.close();
  });
});
