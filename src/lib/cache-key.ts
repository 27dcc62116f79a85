import { createHash } from 'node:crypto';

/**
 * The `cacheKey` a `getStaticPaths()` path gives Astro's incremental build
 * (`experimental.incrementalBuild`): Astro reuses a page's previous output
 * when its key and its module graph are unchanged. So a key must cover
 * everything the page shows, not only its own entry: an article page's key
 * includes its topics' names and its related articles, a listing's key the
 * articles it lists. Pass those facts as parts; the key is a hash of them.
 */
export function cacheKey(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 32);
}

/**
 * What a listing shows of an article: enough to change the key when a
 * headline, date or the entry itself (its `digest`) changes.
 */
export function entryFingerprint(entry: { id: string; digest?: string | number | undefined }): string {
  return `${entry.id}@${entry.digest ?? ''}`;
}

/** What a page of a listing shows, as `paginate()` describes it. */
export interface ListedPage {
  currentPage: number;
  lastPage: number;
  /** Articles in the whole listing (a topic page prints the count). */
  total: number;
  data: readonly { id: string; digest?: string | number | undefined }[];
}

/**
 * The key of one page of a listing (home, a topic): which listing (`scope`,
 * e.g. the topic's slug and name), the page number, the page count and total
 * it prints in its pagination and count line, and every entry it lists.
 */
export function listingCacheKey(page: ListedPage, ...scope: unknown[]): string {
  return cacheKey('listing', scope, page.currentPage, page.lastPage, page.total, page.data.map(entryFingerprint));
}
