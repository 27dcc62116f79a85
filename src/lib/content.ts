import { type CollectionEntry, getCollection } from 'astro:content';

import { published, relatedArticles, sortArticles, topicIndex } from './articles.ts';
import { topicSlug } from './slug.ts';

export type Article = CollectionEntry<'articles'>;

/** Every article the site publishes, newest first (drafts only under `astro dev`). */
export async function getArticles(): Promise<Article[]> {
  return sortArticles(published(await getCollection('articles'), import.meta.env.DEV));
}

/** Topic index over the published articles; throws on two topics that slug alike. */
export async function getTopicIndex() {
  return topicIndex(await getArticles());
}

/**
 * One static path per article with what its pages show beside the body: its
 * topics (with counts) and related articles. Shared by the article page and
 * its print page so both always exist for the same slugs.
 */
export async function getArticlePaths() {
  const articles = await getArticles();
  const index = topicIndex(articles);
  return articles.map((article) => ({
    params: { slug: article.id },
    props: {
      article,
      topics: article.data.tags.flatMap((tag) => index.get(topicSlug(tag)) ?? []),
      related: relatedArticles(article, index),
    },
  }));
}
