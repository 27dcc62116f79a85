/**
 * Which built pages the sitemap lists. Print views (`/articles/<slug>/print/`)
 * are `noindex` copies of their article, so listing them would send crawlers
 * to pages they are told not to index.
 */
export function inSitemap(page: string): boolean {
  const { pathname } = new URL(page, 'http://sitemap.invalid');
  return !pathname.endsWith('/print/') && !pathname.endsWith('/print');
}
