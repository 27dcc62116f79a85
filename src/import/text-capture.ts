import type { ArticleKind } from '../lib/article-schema.ts';
import { type Capture, ImportError, type ParseOptions } from './capture.ts';
import { isoDayFromText } from './dates.ts';
import { kindLabel, type SourceLabel, sourceLabel } from './labels.ts';
import { paragraphsToMarkdown } from './markdown.ts';

/**
 * Plain-text captures: what a browser gives when an article page is selected
 * and copied, or saved as text. The shape (the seed capture's):
 *
 *     Print PRINT                          <- page chrome, dropped
 *     INTERNATIONAL > Europe & Eurasia     <- breadcrumb, becomes `section`
 *     Translation                          <- optional digest labels: kind,
 *     Sankei, p. 3                            and outlet, page or time
 *     Headline                             <- first real line
 *     By A. Writer / May 12, 2016          <- optional byline, date and label lines
 *     Paragraph ...                        <- blocks separated by blank lines
 *       • Ambassador                       <- trailing bullets, become `tags`
 */

/** Longest line still taken for a headline; a longer first line is a paragraph, so the capture has none. */
export const MAX_HEADLINE = 200;
/** Longest bullet still taken for a topic; longer trailing bullets are a list in the body. */
const MAX_TOPIC = 60;

/** Share and print buttons copied along with the page: a line made only of these words. */
const CHROME_LINE =
  /^(?:print|share|email|e-mail|mail|tweet|save|bookmark|facebook|twitter|linkedin|whatsapp|reddit|copy link|comments?)(?:[\s|·•/]+(?:print|share|email|e-mail|mail|tweet|save|bookmark|facebook|twitter|linkedin|whatsapp|reddit|copy link|comments?))*$/i;
const BREADCRUMB_SEPARATOR = /\s+[>›»]\s+/;
const BREADCRUMB_HOME = /^(?:home|top)$/i;
/** Typographic bullets, as a rendered page's list copies; `-` and `*` lines stay body text. */
const TOPIC_BULLET = /^[•·▪●◦‣∙]\s*(.+)$/;
const LIST_BULLET = /^(?:[•·▪●◦‣∙]|[-*–]\s)\s*(.+)$/;
/** `By Ana Lima`, `BY ANA LIMA and JO OKAFOR, Staff`: capitalised names only, so "By then it was over." stays text. */
const NAME = String.raw`\p{Lu}[\p{L}\p{M}.'’-]*`;
const BYLINE = new RegExp(String.raw`^(?:By|BY)\s+(${NAME}(?:(?:\s+|,\s*)(?:(?:and|&)\s+)?${NAME})*)$`, 'u');

/** Breadcrumb parts for a line like `INTERNATIONAL > Europe & Eurasia`, or `undefined` if it is not one. */
function breadcrumb(line: string): string[] | undefined {
  const parts = line.split(BREADCRUMB_SEPARATOR).map((part) => part.trim());
  if (parts.length < 2 || parts.length > 6) return undefined;
  if (parts.some((part) => part.length === 0 || part.length > 40 || /[.!?:;]$/.test(part))) return undefined;
  return parts.filter((part) => !BREADCRUMB_HOME.test(part));
}

/** `INTERNATIONAL` -> `International`; shouting is page styling, not the section's name. Short acronyms stay. */
function unshout(part: string): string {
  return part.replace(/\p{Lu}{5,}/gu, (word) => word.charAt(0) + word.slice(1).toLowerCase());
}

/** Collapses runs of whitespace (including no-break spaces) the way a browser shows them. */
function tidy(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

export function parseTextCapture(text: string, options: ParseOptions = {}): Capture {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n?|\n/)
    .map(tidy);

  // The digest's labels, above or below the headline; the first of each kind counts.
  let source: SourceLabel | undefined;
  let kind: ArticleKind | undefined;
  const label = (line: string): boolean => {
    const named = kind === undefined ? kindLabel(line) : undefined;
    if (named !== undefined) {
      kind = named;
      return true;
    }
    const found = source === undefined ? sourceLabel(line) : undefined;
    if (found === undefined) return false;
    source = found;
    return true;
  };

  // Leading chrome, breadcrumbs and labels, skipping blank lines between them.
  let start = 0;
  let section: string | undefined;
  for (; start < lines.length; start++) {
    const line = lines[start] ?? '';
    if (line === '' || CHROME_LINE.test(line)) continue;
    if (label(line)) continue;
    const crumbs = breadcrumb(line);
    if (!crumbs) break;
    if (crumbs.length > 0) section = crumbs.map(unshout).join(' › ');
  }

  // Trailing bullets are the page's topic list.
  let end = lines.length;
  while (end > start && lines[end - 1] === '') end--;
  const tags: string[] = [];
  for (let i = end - 1; i >= start; i--) {
    const topic = TOPIC_BULLET.exec(lines[i] ?? '')?.[1]?.trim();
    if (topic === undefined || topic.length > MAX_TOPIC) break;
    tags.unshift(topic);
    end = i;
  }
  if (tags.length > 0 && lines.slice(start, end).every((line) => line === '')) {
    // Nothing but bullets: they are the text, not a topic list.
    tags.length = 0;
    end = lines.length;
  }

  // Blocks of consecutive non-blank lines.
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of lines.slice(start, end)) {
    if (line === '') {
      if (current.length > 0) blocks.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) blocks.push(current);

  const first = blocks[0];
  const line = first?.[0];
  if (first === undefined || line === undefined) {
    throw new ImportError('no headline: after the page chrome there is no text at all');
  }
  const looksLikeHeadline = line.length <= MAX_HEADLINE && !LIST_BULLET.test(line);
  if (!looksLikeHeadline && !options.titleGiven) {
    throw new ImportError(
      `no headline: the first line of text should be the headline, but it is ${
        LIST_BULLET.test(line) ? 'a bullet point' : `a ${line.length}-character paragraph`
      } ("${line.slice(0, 40)}…"); put the headline on its own line first, or pass --title`,
    );
  }
  // With --title and no headline line, every block is body.
  const title = looksLikeHeadline ? line : undefined;
  const rest = title === undefined ? blocks : [first.slice(1), ...blocks.slice(1)].filter((b) => b.length > 0);

  // A byline and a date line right under the headline are metadata, not body.
  let author: string | undefined;
  let date: string | undefined;
  for (let block = rest[0]; block !== undefined; block = rest[0]) {
    const byline = BYLINE.exec(block[0] ?? '')?.[1];
    const day = isoDayFromText(block[0] ?? '');
    if (byline !== undefined && author === undefined) author = byline;
    else if (day !== undefined && date === undefined) date = day;
    else if (!label(block[0] ?? '')) break;
    block.shift();
    if (block.length === 0) rest.shift();
  }

  const body = rest.map((block) => {
    const items = block.map((line) => LIST_BULLET.exec(line)?.[1]);
    return items.every((item) => item !== undefined) ? items.map(tidy) : block.join(' ');
  });
  if (body.length === 0) {
    throw new ImportError(`no article text: the headline "${title ?? ''}" is not followed by any paragraphs`);
  }

  return {
    format: 'text capture',
    title,
    date: date ?? source?.date,
    author,
    section,
    tags,
    body: paragraphsToMarkdown(body),
    lead: body.find((block): block is string => typeof block === 'string'),
    sourceName: source?.name,
    sourceUrl: source?.url,
    page: source?.page,
    time: source?.time,
    kind: kind ?? source?.kind,
  };
}
