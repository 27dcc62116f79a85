import astroSitemap, { type SitemapOptions } from '@astrojs/sitemap';
import type { AstroIntegration } from 'astro';

/**
 * The order @astrojs/sitemap lists URLs in: it sorts them with
 * `a.localeCompare(b, 'en', { numeric: true })` (generate-sitemap.js in
 * @astrojs/sitemap 3.7.4), which builds a new ICU collator for every
 * comparison. On the 13,800 pages of a 10,000-article build that sort took
 * 1.5 s, on every build, however little changed. One collator compares the
 * same way (ECMA-402: `localeCompare` with locales or options behaves as a new
 * `Intl.Collator` with them) about twenty times as fast.
 */
const SITEMAP_ORDER = new Intl.Collator('en', { numeric: true });

/**
 * Astro's built pages in the order the sitemap will list them. Every URL the
 * sitemap sorts is the site's base URL followed by a page's pathname, so the
 * pathnames sort the same way. Sorted input costs the sitemap's own sort one
 * comparison per page instead of some fourteen.
 */
export function inSitemapOrder<Page extends { pathname: string }>(pages: readonly Page[]): Page[] {
  return pages
    .map((page) => ({ page, path: page.pathname.replace(/^\//, '') }))
    .sort((a, b) => SITEMAP_ORDER.compare(a.path, b.path))
    .map(({ page }) => page);
}

/**
 * @astrojs/sitemap, handed Astro's pages already in sitemap order. The
 * sitemap it writes is the same file, since it still sorts them itself: only
 * the time its sort takes changes (1.5 s to about 0.15 s at 10,000 articles,
 * measured in docs/performance.md, "Three fixed costs taken off every build").
 */
export default function sitemap(options?: SitemapOptions): AstroIntegration {
  const integration = astroSitemap(options);
  const buildDone = integration.hooks['astro:build:done'];
  if (!buildDone) return integration;
  return {
    ...integration,
    hooks: {
      ...integration.hooks,
      'astro:build:done': (params) => buildDone({ ...params, pages: inSitemapOrder(params.pages) }),
    },
  };
}
