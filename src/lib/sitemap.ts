/**
 * Which built pages the sitemap lists. Some routes are `noindex` views of a
 * page listed elsewhere (an article's print view names the article as
 * canonical), so listing them would send crawlers to pages they are told not
 * to index. They are named here by route, not by the shape of a path: a topic
 * called "Print" (`/topics/print/`) is an ordinary page and stays listed.
 */

/** Routes that are never listed, as paths under the site's base. */
export const UNLISTED_ROUTES: readonly RegExp[] = [
  // src/pages/articles/[slug]/print.astro
  /^articles\/[^/]+\/print\/?$/,
  // A day's printed edition, /editions/YYYY/MM/DD/print/ (the daily-editions work).
  /^editions\/\d{4}\/\d{2}\/\d{2}\/print\/?$/,
];

/**
 * `filter` for @astrojs/sitemap, which passes each page's absolute URL. The
 * base path is the one astro.config.ts builds with (`BASE_PATH`), so a site
 * under `/articles/` cannot be mistaken for the article route.
 */
export function inSitemap(page: string, base: string = process.env['BASE_PATH'] || '/'): boolean {
  const { pathname } = new URL(page, 'http://sitemap.invalid');
  const prefix = base.replace(/\/?$/, '/');
  const path = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : pathname.replace(/^\//, '');
  return !UNLISTED_ROUTES.some((route) => route.test(path));
}
