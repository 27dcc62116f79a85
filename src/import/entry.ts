import yaml from 'js-yaml';

import { articleSchema, describeIssues } from '../lib/article-schema.ts';
import { parseIsoDate } from '../lib/dates.ts';
import { topicSlug } from '../lib/slug.ts';

/** Frontmatter of a new entry, before validation; every value as the YAML will hold it. */
export interface EntryData {
  title?: string | undefined;
  dek?: string | undefined;
  /** `YYYY-MM-DD`. */
  date?: string | undefined;
  updated?: string | undefined;
  source?:
    | { name?: string | undefined; url?: string | undefined; page?: string | undefined; time?: string | undefined }
    | undefined;
  via?: { name?: string | undefined; url?: string | undefined } | undefined;
  tags?: string[] | undefined;
  author?: string | undefined;
  kind?: string | undefined;
  section?: string | undefined;
  lang?: string | undefined;
  draft?: boolean | undefined;
}

type Field = keyof EntryData;

/** The order fields are written in: the schema's (src/lib/article-schema.ts). */
const FIELD_ORDER: readonly Field[] = [
  'title',
  'dek',
  'date',
  'updated',
  'source',
  'via',
  'tags',
  'author',
  'kind',
  'section',
  'lang',
  'draft',
];

/** A required field, and the flag that supplies it when a capture does not. */
export interface RequiredField {
  field: string;
  flag: string;
  example: string;
  present: (data: EntryData) => boolean;
}

const has = (value: string | undefined) => value !== undefined && value.trim() !== '';

export const REQUIRED_FIELDS: readonly RequiredField[] = [
  { field: 'title', flag: '--title', example: '"Headline as published"', present: (d) => has(d.title) },
  { field: 'dek', flag: '--dek', example: '"One- or two-sentence summary."', present: (d) => has(d.dek) },
  { field: 'date', flag: '--date', example: 'YYYY-MM-DD', present: (d) => has(d.date) },
  { field: 'source.name', flag: '--source-name', example: '"Publisher"', present: (d) => has(d.source?.name) },
  {
    field: 'source.url',
    flag: '--source-url',
    example: 'https://publisher.example/article',
    present: (d) => has(d.source?.url),
  },
  { field: 'tags', flag: '--tags', example: '"Topic, Another topic"', present: (d) => (d.tags ?? []).length > 0 },
  // `via` is optional, but half of it is a mistake worth a flag, not a schema error.
  {
    field: 'via.name',
    flag: '--via-name',
    example: '"Where this text was published"',
    present: (d) => d.via === undefined || has(d.via.name),
  },
  {
    field: 'via.url',
    flag: '--via-url',
    example: 'https://republisher.example/article',
    present: (d) => d.via === undefined || has(d.via.url),
  },
];

/** The required fields `data` lacks, in the order the flags should be listed. */
export function missingFields(data: EntryData): RequiredField[] {
  return REQUIRED_FIELDS.filter((required) => !required.present(data));
}

/** `Topic, Another topic` -> `['Topic', 'Another topic']`. */
export function splitTopics(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((topic) => topic.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/**
 * Captured topics followed by the extra ones, each topic once. Topics are
 * compared by their URL slug, because two names with one slug (`COVID-19`,
 * `Covid 19`) would fail the build; the first spelling wins.
 */
export function mergeTopics(...lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  return lists.flat().filter((topic) => {
    const key = topicSlug(topic);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const DUMP_OPTIONS: yaml.DumpOptions = { lineWidth: -1, noRefs: true };

/** Drops undefined members so js-yaml does not choke on them. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/**
 * The entry file: YAML frontmatter then the Markdown body. js-yaml quotes
 * every value that needs it (a headline with `: ` or a leading quote, a tag
 * like `yes`), so captured text can never turn into other YAML. Dates are the
 * one exception, written bare like hand-written entries (`date: 2016-05-12`),
 * and only when they are a real `YYYY-MM-DD` day: YAML would roll a bare
 * `2016-02-30` over to March 1st, so anything else is quoted and the schema
 * then names it.
 *
 * `hints` are comment lines written in place of fields that are absent, so a
 * scaffold shows every field an entry may have.
 */
export function renderEntry(data: EntryData, body: string, hints: Partial<Record<Field, string>> = {}): string {
  const frontmatter = FIELD_ORDER.map((field) => {
    const value = data[field];
    if (value === undefined) return hints[field] ?? '';
    if ((field === 'date' || field === 'updated') && typeof value === 'string' && parseIsoDate(value)) {
      return `${field}: ${value.trim()}\n`;
    }
    const member = typeof value === 'object' && !Array.isArray(value) ? defined(value) : value;
    return yaml.dump({ [field]: member }, DUMP_OPTIONS);
  }).join('');
  return `---\n${frontmatter}---\n\n${body.trim()}\n`;
}

const ENTRY = /^---\r?\n([\s\S]*?)\r?\n?---\r?\n([\s\S]*)$/;

/**
 * Everything wrong with an entry file's text, one `field: message` line each,
 * judged by the same schema as the build. Empty when the entry is valid.
 */
export function validateEntry(text: string): string[] {
  const match = ENTRY.exec(text);
  if (!match) return ['frontmatter: the file must start with a --- line, the YAML fields, then another --- line'];
  const [, frontmatter = '', body = ''] = match;
  let data: unknown;
  try {
    data = yaml.load(frontmatter);
  } catch (error) {
    return [`frontmatter: not valid YAML (${error instanceof yaml.YAMLException ? error.reason : String(error)})`];
  }
  const result = articleSchema.safeParse(data ?? {});
  const problems = result.success ? [] : describeIssues(result.error);
  if (body.trim() === '') problems.push('body: the article has no text');
  return problems;
}

/** Abbreviations a sentence does not end at, though a period follows them. */
const ABBREVIATION =
  /(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Gov|Sen|Rep|St|No|Nos|Vol|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|[A-Z](?:\.[A-Z])*)\.\s*$/;

/**
 * The first sentence of a paragraph, for the `dek` of a capture that has no
 * summary: sentence boundaries as Unicode defines them (so `。` ends a
 * Japanese sentence), not broken after "Mr." or "U.S.".
 */
export function firstSentence(paragraph: string, lang = 'en'): string {
  const text = paragraph.replace(/\s+/g, ' ').trim();
  let locale = 'en';
  try {
    locale = Intl.Segmenter.supportedLocalesOf([lang])[0] ?? 'en';
  } catch {
    // A tag Intl cannot read: English rules still find a sentence.
  }
  let sentence = '';
  for (const { segment } of new Intl.Segmenter(locale, { granularity: 'sentence' }).segment(text)) {
    sentence += segment;
    if (!ABBREVIATION.test(sentence)) break;
  }
  return sentence.trim();
}
