import { type CollectionEntry, getCollection } from 'astro:content';

import { published, sortArticles, topicIndex } from './articles.ts';

export type Article = CollectionEntry<'articles'>;

/** Every article the site publishes, newest first (drafts only under `astro dev`). */
export async function getArticles(): Promise<Article[]> {
  return sortArticles(published(await getCollection('articles'), import.meta.env.DEV));
}

/** Topic index over the published articles; throws on two topics that slug alike. */
export async function getTopicIndex() {
  return topicIndex(await getArticles());
}
