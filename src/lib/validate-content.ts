/**
 * Reads every article file under a content folder and validates it
 * (`validate-entries.ts`), reporting every problem in every file at once, one
 * per line: `content/articles/x.md: date: expected a date like 2016-05-12, got
 * "not-a-date"`. Used by `npm run validate` and by the build integration
 * (src/integrations/publish.ts), which stops before Astro reads a file.
 */
import { globSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import {
  checkEntries,
  DEFAULT_FUTURE_MARGIN_DAYS,
  type EntryIssue,
  formatIssue,
  type ValidatedArticle,
} from './validate-entries.ts';

/** Same folder and pattern as `src/content.config.ts`: `_draft.md` files are not articles. */
export const ARTICLE_PATTERN = '**/[^_]*.md';

export interface ValidateRun {
  issues: EntryIssue[];
  entries: number;
  errors: number;
  /** The entries that passed the schema, as the build will read them. */
  articles: ValidatedArticle[];
}

/** A whole number of days from the flag or `FUTURE_MARGIN_DAYS`; anything else is a usage error. */
export function futureMarginDays(value = process.env['FUTURE_MARGIN_DAYS']): number {
  if (value === undefined || value === '') return DEFAULT_FUTURE_MARGIN_DAYS;
  if (!/^\d+$/.test(value)) throw new Error(`the future-date margin must be a whole number of days, got "${value}"`);
  return Number(value);
}

export function validateContent(
  contentDir = process.env['CONTENT_DIR'] || './content',
  marginDays = futureMarginDays(),
): ValidateRun {
  const dir = join(contentDir, 'articles');
  const files = globSync(ARTICLE_PATTERN, { cwd: dir })
    // Like Astro's glob loader, hidden files and folders are not content.
    .filter((file) => !file.split(/[\\/]/).some((part) => part.startsWith('.')))
    .sort()
    .map((file) => ({
      path: relative(process.cwd(), join(dir, file)),
      relativePath: file.split('\\').join('/'),
      text: readFileSync(join(dir, file), 'utf8'),
    }));
  const { issues, articles } = checkEntries(files, { now: new Date(), futureMarginDays: marginDays });
  return {
    issues,
    entries: files.length,
    errors: issues.filter((issue) => issue.severity === 'error').length,
    articles,
  };
}

/** Prints the report; returns false when the build must not go on. */
export function printValidation({ issues, entries, errors }: ValidateRun): boolean {
  for (const issue of issues) (issue.severity === 'error' ? console.error : console.warn)(formatIssue(issue));
  const warnings = issues.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const bad = new Set(issues.filter((issue) => issue.severity === 'error').map((issue) => issue.path)).size;
  const tail = warnings ? `, ${plural(warnings, 'warning')}` : '';
  const of = `${entries} ${entries === 1 ? 'entry' : 'entries'}`;
  if (errors) console.error(`validate: ${plural(errors, 'problem')} in ${bad} of ${of}${tail}`);
  else console.log(`validate: ${of} OK${tail}`);
  return errors === 0;
}
