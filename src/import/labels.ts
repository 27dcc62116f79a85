import type { ArticleKind } from '../lib/article-schema.ts';
import { isoDayFromText } from './dates.ts';
import { knownOutlet, publisherOf } from './outlets.ts';

/**
 * The item labels of a press digest such as Japan Media Highlights: a source
 * line ("Sankei, p. 3", "The Japan News, 7:37 p.m.", "Jiji Press Public
 * Opinion Poll Bulletin, [No. 1677] pp. 1, 4–7") and a kind line
 * ("Translation", "English Press", "JMH Summary"). They fill the entry's
 * source of record: `source.name`/`url`, `source.page`, `source.time`, `kind`.
 */

/** What a source label says. `url` only when the outlet is in the table (src/import/outlets.ts). */
export interface SourceLabel {
  /** The full name: "The Sankei Shimbun"; a bulletin keeps its number, "Jiji Press Public Opinion Poll Bulletin, No. 1677". */
  name: string;
  url?: string;
  /** "3", "1, 4–7". */
  page?: string;
  /** 24-hour `HH:MM`, as given: "7:37 p.m." -> "19:37". */
  time?: string;
  /** `YYYY-MM-DD`, when the label carries the date. */
  date?: string;
  kind?: ArticleKind;
}

/** Kind lines, compared without case, surrounding brackets or a final colon. */
const KINDS: Record<string, ArticleKind> = {
  translation: 'translation',
  'jmh translation': 'translation',
  'english press': 'english-press',
  summary: 'summary',
  'jmh summary': 'summary',
  editorial: 'editorial',
  editorials: 'editorial',
  poll: 'poll',
  'opinion poll': 'poll',
};

/** The kind a line such as "Translation" or "(JMH Summary)" names, or `undefined` for any other line. */
export function kindLabel(line: string): ArticleKind | undefined {
  const key = line
    .trim()
    .replace(/^[([]\s*(.*?)\s*[)\]]$/, '$1')
    .replace(/:$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  return Object.hasOwn(KINDS, key) ? KINDS[key] : undefined;
}

/** `7:37 p.m.` -> `19:37`, `12:05 a.m.` -> `00:05`, `9 p.m.` -> `21:00`, `19:37` stays; anything else `undefined`. */
export function twentyFourHour(value: string): string | undefined {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(?:([ap])\.?\s?m\.?)?$/i.exec(value.trim());
  if (!match) return undefined;
  const [, h = '', m, half] = match;
  let hour = Number(h);
  const minute = m === undefined ? 0 : Number(m);
  if (half === undefined && m === undefined) return undefined; // "3" alone is a page, not a time
  if (minute > 59) return undefined;
  if (half !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half.toLowerCase() === 'p' ? 12 : 0);
  } else if (hour > 23) {
    return undefined;
  }
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

const PAGES = String.raw`[0-9A-Za-z]+(?:\s*[-–,]\s*[0-9A-Za-z]+)*`;
const MONTH = String.raw`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?`;
/** The parts a label may end with, each after a comma (the page also after a bracketed issue number). */
const TAIL_PARTS: { pattern: RegExp; read: (value: string, label: Partial<SourceLabel>) => boolean }[] = [
  {
    pattern: new RegExp(String.raw`(?:,\s*|\s+)pp?\.\s*(${PAGES})$`),
    read: (value, label) => (label.page === undefined ? ((label.page = value.replace(/\s+/g, ' ')), true) : false),
  },
  {
    pattern: /,\s*(\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?)$/i,
    read: (value, label) => {
      const time = twentyFourHour(value);
      if (time === undefined || label.time !== undefined) return false;
      label.time = time;
      return true;
    },
  },
  {
    pattern: new RegExp(String.raw`,\s*(${MONTH}\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+${MONTH}\s+\d{4}|\d{4}-\d{2}-\d{2})$`),
    read: (value, label) => {
      const date = isoDayFromText(value);
      if (date === undefined || label.date !== undefined) return false;
      label.date = date;
      return true;
    },
  },
  {
    pattern: /,\s*(editorial)$/i,
    read: (_value, label) => ((label.kind = 'editorial'), true),
  },
];

/** An issue number after a bulletin's name, `[No. 1677]` or `No. 1677`: part of the name. */
const ISSUE = /,\s*\[?(No\.\s*\d+)\]?$/;

/**
 * Words an outlet's name ends with. A name outside the table must end with
 * one, so a title-case headline ending in ", p. 3" is not taken for a label.
 */
const OUTLET_WORD =
  /\b(?:Shimbun|Shinbun|Shimpo|Nippo|Times|News|Press|Post|Journal|Bulletin|Weekly|Monthly|Magazine|Review|Herald|Tribune|Asia|TV|Television|Radio|Broadcasting|Online|Digital|Keizai|Bunshun|Shincho|Gendai)$/;
const NAME_WORDS = /^[\p{Lu}\p{N}][\p{L}\p{N}'’&.-]*(?:\s+(?:[\p{Lu}\p{N}][\p{L}\p{N}'’&.-]*|of|the|and|&))*$/u;

/**
 * Reads a source label, or returns `undefined` for a line that is not one (a
 * headline, a sentence). It must name an outlet (one in the table, or a name
 * ending like one: "Shimbun", "Times", "Bulletin") and give a page or a time,
 * or a date for an outlet in the table; it may be in brackets and may end with
 * its kind in brackets: "(Sankei, p. 3) (Translation)".
 */
export function sourceLabel(line: string): SourceLabel | undefined {
  let rest = line.replace(/\s+/g, ' ').trim();
  const label: Partial<SourceLabel> = {};
  const trailingKind = /\s*[([]([^()[\]]+)[)\]]$/.exec(rest);
  const kind = trailingKind && kindLabel(trailingKind[1] ?? '');
  if (trailingKind && kind) {
    label.kind = kind;
    rest = rest.slice(0, trailingKind.index).trim();
  }
  rest = rest.replace(/^\((.*)\)$/, '$1').trim();

  for (let progress = true; progress;) {
    progress = false;
    for (const { pattern, read } of TAIL_PARTS) {
      const match = pattern.exec(rest);
      if (match && read(match[1] ?? '', label)) {
        rest = rest.slice(0, match.index).trim();
        progress = true;
      }
    }
  }
  const issue = ISSUE.exec(rest);
  const outlet = (issue ? rest.slice(0, issue.index) : rest).trim();

  const known = knownOutlet(outlet);
  if (!NAME_WORDS.test(outlet) || outlet.split(' ').length > 8) return undefined;
  if (!known && !OUTLET_WORD.test(outlet)) return undefined;
  const located = label.page !== undefined || label.time !== undefined;
  if (!located && !(known && label.date !== undefined)) return undefined;

  // A bulletin's number names the publication, as a volume does a journal's.
  const name = issue ? `${outlet}, ${(issue[1] ?? '').replace(/\s+/g, ' ')}` : (known?.name ?? outlet);
  const publisher = known ?? publisherOf(outlet);
  if (label.kind === undefined && /\bpoll\b/i.test(outlet)) label.kind = 'poll';
  return {
    name,
    ...(publisher ? { url: publisher.url } : {}),
    ...label,
  };
}
