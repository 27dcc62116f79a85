import { extractFrontmatter } from '@astrojs/markdown-remark';
import yaml from 'js-yaml';

import { type ArticleData, articleSchema, describeIssues } from './article-schema.ts';
import { type ArticleLike, TopicSlugCollisionError, topicIndex } from './articles.ts';
import { ISO_DAY, isoDay, parseIsoDate } from './dates.ts';
import { entrySlug, topicSlug } from './slug.ts';

/**
 * Checks every article file before a build, with the rules the schema can't
 * express on one entry alone: frontmatter that isn't YAML, an empty body, two
 * files with one URL, two topics or two outlets with one URL, dates in the future. Pure: the
 * caller reads the files (see `validate-content.ts`), so tests can pass text.
 *
 * Frontmatter is read as Astro reads it (js-yaml's default schema), so an
 * entry that passes here passes the build, with one difference: that schema
 * turns `2016-02-30` into a Date and silently rolls it over to March 1, so
 * here such a date stays the text it was (`FRONTMATTER_SCHEMA`), and the
 * schema's strict calendar check rejects it.
 */

export interface EntryFile {
  /** Path as it should be shown to the writer, e.g. `content/articles/x.md`. */
  path: string;
  /** Path inside the collection folder, e.g. `x.md`: the entry's URL slug comes from it. */
  relativePath: string;
  text: string;
  /**
   * The file's bytes, when the caller has them: then only bytes that are not
   * UTF-8 are reported, and a U+FFFD the writer typed on purpose is not.
   */
  bytes?: Uint8Array;
}

export interface EntryIssue {
  path: string;
  field: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface ValidateOptions {
  /** "Today", for the future-date check. */
  now: Date;
  /** Days past `now` a date may be before it is reported (wire copy can be dated tomorrow in Tokyo). */
  futureMarginDays: number;
}

export const DEFAULT_FUTURE_MARGIN_DAYS = 2;

const DAY_MS = 24 * 60 * 60 * 1000;
const TOML_FRONTMATTER = /^\uFEFF?(?:\s*\n)?\+\+\+/;

/** `path: field: message`, with `warning: ` before a warning's message. */
export function formatIssue(issue: EntryIssue): string {
  return `${issue.path}: ${issue.field}: ${issue.severity === 'warning' ? 'warning: ' : ''}${issue.message}`;
}

/**
 * js-yaml's own reading of `2016-05-12` and `2016-05-12T10:29:00+09:00`
 * (js-yaml exports its types as `types`; @types/js-yaml does not declare them).
 */
const TIMESTAMP = (yaml as unknown as { types: { timestamp: yaml.Type } }).types.timestamp;

/**
 * js-yaml's default schema (Astro's), but a calendar date that does not exist
 * (`2016-02-30`, `2015-02-29`, `2016-13-01`), which js-yaml rolls over to
 * another day, stays the text that was written, at any depth. One parse: it
 * used to take a second one with the CORE schema to find the written text,
 * about 0.3 s of every 10,000-article build (docs/performance.md, "Three fixed
 * costs taken off every build").
 */
export const FRONTMATTER_SCHEMA = yaml.DEFAULT_SCHEMA.extend({
  implicit: [
    new yaml.Type('tag:yaml.org,2002:timestamp', {
      kind: 'scalar',
      resolve: (text: string) => TIMESTAMP.resolve(text),
      // A day-only date that is not a real calendar day (`parseIsoDate` refuses it) stays the text written.
      construct: (text: string) => (ISO_DAY.test(text) && !parseIsoDate(text) ? text : TIMESTAMP.construct(text)),
      instanceOf: Date,
      represent: TIMESTAMP.represent ?? undefined,
    }),
  ],
});

const REPLACEMENT = '\uFFFD';

/**
 * Lines (1-based) holding bytes that are not UTF-8. Reading a file as UTF-8
 * (Astro does, and so does `readFileSync(file, 'utf8')`) replaces each such
 * sequence with U+FFFD without a word, so a Latin-1 or Shift_JIS file would
 * publish as "�" marks: a warning, since nothing about it is unsafe.
 */
export function invalidUtf8Lines(file: Pick<EntryFile, 'text' | 'bytes'>): number[] {
  if (file.bytes) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
      return [];
    } catch {
      // Decoded again without `fatal`, each bad sequence is one U+FFFD, on the line it was on.
    }
  }
  const text = file.bytes ? new TextDecoder('utf-8').decode(file.bytes) : file.text;
  if (!text.includes(REPLACEMENT)) return [];
  return text.split('\n').flatMap((line, index) => (line.includes(REPLACEMENT) ? [index + 1] : []));
}

function encodingWarning(lines: number[]): string {
  const shown = lines.slice(0, 5).join(', ');
  const more = lines.length > 5 ? ` and ${lines.length - 5} more` : '';
  return `invalid UTF-8 on line${lines.length === 1 ? '' : 's'} ${shown}${more}: those bytes are shown as U+FFFD (\u{FFFD}); re-save the file as UTF-8`;
}

interface ParsedEntry {
  file: EntryFile;
  slug: string;
  data?: ArticleData;
}

function parseEntry(file: EntryFile, options: ValidateOptions, report: (issue: Omit<EntryIssue, 'path'>) => void) {
  const error = (field: string, message: string) => report({ field, message, severity: 'error' });
  const entry: ParsedEntry = { file, slug: entrySlug(file.relativePath) };
  const badLines = invalidUtf8Lines(file);
  if (badLines.length > 0) report({ field: 'encoding', message: encodingWarning(badLines), severity: 'warning' });

  if (TOML_FRONTMATTER.test(file.text)) {
    error('frontmatter', 'is TOML (+++); write it as YAML between --- lines');
    return entry;
  }
  const raw = extractFrontmatter(file.text);
  if (raw === undefined) {
    error('frontmatter', 'is missing; the file must start with a --- line, the fields, and another --- line');
    return entry;
  }
  const start = file.text.indexOf(raw);
  const body = file.text.slice(start + raw.length).replace(/^---/, '');

  let data: unknown;
  try {
    data = yaml.load(raw, { schema: FRONTMATTER_SCHEMA });
  } catch (cause) {
    if (!(cause instanceof yaml.YAMLException)) throw cause;
    // `mark.line` counts from the opening `---` line, which `raw` starts on.
    const line = file.text.slice(0, start).split('\n').length + cause.mark.line;
    error('frontmatter', `invalid YAML at line ${line}: ${cause.reason}`);
    return entry;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    error('frontmatter', 'must be a list of `field: value` lines');
    return entry;
  }
  // Astro takes a `slug` field as the URL (the schema then refuses it as unknown).
  const override = (data as Record<string, unknown>)['slug'];
  if (typeof override === 'string' || typeof override === 'number') entry.slug = String(override);

  const result = articleSchema.safeParse(data);
  if (!result.success) {
    for (const line of describeIssues(result.error)) {
      const [field = 'frontmatter', ...rest] = line.split(': ');
      error(field, rest.join(': '));
    }
  } else {
    entry.data = result.data;
    const limit = options.now.getTime() + options.futureMarginDays * DAY_MS;
    for (const field of ['date', 'updated'] as const) {
      const date = result.data[field];
      if (date && date.getTime() > limit) {
        report({
          field,
          message: `${isoDay(date)} is in the future, beyond the ${options.futureMarginDays}-day margin; check the date`,
          severity: 'warning',
        });
      }
    }
  }

  if (body.replace(/<!--[\s\S]*?-->/g, '').trim() === '') {
    error('body', 'is empty; write the article below the closing --- line');
  }
  if (entry.slug === '') error('slug', 'the file name has no letter or digit to make a URL from; rename the file');
  if (entry.slug.includes('/')) {
    error('slug', `"${entry.slug}" has a "/": put the file directly in the articles folder, not in a sub-folder`);
  }
  return entry;
}

/** Two different names that make one topic URL, reported on every entry that uses one of them. */
function topicCollisions(entries: ParsedEntry[]): EntryIssue[] {
  const bySlug = new Map<string, Map<string, { path: string; index: number }[]>>();
  const issues: EntryIssue[] = [];
  for (const { file, data } of entries) {
    data?.tags.forEach((name, index) => {
      const slug = topicSlug(name);
      if (slug === '') {
        issues.push({
          path: file.path,
          field: `tags[${index}]`,
          message: `${JSON.stringify(name)} has no letter or digit to make a topic URL from`,
          severity: 'error',
        });
        return;
      }
      const names = bySlug.get(slug) ?? new Map<string, { path: string; index: number }[]>();
      bySlug.set(slug, names);
      // Appended in place: copying the list on every use was quadratic in a topic's articles.
      const uses = names.get(name);
      if (uses) uses.push({ path: file.path, index });
      else names.set(name, [{ path: file.path, index }]);
    });
  }
  for (const [slug, names] of bySlug) {
    if (names.size < 2) continue;
    const spellings = [...names.keys()];
    for (const [name, uses] of names) {
      const other = spellings.find((spelling) => spelling !== name) ?? name;
      const where = names.get(other)?.[0]?.path;
      const message = `${JSON.stringify(name)} and ${JSON.stringify(other)} (in ${where}) make the same topic URL, topics/${slug}/; spell the topic the same way everywhere`;
      for (const use of uses) {
        issues.push({ path: use.path, field: `tags[${use.index}]`, message, severity: 'error' });
      }
    }
  }
  // The index the site builds from must agree: should it still find a clash, report its own message.
  const articles: ArticleLike[] = entries.flatMap(({ file, slug, data }) =>
    data ? [{ id: slug || file.path, data }] : [],
  );
  try {
    topicIndex(articles);
  } catch (cause) {
    if (!(cause instanceof TopicSlugCollisionError)) throw cause;
    if (issues.length === 0)
      issues.push({ path: '(all entries)', field: 'tags', message: cause.message, severity: 'error' });
  }
  return issues;
}

/**
 * Two outlet spellings that make one /sources/ URL ("The Sankei Shimbun" and
 * "The Sankei shimbun"): an error on every entry using either, naming the
 * other file, so the writer can make them agree.
 */
function sourceCollisions(entries: ParsedEntry[]): EntryIssue[] {
  const bySlug = new Map<string, Map<string, string[]>>();
  for (const { file, data } of entries) {
    if (!data) continue;
    const name = data.source.name.trim();
    const slug = topicSlug(name);
    if (slug === '') continue;
    const names = bySlug.get(slug) ?? new Map<string, string[]>();
    names.set(name, [...(names.get(name) ?? []), file.path]);
    bySlug.set(slug, names);
  }
  const issues: EntryIssue[] = [];
  for (const [slug, names] of bySlug) {
    if (names.size < 2) continue;
    for (const [name, paths] of names) {
      const [other, otherPaths] = [...names].find(([spelling]) => spelling !== name) ?? [name, paths];
      const message = `${JSON.stringify(name)} and ${JSON.stringify(other)} (in ${otherPaths[0]}) make the same source URL, sources/${slug}/; spell the outlet the same way everywhere`;
      for (const path of paths) issues.push({ path, field: 'source.name', message, severity: 'error' });
    }
  }
  return issues;
}

function duplicateSlugs(entries: ParsedEntry[]): EntryIssue[] {
  const bySlug = Map.groupBy(
    entries.filter((entry) => entry.slug !== ''),
    (entry) => entry.slug,
  );
  return [...bySlug].flatMap(([slug, same]) =>
    same.length < 2
      ? []
      : same.map(({ file }) => ({
          path: file.path,
          field: 'slug',
          message: `"${slug}" is also the URL of ${same
            .filter((other) => other.file !== file)
            .map((other) => other.file.path)
            .join(', ')}; file names differing only in case, spaces or punctuation make the same URL`,
          severity: 'error' as const,
        })),
  );
}

/** An entry that passed the schema: its URL slug (Astro's id) and its data, as the build will see them. */
export interface ValidatedArticle {
  id: string;
  data: ArticleData;
}

/** Every problem in every file, errors and warnings, in file order; and the entries that passed the schema. */
export function checkEntries(
  files: readonly EntryFile[],
  options: ValidateOptions,
): { issues: EntryIssue[]; articles: ValidatedArticle[] } {
  const issues: EntryIssue[] = [];
  const entries = files.map((file) => parseEntry(file, options, (issue) => issues.push({ path: file.path, ...issue })));
  issues.push(...duplicateSlugs(entries), ...topicCollisions(entries), ...sourceCollisions(entries));
  const order = new Map(files.map((file, index) => [file.path, index]));
  // Stable sort: within a file, problems stay in the order they were found.
  issues.sort((a, b) => (order.get(a.path) ?? -1) - (order.get(b.path) ?? -1));
  const articles = entries.flatMap(({ slug, data }) => (data ? [{ id: slug, data }] : []));
  return { issues, articles };
}

/** Every problem in every file, errors and warnings, in file order. */
export function validateEntries(files: readonly EntryFile[], options: ValidateOptions): EntryIssue[] {
  return checkEntries(files, options).issues;
}
