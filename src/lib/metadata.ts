/**
 * Machine-readable descriptions of an article: Open Graph, Twitter card and
 * schema.org JSON-LD. Pure functions over plain data, so the unit tests and
 * the page share one source and the tags can never disagree with each other.
 */

import type { Publisher } from './article-schema.ts';

export interface ArticleFacts {
  /** Absolute canonical URL of the article page. */
  url: string;
  title: string;
  description: string;
  date: Date;
  updated?: Date | undefined;
  author?: string | undefined;
  source: Publisher;
  via?: Publisher | undefined;
  topics: readonly string[];
  lang: string;
  /** Corrections as plain text, in the order the page lists them (newest first). */
  corrections?: readonly { date: Date; text: string }[] | undefined;
  /** The site publishing this page, with its absolute home URL. */
  site: Publisher;
}

/**
 * An article date as a full timestamp with an explicit offset. Dates are
 * calendar days stored as midnight UTC, so the offset is always +00:00 and the
 * day never shifts for a reader in another zone.
 */
export function isoDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

/** `property`/`content` pairs for the Open Graph tags of an article page. */
export function openGraph(facts: ArticleFacts): { property: string; content: string }[] {
  return [
    { property: 'og:type', content: 'article' },
    { property: 'og:site_name', content: facts.site.name },
    { property: 'og:title', content: facts.title },
    { property: 'og:description', content: facts.description },
    { property: 'og:url', content: facts.url },
    { property: 'article:published_time', content: isoDateTime(facts.date) },
    { property: 'article:modified_time', content: isoDateTime(facts.updated ?? facts.date) },
    ...facts.topics.map((topic) => ({ property: 'article:tag', content: topic })),
  ];
}

/**
 * `name`/`content` pairs for a Twitter (X) summary card; there are no article
 * images. Only the card type: X reads the title and description from
 * `og:title` and `og:description` when `twitter:title` and
 * `twitter:description` are absent, so repeating them would cost every
 * article page the headline and dek once more for nothing.
 */
export function twitterCard(): { name: string; content: string }[] {
  return [{ name: 'twitter:card', content: 'summary' }];
}

/**
 * schema.org `NewsArticle`. Without a byline the original publisher is the
 * author, as the page's attribution line says; this site is the publisher of
 * the page itself. `isBasedOn` is the document whose text the page carries:
 * the English summary when there is one, else the original.
 */
export function newsArticleJsonLd(facts: ArticleFacts) {
  const organization = (publisher: Publisher) => ({
    '@type': 'Organization',
    name: publisher.name,
    url: publisher.url,
  });
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': facts.url,
    url: facts.url,
    mainEntityOfPage: facts.url,
    headline: facts.title,
    description: facts.description,
    datePublished: isoDateTime(facts.date),
    dateModified: isoDateTime(facts.updated ?? facts.date),
    author: facts.author ? { '@type': 'Person', name: facts.author } : organization(facts.source),
    publisher: organization(facts.site),
    sourceOrganization: organization(facts.source),
    isBasedOn: (facts.via ?? facts.source).url,
    keywords: [...facts.topics],
    inLanguage: facts.lang,
    // schema.org `correction`: each published correction, as the page's Corrections list shows it.
    ...(facts.corrections?.length
      ? {
          correction: facts.corrections.map((entry) => ({
            '@type': 'CorrectionComment',
            datePublished: isoDateTime(entry.date),
            text: entry.text,
          })),
        }
      : {}),
  };
}

/**
 * JSON for an inline `<script type="application/ld+json">`. `<`, `>` and `&`
 * are escaped so text like `</script>` in a headline cannot end the element;
 * U+2028/9 are escaped for old parsers that treat them as line ends.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * Longest `<title>` in characters. Search results cut titles near 60–70
 * characters and html-validate's `long-title` rule stops at 70.
 */
export const MAX_TITLE_LENGTH = 70;

/**
 * The document title: "Headline · Site" when that fits, else the headline
 * alone, else the headline cut at a word boundary with an ellipsis. The full
 * headline stays in the page, Open Graph and JSON-LD.
 */
export function documentTitle(title: string, siteName: string, max = MAX_TITLE_LENGTH): string {
  if (title === siteName) return title;
  const withSite = `${title} · ${siteName}`;
  if ([...withSite].length <= max) return withSite;
  const chars = [...title];
  if (chars.length <= max) return title;
  const cut = chars.slice(0, max - 1).join('');
  // Drop the last word unless the cut fell exactly between two words.
  const atWord = /\s/.test(chars[max - 1] ?? ' ') ? cut : cut.replace(/\s+\S*$/, '');
  return `${(atWord.length > 0 ? atWord : cut).replace(/[\s,;:.·–—-]+$/, '')}…`;
}

export interface CollectionFacts {
  /** Absolute canonical URL of the listing page. */
  url: string;
  name: string;
  description: string;
  /** The day the collection covers (an edition). */
  date?: Date | undefined;
  /** The articles listed, with their absolute URLs, in page order. */
  items: readonly { url: string; name: string }[];
  site: Publisher;
}

/** schema.org `CollectionPage` for an edition: the day's articles as an ordered `ItemList`. */
export function collectionPageJsonLd(facts: CollectionFacts) {
  return {
    '@context': 'https://schema.org',
    '@type': 'CollectionPage',
    '@id': facts.url,
    url: facts.url,
    name: facts.name,
    description: facts.description,
    ...(facts.date ? { datePublished: isoDateTime(facts.date) } : {}),
    isPartOf: { '@type': 'WebSite', name: facts.site.name, url: facts.site.url },
    mainEntity: {
      '@type': 'ItemList',
      numberOfItems: facts.items.length,
      itemListElement: facts.items.map((item, i) => ({
        '@type': 'ListItem',
        position: i + 1,
        url: item.url,
        name: item.name,
      })),
    },
  };
}
