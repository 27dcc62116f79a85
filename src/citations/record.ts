import { parse as parseName } from '@citation-js/name';

/**
 * The one CSL-JSON record an article is cited from. Every style and export
 * format (APA, MLA, Chicago, BibTeX, RIS) is made from it by citation-js, so
 * they can never disagree. Pure: plain data in, plain data out.
 */

export interface CitedArticle {
  /** The article's slug; the record's id. */
  id: string;
  title: string;
  date: Date;
  author?: string | undefined;
  source: { name: string; page?: string | undefined };
  via?: { name: string } | undefined;
  lang: string;
  /** This site's canonical address for the article. */
  url: string;
}

/** CSL-JSON, as far as this site fills it (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html). */
export interface CslRecord {
  id: string;
  type: 'article-newspaper';
  title: string;
  'container-title': string;
  issued: { 'date-parts': [[number, number, number]] };
  author?: Record<string, string>[];
  page?: string;
  publisher?: string;
  source?: string;
  URL: string;
  language: string;
}

/**
 * The original outlet is the container (a newspaper article in "The Sankei
 * Shimbun", its date and print page); the summary's publisher (`via`) is the
 * publisher and the service it came through (`source`), since its text is
 * what the page carries; the address is this
 * site's, where the reader found it. No access date: it would change the
 * citation on every build.
 */
export function cslRecord(article: CitedArticle): CslRecord {
  const { date } = article;
  return {
    id: article.id,
    type: 'article-newspaper',
    title: article.title,
    'container-title': article.source.name,
    issued: { 'date-parts': [[date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]] },
    ...(article.author ? { author: [parseName(article.author)] } : {}),
    ...(article.source.page ? { page: article.source.page } : {}),
    // CSL's `source` is the service the item was found through: MLA prints it as the second container.
    ...(article.via ? { publisher: article.via.name, source: article.via.name } : {}),
    URL: article.url,
    language: article.lang,
  };
}
