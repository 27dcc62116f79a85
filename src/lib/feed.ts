import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';

import type { ArticleKind, Publisher, SourceOfRecord } from './article-schema.ts';
import { attributionText } from './attribution.ts';

/**
 * Feed entries (RSS and Atom) from published articles. Pure: the route files
 * pass in the articles and a function giving each article's absolute URL.
 */

export interface FeedArticle {
  id: string;
  data: {
    title: string;
    dek: string;
    date: Date;
    updated?: Date | undefined;
    author?: string | undefined;
    source: SourceOfRecord;
    via?: Publisher | undefined;
    kind?: ArticleKind | undefined;
    tags: string[];
  };
  /** The body as the project's Markdown pipeline rendered (and sanitized) it. */
  rendered?: { html: string } | undefined;
}

export interface FeedEntry {
  /** Absolute article URL; also the entry's permanent id (GUID). */
  url: string;
  title: string;
  summary: string;
  /** Full body HTML, every link and source absolute, then the attribution as the page gives it. */
  html: string;
  /** "The Sankei Shimbun, p. 3 · Summary, via Japan Media Highlights": the attribution line, as text. */
  attribution: string;
  published: Date;
  updated: Date;
  topics: string[];
  /** Byline, or the original publisher when there is none. */
  author: { name: string; url?: string };
}

export class MissingRenderedBodyError extends Error {
  constructor(id: string) {
    super(`Article "${id}" has no rendered body: the feed needs the Markdown pipeline's HTML (entry.rendered.html).`);
    this.name = 'MissingRenderedBodyError';
  }
}

const URL_PROPERTIES = ['href', 'src', 'cite'] as const;

/**
 * Resolves every relative `href`/`src`/`cite` against the article's URL. A
 * feed reader shows the HTML on its own page, where `#user-content-fn-1` or
 * `../` would point into the reader instead of the article.
 */
export function absolutizeUrls(html: string, pageUrl: string): string {
  const tree = fromHtml(html, { fragment: true });
  visit(tree, 'element', (node: Element) => {
    for (const name of URL_PROPERTIES) {
      const value = node.properties[name];
      if (typeof value !== 'string') continue;
      try {
        node.properties[name] = new URL(value, pageUrl).href;
      } catch {
        // Not resolvable as a URL: the sanitizer already vetted the value, so leave it as written.
      }
    }
  });
  return toHtml(tree);
}

/**
 * How many articles a feed carries: at 10 to 30 items a day, two to five
 * days' worth, more than a reader polling daily misses. The whole archive
 * in full text was a feed of 67 MB at 10,000 articles (RSS and Atom together
 * about 13 KB of every article's share of the site), which no feed reader
 * fetches, rebuilt on every build. The archive lives on the site.
 */
export const FEED_SIZE = 50;

/**
 * The articles a feed carries: the `size` last changed (published, or
 * updated by a correction, so a correction reaches subscribers), newest
 * first; ties by headline, so the order never depends on file order.
 */
export function feedArticles<A extends FeedArticle>(articles: readonly A[], size = FEED_SIZE): A[] {
  const changed = (article: A) => (article.data.updated ?? article.data.date).getTime();
  return [...articles]
    .sort((a, b) => changed(b) - changed(a) || a.data.title.localeCompare(b.data.title, 'en'))
    .slice(0, size);
}

/** Feed entries for the articles a feed carries (`feedArticles`), in that order. */
export function feedEntries(articles: readonly FeedArticle[], urlFor: (id: string) => string): FeedEntry[] {
  return feedArticles(articles).map((article) => {
    const { title, dek, date, updated, author, source, via, kind, tags } = article.data;
    const url = urlFor(article.id);
    if (article.rendered?.html === undefined) throw new MissingRenderedBodyError(article.id);
    const attribution = `${attributionText(source, kind)}${via ? `, via ${via.name.trim()}` : ''}`;
    // A feed reader shows the body alone, so it ends with the source, as the page's attribution does.
    const sourceLine = toHtml({
      type: 'element',
      tagName: 'p',
      properties: {},
      children: [{ type: 'text', value: `Source: ${attribution}` }],
    });
    return {
      url,
      title,
      summary: dek,
      html: `${absolutizeUrls(article.rendered.html, url)}\n${sourceLine}`,
      attribution,
      published: date,
      updated: updated ?? date,
      topics: [...tags],
      author: author ? { name: author } : { name: source.name, url: source.url },
    };
  });
}

/** The newest `updated` date among the entries: the feed's own last change, stable across rebuilds. */
export function lastUpdated(entries: readonly FeedEntry[], fallback = new Date(0)): Date {
  return entries.reduce((latest, entry) => (entry.updated > latest ? entry.updated : latest), fallback);
}
