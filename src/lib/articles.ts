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

/** Topics for the topics page: most articles first, then alphabetical. */
export function topicsWithCounts<A extends ArticleLike>(index: Map<string, Topic<A>>): Topic<A>[] {
  return [...index.values()].sort(
    (a, b) => b.articles.length - a.articles.length || a.name.localeCompare(b.name, 'en'),
  );
}

/**
 * Other articles sharing at least one topic, ranked by how many topics they
 * share, then newest first. Walks only the article's own topics in the index.
 */
export function relatedArticles<A extends ArticleLike>(article: A, index: Map<string, Topic<A>>, limit = 5): A[] {
  const shared = new Map<string, { article: A; count: number }>();
  for (const name of new Set(article.data.tags)) {
    for (const other of index.get(topicSlug(name))?.articles ?? []) {
      if (other.id === article.id) continue;
      const hit = shared.get(other.id);
      if (hit) hit.count += 1;
      else shared.set(other.id, { article: other, count: 1 });
    }
  }
  return [...shared.values()]
    .sort((a, b) => b.count - a.count || byNewest(a.article, b.article))
    .slice(0, limit)
    .map((hit) => hit.article);
}
