/**
 * Date helpers. Every article date is a calendar day stored as midnight UTC,
 * so formatting always uses `timeZone: 'UTC'`: the build machine's zone must
 * never move a date to the day before.
 */

/** A date written as `YYYY-MM-DD`, and nothing else. */
export const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict `YYYY-MM-DD` string; `undefined` for anything else or a day that doesn't exist. */
export function parseIsoDate(value: string): Date | undefined {
  const match = ISO_DAY.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const sameDay = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return sameDay ? date : undefined;
}

/** `2016-05-12`, for `<time datetime>` and feeds. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// One formatter per locale: building an Intl.DateTimeFormat costs far more than
// formatting with it, and a large build formats a date for every card and link.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** "May 12, 2016" in the given locale, always read in UTC. */
export function formatDate(date: Date, locale = 'en-US'): string {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
    formatters.set(locale, formatter);
  }
  return formatter.format(date);
}
