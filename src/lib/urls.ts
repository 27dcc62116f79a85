import { topicSlug } from './slug.ts';

/**
 * Every internal link goes through here so the site works at a domain root
 * and under a sub-path (`BASE_PATH=/news/`) alike.
 */
export function withBase(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/+$/, '');
  const rest = path.replace(/^\/+/, '');
  return `${base}/${rest}`;
}

export const articleUrl = (id: string) => withBase(`articles/${id}/`);
export const topicUrl = (name: string) => withBase(`topics/${topicSlug(name)}/`);

/** Absolute URL (on `SITE_URL`) for a path that already carries the base, e.g. from `withBase()`. */
export const absoluteUrl = (path: string) => new URL(path, import.meta.env.SITE).href;
