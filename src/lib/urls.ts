import { dayOf, editionPath, monthPath, yearPath } from './editions.ts';
import { topicSlug } from './slug.ts';

/**
 * Every internal link goes through here so the site works at a domain root
 * and under a sub-path (`BASE_PATH=/news/`) alike.
 */
export function withBase(path: string): string {
  return underBase(import.meta.env.BASE_URL, path);
}

/** `path` under `base`, for code that has the base from Astro's config rather than from Vite (the build integration). */
export function underBase(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** An article's own path under `base`: the one formula for the page's link and the citation record's address. */
export const articlePath = (id: string, base: string) => underBase(base, `articles/${id}/`);
export const articleUrl = (id: string) => articlePath(id, import.meta.env.BASE_URL);
export const topicUrl = (name: string) => withBase(`topics/${topicSlug(name)}/`);
/** An outlet's page; outlet names slug like topics (`The Sankei Shimbun` -> `the-sankei-shimbun`). */
export const sourceUrl = (name: string) => withBase(`sources/${topicSlug(name)}/`);
export const sourcesUrl = () => withBase('sources/');

/** Absolute URL (on `SITE_URL`) for a path that already carries the base, e.g. from `withBase()`. */
export const absoluteUrl = (path: string) => new URL(path, import.meta.env.SITE).href;

/** The edition of a day (`/editions/2016/05/12/`): the day is the date's UTC calendar day. */
export const editionUrl = (date: Date) => {
  const [year, month, day] = dayOf(date).split('-').map(Number) as [number, number, number];
  return withBase(editionPath(year, month, day));
};
/** The whole edition as one printable document. */
export const editionPrintUrl = (date: Date) => `${editionUrl(date)}print/`;
export const monthUrl = (year: number, month: number) => withBase(monthPath(year, month));
export const yearUrl = (year: number) => withBase(yearPath(year));
export const editionsUrl = () => withBase('editions/');
