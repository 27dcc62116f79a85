/**
 * Pure helpers for the printed copy: the citation line, the running head that
 * Chromium prints in the page margin, and the CSS text that carries it.
 */

import type { Publisher } from './article-schema.ts';

/**
 * The short form of a publisher name for the citation line: everything before
 * the first comma. Names such as "Japan Media Highlights, U.S. Embassy Tokyo"
 * put the publication first and its owner after the comma; the full name still
 * prints in the article's attribution line, with its URL.
 */
export function shortPublisherName(name: string): string {
  const short = name.split(',')[0]?.trim();
  return short || name.trim();
}

/** "The Sankei Shimbun, via Japan Media Highlights", or just the source when there is no via. */
export function citationSource(source: Publisher, via?: Publisher): string {
  const original = source.name.trim();
  return via ? `${original}, via ${shortPublisherName(via.name)}` : original;
}

/**
 * A headline cut to at most `max` characters at a word boundary, with an
 * ellipsis, so it fits a page-margin running head on one line.
 */
export function shortTitle(title: string, max = 60): string {
  const clean = title.trim().replace(/\s+/g, ' ');
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  const words = lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut;
  return `${words.replace(/[\s,;:.–—-]+$/u, '')}…`;
}

/** Running head for the top margin of printed pages: source and short headline. */
export function runningHead(title: string, source: Publisher): string {
  return `${source.name.trim()} · ${shortTitle(title)}`;
}

/**
 * A value as a quoted CSS string. Quotes and backslashes are escaped, line
 * breaks and `<` become hex escapes so the text can neither end the string nor
 * close the `<style>` element it is written into.
 */
export function cssString(value: string): string {
  const escaped = value.replace(/[\\"<>\n\r\f]/g, (char) => `\\${char.charCodeAt(0).toString(16)} `);
  return `"${escaped}"`;
}
