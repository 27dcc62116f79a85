import { z } from 'astro/zod';

import { isoDay, parseIsoDate } from './dates.ts';

/**
 * Frontmatter schema for one article. It lives here, apart from
 * `content.config.ts`, so that the build, `npm run validate` and the unit
 * tests all judge entries by the same rules.
 */

const text = () =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? 'is required' : `must be text, got ${JSON.stringify(issue.input)}`,
    })
    .trim()
    .min(1, { error: 'must not be empty' });

/** An absolute http(s) URL; `javascript:`, `data:` and friends are refused. */
const httpUrl = () =>
  text().refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { error: (issue) => `must be an http:// or https:// address, got ${JSON.stringify(issue.input)}` },
  );

/**
 * A calendar date. YAML turns `2016-05-12` into a Date at midnight UTC; a
 * quoted string must be a real `YYYY-MM-DD` date (so `2016-02-30` fails
 * instead of rolling over to March).
 */
const calendarDate = () =>
  z
    .union([z.date(), z.string()], {
      error: (issue) =>
        issue.input === undefined
          ? 'is required'
          : `expected a date like 2016-05-12, got ${JSON.stringify(issue.input)}`,
    })
    .transform((value, ctx) => {
      const date = value instanceof Date ? value : parseIsoDate(value);
      if (date === undefined || Number.isNaN(date.getTime())) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a date like 2016-05-12, got ${JSON.stringify(value instanceof Date ? 'an invalid date' : value)}`,
        });
        return z.NEVER;
      }
      return date;
    });

const publisherFields = {
  /** Name shown in the attribution, e.g. "The Sankei Shimbun". */
  name: text(),
  /** Link to the publisher or to the original article. */
  url: httpUrl(),
};

const publisherError = 'must be a name and a url, e.g. { name: The Sankei Shimbun, url: https://www.sankei.com/ }';

const publisher = () => z.object(publisherFields, { error: publisherError }).strict();

/**
 * A publisher as the code passes it around: a name and its http(s) address.
 * `via` is one; `source` is one plus its print page and time, so a source can
 * go anywhere a Publisher is asked for. The one type for that idea.
 */
export type Publisher = z.output<ReturnType<typeof publisher>>;

/**
 * The kinds of item a press digest labels ("Translation", "English Press",
 * "JMH Summary"…), as the closed list the `kind` field accepts.
 */
export const ARTICLE_KINDS = ['summary', 'translation', 'english-press', 'editorial', 'poll'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

/**
 * The original outlet, with what the digest records of the print edition:
 * the page or pages ("3", "1, 4–7") and, when the outlet gives one, its own
 * publication time ("19:37"), kept exactly as given: no time zone is guessed.
 */
const sourceOfRecord = () =>
  z
    .object(
      {
        ...publisherFields,
        /** Print page or pages of the original, as text: "3", "1, 4–7". */
        page: text()
          .refine((value) => /^[0-9A-Za-z]+(\s*[-–,]\s*[0-9A-Za-z]+)*$/.test(value), {
            error: (issue) => `must be a page or pages like 3 or 1, 4–7, got ${JSON.stringify(issue.input)}`,
          })
          .optional(),
        /** The outlet's own publication time, 24-hour HH:MM, shown as given. */
        time: z
          .string({ error: (issue) => `must be a time like 19:37, got ${JSON.stringify(issue.input)}` })
          .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, {
            error: (issue) => `must be a 24-hour time like 19:37, got ${JSON.stringify(issue.input)}`,
          })
          .optional(),
      },
      { error: publisherError },
    )
    .strict();

/** The original outlet as the code passes it around: a Publisher with its print page and time. */
export type SourceOfRecord = z.output<ReturnType<typeof sourceOfRecord>>;

/**
 * One correction: the day it was made and what was corrected, as plain text
 * or inline Markdown (rendered through the body's sanitizer).
 */
const correction = () =>
  z
    .object(
      {
        date: calendarDate(),
        text: text(),
      },
      { error: 'must be a date and a text, e.g. { date: 2016-05-13, text: The summit was on May 6, not May 7. }' },
    )
    .strict();

export const articleSchema = z
  .object({
    /** Headline, exactly as published (typographic quotes kept). */
    title: text(),
    /** One- or two-sentence summary shown under the headline and in listings. */
    dek: text(),
    /** Publication date of the original report. */
    date: calendarDate(),
    /** Date of the last substantive correction or update; defaults to the latest correction's date. */
    updated: calendarDate().optional(),
    /** Corrections made since publication, each dated, none before the article's own date. */
    corrections: z.array(correction(), { error: 'must be a list of { date, text } corrections' }).optional(),
    /** The original publisher: name and http(s) URL, and optionally the print page and time. */
    source: sourceOfRecord(),
    /** Where the text was republished (e.g. an English summary), if not the source itself. */
    via: publisher().optional(),
    /** Topics; the first four come from the source page's related topics. */
    tags: z
      .array(text(), { error: 'must be a list, e.g. [Ukraine, Ambassador]' })
      .min(1, { error: 'must list at least one topic' }),
    /** Byline, when the source names one. */
    author: text().optional(),
    /** What kind of item this is, as the digest labels it (one of ARTICLE_KINDS). */
    kind: z
      .enum(ARTICLE_KINDS, {
        error: (issue) => `must be one of ${ARTICLE_KINDS.join(', ')}, got ${JSON.stringify(issue.input)}`,
      })
      .optional(),
    /** Section or desk the source filed it under, e.g. "International". */
    section: text().optional(),
    /** BCP 47 language tag of the article text. */
    lang: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'must be a language tag like en or ja' })
      .default('en'),
    /** Drafts are built by `astro dev` but never published. */
    draft: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .strict()
  .superRefine((data, ctx) => {
    data.corrections?.forEach((entry, index) => {
      if (entry.date.getTime() < data.date.getTime()) {
        ctx.addIssue({
          code: 'custom',
          path: ['corrections', index, 'date'],
          message: `${isoDay(entry.date)} is before the article's date, ${isoDay(data.date)}; a correction comes after publication`,
        });
      }
    });
  })
  .transform((data) => {
    // `updated` defaults to the latest correction: a corrected article was updated that day.
    const latest = latestCorrection(data.corrections);
    return data.updated === undefined && latest ? { ...data, updated: latest.date } : data;
  });

/** The newest correction, or undefined when there are none. */
export function latestCorrection<C extends { date: Date }>(corrections: readonly C[] | undefined): C | undefined {
  return corrections?.reduce<C | undefined>(
    (latest, entry) => (latest === undefined || entry.date > latest.date ? entry : latest),
    undefined,
  );
}

/** Corrections newest first (same day: in the order written), as the page lists them. */
export function correctionsNewestFirst<C extends { date: Date }>(corrections: readonly C[] | undefined): C[] {
  return (corrections ?? [])
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => b.entry.date.getTime() - a.entry.date.getTime() || a.index - b.index)
    .map(({ entry }) => entry);
}

/** Field names an entry may use, for the "unknown field" message. */
export const ARTICLE_FIELDS = Object.keys(articleObjectShape());

function articleObjectShape(): Record<string, unknown> {
  // The schema is an object wrapped in a refinement and a transform; its fields are the inner object's.
  const inner = articleSchema.in as unknown as { shape?: Record<string, unknown> };
  return inner.shape ?? {};
}

/** A field path as the writer sees it: `source.page`, `corrections[1].date`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}

/**
 * One line per problem, `field: message`, in plain English: what the
 * validator prints after the file name.
 */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = issue.path.length === 0 ? ` (allowed: ${ARTICLE_FIELDS.join(', ')})` : '';
      return issue.keys.map((key) => `${fieldPath([...issue.path, key])}: unknown field${allowed}`);
    }
    const field = issue.path.length > 0 ? fieldPath(issue.path) : 'frontmatter';
    return [`${field}: ${issue.message}`];
  });
}

export type ArticleData = z.output<typeof articleSchema>;
