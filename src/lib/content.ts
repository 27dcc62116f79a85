import { type CollectionEntry, getCollection, render } from 'astro:content';

import {
  published,
  relatedArticles,
  type Source,
  sortArticles,
  sourceIndex,
  type Topic,
  topicIndex,
  type TopicName,
} from './articles.ts';
import { type Edition, editionMonths, editionsByDay, editionYears } from './editions.ts';
import { citationsVersion } from '../citations/citations.ts';
import { cacheKey, entryFingerprint } from './cache-key.ts';
import { topicSlug } from './slug.ts';

export type Article = CollectionEntry<'articles'>;

// A production build asks for the articles from every route (home, each
// article, each topic); nothing changes during a build, so they are read,
// sorted and indexed once. The dev server must see edits, so it reads afresh.
let articles: Promise<Article[]> | undefined;
let index: Promise<Map<string, Topic<Article>>> | undefined;
let sources: Promise<Map<string, Source<Article>>> | undefined;

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

/** The archive by date: every edition oldest first, and the months and years that have one. */
export interface EditionArchive {
  editions: Edition<Article>[];
  months: ReturnType<typeof editionMonths<Article>>;
  years: ReturnType<typeof editionYears<Article>>;
}

let archive: Promise<EditionArchive> | undefined;

async function loadArchive(): Promise<EditionArchive> {
  const editions = editionsByDay(await getArticles());
  const months = editionMonths(editions);
  return { editions, months, years: editionYears(months) };
}

/** Every edition (a day with articles), month and year, computed once per build. */
export function getEditionArchive(): Promise<EditionArchive> {
  if (import.meta.env.DEV) return loadArchive();
  return (archive ??= loadArchive());
}

/** Outlet index over the published articles; throws on two outlet names that slug alike. */
export function getSourceIndex(): Promise<Map<string, Source<Article>>> {
  if (import.meta.env.DEV) return getArticles().then(sourceIndex);
  return (sources ??= getArticles().then(sourceIndex));
}

/**
 * One static path per article with what its page shows beside the body: its
 * topics (names only: no counts, so a new article re-renders only the pages
 * that list or relate it, not every article on its topics) and related
 * articles, and the incremental build's `cacheKey` over all of it
 * (src/lib/cache-key.ts).
 */
export async function getArticlePaths() {
  const articles = await getArticles();
  const index = await getTopicIndex();
  return articles.map((article) => {
    const topics: TopicName[] = article.data.tags.flatMap((tag) => {
      const topic = index.get(topicSlug(tag));
      return topic ? [{ slug: topic.slug, name: topic.name }] : [];
    });
    const related = relatedArticles(article, index);
    return {
      params: { slug: article.id },
      props: { article, topics, related },
      // Its own entry (frontmatter, so its corrections and source of record too), its
      // topics' slugs and names, the related articles, and what its citations are made with.
      cacheKey: cacheKey(
        'article',
        entryFingerprint(article),
        topics.map((topic) => [topic.slug, topic.name]),
        related.map(entryFingerprint),
        citationsVersion(),
      ),
    };
  });
}

/**
 * Renders an article's body once, with its reading time. The time is counted
 * by the Markdown pipeline (`remarkReadingTime`), because the collection does
 * not keep the raw body (`retainBody: false`).
 */
export async function renderArticle(article: Article) {
  const { Content, remarkPluginFrontmatter } = await render(article);
  return { Content, minutes: Number(remarkPluginFrontmatter['minutes'] ?? 1) };
}
