import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { matches, select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Root as MdastRoot } from 'mdast';
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { unified } from 'unified';

import { type Capture, ImportError, type ParseOptions } from './capture.ts';
import { isoDayFromText } from './dates.ts';
import { toMarkdown } from './markdown.ts';
import { importSanitizeSchema } from './sanitize-schema.ts';

/**
 * Saved web pages ("Save page as…", or the HTML a crawler kept). The article
 * text goes through the project's own unified stack: rehype-parse, page
 * chrome dropped, rehype-sanitize with a stricter import allow-list,
 * rehype-remark, remark-stringify. The page's metadata (headline, date,
 * canonical URL, site name, description, topics) fills the frontmatter.
 */

/** Elements that are page furniture wherever they appear inside the article. */
const CHROME_SELECTOR = [
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'dialog',
  'menu',
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'button',
  'svg',
  'figure:has(img, picture, video, audio, iframe)',
  '[hidden]',
  '[aria-hidden="true"]',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[role="search"]',
  '[role="dialog"]',
].join(', ');

/**
 * Class or id words that mark advertising, sharing and promotion blocks. A
 * whole word must match (`ad`, `ad-slot`, `sponsored`), so `header-image` or
 * `loaded` do not count.
 */
const CHROME_WORD =
  /(?:^|[-_\s])(?:ad|ads|adv|advert|advertisement|adsbygoogle|banner|sponsor|sponsored|promo|promotion|newsletter|subscribe|paywall|share|sharing|social|related|recommended|outbrain|taboola|cookie|consent|comments?|breadcrumbs?|toolbar|skip-link)(?:$|[-_\s])/i;

const HTTP_URL = /^https?:\/\//i;

function attribute(node: Element | undefined, name: string): string | undefined {
  const value = node?.properties[name];
  if (Array.isArray(value)) return value.join(' ');
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `<meta property=… content>` or `<meta name=… content>`, first match among the given keys. */
function meta(tree: HastRoot, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const node = select(`meta[property="${key}" i][content], meta[name="${key}" i][content]`, tree);
    const content = attribute(node, 'content');
    if (content) return content;
  }
  return undefined;
}

function metaAll(tree: HastRoot, key: string): string[] {
  return selectAll(`meta[property="${key}" i][content], meta[name="${key}" i][content]`, tree)
    .map((node) => attribute(node, 'content'))
    .filter((value): value is string => value !== undefined);
}

function text(node: Element | undefined): string | undefined {
  const value = node && toString(node).replace(/\s+/g, ' ').trim();
  return value || undefined;
}

function isChrome(node: Element): boolean {
  if (matches(CHROME_SELECTOR, node)) return true;
  const words = [attribute(node, 'className'), attribute(node, 'id')].filter(Boolean).join(' ');
  return words !== '' && CHROME_WORD.test(words);
}

function paragraphText(node: Element): number {
  return selectAll('p', node).reduce((sum, p) => sum + toString(p).trim().length, 0);
}

/**
 * The element holding the article: the `<article>` with the most paragraph
 * text, else `<main>`, else the block whose own paragraphs hold the most text
 * (pages built from bare `<div>`s).
 */
function mainElement(tree: HastRoot): Element | undefined {
  const articles = selectAll('article', tree).filter((node) => !isChrome(node));
  if (articles.length > 0) {
    return articles.reduce((best, node) => (paragraphText(node) > paragraphText(best) ? node : best));
  }
  const main = select('main, [role="main"]', tree);
  if (main) return main;
  let best: Element | undefined;
  let bestScore = 0;
  for (const node of selectAll('body, body *', tree)) {
    if (isChrome(node)) continue;
    const score = node.children
      .filter((child): child is Element => child.type === 'element' && child.tagName === 'p')
      .reduce((sum, p) => sum + toString(p).trim().length, 0);
    if (score > bestScore) [best, bestScore] = [node, score];
  }
  return best ?? select('body', tree);
}

/** Drops chrome (and the headline, which becomes the title) from a copy of the article element. */
function prune(children: ElementContent[], headline: Element | undefined): ElementContent[] {
  return children.flatMap((child): ElementContent[] => {
    if (child.type === 'comment') return [];
    if (child.type !== 'element') return [child];
    if (child === headline || isChrome(child)) return [];
    return [{ ...child, children: prune(child.children, headline) }];
  });
}

/**
 * Makes links absolute against the page's own address, so they still lead to
 * the same place from this site. Links that cannot be resolved (no known page
 * address, or an in-page `#anchor` of the original) become plain text.
 */
function resolveLinks(children: ElementContent[], base: string | undefined): ElementContent[] {
  return children.flatMap((child): ElementContent[] => {
    if (child.type !== 'element') return [child];
    const resolved = { ...child, children: resolveLinks(child.children, base) };
    const href = child.tagName === 'a' ? attribute(child, 'href') : undefined;
    if (child.tagName !== 'a' || href === undefined) return [resolved];
    if (/^(?:https?|mailto):/i.test(href)) return [resolved];
    if (href.startsWith('#') || base === undefined) return resolved.children;
    try {
      return [{ ...resolved, properties: { ...resolved.properties, href: new URL(href, base).href } }];
    } catch {
      return resolved.children;
    }
  });
}

/** `The Headline | Site` -> `The Headline` when the site's name is known. */
function withoutSiteName(title: string, siteName: string | undefined): string {
  if (!siteName) return title;
  const suffix = new RegExp(`\\s+[|–—\\-:·]\\s+${siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
  return title.replace(suffix, '').trim() || title;
}

/** `en-US` stays, `EN` -> `en`; anything that is not a language tag is dropped. */
function languageTag(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const [primary = '', ...rest] = value.trim().split(/[-_]/);
  const tag = [primary.toLowerCase(), ...rest].join('-');
  return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag) ? tag : undefined;
}

const htmlToMarkdown = unified().use(rehypeSanitize, importSanitizeSchema).use(rehypeRemark).use(remarkGfm);

export async function parseHtmlPage(html: string, options: ParseOptions = {}): Promise<Capture> {
  const tree = unified().use(rehypeParse).parse(html);

  const siteName = meta(tree, 'og:site_name', 'application-name');
  const main = mainElement(tree);
  const chromeHeadings = selectAll('nav h1, header h1, footer h1, aside h1', tree);
  const outsideChrome = selectAll('h1', tree).find((node) => !chromeHeadings.includes(node));
  const headline = (main && select('h1', main)) ?? undefined;
  const title =
    text(headline) ??
    meta(tree, 'og:title', 'twitter:title') ??
    text(outsideChrome) ??
    withoutSiteName(text(select('title', tree)) ?? '', siteName);

  const base = [attribute(select('link[rel~="canonical"][href]', tree), 'href'), meta(tree, 'og:url')].find(
    (url) => url !== undefined && HTTP_URL.test(url),
  );
  const dates = [
    attribute(main && select('time[datetime]', main), 'dateTime'),
    meta(tree, 'article:published_time', 'datePublished', 'date', 'pubdate', 'dc.date'),
    attribute(select('[itemprop="datePublished"]', tree), 'content'),
    attribute(select('time[datetime]', tree), 'dateTime'),
  ];
  const author = meta(tree, 'author', 'article:author');
  const byline = text(select('[rel~="author"], [itemprop="author"], .byline, .author', main ?? tree))?.replace(
    /^by\s+/i,
    '',
  );

  const children = main ? resolveLinks(prune(main.children, headline), base) : [];
  const markdownTree = (await htmlToMarkdown.run({ type: 'root', children })) as MdastRoot;
  const body = markdownTree.children.length > 0 ? toMarkdown(markdownTree) : '';

  if (!title && !options.titleGiven) {
    throw new ImportError('no headline: the page has no <h1>, og:title or <title>; pass --title');
  }
  if (body.trim() === '') {
    throw new ImportError(
      `no article text: the page "${title || 'without a title'}" has no paragraphs outside its navigation and ads`,
    );
  }

  return {
    kind: 'HTML page',
    title: title || undefined,
    dek: meta(tree, 'description', 'og:description', 'twitter:description'),
    date: dates.map((value) => value && isoDayFromText(value)).find(Boolean),
    author: author && !HTTP_URL.test(author) ? author : byline,
    section: meta(tree, 'article:section'),
    lang: languageTag(attribute(select('html', tree), 'lang')),
    sourceName: siteName,
    sourceUrl: base,
    tags: metaAll(tree, 'article:tag'),
    body,
  };
}
