import { byNewest } from './articles.ts';

/**
 * Daily editions: the archive by date. Pure functions over anything shaped
 * like a collection entry, so the unit tests call them with plain data. An
 * article belongs to the edition of its `date`, the UTC calendar day (dates
 * are stored as midnight UTC), so every computation here reads the UTC
 * fields and the build machine's time zone never moves an article.
 */

export interface EditionArticle {
  id: string;
  data: { title: string; date: Date; tags: string[]; section?: string | undefined };
}

/** A day's articles, with the parts of its address. */
export interface Edition<A extends EditionArticle = EditionArticle> {
  /** `2016-05-12`. */
  day: string;
  year: number;
  /** 1–12. */
  month: number;
  /** Day of the month, 1–31. */
  dayOfMonth: number;
  /** Midnight UTC of the day. */
  date: Date;
  /** In a stable order: section by section (see `sectionGroups`), then by headline. */
  articles: A[];
}

/** One section of an edition: `name` is `undefined` for the articles filed under no section. */
export interface SectionGroup<A extends EditionArticle = EditionArticle> {
  name: string | undefined;
  articles: A[];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2016-05-12`: the UTC calendar day of a date. */
export function dayOf(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/**
 * Articles grouped by section: sections in alphabetical order, the articles
 * without a section last, each group by headline (then id), so the order
 * never depends on file order or on the time of day of a date.
 */
export function sectionGroups<A extends EditionArticle>(articles: readonly A[]): SectionGroup<A>[] {
  const groups = new Map<string | undefined, A[]>();
  for (const article of articles) {
    const name = article.data.section?.trim() || undefined;
    const list = groups.get(name);
    if (list) list.push(article);
    else groups.set(name, [article]);
  }
  const byHeadline = (a: A, b: A) => a.data.title.localeCompare(b.data.title, 'en') || a.id.localeCompare(b.id, 'en');
  return [...groups.entries()]
    .sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b, 'en')))
    .map(([name, list]) => ({ name, articles: list.sort(byHeadline) }));
}

/** Every day that has an article, oldest first, each with its articles in edition order. */
export function editionsByDay<A extends EditionArticle>(articles: readonly A[]): Edition<A>[] {
  const days = new Map<string, A[]>();
  for (const article of [...articles].sort(byNewest)) {
    const day = dayOf(article.data.date);
    const list = days.get(day);
    if (list) list.push(article);
    else days.set(day, [article]);
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, list]) => {
      const [year, month, dayOfMonth] = day.split('-').map(Number) as [number, number, number];
      return {
        day,
        year,
        month,
        dayOfMonth,
        date: new Date(Date.UTC(year, month - 1, dayOfMonth)),
        articles: sectionGroups(list).flatMap((group) => group.articles),
      };
    });
}

/** The editions either side of `index` in an oldest-first list: empty days are simply not in the list. */
export function neighbours<T>(list: readonly T[], index: number): { prev: T | undefined; next: T | undefined } {
  return { prev: index > 0 ? list[index - 1] : undefined, next: list[index + 1] };
}

/** A month that has editions. */
export interface EditionMonth<A extends EditionArticle = EditionArticle> {
  year: number;
  month: number;
  /** `2016-05`. */
  key: string;
  editions: Edition<A>[];
  /** Articles in the month. */
  count: number;
}

/** A year that has editions, with its months that do. */
export interface EditionYear<A extends EditionArticle = EditionArticle> {
  year: number;
  months: EditionMonth<A>[];
  count: number;
}

/** The months that have editions, oldest first. */
export function editionMonths<A extends EditionArticle>(editions: readonly Edition<A>[]): EditionMonth<A>[] {
  const months = new Map<string, EditionMonth<A>>();
  for (const edition of editions) {
    const key = `${pad(edition.year, 4)}-${pad(edition.month)}`;
    let month = months.get(key);
    if (!month) {
      month = { year: edition.year, month: edition.month, key, editions: [], count: 0 };
      months.set(key, month);
    }
    month.editions.push(edition);
    month.count += edition.articles.length;
  }
  return [...months.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** The years that have editions, oldest first; a year with no article is not listed. */
export function editionYears<A extends EditionArticle>(months: readonly EditionMonth<A>[]): EditionYear<A>[] {
  const years = new Map<number, EditionYear<A>>();
  for (const month of months) {
    let year = years.get(month.year);
    if (!year) {
      year = { year: month.year, months: [], count: 0 };
      years.set(month.year, year);
    }
    year.months.push(month);
    year.count += month.count;
  }
  return [...years.values()].sort((a, b) => a.year - b.year);
}

/** Days in a month (`month` 1–12), leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** One day in a calendar grid. */
export interface CalendarDay {
  dayOfMonth: number;
  /** `2016-05-12`. */
  day: string;
  /** Articles that day (0 for a day without an edition). */
  count: number;
}

/**
 * A month as calendar rows of seven cells, Sunday first (the en-US week, as
 * the site's locale): `null` for the cells before the first and after the
 * last day. `counts` maps a `YYYY-MM-DD` day to its number of articles.
 */
export function calendarWeeks(
  year: number,
  month: number,
  counts: ReadonlyMap<string, number>,
): (CalendarDay | null)[][] {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month must be 1 to 12, got ${month}`);
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const length = daysInMonth(year, month);
  const cells: (CalendarDay | null)[] = Array.from({ length: first }, () => null);
  for (let d = 1; d <= length; d += 1) {
    const day = `${pad(year, 4)}-${pad(month)}-${pad(d)}`;
    cells.push({ dayOfMonth: d, day, count: counts.get(day) ?? 0 });
  }
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (CalendarDay | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Weekday column headers, Sunday first, in the given locale (`short` "Sun", `long` "Sunday"). */
export function weekdayNames(locale: string, width: 'short' | 'long'): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' });
  // 2017-01-01 was a Sunday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2017, 0, 1 + i))));
}

/** `1 article`, `3 articles`. */
export const articleCount = (n: number) => `${n} ${n === 1 ? 'article' : 'articles'}`;

// One formatter per style, as in dates.ts: building one costs far more than using it.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, style: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    formatters.set(key, f);
  }
  return f;
}

/** "Thursday, May 12, 2016": an edition's heading. */
export function formatEditionDate(date: Date, locale = 'en-US'): string {
  return formatter(locale, 'edition', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(date);
}

/** "May 2016". */
export function formatMonth(year: number, month: number, locale = 'en-US'): string {
  return formatter(locale, 'month', { year: 'numeric', month: 'long' }).format(new Date(Date.UTC(year, month - 1, 1)));
}

/** Address paths (without the base) of the archive pages. */
export const editionPath = (year: number, month: number, day: number) =>
  `editions/${pad(year, 4)}/${pad(month)}/${pad(day)}/`;
export const monthPath = (year: number, month: number) => `editions/${pad(year, 4)}/${pad(month)}/`;
export const yearPath = (year: number) => `editions/${pad(year, 4)}/`;

/** Route parameters of the archive pages, zero-padded like their addresses. */
export const editionParams = (edition: Pick<Edition, 'year' | 'month' | 'dayOfMonth'>) => ({
  year: pad(edition.year, 4),
  month: pad(edition.month),
  day: pad(edition.dayOfMonth),
});

/** One bar of the coverage chart. */
export interface CoverageBin {
  /** `2016-05` per month, `2016` per year. */
  key: string;
  /** "May 2016" or "2016". */
  label: string;
  count: number;
}

/** A topic's coverage over time: articles per month, or per year when the span is long. */
export interface Coverage {
  unit: 'month' | 'year';
  /** Every month (or year) from the first article to the last, empty ones included, oldest first. */
  bins: CoverageBin[];
  total: number;
  /** The bin with the most articles (the earliest of equals). */
  peak: CoverageBin;
}

/** Above this many months between the first and the last article, the chart counts per year. */
export const MAX_MONTH_BINS = 36;

/**
 * Counts articles per month from the first to the last, zeros for the gaps;
 * per year when that is more than `maxMonths` months, so the chart never
 * needs more than a few dozen bars however long the topic runs.
 */
export function coverage(dates: readonly Date[], locale = 'en-US', maxMonths = MAX_MONTH_BINS): Coverage | undefined {
  if (dates.length === 0) return undefined;
  const monthIndex = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of dates) {
    const m = monthIndex(d);
    if (m < lo) lo = m;
    if (m > hi) hi = m;
  }
  const unit = hi - lo + 1 > maxMonths ? 'year' : 'month';
  const counts = new Map<number, number>();
  for (const d of dates) {
    const at = unit === 'month' ? monthIndex(d) : d.getUTCFullYear();
    counts.set(at, (counts.get(at) ?? 0) + 1);
  }
  const [from, to] = unit === 'month' ? [lo, hi] : [Math.floor(lo / 12), Math.floor(hi / 12)];
  const bins: CoverageBin[] = [];
  for (let at = from; at <= to; at += 1) {
    const count = counts.get(at) ?? 0;
    if (unit === 'year') bins.push({ key: String(at), label: String(at), count });
    else {
      const year = Math.floor(at / 12);
      const month = (at % 12) + 1;
      bins.push({ key: `${pad(year, 4)}-${pad(month)}`, label: formatMonth(year, month, locale), count });
    }
  }
  const peak = bins.reduce((best, bin) => (bin.count > best.count ? bin : best));
  return { unit, bins, total: dates.length, peak };
}

/**
 * The top of the chart's scale: the smallest "nice" number (1, 2 or 5 times a
 * power of ten) at or above the peak, so the axis label is a round number.
 */
export function niceMax(peak: number): number {
  if (peak <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(peak));
  for (const step of [1, 2, 5, 10]) if (step * power >= peak) return step * power;
  return 10 * power;
}

/** Bar heights for `counts` on a chart `height` units tall, scaled to `niceMax` of the peak; a non-zero count is never shorter than 1. */
export function barHeights(counts: readonly number[], height: number): { max: number; heights: number[] } {
  const max = niceMax(Math.max(0, ...counts));
  return {
    max,
    heights: counts.map((n) => (n <= 0 ? 0 : Math.max(1, Math.round((n / max) * height * 10) / 10))),
  };
}
