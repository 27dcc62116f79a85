import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

import { runImport, runNew } from '../../src/import/cli.ts';
import { validateEntry } from '../../src/import/entry.ts';
import { useTempContent } from '../support/cli.ts';
import { SANKEI } from '../support/sankei.ts';

const SEED = 'tests/fixtures/sankei-capture.txt';
const HTML = 'tests/fixtures/import/chrome-page.html';
const COMMITTED = `content/articles/${SANKEI.slug}.md`;

/** The flags for what the Sankei capture cannot tell, as the committed entry has them. */
const SANKEI_FLAGS = [
  '--dek',
  'Abe and Putin’s “new approach” to the Northern Territories talks sets aside the two governments’ dispute over the historical and legal facts, including Russia’s illegal occupation of the islands.',
  '--date',
  '2016-05-12',
  '--source-name',
  'The Sankei Shimbun',
  '--source-url',
  'https://www.sankei.com/',
  '--via-name',
  'Japan Media Highlights, U.S. Embassy Tokyo',
  '--via-url',
  'https://jmh.usembassy.gov/201605131029/',
  '--tags',
  'Northern Territories, Japan-Russia relations',
  '--slug',
  SANKEI.slug,
];

function split(text: string): { data: unknown; body: string } {
  const [, frontmatter = '', body = ''] = text.split(/^---$/m);
  return { data: yaml.load(frontmatter), body };
}

const temp = useTempContent();

describe('npm run import, on the seed capture', () => {
  it('writes an entry whose body, tags and every field equal the committed Sankei article', async () => {
    const { dir, run } = temp.make();
    const result = await run(runImport, [SEED, ...SANKEI_FLAGS]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `written  ${SEED} -> ${join(dir, `${SANKEI.slug}.md`)}: “${SANKEI.headline}”\n1 file: 1 written, 0 skipped, 0 failed.\n`,
    );

    const written = split(readFileSync(join(dir, `${SANKEI.slug}.md`), 'utf8'));
    const committed = split(readFileSync(COMMITTED, 'utf8'));
    expect(written.body, 'body differs from the committed entry').toBe(committed.body);
    expect((written.data as { tags: string[] }).tags).toEqual((committed.data as { tags: string[] }).tags);
    expect(written.data, 'frontmatter differs from the committed entry').toEqual(committed.data);
  });

  it('with --dry-run prints that entry and writes nothing', async () => {
    const { run, files } = temp.make();
    const result = await run(runImport, [SEED, ...SANKEI_FLAGS, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(COMMITTED, 'utf8'));
    expect(result.stderr).toMatch(
      /^dry run {2}.*sankei-capture\.txt -> .*\.md\nDry run, nothing written: 1 file, 1 would be written/,
    );
    expect(files()).toEqual([]);
  });

  it('without flags lists every flag to add, and writes nothing', async () => {
    const { run, files } = temp.make();
    const result = await run(runImport, [SEED]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `failed   ${SEED}: the text capture does not give every field an entry needs. Add:`,
    );
    for (const [flag, field] of [
      ['--date YYYY-MM-DD', 'date'],
      ['--source-name', 'source\\.name'],
      ['--source-url', 'source\\.url'],
    ] as const) {
      expect(result.stdout, `no ${flag} line`).toMatch(new RegExp(`^ {6}${flag}.*\\(${field}\\)$`, 'm'));
    }
    expect(result.stdout, 'the capture has tags, so --tags is not asked for').not.toMatch(/^ +--tags/m);
    expect(result.stdout, 'a missing summary is taken from the text, not asked for').not.toMatch(/^ +--dek/m);
    expect(result.stdout).toMatch(/1 file: 0 written, 0 skipped, 1 failed\.\nA failed file writes nothing\./);
    expect(files()).toEqual([]);
  });

  it('with only the date and the outlet, takes the dek from the first sentence and says so', async () => {
    const { dir, run } = temp.make();
    const result = await run(runImport, [SEED, ...SANKEI_FLAGS.slice(2)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('note: no summary in the text capture: its first sentence is the dek');
    const { data } = split(readFileSync(join(dir, `${SANKEI.slug}.md`), 'utf8'));
    expect((data as { dek: string }).dek).toBe(
      'The approach based on “new ideas” to the Northern Territories issue Prime Minister Shinzo Abe and Russian President Vladimir recently agreed upon consists of going into discussions on a concrete solution without mentioning the two governments’ disagreement on the historical and legal facts, sources informed Sankei on May 11.',
    );
  });

  it('makes the slug from the headline when there is no --slug', async () => {
    const { run, files } = temp.make();
    const flags = SANKEI_FLAGS.slice(0, -2);
    expect((await run(runImport, [SEED, ...flags])).code).toBe(0);
    expect(files()).toEqual(['new-approach-to-territorial-talks-will-not-mention-russias-illegal-occupation.md']);
  });
});

describe('npm run import with --title', () => {
  it('imports a capture that has no headline line, or a page without one', async () => {
    const inputs = temp.make();
    const text = join(inputs.dir, 'no-headline.txt');
    writeFileSync(text, `${'A long first paragraph. '.repeat(12)}\n\nSecond.\n\n• Topic`);
    const page = join(inputs.dir, 'no-headline.html');
    writeFileSync(page, '<main><p>Text.</p></main>');
    const flags = ['--dek', 'd', '--date', '2024-03-05', '--source-name', 'S', '--source-url', 'https://s.example/'];

    const { dir, run, files } = temp.make();
    expect((await run(runImport, [text, '--title', 'Given headline', ...flags])).code).toBe(0);
    expect((await run(runImport, [page, '--title', 'Page headline', '--tags', 'T', ...flags])).code).toBe(0);
    expect(files()).toEqual(['given-headline.md', 'page-headline.md']);
    expect(split(readFileSync(join(dir, 'given-headline.md'), 'utf8')).body).toMatch(/^\n\nA long first paragraph\./);
  });
});

describe('npm run import with the source-of-record flags', () => {
  it('writes --page, --time (read from "7:37 p.m.") and --kind, overriding the capture’s labels', async () => {
    const inputs = temp.make();
    const capture = join(inputs.dir, 'labelled.txt');
    writeFileSync(capture, 'Translation\nSankei, p. 3\n\nHeadline\n\nBody.\n\n• Topic');
    const { dir, run } = temp.make();
    const result = await run(runImport, [
      capture,
      '--date',
      '2016-05-12',
      '--page',
      '1, 4–7',
      '--time',
      '7:37 p.m.',
      '--kind',
      'summary',
    ]);
    expect(result.code, result.stdout).toBe(0);
    expect(split(readFileSync(join(dir, 'headline.md'), 'utf8')).data).toMatchObject({
      source: { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/', page: '1, 4–7', time: '19:37' },
      kind: 'summary',
    });
  });
});

describe('npm run import never overwrites without --force', () => {
  it('skips an existing entry, leaving it untouched, then replaces it with --force', async () => {
    const { dir, run } = temp.make();
    const path = join(dir, `${SANKEI.slug}.md`);
    writeFileSync(path, 'EDITED BY HAND');

    const skipped = await run(runImport, [SEED, ...SANKEI_FLAGS]);
    expect(skipped.code, 'an entry that exists is skipped, not a failure').toBe(0);
    expect(skipped.stdout).toContain(`skipped  ${SEED}: ${path} exists (--force replaces it`);
    expect(skipped.stdout).toContain('1 file: 0 written, 1 skipped, 0 failed.');
    expect(readFileSync(path, 'utf8')).toBe('EDITED BY HAND');

    const forced = await run(runImport, [SEED, ...SANKEI_FLAGS, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(readFileSync(COMMITTED, 'utf8'));
  });
});

describe('npm run import on a saved HTML page', () => {
  it('writes a valid entry from the page alone, metadata included', async () => {
    const { dir, run, files } = temp.make();
    const result = await run(runImport, [HTML]);
    expect(result.stderr).toBe('');
    expect(files()).toEqual(['harbour-reopens-after-storm-repairs.md']);
    const text = readFileSync(join(dir, 'harbour-reopens-after-storm-repairs.md'), 'utf8');
    expect(validateEntry(text)).toEqual([]);
    expect(split(text).data).toMatchObject({
      title: 'Harbour reopens after storm repairs',
      tags: ['Harbour', 'Weather'],
    });
  });

  it('lets flags override what the page says and add topics', async () => {
    const { dir, run } = temp.make();
    await run(runImport, [
      HTML,
      '--title',
      'Harbour open again',
      '--date',
      '2024-03-06',
      '--tags',
      'Sea wall, harbour',
    ]);
    const { data } = split(readFileSync(join(dir, 'harbour-open-again.md'), 'utf8'));
    expect(data).toMatchObject({ title: 'Harbour open again', tags: ['Harbour', 'Weather', 'Sea wall'] });
    expect((data as { date: Date }).date.toISOString()).toBe('2024-03-06T00:00:00.000Z');
  });
});

describe('npm run import refuses bad input with a clear message, and writes nothing', () => {
  const cases: [string, string, Uint8Array | string | undefined, string[], RegExp][] = [
    ['an empty file', 'empty.txt', '', [], /empty\.txt: the file is empty\n/],
    ['a file of blank lines', 'blank.txt', '\n \n\t\n', [], /blank\.txt: the file is empty \(only whitespace\)/],
    [
      'a binary file (PNG)',
      'photo.png',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      [],
      /photo\.png: this is binary data, not a text capture or an HTML page/,
    ],
    [
      'bytes that are not UTF-8',
      'latin1.txt',
      new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a]),
      [],
      /latin1\.txt: this is binary data, .*not UTF-8/,
    ],
    [
      'a capture with no headline',
      'bullets.txt',
      '• Ambassador\n• Ukraine\n',
      [],
      /bullets\.txt: no headline: .*bullet point/,
    ],
    [
      'a page with no headline',
      'page.html',
      '<main><p>Text.</p></main>',
      [],
      /page\.html: no headline: the page has no JSON-LD headline/,
    ],
    ['a missing file', 'missing.txt', undefined, [], /missing\.txt: no such file/],
    [
      'an impossible --date',
      'ok.txt',
      'Headline\n\nBody.\n\n• Topic',
      ['--dek', 'd', '--date', '2016-02-30', '--source-name', 'S', '--source-url', 'https://s.example/'],
      /ok\.txt: .*headline\.md would not pass validation:\n {6}date: expected a date like 2016-05-12, got "2016-02-30"/,
    ],
    [
      'a javascript: --source-url',
      'ok.txt',
      'Headline\n\nBody.\n\n• Topic',
      ['--dek', 'd', '--date', '2016-02-03', '--source-name', 'S', '--source-url', 'javascript:alert(1)'],
      /would not pass validation:\n {6}source\.url: must be an http:\/\/ or https:\/\/ address/,
    ],
    [
      'a --kind outside the closed list',
      'ok.txt',
      'Headline\n\nBody.\n\n• Topic',
      ['--date', '2016-02-03', '--source-name', 'S', '--source-url', 'https://s.example/', '--kind', 'interview'],
      /would not pass validation:\n {6}kind: must be one of summary, translation, english-press, editorial, poll, got "interview"/,
    ],
    [
      'a --time that is no time of day',
      'ok.txt',
      'Headline\n\nBody.\n\n• Topic',
      ['--date', '2016-02-03', '--source-name', 'S', '--source-url', 'https://s.example/', '--time', '25:00'],
      /would not pass validation:\n {6}source\.time: must be a 24-hour time like 19:37, got "25:00"/,
    ],
    [
      'a --slug that is not its own URL',
      'ok.txt',
      'Headline\n\nBody.\n\n• Topic',
      [
        '--dek',
        'd',
        '--date',
        '2016-02-03',
        '--source-name',
        'S',
        '--source-url',
        'https://s.example/',
        '--slug',
        'My File',
      ],
      /--slug "My File" is not a usable slug/,
    ],
  ];

  it.each(cases)('%s', async (_name, name, content, flags, message) => {
    const inputs = temp.make();
    const input = join(inputs.dir, name);
    if (content !== undefined) writeFileSync(input, content);
    const { run, files } = temp.make();
    const result = await run(runImport, [input, ...flags]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^failed {3}/);
    expect(result.stdout).toMatch(message);
    expect(result.stdout).toMatch(/1 failed\.\nA failed file writes nothing\./);
    expect(result.stderr).toBe('');
    expect(files()).toEqual([]);
  });

  it.each([
    ['no file', [], /Name the captures to import/],
    ['--slug with two files', ['a.txt', 'b.txt', '--slug', 's'], /--slug names one entry, but there are 2 files/],
    [
      '--title and --dek with two files',
      ['a.txt', 'b.txt', '--title', 't', '--dek', 'd'],
      /--title, --dek name one entry/,
    ],
    ['an unknown flag', [SEED, '--colour', 'red'], /Unknown option '--colour'/],
  ])('a usage mistake (%s) exits 2 with the usage', async (_name, argv, message) => {
    const { run, files } = temp.make();
    const result = await run(runImport, argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: npm run import -- <capture.txt | page.html | folder>... [flags]');
    expect(files()).toEqual([]);
  });

  it('refuses a --content-dir that does not exist rather than creating it', async () => {
    const { dir, run, files } = temp.make();
    const result = await run(runImport, [HTML, '--content-dir', join(dir, 'typo')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The content directory .*typo does not exist\. Nothing was written\./);
    expect(files()).toEqual([]);
  });
});

describe('npm run new', () => {
  it('scaffolds a valid draft with every field present, dated today', async () => {
    const { dir, run, files } = temp.make();
    const result = await run(runNew, ['Harbour reopens: what it means']);
    expect(result.code).toBe(0);
    expect(files()).toEqual(['harbour-reopens-what-it-means.md']);
    const text = readFileSync(join(dir, 'harbour-reopens-what-it-means.md'), 'utf8');
    expect(validateEntry(text)).toEqual([]);
    expect(split(text).data).toMatchObject({ title: 'Harbour reopens: what it means', draft: true, tags: ['TODO'] });
    expect(text).toContain('date: 2024-03-05\n');
    for (const field of ['dek', 'updated', 'source', 'via', 'tags', 'author', 'section', 'lang', 'draft']) {
      expect(text, `the scaffold does not show ${field}`).toMatch(new RegExp(`^(# )?${field}:`, 'm'));
    }
    expect(result.stdout).toContain('It is a draft');
  });

  it('takes unquoted words as one headline and fills fields from flags', async () => {
    const { dir, run } = temp.make();
    await run(runNew, [
      'Harbour',
      'reopens',
      '--date',
      '2024-01-02',
      '--tags',
      'Harbour',
      '--via-name',
      'V',
      '--via-url',
      'https://v.example/',
    ]);
    const { data } = split(readFileSync(join(dir, 'harbour-reopens.md'), 'utf8'));
    expect(data).toMatchObject({
      title: 'Harbour reopens',
      tags: ['Harbour'],
      via: { name: 'V', url: 'https://v.example/' },
    });
  });

  it('refuses to overwrite an existing entry', async () => {
    const { dir, run } = temp.make();
    writeFileSync(join(dir, 'harbour-reopens.md'), 'KEEP');
    const result = await run(runNew, ['Harbour reopens']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/harbour-reopens\.md already exists\. Add --force/);
    expect(readFileSync(join(dir, 'harbour-reopens.md'), 'utf8')).toBe('KEEP');
  });

  it.each([
    ['no headline', [], 2, /Give the headline/],
    ['a headline with no letters', ['!!!'], 1, /cannot make a file name from the headline; add --slug/],
    ['half a via', ['Headline', '--via-url', 'https://v.example/'], 1, /--via-name .*\(via\.name\)/],
  ])('refuses %s, writing nothing', async (_name, argv, code, message) => {
    const { run, files } = temp.make();
    const result = await run(runNew, argv);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(files()).toEqual([]);
  });
});

describe('the scripts run on plain Node, as npm runs them', () => {
  it('node scripts/import.ts imports the seed into --content-dir', async () => {
    const { dir, files } = temp.make();
    const { stdout } = await promisify(execFile)(process.execPath, [
      'scripts/import.ts',
      SEED,
      ...SANKEI_FLAGS,
      '--content-dir',
      dir,
    ]);
    expect(stdout).toContain(`written  ${SEED} -> `);
    expect(files()).toEqual([`${SANKEI.slug}.md`]);
  });

  it('node scripts/new.ts --help prints the usage', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/new.ts', '--help']);
    expect(stdout).toContain('Usage: npm run new -- "Headline" [flags]');
  });
});
