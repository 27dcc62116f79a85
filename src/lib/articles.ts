import { topicSlug } from './slug.ts';

/**
 * The query layer: pure functions over published articles. They take any
 * objects shaped like collection entries so unit tests can call them with
 * plain data, and every lookup by topic goes through one index so nothing is
 * an all-pairs comparison (a site with 10,000 articles stays fast).
 */

export interface ArticleLike {
  id: string;
  data: { title: string; date: Date; tags: string[]; draft?: boolean };
}

export interface Topic<A extends ArticleLike = ArticleLike> {
  name: string;
  slug: string;
  /** Newest first. */
  articles: A[];
}

/**
 * A topic as an article page names it: no articles, so no count. A page shows
 * nothing its `cacheKey` leaves out, and an article's key leaves out its
 * topics' counts (they change with every article published on the topic).
 */
export type TopicName = Pick<Topic, 'name' | 'slug'>;

/** Newest first; same day sorts by headline so the order never depends on file order. */
export function byNewest(a: ArticleLike, b: ArticleLike): number {
  return b.data.date.getTime() - a.data.date.getTime() || a.data.title.localeCompare(b.data.title, 'en');
}

export function sortArticles<A extends ArticleLike>(articles: readonly A[]): A[] {
  return [...articles].sort(byNewest);
}

/** Drafts are visible while writing (`astro dev`) and never in a production build. */
export function published<A extends ArticleLike>(articles: readonly A[], includeDrafts: boolean): A[] {
  return includeDrafts ? [...articles] : articles.filter((article) => !article.data.draft);
}

export class TopicSlugCollisionError extends Error {
  constructor(first: string, second: string, slug: string) {
    super(`Topics "${first}" and "${second}" both make the URL slug "${slug}": rename one of them.`);
    this.name = 'TopicSlugCollisionError';
  }
}

/**
 * Index of every topic by slug, each with its articles newest first. Two
 * different names that slug alike (`Covid 19` and `COVID-19`) would share a
 * page, so that is an error naming both.
 */
export function topicIndex<A extends ArticleLike>(articles: readonly A[]): Map<string, Topic<A>> {
  const index = new Map<string, Topic<A>>();
  for (const article of sortArticles(articles)) {
    for (const name of new Set(article.data.tags)) {
      const slug = topicSlug(name);
      const topic = index.get(slug);
      if (!topic) {
        index.set(slug, { name, slug, articles: [article] });
      } else if (topic.name !== name) {
        throw new TopicSlugCollisionError(topic.name, name, slug);
      } else {
        topic.articles.push(article);
      }
    }
  }
  return index;
}

export interface SourcedLike extends ArticleLike {
  /** Where the entry's file is, for error messages (collection entries have it). */
  filePath?: string | undefined;
  data: ArticleLike['data'] & { source: { name: string } };
}

/** One outlet (`source.name`) with its articles, for the sources pages. */
export interface Source<A extends SourcedLike = SourcedLike> {
  name: string;
  slug: string;
  /** Newest first. */
  articles: A[];
}

export class SourceSlugCollisionError extends Error {
  constructor(first: { name: string; file: string }, second: { name: string; file: string }, slug: string) {
    super(
      `Sources "${first.name}" (in ${first.file}) and "${second.name}" (in ${second.file}) both make the URL sources/${slug}/: spell the outlet the same way in both files.`,
    );
    this.name = 'SourceSlugCollisionError';
  }
}

/**
 * Index of every outlet by slug, each with its articles newest first. Two
 * spellings that slug alike ("The Sankei Shimbun", "The Sankei shimbun")
 * would share a page, so that is an error naming both files.
 */
export function sourceIndex<A extends SourcedLike>(articles: readonly A[]): Map<string, Source<A>> {
  const index = new Map<string, Source<A>>();
  for (const article of sortArticles(articles)) {
    const name = article.data.source.name.trim();
    const slug = topicSlug(name);
    const source = index.get(slug);
    if (!source) {
      index.set(slug, { name, slug, articles: [article] });
    } else if (source.name !== name) {
      const first = source.articles[0] as A;
      throw new SourceSlugCollisionError(
        { name: source.name, file: first.filePath ?? first.id },
        { name, file: article.filePath ?? article.id },
        slug,
      );
    } else {
      source.articles.push(article);
    }
  }
  return index;
}

/** Outlets for the sources page: most articles first, then alphabetical. */
export function sourcesWithCounts<A extends SourcedLike>(index: Map<string, Source<A>>): Source<A>[] {
  return [...index.values()].sort(
    (a, b) => b.articles.length - a.articles.length || a.name.localeCompare(b.name, 'en'),
  );
}

/** Topics for the topics page: most articles first, then alphabetical. */
export function topicsWithCounts<A extends ArticleLike>(index: Map<string, Topic<A>>): Topic<A>[] {
  return [...index.values()].sort(
    (a, b) => b.articles.length - a.articles.length || a.name.localeCompare(b.name, 'en'),
  );
}

/**
 * How many articles either side of an article, in each of its topics' lists,
 * are candidates for its related articles. It bounds the work per article:
 * walking whole topic lists would make the build quadratic, since on a real
 * site the biggest topics grow with the site (a topic on a fifth of 10,000
 * articles would be 2,000 steps for each of them).
 */
export const RELATED_WINDOW = 50;

const slugSets = new WeakMap<ArticleLike, Set<string>>();

/** An article's topic slugs, computed once per article. */
function topicSlugs(article: ArticleLike): Set<string> {
  let slugs = slugSets.get(article);
  if (!slugs) {
    slugs = new Set(article.data.tags.map(topicSlug));
    slugSets.set(article, slugs);
  }
  return slugs;
}

/**
 * What `relatedArticles` works with, numbered once per topic index: every
 * article gets a number, its topics and each topic's list become arrays of
 * numbers, and "newer" becomes a rank. Gathering an article's candidates and
 * counting the topics each shares are then array lookups, not string hashing
 * and date comparison, which were most of this function's time on a
 * 10,000-article build (some 240 candidates per article, each compared topic
 * by topic).
 */
interface RelatedTables {
  /** The articles by number. */
  articles: ArticleLike[];
  numberOf: Map<ArticleLike, number>;
  /** Each article's topics by number (no repeats). */
  topicsOf: Int32Array[];
  /** Each topic's articles by number, newest first, by topic number. */
  lists: Int32Array[];
  /** Position in `byNewest` order; articles that order does not tell apart share one. */
  rank: Int32Array;
  /** `topicMark[topic] === stamp`: the topic is one of the current article's. */
  topicMark: Int32Array;
  /** `seen[article] === stamp`: already a candidate of the current article. */
  seen: Int32Array;
  stamp: number;
}

const tablesByIndex = new WeakMap<Map<string, Topic<ArticleLike>>, RelatedTables>();

function relatedTables(index: Map<string, Topic<ArticleLike>>): RelatedTables {
  const known = tablesByIndex.get(index);
  if (known) return known;
  const topicNumber = new Map([...index.keys()].map((slug, n) => [slug, n]));
  const numberOf = new Map<ArticleLike, number>();
  const articles: ArticleLike[] = [];
  const topicsOf: Int32Array[] = [];
  // In the index's order, so a topic's number is its place in `lists`.
  const lists = [...index.values()].map((topic) =>
    Int32Array.from(topic.articles, (article) => {
      let n = numberOf.get(article);
      if (n === undefined) {
        n = articles.length;
        numberOf.set(article, n);
        articles.push(article);
        const numbers = [...topicSlugs(article)].map((s) => topicNumber.get(s) ?? -1).filter((t) => t >= 0);
        topicsOf.push(Int32Array.from(numbers));
      }
      return n;
    }),
  );
  const rank = new Int32Array(articles.length);
  const order = articles
    .map((_, n) => n)
    .sort((x, y) => byNewest(articles[x] as ArticleLike, articles[y] as ArticleLike));
  order.forEach((n, i) => {
    const previous = order[i - 1];
    const tied =
      previous !== undefined && byNewest(articles[previous] as ArticleLike, articles[n] as ArticleLike) === 0;
    rank[n] = tied ? (rank[previous] as number) : i;
  });
  const tables = {
    articles,
    numberOf,
    topicsOf,
    lists,
    rank,
    topicMark: new Int32Array(index.size),
    seen: new Int32Array(articles.length),
    stamp: 0,
  };
  tablesByIndex.set(index, tables);
  return tables;
}

/**
 * Other articles sharing at least one topic, ranked by how many topics they
 * share, then newest first. The candidates are, on each of the article's
 * topics, the `window` articles published either side of it: every article
 * of a topic up to `2 × window + 1` articles, and the ones nearest in time on
 * a bigger topic. So each article costs O(topics × (log N + window)), and a
 * whole build O(N log N), however big a topic grows. An article that is not
 * in `index` has none.
 */
export function relatedArticles<A extends ArticleLike>(
  article: A,
  index: Map<string, Topic<A>>,
  limit = 5,
  window = RELATED_WINDOW,
): A[] {
  if (limit <= 0) return [];
  const tables = relatedTables(index as Map<string, Topic<ArticleLike>>);
  const { articles, numberOf, topicsOf, lists, rank, topicMark, seen } = tables;
  const self = numberOf.get(article);
  if (self === undefined) return [];
  const stamp = (tables.stamp += 1);
  const own = topicsOf[self] as Int32Array;
  for (let t = 0; t < own.length; t += 1) topicMark[own[t] as number] = stamp;
  // Candidates in the order they are first met, topic by topic: the ranking's last tie-break.
  const candidates: number[] = [];
  for (let t = 0; t < own.length; t += 1) {
    const list = lists[own[t] as number] as Int32Array;
    // Where the article sits in the list (binary search: newest first, by rank).
    let at = 0;
    for (let hi = list.length; at < hi;) {
      const mid = (at + hi) >> 1;
      if ((rank[list[mid] as number] as number) < (rank[self] as number)) at = mid + 1;
      else hi = mid;
    }
    for (let i = Math.max(0, at - window), end = Math.min(list.length, at + window + 1); i < end; i += 1) {
      const other = list[i] as number;
      if (other === self || seen[other] === stamp) continue;
      seen[other] = stamp;
      candidates.push(other);
    }
  }
  // The best `limit` by shared topics, then newest: one pass keeping them in order (a candidate list runs to
  // hundreds per article, and sorting it whole was most of this function's time on a 10,000-article build).
  const best: { article: number; count: number }[] = [];
  const before = (a: { article: number; count: number }, b: { article: number; count: number }) =>
    a.count > b.count || (a.count === b.count && (rank[a.article] as number) < (rank[b.article] as number));
  for (const other of candidates) {
    const topics = topicsOf[other] as Int32Array;
    let count = 0;
    for (let t = 0; t < topics.length; t += 1) if (topicMark[topics[t] as number] === stamp) count += 1;
    const hit = { article: other, count };
    if (best.length === limit && !before(hit, best[limit - 1] as { article: number; count: number })) continue;
    let at = best.length;
    while (at > 0 && before(hit, best[at - 1] as { article: number; count: number })) at -= 1;
    best.splice(at, 0, hit);
    if (best.length > limit) best.pop();
  }
  return best.map((hit) => articles[hit.article] as A);
}

/** "1 article", "12 articles": how listings count. */
export function articleCount(n: number): string {
  return `${n} ${n === 1 ? 'article' : 'articles'}`;
}
