import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { articleSlug, slugProblem } from '../lib/slug.ts';
import { type Capture, ImportError } from './capture.ts';
import { type EntryData, mergeTopics, missingFields, renderEntry, splitTopics, validateEntry } from './entry.ts';
import { parseCapture } from './read-capture.ts';

/**
 * The two newsroom commands, `npm run new` and `npm run import`, as functions
 * of their arguments and an I/O object, so tests run them in-process against
 * a temporary content directory. scripts/new.ts and scripts/import.ts only
 * wire them to the real process.
 */

export interface CliIo {
  /** What relative paths on the command line are relative to (npm's INIT_CWD: where the user typed the command). */
  cwd: string;
  /** Where entries go unless `--content-dir` says otherwise. */
  contentDir: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Today as `YYYY-MM-DD`, the date `new` fills in. */
  today: () => string;
}

/** Exit codes: 0 done, 1 bad input (nothing written), 2 bad command line. */
export const EXIT = { ok: 0, input: 1, usage: 2 } as const;

const FIELD_OPTIONS = {
  title: { type: 'string' },
  dek: { type: 'string' },
  date: { type: 'string' },
  'source-name': { type: 'string' },
  'source-url': { type: 'string' },
  'via-name': { type: 'string' },
  'via-url': { type: 'string' },
  tags: { type: 'string' },
  author: { type: 'string' },
  section: { type: 'string' },
  lang: { type: 'string' },
  slug: { type: 'string' },
  'content-dir': { type: 'string' },
  force: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof FIELD_OPTIONS; allowPositionals: true }>>['values'];

const FLAG_HELP = `Fields (each overrides what the capture says):
  --title "Headline"               headline as published
  --dek "Summary."                 one- or two-sentence summary
  --date YYYY-MM-DD                publication date of the original
  --source-name "Publisher"        the original publisher
  --source-url https://…           link to the publisher or the original article
  --via-name "Name"                where this text was published, if not the source (needs --via-url)
  --via-url https://…
  --tags "Topic, Another"          topics, comma-separated; added after the capture's own
  --author "Name"  --section "Desk"  --lang en
Output:
  --slug file-name                 file and URL name (default: made from the headline)
  --content-dir DIR                where entries live (default: content/articles)
  --dry-run                        print the entry instead of writing it
  --force                          replace an existing entry of the same name`;

export const IMPORT_USAGE = `Usage: npm run import -- <capture.txt | page.html> [flags]

Turns a plain-text capture or a saved HTML page into content/articles/<slug>.md.

${FLAG_HELP}`;

export const NEW_USAGE = `Usage: npm run new -- "Headline" [flags]

Creates content/articles/<slug>.md with every field present: today's date,
placeholders for the rest, and draft: true so it is not published until edited.

${FLAG_HELP}`;

function parse(argv: readonly string[]): { values: Values; positionals: string[] } {
  return parseArgs({ args: [...argv], options: FIELD_OPTIONS, allowPositionals: true, strict: true });
}

/** The frontmatter the flags ask for; only flags actually given appear. */
function fieldsFromFlags(values: Values): EntryData {
  const via =
    values['via-name'] !== undefined || values['via-url'] !== undefined
      ? { name: values['via-name'], url: values['via-url'] }
      : undefined;
  return {
    title: values.title,
    dek: values.dek,
    date: values.date?.trim(),
    source: { name: values['source-name'], url: values['source-url']?.trim() },
    via,
    tags: splitTopics(values.tags),
    author: values.author,
    section: values.section,
    lang: values.lang?.trim(),
  };
}

/** Capture values with the flags laid over them; topics from both. */
function merge(capture: Capture, flags: EntryData): EntryData {
  return {
    title: flags.title ?? capture.title,
    dek: flags.dek ?? capture.dek,
    date: flags.date ?? capture.date,
    source: { name: flags.source?.name ?? capture.sourceName, url: flags.source?.url ?? capture.sourceUrl },
    via: flags.via,
    tags: mergeTopics(capture.tags, flags.tags ?? []),
    author: flags.author ?? capture.author,
    section: flags.section ?? capture.section,
    lang: flags.lang ?? capture.lang ?? 'en',
  };
}

/** Validates, then writes (or prints, with --dry-run) one entry. Returns the exit code. */
async function emit(
  io: CliIo,
  values: Values,
  data: EntryData,
  body: string,
  origin: string,
  hints?: Parameters<typeof renderEntry>[2],
): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`${message}\nNothing was written.\n`);
    return EXIT.input;
  };

  const slug = values.slug?.trim() ?? articleSlug(data.title ?? '');
  if (values.slug === undefined && slug === '') {
    return fail(`${origin}: cannot make a file name from the headline; add --slug my-article-name`);
  }
  const problem = slugProblem(slug);
  if (problem) return fail(`${origin}: --slug ${problem}`);

  const contentDir = values['content-dir'] ? resolve(io.cwd, values['content-dir']) : io.contentDir;
  const path = join(contentDir, `${slug}.md`);
  const shown = displayPath(io.cwd, path);

  const text = renderEntry(data, body, hints);
  const problems = validateEntry(text);
  if (problems.length > 0) {
    return fail(`${shown} (from ${origin}) would not pass validation:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }

  const exists = existsSync(path);
  if (values['dry-run']) {
    io.stdout(text);
    io.stderr(
      `Dry run: this is the entry that would be written to ${shown}` +
        (exists && !values.force ? ' (a file of that name exists: it would need --force)' : '') +
        '.\n',
    );
    return EXIT.ok;
  }

  if (!isDirectory(contentDir)) {
    return fail(`${origin}: the content directory ${displayPath(io.cwd, contentDir)} does not exist`);
  }
  if (exists && !values.force) {
    return fail(`${shown} already exists. Add --force to replace it, or --slug another-name to write a new entry.`);
  }
  try {
    // `wx` fails if the file appeared since the check above, so a race never overwrites either.
    await writeFile(path, text, { encoding: 'utf8', flag: values.force ? 'w' : 'wx' });
  } catch (error) {
    return fail(`${shown}: cannot write (${error instanceof Error ? error.message : String(error)})`);
  }
  io.stdout(`Wrote ${shown}: “${data.title ?? ''}”\n`);
  return EXIT.ok;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function displayPath(cwd: string, path: string): string {
  const shown = relative(cwd, path);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}

/** Parses the command line; `{ code }` means "stop with this exit code" (after --help or a mistake, usage printed). */
function commandLine(
  argv: readonly string[],
  io: CliIo,
  usage: string,
): { values: Values; positionals: string[] } | { code: number } {
  try {
    const parsed = parse(argv);
    if (parsed.values.help) {
      io.stdout(`${usage}\n`);
      return { code: EXIT.ok };
    }
    return parsed;
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    return { code: EXIT.usage };
  }
}

/** `npm run import -- <file> [flags]`. */
export async function runImport(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = commandLine(argv, io, IMPORT_USAGE);
  if ('code' in parsed) return parsed.code;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    io.stderr(
      `${positionals.length === 0 ? 'Name the capture to import.' : `Import one file at a time (got ${positionals.length}).`}\n\n${IMPORT_USAGE}\n`,
    );
    return EXIT.usage;
  }
  const file = positionals[0] ?? '';
  const fail = (message: string) => {
    io.stderr(`${file}: ${message}\nNothing was written.\n`);
    return EXIT.input;
  };

  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(io.cwd, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code})`,
    );
  }

  let capture: Capture;
  try {
    capture = await parseCapture(file, bytes, { titleGiven: values.title !== undefined });
  } catch (error) {
    if (error instanceof ImportError) return fail(error.message);
    throw error;
  }

  const data = merge(capture, fieldsFromFlags(values));
  const missing = missingFields(data);
  if (missing.length > 0) {
    const width = Math.max(...missing.map((m) => `${m.flag} ${m.example}`.length));
    const lines = missing.map((m) => `  ${`${m.flag} ${m.example}`.padEnd(width)}   (${m.field})`);
    return fail(
      `the ${capture.kind} does not give every field an entry needs. Add:\n${lines.join('\n')}\n` +
        `For example: npm run import -- ${file} ${missing.map((m) => `${m.flag} ${m.example}`).join(' ')}`,
    );
  }
  return emit(io, values, data, capture.body, file);
}

/** Comment lines a scaffold shows in place of the optional fields it leaves out. */
const SCAFFOLD_HINTS = {
  updated: '# updated: YYYY-MM-DD  # optional: date of the last correction\n',
  via: '# via:  # optional: where this text was published, if not the source\n#   name: Japan Media Highlights, U.S. Embassy Tokyo\n#   url: https://jmh.usembassy.gov/\n',
  author: '# author: Staff writer  # optional byline\n',
  section: '# section: International  # optional: the source’s section or desk\n',
};

/** `npm run new -- "Headline" [flags]`. */
export async function runNew(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = commandLine(argv, io, NEW_USAGE);
  if ('code' in parsed) return parsed.code;
  const { values, positionals } = parsed;
  // Unquoted words are one headline: `npm run new -- Harbour reopens` works too.
  const headline = (values.title ?? positionals.join(' ')).replace(/\s+/g, ' ').trim();
  if (headline === '') {
    io.stderr(`Give the headline.\n\n${NEW_USAGE}\n`);
    return EXIT.usage;
  }
  const flags = fieldsFromFlags(values);
  const data: EntryData = {
    title: headline,
    dek: flags.dek ?? 'TODO: one- or two-sentence summary shown under the headline and in lists.',
    date: flags.date ?? io.today(),
    source: {
      name: flags.source?.name ?? 'TODO: the original publisher',
      url: flags.source?.url ?? 'https://example.com/TODO-link-to-the-original',
    },
    via: flags.via,
    tags: (flags.tags ?? []).length > 0 ? flags.tags : ['TODO'],
    author: flags.author,
    section: flags.section,
    lang: flags.lang ?? 'en',
    // Placeholders must never be published by accident.
    draft: true,
  };
  const missing = missingFields(data);
  if (missing.length > 0) {
    const lines = missing.map((m) => `  ${m.flag} ${m.example}   (${m.field})`);
    io.stderr(`The entry needs both parts of via. Add:\n${lines.join('\n')}\nNothing was written.\n`);
    return EXIT.input;
  }
  const body = 'TODO: the article text, in Markdown. Replace every TODO above, then remove `draft: true` to publish.\n';
  const code = await emit(io, values, data, body, `"${headline}"`, SCAFFOLD_HINTS);
  if (code === EXIT.ok && !values['dry-run']) {
    io.stdout('It is a draft: fill in the TODOs, then remove `draft: true` to publish it.\n');
  }
  return code;
}

/** Today's calendar day where the command runs, as `YYYY-MM-DD`. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
