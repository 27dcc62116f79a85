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

// A build writes the same few thousand days hundreds of thousands of times (every card, link and edition), so each
// day's text is made once: a Map lookup costs a small part of formatting it again (0.3 s of Astro's rendering
// thread at 10,000 articles, profiled). One entry per distinct instant; an archive has one day per edition.
const isoDays = new Map<number, string>();

/** `2016-05-12`, for `<time datetime>` and feeds. */
export function isoDay(date: Date): string {
  const time = date.getTime();
  let day = isoDays.get(time);
  if (day === undefined) {
    day = date.toISOString().slice(0, 10);
    isoDays.set(time, day);
  }
  return day;
}

// One formatter per locale: building an Intl.DateTimeFormat costs far more than
// formatting with it, and a large build formats a date for every card and link.
const formatters = new Map<string, { format: Intl.DateTimeFormat; days: Map<number, string> }>();

/** "May 12, 2016" in the given locale, always read in UTC. */
export function formatDate(date: Date, locale = 'en-US'): string {
  let formatter = formatters.get(locale);
  if (!formatter) {
    const options = { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' } as const;
    formatter = { format: new Intl.DateTimeFormat(locale, options), days: new Map() };
    formatters.set(locale, formatter);
  }
  const time = date.getTime();
  let text = formatter.days.get(time);
  if (text === undefined) {
    text = formatter.format.format(date);
    formatter.days.set(time, text);
  }
  return text;
}
