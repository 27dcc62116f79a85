/**
 * Which built pages the sitemap lists. Print views (`/articles/<slug>/print/`,
 * the printed edition `/editions/YYYY/MM/DD/print/`) are `noindex` copies of
 * their article or edition, so listing them would send crawlers
 * to pages they are told not to index.
 */
export function inSitemap(page: string): boolean {
  const { pathname } = new URL(page, 'http://sitemap.invalid');
  return !pathname.endsWith('/print/') && !pathname.endsWith('/print');
}
