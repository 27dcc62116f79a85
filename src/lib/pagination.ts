import type { Page } from 'astro';

/**
 * Listing pages (home, each topic) show this many articles, so every page of a
 * listing stays inside the 14 KB page budget however large the site grows.
 */
export const PAGE_SIZE = 20;

/** A numbered link, or a gap standing for the pages left out between two of them. */
export type PageItem = number | 'gap';

function assertPage(current: number, last: number): void {
  if (!Number.isInteger(last) || last < 1) throw new RangeError(`last page must be a whole number >= 1, got ${last}`);
  if (!Number.isInteger(current) || current < 1 || current > last) {
    throw new RangeError(`current page must be a whole number from 1 to ${last}, got ${current}`);
  }
}

/**
 * Which page numbers to link: always the first and the last, the current page
 * and `around` pages either side of it, and a gap for each run of pages left
 * out. A gap never stands for a single page (that page is shown instead), so
 * the list is as short as it can be without hiding a neighbour. At most
 * `2 * around + 5` items, whatever the number of pages, so the links fit a
 * 320 px screen in two lines.
 */
export function pageItems(current: number, last: number, around = 1): PageItem[] {
  assertPage(current, last);
  const shown = new Set<number>([1, last]);
  for (let n = current - around; n <= current + around; n += 1) if (n >= 1 && n <= last) shown.add(n);
  const sorted = [...shown].sort((a, b) => a - b);
  const items: PageItem[] = [];
  let previous = 0;
  for (const n of sorted) {
    if (n - previous === 2) items.push(n - 1);
    else if (n - previous > 2) items.push('gap');
    items.push(n);
    previous = n;
  }
  return items;
}

/** The URL of page `n` of a listing whose first page is at `first` (`/`, `/topics/ukraine/`): `first` itself, then `first` + `page/n/`. */
export function pageUrl(first: string, n: number): string {
  if (!first.endsWith('/')) throw new Error(`a listing's first page must end with "/", got "${first}"`);
  return n === 1 ? first : `${first}page/${n}/`;
}

/** The `[...page]` route parameter for page `n`: none for the first page, `page/n` after it. */
export function pageParam(n: number): string | undefined {
  return n === 1 ? undefined : `page/${n}`;
}

/** Links from page `current` of `last`: the same shape as Astro's `page.url`. */
export function pageUrls(first: string, current: number, last: number): Page['url'] {
  assertPage(current, last);
  return {
    current: pageUrl(first, current),
    prev: current > 1 ? pageUrl(first, current - 1) : undefined,
    next: current < last ? pageUrl(first, current + 1) : undefined,
    first: current > 1 ? pageUrl(first, 1) : undefined,
    last: current < last ? pageUrl(first, last) : undefined,
  };
}

interface PaginatedPath {
  params: { page: string | undefined };
  props: { page: Page };
}

/**
 * Astro's `paginate()` numbers pages straight after the route (`/2/`,
 * `/topics/ukraine/2/`); this site puts them under `page/` (`/page/2/`,
 * `/topics/ukraine/page/2/`) so a page number can never be mistaken for a
 * topic or an article. Map `paginate()`'s result through this to move both
 * the route parameter and `page.url` there.
 */
export function underPageSegment(first: string) {
  return <P extends PaginatedPath>(path: P): P => {
    const { currentPage, lastPage } = path.props.page;
    return {
      ...path,
      params: { ...path.params, page: pageParam(currentPage) },
      props: { ...path.props, page: { ...path.props.page, url: pageUrls(first, currentPage, lastPage) } },
    };
  };
}
