import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import {
  astroStoreClass,
  astroStoreWriterClass,
  describeStoreWrites,
  leanStoreWrites,
  sortedLikeAstro,
  type StoreWrites,
  takeStoreWrites,
} from '../../src/integrations/content-store.ts';
import { serializeLikeDevalue, writeStoreFile } from '../../src/integrations/store-file.ts';
import { astroDir, astroRequire, devalue } from '../support/astro.ts';

/**
 * Astro's content store file written a piece at a time: the same bytes as
 * Astro's own write (devalue, the version Astro resolves), or no write at all
 * for a value the piecewise writer does not know, so Astro's own code writes it.
 */

const root = process.cwd();
const { serializeDataStore } = astroRequire(join(astroDir, 'content/data-store-writer.js')) as {
  serializeDataStore(collections: Map<string, Map<string, unknown>>): string;
};

const work = mkdtempSync(join(tmpdir(), 'news-reader-store-file-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function pieces(value: unknown): { known: boolean; text: string; writes: number } {
  let text = '';
  let writes = 0;
  const known = serializeLikeDevalue(value, (piece) => {
    text += piece;
    writes += 1;
  });
  return { known, text, writes };
}

const shared = { name: 'shared' };
const cyclic: Record<string, unknown> = { name: 'cyclic' };
cyclic['self'] = cyclic;
const longBody = 'Paragraph “quoted” — 北方領土. '.repeat(80_000);

/** Values a content store can hold, each written as devalue writes it. */
const KNOWN: [string, unknown][] = [
  ['a plain string', 'Sankei, p. 3'],
  ['every character devalue escapes', '"<\\\n\r\t\b\f\u2028\u2029\u0000\u0001\u001f</script>'],
  ['text outside Latin-1, an emoji and a lone surrogate', '北方領土 “new approach” 🗾 \ud800 end'],
  ['an empty string', ''],
  ['numbers, with the ones devalue writes as codes', [0, -0, 1.5, -2, 1e21, 5e-324, NaN, Infinity, -Infinity]],
  ['booleans, null and undefined', [true, false, null, undefined]],
  ['undefined alone', undefined],
  ['NaN alone', NaN],
  ['a number alone', 42],
  ['a bigint', 12345678901234567890n],
  ['repeated strings and numbers, written once', ['a', 'b', 'a', 1, 1, 'b']],
  ['one object in two places, and a cycle', { a: shared, b: [shared, shared], c: cyclic }],
  ['keys that need quoting, and integer-like keys first', { 'a"b': 1, '<x>': 2, b: 3, 2: 4, 1: 5, '': 6 }],
  ['nested empty containers', { a: [], b: {}, c: new Map(), d: new Set(), e: [[[]]] }],
  [
    'a Map with string, number and object keys',
    new Map<unknown, unknown>([
      ['k', 1],
      [2, 'two'],
      [shared, shared],
    ]),
  ],
  ['a Set', new Set(['x', shared, 3, 'x'])],
  ['dates, one invalid', [new Date('2016-05-13T00:00:00Z'), new Date(Number.NaN)]],
  [
    'a store as Astro holds it',
    new Map<string, Map<string, unknown>>([
      [
        'articles',
        new Map([
          [
            'sankei-2016-05-13',
            {
              id: 'sankei-2016-05-13',
              data: { title: '"New approach" to territorial talks', date: new Date('2016-05-13'), topics: ['Russia'] },
              body: 'The government…\n\n> quoted <b>',
              rendered: { html: '<p>The government…</p>', metadata: { headings: [], frontmatter: {} } },
              digest: 'f00d',
              filePath: 'content/articles/sankei.md',
              deferredRender: undefined,
            },
          ],
        ]),
      ],
      ['meta:store', new Map([['astro-version', '7.3.5']])],
    ]),
  ],
  ['a value longer than one write', { body: longBody, again: longBody }],
];

/** Values the piecewise writer leaves to devalue (Astro's own write then handles them, or fails as it always did). */
const LEFT_TO_DEVALUE: [string, unknown][] = [
  ['an array with a hole', [1, , 3]], // eslint-disable-line no-sparse-arrays -- the hole is the point
  [
    'a class instance',
    new (class Point {
      x = 1;
    })(),
  ],
  ['an object without a prototype', Object.create(null) as object],
  ['an object with a symbol key', { [Symbol('s')]: 1 }],
  ['a URL', new URL('https://jmh.usembassy.gov/201605131029/')],
  ['a RegExp', /x/g],
  ['a function', () => 1],
  ['a symbol', Symbol('s')],
  ['a boxed number', Object(1) as object],
  ['a typed array', new Uint8Array([1])],
  ['a thenable', { then: () => undefined }],
  [
    'one of these deep inside a store',
    new Map([['articles', new Map([['a', { data: { link: new URL('https://x.test/') } }]])]]),
  ],
];

describe('serializeLikeDevalue', () => {
  it.each(KNOWN)('writes %s byte for byte as devalue.stringify does', (_label, value) => {
    const { known, text } = pieces(value);
    expect(known, 'a value a content store holds must not be left to devalue').toBe(true);
    expect(text, 'the piecewise text differs from devalue.stringify').toBe(devalue.stringify(value));
  });

  it('writes a large store in pieces of about 1 MB, not as one string', () => {
    const entries = new Map(
      Array.from({ length: 6000 }, (_, i) => [`article-${i}`, { html: `<p>${i} ${'word '.repeat(100)}</p>` }]),
    );
    let longest = 0;
    let writes = 0;
    let text = '';
    serializeLikeDevalue(entries, (piece) => {
      writes += 1;
      longest = Math.max(longest, piece.length);
      text += piece;
    });
    expect(writes, 'about 3 million characters should go out in several pieces').toBeGreaterThan(2);
    expect(longest, 'a piece is about 1 MB of the file (plus at most one value)').toBeLessThan(1.1 * 2 ** 20);
    expect(text).toBe(devalue.stringify(entries));
  });

  it.each(LEFT_TO_DEVALUE)('leaves %s to devalue, having written nothing', (_label, value) => {
    const { known, writes } = pieces(value);
    expect(known, 'a value this writer does not know must be refused').toBe(false);
    expect(writes, 'a refused value must not have written a first piece').toBe(0);
  });
});

function storeOf(entries: [string, unknown][]): Map<string, Map<string, unknown>> {
  return new Map([
    ['meta:store', new Map([['content-config-digest', 'abc']])],
    ['articles', new Map(entries)],
  ]);
}

describe('writeStoreFile', () => {
  const store = storeOf([
    ['zeta', { title: 'Zeta' }],
    ['Alpha', { title: 'Alpha' }],
    ['éclair', { title: 'Éclair', date: new Date('2016-05-13') }],
    ['beta', { title: 'Beta' }],
  ]);

  it("writes the bytes Astro's own writer would, in Astro's order, and says it changed the file", () => {
    const file = join(work, 'data-store.json');
    expect(writeStoreFile(file, sortedLikeAstro(store))).toBe(true);
    expect(readFileSync(file, 'utf8'), 'the file differs from Astro serializeDataStore').toBe(
      serializeDataStore(store),
    );
    expect(existsSync(`${file}.tmp`), 'the temporary file is renamed into place').toBe(false);
  });

  it('leaves the file alone when it already holds those bytes', () => {
    const file = join(work, 'unchanged.json');
    writeStoreFile(file, sortedLikeAstro(store));
    const before = statSync(file);
    expect(writeStoreFile(file, sortedLikeAstro(store)), 'an unchanged store is not a change').toBe(false);
    const after = statSync(file);
    expect([after.ino, after.mtimeMs], 'the same file, not rewritten').toEqual([before.ino, before.mtimeMs]);
    expect(
      readdirSync(work).filter((name) => name.endsWith('.tmp')),
      'no temporary file is left',
    ).toEqual([]);
  });

  it('replaces a file of the same size that differs', () => {
    const file = join(work, 'same-size.json');
    const text = serializeDataStore(store);
    writeFileSync(file, text.replace('Zeta', 'Zetb'));
    expect(writeStoreFile(file, sortedLikeAstro(store))).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('writes nothing for a store it leaves to devalue', () => {
    const file = join(work, 'refused.json');
    writeFileSync(file, 'previous');
    expect(writeStoreFile(file, storeOf([['a', { link: new URL('https://x.test/') }]]))).toBeUndefined();
    expect(readFileSync(file, 'utf8'), 'the previous file is kept').toBe('previous');
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });
});

interface AstroFileWriter {
  write(collections: Map<string, Map<string, unknown>>): Promise<boolean>;
}

describe('leanStoreWrites', () => {
  const Writer = astroStoreWriterClass(root) as unknown as (new (file: URL) => AstroFileWriter) | undefined;

  it("changes Astro's store writer once, and the store it writes is Astro's to the byte", async () => {
    expect(Writer, "Astro's FileWriter should load from the project's Astro").toBeDefined();
    expect(leanStoreWrites(root), 'the writer class is the one this expects').toBe(true);
    const write = (Writer as unknown as { prototype: AstroFileWriter }).prototype.write;
    expect(leanStoreWrites(root)).toBe(true);
    expect((Writer as unknown as { prototype: AstroFileWriter }).prototype.write, 'not wrapped twice').toBe(write);

    const store = storeOf([
      ['b', { html: '<p>b</p>' }],
      ['a', { html: '<p>a</p>' }],
    ]);
    const file = join(work, 'astro-writer.json');
    const writer = new (Writer as new (file: URL) => AstroFileWriter)(pathToFileURL(file));
    expect(await writer.write(store)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(serializeDataStore(store));
    expect(await writer.write(store), 'an unchanged store reports no write, as Astro does').toBe(false);
  });

  it("still writes what it cannot write itself, with Astro's own code", async () => {
    expect(leanStoreWrites(root)).toBe(true);
    const store = storeOf([['a', { link: new URL('https://jmh.usembassy.gov/') }]]);
    const file = join(work, 'fallback.json');
    const writer = new (Writer as new (file: URL) => AstroFileWriter)(pathToFileURL(file));
    expect(await writer.write(store)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(serializeDataStore(store));
  });

  it("is the writer Astro's own content store writes with, and counts what it wrote", async () => {
    expect(leanStoreWrites(root)).toBe(true);
    const Store = astroStoreClass(root) as unknown as {
      fromFile(file: URL): Promise<{
        metaStore(): { set(key: string, value: unknown): void };
        waitUntilSaveComplete(): Promise<void>;
      }>;
    };
    const file = join(work, 'astro-store.json');
    const store = await Store.fromFile(pathToFileURL(file));
    takeStoreWrites();
    store.metaStore().set('astro-version', '7.3.5');
    await store.waitUntilSaveComplete();
    const written = takeStoreWrites();
    expect(written.files, "Astro's store did not write through the piecewise writer").toBe(1);
    expect(written.bytes).toBe(statSync(file).size);
    expect(written.byAstro).toBe(0);
    expect(takeStoreWrites().files, 'taking the figures sets them back to zero').toBe(0);
  });

  it('changes nothing, and says so, where there is no Astro to change', () => {
    expect(astroStoreWriterClass(work)).toBeUndefined();
    expect(leanStoreWrites(work)).toBe(false);
  });
});

describe('describeStoreWrites', () => {
  const none: StoreWrites = { files: 0, bytes: 0, seconds: 0, byAstro: 0 };
  it.each<[string, StoreWrites, string]>([
    ['nothing written', none, 'content store: unchanged, not written'],
    [
      'a small store, quickly',
      { ...none, files: 1, bytes: 8149, seconds: 0.0012 },
      'content store: 8 KB written a piece at a time in 1 ms',
    ],
    [
      'a 10,000-article store',
      { ...none, files: 1, bytes: 74_840_319, seconds: 1.19 },
      'content store: 71.4 MB written a piece at a time in 1.2 s',
    ],
    [
      'a store left to Astro',
      { ...none, byAstro: 1 },
      "content store: written by Astro's own code (it holds a value of a kind src/integrations/store-file.ts leaves to Astro)",
    ],
  ])('reports %s', (_label, writes, line) => {
    expect(describeStoreWrites(writes)).toBe(line);
  });
});
