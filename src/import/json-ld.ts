/**
 * The article metadata a page states in its JSON-LD (`<script
 * type="application/ld+json">`), the most exact source a news page offers:
 * publishers write it for search engines, so it names the headline, date,
 * authors and publisher as data rather than as layout.
 */

export interface LinkedArticle {
  headline?: string | undefined;
  description?: string | undefined;
  /** As written: an ISO date or date-time. */
  datePublished?: string | undefined;
  authors: string[];
  publisherName?: string | undefined;
  publisherUrl?: string | undefined;
  url?: string | undefined;
  section?: string | undefined;
  lang?: string | undefined;
  keywords: string[];
}

/** Schema.org types that describe one article (NewsArticle and its kin). */
const ARTICLE_TYPES = new Set([
  'Article',
  'NewsArticle',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'OpinionNewsArticle',
  'BackgroundNewsArticle',
  'ReviewNewsArticle',
  'BlogPosting',
  'Report',
]);

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

function types(node: Node): string[] {
  const type = node['@type'];
  const list = Array.isArray(type) ? type : [type];
  // `https://schema.org/NewsArticle` and `schema:NewsArticle` name the same type.
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/:#]/, ''));
}

/** Every object in a JSON-LD document: top-level arrays and `@graph` lists flattened. */
function nodes(value: unknown): Node[] {
  if (Array.isArray(value)) return value.flatMap(nodes);
  if (!isNode(value)) return [];
  const graph = value['@graph'];
  return [value, ...(graph === undefined ? [] : nodes(graph))];
}

function clean(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

/**
 * Reads the first article node from the page's JSON-LD blocks. A block that is
 * not valid JSON is skipped: the page's other metadata still applies.
 * References by `@id` (a `@graph` that names its publisher once) are followed.
 */
export function linkedArticle(blocks: readonly string[]): LinkedArticle | undefined {
  const all = blocks.flatMap((block) => {
    try {
      return nodes(JSON.parse(block));
    } catch {
      return [];
    }
  });
  const byId = new Map(all.filter((n) => typeof n['@id'] === 'string').map((n) => [n['@id'] as string, n]));
  const resolve = (value: unknown): unknown => {
    if (isNode(value) && typeof value['@id'] === 'string' && Object.keys(value).length === 1) {
      return byId.get(value['@id']) ?? value;
    }
    return value;
  };
  const name = (value: unknown): string | undefined => {
    const node = resolve(value);
    return typeof node === 'string' ? clean(node) : isNode(node) ? clean(node['name']) : undefined;
  };
  const url = (value: unknown): string | undefined => {
    const node = resolve(value);
    return typeof node === 'string' ? clean(node) : isNode(node) ? clean(node['url'] ?? node['@id']) : undefined;
  };
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

  const article = all.find((node) => types(node).some((type) => ARTICLE_TYPES.has(type)));
  if (!article) return undefined;

  const keywords = list(article['keywords']).flatMap((value) =>
    typeof value === 'string' ? value.split(',').map((word) => word.trim()) : [],
  );
  const publisher = resolve(article['publisher']);
  return {
    headline: clean(article['headline']) ?? clean(article['name']),
    description: clean(article['description']),
    datePublished: clean(article['datePublished']) ?? clean(article['dateCreated']),
    authors: list(article['author'])
      .map(name)
      .filter((author): author is string => author !== undefined),
    publisherName: name(publisher),
    publisherUrl: isNode(publisher) ? clean(publisher['url']) : undefined,
    url: clean(article['url']) ?? url(article['mainEntityOfPage']),
    section: list(article['articleSection']).map(clean).find(Boolean),
    lang: clean(article['inLanguage']),
    keywords: keywords.filter(Boolean),
  };
}
