import { dayOf } from '../lib/editions.ts';

/**
 * The search index in shards, so publishing into a large archive re-indexes
 * only the part that changed (Pagefind has no incremental mode: indexing
 * 10,000 article pages took 26 s of a 55 s one-article build).
 *
 * The newest month is a shard of its own: a digest publishes into today's
 * month, so a day's publishing re-indexes at most one month of articles
 * (about 600 at 20 a day), not a shard of `shardSize()`. Every older month
 * is in a run of whole calendar months, oldest first, of about `shardSize()`
 * articles: a month joins the current run while that run holds fewer
 * articles than the size, else it starts the next one. When a new month
 * begins, the month before joins the runs (a once-a-month re-index of the
 * last run, or a new run); adding articles never moves an earlier boundary
 * otherwise, so an edit re-indexes the edited article's shard only; a month
 * back-filled past the size moves the boundaries after it (a one-time
 * re-index of those shards).
 *
 * The newest shard is Pagefind's primary bundle at `pagefind/` (with
 * Pagefind's scripts and WebAssembly); every older one is index data only,
 * at `pagefind/<its first month>/`, and the search page merges them into one
 * result list (`mergeIndex`). Each shard is fetched by a search, so the size
 * trades publishing time against requests per search: at 2,000 articles a
 * run and 20 articles a day, a 10,000-article archive is 5 shards (4 runs
 * of about 2,400 and the newest month), 50,000 is 22.
 */
export const SHARD_ARTICLES = 2000;

/** The articles per shard: `SEARCH_SHARD_ARTICLES` when set (tests build small sites with several shards). */
export function shardSize(env: Record<string, string | undefined> = process.env): number {
  const value = env['SEARCH_SHARD_ARTICLES'];
  if (value === undefined || value === '') return SHARD_ARTICLES;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`SEARCH_SHARD_ARTICLES must be a whole number of articles, 1 or more; got "${value}"`);
  }
  return size;
}

export interface ShardArticle {
  id: string;
  data: { date: Date };
}

export interface SearchShard {
  /** Its first month, `2016-05`: the folder of an older shard under `pagefind/`. */
  name: string;
  /** Its folder under `pagefind/`: '' for the newest (the primary bundle), else `<name>/`. */
  folder: string;
  /** Its articles' ids, sorted. */
  ids: string[];
}

const monthOf = (date: Date) => dayOf(date).slice(0, 7);

/** The shards of `articles` (published ones), oldest first; the last is the primary. */
export function searchShards(articles: readonly ShardArticle[], size = shardSize()): SearchShard[] {
  const months = new Map<string, string[]>();
  for (const { id, data } of articles) {
    const month = monthOf(data.date);
    const ids = months.get(month);
    if (ids) ids.push(id);
    else months.set(month, [id]);
  }
  const shards: { name: string; ids: string[] }[] = [];
  const sorted = [...months.keys()].sort();
  const newest = sorted.at(-1);
  for (const month of sorted) {
    const ids = months.get(month) as string[];
    const current = shards.at(-1);
    // The newest month never joins a run: it is a shard of its own.
    if (current && current.ids.length < size && month !== newest) current.ids.push(...ids);
    else shards.push({ name: month, ids: [...ids] });
  }
  return shards.map(({ name, ids }, index) => ({
    name,
    folder: index === shards.length - 1 ? '' : `${name}/`,
    ids: ids.sort(),
  }));
}
