import { type CollectionEntry, getCollection } from 'astro:content';

import { published, sortArticles, type Topic, topicIndex } from './articles.ts';

export type Article = CollectionEntry<'articles'>;

// A production build asks for the articles from every route (home, each
// article, each topic); nothing changes during a build, so they are read,
// sorted and indexed once. The dev server must see edits, so it reads afresh.
let articles: Promise<Article[]> | undefined;
let index: Promise<Map<string, Topic<Article>>> | undefined;

async function loadArticles(): Promise<Article[]> {
  return sortArticles(published(await getCollection('articles'), import.meta.env.DEV));
}

/** Every article the site publishes, newest first (drafts only under `astro dev`). */
export function getArticles(): Promise<Article[]> {
  if (import.meta.env.DEV) return loadArticles();
  return (articles ??= loadArticles());
}

/** Topic index over the published articles; throws on two topics that slug alike. */
export function getTopicIndex(): Promise<Map<string, Topic<Article>>> {
  if (import.meta.env.DEV) return getArticles().then(topicIndex);
  return (index ??= getArticles().then(topicIndex));
}
