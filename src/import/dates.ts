import { isoDay, parseIsoDate } from '../lib/dates.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?`;
const MONTH_DAY_YEAR = new RegExp(String.raw`^${MONTH}\s+(\d{1,2}),?\s+(\d{4})$`, 'i');
const DAY_MONTH_YEAR = new RegExp(String.raw`^(\d{1,2})\s+${MONTH},?\s+(\d{4})$`, 'i');
const ISO_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:$|[T\s])/;

function fromParts(year: string, month: string, day: string): string | undefined {
  const index = MONTHS.indexOf(month.slice(0, 3).toLowerCase());
  const date = parseIsoDate(`${year}-${String(index + 1).padStart(2, '0')}-${day.padStart(2, '0')}`);
  return date && isoDay(date);
}

/**
 * The calendar day a date line or `datetime` value names, as `YYYY-MM-DD`:
 * `2016-05-12`, `2016-05-12T23:30:00+09:00` (the day as published, not moved
 * to UTC), `May 12, 2016`, `12 May 2016`. `undefined` for anything else,
 * including days that do not exist.
 */
export function isoDayFromText(value: string): string | undefined {
  const text = value.trim();
  const iso = ISO_PREFIX.exec(text)?.[1];
  if (iso) {
    const date = parseIsoDate(iso);
    return date && isoDay(date);
  }
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy) {
    const [, month = '', day = '', year = ''] = mdy;
    return fromParts(year, month, day);
  }
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) {
    const [, day = '', month = '', year = ''] = dmy;
    return fromParts(year, month, day);
  }
  return undefined;
}
