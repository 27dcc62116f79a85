import { Readability } from '@mozilla/readability';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { select, selectAll } from 'hast-util-select';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import { parseHTML } from 'linkedom';
import type { Root as MdastRoot } from 'mdast';
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { unified } from 'unified';

import type { ArticleKind } from '../lib/article-schema.ts';
import { type Capture, ImportError, type ParseOptions } from './capture.ts';
import { isoDayFromText } from './dates.ts';
import { linkedArticle } from './json-ld.ts';
import { kindLabel, type SourceLabel, sourceLabel } from './labels.ts';
import { firstParagraphText, toMarkdown } from './markdown.ts';
import { importSanitizeSchema } from './sanitize-schema.ts';

/**
 * Saved web pages ("Save page as…", or the HTML a crawler kept). Mozilla's
 * Readability (the engine of Firefox Reader View), run over a linkedom DOM,
 * finds the article text; it then goes through the project's own unified
 * stack: rehype-sanitize with a stricter import allow-list, rehype-remark,
 * remark-stringify. Metadata comes from the page's JSON-LD first, then Open
 * Graph and other `<meta>`, then what the page shows.
 */

/**
 * What pages mark, by element or ARIA role, as not being the article. These
 * go before Readability runs: it picks the article well but keeps a short
 * block inside it (it turns `<div class="share">Share this</div>` into a
 * paragraph), and an entry must never quote a site's menu or its readers'
 * comments.
 */
const FURNITURE_SELECTOR = [
  'nav',
  'aside',
  'footer',
  'form',
  'dialog',
  'menu',
  'button',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'noscript',
  '[hidden]',
  '[aria-hidden="true"]',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[role="search"]',
  '[role="dialog"]',
  // AMP's own furniture: ads, share bars, menus, consent and analytics.
  'amp-ad',
  'amp-embed',
  'amp-sticky-ad',
  'amp-sidebar',
  'amp-social-share',
  'amp-analytics',
  'amp-consent',
  'amp-iframe',
].join(', ');

/** Photos and other media: not imported (an entry must not hot-link another site's images), so their captions go too. */
const MEDIA = 'img, picture, video, audio, amp-img, amp-video, amp-carousel';

/**
 * Class or id words that mark advertising, sharing, comments and promotion.
 * A whole word must match (`ad`, `ad-slot`, `share-bar`), so `header-image`
 * or `loaded` do not count.
 */
const FURNITURE_WORD =
  /(?:^|[-_\s])(?:ad|ads|adv|advert|advertisement|adsbygoogle|banner|sponsor|sponsored|promo|promotion|newsletter|subscribe|paywall|share|sharing|social|related|recommended|outbrain|taboola|cookie|consent|comments?|disqus|breadcrumbs?|toolbar|skip-link)(?:$|[-_\s])/i;

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
    if (content) return content.replace(/\s+/g, ' ');
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

/** `By Ana Lima` -> `Ana Lima`; a profile URL is not a name. */
function authorName(value: string | null | undefined): string | undefined {
  const name = value
    ?.replace(/\s+/g, ' ')
    .replace(/^by\s+/i, '')
    .trim();
  return name && !HTTP_URL.test(name) ? name : undefined;
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

const HEADLINE_MARK = 'data-import-h1';
/** Longest block still read as a digest label ("Sankei, p. 3"); a longer one is article text. */
const MAX_LABEL = 120;

/** The digest's labels a page shows by its headline or at the top of the article. */
interface Labels {
  source?: SourceLabel;
  kind?: ArticleKind;
}

/**
 * The short blocks right before and after `node`, up to three each way,
 * stopping at the first long one: where a digest puts an item's labels.
 */
function* besideHeadline(node: globalThis.Element): Generator<globalThis.Element> {
  const short = (el: globalThis.Element) => el.textContent.replace(/\s+/g, ' ').trim().length <= MAX_LABEL;
  for (const step of ['previousElementSibling', 'nextElementSibling'] as const) {
    let el = node[step];
    for (let count = 0; el && count < 3 && short(el) && !el.querySelector('h1'); count++, el = el[step]) yield el;
  }
}

/** Takes `value` as a label if it is one not yet seen; true if it was. */
function readLabel(labels: Labels, value: string): boolean {
  const line = value.replace(/\s+/g, ' ').trim();
  if (line === '' || line.length > MAX_LABEL) return false;
  const kind = labels.kind === undefined ? kindLabel(line) : undefined;
  if (kind !== undefined) {
    labels.kind = kind;
    return true;
  }
  const source = labels.source === undefined ? sourceLabel(line) : undefined;
  if (source === undefined) return false;
  labels.source = source;
  return true;
}

/**
 * The article as Readability extracts it, from a DOM without the page's
 * furniture, and the article's own headline (its first `<h1>`), which is taken
 * out of the body: it becomes the title, never the body's first line.
 */
function readableArticle(tree: HastRoot): {
  body: ElementContent[];
  headline?: string;
  byline?: string;
  labels: Labels;
} {
  // parse5 (through rehype-parse) has already built a whole document from any
  // fragment; linkedom parses that serialisation exactly, where it would put a
  // bare fragment's elements outside <body> and Readability would see nothing.
  const { document } = parseHTML(toHtml(tree));
  for (const node of document.querySelectorAll(FURNITURE_SELECTOR)) node.remove();
  for (const node of document.querySelectorAll('figure')) {
    if (node.querySelector(MEDIA)) node.remove();
  }
  for (const node of document.querySelectorAll('[class], [id]')) {
    // Page-wide wrappers carry words like `has-comments` about the whole page, not a block of it.
    if (['HTML', 'BODY', 'MAIN', 'ARTICLE'].includes(node.tagName.toUpperCase())) continue;
    // So do wrappers (`<div class="comments-enabled">`): a share bar or a comment thread never holds the headline.
    if (node.querySelector('h1')) continue;
    if (FURNITURE_WORD.test(`${node.getAttribute('class') ?? ''} ${node.getAttribute('id') ?? ''}`)) node.remove();
  }
  // Readability turns <h1> into <h2>, or drops it when it repeats its own idea
  // of the title; the mark says which heading of what it kept was an <h1>: the first is the headline.
  for (const node of document.querySelectorAll('body h1')) node.setAttribute(HEADLINE_MARK, '');
  // The article's own <h1>, not a site name set as one in the masthead; the
  // masthead (a <header> of the whole page) goes unless it holds the headline.
  const headline = document.querySelector('article h1, main h1, [role="main"] h1') ?? document.querySelector('body h1');
  for (const node of document.querySelectorAll('body > header, body > div > header')) {
    if (!headline || !node.contains(headline)) node.remove();
  }
  // A digest item's labels sit beside its headline, or beside the header the headline is in.
  const labels: Labels = {};
  const neighbours = [headline, headline?.parentElement].flatMap((node) =>
    node && node.tagName.toUpperCase() !== 'BODY' ? [...besideHeadline(node)] : [],
  );
  for (const node of neighbours) {
    if (readLabel(labels, node.textContent)) node.remove();
  }
  // A short page is still an article: with Readability's default threshold
  // (500 characters) it would retry with its cleaning turned off.
  const article = new Readability(document as unknown as Document, { charThreshold: 100 }).parse();
  const content = unified()
    .use(rehypeParse, { fragment: true })
    .parse(article?.content ?? '');
  const marked = select(`[${HEADLINE_MARK}]`, content);
  // Or labels as the article's first short blocks (of its first four), before its text begins.
  const taken = new Set<Element>(marked ? [marked] : []);
  for (const block of selectAll('p, h2, h3, h4, h5, h6', content).slice(0, 4)) {
    if (taken.has(block)) continue;
    if (!readLabel(labels, toString(block))) {
      if (toString(block).trim().length > MAX_LABEL) break;
      continue;
    }
    taken.add(block);
  }
  // Not kept at all: Readability dropped it as the title.
  const title = text(marked) ?? (headline?.textContent.replace(/\s+/g, ' ').trim() || undefined);
  return {
    body: removeNodes(content.children as ElementContent[], taken),
    ...(title === undefined ? {} : { headline: title }),
    ...(article?.byline ? { byline: article.byline } : {}),
    labels,
  };
}

function removeNodes(children: ElementContent[], targets: ReadonlySet<Element>): ElementContent[] {
  return children.flatMap((child): ElementContent[] => {
    if (child.type === 'element' && targets.has(child)) return [];
    return child.type === 'element' ? [{ ...child, children: removeNodes(child.children, targets) }] : [child];
  });
}

const htmlToMarkdown = unified().use(rehypeSanitize, importSanitizeSchema).use(rehypeRemark).use(remarkGfm);

export async function parseHtmlPage(html: string, options: ParseOptions = {}): Promise<Capture> {
  const tree = unified().use(rehypeParse).parse(html);
  const ld = linkedArticle(selectAll('script[type="application/ld+json" i]', tree).map((node) => toString(node)));

  const siteName = ld?.publisherName ?? meta(tree, 'og:site_name', 'application-name');
  const article = readableArticle(tree);
  const title =
    ld?.headline ??
    meta(tree, 'og:title', 'twitter:title') ??
    article.headline ??
    withoutSiteName(text(select('title', tree)) ?? '', siteName);

  const base = [attribute(select('link[rel~="canonical"][href]', tree), 'href'), ld?.url, meta(tree, 'og:url')].find(
    (url) => url !== undefined && HTTP_URL.test(url),
  );
  const date = [
    ld?.datePublished,
    meta(tree, 'article:published_time', 'datePublished', 'date', 'pubdate', 'dc.date'),
    attribute(select('[itemprop="datePublished"]', tree), 'content'),
    attribute(select('time[datetime]', tree), 'dateTime'),
    // Last, the date as the page shows it: `3 December 2025` in a dateline.
    ...selectAll('time, .date, .dateline, .published, .timestamp', tree).map((node) => text(node)),
  ]
    .map((value) => value && isoDayFromText(value))
    .find(Boolean);

  const children = resolveLinks(article.body, base);
  const markdownTree = (await htmlToMarkdown.run({ type: 'root', children })) as MdastRoot;
  const body = markdownTree.children.length > 0 ? toMarkdown(markdownTree) : '';

  if (!title && !options.titleGiven) {
    throw new ImportError('no headline: the page has no JSON-LD headline, og:title, <h1> or <title>; pass --title');
  }
  if (body.trim() === '') {
    throw new ImportError(
      `no article text: the page "${title || 'without a title'}" has no paragraphs outside its navigation and ads`,
    );
  }

  const ldAuthors = ld?.authors.map(authorName).filter(Boolean).join(', ');
  return {
    format: 'HTML page',
    title: title || undefined,
    dek: ld?.description ?? meta(tree, 'description', 'og:description', 'twitter:description'),
    date: date ?? article.labels.source?.date,
    author: ldAuthors || authorName(meta(tree, 'author', 'article:author')) || authorName(article.byline),
    section: ld?.section ?? meta(tree, 'article:section'),
    lang: languageTag(ld?.lang) ?? languageTag(attribute(select('html', tree), 'lang')),
    // A digest's label names the original outlet; the page's own publisher is the digest.
    sourceName: article.labels.source?.name ?? siteName,
    sourceUrl: article.labels.source ? article.labels.source.url : base,
    page: article.labels.source?.page,
    time: article.labels.source?.time,
    kind: article.labels.kind ?? article.labels.source?.kind,
    // …and where the digest published it, when the page says both.
    ...(article.labels.source && siteName && base ? { viaName: siteName, viaUrl: base } : {}),
    tags: ld && ld.keywords.length > 0 ? ld.keywords : metaAll(tree, 'article:tag'),
    body,
    lead: firstParagraphText(markdownTree),
  };
}
