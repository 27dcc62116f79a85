import { expect, test } from '@playwright/test';
import Parser from 'rss-parser';

import { SANKEI } from '../support/sankei.ts';

const base = (process.env['BASE_PATH'] ?? '/').replace(/\/?$/, '/');
const articlePath = `${base}articles/${SANKEI.slug}/`;

type Item = {
  guid?: string;
  id?: string;
  'content:encoded'?: string;
  content?: string;
  categories?: string[];
  /** rss-parser leaves Atom's <category term="…"/> to custom fields. */
  atomCategories?: { $: { term: string } }[];
};
const parser = new Parser<Record<string, unknown>, Item>({
  customFields: { item: ['content:encoded', ['category', 'atomCategories', { keepArray: true }]] },
});

/** What the article page itself shows, to compare the feeds with. */
async function articleFacts(page: import('@playwright/test').Page) {
  await page.goto(articlePath);
  return {
    canonical: (await page.locator('head link[rel="canonical"]').getAttribute('href'))!,
    headline: ((await page.locator('h1').textContent()) ?? '').trim(),
    dek: ((await page.locator('article .dek').textContent()) ?? '').trim(),
    day: (await page.locator('article .dateline time').first().getAttribute('datetime'))!,
    topics: (await page.locator('article footer li').allTextContents()).map((topic) => topic.trim()),
    siteName: ((await page.locator('.site-name').textContent()) ?? '').trim(),
  };
}

for (const [name, file, type] of [
  ['RSS 2.0', 'rss.xml', /xml/],
  ['Atom', 'atom.xml', /atom\+xml|xml/],
] as const) {
  test(`the ${name} feed parses and carries the article in full`, async ({ page, request }) => {
    const facts = await articleFacts(page);
    const response = await request.get(`${base}${file}`);
    expect(response.status(), `${file} is served`).toBe(200);
    expect(response.headers()['content-type'], `${file} is served as XML`).toMatch(type);
    const feed = await parser.parseString(await response.text());

    expect(feed.title, 'the feed is named after the site').toBe(facts.siteName);
    expect(new URL(feed.link!).pathname, 'the feed links to the home page').toBe(base);
    const item = feed.items.find((entry) => entry.title === facts.headline);
    expect(
      item,
      `the feed has an entry titled with the headline; titles: ${feed.items.map((i) => i.title)}`,
    ).toBeDefined();
    expect(item!.link, 'the entry links to the article by its canonical URL').toBe(facts.canonical);
    const guid = name === 'Atom' ? item!.id : item!.guid;
    expect(guid, 'the permanent id (GUID) is the canonical URL').toBe(facts.canonical);
    expect(item!.isoDate?.slice(0, 10), 'the entry date is the dateline day').toBe(facts.day);
    const categories = name === 'Atom' ? item!.atomCategories?.map((category) => category.$.term) : item!.categories;
    expect(categories, 'the entry carries the article’s topics').toEqual(facts.topics);

    const html = (name === 'Atom' ? item!.content : item!['content:encoded']) ?? '';
    for (const paragraph of SANKEI.paragraphs) {
      const escaped = paragraph.replace(/&/g, '&amp;');
      expect(html.includes(paragraph) || html.includes(escaped), `full text: "${paragraph.slice(0, 40)}…"`).toBe(true);
    }
    expect(html, 'sanitized: no script').not.toMatch(/<script/i);
    expect(html, 'sanitized: no event handlers').not.toMatch(/\son[a-z]+=/i);
    expect(html, 'sanitized: no inline styles').not.toMatch(/\sstyle=/i);
    for (const [, url] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      expect(url, 'every link in the feed HTML is absolute').toMatch(/^https?:\/\//);
    }
  });
}

test('feed dates stay put between builds: they come from the articles, not the clock', async ({ request }) => {
  const atom = await (await request.get(`${base}atom.xml`)).text();
  const feedUpdated = atom.match(/<updated>([^<]+)<\/updated>/)?.[1];
  expect(feedUpdated, 'the Atom feed is as new as its newest article, not the build time').toBe(
    '2016-05-12T00:00:00.000Z',
  );
  expect(await (await request.get(`${base}rss.xml`)).text(), 'no lastBuildDate that changes every build').not.toContain(
    'lastBuildDate',
  );
});
