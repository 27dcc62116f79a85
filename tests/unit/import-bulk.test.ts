import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

import { type CliIo, IMPORT_FLAGS, runImport } from '../../src/import/cli.ts';
import { validateEntry } from '../../src/import/entry.ts';
import { writeWhole } from '../../src/import/write.ts';
import { useTempContent } from '../support/cli.ts';

const temp = useTempContent();

/** A morning's captures as a desk saves them: labelled text captures and a saved page. */
const DAY: Record<string, string> = {
  '01-sankei.txt':
    'Translation\nSankei, p. 3\n\nAbe and Putin agree on new approach\n\nThe two leaders agreed on a new approach. Talks start in June.\n\n• Russia',
  '02-yomiuri.txt':
    'JMH Summary\nYomiuri, p. 27\n\nCabinet support rises to 45 percent\n\nSupport for the cabinet rose. The survey was taken at the weekend.',
  '03-japan-news.txt':
    'English Press\nThe Japan News, 7:37 p.m.\n\nPort reopens after typhoon\n\nThe port reopened on Tuesday evening, officials said.',
  '04-page.html': readFileSync('tests/fixtures/import/json-ld-only.html', 'utf8'),
};
const ENTRIES = [
  'abe-and-putin-agree-on-new-approach.md',
  'cabinet-support-rises-to-45-percent.md',
  'ministers-agree-grain-corridor-for-the-winter.md',
  'port-reopens-after-typhoon.md',
];
const FLAGS = [
  '--date',
  '2016-05-12',
  '--tags',
  'Japan',
  '--via-name',
  'Japan Media Highlights, U.S. Embassy Tokyo',
  '--via-url',
  'https://jmh.usembassy.gov/',
];

function folder(files: Record<string, string | Uint8Array>): string {
  const { dir } = temp.make();
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function frontmatter(path: string): Record<string, unknown> {
  return yaml.load(readFileSync(path, 'utf8').split(/^---$/m)[1] ?? '') as Record<string, unknown>;
}

/** Runs the import with an I/O that records the progress line too. */
async function runWithProgress(argv: string[], contentDir: string) {
  let stdout = '';
  let stderr = '';
  const progress: string[] = [];
  const io: CliIo = {
    cwd: process.cwd(),
    contentDir,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    today: () => '2024-03-05',
    progress: (text) => progress.push(text),
  };
  const code = await runImport(argv, io);
  return { code, stdout, stderr, progress };
}

describe('npm run import on a whole day (a folder of captures)', () => {
  it('writes one entry per file, with the flags applied to every one, and reports each', async () => {
    const input = folder(DAY);
    const { dir, run, files } = temp.make();
    const result = await run(runImport, [input, ...FLAGS]);

    expect(result.code, result.stdout).toBe(0);
    expect(files()).toEqual(ENTRIES);
    const lines = result.stdout.trimEnd().split('\n');
    for (const name of Object.keys(DAY)) {
      expect(lines.some((line) => line.startsWith(`written  ${join(input, name)} -> `))).toBe(true);
    }
    expect(lines.at(-1)).toBe('4 files: 4 written, 0 skipped, 0 failed.');
    for (const entry of ENTRIES) {
      const text = readFileSync(join(dir, entry), 'utf8');
      expect(validateEntry(text), entry).toEqual([]);
      expect(frontmatter(join(dir, entry)), `${entry} did not get the flags`).toMatchObject({
        via: { name: 'Japan Media Highlights, U.S. Embassy Tokyo' },
      });
      expect(frontmatter(join(dir, entry)).tags).toContain('Japan');
    }
  });

  it('fills the source of record from the labels', async () => {
    const { dir, run } = temp.make();
    await run(runImport, [folder(DAY), ...FLAGS]);
    expect(frontmatter(join(dir, ENTRIES[0] ?? ''))).toMatchObject({
      kind: 'translation',
      source: { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/', page: '3' },
    });
    expect(frontmatter(join(dir, ENTRIES[1] ?? ''))).toMatchObject({
      kind: 'summary',
      source: { name: 'The Yomiuri Shimbun', page: '27' },
    });
    expect(frontmatter(join(dir, ENTRIES[3] ?? ''))).toMatchObject({
      kind: 'english-press',
      source: { name: 'The Japan News', url: 'https://japannews.yomiuri.co.jp/', time: '19:37' },
    });
  });

  it('takes each summary-less capture’s first sentence as its dek, and says so for each', async () => {
    const input = folder(DAY);
    const { dir, run } = temp.make();
    const result = await run(runImport, [input, ...FLAGS]);
    expect(result.stdout.match(/note: no summary in the text capture: its first sentence is the dek/g)).toHaveLength(3);
    expect(frontmatter(join(dir, ENTRIES[0] ?? '')).dek).toBe('The two leaders agreed on a new approach.');
    // The page's own summary is kept.
    expect(frontmatter(join(dir, ENTRIES[2] ?? '')).dek).toBe(
      'The agreement keeps two ports open until the spring harvest.',
    );
  });

  it('writes nothing the second time: every entry is skipped, byte for byte as it was', async () => {
    const input = folder(DAY);
    const { dir, run, files } = temp.make();
    await run(runImport, [input, ...FLAGS]);
    const before = ENTRIES.map((entry) => [readFileSync(join(dir, entry), 'utf8'), statSync(join(dir, entry)).mtimeMs]);

    const again = await run(runImport, [input, ...FLAGS]);
    expect(again.code).toBe(0);
    expect(again.stdout.match(/^skipped {2}/gm)).toHaveLength(4);
    expect(again.stdout).toMatch(/4 files: 0 written, 4 skipped, 0 failed\.\n$/);
    expect(files()).toEqual(ENTRIES);
    const after = ENTRIES.map((entry) => [readFileSync(join(dir, entry), 'utf8'), statSync(join(dir, entry)).mtimeMs]);
    expect(after).toEqual(before);
  });

  it('takes files and folders together, in command-line order', async () => {
    const input = folder(DAY);
    const { run, files } = temp.make();
    const result = await run(runImport, [join(input, '03-japan-news.txt'), input, ...FLAGS]);
    expect(result.stdout.split('\n')[0]).toMatch(/^written {2}.*03-japan-news\.txt -> /);
    // The folder's copy of that capture makes the same entry: the run says so instead of writing it twice.
    expect(result.stdout).toMatch(/failed {3}.*03-japan-news\.txt: makes the same entry as .*03-japan-news\.txt/);
    expect(files()).toEqual(ENTRIES);
  });
});

describe('a run with a failing file in the middle', () => {
  const broken = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]);

  it('reports the failure with its reason, writes every other entry whole, leaves no partial file, exits 1', async () => {
    const input = folder({ ...DAY, '02-yomiuri.txt': broken });
    const { dir, run, files } = temp.make();
    const result = await run(runImport, [input, ...FLAGS]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`failed   ${join(input, '02-yomiuri.txt')}: this is binary data`);
    expect(result.stdout).toContain('4 files: 3 written, 0 skipped, 1 failed.');
    expect(result.stdout).toContain('A failed file writes nothing. Fix it and run the same command again');
    // Nothing but whole entries: no temporary or half-written file left in the folder.
    expect(files()).toEqual(ENTRIES.filter((entry) => !entry.startsWith('cabinet')));
    for (const entry of files()) expect(validateEntry(readFileSync(join(dir, entry), 'utf8')), entry).toEqual([]);
  });

  it('after the file is fixed, the same command writes just that entry', async () => {
    const input = folder({ ...DAY, '02-yomiuri.txt': broken });
    const { run, files } = temp.make();
    await run(runImport, [input, ...FLAGS]);
    writeFileSync(join(input, '02-yomiuri.txt'), DAY['02-yomiuri.txt'] ?? '');
    const result = await run(runImport, [input, ...FLAGS]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/4 files: 1 written, 3 skipped, 0 failed\.\n$/);
    expect(files()).toEqual(ENTRIES);
  });
});

describe('exit codes', () => {
  it.each([
    ['0 when every file is written', {}, 0],
    ['0 when some entries already exist (skipped)', { existing: true }, 0],
    ['1 when any file fails', { failing: true }, 1],
  ])('%s', async (_name, setup: { existing?: boolean; failing?: boolean }, code) => {
    const input = folder({ 'a.txt': DAY['01-sankei.txt'] ?? '', ...(setup.failing ? { 'b.txt': '' } : {}) });
    const { dir, run } = temp.make();
    if (setup.existing) writeFileSync(join(dir, ENTRIES[0] ?? ''), 'KEEP');
    expect((await run(runImport, [input, ...FLAGS])).code).toBe(code);
  });

  it('2 for a command-line mistake, before any file is read', async () => {
    const { run, files } = temp.make();
    const result = await run(runImport, [folder(DAY), '--slug', 'one-name']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--slug names one entry, but there are 4 files/);
    expect(files()).toEqual([]);
  });

  it('1 for a folder with no captures in it', async () => {
    const input = folder({ 'notes.md': '# not a capture' });
    const { run } = temp.make();
    const result = await run(runImport, [input, ...FLAGS]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`failed   ${input}: the folder has no .txt or .html files`);
  });
});

describe('--dry-run on a whole day', () => {
  it('prints every entry on stdout, the report on stderr, and writes nothing', async () => {
    const { run, files } = temp.make();
    const result = await run(runImport, [folder(DAY), ...FLAGS, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^---\ntitle: /gm)).toHaveLength(4);
    expect(result.stderr.match(/^dry run {2}/gm)).toHaveLength(4);
    expect(result.stderr).toMatch(/Dry run, nothing written: 4 files, 4 would be written, 0 skipped, 0 failed\.\n$/);
    expect(files()).toEqual([]);
  });
});

describe('the progress line', () => {
  it('counts through a run of several files and is cleared after each', async () => {
    const input = folder(DAY);
    const { dir } = temp.make();
    const { progress } = await runWithProgress([input, ...FLAGS], dir);
    expect(progress.filter(Boolean)).toEqual(Object.keys(DAY).map((name, i) => `[${i + 1}/4] ${join(input, name)}`));
    expect(progress.at(-1), 'the last progress line was not cleared').toBe('');
  });

  it('is not shown for a single file', async () => {
    const input = folder(DAY);
    const { dir } = temp.make();
    const { progress } = await runWithProgress([join(input, '01-sankei.txt'), ...FLAGS], dir);
    expect(progress).toEqual([]);
  });
});

describe('--help', () => {
  it('lists every flag the importer accepts', async () => {
    const { run } = temp.make();
    const { code, stdout } = await run(runImport, ['--help']);
    expect(code).toBe(0);
    expect(IMPORT_FLAGS.length).toBeGreaterThan(15);
    for (const flag of IMPORT_FLAGS) expect(stdout, `--help does not list --${flag}`).toContain(`--${flag}`);
  });
});

describe('writeWhole', () => {
  it('writes a new file and leaves no temporary file beside it', async () => {
    const { dir, files } = temp.make();
    expect(await writeWhole(join(dir, 'a.md'), 'text', false)).toBe('written');
    expect(files()).toEqual(['a.md']);
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('text');
  });

  it('never replaces a file that exists unless asked, and cleans up either way', async () => {
    const { dir, files } = temp.make();
    writeFileSync(join(dir, 'a.md'), 'KEEP');
    expect(await writeWhole(join(dir, 'a.md'), 'new', false)).toBe('exists');
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('KEEP');
    expect(await writeWhole(join(dir, 'a.md'), 'new', true)).toBe('written');
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('new');
    expect(files()).toEqual(['a.md']);
  });

  it('fails without leaving anything when the entry cannot take its name', async () => {
    const { dir, files } = temp.make();
    mkdirSync(join(dir, 'a.md'));
    await expect(writeWhole(join(dir, 'a.md'), 'new', true)).rejects.toThrow();
    expect(files()).toEqual(['a.md']);
    expect(statSync(join(dir, 'a.md')).isDirectory()).toBe(true);
  });
});
