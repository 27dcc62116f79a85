import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { articleSlug, slugProblem } from '../lib/slug.ts';
import { type Capture, ImportError } from './capture.ts';
import {
  type EntryData,
  firstSentence,
  mergeTopics,
  missingFields,
  renderEntry,
  splitTopics,
  validateEntry,
} from './entry.ts';
import { twentyFourHour } from './labels.ts';
import { parseCapture } from './read-capture.ts';
import { writeWhole } from './write.ts';

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
  /**
   * Shows (or, given '', clears) a one-line progress note during a run of
   * several files. Only set when stderr is a terminal: a log file gets the
   * report alone.
   */
  progress?: ((text: string) => void) | undefined;
}

/** Exit codes: 0 done, 1 bad input (for `import`: at least one file failed), 2 bad command line. */
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
  kind: { type: 'string' },
  page: { type: 'string' },
  time: { type: 'string' },
  section: { type: 'string' },
  lang: { type: 'string' },
  slug: { type: 'string' },
  'content-dir': { type: 'string' },
  force: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Every flag `--help` must list. */
export const IMPORT_FLAGS = Object.keys(FIELD_OPTIONS);

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
  --kind translation               summary, translation, english-press, editorial or poll
  --page "1, 4–7"                  print page or pages of the original (source.page)
  --time 19:37                     the outlet's own publication time, 24-hour or "7:37 p.m." (source.time)
Output:
  --slug file-name                 file and URL name (default: made from the headline)
  --content-dir DIR                where entries live (default: content/articles)
  --dry-run                        print the entry instead of writing it
  --force                          replace an existing entry of the same name
  -h, --help                       this help`;

export const IMPORT_USAGE = `Usage: npm run import -- <capture.txt | page.html | folder>... [flags]

Turns plain-text captures and saved HTML pages into content/articles/<slug>.md,
one entry per file; a folder stands for its .txt and .html files. Flags apply
to every file (--title, --dek and --slug name one entry: one file only).
Reports one line per file (written, skipped because the entry exists, or
failed with the reason) and a summary; exits 1 if any file failed. An entry
that exists is never replaced without --force, so running the same command
again writes nothing new.

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
  const time = values.time?.trim();
  return {
    title: values.title,
    dek: values.dek,
    date: values.date?.trim(),
    source: {
      name: values['source-name'],
      url: values['source-url']?.trim(),
      page: values.page?.trim(),
      // "7:37 p.m." is read as 19:37; anything else goes to the schema, which names the problem.
      time: time === undefined ? undefined : (twentyFourHour(time) ?? time),
    },
    via,
    tags: splitTopics(values.tags),
    author: values.author,
    kind: values.kind?.trim(),
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
    source: {
      name: flags.source?.name ?? capture.sourceName,
      url: flags.source?.url ?? capture.sourceUrl,
      page: flags.source?.page ?? capture.page,
      time: flags.source?.time ?? capture.time,
    },
    via: flags.via ?? (capture.viaName && capture.viaUrl ? { name: capture.viaName, url: capture.viaUrl } : undefined),
    tags: mergeTopics(capture.tags, flags.tags ?? []),
    author: flags.author ?? capture.author,
    kind: flags.kind ?? capture.kind,
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
    // Whole or not at all, and never over a file that appeared since the check above.
    if ((await writeWhole(path, text, values.force)) === 'exists') {
      return fail(`${shown} already exists. Add --force to replace it, or --slug another-name to write a new entry.`);
    }
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

/** Files a folder on the command line stands for. */
const CAPTURE_EXTENSIONS = new Set(['.txt', '.html', '.htm', '.xhtml']);

/** The files to import, in command-line order; a folder's captures sorted by name. */
async function expandInputs(cwd: string, inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    if (!isDirectory(path)) {
      files.push(input);
      continue;
    }
    const names = (await readdir(path)).filter(
      (name) => !name.startsWith('.') && CAPTURE_EXTENSIONS.has(extname(name).toLowerCase()),
    );
    if (names.length === 0) files.push(input);
    files.push(...names.sort().map((name) => join(input, name)));
  }
  return files;
}

/** What became of one file. */
interface Outcome {
  status: 'written' | 'skipped' | 'failed';
  /** Why it failed or was skipped, or where the entry went. */
  message: string;
  /** Things done on the editor's behalf that they should check. */
  notes: string[];
}

/** Shared by the files of one run. */
interface Run {
  io: CliIo;
  values: Values;
  contentDir: string;
  /** Entry names taken in this run, so two captures of one story do not both claim it. */
  claimed: Map<string, string>;
}

async function importFile(run: Run, file: string): Promise<Outcome & { text?: string }> {
  const { io, values } = run;
  const failed = (message: string): Outcome => ({ status: 'failed', message, notes: [] });

  const path = resolve(io.cwd, file);
  if (isDirectory(path)) return failed('the folder has no .txt or .html files');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return failed(code === 'ENOENT' ? 'no such file' : `cannot read (${code})`);
  }

  let capture: Capture;
  try {
    capture = await parseCapture(file, bytes, { titleGiven: values.title !== undefined });
  } catch (error) {
    if (error instanceof ImportError) return failed(error.message);
    throw error;
  }

  const data = merge(capture, fieldsFromFlags(values));
  const notes: string[] = [];
  if ((data.dek ?? '').trim() === '' && capture.lead) {
    data.dek = firstSentence(capture.lead, data.lang);
    notes.push(`no summary in the ${capture.format}: its first sentence is the dek (check it, or pass --dek)`);
  }
  const missing = missingFields(data);
  if (missing.length > 0) {
    const width = Math.max(...missing.map((m) => `${m.flag} ${m.example}`.length));
    const lines = missing.map((m) => `  ${`${m.flag} ${m.example}`.padEnd(width)}   (${m.field})`);
    return failed(
      `the ${capture.format} does not give every field an entry needs. Add:\n${lines.join('\n')}\n` +
        `For example: npm run import -- ${file} ${missing.map((m) => `${m.flag} ${m.example}`).join(' ')}`,
    );
  }

  const slug = values.slug?.trim() ?? articleSlug(data.title ?? '');
  if (values.slug === undefined && slug === '') {
    return failed('cannot make a file name from the headline; import it alone with --slug my-article-name');
  }
  const problem = slugProblem(slug);
  if (problem) {
    return failed(
      values.slug === undefined
        ? `the file name made from the headline, ${problem}; import it alone with --slug`
        : `--slug ${problem}`,
    );
  }
  const target = join(run.contentDir, `${slug}.md`);
  const shown = displayPath(io.cwd, target);

  const text = renderEntry(data, capture.body);
  const problems = validateEntry(text);
  if (problems.length > 0) {
    return failed(`${shown} would not pass validation:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }

  const earlier = run.claimed.get(slug);
  if (earlier !== undefined) {
    return failed(`makes the same entry as ${earlier}, ${shown}; import it alone with --slug another-name`);
  }
  run.claimed.set(slug, file);

  const exists = (): Outcome => ({
    status: 'skipped',
    message: `${shown} exists (--force replaces it, --slug another-name writes a new entry)`,
    notes: [],
  });
  if (existsSync(target) && !values.force) return exists();
  if (values['dry-run']) return { status: 'written', message: `-> ${shown}`, notes, text };
  try {
    if ((await writeWhole(target, text, values.force)) === 'exists') return exists();
  } catch (error) {
    return failed(`${shown}: cannot write (${error instanceof Error ? error.message : String(error)})`);
  }
  return { status: 'written', message: `-> ${shown}: “${data.title ?? ''}”`, notes };
}

/** Continuation lines of a report entry, indented under its file name. */
const indent = (text: string) => text.replace(/\n/g, '\n    ');

/** `npm run import -- <file|folder>... [flags]`. */
export async function runImport(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = commandLine(argv, io, IMPORT_USAGE);
  if ('code' in parsed) return parsed.code;
  const { values, positionals } = parsed;
  if (positionals.length === 0) {
    io.stderr(`Name the captures to import: files or folders.\n\n${IMPORT_USAGE}\n`);
    return EXIT.usage;
  }
  const files = await expandInputs(io.cwd, positionals);
  const single = (['title', 'dek', 'slug'] as const).filter((flag) => values[flag] !== undefined);
  if (files.length > 1 && single.length > 0) {
    io.stderr(
      `${single.map((flag) => `--${flag}`).join(', ')} name${single.length === 1 ? 's' : ''} one entry, but there are ${files.length} files; import that file alone.\n\n${IMPORT_USAGE}\n`,
    );
    return EXIT.usage;
  }

  const contentDir = values['content-dir'] ? resolve(io.cwd, values['content-dir']) : io.contentDir;
  if (!values['dry-run'] && !isDirectory(contentDir)) {
    io.stderr(`The content directory ${displayPath(io.cwd, contentDir)} does not exist. Nothing was written.\n`);
    return EXIT.input;
  }

  // With --dry-run the entries are the output, so the report goes to stderr.
  const dryRun = values['dry-run'];
  const report = dryRun ? io.stderr : io.stdout;
  const run: Run = { io, values, contentDir, claimed: new Map() };
  const counts = { written: 0, skipped: 0, failed: 0 };
  const progress = files.length > 1 ? io.progress : undefined;
  for (const [index, file] of files.entries()) {
    progress?.(`[${index + 1}/${files.length}] ${file}`);
    const outcome = await importFile(run, file);
    progress?.('');
    counts[outcome.status]++;
    if (outcome.text !== undefined) io.stdout(counts.written > 1 ? `\n${outcome.text}` : outcome.text);
    const separator = outcome.status === 'written' ? ' ' : ': ';
    const label = outcome.status === 'written' && dryRun ? 'dry run' : outcome.status;
    report(`${label.padEnd(8)} ${file}${separator}${indent(outcome.message)}\n`);
    for (const note of outcome.notes) report(`         note: ${note}\n`);
  }

  const total = `${files.length} file${files.length === 1 ? '' : 's'}`;
  report(
    dryRun
      ? `Dry run, nothing written: ${total}, ${counts.written} would be written, ${counts.skipped} skipped, ${counts.failed} failed.\n`
      : `${total}: ${counts.written} written, ${counts.skipped} skipped, ${counts.failed} failed.\n`,
  );
  if (counts.failed > 0) {
    report(
      'A failed file writes nothing. Fix it and run the same command again: entries already written are skipped.\n',
    );
  }
  return counts.failed > 0 ? EXIT.input : EXIT.ok;
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
